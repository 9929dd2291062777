#!/bin/sh
# heap.sh: heap allocations by thread, context and variable; leaks.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# testsuite/runtime/heap.c prints once before entering main's scope: that
# allocates stdout's 4096-byte buffer outside every scope, reachable at exit.
. "$top_srcdir/testsuite/tap.sh"
heap=$top_builddir/testsuite/runtime/heap

threads='[.threads[]|[.id,.total_allocations,.total_deallocations,.current_memory,.peak_memory,.heap_bytes]]'
ctx='[.contexts[]|[.id,.scope,.heap_allocations,.heap_bytes,.heap_live_bytes,.heap_peak_bytes]]'
leaks='[.leaks[]|[.context,.variable,.bytes,.blocks,.reachable,.inherited]]'

# Two workers: 100 blocks of 100 bytes each, free half; main frees the rest.
run_program threads "" "$heap" threads
is "$status" 0 "threads: exit status"
jq_is "$r" "$threads[1:]" '[[2,100,100,0,10000,10000],[3,100,100,0,10000,10000]]' \
  "threads: per thread, cross-thread frees credited back to the allocating thread"
jq_is "$r" '.threads[0].total_deallocations' 0 "threads: main's frees of the workers' blocks are not main's"
jq_is "$r" "[.contexts[]|select(.scope==1)|[.heap_allocations,.heap_bytes,.heap_live_bytes,.heap_peak_bytes]]" \
  '[[200,20000,0,10000]]' "threads: the worker context, merged across threads"
jq_is "$r" '[.variables[]|select(.name=="buf")|[.heap_blocks,.heap_bytes,.heap_owned_blocks,.heap_owned_bytes]]' \
  '[[200,20000,0,0]]' "threads: blocks tied to the variable buf"
jq_is "$r" '.heap.leaked_blocks' 0 "threads: nothing leaked"

run_program realloc "" "$heap" realloc
is "$(cat "$tap_tmp/realloc.out")" "heap realloc" "realloc: every check in the program passed"
jq_is "$r" "$threads" '[[1,5,4,4096,9096,9226]]' "realloc: NULL, grow, shrink, to 0, reallocarray, overflow"
jq_is "$r" "$ctx" '[[1,1,4,5130,0,5000]]' "realloc: the context's counts and peak"

run_program aligned "" "$heap" aligned
is "$(cat "$tap_tmp/aligned.out")" "heap aligned" "aligned: alignments and usable sizes as asked"
jq_is "$r" "$ctx" '[[1,1,6,8552,0,8552]]' "aligned: posix_memalign, aligned_alloc, memalign, valloc, pvalloc, moved realloc"
jq_is "$r" "$threads" '[[1,7,6,4096,12648,12648]]' "aligned: thread totals"

# The header a tracked block carries is 16 bytes: each block takes 16
# more of glibc's heap than it does untracked (heap=0), whatever its size.
run_program density "heap=0" "$heap" density
plain_gaps=$(sed 1d "$tap_tmp/density.out")
run_program density "" "$heap" density
gaps=$(sed 1d "$tap_tmp/density.out")
is "$(echo "$gaps" | tr '\n' ' ')" "$(echo "$plain_gaps" | awk -F: '{ printf "%s:%d ", $1, $2 + 16 }')" \
  "density: each tracked block 16 bytes further from the next than glibc's own ($(echo "$plain_gaps" | tr '\n' ' '))"
jq_is "$r" "$ctx" '[[1,1,2048,331008,0,331008]]' "density: its 2048 blocks counted"

run_program calloc "" "$heap" calloc
is "$(cat "$tap_tmp/calloc.out")" "heap calloc" "calloc: zeroed, overflow returns NULL with ENOMEM"
jq_is "$r" "$ctx" '[[1,1,1,1000,0,1000]]' "calloc: counted once"

run_program leak "" "$heap" leak
jq_is "$r" "$leaks" '[[2,2,1000,1,false,false],[2,3,26,1,false,false],[null,null,4096,1,true,false],[2,null,7,1,true,false]]' \
  "leak: grouped by context and owning variable, leaked first, largest first"
jq_is "$r" '[.variables[]|select(.heap_owned_blocks>0)|[.name,.type,.heap_owned_bytes]]' '[["p","struct node *",1000],["s","char *",26]]' \
  "leak: bytes owned per variable, with the pointer's type"
jq_is "$r" '[.heap.leaked_blocks,.heap.leaked_bytes,.heap.live_blocks,.heap.live_bytes]' '[2,1026,4,5129]' "leak: totals"
is "$status" 0 "leak: the exit status is unchanged by default"

run_program leak "leak_exitcode=23" "$heap" leak
is "$status" 23 "leak_exitcode: a leaking program exits with it"
is "$(cat "$tap_tmp/leak.err")" "memscope: 2 heap blocks still live at exit; exit status 23 (leak_exitcode)" \
  "leak_exitcode: one line says why"
run_program threads "leak_exitcode=23" "$heap" threads
is "$status" 0 "leak_exitcode: reachable blocks are not leaks"
run_program leak "leak_exitcode=300" "$heap" leak
is "$status/$(cat "$tap_tmp/leak.err")" "0/memscope: bad value '300' for option 'leak_exitcode' in MEMSCOPE_OPTIONS (expected an exit status, 0 to 255), using the default '0'" \
  "leak_exitcode=300: refused in one line, the exit status unchanged"

run_program leak "heap=0" "$heap" leak
jq_is "$r" '[.heap.enabled,([.threads[].total_allocations]|add),(.leaks|length)]' '[false,0,0]' "heap=0: nothing tracked"

run_program fork "" "$heap" fork
for f in "$tap_tmp"/fork.json; do :; done
MEMSCOPE_OPTIONS="output=$tap_tmp/fork-%p.json" "$heap" fork >"$tap_tmp/fork.out" 2>&1
child=$(sed -n 's/^child \([0-9]*\)$/\1/p' "$tap_tmp/fork.out")
r=$tap_tmp/fork-$child.json
jq_is "$r" "$threads" '[[1,1,0,40,40,40]]' "fork: the child counts only its own allocations"
jq_is "$r" "$leaks" '[[1,null,40,1,true,false],[1,null,300,1,false,true],[null,null,4096,1,true,true]]' \
  "fork: the parent's blocks are marked inherited"
parent=$(ls "$tap_tmp" | grep '^fork-[0-9]*\.json$' | grep -v "fork-$child.json")
jq_is "$tap_tmp/$parent" "$ctx" '[[1,1,1,300,0,300]]' "fork: the parent's own report"

run_program signal "" "$heap" signal
is "$status/$(cat "$tap_tmp/signal.out")" "0/heap signal
handled 1" "signal: the allocator in a signal handler, no deadlock"
jq_is "$r" '[.threads[0]|.total_allocations - .total_deallocations, .current_memory]' '[1,4096]' \
  "signal: every allocation freed but stdout's buffer"

done_testing

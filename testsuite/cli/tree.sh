#!/bin/sh
# tree.sh: `memscope tree` and its filters.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

# rec() 5 deep under main, folded onto one context; leaf at the bottom.
report recursion recursion
output_is "recursion: inclusive peaks, folded recursion marked" \
" peak  entries  heap  live  leaked  context                    location
184 B        1   0 B   0 B     0 B  main                       scenario.c:20
120 B        5   0 B   0 B     0 B    rec  (recursion folded)  scenario.c:40
  0 B        1   0 B   0 B     0 B      leaf                   scenario.c:50
  0 B        2   0 B   0 B     0 B  leaf                       scenario.c:50" tree "$tap_tmp/recursion.json"

output_is "--depth=1: roots only, and said so" \
"2 of 4 contexts shown (1 level).
 peak  entries  heap  live  leaked  context  location
184 B        1   0 B   0 B     0 B  main     scenario.c:20
  0 B        2   0 B   0 B     0 B  leaf     scenario.c:50" tree --depth=1 "$tap_tmp/recursion.json"

output_is "--min-bytes=100: small contexts hidden, and said so" \
"2 of 4 contexts shown (peak or heap at least 100 B).
 peak  entries  heap  live  leaked  context                    location
184 B        1   0 B   0 B     0 B  main                       scenario.c:20
120 B        5   0 B   0 B     0 B    rec  (recursion folded)  scenario.c:40" tree --min-bytes=100 "$tap_tmp/recursion.json"

run_ms tree --min-bytes=1000 "$tap_tmp/recursion.json"
is "$st:$err:$out" "0::0 of 4 contexts shown (peak or heap at least 1000 B).
no contexts" "--min-bytes above everything: no contexts"

# Heap bytes add up the tree: 1152 in main, 100 more in a child.  The
# 1152 bytes are still reachable at exit: not leaked.
report threads threads 3
jq '.contexts |= map(if .id == 2 then .heap_bytes = 100 | .heap_allocations = 1 else . end)' \
  "$tap_tmp/threads.json" >"$tap_tmp/heap.json"
output_is "heap columns are inclusive" \
"peak  entries     heap     live  leaked  context  location
64 B        1  1.1 KiB  1.1 KiB     0 B  main     scenario.c:20
32 B       12    100 B      0 B     0 B  worker   scenario.c:60
 0 B       12    100 B      0 B     0 B    leaf   scenario.c:50
 0 B        2      0 B      0 B     0 B  leaf     scenario.c:50" tree "$tap_tmp/heap.json"
output_is "--bytes: exact bytes" \
"peak  entries  heap  live  leaked  context  location
  64        1  1152  1152       0  main     scenario.c:20
  32       12   100     0       0  worker   scenario.c:60
   0       12   100     0       0    leaf   scenario.c:50
   0        2     0     0       0  leaf     scenario.c:50" tree --bytes "$tap_tmp/heap.json"

# leaker() under main loses 1026 bytes; 7 more are still reachable.
heap_report leak leak
output_is "leaked column: unreachable bytes only, inclusive" \
"peak  entries  heap  live  leaked  context   location
   0        1  1033  1033    1026  main      heap.c:10
   0        1  1033  1033    1026    leaker  heap.c:30" tree --bytes "$tap_tmp/leak.json"

# Without heap data the third column is the direct bytes.
jq 'del(.heap, .leaks) | .contexts |= map(del(.heap_allocations, .heap_bytes, .heap_live_bytes, .heap_peak_bytes))' \
  "$tap_tmp/recursion.json" >"$tap_tmp/old.json"
output_is "no heap data: direct bytes instead" \
" peak  entries  direct  context                    location
184 B        1    64 B  main                       scenario.c:20
120 B        5    24 B    rec  (recursion folded)  scenario.c:40
  0 B        1     0 B      leaf                   scenario.c:50
  0 B        2     0 B  leaf                       scenario.c:50" tree "$tap_tmp/old.json"

# --thread: the runtime lists the threads that entered each context.
# Thread 1 ran main and the constructor's and destructor's leaf; threads
# 2 to 5 ran worker > leaf.  The figures stay totals over all threads,
# and the tree says so.
output_is "--thread=1: main and the root leaf" \
"The contexts thread 1 (scenario) entered; their figures are totals over all the
threads that entered them.
peak  entries     heap     live  leaked  context  location
64 B        1  1.1 KiB  1.1 KiB     0 B  main     scenario.c:20
 0 B        2      0 B      0 B     0 B  leaf     scenario.c:50" tree --thread=1 "$tap_tmp/threads.json"
output_is "--thread=3: a worker's contexts" \
"The contexts thread 3 (scenario) entered; their figures are totals over all the
threads that entered them.
peak  entries  heap  live  leaked  context  location
32 B       12   0 B   0 B     0 B  worker   scenario.c:60
 0 B       12   0 B   0 B     0 B    leaf   scenario.c:50" tree --thread=3 "$tap_tmp/threads.json"
run_ms tree --json --thread=5 "$tap_tmp/threads.json"
printf '%s\n' "$out" >"$tap_tmp/t5.json"
jq_is "$tap_tmp/t5.json" '[.[]|[.name,.threads]]' '[["worker",[2,3,4,5]],["leaf",[2,3,4,5]]]' \
  "--thread --json: the thread lists"
jq_is "$tap_tmp/threads.json" '[.contexts[]|.threads]' '[[2,3,4,5],[2,3,4,5],[1],[1]]' \
  "the runtime's thread lists, as the filter reads them"

# Older reports have no thread lists: the thread's peak path and what
# lies below it is the best there is, and a note says so.
jq '.contexts |= map(del(.threads))' "$tap_tmp/threads.json" >"$tap_tmp/nothreads.json"
run_ms tree --thread=2 "$tap_tmp/nothreads.json"
is "$out" "Thread 2 (scenario)'s peak path and what lies below it; figures are totals over
all threads.
peak  entries  heap  live  leaked  context  location
32 B       12   0 B   0 B     0 B  worker   scenario.c:60
 0 B       12   0 B   0 B     0 B    leaf   scenario.c:50" "no thread lists: the thread's peak path and below"
is "$err" "memscope: $tap_tmp/nothreads.json: contexts are not per thread in this report; showing thread 2's peak path" \
  "no thread lists: the note on stderr"
run_ms tree --thread=9 "$tap_tmp/threads.json"
is "$st:$err" "2:memscope: $tap_tmp/threads.json: no thread has id 9" "--thread of an unknown thread"

run_ms tree --json "$tap_tmp/recursion.json"
printf '%s\n' "$out" >"$tap_tmp/t.json"
jq_is "$tap_tmp/t.json" '[.[]|[.id,.parent,.depth,.name,.entries,.direct_bytes,.peak_memory,.folded]]' \
  '[[1,null,0,"main",1,64,184,false],[3,1,1,"rec",5,24,120,true],[4,3,2,"leaf",1,0,0,false],[2,null,0,"leaf",2,0,0,false]]' \
  "--json: a flat list in display order"

run_ms tree --depth=-1 "$tap_tmp/recursion.json"
is "$st:$err" "2:memscope tree: --depth and --min-bytes must not be negative (see memscope tree --help)" \
  "negative --depth refused"
run_ms tree --by=heap "$tap_tmp/recursion.json"
is "$st:$out:$err" "2::memscope tree: --by=heap: expected peak or stack (see memscope tree --help)" \
  "--by=heap refused"

done_testing

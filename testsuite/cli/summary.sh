#!/bin/sh
# summary.sh: `memscope summary`, text and --json.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

# main { buf[64]; { p } { p } }, leaf from a constructor and a destructor;
# the 4096 bytes outside any scope are stdout's buffer, still reachable.
report nesting nesting
output_is "summary of the nesting scenario" "scenario (pid 4242): 1 thread, 3 scope sites, 4 variable sites, 3 contexts
entered 5 scopes, registered 3 variables
stack peak: 80 B of variables on thread 1 (scenario) in main > {block@30}
heap: 1 allocation, 4 KiB (4 KiB outside any scope), 4 KiB live at exit
leaked 0 B in 0 blocks; 4 KiB still reachable

Threads
  id  name      scopes  stack peak  heap peak  state    peak context
   1  scenario       5        80 B      4 KiB  running  main > {block@30}

Top scopes by peak stack bytes
  peak  entries  scope               location
  80 B        1  main                scenario.c:20
  16 B        2  {block@30} in main  scenario.c:30

Top variables by size
  size  instances  variable        scope               location
  64 B          1  char[64] buf    main                scenario.c:22
  16 B          2  struct point p  {block@30} in main  scenario.c:31

Heap by context
  allocated  allocations   live  peak  context
      4 KiB            1  4 KiB     -  _IO_file_doallocate (not instrumented)

Leaks
  none; 4 KiB in 1 block still reachable (memscope leaks --all lists them)" summary "$tap_tmp/nesting.json"

# Events the runtime could not place: one line says how many, and where
# to look, after the totals they are missing from.
jq '.threads[0].lost_events = 233 | .threads[0].unmatched_exits = 1' "$tap_tmp/nesting.json" >"$tap_tmp/lost.json"
is "$("$memscope" summary "$tap_tmp/lost.json" | sed -n 3p)" \
  "not counted: 233 lost events, 1 unmatched exit; memscope threads shows where" \
  "summary: lost events and unmatched exits said"

# 3 worker threads x 3 rounds; main allocates 4 blocks and keeps them
# (reachable: a global points to them).  At 80 columns (not a terminal)
# the threads table leaves out its tid and heap allocations columns.
report threads threads 3
output_is "summary of the threads scenario" "scenario (pid 4242): 5 threads, 3 scope sites, 4 variable sites, 4 contexts
entered 27 scopes, registered 13 variables
stack peak: 64 B of variables on thread 1 (scenario) in main
heap: 5 allocations, 5.1 KiB (4 KiB outside any scope), 5.1 KiB live at exit
leaked 0 B in 0 blocks; 5.1 KiB still reachable

Threads
  id  name      scopes  variables  stack peak  heap peak  state    peak context
   1  scenario       3          1        64 B    5.1 KiB  running  main
   2  scenario       6          3        32 B        0 B  ended    worker
   3  scenario       6          3        32 B        0 B  ended    worker
   4  scenario       6          3        32 B        0 B  ended    worker
   5  scenario       6          3        32 B        0 B  ended    worker

Top scopes by peak stack bytes
  peak  entries  scope   location
  64 B        1  main    scenario.c:20
  32 B       12  worker  scenario.c:60

Top variables by size
  size  instances  variable      scope   location
  64 B          1  char[64] buf  main    scenario.c:22
  32 B         12  int[8] slot   worker  scenario.c:61

Heap by context
  allocated     live     peak  context
    1.1 KiB  1.1 KiB  1.1 KiB  main
      4 KiB    4 KiB        -  _IO_file_doallocate (not instrumented)

Leaks
  none; 5.1 KiB in 5 blocks still reachable (memscope leaks --all lists them)" summary "$tap_tmp/threads.json"

# --wide: no width limit, every column; --bytes: exact bytes.
run_ms summary --wide --bytes "$tap_tmp/threads.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n '3,5p;/^Threads/,/^   2/p;/^Heap by/,/^  *1152/p')" "0::stack peak: 64 bytes of variables on thread 1 (scenario) in main
heap: 5 allocations, 5248 bytes (4096 bytes outside any scope), 5248 bytes live at exit
leaked 0 bytes in 0 blocks; 5248 bytes still reachable
Threads
  id   tid  name      scopes  variables  stack peak  heap allocs  heap peak  state    peak context
   1  4242  scenario       3          1          64            5       5248  running  main
   2  4243  scenario       6          3          32            0          0  ended    worker
Heap by context
  allocated  allocations  live  peak  context
       1152            4  1152  1152  main" "--wide --bytes: every column, exact bytes"

# leaker() loses p (1000 bytes) and s (26); a global still holds 7 bytes.
heap_report leak leak
run_ms summary --bytes "$tap_tmp/leak.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 4,6p)" "0::heap: 4 allocations, 5129 bytes (4096 bytes outside any scope), 5129 bytes live
    at exit
leaked 1026 bytes in 2 blocks; 4103 bytes still reachable" "leaks: leaked and still reachable apart (a long line wrapped)"
run_ms summary "$tap_tmp/leak.json"
is "$(printf '%s\n' "$out" | sed -n '/^Leaks/,$p')" "Leaks
  1000 B in 1 block leaked, held by struct node * p, allocated from:
      #1 leaker heap.c
      #2 main heap.c
  26 B in 1 block leaked, held by char * s, allocated from:
      #1 leaker heap.c
      #2 main heap.c" "leaks: only the leaked blocks listed, with their frames"

# A report written before the leak check: every live block is leaked.
jq '.leaks |= map(del(.reachable, .inherited)) | .heap |= del(.leaked_blocks, .leaked_bytes)' \
  "$tap_tmp/leak.json" >"$tap_tmp/noreach.json"
run_ms summary "$tap_tmp/noreach.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 5p)" "0::leaked 5 KiB in 4 blocks; 0 B still reachable" \
  "no reachability in the report: live blocks are leaks"

# A forked child: the blocks it inherited are its parent's.
mkdir "$tap_tmp/fork"
MEMSCOPE_OPTIONS="output=$tap_tmp/fork/%p.json" "$heap" fork >/dev/null 2>&1
child=$(grep -l '"inherited":true' "$tap_tmp/fork"/*.json)
run_ms summary --bytes --wide "$child"
is "$st:$err:$(printf '%s\n' "$out" | grep '^leaked')" \
  "0::leaked 0 bytes in 0 blocks; 40 bytes still reachable; 4396 bytes inherited from the parent process" \
  "forked child: inherited blocks said apart"

run_ms summary --limit=1 "$tap_tmp/threads.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n '/^Top scopes/,/^$/p' | sed 1,2d)" "0::  64 B        1  main   scenario.c:20" \
  "--limit=1: one row per list"

run_ms summary --json "$tap_tmp/threads.json"
printf '%s\n' "$out" >"$tap_tmp/s.json"
jq_is "$tap_tmp/s.json" '[.program,.pid,.threads,.scope_sites,.variable_sites,.contexts,.scopes_entered,.variables_registered]' \
  '["scenario",4242,5,3,4,4,27,13]' "--json: totals"
jq_is "$tap_tmp/s.json" '.stack_peak' '{"bytes":64,"thread":1,"context":["main"]}' "--json: stack peak"
jq_is "$tap_tmp/s.json" '.heap' \
  '{"allocations":5,"bytes":5248,"live_bytes":5248,"outside_bytes":4096,"leaked_bytes":0,"leaked_blocks":0,"reachable_bytes":5248,"reachable_blocks":5,"inherited_bytes":0,"inherited_blocks":0,"suppressed_bytes":0,"suppressed_blocks":0}' \
  "--json: heap"
jq_is "$tap_tmp/s.json" '[.top_scopes[]|[.name,.peak_memory,.entries]]' '[["main",64,1],["worker",32,12]]' "--json: top scopes"
jq_is "$tap_tmp/s.json" '[.top_variables[]|[.name,.size,.instances]]' '[["buf",64,1],["slot",32,12]]' "--json: top variables"
jq_is "$tap_tmp/s.json" '[.thread_list[]|[.id,.stack_bytes_peak,.peak_context]]' \
  '[[1,64,["main"]],[2,32,["worker"]],[3,32,["worker"]],[4,32,["worker"]],[5,32,["worker"]]]' "--json: threads"

# A report as the runtime wrote it before heap tracking existed.
jq 'del(.heap, .leaks) | .contexts |= map(del(.heap_allocations, .heap_bytes, .heap_live_bytes, .heap_peak_bytes))
    | .threads |= map(.total_allocations = 0 | .peak_memory = 0)' "$tap_tmp/nesting.json" >"$tap_tmp/old.json"
run_ms summary "$tap_tmp/old.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 4p)" "0::heap: not recorded in this report" "no heap data: said so"
is "$(printf '%s\n' "$out" | grep -c -e '^Leaks' -e '^Heap by')" 0 "no heap data: no heap sections"
is "$(printf '%s\n' "$out" | sed -n 7p)" \
  "  id   tid  name      scopes  variables  stack peak  state    peak context" "no heap data: no heap columns"

# Heap tracking switched off (MEMSCOPE_OPTIONS heap=0).
jq '.heap.enabled = false' "$tap_tmp/nesting.json" >"$tap_tmp/off.json"
run_ms summary "$tap_tmp/off.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 4p)" "0::heap: not tracked in this run (MEMSCOPE_OPTIONS heap=0)" "heap=0: said so"

# Colours only on a terminal: never in a pipe.
run_ms summary "$tap_tmp/nesting.json"
is "$st:$err:$(printf '%s' "$out" | grep -c "$(printf '\033')")" "0::0" "no escape sequences when not a terminal"
if command -v script >/dev/null 2>&1; then
  script -qec "$memscope summary $tap_tmp/nesting.json" /dev/null >"$tap_tmp/tty.out" 2>&1
  ok "colours on a terminal" grep -q "$(printf '\033')\[1m" "$tap_tmp/tty.out"
  NO_COLOR=1 script -qec "$memscope summary $tap_tmp/nesting.json" /dev/null >"$tap_tmp/tty.out" 2>&1
  is "$(grep -c "$(printf '\033')\[" "$tap_tmp/tty.out")" 0 "NO_COLOR: no colours on a terminal"
fi

# A report written at a crash says so before anything else.
jq '.crash = {"signal": 11, "thread": 1, "address": "0x10"}' "$tap_tmp/nesting.json" >"$tap_tmp/crashed.json"
is "$($memscope summary "$tap_tmp/crashed.json" 2>&1 | sed -n 3,4p)" \
  "crashed: signal 11 (Segmentation fault) on thread 1; what follows is the state
    at the crash" \
  "a crash report names the signal and the thread"

done_testing

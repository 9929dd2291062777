#!/bin/sh
# query.sh: `memscope top`, `threads`, `leaks` and `vars`.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

report recursion recursion
report threads threads 3
heap_report leak leak

# top
output_is "top: by peak (default)" \
" peak  entries  context     location
184 B        1  main        scenario.c:20
120 B        5  main > rec  scenario.c:40" top "$tap_tmp/recursion.json"
output_is "top --by=entries --limit=3" \
"entries   peak  context     location
      5  120 B  main > rec  scenario.c:40
      2    0 B  leaf        scenario.c:50
      1  184 B  main        scenario.c:20" top --by=entries --limit=3 "$tap_tmp/recursion.json"
output_is "top --by=heap" \
"   heap  entries  context  location
1.1 KiB        1  main     scenario.c:20" top --by=heap "$tap_tmp/threads.json"
output_is "top --by=live --bytes" \
"live  entries  context  location
1152        1  main     scenario.c:20" top --by=live --bytes "$tap_tmp/threads.json"
output_is "top --by=leaks: leaked bytes only" \
"leaked  entries  context        location
  1026        1  main > leaker  heap.c:30" top --by=leaks --bytes "$tap_tmp/leak.json"
output_is "top --by=leaks: reachable blocks are no leaks" "no context has leaks" top --by=leaks "$tap_tmp/threads.json"
output_is "top --by=leaks: none in a context" "no context has leaks" top --by=leaks "$tap_tmp/recursion.json"
output_is "top --by=stack: no real stack figures in the report" "no context has real stack figures" \
  top --by=stack "$tap_tmp/recursion.json"
run_ms top --by=size "$tap_tmp/recursion.json"
is "$st:$err" "2:memscope top: --by=size: expected peak, entries, stack, heap, live or leaks (see memscope top --help)" \
  "top --by=size refused"
run_ms top --json -n 1 "$tap_tmp/recursion.json"
printf '%s\n' "$out" >"$tap_tmp/top.json"
jq_is "$tap_tmp/top.json" '[.[]|[.name,.peak_memory,.entries]]' '[["main",184,1]]' "top --json"

# threads: at 80 columns without tid and heap allocations; --wide has all.
output_is "threads" \
"id  name      scopes  variables  stack peak  heap peak  state    peak context
 1  scenario       3          1        64 B    5.1 KiB  running  main
 2  scenario       6          3        32 B        0 B  ended    worker
 3  scenario       6          3        32 B        0 B  ended    worker
 4  scenario       6          3        32 B        0 B  ended    worker
 5  scenario       6          3        32 B        0 B  ended    worker" threads "$tap_tmp/threads.json"
output_is "threads --wide --bytes" \
"id   tid  name      scopes  variables  stack peak  heap allocs  heap peak  state    peak context
 1  4242  scenario       3          1          64            5       5248  running  main
 2  4243  scenario       6          3          32            0          0  ended    worker
 3  4244  scenario       6          3          32            0          0  ended    worker
 4  4245  scenario       6          3          32            0          0  ended    worker
 5  4246  scenario       6          3          32            0          0  ended    worker" threads --wide --bytes "$tap_tmp/threads.json"
report unbalanced unbalanced
run_ms threads "$tap_tmp/unbalanced.json"
is "$st:$err:$(printf '%s\n' "$out" | tail -n 1)" "0::thread 1: 2 unmatched exits, 0 lost events, 0 scopes open at exit" \
  "threads: the runtime's anomalies are shown"
run_ms threads --json "$tap_tmp/threads.json"
printf '%s\n' "$out" >"$tap_tmp/th.json"
jq_is "$tap_tmp/th.json" '[.[]|[.id,.tid,.scopes_entered,.stack_bytes_peak,.heap_allocations,.heap_peak_bytes,.is_active]]' \
  '[[1,4242,3,64,5,5248,true],[2,4243,6,32,0,0,false],[3,4244,6,32,0,0,false],[4,4245,6,32,0,0,false],[5,4246,6,32,0,0,false]]' \
  "threads --json"

# leaks, as LeakSanitizer lists them: leaker() loses p and s; stdout's
# buffer and 7 bytes a global points to are still reachable.  (This
# report's runtime was built without the plugin: no allocator call is
# known, so the frames are the allocating context's functions.)
output_is "leaks: the leaked blocks, the rest counted" \
"1000 B in 1 block leaked, held by struct node * p, allocated from:
    #1 leaker heap.c
    #2 main heap.c
26 B in 1 block leaked, held by char * s, allocated from:
    #1 leaker heap.c
    #2 main heap.c

1 KiB in 2 blocks leaked; 4 KiB in 2 blocks still reachable (--all lists them)" leaks "$tap_tmp/leak.json"
output_is "leaks --all --bytes: reachable blocks too, marked, exact bytes" \
"1000 bytes in 1 block leaked, held by struct node * p, allocated from:
    #1 leaker heap.c
    #2 main heap.c
26 bytes in 1 block leaked, held by char * s, allocated from:
    #1 leaker heap.c
    #2 main heap.c
4096 bytes in 1 block still reachable, allocated from:
    #1 _IO_file_doallocate (not instrumented)
7 bytes in 1 block still reachable, allocated from:
    #1 leaker heap.c
    #2 main heap.c

1026 bytes in 2 blocks leaked; 4103 bytes in 2 blocks still reachable" leaks --all --bytes "$tap_tmp/leak.json"
output_is "leaks --limit=1" \
"1000 B in 1 block leaked, held by struct node * p, allocated from:
    #1 leaker heap.c
    #2 main heap.c

1 KiB in 2 blocks leaked; 4 KiB in 2 blocks still reachable (--all lists them)" leaks -n 1 "$tap_tmp/leak.json"
run_ms leaks --json --all "$tap_tmp/leak.json"
printf '%s\n' "$out" >"$tap_tmp/l.json"
jq_is "$tap_tmp/l.json" '[.heap_recorded,.bytes,.blocks,.reachable_bytes,.reachable_blocks,.inherited_bytes]' \
  '[true,1026,2,4103,2,0]' "leaks --json: totals per kind"
jq_is "$tap_tmp/l.json" '[.leaks[]|[.bytes,.kind,.variable,.context,.site]]' \
  '[[1000,"leaked","p",["main","leaker"],null],[26,"leaked","s",["main","leaker"],null],[4096,"reachable",null,null,{"function":"_IO_file_doallocate","file":null,"line":0}],[7,"reachable",null,["main","leaker"],null]]' \
  "leaks --json --all: every group with its kind"
run_ms leaks --json "$tap_tmp/leak.json"
printf '%s\n' "$out" >"$tap_tmp/l.json"
jq_is "$tap_tmp/l.json" '[.leaks[]|.kind]' '["leaked","leaked"]' "leaks --json: the leaked groups only"

# Only reachable blocks: no leaks, and what is left out is said.
output_is "leaks: none leaked, reachable ones counted" \
  "no leaks; 5.1 KiB in 5 blocks still reachable (--all lists them)" leaks "$tap_tmp/threads.json"
output_is "leaks --all: reachable ones listed" \
"4 KiB in 1 block still reachable, allocated from:
    #1 _IO_file_doallocate (not instrumented)
1.1 KiB in 4 blocks still reachable, allocated from:
    #1 main scenario.c

no leaks; 5.1 KiB in 5 blocks still reachable" leaks --all "$tap_tmp/threads.json"

# A report written before the leak check: every live block is a leak.
jq '.leaks |= map(del(.reachable, .inherited)) | .leaks += [{"context": 2, "variable": 1, "bytes": 64, "blocks": 1}]' \
  "$tap_tmp/threads.json" >"$tap_tmp/lv.json"
output_is "leaks: older reports, and the variable that held them" \
"4 KiB in 1 block leaked, allocated from:
    #1 _IO_file_doallocate (not instrumented)
1.1 KiB in 4 blocks leaked, allocated from:
    #1 main scenario.c
64 B in 1 block leaked, held by int[8] slot, allocated from:
    #1 leaf scenario.c
    #2 worker scenario.c

5.2 KiB in 6 blocks leaked" leaks "$tap_tmp/lv.json"

# A forked child: the blocks allocated before fork are the parent's.
mkdir "$tap_tmp/fork"
MEMSCOPE_OPTIONS="output=$tap_tmp/fork/%p.json" "$heap" fork >/dev/null 2>&1
child=$(grep -l '"inherited":true' "$tap_tmp/fork"/*.json)
pin "$child" "$tap_tmp/child.json"
output_is "leaks --all: inherited blocks marked" \
"40 bytes in 1 block still reachable, allocated from:
    #1 main heap.c
4096 bytes in 1 block inherited from the parent process, allocated from:
    #1 _IO_file_doallocate (not instrumented)
300 bytes in 1 block inherited from the parent process, allocated from:
    #1 main heap.c

no leaks; 40 bytes in 1 block still reachable; 4396 bytes in 2 blocks inherited
    from the parent process" \
  leaks --all --bytes "$tap_tmp/child.json"

jq '.leaks = []' "$tap_tmp/threads.json" >"$tap_tmp/noleak.json"
output_is "leaks: none" "no leaks" leaks "$tap_tmp/noleak.json"
output_is "leaks --all: nothing live" "no heap blocks live at exit" leaks --all "$tap_tmp/noleak.json"
jq 'del(.heap, .leaks) | .contexts |= map(del(.heap_allocations, .heap_bytes, .heap_live_bytes, .heap_peak_bytes))' \
  "$tap_tmp/threads.json" >"$tap_tmp/old.json"
output_is "leaks: no heap data" "no heap data in this report (leaks need a runtime that tracks the heap)" \
  leaks "$tap_tmp/old.json"

# vars: the tracked variables, biggest first; at 80 columns --all leaves
# out the instances and live columns, not the kind.
output_is "vars: tracked variables, biggest first" \
"size  instances  live  heap  owned  kind    variable       scope  location
64 B          1     0   0 B    0 B  local   char[64] buf   main   scenario.c:22
24 B          5     0   0 B    0 B  local   long[3] frame  rec    scenario.c:41
 0 B          0     0   0 B    0 B  vla     char[*] tmp    rec    scenario.c:42
 0 B          0     0   0 B    0 B  alloca  void alloca    rec    scenario.c:43" vars "$tap_tmp/recursion.json"
output_is "vars --all: untracked ones too" \
"size  heap  owned  kind               variable       scope  location
64 B   0 B    0 B  local              char[64] buf   main   scenario.c:22
24 B   0 B    0 B  local              long[3] frame  rec    scenario.c:41
 4 B   0 B    0 B  param (untracked)  int argc       main   scenario.c:20
 4 B   0 B    0 B  local (untracked)  int n          main   scenario.c:23
 0 B   0 B    0 B  vla                char[*] tmp    rec    scenario.c:42
 0 B   0 B    0 B  alloca             void alloca    rec    scenario.c:43" vars --all "$tap_tmp/recursion.json"
output_is "vars --scope=rec" \
"size  instances  live  heap  owned  kind    variable       scope  location
24 B          5     0   0 B    0 B  local   long[3] frame  rec    scenario.c:41
 0 B          0     0   0 B    0 B  vla     char[*] tmp    rec    scenario.c:42
 0 B          0     0   0 B    0 B  alloca  void alloca    rec    scenario.c:43" vars --scope=rec "$tap_tmp/recursion.json"
output_is "vars --function=main --all --wide" \
"size  instances  live  heap  owned  kind               variable      scope  location
64 B          1     0   0 B    0 B  local              char[64] buf  main   scenario.c:22
 4 B          0     0   0 B    0 B  param (untracked)  int argc      main   scenario.c:20
 4 B          0     0   0 B    0 B  local (untracked)  int n         main   scenario.c:23" vars --function=main --all --wide "$tap_tmp/recursion.json"
output_is "vars -n 1: the rest counted" \
"size  instances  live  heap  owned  kind   variable      scope  location
64 B          1     0   0 B    0 B  local  char[64] buf  main   scenario.c:22
... 3 more (-n 0 lists all)" vars -n 1 "$tap_tmp/recursion.json"
# A pointer kept in a register (untracked) that received a 512-byte block
# is listed by default, weighed by its heap bytes.
jq '(.variables[] | select(.name == "n")) |= (.type = "char *" | .name = "scratch" | .size = 8 | .heap_blocks = 1
    | .heap_bytes = 512 | .heap_owned_blocks = 1 | .heap_owned_bytes = 512)' \
  "$tap_tmp/recursion.json" >"$tap_tmp/scratch.json"
output_is "vars: a heap-owning pointer, listed by default" \
"size  instances  live   heap  owned  kind               variable        scope  location
 8 B          0     0  512 B  512 B  local (untracked)  char * scratch  main   scenario.c:23
64 B          1     0    0 B    0 B  local              char[64] buf    main   scenario.c:22
... 3 more (-n 0 lists all)" \
  vars -n 2 --wide "$tap_tmp/scratch.json"
output_is "vars --file: no match" "no matching variables" vars --file=other.c "$tap_tmp/recursion.json"
jq '.variables |= map(.file = "src/" + .file)' "$tap_tmp/recursion.json" >"$tap_tmp/src.json"
run_ms vars --file=scenario.c "$tap_tmp/src.json"
is "$st:$err:$(printf '%s\n' "$out" | wc -l)" "0::5" "vars --file matches the end of a path"
run_ms vars --json --scope=main "$tap_tmp/recursion.json"
printf '%s\n' "$out" >"$tap_tmp/v.json"
jq_is "$tap_tmp/v.json" '[.[]|[.name,.type,.size,.kind,.scope,.line,.instances]]' \
  '[["buf","char[64]",64,"local","main",22,1]]' "vars --json"
run_ms vars -n -1 "$tap_tmp/recursion.json"
is "$st:$out:$err" "2::memscope vars: --limit must not be negative (see memscope vars --help)" "vars: negative -n refused"

# A leak a suppression matched (MEMSCOPE_OPTIONS suppressions): unreachable,
# but not counted as leaked; listed with --all, and counted apart.
jq '(.leaks[] | select(.bytes == 26)).suppressed = true' "$tap_tmp/leak.json" >"$tap_tmp/suppressed.json"
output_is "leaks: a suppressed leak is not listed, and counted apart" "1000 bytes in 1 block leaked, held by struct node * p, allocated from:
    #1 leaker heap.c
    #2 main heap.c

1000 bytes in 1 block leaked; 4103 bytes in 2 blocks still reachable; 26 bytes
    in 1 block suppressed (--all lists them)" \
  leaks --bytes "$tap_tmp/suppressed.json"
output_is "leaks --all: the suppressed leak, marked" "1000 bytes in 1 block leaked, held by struct node * p, allocated from:
    #1 leaker heap.c
    #2 main heap.c
4096 bytes in 1 block still reachable, allocated from:
    #1 _IO_file_doallocate (not instrumented)
7 bytes in 1 block still reachable, allocated from:
    #1 leaker heap.c
    #2 main heap.c
26 bytes in 1 block leaked, suppressed, held by char * s, allocated from:
    #1 leaker heap.c
    #2 main heap.c

1000 bytes in 1 block leaked; 4103 bytes in 2 blocks still reachable; 26 bytes
    in 1 block suppressed" \
  leaks --all --bytes "$tap_tmp/suppressed.json"
run_ms summary --bytes --wide "$tap_tmp/suppressed.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 5p)" \
  "0::leaked 1000 bytes in 1 block; 4103 bytes still reachable; 26 bytes in 1 block suppressed" "summary: suppressed bytes apart"
run_ms top --by=leaks --bytes "$tap_tmp/suppressed.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 2p | awk '{ print $1 }')" "0::1000" "top --by=leaks: suppressed bytes are no leaks"

done_testing

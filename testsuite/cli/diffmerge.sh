#!/bin/sh
# diffmerge.sh: `memscope diff` and `memscope merge`.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

report three threads 3
report five threads 5
report recursion recursion
report nesting nesting

output_is "diff: more rounds, same peaks" "                                    old      new  change
stack peak (tracked variables)     64 B     64 B      +0
heap allocated                  5.1 KiB  5.1 KiB      +0
heap allocations                      5        5      +0
heap live at exit               5.1 KiB  5.1 KiB      +0
leaked                              0 B      0 B      +0
leaked blocks                         0        0      +0
contexts                              4        4      +0
scope sites                           3        3      +0

Scopes
  old peak  new peak  change   entries  scope   location
       0 B       0 B      +0  14 -> 22  leaf    scenario.c:50
      32 B      32 B      +0  12 -> 20  worker  scenario.c:60

Contexts
  old peak  new peak  change   entries  heap  live  context        location
      32 B      32 B      +0  12 -> 20   0 B   0 B  worker         scenario.c:60
       0 B       0 B      +0  12 -> 20   0 B   0 B  worker > leaf  scenario.c:50

Variables
  old size  new size  change  instances  variable               location
      32 B      32 B      +0   12 -> 20  int[8] slot in worker  scenario.c:61" \
  diff "$tap_tmp/three.json" "$tap_tmp/five.json"

# At 80 columns the variables leave out their location.
output_is "diff: scopes gone and new, biggest change first" "                                  old    new  change
stack peak (tracked variables)  184 B   80 B  -104 B
heap allocated                  4 KiB  4 KiB      +0
heap allocations                    1      1      +0
heap live at exit               4 KiB  4 KiB      +0
leaked                            0 B    0 B      +0
leaked blocks                       0      0      +0
contexts                            4      3      -1
scope sites                         3      3      +0

Scopes
  old peak  new peak  change  entries  scope               location
     120 B         -    gone   5 -> -  rec                 scenario.c:40
     184 B      80 B  -104 B        1  main                scenario.c:20
         -      16 B     new   - -> 2  {block@30} in main  scenario.c:30
       0 B       0 B      +0   3 -> 2  leaf                scenario.c:50

Contexts
  old peak  new peak  change  entries  context            location
     120 B         -    gone   5 -> -  main > rec         scenario.c:40
     184 B      80 B  -104 B        1  main               scenario.c:20
         -      16 B     new   - -> 2  main > {block@30}  scenario.c:30
       0 B         -    gone   1 -> -  main > rec > leaf  scenario.c:50

Variables
  old size  new size  change  instances  variable
      24 B         -    gone     5 -> -  long[3] frame in rec
         -      16 B     new     - -> 2  struct point p in {block@30} in main
       0 B         -    gone     0 -> -  char[*] tmp in rec
       0 B         -    gone     0 -> -  void alloca in rec" \
  diff "$tap_tmp/recursion.json" "$tap_tmp/nesting.json"

output_is "diff of a report with itself: no change" "                                  old    new  change
stack peak (tracked variables)  184 B  184 B      +0
heap allocated                  4 KiB  4 KiB      +0
heap allocations                    1      1      +0
heap live at exit               4 KiB  4 KiB      +0
leaked                            0 B    0 B      +0
leaked blocks                       0      0      +0
contexts                            4      4      +0
scope sites                         3      3      +0

Scopes
  no change

Contexts
  no change

Variables
  no change" diff "$tap_tmp/recursion.json" "$tap_tmp/recursion.json"

# An edit above the code (a comment line) moves every line down by one:
# blocks are matched by their place in their function, not their line,
# so nothing is gone or new, and the rows name the new lines.
jq '.scopes |= map(.line += 1 | if .kind == "block" then .name = "{block@\(.line)}" else . end)
    | .variables |= map(.line += 1)' "$tap_tmp/nesting.json" >"$tap_tmp/moved.json"
run_ms diff "$tap_tmp/nesting.json" "$tap_tmp/moved.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n '/^Scopes/,$p')" "0::Scopes
  no change

Contexts
  no change

Variables
  no change" "diff: an edit that moves every line, no change"
jq '(.contexts[] | select(.id == 3)).entries = 5 | (.scopes[] | select(.kind == "block")).entries = 5' \
  "$tap_tmp/moved.json" >"$tap_tmp/moved5.json"
run_ms diff "$tap_tmp/nesting.json" "$tap_tmp/moved5.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n '/^Scopes/,/^$/p')" "0::Scopes
  old peak  new peak  change  entries  scope               location
      16 B      16 B      +0   2 -> 5  {block@31} in main  scenario.c:31" \
  "diff: a moved block matched, named by its new line"

run_ms diff --limit=1 "$tap_tmp/recursion.json" "$tap_tmp/nesting.json"
is "$st:$err:$(printf '%s\n' "$out" | grep -c '^  \.\.\. 3 more$')" "0::3" "diff --limit=1: the rest counted"
run_ms diff --json "$tap_tmp/three.json" "$tap_tmp/five.json"
printf '%s\n' "$out" >"$tap_tmp/d.json"
jq_is "$tap_tmp/d.json" '[.old_stack_peak,.new_stack_peak,[.contexts[]|[.label,.old.entries,.new.entries,.change]]]' \
  '[64,64,[["worker",12,20,0],["worker > leaf",12,20,0]]]' "diff --json"
jq_is "$tap_tmp/d.json" '[.old_heap_bytes,.new_heap_bytes,.old_leaked_bytes,.new_leaked_bytes,.old_contexts,.new_contexts]' \
  '[5248,5248,0,0,4,4]' "diff --json: the totals before and after"
run_ms diff "$tap_tmp/three.json"
is "$st:$err" "2:memscope diff: too few arguments (see memscope diff --help)" "diff needs two reports"

# merge: the same code is merged, threads are all kept.
run_ms merge "$tap_tmp/three.json" "$tap_tmp/five.json" -o "$tap_tmp/m.json"
is "$st:$out$err" "0:" "merge: quiet success"
m=$tap_tmp/m.json
jq_is "$m" '[.format,.version,.program,.pid,(.merged_from|length)]' '["memscope",1,"scenario",4242,2]' "merge: a version 1 report"
jq_is "$m" '[.threads[]|[.id,.scopes_entered,.peak_context]]' \
  '[[1,3,3],[2,6,1],[3,6,1],[4,6,1],[5,6,1],[6,3,3],[7,10,1],[8,10,1],[9,10,1],[10,10,1]]' "merge: threads renumbered"
jq_is "$m" '[.contexts[]|[.id,.scope,.parent,.entries,.direct_bytes,.peak_memory,.heap_bytes]]' \
  '[[1,1,null,32,32,32,0],[2,2,1,32,0,0,0],[3,3,null,2,64,64,2304],[4,2,null,4,0,0,0]]' "merge: contexts summed, in the first report's order"
jq_is "$m" '[.scopes[]|[.id,.name,.entries,.variables]]' '[[1,"worker",32,[1]],[2,"leaf",36,[]],[3,"main",2,[2,3,4]]]' \
  "merge: scopes summed"
jq_is "$m" '[.leaks[]|[.context,.bytes,.blocks,.reachable,.inherited]]' '[[null,8192,2,true,false],[3,2304,8,true,false]]' \
  "merge: leaks summed, still reachable"
jq_is "$m" '.heap|[.enabled,.live_blocks,.live_bytes,.leaked_bytes,.outside_allocations,.outside_bytes]' \
  '[true,10,10496,0,2,8192]' "merge: heap totals summed"
run_ms tree --bytes "$m"
is "$st:$err:$out" "0::peak  entries  heap  live  leaked  context  location
  64        2  2304  2304       0  main     scenario.c:20
  32       32     0     0       0  worker   scenario.c:60
   0       32     0     0       0    leaf   scenario.c:50
   0        4     0     0       0  leaf     scenario.c:50" "merge: the merged report reads back"
run_ms merge "$tap_tmp/three.json" -o -
printf '%s\n' "$out" >"$tap_tmp/m1.json"
is "$st:$err" "0:" "merge -o -: on stdout"
run_ms diff "$tap_tmp/three.json" "$tap_tmp/m1.json"
is "$st:$err:$(printf '%s\n' "$out" | grep -c 'no change')" "0::3" "merge of one report: the same report"
# Field for field: every member of every record, as the runtime wrote it.
same_report() { # DESCRIPTION REPORT
  "$memscope" merge "$2" -o "$tap_tmp/one.json" 2>"$tap_tmp/one.err"
  is "$?:$(cat "$tap_tmp/one.err"):$(jq -S 'del(.merged_from)' "$tap_tmp/one.json" | cmp - "$tap_tmp/sorted.json" 2>&1)" "0::" "$1"
}
for r in three recursion nesting; do
  jq -S . "$tap_tmp/$r.json" >"$tap_tmp/sorted.json"
  same_report "merge of one report ($r): equal to it, member for member" "$tap_tmp/$r.json"
done
heap_report leak1 leak
jq -S . "$tap_tmp/leak1.json" >"$tap_tmp/sorted.json"
same_report "merge of one report (leaks, variables owning heap blocks): equal to it" "$tap_tmp/leak1.json"
MEMSCOPE_OPTIONS=trace=1:output=$tap_tmp/traced.json "$scenario" threads 2 >/dev/null 2>&1
jq -S . "$tap_tmp/traced.json" >"$tap_tmp/sorted.json"
same_report "merge of one report (trace=1): equal to it" "$tap_tmp/traced.json"
jq_is "$tap_tmp/leak1.json" '[.variables[]|select(.heap_bytes > 0)|[.name,.heap_blocks,.heap_bytes,.heap_owned_bytes]]' \
  '[["p",1,1000,1000],["s",1,26,26]]' "the leak scenario: variables owning heap blocks"
run_ms merge "$tap_tmp/leak1.json" "$tap_tmp/leak1.json" -o "$tap_tmp/leak2.json"
jq_is "$tap_tmp/leak2.json" '[.variables[]|select(.heap_bytes > 0)|[.name,.heap_blocks,.heap_bytes,.heap_owned_bytes]]' \
  '[["p",2,2000,2000],["s",2,52,52]]' "merge of two: variables' heap blocks and bytes summed"
jq_is "$tap_tmp/leak2.json" '[.scopes[]|[.name,.entries,.heap_allocations,.heap_bytes,.heap_peak_bytes]]' \
  "$(jq -c '[.scopes[]|[.name,2*.entries,2*.heap_allocations,2*.heap_bytes,.heap_peak_bytes]]' "$tap_tmp/leak1.json")" \
  "merge of two: scopes' entries and heap summed, heap peaks maximised"
jq_is "$tap_tmp/leak2.json" '[.threads[]|del(.id,.thread_id)]' \
  "$(jq -c '[.threads[]|del(.id,.thread_id)] | . + .' "$tap_tmp/leak1.json")" \
  "merge of two: every thread kept with all its members"
jq '.pid = 5151' "$tap_tmp/three.json" >"$tap_tmp/other.json"
"$memscope" merge "$tap_tmp/three.json" "$tap_tmp/other.json" -o "$tap_tmp/pids.json"
run_ms summary --wide "$tap_tmp/pids.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 1p)" "0::scenario (pids 4242, 5151): 10 threads, 3 scope sites, 4 variable sites, 4 contexts" \
  "summary of a merged report: every input's pid"
jq_is "$tap_tmp/leak2.json" '[.merged_from[]|[.file,.pid]]' \
  "[[\"$tap_tmp/leak1.json\",4242],[\"$tap_tmp/leak1.json\",4242]]" "merge of two: every input named"
# vars lists the merged report's variables as it lists an input's.
"$memscope" vars --all --bytes --wide "$tap_tmp/leak1.json" | awk '{ $1 = $1; print }' >"$tap_tmp/vars1"
run_ms vars --all --bytes --wide "$tap_tmp/leak2.json"
is "$st:$err:$(printf '%s\n' "$out" | sed 's/  */ /g' | awk '{ if (NR > 1) { $4 /= 2; $5 /= 2 } print }')" \
  "0::$(cat "$tap_tmp/vars1")" "vars on a merged report: every variable, heap bytes summed"
"$memscope" vars "$tap_tmp/three.json" >"$tap_tmp/vars3"
run_ms vars "$m"
is "$st:$err:$(printf '%s\n' "$out" | cut -c 1-5,25-)" "0::$(cut -c 1-5,25- "$tap_tmp/vars3")" \
  "vars on a merged report: the tracked variables"

# Leaked and reachable blocks of one context stay apart.
heap_report leak leak
run_ms merge "$tap_tmp/leak.json" "$tap_tmp/leak.json" -o "$tap_tmp/ml.json"
jq_is "$tap_tmp/ml.json" '[.leaks[]|[.context,.variable,.bytes,.reachable]]' \
  '[[2,2,2000,false],[2,3,52,false],[null,null,8192,true],[2,null,14,true]]' "merge: leak kinds kept apart"
run_ms summary --bytes --wide "$tap_tmp/ml.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 5p)" "0::leaked 2052 bytes in 4 blocks; 8206 bytes still reachable" \
  "merge: the merged report's leaks read back"

run_ms merge "$tap_tmp/three.json"
is "$st:$err" "2:memscope merge: no output given (-o OUT) (see memscope merge --help)" "merge needs -o"
run_ms merge "$tap_tmp/three.json" -o /nonexistent/dir/m.json
is "$st:$out:$err" "1::memscope merge: cannot write /nonexistent/dir/m.json: No such file or directory" \
  "merge: unwritable output fails, one line"

done_testing

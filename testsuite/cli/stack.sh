#!/bin/sh
# stack.sh: the real stack in summary, threads, tree --by=stack and top
# --by=stack, on a report whose figures are known: main > parse >
# parse_expr recursing 512 deep in frames of 120 bytes (61,320 bytes from
# its first entry), 62,873 bytes of an 8 MiB stack in all; a worker that
# used 50,000 bytes of its 64 KiB, with 3 entries on another stack, whose
# measured frame (1,408 bytes) is more than its static one (304), and whose
# leaf probe was entered only off its stack; an older thread without the
# figures.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

cat >"$tap_tmp/stack.json" <<'JSON'
{"format": "memscope", "version": 1, "program": "demo", "pid": 7,
 "threads": [
  {"id": 1, "tid": 7, "name": "demo", "is_active": true, "scopes_entered": 515, "stack_bytes_peak": 4096, "peak_context": 3,
   "stack_size": 8388608, "stack_used_peak": 62873, "stack_used_peak_context": 3},
  {"id": 2, "tid": 8, "name": "worker", "scopes_entered": 1, "stack_bytes_peak": 100, "peak_context": 4,
   "stack_size": 65536, "stack_used_peak": 50000, "stack_used_peak_context": 4, "stack_off_entries": 3},
  {"id": 3, "tid": 9, "name": "old", "scopes_entered": 0}],
 "scopes": [
  {"id": 1, "kind": "function", "name": "main", "function": "main", "file": "parse.c", "line": 80, "stack_frame_bytes": 48, "stack_frame_static": 48},
  {"id": 2, "kind": "function", "name": "parse", "function": "parse", "file": "parse.c", "line": 40, "stack_frame_bytes": 1424, "stack_frame_static": 1424},
  {"id": 3, "kind": "function", "name": "parse_expr", "function": "parse_expr", "file": "parse.c", "line": 12, "stack_frame_bytes": 120, "stack_frame_static": 120},
  {"id": 4, "kind": "function", "name": "worker", "function": "worker", "file": "parse.c", "line": 90, "stack_frame_bytes": 1408, "stack_frame_static": 304},
  {"id": 5, "kind": "function", "name": "probe", "function": "probe", "file": "parse.c", "line": 100, "stack_frame_bytes": 0, "stack_frame_static": 32}],
 "variables": [],
 "contexts": [
  {"id": 1, "scope": 1, "parent": null, "entries": 1, "direct_bytes": 0, "peak_memory": 4096, "stack_used_peak": 62817, "stack_depth": 56},
  {"id": 2, "scope": 2, "parent": 1, "entries": 1, "direct_bytes": 0, "peak_memory": 4096, "stack_used_peak": 61369, "stack_depth": 104},
  {"id": 3, "scope": 3, "parent": 2, "entries": 512, "direct_bytes": 8, "peak_memory": 4096, "folded": true, "stack_used_peak": 61320, "stack_depth": 1553},
  {"id": 4, "scope": 4, "parent": null, "entries": 1, "direct_bytes": 100, "peak_memory": 100, "stack_used_peak": 49900, "stack_depth": 100},
  {"id": 5, "scope": 5, "parent": 4, "entries": 2, "direct_bytes": 0, "peak_memory": 0}]}
JSON
s=$tap_tmp/stack.json

# summary: per thread, the fullest first; at 80 columns the path goes on
# a line of its own, at 200 it does not.
run_ms summary "$s"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 4,7p)" "0::thread 2 (worker) stack: 48.8 KiB of 64 KiB used at most (76.3%),
    deepest in worker; 3 entries on another stack left out
thread 1 (demo) stack: 61.4 KiB of 8 MiB used at most (0.7%),
    deepest in main > parse > parse_expr (x512 recursion)" "summary: the real stack per thread, at 80 columns"
COLUMNS=200 run_ms summary "$s"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 4,5p)" "0::thread 2 (worker) stack: 48.8 KiB of 64 KiB used at most (76.3%), deepest in worker; 3 entries on another stack left out
thread 1 (demo) stack: 61.4 KiB of 8 MiB used at most (0.7%), deepest in main > parse > parse_expr (x512 recursion)" \
  "summary: the real stack per thread, at 200 columns"
run_ms summary --limit=1 --bytes "$s"
is "$st:$err:$(printf '%s\n' "$out" | sed -n '/^thread 2/,/^stack:/p')" "0::thread 2 (worker) stack: 50000 bytes of 65536 bytes used at most (76.3%),
    deepest in worker; 3 entries on another stack left out
stack: 1 more thread (memscope threads lists them)" "summary --limit=1: the fullest thread, the rest counted"
# One thread: the line the issue asked for, word for word.
jq '.threads |= [.[0]]' "$s" >"$tap_tmp/one.json"
COLUMNS=120 run_ms summary "$tap_tmp/one.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 4p)" \
  "0::stack: 61.4 KiB of 8 MiB used at most (0.7%), deepest in main > parse > parse_expr (x512 recursion)" \
  "summary, one thread: stack, share and the deepest path"

output_is "threads: the real stack used beside the variables' peak" \
"id  name    scopes  stack peak  stack used  state    peak context
 1  demo       515       4 KiB    61.4 KiB  running  main > parse > parse_expr
 2  worker       1       100 B    48.8 KiB  ended    worker
 3  old          0         0 B           -  ended    -" threads "$s"

COLUMNS=120 run_ms threads "$s"
is "$st:$err:$out" "0::id  tid  name    scopes  variables  stack peak  stack used  of stack  state    peak context
 1    7  demo       515          0       4 KiB    61.4 KiB      0.7%  running  main > parse > parse_expr
 2    8  worker       1          0       100 B    48.8 KiB     76.3%  ended    worker
 3    9  old          0          0         0 B           -         -  ended    -" \
  "threads at 120 columns: the share of its stack each thread used"

# Frames: a measured one larger than GCC's static frame is marked (qsort's
# frames under a comparator, a VLA); a leaf's is GCC's, in parentheses; a
# context without figures (entered only off the stack) shows "-".
more="*: more than the frame GCC laid out: a VLA or alloca block, or the frames of"
more2="   code built without memscope between it and the functions it called (qsort's"
more3="   under a comparator)."
stat="(...): the frame GCC laid out, where none was measured (no instrumented function"
stat2="       entered below it)."
output_is "tree --by=stack: stack used from each entry, depth at entry, frames" \
"stack used  at depth     frame  entries  context
  61.3 KiB      56 B      48 B        1  main
  59.9 KiB     104 B   1.4 KiB        1    parse
  59.9 KiB   1.5 KiB     120 B      512      parse_expr  (recursion folded)
  48.7 KiB     100 B  1.4 KiB*        1  worker
         -         -    (32 B)        2    probe
$more
$more2
$more3
$stat
$stat2" tree --by=stack "$s"
output_is "tree --by=stack --bytes --wide" \
"stack used  at depth  frame  entries  context                             location
     62817        56     48        1  main                                parse.c:80
     61369       104   1424        1    parse                             parse.c:40
     61320      1553    120      512      parse_expr  (recursion folded)  parse.c:12
     49900       100  1408*        1  worker                              parse.c:90
         -         -   (32)        2    probe                             parse.c:100
$more $(echo $more2 $more3)
$stat $(echo $stat2)" tree --by=stack --bytes --wide "$s"
output_is "tree --by=stack --min-bytes: real stack or heap, and said so" \
"1 of 5 contexts shown (1 level, real stack or heap at least 59.9 KiB).
stack used  at depth  frame  entries  context  location
  61.3 KiB      56 B   48 B        1  main     parse.c:80" tree --by=stack --min-bytes=61369 --depth=1 "$s"
output_is "tree --by=stack: no frame marked, no note" \
"3 of 5 contexts shown (real stack or heap at least 59.6 KiB).
stack used  at depth    frame  entries  context
  61.3 KiB      56 B     48 B        1  main
  59.9 KiB     104 B  1.4 KiB        1    parse
  59.9 KiB   1.5 KiB    120 B      512      parse_expr  (recursion folded)" tree --by=stack --min-bytes=61000 "$s"
run_ms tree --json "$s"
is "$st:$err:$(printf '%s\n' "$out" | jq -c '[.[] | [.name, .stack_frame_bytes, .stack_frame_static]]')" \
  '0::[["main",48,48],["parse",1424,1424],["parse_expr",120,120],["worker",1408,304],["probe",0,32]]' \
  "tree --json: each function's measured and static frames"
output_is "top --by=stack" \
"stack used  at depth  entries  context                    location
  61.3 KiB      56 B        1  main                       parse.c:80
  59.9 KiB     104 B        1  main > parse               parse.c:40
  59.9 KiB   1.5 KiB      512  main > parse > parse_expr  parse.c:12" top --by=stack -n 3 "$s"
run_ms top --by=stack --json -n 1 "$s"
printf '%s\n' "$out" >"$tap_tmp/top.json"
jq_is "$tap_tmp/top.json" '[.[]|[.name,.stack_used_peak,.stack_depth]]' '[["main",62817,56]]' "top --by=stack --json"

done_testing

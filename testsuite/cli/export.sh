#!/bin/sh
# export.sh: `memscope export --format=folded|chrome` (folded by stack,
# real stack or heap).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

report recursion recursion
report threads threads 3
report nesting nesting

# folded: main's own 64 bytes; rec's 5 levels x 24 bytes.
output_is "folded by stack bytes" "main 64
main;rec 120" export --format=folded "$tap_tmp/recursion.json"
output_is "folded: a block is a frame" "main 64
main;{block@30} 16" export --format=folded "$tap_tmp/nesting.json"
output_is "folded by heap bytes" "main 1152" export --format=folded --by=heap "$tap_tmp/threads.json"
jq '.contexts |= map(if .id == 2 then .heap_bytes = 100 else . end)' "$tap_tmp/threads.json" >"$tap_tmp/heap.json"
output_is "folded by heap bytes: nested" "main 1152
worker;leaf 100" export --format=folded --by=heap "$tap_tmp/heap.json"
# folded by the real stack: stack.sh's figures.  main used 62,817 bytes
# from its entry, parse 61,369 of them, parse_expr 61,320; worker 49,900,
# its leaf probe GCC's 4,096-byte frame; on_signal, entered only on
# another stack, none of the thread's.
jq -n '{format: "memscope", version: 1, program: "p", threads: [{id: 1, stack_size: 8388608, stack_used_peak: 62873, stack_used_peak_context: 3, stack_off_entries: 2}],
  scopes: [{id: 1, name: "main", stack_frame_bytes: 48}, {id: 2, name: "parse", stack_frame_bytes: 1424},
           {id: 3, name: "parse_expr", stack_frame_bytes: 120}, {id: 4, name: "worker", stack_frame_bytes: 1408, stack_frame_static: 304},
           {id: 5, name: "probe", stack_frame_bytes: 0, stack_frame_static: 4096}, {id: 6, name: "on_signal", stack_frame_static: 64}],
  variables: [],
  contexts: [{id: 1, scope: 1, parent: null, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 62817, stack_depth: 56},
             {id: 2, scope: 2, parent: 1, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 61369, stack_depth: 104},
             {id: 3, scope: 3, parent: 2, entries: 512, direct_bytes: 0, peak_memory: 0, folded: true, stack_used_peak: 61320, stack_depth: 1553},
             {id: 4, scope: 4, parent: null, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 49900, stack_depth: 100},
             {id: 5, scope: 5, parent: 4, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 0, stack_depth: 1508},
             {id: 6, scope: 6, parent: 1, entries: 2, direct_bytes: 0, peak_memory: 0}]}' >"$tap_tmp/real.json"
run_ms export --format=folded --by=real "$tap_tmp/real.json"
is "$st:$err:$(printf '%s\n' "$out" | sort)" "0::main 1448
main;parse 49
main;parse;parse_expr 61320
worker 45804
worker;probe 4096" "folded by the real stack: each frame as wide as the stack used from its entry"
run_ms export --format=folded --by=real "$tap_tmp/recursion.json"
is "$st:$err:$out" "0:memscope export: $tap_tmp/recursion.json has no real stack figures (a runtime older than 0.2.0 wrote it):" \
  "folded by the real stack: a report without the figures"
run_ms export --format=folded -o "$tap_tmp/f.txt" "$tap_tmp/recursion.json"
is "$st:$(cat "$tap_tmp/f.txt")" "0:main 64
main;rec 120" "folded -o FILE"

# Flame widths are inclusive figures: main's peak is 1516 (its own 108
# bytes were live with checksum's 1408), not 108 + 1408 + 32.
cat >"$tap_tmp/flame.json" <<'EOF'
{"format": "memscope", "version": 1, "program": "p", "pid": 1, "threads": [{"id": 1}],
 "scopes": [{"id": 1, "name": "main"}, {"id": 2, "name": "checksum"}, {"id": 3, "name": "area"},
            {"id": 4, "name": "a"}, {"id": 5, "name": "b"}],
 "variables": [],
 "contexts": [{"id": 1, "scope": 1, "parent": null, "entries": 1, "direct_bytes": 108, "peak_memory": 1516},
              {"id": 2, "scope": 2, "parent": 1, "entries": 11, "direct_bytes": 128, "peak_memory": 1408},
              {"id": 3, "scope": 3, "parent": 1, "entries": 4, "direct_bytes": 32, "peak_memory": 32},
              {"id": 4, "scope": 1, "parent": null, "entries": 1, "direct_bytes": 40, "peak_memory": 100},
              {"id": 5, "scope": 4, "parent": 4, "entries": 1, "direct_bytes": 60, "peak_memory": 60},
              {"id": 6, "scope": 5, "parent": 4, "entries": 1, "direct_bytes": 50, "peak_memory": 50}]}
EOF
output_is "folded: each frame as wide as its peak; siblings that exceed it share it" "main 76
main;checksum 1408
main;area 32
main 1
main;a 54
main;b 45" export --format=folded "$tap_tmp/flame.json"
run_ms export --format=folded "$tap_tmp/flame.json"
is "$st:$err:$(printf '%s\n' "$out" | awk '$1 ~ /^main/ { w[NR <= 3] += $2 } END { print w[1], w[0] }')" "0::1516 100" \
  "folded: the frames of main add up to its peak, 1516 and 100"

# chrome without a trace: thread lifetimes and peak counters, and a note.
run_ms export --format=chrome "$tap_tmp/threads.json"
printf '%s\n' "$out" >"$tap_tmp/c.json"
is "$st:$err" "0:memscope export: $tap_tmp/threads.json has no trace (MEMSCOPE_OPTIONS=trace=1 records one); the timeline shows thread lifetimes and peaks only" \
  "chrome without trace: the note"
jq_is "$tap_tmp/c.json" '.otherData.memscope_timeline' '"thread lifetimes only"' "chrome without trace: said in the file"
jq_is "$tap_tmp/c.json" '[.traceEvents[]|select(.ph=="M")|.args.name]' \
  '["scenario","scenario (thread 1)","scenario (thread 2)","scenario (thread 3)","scenario (thread 4)","scenario (thread 5)"]' \
  "chrome: process and thread names"
jq_is "$tap_tmp/c.json" '[.traceEvents[]|select(.ph=="X")|[.tid,.ts,.dur,.args.stack_bytes_peak]]' \
  '[[4242,0,8000,64],[4243,1000,6000,32],[4244,2000,5000,32],[4245,3000,4000,32],[4246,4000,3000,32]]' \
  "chrome: thread lifetimes in microseconds"
jq_is "$tap_tmp/c.json" '[.traceEvents[]|select(.ph=="C" and .tid==4242)|[.name,.ts,.args.bytes]]' \
  '[["stack bytes peak, thread 1",0,0],["stack bytes peak, thread 1",8000,64],["heap bytes peak, thread 1",0,0],["heap bytes peak, thread 1",8000,5248]]' \
  "chrome: peak counters, named after their thread"
# Viewers key counters on process and name: one name per thread, so that
# each thread's counter is a track of its own.
jq_is "$tap_tmp/c.json" '[.traceEvents[]|select(.ph=="C")|[.name,.tid]]|unique|group_by(.[0])|map(length)|unique' '[1]' \
  "chrome without trace: each counter name belongs to one thread"
jq_is "$tap_tmp/c.json" '[.traceEvents[]|select(.ph=="C" and (.name|startswith("stack")))|.name]|unique|length' 5 \
  "chrome without trace: five stack counters for five threads"

# chrome with a trace (the runtime's trace=1 shape): thread 1 runs
# main { leaf }, thread 2 worker { leaf } twice, and its buffer filled: the
# end of the last leaf was dropped, and one end lost its begin.
jq '.trace = [
      {"thread": 1, "dropped": 0, "events": [[1000000, "B", 3], [1100000, "B", 4], [1200000, "E", 4], [2000000, "E", 3]]},
      {"thread": 2, "dropped": 2, "events": [[1500000, "E", 2], [3000000, "B", 1], [3010000, "B", 2], [3020000, "E", 2],
                                             [3030000, "B", 2], [3100000, "E", 1]]}]' \
  "$tap_tmp/threads.json" >"$tap_tmp/traced.json"
run_ms export --format=chrome -o "$tap_tmp/t.json" "$tap_tmp/traced.json"
is "$st:$err" "0:" "chrome with trace: no note"
jq_is "$tap_tmp/t.json" '.otherData.memscope_timeline' '"trace"' "chrome with trace: said in the file"
jq_is "$tap_tmp/t.json" '[.traceEvents[]|select(.cat=="scope")|[.tid,.ph,.name,.ts]]' \
  '[[4242,"B","main",0],[4242,"B","leaf",100],[4242,"E","leaf",200],[4242,"E","main",1000],[4243,"B","worker",2000],[4243,"B","leaf",2010],[4243,"E","leaf",2020],[4243,"B","leaf",2030],[4243,"E","leaf",2100],[4243,"E","worker",2100]]' \
  "chrome with trace: begin/end pairs, a dropped end repaired"
jq_is "$tap_tmp/t.json" '[.traceEvents[]|select(.ph=="C")|[.tid,.ts,.args.bytes]]' \
  '[[4242,0,64],[4242,100,64],[4242,200,64],[4242,1000,0],[4243,2000,32],[4243,2010,32],[4243,2020,32],[4243,2030,32],[4243,2100,0]]' \
  "chrome with trace: live stack bytes counter"
jq_is "$tap_tmp/t.json" '[.traceEvents[]|select(.ph=="C")|.name]|unique' '["stack bytes, thread 1","stack bytes, thread 2"]' \
  "chrome with trace: one live stack bytes counter per thread"
jq_is "$tap_tmp/t.json" '[.traceEvents[]|select(.ph=="i")|[.tid,.args.dropped]]' '[[4243,2]]' \
  "chrome with trace: dropped events marked"
jq_is "$tap_tmp/t.json" '[.traceEvents[]|select(.ph=="B")|.args.context]' '[3,4,1,2,2]' "chrome: context ids in args"

# chrome from real traced runs (MEMSCOPE_OPTIONS=trace=1): pid and thread
# ids pinned, times kept as the runtime wrote them.
traced() { # NAME SCENARIO-ARGS...
  name=$1
  shift
  MEMSCOPE_OPTIONS=trace=1:output=$tap_tmp/$name.raw.json "$scenario" "$@" >/dev/null 2>&1
  jq -c '.pid = 4242 | .threads |= map(.tid = 4241 + .id)' "$tap_tmp/$name.raw.json" >"$tap_tmp/$name.json"
}
scope_events() { # CHROME-FILE TID: [ph, name] of its scope events, in order
  jq -c --argjson tid "$2" '[.traceEvents[]|select(.cat=="scope" and .tid==$tid)|[.ph,.name]]' "$1"
}
# ts in microseconds from the integer nanoseconds: an integer or at most
# three decimals, and exactly (t_ns - t0) / 1000 for every begin.
ts_exact() { # REPORT CHROME-FILE
  jq -n --slurpfile r "$1" --slurpfile c "$2" '
    $r[0] as $r
    | ([$r.threads[].created_at | select(. > 0)] + [$r.trace[].events[][0]] | min) as $t0
    | [$r.trace[].events[] | select(.[1] == "B") | (.[0] - $t0) / 1000]
      == [$c[0].traceEvents[] | select(.ph == "B") | .ts]'
}
short_ts() { # CHROME-FILE: timestamps written with more than 3 decimals
  grep -o '"\(ts\|dur\)":[^,}]*' "$1" | grep -c -v -E '^"(ts|dur)":-?[0-9]+(\.[0-9]{1,3})?$'
}

traced tnest nesting
run_ms export --format=chrome -o "$tap_tmp/tnest.trace.json" "$tap_tmp/tnest.json"
is "$st:$err" "0:" "real trace, nesting: exported without a note"
is "$(scope_events "$tap_tmp/tnest.trace.json" 4242)" \
  '[["B","leaf"],["E","leaf"],["B","main"],["B","{block@30}"],["E","{block@30}"],["B","{block@30}"],["E","{block@30}"],["E","main"],["B","leaf"],["E","leaf"]]' \
  "real trace, nesting: the constructor's leaf, main with two blocks inside, the destructor's leaf"
is "$(ts_exact "$tap_tmp/tnest.json" "$tap_tmp/tnest.trace.json")" true "real trace, nesting: ts exact in microseconds"
is "$(short_ts "$tap_tmp/tnest.trace.json")" 0 "real trace, nesting: ts as integers or 3 decimals"

traced tthreads threads 3
run_ms export --format=chrome -o "$tap_tmp/tthreads.trace.json" "$tap_tmp/tthreads.json"
is "$st:$err" "0:" "real trace, threads: exported without a note"
is "$(scope_events "$tap_tmp/tthreads.trace.json" 4242)" \
  '[["B","leaf"],["E","leaf"],["B","main"],["E","main"],["B","leaf"],["E","leaf"]]' \
  "real trace, threads: main thread"
round='["B","worker"],["B","leaf"],["E","leaf"],["E","worker"]'
bad=
for tid in 4243 4244 4245 4246; do
  [ "$(scope_events "$tap_tmp/tthreads.trace.json" $tid)" = "[$round,$round,$round]" ] || bad="$bad $tid"
done
is "$bad" "" "real trace, threads: each worker ran worker > leaf three times, on its own tid"
jq_is "$tap_tmp/tthreads.trace.json" '[.traceEvents[]|select(.cat=="scope")|.tid]|unique' '[4242,4243,4244,4245,4246]' \
  "real trace, threads: one tid per thread"
jq_is "$tap_tmp/tthreads.trace.json" \
  '[.traceEvents[]|select(.ph=="M" and .tid==4244)|.args.name]' '["scenario (thread 3)"]' \
  "real trace, threads: threads named by tid"
jq_is "$tap_tmp/tthreads.trace.json" \
  '[.traceEvents|group_by(.tid)[]|[.[]|select(.cat=="scope")|.ts]|. == sort]|all' true "real trace, threads: time runs forward per thread"
is "$(ts_exact "$tap_tmp/tthreads.json" "$tap_tmp/tthreads.trace.json")" true "real trace, threads: ts exact in microseconds"
is "$(short_ts "$tap_tmp/tthreads.trace.json")" 0 "real trace, threads: ts as integers or 3 decimals"

# What a trace viewer draws, by the Trace Event Format's rules (no viewer
# can be driven headless here: testsuite/cli/tracecheck.py applies the
# rules Perfetto and chrome://tracing apply): one thread track per
# thread, one counter track per thread, begin and end balanced per thread,
# time never going back.
tracecheck() { python3 "$top_srcdir/testsuite/cli/tracecheck.py" "$@"; }
run_ms export --format=chrome -o "$tap_tmp/tthreads.chrome.json" "$tap_tmp/tthreads.json"
tracecheck "$tap_tmp/tthreads.chrome.json" >"$tap_tmp/tc" 2>&1
is "$?:$(cat "$tap_tmp/tc")" "0:threads 5
track stack bytes, thread 1
track stack bytes, thread 2
track stack bytes, thread 3
track stack bytes, thread 4
track stack bytes, thread 5
spans 27
ok" "trace viewer's rules, real trace of 5 threads: 5 thread tracks, 5 counter tracks, 27 spans balanced"
tracecheck "$tap_tmp/t.json" >"$tap_tmp/tc" 2>&1
is "$?:$(cat "$tap_tmp/tc")" "0:threads 5
track stack bytes, thread 1
track stack bytes, thread 2
spans 5
ok" "trace viewer's rules, a trace with dropped events: balanced after repair"
tracecheck "$tap_tmp/c.json" >"$tap_tmp/tc" 2>&1
is "$?:$(sed -n '1p;$p' "$tap_tmp/tc")" "0:threads 5
ok" "trace viewer's rules, thread lifetimes only"
# The rules catch what the export used to write: every thread's counter
# under one name is one track.
jq '.traceEvents |= map(if .ph == "C" then .name = "stack bytes" else . end)' "$tap_tmp/tthreads.chrome.json" >"$tap_tmp/one-track.json"
tracecheck "$tap_tmp/one-track.json" >"$tap_tmp/tc" 2>&1
is "$?:$(tail -n 1 "$tap_tmp/tc")" "1:counter 'stack bytes' is one track for threads [4242, 4243, 4244, 4245, 4246]" \
  "trace viewer's rules: one counter name for five threads is refused"

run_ms export "$tap_tmp/threads.json"
is "$st:$err" "2:memscope export: no --format given (folded, chrome or html) (see memscope export --help)" "no --format"
run_ms export --format=folded --by=time "$tap_tmp/threads.json"
is "$st:$err" "2:memscope export: --by=time: expected stack, real or heap (see memscope export --help)" "--by=time refused"

done_testing

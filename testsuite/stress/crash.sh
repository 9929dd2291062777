#!/bin/sh
# crash.sh: SIGSEGV, SIGBUS and abort: the report is still written, with
# each thread's live scopes at the crash, then the signal takes its course
# (the same exit status as without memscope); crash_report=0 turns it off.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stress/lib.sh"
cd "$tap_tmp" || exit 1
ulimit -c 0

build c1 crash-1.c -O2 || { done_testing; exit; }
build_plain c1p crash-1.c -O2 || { done_testing; exit; }

# status_of COMMAND...: the exit status as the shell sees it (128 + signal).
status_of() {
  sh -c 'exec "$@"' sh "$@" >/dev/null 2>&1
  echo $?
}

for how in segv:11 bus:7 abort:6; do
  sig=${how#*:}
  how=${how%:*}
  plain=$(status_of ./c1p "$how")
  is "$plain" $((128 + sig)) "$how: the plain build dies of signal $sig"
  is "$(MEMSCOPE_OPTIONS=output=$how.json status_of ./c1 "$how")" "$plain" "$how: same exit status with memscope"
  jq_is $how.json '[.format, .crash.signal, .crash.thread]' "[\"memscope\",$sig,1]" "$how: the report has the crash, its signal and thread"
  jq_is $how.json '[.threads[] | [.id, .is_active, .open_scopes, .unmatched_exits]]' '[[1,true,3,0],[2,true,2,0]]' \
    "$how: each thread's scopes open at the crash"
  jq_is $how.json '[.contexts[] | select(.is_active) | .threads]' \
    '[[1],[1],[1],[2],[2]]' "$how: their contexts active, on their threads"
  jq_is $how.json '[.variables[] | select(.live > 0) | [.name, .live]] | sort' '[["cell",1],["frame",1],["parked",1],["t",1]]' \
    "$how: the variables live at the crash"
  is "$(MEMSCOPE_OPTIONS=output=$how-off.json:crash_report=0 status_of ./c1 "$how")" "$plain" "$how, crash_report=0: same exit status"
  ok "$how, crash_report=0: no report" test ! -e $how-off.json
done

# The crash in a second thread.
plain=$(status_of ./c1p thread)
is "$(MEMSCOPE_OPTIONS=output=thread.json status_of ./c1 thread)" "$plain" "segv in a thread: same exit status ($plain)"
jq_is thread.json '.crash.signal' 11 "segv in a thread: the signal"
jq_is thread.json '[.crash.thread as $t | .threads[] | select(.id == $t) | .open_scopes]' '[3]' \
  "segv in a thread: the crashing thread named, three scopes open"
jq_is thread.json '[.threads[] | .open_scopes] | sort' '[2,3]' "segv in a thread: main's two scopes open too"
jq_is thread.json '[.variables[] | select(.live > 0) | .name] | sort' '["cell","frame","t","t","waiting"]' "segv in a thread: the variables live at the crash (main's t and wait_for's)"

# Stack overflows: the handler runs on an alternate stack memscope gives
# each thread that has none, the report on a fresh stack.  256 bytes of
# locals per level, every level folded onto one context.
build c2 crash-2.c -O1 || { done_testing; exit; }
build_plain c2p crash-2.c -O1 || { done_testing; exit; }
for how in main thread own; do
  plain=$(status_of ./c2p $how)
  is "$plain" 139 "stack overflow ($how): the plain build dies of SIGSEGV"
  rm -f so-$how.json
  is "$(MEMSCOPE_OPTIONS=output=so-$how.json status_of ./c2 $how)" "$plain" "stack overflow ($how): same exit status with memscope"
  jq_is so-$how.json '[.crash.signal, (.crash.thread as $t | .threads[] | select(.id == $t) | .open_scopes > 1000)]' '[11,true]' \
    "stack overflow ($how): the report has the crash and the thousands of open scopes"
  jq_is so-$how.json '[.scopes[] | select(.name == "down") | .id] as $d | [.contexts[] | select(.scope == $d[0]) | [.folded, .is_active, .direct_bytes, (.peak_memory > 256000)]]' \
    '[[true,true,256,true]]' "stack overflow ($how): the recursion is one folded context, its peak the whole depth"
  jq_is so-$how.json '[.variables[] | select(.name == "pad") | .live > 1000]' '[true]' "stack overflow ($how): the live instances of pad"
done
is "$(MEMSCOPE_OPTIONS=output=none ./c2 own 2>/dev/null | head -1)" "own alternate stack in place" \
  "stack overflow (own): the program's own alternate stack stays its own"

# No crash: no crash object.
MEMSCOPE_OPTIONS=output=none.json ./c1 none >none.out 2>&1
is "$?" 0 "no crash: exit status"
jq_is none.json 'has("crash") and .crash != null' false "no crash: no crash in the report"

# A crash while other threads allocate.  The report is written by a copy
# of the process made at the crash, in which any lock another thread held
# stays held (glibc's arena locks, the heap lists' spin locks): the copy
# releases its own locks and allocates from fresh pages, never from glibc.
# 80 runs (about one in ten used to lose its report).
plain=$(status_of ./c1p busy)
lost=
statuses=
run=0
while [ $run -lt 80 ] && [ -z "$lost" ]; do
  run=$((run + 1))
  rm -f busy.json
  st=$(MEMSCOPE_OPTIONS=output=busy.json status_of ./c1 busy)
  [ "$st" = "$plain" ] || statuses="$statuses run $run: $st"
  jq -e '.crash.signal == 11' busy.json >/dev/null 2>&1 || lost="lost in run $run"
done
is "${statuses:-none}" none "crash while threads allocate: same exit status as the plain build ($plain) every run"
is "${lost:-none}" none "crash while threads allocate: the report written every time ($run runs)"
# The copy writing the report stops tracking, but heap tracking was on.
jq_is busy.json '[.heap.enabled, ([.threads[].total_allocations] | add) > 0]' '[true,true]' \
  "crash while threads allocate: heap.enabled, and the allocations counted"
is "$("$top_builddir/cli/memscope" summary busy.json | grep -c 'not tracked')" 0 \
  "crash while threads allocate: the summary does not call the heap untracked"
MEMSCOPE_OPTIONS=output=busy-noheap.json:heap=0 status_of ./c1 busy >/dev/null
jq_is busy-noheap.json '[.heap.enabled, ([.threads[].total_allocations] | add)]' '[false,0]' \
  "crash with heap=0: heap.enabled false, nothing counted"

done_testing

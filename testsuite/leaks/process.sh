#!/bin/sh
# process.sh: leaks at the edges of a process: exit() and _exit() from deep inside, from a thread, longjmp, a signal handler, fork.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each program's leak, known by construction, is written here: BYTES and
# BLOCKS.  See lib.sh for how each is checked against LeakSanitizer.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

#     name         source         bytes blocks  what
check exit-1       exit-1.c          72      3  "exit() 40 frames deep"
check exit-2       exit-2.c          80      1  "exit() from a thread while main waits"
check longjmp-1    longjmp-1.c       96      1  "a frame abandoned by longjmp"
check signal-1     signal-1.c        36      1  "blocks allocated in a signal handler"
#          name    source     parent  child  inherited
check_fork fork-1  fork-1.c   "160 2" "40 1" "100 1" "leaks before and after fork, in the child"
check_fork fork-2  fork-2.c   "0 0"   "72 1" "0 0"   "a child exits from deep inside"

# check_vg NAME SRC STATUS BYTES BLOCKS WHAT: a program that ends with
# _exit or _Exit, where LeakSanitizer checks nothing: memcheck, on the
# plain build, must find BYTES in BLOCKS definitely and indirectly lost,
# and memscope the same, with the plain build's exit status and output.
check_vg() {
  if ! command -v valgrind >/dev/null; then
    tap_result 0 "$1: # SKIP valgrind is not installed"
    return
  fi
  if MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
       "$top_builddir/tools/memscope-gcc" -O2 -pthread -I"$inputs" "$inputs/$2" -o "$1-ms" >"$1.log" 2>&1 &&
     gcc -O2 -pthread -I"$inputs" "$inputs/$2" -o "$1-plain" >>"$1.log" 2>&1; then
    tap_result 0 "$1: built plain and with memscope"
  else
    tap_result 1 "$1: built plain and with memscope"
    sed 's/^/# /' "$1.log"
    return
  fi
  valgrind --leak-check=full "./$1-plain" >"$1.vg.out" 2>"$1.vg.err"
  vg_status=$?
  vg=$(sed -n 's/.*\(definitely\|indirectly\) lost: \([0-9,]*\) bytes in \([0-9,]*\) blocks.*/\2 \3/p' "$1.vg.err" |
         tr -d , | awk '{ b += $1; n += $2 } END { print b + 0, n + 0 }')
  is "$vg_status $vg" "$3 $4 $5" "$1: memcheck finds $4 bytes in $5 blocks lost, exit status $3 ($6)"
  "./$1-plain" >"$1.plain.out" 2>&1
  plain_status=$?
  got= r=1
  while [ "$r" -le "$runs" ]; do
    rm -f "$1".ms.$r.*.json
    ms_run "$1" "$r"
    got="$got$? $(cmp -s "$1.ms.$r.out" "$1.plain.out" && echo same || echo differs): $(jq -r "$leaked" "$1".ms.$r.*.json 2>&1); "
    r=$((r + 1))
  done
  want=$(r=1; while [ "$r" -le "$runs" ]; do printf '%s same: %s %s %s %s 0 0; ' "$plain_status" "$4" "$5" "$4" "$5"; r=$((r + 1)); done)
  is "$got" "$want" "$1: memscope finds the same, $runs runs of $runs, with plain's status and output"
}

#        name    source   status bytes blocks  what
check_vg exit-3  exit-3.c   5      72     3    "_exit() 40 frames deep, stdout unflushed"
check_vg exit-4  exit-4.c   6      80     1    "_Exit() from a thread while main waits"

# _exit from a signal handler: no report (the handler may have interrupted
# the allocator), the status and output as plain's, and at once.
if MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
     "$top_builddir/tools/memscope-gcc" -O2 -I"$inputs" "$inputs/exit-handler.c" -o exit-handler-ms >exit-handler.log 2>&1; then
  rm -f exit-handler.*.json
  MEMSCOPE_OPTIONS="output=$tap_tmp/exit-handler.%p.json" ./exit-handler-ms >exit-handler.out 2>&1
  is "$?:$(cat exit-handler.out):$(ls exit-handler.*.json 2>/dev/null)" "8::" \
    "_exit() in a signal handler: exit status 8, nothing printed, no report"
else
  tap_result 1 "exit-handler.c: built with memscope"
  sed 's/^/# /' exit-handler.log
fi

# A report taken while the program runs stops no thread (a signal would cut
# the other thread's nanosleep short: EINTR, 4).
if MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
     "$top_builddir/tools/memscope-gcc" -O2 -pthread "$inputs/dump-1.c" -o dump-ms >dump.log 2>&1; then
  is "$(MEMSCOPE_OPTIONS=output=none ./dump-ms "$tap_tmp/dump.json")" "0 1" \
    "memscope_dump while a thread sleeps: its nanosleep runs its whole time"
  jq_is dump.json '[(.threads | length), .heap.enabled]' '[2,true]' "memscope_dump while a thread sleeps: the report"
else
  tap_result 1 "dump-1.c: built with memscope"
  sed 's/^/# /' dump.log
fi

done_testing

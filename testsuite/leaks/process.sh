#!/bin/sh
# process.sh: leaks at the edges of a process: exit() from deep inside, from a thread, longjmp, a signal handler, fork.
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

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

done_testing

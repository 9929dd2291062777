#!/bin/sh
# threads.sh: leaks and threads: blocks held by ended threads' stacks and TLS, threads still running at exit, their dead stack.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each program's leak, known by construction, is written here: BYTES and
# BLOCKS.  See lib.sh for how each is checked against LeakSanitizer.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

#     name         source         bytes blocks  what
check ended-1      ended-1.c        300      3  "held by ended threads' stacks"
check ended-2      ended-2.c        136      2  "held by an ended thread's __thread and pthread_setspecific"
check ended-3      ended-3.c         80      2  "handed over, dropped, freed by another thread, detached"
check ended-4      ended-4.c         96      2  "producer and consumer"
check ended-5      ended-5.c        390     20  "twenty threads"
check ended-6      ended-6.c        256      1  "an ended thread's stack reused by a new thread"
check running-1    running-1.c       48      1  "a thread blocked at exit keeps its live frame's block"
check running-2    running-2.c      128      1  "a running thread's dead stack keeps nothing"
check running-3    running-3.c       40      1  "a running thread's TLS; a spinning thread"
check running-4    running-4.c       32      1  "a running thread memscope never saw"

done_testing

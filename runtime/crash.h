/* crash.h: a report even when the program crashes.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_CRASH_H
#define MEMSCOPE_CRASH_H

#include <glib.h>
#include <sys/types.h>

#include "hotpath.h"

typedef struct
{
  int signal;
  guintptr address;       /* si_addr */
  guint64 thread;         /* the crashing thread's id, 0 if it ran no instrumented code */
  pid_t pid;              /* the crashed process */
  guintptr sp;            /* the crashing thread's stack pointer and registers at the crash */
  guintptr regs[16];      /* (roots of the leak check in the report written for it) */
} MsCrash;

/* Installs the crash handlers (unless crash_report=0, or the program's
 * environment already set a handler).  @writer runs in a copy of the
 * crashed process and writes the report for @pid. */
void ms_crash_install (void (*writer) (pid_t pid));

/* A thread's alternate signal stack, for a report of a stack overflow:
 * given when the thread is set up, taken back at its end.  @t is the
 * calling thread (sigaltstack's is the caller's); crash.c keeps the
 * stack in a thread-local variable of its own. */
void ms_crash_thread_start (MsThread *t);
void ms_crash_thread_stop (MsThread *t);

/* What crashed, in the report's process; NULL if nothing did. */
const MsCrash *ms_crash_info (void);

#endif /* MEMSCOPE_CRASH_H */

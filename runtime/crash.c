/* crash.c: a report even when the program crashes.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * On SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL and SIGTRAP the handler
 * writes the report, with every thread's live scopes and variables at the
 * moment of the crash, then lets the signal take its course: the default
 * action, the same exit status and core dump as without memscope.
 *
 * A crashing process may hold any lock (a malloc arena's, the registry's),
 * so the handler itself calls nothing that can block.  It forks with the
 * raw system call (no atfork handlers), and the child, a copy of the
 * process frozen at the crash, writes the report; the parent waits for it
 * a bounded time, then kills it if it is stuck.  Only async-signal-safe
 * calls run in the crashing process.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crash.h"
#include "hotpath.h"
#include "options.h"

static const int ms_crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP };

static volatile sig_atomic_t ms_crashing;
static MsCrash ms_crash;
static void (*ms_crash_writer) (pid_t pid);

const MsCrash *
ms_crash_info (void)
{
  return ms_crash.signal ? &ms_crash : NULL;
}

static void
wait_bounded (pid_t child)
{
  struct timespec tick = { 0, 10 * 1000 * 1000 };
  int status, i;

  for (i = 0; i < 1000; i++)           /* 10 seconds */
    {
      pid_t r = waitpid (child, &status, WNOHANG);
      if (r == child || (r < 0 && errno != EINTR))
        return;
      nanosleep (&tick, NULL);
    }
  kill (child, SIGKILL);
  waitpid (child, &status, 0);
}

static void
on_crash (int sig, siginfo_t *info, void *context)
{
  int saved_errno = errno;
  struct sigaction dfl;
  pid_t child;

  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction (sig, &dfl, NULL);

  if (!ms_crashing)
    {
      ms_crashing = 1;
      ms_crash.signal = sig;
      ms_crash.address = info->si_code > 0 ? (guintptr) info->si_addr : 0;  /* a fault's address */
      ms_crash.thread = ms_self.id;
      ms_crash.pid = getpid ();
      child = (pid_t) syscall (SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
      if (child == 0)
        {
          ms_crash_writer (ms_crash.pid);
          _exit (0);
        }
      if (child > 0)
        wait_bounded (child);
    }

  errno = saved_errno;
  /* A fault comes back when the handler returns, now with the default
   * action; a signal that was sent must be sent again. */
  if (info->si_code <= 0 || sig == SIGABRT)
    raise (sig);
}

void
ms_crash_install (void (*writer) (pid_t pid))
{
  struct sigaction sa, old;
  gsize i;

  if (!ms_options.crash_report)
    return;
  ms_crash_writer = writer;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_crash;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset (&sa.sa_mask);
  for (i = 0; i < G_N_ELEMENTS (ms_crash_signals); i++)
    {
      /* Never in the way of a handler the program (or its environment)
       * already chose. */
      if (sigaction (ms_crash_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL
          && !(old.sa_flags & SA_SIGINFO))
        sigaction (ms_crash_signals[i], &sa, NULL);
    }
}

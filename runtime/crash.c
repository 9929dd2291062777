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
 *
 * A stack overflow is a crash too, and the one a memory tool is most asked
 * about: each thread that runs instrumented code gets an alternate signal
 * stack (unless it has one already, as AddressSanitizer does), so that the
 * handler has a stack to run on, and the child writes the report on a
 * fresh stack of its own.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash.h"
#include "hotpath.h"
#include "options.h"

static const int ms_crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP };

/* The handler's alternate stack (it only forks and waits), with a guard
 * page below it; and the stack the report is written on. */
#define MS_ALTSTACK_BYTES (64u << 10)
#define MS_GUARD_BYTES (4u << 10)
#define MS_WRITER_STACK_BYTES (8u << 20)

static volatile sig_atomic_t ms_crashing;
static MsCrash ms_crash;
static void (*ms_crash_writer) (pid_t pid);
/* The calling thread's alternate signal stack, if memscope gave it one. */
static __thread guint8 *ms_altstack __attribute__ ((tls_model ("initial-exec")));

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
write_report (void)
{
  ms_crash_writer (ms_crash.pid);
  _exit (0);
}

/* In the copy of the process: the stack it runs on may be the little
 * alternate one, or what was left of an overflowed one.  The report is
 * written on a fresh stack. */
G_GNUC_NORETURN static void
writer_child (void)
{
  static ucontext_t uc;
  void *stack = mmap (NULL, MS_WRITER_STACK_BYTES, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);

  if (stack != MAP_FAILED && getcontext (&uc) == 0)
    {
      uc.uc_stack.ss_sp = stack;
      uc.uc_stack.ss_size = MS_WRITER_STACK_BYTES;
      uc.uc_link = NULL;
      makecontext (&uc, write_report, 0);
      setcontext (&uc);
    }
  write_report ();
  _exit (0);
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
#if defined(__x86_64__)
      {
        const ucontext_t *uc = context;
        int i;

        for (i = 0; i < (int) G_N_ELEMENTS (ms_crash.regs); i++)
          ms_crash.regs[i] = (guintptr) uc->uc_mcontext.gregs[i];
        ms_crash.sp = (guintptr) uc->uc_mcontext.gregs[REG_RSP];
      }
#endif
      child = (pid_t) syscall (SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
      if (child == 0)
        writer_child ();
      if (child > 0)
        wait_bounded (child);
    }

  errno = saved_errno;
  /* A fault comes back when the handler returns, now with the default
   * action; a signal that was sent must be sent again. */
  if (info->si_code <= 0 || sig == SIGABRT)
    raise (sig);
}

/* BYTES for the thread's alternate signal stack: below its own stack, in
 * the first free place within 64 MiB under it (a created thread's stack
 * sits at the top of the gap it was given; the runtime's own mappings
 * since then came right under it).  One above it would send the thread to
 * the slow path (hotpath.c, thread_limit_set).  Anywhere when there is no
 * room, and for the main thread, whose stack grows down to its limit and
 * has every mapping below that anyway. */
static guint8 *
altstack_map (MsThread *t, gsize bytes)
{
  const int prot = PROT_READ | PROT_WRITE;
  const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK;
  int saved_errno = errno;
  guintptr at = gettid () != getpid () ? t->stack_lo : 0;
  guint8 *mem;

  for (int i = 0; i < 1024 && at > 2 * bytes; i++)
    {
      at -= bytes;
      mem = mmap ((void *) at, bytes, prot, flags | MAP_FIXED_NOREPLACE, -1, 0);
      if (mem == (guint8 *) at)
        {
          errno = saved_errno;
          return mem;
        }
      if (mem != MAP_FAILED)
        munmap (mem, bytes);  /* a kernel without MAP_FIXED_NOREPLACE: a hint */
      else if (errno != EEXIST)
        break;
    }
  errno = saved_errno;
  return mmap (NULL, bytes, prot, flags, -1, 0);
}

/* Gives the calling thread an alternate signal stack, unless crash reports
 * are off or the thread has one already. */
void
ms_crash_thread_start (MsThread *t)
{
  stack_t ss, old;
  guint8 *mem;

  if (ms_crash_writer == NULL || ms_altstack != NULL)
    return;
  if (sigaltstack (NULL, &old) != 0 || !(old.ss_flags & SS_DISABLE))
    return;
  mem = altstack_map (t, MS_GUARD_BYTES + MS_ALTSTACK_BYTES);
  if (mem == MAP_FAILED)
    return;
  mprotect (mem, MS_GUARD_BYTES, PROT_NONE);
  ss.ss_sp = mem + MS_GUARD_BYTES;
  ss.ss_size = MS_ALTSTACK_BYTES;
  ss.ss_flags = 0;
  if (sigaltstack (&ss, NULL) != 0)
    {
      munmap (mem, MS_GUARD_BYTES + MS_ALTSTACK_BYTES);
      return;
    }
  ms_altstack = mem;
}

/* At thread exit: takes the thread's alternate stack back, if it is still
 * the one in use (the program may have installed its own since). */
void
ms_crash_thread_stop (MsThread *t)
{
  stack_t cur, off = { .ss_flags = SS_DISABLE };
  guint8 *mem = ms_altstack;

  if (mem == NULL)
    return;
  ms_altstack = NULL;
  if (sigaltstack (NULL, &cur) != 0 || (cur.ss_flags & SS_ONSTACK))
    return;                   /* on it now: leave it, and the memory */
  if (!(cur.ss_flags & SS_DISABLE) && cur.ss_sp == mem + MS_GUARD_BYTES)
    {
      if (sigaltstack (&off, NULL) != 0)
        return;
    }
  else if (!(cur.ss_flags & SS_DISABLE))
    return;                   /* the program's own: it may put ours back later, so ours stays mapped */
  munmap (mem, MS_GUARD_BYTES + MS_ALTSTACK_BYTES);
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
  if (ms_self.limit != NULL)
    ms_crash_thread_start (&ms_self);
}

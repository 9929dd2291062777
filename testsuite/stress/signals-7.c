/* signals-7.c: a signal that comes while a thread sets itself up in the
   runtime (under the registry lock), whose handler leaves by siglongjmp.
   Run under a debugger that stops the thread there and delivers SIGUSR1:
   the runtime holds the signal back until the thread is set up, so the
   handler neither leaves the lock held (the report would wait for it
   forever) nor finds the thread half set up.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the array p points to.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static sigjmp_buf back;
static volatile int jumped;

__attribute__ ((noinline)) static int
work (int n)
{
  char a[16];
  memset (a, n, sizeof a);
  KEEP (a);
  return a[1];
}

static void
on_signal (int sig)
{
  int frame[4];
  frame[0] = sig;
  KEEP (frame);
  siglongjmp (back, frame[0]);
}

/* Not instrumented: the thread's first event is work's entry, after the
   sigsetjmp the handler comes back to.  */
__attribute__ ((no_instrument_function)) static void *
worker (void *arg)
{
  int sum = 0;

  (void) arg;
  if (sigsetjmp (back, 1) != 0)
    jumped++;
  sum += work (jumped + 1);
  sum += work (jumped + 2);
  return (void *) (long) sum;
}

int
main (void)
{
  struct sigaction sa;
  pthread_t th;
  void *sum;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction (SIGUSR1, &sa, NULL);
  pthread_create (&th, NULL, worker, NULL);
  pthread_join (th, &sum);
  printf ("jumped %d, sum %ld\n", jumped, (long) sum);
  return 0;
}

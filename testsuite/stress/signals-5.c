/* signals-5.c: a 50 us timer whose instrumented handler (scopes and
   arrays, no malloc) lands on threads being born and dying: 2,000
   short-lived threads, 8 at a time, so handlers run before a thread's
   first scope, during its teardown and in the middle of its calls.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#define THREADS 2000
#define BATCH 8

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the array p points to in the frame, and
   the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static volatile sig_atomic_t ticks;

__attribute__ ((noinline)) static int
in_handler (int sig)
{
  char note[48];
  memset (note, sig, sizeof note);
  KEEP (note);
  return note[5];
}

static void
on_alarm (int sig)
{
  int frame[2];
  frame[0] = in_handler (sig);
  KEEP (frame);
  if (frame[0] == sig)
    ticks++;
}

__attribute__ ((noinline)) static long
step (long n)
{
  char scratch[32];
  memset (scratch, (int) n, sizeof scratch);
  KEEP (scratch);
  return scratch[n & 31];
}

static void *
worker (void *arg)
{
  long total = 0;
  for (long i = 0; i < 50; i++)
    {
      long cell[2];
      cell[i & 1] = step ((long) arg + i);
      KEEP (cell);
      total += cell[i & 1];
    }
  return (void *) total;
}

int
main (void)
{
  struct sigaction sa;
  struct itimerval it = { { 0, 50 }, { 0, 50 } };
  pthread_t t[BATCH];
  long sum = 0;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction (SIGALRM, &sa, NULL);
  setitimer (ITIMER_REAL, &it, NULL);
  for (long base = 0; base < THREADS; base += BATCH)
    {
      for (long i = 0; i < BATCH; i++)
        while (pthread_create (&t[i], NULL, worker, (void *) (base + i)) != 0)
          ;
      for (int i = 0; i < BATCH; i++)
        {
          void *ret;
          while (pthread_join (t[i], &ret) != 0)
            ;
          sum += (long) ret;
        }
    }
  memset (&it, 0, sizeof it);
  setitimer (ITIMER_REAL, &it, NULL);
  printf ("%ld\n", sum);
  fprintf (stderr, "%d\n", (int) ticks);
  return 0;
}

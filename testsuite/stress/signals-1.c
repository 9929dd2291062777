/* signals-1.c: an instrumented SIGALRM handler (its own scopes, arrays, a
   malloc and a free) interrupting instrumented code every 50 us.  The
   computation must give the same result with and without the timer.
   Usage: signals-1 [rounds] [0: no timer]
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static volatile sig_atomic_t ticks;
static volatile unsigned long handler_sum;

__attribute__ ((noinline)) static unsigned long
in_handler (int depth)
{
  char scratch[64];
  memset (scratch, depth, sizeof scratch);
  KEEP (scratch);
  if (depth > 0)
    {
      int more[4];
      more[depth % 4] = (int) in_handler (depth - 1);
      KEEP (more);
      return scratch[1] + more[depth % 4];
    }
  char *p = malloc (24);
  KEEP (p);
  p[0] = scratch[0];
  unsigned long r = (unsigned char) p[0];
  free (p);
  return r;
}

static void
on_alarm (int sig)
{
  long frame[3];
  frame[0] = sig;
  KEEP (frame);
  handler_sum += in_handler (2) + (unsigned long) frame[0];
  ticks++;
}

__attribute__ ((noinline)) static unsigned long
mix (unsigned long h, int depth)
{
  unsigned char buf[32];
  for (int i = 0; i < 32; i++)
    buf[i] = (unsigned char) (h >> (i % 8) * 8) ^ (unsigned char) i;
  KEEP (buf);
  if (depth > 0)
    {
      unsigned long inner[2];
      inner[0] = mix (h * 31 + buf[depth], depth - 1);
      KEEP (inner);
      inner[1] = inner[0] ^ buf[7];
      h ^= inner[1];
    }
  for (int i = 0; i < 32; i++)
    h = h * 1099511628211ul ^ buf[i];
  return h;
}

int
main (int argc, char **argv)
{
  long rounds = argc > 1 ? atol (argv[1]) : 100000;
  int timer = argc > 2 ? atoi (argv[2]) : 1;
  struct sigaction sa;
  struct itimerval it = { { 0, 50 }, { 0, 50 } };
  unsigned long h = 14695981039346656037ul;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction (SIGALRM, &sa, NULL);
  if (timer)
    setitimer (ITIMER_REAL, &it, NULL);
  for (long r = 0; r < rounds; r++)
    {
      unsigned long round[2];
      round[r & 1] = mix (h + (unsigned long) r, 6);
      KEEP (round);
      h ^= round[r & 1];
    }
  memset (&it, 0, sizeof it);
  setitimer (ITIMER_REAL, &it, NULL);
  printf ("%lx\n", h);
  /* Each handler run adds in_handler's value (a function of the depth
     only) plus the signal number. */
  fprintf (stderr, "%ld %d\n", (long) ticks, handler_sum == (unsigned long) ticks * (in_handler (2) + SIGALRM));
  return 0;
}

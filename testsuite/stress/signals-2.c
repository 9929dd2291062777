/* signals-2.c: signal handlers that siglongjmp out of nested scopes.
   Part 1: 1,000 times, code 8 scopes deep raises SIGUSR1; the handler
   enters its own scopes and siglongjmps back to main.
   Part 2: a 100 us SIGALRM timer whose handler siglongjmps out of a deep
   recursion wherever it happens to be, until 500 jumps were taken.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static sigjmp_buf back;
static volatile sig_atomic_t armed;
static volatile long sink;

__attribute__ ((noinline)) static void
handler_work (int sig)
{
  char note[40];
  memset (note, sig, sizeof note);
  KEEP (note);
  sink += note[3];
}

static void
on_signal (int sig)
{
  int frame[6];
  frame[0] = sig;
  KEEP (frame);
  handler_work (frame[0]);
  if (armed)
    {
      armed = 0;
      siglongjmp (back, sig);
    }
}

__attribute__ ((noinline)) static long
descend (int depth, int raise_at)
{
  char frame[24];
  memset (frame, depth, sizeof frame);
  KEEP (frame);
  if (depth == raise_at)
    {
      int block[3];
      block[0] = frame[0];
      KEEP (block);
      raise (SIGUSR1);
      sink += block[0];
      return -1;              /* never reached */
    }
  return descend (depth + 1, raise_at) + frame[1];
}

__attribute__ ((noinline)) static unsigned long
spin (unsigned long h, int depth)
{
  unsigned char buf[16];
  for (int i = 0; i < 16; i++)
    buf[i] = (unsigned char) (h >> i) ^ (unsigned char) depth;
  KEEP (buf);
  if (depth > 0)
    {
      unsigned long inner[2];
      inner[depth & 1] = spin (h * 33 + buf[depth % 16], depth - 1);
      KEEP (inner);
      h ^= inner[depth & 1];
    }
  return h * 1099511628211ul ^ buf[5];
}

int
main (void)
{
  struct sigaction sa;
  static volatile long jumps, jumped;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction (SIGUSR1, &sa, NULL);
  sigaction (SIGALRM, &sa, NULL);

  for (int i = 0; i < 1000; i++)
    {
      if (sigsetjmp (back, 1) == 0)
        {
          armed = 1;
          descend (0, 7);
        }
      else
        jumps++;
    }
  printf ("raise: %ld jumps\n", jumps);

  struct itimerval it = { { 0, 100 }, { 0, 100 } };
  volatile unsigned long h = 1;
  if (sigsetjmp (back, 1) != 0)
    jumped++;
  if (jumped < 500)
    {
      if (jumped == 0)
        setitimer (ITIMER_REAL, &it, NULL);
      armed = 1;
      for (;;)
        h = spin (h, 12);
    }
  memset (&it, 0, sizeof it);
  setitimer (ITIMER_REAL, &it, NULL);
  armed = 0;
  printf ("timer: %ld jumps\n", jumped);
  return 0;
}

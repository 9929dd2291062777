/* signals-6.c: a signal handler that siglongjmps out of the runtime itself.
   Run under a debugger that stops the program in the runtime's node
   allocation while main enters `first` (a new context) and delivers SIGUSR1
   there: the handler's own scopes get contexts of their own meanwhile (in
   memory apart from the arena the allocation it interrupted is using), and
   it jumps back to main, leaving that allocation unfinished.  The contexts
   created after the jump (`second`, under main) are recorded as usual.
   With an argument (any), the handler returns instead, and the allocation
   it interrupted completes: two contexts made under main at once, that one
   and the handler's `on_signal`.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the array p points to.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static sigjmp_buf back;
static int jump = 1;

/* The debugger's breakpoint: from here on, the next node allocation is
   first's.  */
__attribute__ ((noinline)) void
signals6_armed (void)
{
  __asm__ __volatile__ ("");
}

__attribute__ ((noinline)) static int
handler_work (int sig)
{
  char note[40];
  memset (note, sig, sizeof note);
  KEEP (note);
  return note[3];
}

static void
on_signal (int sig)
{
  int frame[6];
  frame[0] = handler_work (sig);
  KEEP (frame);
  if (jump)
    siglongjmp (back, frame[0]);
}

__attribute__ ((noinline)) static int
first (int n)
{
  char a[32];
  memset (a, n, sizeof a);
  KEEP (a);
  return a[5];
}

__attribute__ ((noinline)) static int
second (int n)
{
  char b[48];
  memset (b, n, sizeof b);
  KEEP (b);
  return b[7];
}

int
main (int argc, char **argv)
{
  struct sigaction sa;
  int got, sum = 0;

  (void) argv;
  jump = argc < 2;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction (SIGUSR1, &sa, NULL);
  got = sigsetjmp (back, 1);
  if (got == 0)
    {
      signals6_armed ();
      sum = first (1);
      printf ("not interrupted: %d\n", sum);
    }
  else
    printf ("jumped: %d\n", got);
  sum += second (2) + second (3);
  printf ("sum: %d\n", sum);
  return 0;
}

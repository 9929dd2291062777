/* offstack-1.c: function entries on an alternate signal stack, left out
 * of the thread's stack figures and counted apart: SIGNALS signals, each
 * handled on the program's own sigaltstack by on_signal, which calls
 * work DEPTH + 1 times (a recursion): SIGNALS x (DEPTH + 2) entries.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline))
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

#define SIGNALS 3
#define DEPTH 4

static volatile int sink;

NOINLINE static int
work (int depth)
{
  char buf[64];

  memset (buf, depth, sizeof buf);
  KEEP (buf);
  return buf[0] + (depth > 0 ? work (depth - 1) : 0);
}

NOINLINE static void
on_signal (int sig)
{
  char note[32];

  memset (note, sig, sizeof note);
  KEEP (note);
  sink += work (DEPTH);
}

int
main (void)
{
  stack_t alt = { .ss_size = 1 << 16 };
  struct sigaction sa;
  int i;

  alt.ss_sp = malloc (alt.ss_size);
  if (alt.ss_sp == NULL || sigaltstack (&alt, NULL) != 0)
    return 1;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK;
  sigaction (SIGUSR1, &sa, NULL);
  for (i = 0; i < SIGNALS; i++)
    raise (SIGUSR1);
  printf ("%d\n", sink + work (2));
  return 0;
}

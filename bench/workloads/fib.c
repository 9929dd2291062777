/* fib.c: the call-heavy workload.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Recursive fib, kept out of line.  The argument varies from one outer
 * iteration to the next: an uninstrumented fib is const and repeated calls
 * with one argument could be folded.  GCC turns the second recursive call
 * into a loop (tail recursion with an accumulator) unless per-call hooks
 * (-finstrument-functions) prevent it, so the builds make different numbers
 * of calls: units counts the calls of the source program, and rec.c is the
 * recursion that compares per call.
 */
#include "workloads.h"

__attribute__ ((noinline)) static unsigned long
fib (unsigned n)
{
  return n < 2 ? n : fib (n - 1) + fib (n - 2);
}

/* Calls fib (n) makes, itself included: 2 fib (n + 1) - 1. */
static unsigned long
fib_calls (unsigned n)
{
  unsigned long a = 0, b = 1;

  while (n-- > 0)
    {
      unsigned long c = a + b;
      a = b;
      b = c;
    }
  return 2 * b - 1;      /* b == fib (n + 1) */
}

unsigned long
wl_fib (unsigned long k, unsigned long *units)
{
  unsigned long sum = 0, r;

  for (r = 0; r < 8 * k; r++)
    {
      unsigned n = 24 + (unsigned) (r % 4);
      sum = sum * 31 + fib (n);
      *units += fib_calls (n);
    }
  return sum;
}

/* vla-2.c: alloca called inside a block that registered a VLA, with
 * floating-point values live in vector registers across both calls.  The
 * alloca's slot goes below the block's VLA (the runtime moves the VLA's
 * up), and that runs from the trampoline, which saves only the general
 * registers: the values must come out as plain's.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <alloca.h>
#include <stdio.h>
#include <string.h>

__attribute__ ((noinline)) static void
use (char *p, int n)
{
  __asm__ __volatile__ ("" : : "r" (p), "r" (n) : "memory");
}

__attribute__ ((noinline)) static double
mix (int n, double a, double b)
{
  double s = 0;

  for (int k = 1; k <= 3; k++)
    {
      char vla[n * k];
      double x = a * 3.0 * k, y = b * 5.0 + k;

      memset (vla, 1, sizeof vla);
      use (vla, n * k);
      char *p = alloca (n + k);
      memset (p, 2, n + k);
      use (p, n + k);
      s += x / y + vla[0] + p[n];
    }
  return s;
}

int
main (int argc, char **argv)
{
  double a = argc > 5 ? 1.5 : 2.25, b = argc > 6 ? 7.0 : 3.125;

  (void) argv;
  printf ("%.6f\n", mix (40, a, b));
  return 0;
}

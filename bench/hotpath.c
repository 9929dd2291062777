/* hotpath.c: the instrumentation entry points in tight loops, called from
 * this object as plugin-generated code calls them.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: hotpath MODE N   (MODE: empty, pair, var, block, recursion)
 * Prints nanoseconds per iteration; bench/hotpath.sh turns callgrind
 * instruction counts into instructions per event.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memscope-abi.h"

#define ABI MEMSCOPE_ABI_VERSION

static const __memscope_scope_desc fn_scope = { ABI, MEMSCOPE_SCOPE_FUNCTION, "loop", "hotpath.c", 1, 0, NULL, 0, 0, NULL };
static const __memscope_var_desc block_vars[] = { { "buf", "char[64]", "hotpath.c", 3, 0, 64 } };
static const __memscope_scope_desc block_scope = { ABI, MEMSCOPE_SCOPE_BLOCK, "loop", "hotpath.c", 2, 1, &fn_scope, 1, 0, block_vars };
static const __memscope_var_desc rec_vars[] = { { "frame", "int[4]", "hotpath.c", 5, 0, 16 } };
static const __memscope_scope_desc rec_scope = { ABI, MEMSCOPE_SCOPE_FUNCTION, "rec", "hotpath.c", 4, 0, NULL, 1, 0, rec_vars };

__attribute__ ((noinline)) static void
empty (void)
{
  __asm__ volatile ("" ::: "memory");
}

__attribute__ ((noinline)) static unsigned
rec (unsigned n)
{
  int frame[4];
  unsigned r;

  __memscope_enter (&rec_scope);
  __memscope_var (&rec_vars[0], frame);
  frame[0] = n;
  __asm__ volatile ("" : : "r" (frame) : "memory");
  r = n ? rec (n - 1) + frame[0] : 0;
  __memscope_exit (&rec_scope);
  return r;
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "pair";
  long i, n = argc > 2 ? atol (argv[2]) : 10000000;
  char buf[64];
  double t0, t1;
  unsigned sink = 0;

  __memscope_enter (&fn_scope);   /* the loop runs inside a function scope */
  t0 = now ();
  if (strcmp (mode, "empty") == 0)
    for (i = 0; i < n; i++)
      empty ();
  else if (strcmp (mode, "pair") == 0)
    for (i = 0; i < n; i++)
      {
        __memscope_enter (&block_scope);
        __memscope_exit (&block_scope);
      }
  else if (strcmp (mode, "var") == 0)
    for (i = 0; i < n; i++)
      {
        __memscope_enter (&block_scope);
        __memscope_var (&block_vars[0], buf);
        __memscope_exit (&block_scope);
      }
  else if (strcmp (mode, "recursion") == 0)
    for (i = 0; i < n / 100; i++)
      sink += rec (99);
  else
    {
      fprintf (stderr, "unknown mode %s\n", mode);
      return 2;
    }
  t1 = now ();
  __memscope_exit (&fn_scope);
  printf ("%s: %.2f ns per iteration (%u)\n", mode, (t1 - t0) / n, sink);
  return 0;
}

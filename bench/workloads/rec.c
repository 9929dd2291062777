/* rec.c: a recursion that every build makes call by call.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * walk (d) calls itself twice, the second call's argument depending on the
 * first call's result, and mixes both results with xor: GCC cannot turn
 * either call into a loop (there is no accumulator for xor), so plain code,
 * the floor and memscope all make 2^(d+1) - 1 calls for one walk (d), and
 * the cost per call compares like for like (fib.c's plain build makes
 * about half of its source's calls).
 */
#include "workloads.h"

__attribute__ ((noinline)) static unsigned long
walk (unsigned depth, unsigned long seed)
{
  unsigned long left, right;

  if (depth == 0)
    return seed ^ (seed >> 7);
  left = walk (depth - 1, seed * 3 + 1);
  right = walk (depth - 1, left + seed);
  return (left << 1) ^ right ^ depth;
}

unsigned long
wl_rec (unsigned long k, unsigned long *units)
{
  unsigned long sum = 0, r;

  for (r = 0; r < 4 * k; r++)
    {
      unsigned depth = 16 + (unsigned) (r % 4);
      sum = sum * 31 + walk (depth, r);
      *units += (2ul << depth) - 1;
    }
  return sum;
}

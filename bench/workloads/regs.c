/* regs.c: a tight loop over register-only locals.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here has its address taken and nothing is an array or a struct,
 * so memscope must leave the loop alone: the block scopes inside it are
 * only described, and the one enter/exit pair per call of mix() is all
 * that may remain.
 */
#include "workloads.h"

__attribute__ ((noinline)) static unsigned long
mix (unsigned long seed, unsigned long n)
{
  unsigned long x = seed | 1, h = seed;
  unsigned long i;

  for (i = 0; i < n; i++)
    {
      unsigned long t = x ^ (x << 13);
      t ^= t >> 7;
      t ^= t << 17;
      x = t;
      {
        unsigned long m = t * 0x9e3779b97f4a7c15ul;
        unsigned rot = (unsigned) (m >> 58);
        h = (h ^ (m >> 29)) + ((h << rot) | (h >> ((64 - rot) & 63)));
      }
    }
  return h;
}

unsigned long
wl_regs (unsigned long k, unsigned long *units)
{
  unsigned long sum = 0, r;

  for (r = 0; r < 4 * k; r++)
    {
      sum ^= mix (r * 7919 + 1, 1000000);
      *units += 1000000;
    }
  return sum;
}

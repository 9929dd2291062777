/* blocks.c: a loop whose body holds blocks with arrays and structs.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each iteration enters three blocks: one with a char array (a number
 * formatted into it, digit by digit), one with a struct (updated through a
 * computed index, so it stays in memory even uninstrumented), and one
 * with a register-only local.  With memscope's defaults the first two are
 * block scopes with one registered variable each; the third is only
 * described.
 */
#include "workloads.h"

struct point
{
  int x, y;
};

struct box
{
  struct point lo, hi;
};

unsigned long
wl_blocks (unsigned long k, unsigned long *units)
{
  unsigned long acc = 0, i, n = 1000000 * k;
  unsigned x = 2463534242u;

  for (i = 0; i < n; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      {
        char digits[8];
        unsigned v = x & 0xffff, len = 0, j;

        do
          {
            digits[len++] = (char) ('0' + v % 10);
            v /= 10;
          }
        while (v != 0);
        for (j = 0; j < len; j++)
          acc = acc * 33 + (unsigned char) digits[len - 1 - j];
      }
      {
        struct box b = { { (int) (x & 255), (int) (x >> 8 & 255) },
                         { (int) (x >> 16 & 255), (int) (x >> 24) } };
        int *corner = &b.lo.x;

        corner[x & 3] += 17;
        acc += (unsigned long) ((b.hi.x - b.lo.x) * (b.hi.y - b.lo.y));
      }
      {
        unsigned c = x >> 29;
        acc ^= c;
      }
    }
  *units += n;
  return acc;
}

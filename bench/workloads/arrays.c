/* arrays.c: a loop whose body holds two blocks, each with one array that
 * is passed to a function.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The functions are noinline, so both arrays stay in memory in every build:
 * with memscope's defaults each block is a block scope whose array is
 * counted, entered and left once per iteration.  units counts iterations.
 */
#include "workloads.h"

/* Writes V in decimal, least significant digit first; returns the length. */
__attribute__ ((noinline)) static unsigned
format_digits (char *buf, unsigned v)
{
  unsigned len = 0;

  do
    {
      buf[len++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  return len;
}

/* Spreads X over four words. */
__attribute__ ((noinline)) static void
spread (unsigned long *w, unsigned long x)
{
  w[0] = x;
  w[1] = x * 0x9e3779b97f4a7c15ul;
  w[2] = w[1] ^ (w[1] >> 29);
  w[3] = w[2] + x;
}

unsigned long
wl_arrays (unsigned long k, unsigned long *units)
{
  unsigned long acc = 0, i, n = 1000000 * k;
  unsigned x = 2463534242u;

  for (i = 0; i < n; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      {
        char digits[12];
        unsigned len = format_digits (digits, x & 0xfffff);

        acc = acc * 33 + (unsigned char) digits[len - 1];
      }
      {
        unsigned long words[4];

        spread (words, x);
        acc ^= words[x & 3];
      }
    }
  *units += n;
  return acc;
}

/* fastpath-6.c: scopes with counted bytes (in-memory locals of a fixed
   size), whose enters and exits also move the thread's live bytes and
   the peaks: a function, a block of one, nested in another function.
   Usage: fastpath-6 ROUNDS
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__ ((noinline)) static unsigned long
use (char *p, unsigned long n)
{
  __asm__ __volatile__ ("" : : "r" (p) : "memory");
  return p[n % 16] + n;
}

/* 64 bytes; 200 more in every other instance's block.  */
__attribute__ ((noinline)) static unsigned long
inner (unsigned long x)
{
  char buf[64];
  unsigned long s;

  memset (buf, (int) x, sizeof buf);
  s = use (buf, x);
  if (x & 1)
    {
      char more[200];

      memset (more, 3, sizeof more);
      s += use (more, x);
    }
  return s;
}

/* 1,000 bytes, and two instances of inner: 1,264 at most.  */
__attribute__ ((noinline)) static unsigned long
outer (unsigned long x)
{
  char big[1000];

  memset (big, 1, sizeof big);
  return use (big, x) + inner (x) + inner (x + 1);
}

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 100;
  unsigned long sum = 0;

  for (unsigned long r = 0; r < rounds; r++)
    sum = sum * 31 + outer (r);
  printf ("%lx\n", sum);
  return 0;
}

/* fastpath-1.c: each kind of entry the plugin runs inline (plugin/pass.cc,
   inline_text), many times over, so that the report's counts and the
   instructions spent in the trampolines show which path ran.
   Usage: fastpath-1 ROUNDS
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

/* Recursion: at walk's entry only %rax and %rdx are free (under -fipa-ra
   its callers may keep values in every register it leaves alone), so the
   inline enter saves a third register below the stack pointer.  */
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

/* A leaf that holds nothing: only counted.  */
__attribute__ ((noinline)) static unsigned long
leaf (unsigned long x)
{
  return x * 2654435761u ^ (x >> 3);
}

/* Calls into the C library: every call-clobbered register is free at its
   entry and returns.  Its body, inlined into outer twice, is a scope
   entered in the middle of outer.  */
static inline __attribute__ ((always_inline)) unsigned long
twice (unsigned long x)
{
  free (NULL);
  return leaf (x) + leaf (x + 1);
}

__attribute__ ((noinline)) static unsigned long
outer (unsigned long x)
{
  return twice (x) ^ twice (x * 3);
}

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 100;
  unsigned long sum = 0;

  for (unsigned long r = 0; r < rounds; r++)
    sum = sum * 31 + walk (8, r) + outer (r);
  printf ("%lx\n", sum);
  return 0;
}

/* fastpath-5.c: -fPIC code, where a global function may be interposed by
   another module: its callers in the unit then trust only the ABI, not
   the registers its code happens to leave alone (-fipa-ra), and every
   call-clobbered register it leaves dead is free for the inline path.  A
   static function's callers do use what -fipa-ra learnt of it.
   Usage: fastpath-5 ROUNDS
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

/* Global: interposable in -fPIC code.  */
__attribute__ ((noinline)) unsigned long
pub_leaf (unsigned long x)
{
  return x * 2654435761u ^ (x >> 3);
}

/* Static: its callers keep values in the registers it leaves alone.  */
__attribute__ ((noinline)) static unsigned long
priv_leaf (unsigned long x)
{
  return x * 2654435761u ^ (x >> 3);
}

/* Values live across each call.  */
__attribute__ ((noinline)) static unsigned long
mix (unsigned long a, unsigned long b, unsigned long c, unsigned long d)
{
  unsigned long p = pub_leaf (a) + b * 3;
  unsigned long q = priv_leaf (b) ^ c;
  unsigned long r = pub_leaf (c + d) - a;
  unsigned long s = priv_leaf (d) + q;

  return p ^ q ^ r ^ s ^ (a + b + c + d);
}

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 100;
  unsigned long sum = 0;

  for (unsigned long r = 0; r < rounds; r++)
    sum = sum * 31 + mix (r, r * 7, r ^ 5, r + 11);
  printf ("%lx\n", sum);
  return 0;
}

/* fastpath-4.c: two functions of one cache slot, called in turn.
   The plugin gives a unit's functions the callee slots in turn, twenty of
   them: of these twenty-one functions, two share a slot (which two, the
   order GCC compiles them in decides: the test reads it from the
   assembly).  The loop calls only the two functions given.
   Usage: fastpath-4 ROUNDS I J
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

#define F(n) \
  __attribute__ ((noinline)) static unsigned long \
  f##n (unsigned long x) \
  { \
    __asm__ __volatile__ ("" : "+r" (x)); \
    return x + n; \
  }
F (0) F (1) F (2) F (3) F (4) F (5) F (6) F (7) F (8) F (9) F (10)
F (11) F (12) F (13) F (14) F (15) F (16) F (17) F (18) F (19) F (20)

static unsigned long (*const fs[]) (unsigned long) = {
  f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10,
  f11, f12, f13, f14, f15, f16, f17, f18, f19, f20
};

int
main (int argc, char **argv)
{
  unsigned long rounds, total = 0;
  unsigned i, j;

  if (argc != 4)
    return 2;
  rounds = strtoul (argv[1], NULL, 10);
  i = atoi (argv[2]) % 21;
  j = atoi (argv[3]) % 21;
  for (unsigned long r = 0; r < rounds; r++)
    total = fs[j] (fs[i] (total));
  printf ("%lu\n", total);
  return 0;
}

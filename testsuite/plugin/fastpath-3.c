/* fastpath-3.c: two siblings of one cache slot, entered in turn.
   The plugin gives the inlined bodies of one function the slots after
   the callees' in turn, twelve of them: step's first and thirteenth
   inlined bodies (add0 and add12) share a slot.  Only those two run in
   the loop; the others only when the program is given a second argument.
   Usage: fastpath-3 ROUNDS [ALL]
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

__attribute__ ((noinline)) static unsigned long
sink (unsigned long x)
{
  __asm__ __volatile__ ("" : "+r" (x));
  return x;
}

#define ADD(n) \
  static inline __attribute__ ((always_inline)) unsigned long \
  add##n (unsigned long acc, unsigned long x) \
  { \
    return sink (acc + x * (n + 1)); \
  }
ADD (0) ADD (1) ADD (2) ADD (3) ADD (4) ADD (5) ADD (6)
ADD (7) ADD (8) ADD (9) ADD (10) ADD (11) ADD (12)

__attribute__ ((noinline)) static unsigned long
step (unsigned long i, int all)
{
  unsigned long acc = i;

  acc = add0 (acc, i);
  if (all)
    {
      acc = add1 (acc, i); acc = add2 (acc, i); acc = add3 (acc, i); acc = add4 (acc, i);
      acc = add5 (acc, i); acc = add6 (acc, i); acc = add7 (acc, i); acc = add8 (acc, i);
      acc = add9 (acc, i); acc = add10 (acc, i); acc = add11 (acc, i);
    }
  acc = add12 (acc, i);
  return acc;
}

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 1000;
  unsigned long total = 0;

  for (unsigned long i = 0; i < rounds; i++)
    total += step (i, argc > 2);
  printf ("%lu\n", total);
  return 0;
}

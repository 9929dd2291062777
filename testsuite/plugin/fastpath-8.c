/* fastpath-8.c: a function whose every call is a tail call.  Its scope is
   closed before each jump, and the callee runs in the context the
   function was entered from: nothing runs inside its scope but its own
   instructions, and it is only counted, as a leaf is (no frame pushed,
   no exit).
   Usage: fastpath-8 ROUNDS
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

__attribute__ ((noipa)) unsigned long
odd_step (unsigned long x)
{
  return x * 2654435761u ^ (x >> 3);
}

__attribute__ ((noipa)) unsigned long
even_step (unsigned long x)
{
  return (x + 0x9e3779b9u) ^ (x << 5);
}

/* Either call is in tail position: a jump at -O2.  */
__attribute__ ((noipa)) unsigned long
dispatch (unsigned long x)
{
  if (x & 1)
    return odd_step (x * 3);
  return even_step (x + 1);
}

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 100;
  unsigned long sum = 0;

  for (unsigned long r = 0; r < rounds; r++)
    sum = sum * 31 + dispatch (r);
  printf ("%lx\n", sum);
  return 0;
}

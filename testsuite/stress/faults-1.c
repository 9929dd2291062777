/* faults-1.c: a program whose report is as big as asked: it calls N of
   eight functions in every order without repeating one, one context per
   chain (N = 8: 109,600 contexts, a report of some 30 MB).  It prints its
   effective uid, then a checksum.
   Usage: faults-1 [N]
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* No shared function between two fN: a chain that came back to one would
   be folded onto its first occurrence. */
static unsigned long (*fs[8]) (unsigned, int);

#define F(i)                                                    \
  __attribute__ ((noinline)) static unsigned long               \
  f##i (unsigned used, int left)                                \
  {                                                             \
    char frame[8 + i];                                          \
    unsigned long sum = 1;                                      \
    memset (frame, i, sizeof frame);                            \
    used |= 1u << i;                                            \
    if (left > 0)                                               \
      for (int j = 0; j < 8; j++)                               \
        if (!(used & 1u << j))                                  \
          sum += fs[j] (used, left - 1);                        \
    return sum + (unsigned long) frame[i];                      \
  }

F (0) F (1) F (2) F (3) F (4) F (5) F (6) F (7)

int
main (int argc, char **argv)
{
  int n = argc > 1 ? atoi (argv[1]) : 3;
  printf ("euid %d\n", (int) geteuid ());
  unsigned long sum = 0;
  fs[0] = f0, fs[1] = f1, fs[2] = f2, fs[3] = f3;
  fs[4] = f4, fs[5] = f5, fs[6] = f6, fs[7] = f7;
  n = n < 1 ? 1 : n > 8 ? 8 : n;
  for (int j = 0; j < 8; j++)
    sum += fs[j] (0, n - 1);
  printf ("%lu\n", sum);
  return 0;
}

/* series-1.c: a heap that rises and falls at known moments, each one
 * timed (CLOCK_MONOTONIC) and printed at the end.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * grow() 8 times 100,000 bytes, each followed by mark N (1 to 8); frees
 * 4 of them, marks 9 to 12; spike() allocates 1,000,000 bytes (the peak,
 * 1,400,000 live: mark 13), frees them (mark 14); frees the rest (mark
 * 15).  Nothing else allocates before the marks are printed.
 * With an argument N: N times 100,000 bytes allocated and freed, a sample
 * each time, far more than a series keeps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOINLINE __attribute__ ((noinline, noclone))

static long long marks[16];
static int nmarks;
static void *volatile blocks[8];

static void
mark (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  marks[nmarks++] = ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

NOINLINE static void
grow (int i)
{
  blocks[i] = malloc (100000);
  memset (blocks[i], 1, 100000);
}

NOINLINE static void
spike (void)
{
  char *volatile big = malloc (1000000);

  memset (big, 2, 1000000);
  mark ();
  free (big);
}

int
main (int argc, char **argv)
{
  int i;

  if (argc > 1)
    {
      long n = atol (argv[1]), k;

      for (k = 0; k < n; k++)
        {
          grow (k % 8);
          free (blocks[k % 8]);
        }
      return 0;
    }
  mark ();
  for (i = 0; i < 8; i++)
    {
      grow (i);
      mark ();
    }
  for (i = 0; i < 4; i++)
    {
      free (blocks[i]);
      blocks[i] = NULL;
      mark ();
    }
  spike ();
  mark ();
  for (i = 4; i < 8; i++)
    {
      free (blocks[i]);
      blocks[i] = NULL;
    }
  mark ();
  for (i = 0; i < nmarks; i++)
    printf ("%lld\n", marks[i]);
  return 0;
}

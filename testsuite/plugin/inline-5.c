/* inline-5.c: a loop that calls an inlined function, then makes calls of
 * its own: malloc, and printf, whose first call allocates stdout's buffer.
 * At -O2 GCC schedules one of the inlined body's instructions past the
 * caller's call: the call and its block stay the caller's (libpng's
 * pngvalid showed safecat under image_transform_reset_count, which calls
 * nothing).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

static int sum;

static void
note (int v)
{
  sum += v;
}

static unsigned
step (unsigned counter)
{
  if (counter == 0)
    counter = 1;
  else
    counter <<= 1;
  if (counter & 1)
    note ((int) counter);
  return counter > 4 ? 0 : counter;
}

int
main (void)
{
  unsigned counter = 0;
  void *keep[8];
  int n = 0;

  for (;;)
    {
      counter = step (counter);
      if (counter == 0)
        break;
      keep[n++] = malloc (100);  /* main's, after step has returned */
    }
  counter = 0;
  for (;;)
    {
      counter = step (counter);
      if (counter == 0)
        break;
      printf ("%u\n", counter);  /* main's too: stdout's buffer */
    }
  for (int i = 0; i < n; i++)
    free (keep[i]);
  return sum == 2 ? 0 : 1;
}

/* vla-1.c: variable-length arrays registered with their run-time size,
   alloca blocks with the lifetime of their function.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <alloca.h>
#include <stdio.h>
#include <string.h>

static int
dynamic (int n)
{
  int total = 0;
  for (int round = 1; round <= 2; round++)
    {
      char vla[n * round];
      memset (vla, 1, sizeof vla);
      total += vla[0];
    }
  char *block = alloca (n * 8);
  memset (block, 2, n * 8);
  double grid[n][2];
  grid[0][0] = 1;
  return total + block[0] + (int) grid[0][0];
}

int
main (void)
{
  printf ("%d\n", dynamic (3));
  return 0;
}

/* vla-1.c: variable-length arrays registered with their run-time size,
   alloca blocks with the lifetime of their function.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <alloca.h>
#include <stdio.h>
#include <string.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
static int
dynamic (int n)
{
  int total = 0;
  for (int round = 1; round <= 2; round++)
    {
      char vla[n * round];
      memset (vla, 1, sizeof vla); KEEP (vla);
      total += vla[0];
    }
  char *block = alloca (n * 8);
  memset (block, 2, n * 8);
  KEEP (block);
  double grid[n][2];
  grid[0][0] = 1;
  KEEP (grid);
  return total + block[0] + (int) grid[0][0];
}

static volatile int three = 3;

int
main (void)
{
  printf ("%d\n", dynamic (three));
  return 0;
}

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, and the size comes from a volatile, so that plain gcc -O2
   keeps the VLAs, the alloca block and their sizes (it would otherwise
   fold dynamic (3) to a constant).  Lines up to 18 keep their numbers: the
   report gives them.  */

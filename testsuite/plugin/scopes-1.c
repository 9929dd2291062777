/* scopes-1.c: scope entries and nesting; recursion, early return, goto,
   break and continue out of blocks.  KEEP: see the end of the file.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
static int
depth_first (int n)
{
  char pad[16];
  memset (pad, n, sizeof pad); KEEP (pad);
  if (n == 0)
    return pad[0];
  return depth_first (n - 1) + pad[1];
}
static volatile int arg[3] = { 0, 1, 2 }, bound = 5;
static int
early (int x)
{
  int buf[4] = { x, 0, 0, 0 }; KEEP (buf);
  if (x > 0)
    {
      int inner[2] = { x, x }; KEEP (inner);
      if (x > 1)
        return inner[0] + buf[0];
      buf[1] = inner[1];
    }
  return buf[0] + buf[1];
}

static int
loops (void)
{
  int total = 0;
  for (int i = 0; i < bound; i++)
    {
      char cell[8];
      cell[0] = (char) i; KEEP (cell);
      if (i == 1)
        continue;
      if (i == 3)
        break;
      total += cell[0];
    }
  {
    long out[2];
    out[0] = total; KEEP (out);
    if (total > 0)
      goto done;
    out[1] = 1;
    total += (int) out[1];
  }
done:
  return total;
}

int
main (void)
{
  printf ("%d %d %d %d\n", depth_first (3), early (arg[0]), early (arg[1]), early (arg[2]));
  printf ("%d\n", loops ());
  return 0;
}

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, and the arguments and the loop bound are read from
   volatiles: plain gcc -O2 then keeps every array in memory and every
   call, where it would otherwise fold the calls with constant arguments
   into main and the arrays away.  Lines up to 45 keep their numbers: the
   block scopes are named after them.  */

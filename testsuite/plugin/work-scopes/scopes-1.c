/* scopes-1.c: scope entries and nesting; recursion, early return, goto,
   break and continue out of blocks.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>

static int
depth_first (int n)
{
  char pad[16];
  memset (pad, n, sizeof pad);
  if (n == 0)
    return pad[0];
  return depth_first (n - 1) + pad[1];
}

static int
early (int x)
{
  int buf[4] = { x, 0, 0, 0 };
  if (x > 0)
    {
      int inner[2] = { x, x };
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
  for (int i = 0; i < 5; i++)
    {
      char cell[8];
      cell[0] = (char) i;
      if (i == 1)
        continue;
      if (i == 3)
        break;
      total += cell[0];
    }
  {
    long out[2];
    out[0] = total;
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
  printf ("%d %d %d %d\n", depth_first (3), early (0), early (1), early (2));
  printf ("%d\n", loops ());
  return 0;
}

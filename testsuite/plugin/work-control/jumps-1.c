/* jumps-1.c: blocks entered by a jump from outside (switch bodies with
   declarations before the first case, goto into a block, computed goto)
   fold into their enclosing scope and keep enter/exit balanced.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

static int
sw (int x)
{
  int total = 0;
  switch (x)
    {
      int tmp[4];
    case 1:
      tmp[0] = 5;
      total += tmp[0];
      break;
    case 2:
      {
        int arr[3] = { 1, 2, 3 };
        total += arr[x];
        break;
      }
    default:
      total = -1;
    }
  return total;
}

static int
into (int x)
{
  int total = 0;
  if (x > 5)
    goto inside;
  {
    char buf[8];
    buf[0] = 1;
    total += buf[0];
  inside:
    total += 1;
  }
  return total;
}

static int
computed (int x)
{
  static void *const labels[] = { &&even, &&odd };
  int total = 0;
  goto *labels[x & 1];
  {
    int q[2];
  odd:
    q[0] = 10;
    total += q[0];
  }
even:
  {
    int r[2] = { 7, 7 };
    total += r[1];
  }
  return total;
}

int
main (void)
{
  int a = sw (1), b = sw (2), c = sw (3);
  int d = into (1), e = into (7);
  int f = computed (1), g = computed (2);
  printf ("%d %d %d %d %d %d %d\n", a, b, c, d, e, f, g);
  return 0;
}

/* jumps-1.c: blocks entered by a jump from outside (switch bodies with
   declarations before the first case, goto into a block, computed goto)
   fold into their enclosing scope and keep enter/exit balanced.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
static int
sw (int x)
{
  int total = 0;
  switch (x)
    {
      int tmp[4];
    case 1:
      tmp[0] = 5; KEEP (tmp);
      total += tmp[0];
      break;
    case 2:
      {
        int arr[3] = { 1, 2, 3 }; KEEP (arr);
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
    buf[0] = 1; KEEP (buf);
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
    q[0] = 10; KEEP (q);
    total += q[0];
  }
even:
  {
    int r[2] = { 7, 7 }; KEEP (r);
    total += r[1];
  }
  return total;
}

static volatile int in[7] = { 1, 2, 3, 1, 7, 1, 2 };

int
main (void)
{
  int a = sw (in[0]), b = sw (in[1]), c = sw (in[2]);
  int d = into (in[3]), e = into (in[4]);
  int f = computed (in[5]), g = computed (in[6]);
  printf ("%d %d %d %d %d %d %d\n", a, b, c, d, e, f, g);
  return 0;
}

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, and the arguments are read from volatiles, so that plain
   gcc -O2 keeps the calls and the arrays in memory (it would otherwise
   fold the calls with constant arguments into main).  Lines up to 62 keep
   their numbers: the block scopes are named after them.  */

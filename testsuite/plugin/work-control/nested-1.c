/* nested-1.c: GNU C nested functions; the locals they capture live in
   the parent's frame object and are registered there.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

static int
outer (int n)
{
  int acc[2] = { 0, 0 };
  int bias = n;
  void add (int v)
  {
    int scratch[2] = { v, bias };
    acc[0] += scratch[0] + scratch[1];
  }
  for (int i = 0; i < n; i++)
    add (i);
  return acc[0];
}

int
main (void)
{
  printf ("%d\n", outer (3));
  return 0;
}

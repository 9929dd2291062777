/* nested-1.c: GNU C nested functions; the locals they capture live in
   the parent's frame object and are registered there.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, and outer's argument is read from a volatile, so that plain
   gcc -O2 keeps the arrays and the frame object in memory and the calls
   (it would otherwise fold outer (3) to a constant).  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static int
outer (int n)
{
  int acc[2] = { 0, 0 };
  int bias = n;
  void add (int v)
  {
    int scratch[2] = { v, bias };
    KEEP (scratch);
    acc[0] += scratch[0] + scratch[1];
  }
  for (int i = 0; i < n; i++)
    add (i);
  KEEP (acc);
  return acc[0];
}

static volatile int three = 3;

int
main (void)
{
  printf ("%d\n", outer (three));
  return 0;
}

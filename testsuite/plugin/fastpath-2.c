/* fastpath-2.c: recursions folded onto another instance of their site.
   flatten inlines the first level of each recursive function into its
   caller; the out-of-line function then enters from that inlined copy
   (whose context it folds onto: one context per site) and from itself.
   Usage: fastpath-2 ROUNDS
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

struct node
{
  struct node *left, *right;
  unsigned long value;
};

/* Registers nothing: its frames are only pushed and popped.  */
static unsigned long
depth (const struct node *p)
{
  unsigned long a, b;

  if (p == NULL)
    return 0;
  a = depth (p->left);
  b = depth (p->right);
  return 1 + (a > b ? a : b) + (p->value & 1);
}

__attribute__ ((noinline)) static void
fill (char *buf, unsigned long v)
{
  buf[0] = (char) v;
  __asm__ volatile ("" : : "r" (buf) : "memory");
}

/* Holds a 40-byte array in memory: a counted variable.  */
static unsigned long
sum (const struct node *p)
{
  char buf[40];

  if (p == NULL)
    return 0;
  fill (buf, p->value);
  return sum (p->left) + sum (p->right) + (unsigned char) buf[0];
}

static struct node *
build (unsigned d)
{
  struct node *p;

  if (d == 0)
    return NULL;
  p = malloc (sizeof *p);
  p->left = build (d - 1);
  p->right = build (d - 1);
  p->value = d;
  return p;
}

__attribute__ ((noinline, flatten)) static unsigned long
walk_depth (const struct node *t)
{
  return depth (t);
}

__attribute__ ((noinline, flatten)) static unsigned long
walk_sum (const struct node *t)
{
  return sum (t);
}

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 100;
  struct node *t = build (8);
  unsigned long s = 0;

  for (unsigned long r = 0; r < rounds; r++)
    s = s * 31 + walk_depth (t) + walk_sum (t);
  printf ("%lx\n", s);
  return 0;
}

/* fastpath-7.c: a mutual recursion, list -> expr -> list, as SQLite's
   substExprList and substExpr: expr (flatten) holds an inlined copy of
   list, whose entries fold onto the context of list two levels up, not
   onto the parent.
   Usage: fastpath-7 ROUNDS
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

struct node
{
  struct node *left, *right;
  unsigned long value;
};

static unsigned long expr (const struct node *p);

static unsigned long
list (const struct node *p)
{
  if (p == NULL)
    return 1;
  return expr (p->left) ^ (expr (p->right) << 1);
}

__attribute__ ((noinline, flatten)) static unsigned long
expr (const struct node *p)
{
  /* Not pure: called in every round.  */
  __asm__ __volatile__ ("" : : "r" (p));
  if (p == NULL)
    return 1;
  return p->value * 3 + list (p);
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

int
main (int argc, char **argv)
{
  unsigned long rounds = argc > 1 ? strtoul (argv[1], NULL, 10) : 100;
  struct node *t = build (8);
  unsigned long s = 0;

  for (unsigned long r = 0; r < rounds; r++)
    s = s * 31 + list (t);
  printf ("%lx\n", s);
  return 0;
}

/* inline-6.c: functions whose first block is a loop's header.  At -O1 and
 * above GCC compiles last's walk, and walk's, as a loop at the very start
 * of the function, so the edge from the function's entry is not the only
 * one into that block: the function's enter must be made on that edge,
 * once a call, not on each round.  Both stay out of line, as a function
 * called through a pointer or from another file would.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

struct node { struct node *next; int v; };

__attribute__ ((noinline)) int
last (struct node *p)
{
  while (p->next)
    p = p->next;
  return p->v;
}

__attribute__ ((noinline)) struct node *
step (struct node *p)
{
  return p->next;
}

__attribute__ ((noinline)) int
walk (struct node *p)
{
  while (p->next)
    p = step (p);
  return p->v;
}

int
main (void)
{
  static struct node list[50];
  int sum = 0;

  for (int i = 0; i < 50; i++)
    {
      list[i].next = i < 49 ? &list[i + 1] : NULL;
      list[i].v = i;
    }
  for (int i = 0; i < 3; i++)
    sum += last (&list[i]);
  sum += walk (&list[0]) + walk (&list[40]);
  printf ("%d\n", sum);
  return 0;
}

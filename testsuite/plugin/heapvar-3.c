/* heapvar-3.c: heap blocks owned by variables, and leaks left to them.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* KEEP (p) lets the block p points to escape into an empty asm that may
   read and write memory, so that plain gcc -O2 keeps its allocation (it
   deletes an allocation nothing else can see, freed or not).  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

struct node
{
  struct node *next;
  int value;
};

/* 100 bytes lost per call.  */
static void
leak_one (void)
{
  char *lost = malloc (100);
  lost[0] = 1;
  KEEP (lost);
}

/* Grown then shrunk: each result is tied to buf again; freed.  */
static int
grow (void)
{
  char *buf = malloc (10);
  memset (buf, 1, 10);
  buf = realloc (buf, 1000);
  buf = realloc (buf, 20);
  int r = buf[9];
  free (buf);
  return r;
}

/* A list built in a register-only block: its nodes are q's, and leak.  */
static struct node *
build (int n)
{
  struct node *head = NULL;
  for (int i = 0; i < n; i++)
    {
      struct node *q = (struct node *) malloc (sizeof *q);
      q->value = i;
      q->next = head;
      head = q;
    }
  return head;
}

/* The parameter receives its own copy, which leaks.  */
static size_t
adopt (char *s)
{
  s = strdup (s);
  KEEP (s);
  return strlen (s);
}

int
main (void)
{
  struct node *list = build (3);
  int sum = list->value + grow () + (int) adopt ("hello");

  leak_one ();
  leak_one ();
  printf ("%d\n", sum);
  return 0;
}

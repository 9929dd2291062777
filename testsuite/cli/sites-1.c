/* sites-1.c: heap blocks allocated at known lines (the comments name
 * them), leaked, kept and freed, for the memscope command's tests.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build(4) drops a list of 4 nodes (16 bytes) with strdup'ed names (8
 * bytes): 96 bytes leaked in 8 blocks; build(2) keeps its list through a
 * global; scratch() frees the 512 bytes its pointer received.  Like the
 * programs of testsuite/leaks, it leaves no stale pointer to what it
 * drops, so the leak is known by construction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline, noclone))

struct node
{
  struct node *next;
  char *name;
};

struct node *volatile kept;

static inline void
use (const void *p)
{
  __asm__ __volatile__ ("" : : "r" (p) : "memory");
}

NOINLINE static struct node *
push (struct node *head, const char *name)
{
  struct node *n = malloc (sizeof *n);          /* site: push malloc */

  memset (n, 0, sizeof *n);
  n->next = head;
  n->name = strdup (name);                      /* site: push strdup */
  return n;
}

NOINLINE static void
build (int count, int keep)
{
  struct node *head = NULL;
  char name[16];
  int i;

  for (i = 0; i < count; i++)
    {
      snprintf (name, sizeof name, "item-%02d", i);
      head = push (head, name);
    }
  if (keep)
    kept = head;
  use (head);
  memset (name, 0, sizeof name);
}

NOINLINE static void
scratch (void)
{
  char *buf = malloc (512);                     /* site: scratch malloc */

  memset (buf, 1, 512);
  use (buf);
  free (buf);
}

/* Overwrites the dead stack below main, where stale pointers would be. */
NOINLINE static void
clear_stack (void)
{
  char buf[64 * 1024];

  memset (buf, 0, sizeof buf);
  use (buf);
}

int
main (void)
{
  build (4, 0);
  build (2, 1);
  scratch ();
  clear_stack ();
  printf ("%s\n", kept->name);
  return 0;
}

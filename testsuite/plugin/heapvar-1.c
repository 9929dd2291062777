/* heapvar-1.c: allocator results tied to the pointer variable that
 * receives them (__memscope_heap_owner), and results that must not be.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
/* Declared here without any attribute, as old or odd headers do, so that
   only their names say they allocate.  */
extern void *memalign (size_t alignment, size_t size);
extern void *pvalloc (size_t size);

struct node
{
  struct node *next;
  int value;
};

struct holder
{
  char *p;
};

void *pool_alloc (size_t size) __attribute__ ((malloc, noinline));
void pool_free (void *p) __attribute__ ((noinline));
void *pool_alloc2 (size_t size) __attribute__ ((malloc (pool_free), noinline));

char *global;
volatile size_t huge = SIZE_MAX;   /* volatile: no compile-time warning */

void *
pool_alloc (size_t size)
{
  return malloc (size);
}

void
pool_free (void *p)
{
  free (p);
}

void *
pool_alloc2 (size_t size)
{
  return calloc (1, size);
}

/* buf = realloc (buf, m): both calls tie the block to buf.  */
static int
grow (int n)
{
  char *buf = malloc (4);
  buf = realloc (buf, n);
  memset (buf, 'x', n);
  int r = buf[n - 1] == 'x';
  free (buf);
  return r;
}

/* A parameter receiving a copy of what it pointed to.  */
static size_t
param_dup (char *s)
{
  s = strdup (s);
  size_t n = strlen (s);
  free (s);
  return n;
}

static struct node *
make_node (int value)
{
  struct node *q = (struct node *) malloc (sizeof *q);
  q->next = NULL;
  q->value = value;
  return q;
}

/* The gimplifier's iftmp carries either result into p.  */
static int
choose (int c)
{
  char *p = c ? malloc (3) : calloc (5, 1);
  int r = p != NULL; KEEP (p);
  free (p);
  return r;
}

/* p = q = malloc (n): q receives the block, p a copy of q.  */
static int
chain (void)
{
  char *p, *q;
  p = q = malloc (7);
  int r = p == q; KEEP (p);
  free (p);
  return r;
}

static int
all_allocators (void)
{
  char *c = calloc (2, 8);
  char *d = strndup ("memscope", 3);
  void *e = aligned_alloc (16, 32);
  void *f = memalign (32, 64);
  void *g = valloc (10);
  void *h = pvalloc (10);
  int *i = reallocarray (NULL, 4, sizeof (int));
  void *j = pool_alloc (12);
  void *k = pool_alloc2 (14);
  int r = c[15] + (int) strlen (d);
  free (c);
  free (d);
  KEEP (e); free (e);
  free (f);
  free (g);
  free (h);
  free (i);
  free (j);
  pool_free (k);
  return r;
}

/* p lives in the function scope; the block registering k and the
   register-only block of inner both assign to pointers.  */
static int
blocks (int n)
{
  char *p;
  {
    int k[4];
    memset (k, 0, sizeof k);
    k[0] = n; KEEP (k);
    p = malloc (k[0]);
    {
      char *inner = strdup ("ab");
      p[0] = inner[1];
      free (inner);
    }
  }
  KEEP (p); int r = p[0];
  free (p);
  return r;
}

/* A local captured by a nested function lives in FRAME.N.  */
static int
captured (int n)
{
  char *p;
  int peek (void) { return p[0]; }
  p = malloc (n);
  p[0] = 9;
  int r = peek ();
  KEEP (p); free (p);
  return r;
}

/* calloc overflowing returns NULL: still tied (the runtime ignores NULL).  */
static int
overflow (void)
{
  void *p = calloc (huge, 2);
  return p == NULL;
}

/* None of these results lands in a described pointer: no call.  */
static int
not_tied (struct node **out)
{
  static char *kept;
  struct holder h;
  void *(*volatile fn) (size_t) = malloc;
  long x = (long) malloc (1);
  char *off = (char *) malloc (8) + 1;
  char *indirect = fn (2);

  h.p = malloc (1);
  global = malloc (2);
  *out = malloc (sizeof **out);
  kept = strdup ("kept");
  int r = (int) strlen (kept);
  free ((void *) x);
  free (off - 1);
  free (indirect);
  free (h.p);
  free (global);
  free (kept);
  return r;
}

int
main (void)
{
  struct node *n = make_node (41);
  KEEP (n);
  struct node *spare;
  int sum = grow (10) + (int) param_dup ("hello") + n->value + choose (1)
            + choose (0) + chain () + all_allocators () + blocks (4)
            + captured (2) + overflow () + not_tied (&spare);

  free (spare);
  free (n);
  printf ("%d\n", sum);
  return sum % 7;
}

/* KEEP (p) lets p's address, or the block p points to, escape into an
   empty asm that may read and write memory, so that plain gcc -O2 keeps
   the arrays in memory and the allocations (it deletes a malloc/free pair
   whose block nothing else can see).  fn is volatile so that the call
   through it stays an indirect call.  Lines up to 182 keep their numbers:
   the report gives them.  */

/* ownmalloc-1.c: a program with a malloc family of its own, as bash has
 * (lib/malloc): strdup, strndup and reallocarray allocate with it, as
 * glibc's do, so that its free gets its own blocks.  Run with the names of
 * the calls to make.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC 0x5a5a5a5a5a5a5a5aUL

static _Alignas (16) char arena[1 << 20];
static size_t used;
static volatile int made;    /* volatile: the compiler takes strdup for a call that leaves it alone */

void *
malloc (size_t n)
{
  char *p;

  n = (n + 15) & ~(size_t) 15;
  if (used + n + 16 > sizeof arena)
    return NULL;
  p = arena + used + 16;
  ((size_t *) p)[-2] = MAGIC;
  ((size_t *) p)[-1] = n;
  used += n + 16;
  made++;
  return p;
}

static int
ours (const void *p)
{
  return (const char *) p >= arena && (const char *) p < arena + sizeof arena
         && ((const size_t *) p)[-2] == MAGIC;
}

void
free (void *p)
{
  if (p != NULL && !ours (p))
    {
      fputs ("free: not a block of this allocator\n", stderr);
      abort ();
    }
}

void *
calloc (size_t a, size_t b)
{
  void *p = malloc (a * b);

  if (p != NULL)
    memset (p, 0, a * b);
  return p;
}

void *
realloc (void *old, size_t n)
{
  void *p = malloc (n);

  if (p != NULL && old != NULL)
    {
      size_t o = ((size_t *) old)[-1];

      memcpy (p, old, o < n ? o : n);
    }
  free (old);
  return p;
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      int before = made;
      char *s;

      if (strcmp (argv[i], "strndup") == 0)
        s = strndup ("hello, world", 5);
      else if (strcmp (argv[i], "reallocarray") == 0)
        {
          s = reallocarray (NULL, 6, 1);
          strcpy (s, "hello");
        }
      else
        s = strdup ("hello");
      printf ("%s: %s, %d block of its own\n", argv[i], s, made - before);
      free (s);
    }
  return 0;
}

/* ownmalloc-3.c: a malloc family of the program's own whose work is done
 * by an instrumented helper, carve(), as bash's lib/malloc does it.  The
 * runtime's own allocations (GLib's, as it sets a thread up, and as
 * memscope_dump takes its snapshot) go to it too: they are not the
 * program's, so carve's contexts count the program's calls only, and no
 * event is lost.  main makes three (pthread_create one), the thread one.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* memscope.h's, without GLib's headers. */
int memscope_dump (const char *path, void **error);

static _Alignas (64) char arena[64 << 20];
static size_t used;

__attribute__ ((noinline)) static void *
carve (size_t n, size_t align)
{
  size_t start;

  if (align < 16)
    align = 16;
  n = (n + 15) & ~(size_t) 15;
  start = (((uintptr_t) arena + used + 16 + align - 1) & ~(uintptr_t) (align - 1)) - (uintptr_t) arena;
  if (start + n > sizeof arena)
    return NULL;
  ((size_t *) (arena + start))[-1] = n;
  used = start + n;
  return arena + start;
}

void *malloc (size_t n) { return carve (n, 16); }
void free (void *p) { (void) p; }
void *aligned_alloc (size_t a, size_t n) { return carve (n, a); }
void *memalign (size_t a, size_t n) { return carve (n, a); }
size_t malloc_usable_size (void *p) { return p ? ((size_t *) p)[-1] : 0; }

void *
calloc (size_t a, size_t b)
{
  void *p = carve (a * b, 16);

  if (p != NULL)
    memset (p, 0, a * b);
  return p;
}

void *
realloc (void *p, size_t n)
{
  void *q = carve (n, 16);

  if (p != NULL && q != NULL)
    memcpy (q, p, ((size_t *) p)[-1] < n ? ((size_t *) p)[-1] : n);
  return q;
}

int
posix_memalign (void **r, size_t a, size_t n)
{
  *r = carve (n, a);
  return *r ? 0 : 12;
}

static void *
worker (void *arg)
{
  char *s = strdup (arg);

  return (void *) (uintptr_t) strlen (s);
}

int
main (void)
{
  pthread_t t;
  void *len;
  char *a = strdup ("one"), *b = strdup ("two");

  memscope_dump ("ownmalloc-3.dump.json", NULL);
  pthread_create (&t, NULL, worker, "three");
  pthread_join (t, &len);
  memscope_dump ("ownmalloc-3.dump.json", NULL);
  if (write (1, a, strlen (a)) < 0 || write (1, b, strlen (b)) < 0)
    return 1;
  return (int) (uintptr_t) len == 5 ? 0 : 1;
}

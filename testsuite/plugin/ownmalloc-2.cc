/* ownmalloc-2.cc: a C++ program with a malloc of its own: operator new
 * allocates with it, as libstdc++'s does, and operator delete (libstdc++'s
 * free) gets its own blocks.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

alignas (64) static char arena[1 << 20];
static size_t used;
static volatile int made;    /* volatile: the compiler takes new for a call that leaves it alone */

static int
ours (const void *p)
{
  return (const char *) p >= arena && (const char *) p < arena + sizeof arena;
}

/* A block of N bytes at a multiple of ALIGNMENT (a power of two, 64 at
   least), its size in the word before it. */
static void *
take (size_t n, size_t alignment)
{
  uintptr_t at;

  n = (n + 63) & ~(size_t) 63;
  at = ((uintptr_t) arena + used + 64 + alignment - 1) & ~(uintptr_t) (alignment - 1);
  if (at + n > (uintptr_t) arena + sizeof arena)
    return NULL;
  ((size_t *) at)[-1] = n;
  used = at + n - (uintptr_t) arena;
  made++;
  return (void *) at;
}

extern "C" void *
malloc (size_t n)
{
  return take (n, 64);
}

extern "C" void
free (void *p)
{
  if (p != NULL && !ours (p))
    {
      std::fputs ("free: not a block of this allocator\n", stderr);
      std::abort ();
    }
}

extern "C" void *
calloc (size_t a, size_t b)
{
  void *p = malloc (a * b);

  if (p != NULL)
    std::memset (p, 0, a * b);
  return p;
}

extern "C" void *
realloc (void *old, size_t n)
{
  void *p = malloc (n);

  if (p != NULL && old != NULL)
    {
      size_t o = ((size_t *) old)[-1];

      std::memcpy (p, old, o < n ? o : n);
    }
  free (old);
  return p;
}

extern "C" int
posix_memalign (void **out, size_t alignment, size_t n)
{
  *out = take (n, alignment < 64 ? 64 : alignment);
  return *out != NULL ? 0 : 12;
}

extern "C" void *
aligned_alloc (size_t alignment, size_t n)
{
  return take (n, alignment < 64 ? 64 : alignment);
}

extern "C" void *
memalign (size_t alignment, size_t n)
{
  return take (n, alignment < 64 ? 64 : alignment);
}

struct alignas (32) wide
{
  double v[4];
};

int
main ()
{
  int before = made;
  int *one = new int (7);
  int *many = new int[100];
  int *quiet = new (std::nothrow) int (8);
  wide *w = new wide ();
  std::string *s = new std::string (100, 'x');

  std::printf ("%d %d %zu, %d blocks of its own\n", *one, *quiet, s->size (), made - before);
  delete s;
  delete w;
  delete quiet;
  delete[] many;
  delete one;
  return 0;
}

/* overflow-1.c: a recursion with no end overflows the stack of a thread
   with a 128 KiB stack (argument "thread") or of the main thread
   ("main"); before it starts, the thread prints its stack's size and how
   much of it was in use at the entry of its first function.
   SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline))
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static volatile int forever = 1;
static volatile int result;     /* run's caller is still in its frame: no tail call */

NOINLINE static int
recurse (int depth)
{
  char pad[512];

  memset (pad, depth, sizeof pad);
  KEEP (pad);
  if (!forever)
    return pad[3];
  return recurse (depth + 1) * 3 + pad[depth % 512];
}

NOINLINE static int
run (int depth)
{
  char buf[40];

  memset (buf, depth, sizeof buf);
  KEEP (buf);
  return recurse (depth) + buf[5];
}

static void
describe (const char *who, char *cfa)
{
  pthread_attr_t attr;
  void *addr;
  size_t size;

  if (pthread_getattr_np (pthread_self (), &attr) != 0
      || pthread_attr_getstack (&attr, &addr, &size) != 0)
    abort ();
  pthread_attr_destroy (&attr);
  printf ("%s size %zu above %ld\n", who, size, (long) ((char *) addr + size - (cfa - 8)));
  fflush (stdout);
}

NOINLINE static void *
deep (void *arg)
{
  pthread_setname_np (pthread_self (), "deep");
  describe ("deep", __builtin_dwarf_cfa ());
  result = run ((int) (long) arg);
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "thread") == 0)
    {
      pthread_attr_t attr;
      pthread_t thread;

      pthread_attr_init (&attr);
      pthread_attr_setstacksize (&attr, 128 << 10);
      if (pthread_create (&thread, &attr, deep, NULL) != 0)
        abort ();
      pthread_join (thread, NULL);
      return result;
    }
  describe ("main", __builtin_dwarf_cfa ());
  result = run (argc);
  return result;
}

/* threads-1.c: the main thread and two threads with small stacks of their
   own size each run a recursion of known depth; each prints its stack's
   size as glibc gives it and how much of the stack was in use at the entry
   of its first function (from the stack's top to the stack pointer there).
   SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline))
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

/* depth instances of recurse, the deepest calling nothing. */
NOINLINE static int
recurse (int depth)
{
  char pad[200];

  memset (pad, depth, sizeof pad);
  KEEP (pad);
  if (depth <= 1)
    return pad[3];
  return recurse (depth - 1) * 3 + pad[depth % 200];
}

NOINLINE static int
run (int depth)
{
  char buf[72];

  memset (buf, depth, sizeof buf);
  KEEP (buf);
  return recurse (depth) + buf[5];
}

/* The calling thread's attributes, as memscope reads them; cfa: the
   canonical frame address of its first function (the stack pointer at
   its entry is 8 below). */
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
}

struct job
{
  const char *name;
  int depth;
  char *cfa;
  int result;
};

NOINLINE static void *
worker (void *arg)
{
  struct job *job = arg;

  job->cfa = __builtin_dwarf_cfa ();
  pthread_setname_np (pthread_self (), job->name);
  job->result = run (job->depth);
  describe (job->name, job->cfa);
  return NULL;
}

int
main (int argc, char **argv)
{
  /* The smaller first: glibc may give a thread a bigger stack it keeps
     from an ended one. */
  struct job jobs[2] = { { "smaller", 100, NULL, 0 }, { "small", 300, NULL, 0 } };
  size_t sizes[2] = { 128 << 10, 256 << 10 };
  char *cfa = __builtin_dwarf_cfa ();
  int result;

  (void) argv;
  for (int i = 0; i < 2; i++)
    {
      pthread_attr_t attr;
      pthread_t thread;

      pthread_attr_init (&attr);
      pthread_attr_setstacksize (&attr, sizes[i]);
      if (pthread_create (&thread, &attr, worker, &jobs[i]) != 0)
        abort ();
      pthread_attr_destroy (&attr);
      pthread_join (thread, NULL);
    }
  result = run (argc == 1 ? 1000 : 10);
  describe ("main", cfa);
  printf ("results %d %d %d\n", jobs[0].result, jobs[1].result, result);
  return 0;
}

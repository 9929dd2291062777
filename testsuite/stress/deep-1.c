/* deep-1.c: recursion N frames deep (default 100,000), each frame with a
   64-byte array and a block scope, run in a thread with a 1 GiB stack.
   Usage: deep-1 [N]
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long depth_max = 100000;

/* The arrays' addresses escape into an empty asm that may read and write
   memory: plain gcc -O2 keeps both arrays in the frame, does the memset,
   and keeps the recursion a real recursion (without it, -O2 folds the
   arrays away and turns the recursion into a loop).  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

__attribute__ ((noinline)) static long
recurse (long n)
{
  char frame[64];
  memset (frame, (int) n, sizeof frame);
  KEEP (frame);
  if (n == depth_max)
    return frame[0];
  long below;
  {
    int block[4];
    block[n & 3] = frame[1];
    KEEP (block);
    below = recurse (n + 1) + block[n & 3];
  }
  return below + frame[2];
}

static void *
run (void *arg)
{
  long ret;
  (void) arg;
  ret = recurse (1);
  /* Not a tail call: recurse's frames stay below run's.  */
  __asm__ __volatile__ ("" : "+r" (ret));
  return (void *) ret;
}

int
main (int argc, char **argv)
{
  pthread_attr_t attr;
  pthread_t t;
  void *ret;
  if (argc > 1)
    depth_max = atol (argv[1]);
  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, (size_t) 1 << 30);
  if (pthread_create (&t, &attr, run, NULL) != 0)
    abort ();
  pthread_join (t, &ret);
  printf ("%ld\n", (long) ret);
  return 0;
}

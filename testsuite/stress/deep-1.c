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

__attribute__ ((noinline)) static long
recurse (long n)
{
  char frame[64];
  memset (frame, (int) n, sizeof frame);
  if (n == depth_max)
    return frame[0];
  long below;
  {
    int block[4];
    block[n & 3] = frame[1];
    below = recurse (n + 1) + block[n & 3];
  }
  return below + frame[2];
}

static void *
run (void *arg)
{
  (void) arg;
  return (void *) recurse (1);
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

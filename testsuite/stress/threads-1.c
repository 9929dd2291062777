/* threads-1.c: 1,000 short-lived threads, each entering nested scopes and
   allocating; 50 alive at a time.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 1000
#define BATCH 50
#define ROUNDS 3

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

__attribute__ ((noinline)) static long
inner (long seed)
{
  char frame[48];
  char *a = malloc (16 + seed % 32);
  char *b = malloc (100);
  memset (frame, (int) seed, sizeof frame);
  KEEP (frame);
  KEEP (a);
  KEEP (b);
  a[0] = frame[1];
  b[0] = frame[2];
  long r = a[0] + b[0];
  free (b);
  free (a);
  return r;
}

__attribute__ ((noinline)) static long
outer (long seed)
{
  long total = 0;
  for (int i = 0; i < ROUNDS; i++)
    {
      int block[8];
      block[i] = (int) inner (seed + i);
      KEEP (block);
      total += block[i];
    }
  return total;
}

static void *
worker (void *arg)
{
  long seed = (long) arg;
  long total = outer (seed);
  /* Not a tail call: outer stays below worker.  */
  __asm__ __volatile__ ("" : "+r" (total));
  return (void *) total;
}

int
main (void)
{
  pthread_t t[BATCH];
  long sum = 0;
  for (long base = 0; base < THREADS; base += BATCH)
    {
      for (long i = 0; i < BATCH; i++)
        if (pthread_create (&t[i], NULL, worker, (void *) (base + i)) != 0)
          abort ();
      for (int i = 0; i < BATCH; i++)
        {
          void *ret;
          pthread_join (t[i], &ret);
          sum += (long) ret;
        }
    }
  printf ("%ld\n", sum);
  return 0;
}

/* threads-1.c: each thread has its own scope stack and counts.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
static int
work (int rounds)
{
  int total = 0;
  for (int i = 0; i < rounds; i++)
    {
      char scratch[128];
      memset (scratch, i, sizeof scratch);
      KEEP (scratch);
      total += scratch[5];
    }
  return total;
}

static void *
worker (void *arg)
{
  long n = (long) arg;
  long result = work ((int) n);
  return (void *) result;
}

int
main (void)
{
  pthread_t threads[4];
  long sum = 0;
  for (long t = 0; t < 4; t++)
    pthread_create (&threads[t], NULL, worker, (void *) ((t + 1) * 10));
  for (int t = 0; t < 4; t++)
    {
      void *ret;
      pthread_join (threads[t], &ret);
      sum += (long) ret;
    }
  printf ("%ld\n", sum);
  return 0;
}

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that plain gcc -O2 keeps scratch in memory (it would
   otherwise forward the memset's bytes and drop the array).  Lines up to
   12 keep their numbers: the block scope is named after its line.  */

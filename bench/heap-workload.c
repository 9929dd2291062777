/* heap-workload.c: an allocation-heavy program, mixed sizes, two threads.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: heap-workload ITERATIONS [THREADS]
 * Each thread keeps 1000 live blocks and replaces one per iteration: 70%
 * of 8-128 bytes, 25% of 128-4096, 5% of 4-64 KiB; one in eight from
 * calloc, the others from malloc and written once; one in sixteen is then
 * grown by realloc.
 * Prints a checksum that must not depend on how the program was built.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIVE 1000

static long iterations;

static uint32_t
next (uint32_t *state)
{
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

static size_t
pick_size (uint32_t *state)
{
  uint32_t r = next (state) % 100;

  if (r < 70)
    return 8 + next (state) % 121;
  if (r < 95)
    return 128 + next (state) % 3969;
  return 4096 + next (state) % 61441;
}

static void *
work (void *arg)
{
  uint32_t state = 2463534242u + (uint32_t) (uintptr_t) arg;
  unsigned char *live[LIVE] = { 0 };
  uint64_t sum = 0;
  long i;

  for (i = 0; i < iterations; i++)
    {
      unsigned slot = next (&state) % LIVE;
      size_t size = pick_size (&state);

      if (live[slot] != NULL)
        {
          sum += live[slot][0];
          free (live[slot]);
        }
      if ((i & 7) == 3)
        live[slot] = calloc (1, size);
      else
        {
          live[slot] = malloc (size);
          memset (live[slot], (int) (i & 0xff), size < 64 ? size : 64);
        }
      if ((i & 15) == 0)
        {
          unsigned char *bigger = realloc (live[slot], size + 16);
          if (bigger != NULL)
            live[slot] = bigger;
        }
    }
  for (i = 0; i < LIVE; i++)
    free (live[i]);
  return (void *) (uintptr_t) sum;
}

int
main (int argc, char **argv)
{
  int threads = argc > 2 ? atoi (argv[2]) : 2, t;
  pthread_t th[16];
  uint64_t total = 0;

  iterations = argc > 1 ? atol (argv[1]) : 2000000;
  if (threads < 1 || threads > 16)
    return 2;
  for (t = 0; t < threads; t++)
    pthread_create (&th[t], NULL, work, (void *) (uintptr_t) t);
  for (t = 0; t < threads; t++)
    {
      void *r;
      pthread_join (th[t], &r);
      total += (uint64_t) (uintptr_t) r;
    }
  printf ("checksum %llu\n", (unsigned long long) total);
  return 0;
}

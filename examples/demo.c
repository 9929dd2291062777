/* demo.c: a small program to see memscope at work.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   memscope-gcc -O2 -g examples/demo.c -o demo && MEMSCOPE_OPTIONS=summary=1 ./demo
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct point
{
  double x, y;
};

typedef struct
{
  char name[32];
  struct point corners[4];
} shape_t;

static double
area (const shape_t *s)
{
  double sum = 0;
  int i;

  for (i = 0; i < 4; i++)
    {
      struct point a = s->corners[i], b = s->corners[(i + 1) % 4];
      sum += a.x * b.y - b.x * a.y;
    }
  return sum / 2;
}

static unsigned
checksum (const char *text, unsigned depth)
{
  char window[128];
  unsigned h = depth;

  snprintf (window, sizeof window, "%s/%u", text, depth);
  for (const char *p = window; *p; p++)
    h = h * 31 + (unsigned char) *p;
  return depth ? h ^ checksum (text, depth - 1) : h;
}

static void *
worker (void *arg)
{
  char scratch[4096];
  unsigned i, h = 0;

  memset (scratch, 'x', sizeof scratch);
  for (i = 0; i < 1000; i++)
    h += checksum (scratch + (i % 4000), 3);
  *(unsigned *) arg = h;
  return NULL;
}

int
main (void)
{
  shape_t square = { "square", { { 0, 0 }, { 2, 0 }, { 2, 2 }, { 0, 2 } } };
  pthread_t thread;
  unsigned from_thread = 0;

  pthread_create (&thread, NULL, worker, &from_thread);
  printf ("area of %s: %g\n", square.name, area (&square));
  printf ("checksum: %u\n", checksum ("memscope", 10));
  pthread_join (thread, NULL);
  printf ("worker: %u\n", from_thread);
  return 0;
}

/* usable-1.c: a program that uses the bytes malloc_usable_size grants past
 * the size it asked for (SQLite does, for its strings), then grows the
 * block with realloc, in its own thread and in another (which the runtime
 * serves by a new block and a copy): glibc keeps those bytes, and so must
 * memscope, which clears what realloc adds (malloc_fill).  Before, it
 * cleared from the size asked for, and SQLite's select1.test failed.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned char *blocks[64];
static size_t usable[64];

/* Fills each block's usable bytes, past its 20 asked for. */
static void *
make (void *arg)
{
  (void) arg;
  for (int i = 0; i < 64; i++)
    {
      blocks[i] = malloc (20 + i);
      usable[i] = malloc_usable_size (blocks[i]);
      for (size_t k = 0; k < usable[i]; k++)
        blocks[i][k] = (unsigned char) (k * 7 + i + 1);
    }
  return NULL;
}

/* How many blocks kept every usable byte through a realloc to SIZE. */
static int
grow (int from, int to, size_t size)
{
  int whole = 0;

  for (int i = from; i < to; i++)
    {
      size_t k;

      blocks[i] = realloc (blocks[i], size + i);
      for (k = 0; k < usable[i]; k++)
        if (blocks[i][k] != (unsigned char) (k * 7 + i + 1))
          break;
      whole += k == usable[i];
      free (blocks[i]);
    }
  return whole;
}

int
main (void)
{
  pthread_t t;
  int here, moved;

  make (NULL);
  here = grow (0, 64, 100);             /* in place or moved by glibc */
  pthread_create (&t, NULL, make, NULL);
  pthread_join (t, NULL);
  moved = grow (0, 64, 5000);           /* another thread's blocks */
  printf ("kept: %d of 64, then %d of 64\n", here, moved);
  return 0;
}

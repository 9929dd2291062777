/* threads-3.c: detached threads still running, three scopes deep, when
   main returns.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DETACHED 3

static sem_t ready;

__attribute__ ((noinline)) static void
park (int n)
{
  char deep[512];
  memset (deep, n, sizeof deep);
  for (;;)
    {
      int slot[2];
      slot[0] = deep[n];
      if (slot[0] == n)
        {
          sem_post (&ready);
          for (;;)
            pause ();
        }
    }
}

static void *
worker (void *arg)
{
  park ((int) (long) arg);
  return NULL;
}

int
main (void)
{
  pthread_attr_t attr;
  sem_init (&ready, 0, 0);
  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  for (long i = 0; i < DETACHED; i++)
    {
      pthread_t t;
      pthread_create (&t, &attr, worker, (void *) (i + 1));
    }
  for (int i = 0; i < DETACHED; i++)
    sem_wait (&ready);
  printf ("%d parked\n", DETACHED);
  return 0;
}

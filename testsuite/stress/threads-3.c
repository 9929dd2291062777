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

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the array p points to in the frame, and
   the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static sem_t ready;

__attribute__ ((noinline)) static void
park (int n)
{
  char deep[512];
  memset (deep, n, sizeof deep);
  KEEP (deep);
  for (;;)
    {
      int slot[2];
      slot[0] = deep[n];
      KEEP (slot);
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

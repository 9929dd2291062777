/* threads-4.c: threads that end inside nested scopes: pthread_exit three
   scopes deep, and pthread_cancel of a thread blocked three scopes deep.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sem_t ready;
static volatile int sink;
static volatile int rounds = 2;

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the array p points to in the frame, and
   the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

__attribute__ ((noinline)) static void
leave (int n)
{
  char frame[64];
  memset (frame, n, sizeof frame);
  KEEP (frame);
  /* A bound plain gcc -O2 cannot see: with a constant one it unrolls the
     two iterations into one stretch of code, one instance of the block.  */
  for (int i = 0; i < rounds; i++)
    {
      int slot[4];
      slot[i] = frame[i];
      KEEP (slot);
      sink += slot[i];
      if (i == 1)
        pthread_exit ((void *) (long) (n + 100));
    }
}

static void *
exiter (void *arg)
{
  int local[8];
  local[0] = (int) (long) arg;
  KEEP (local);
  leave (local[0]);
  return NULL;
}

__attribute__ ((noinline)) static void
block_here (int n)
{
  char frame[64];
  memset (frame, n, sizeof frame);
  KEEP (frame);
  for (;;)
    {
      int slot[4];
      slot[0] = frame[0];
      KEEP (slot);
      sink += slot[0];
      sem_post (&ready);
      for (;;)
        pause ();             /* a cancellation point */
    }
}

static void *
cancelled (void *arg)
{
  int local[8];
  local[0] = (int) (long) arg;
  KEEP (local);
  block_here (local[0]);
  return NULL;
}

int
main (void)
{
  pthread_t e[4], c[4];
  long sum = 0;
  sem_init (&ready, 0, 0);
  for (long i = 0; i < 4; i++)
    pthread_create (&e[i], NULL, exiter, (void *) i);
  for (long i = 0; i < 4; i++)
    pthread_create (&c[i], NULL, cancelled, (void *) i);
  for (int i = 0; i < 4; i++)
    sem_wait (&ready);
  for (int i = 0; i < 4; i++)
    pthread_cancel (c[i]);
  for (int i = 0; i < 4; i++)
    {
      void *ret;
      pthread_join (e[i], &ret);
      sum += (long) ret;
      pthread_join (c[i], &ret);
      sum += ret == PTHREAD_CANCELED;
    }
  printf ("%ld\n", sum);
  return 0;
}

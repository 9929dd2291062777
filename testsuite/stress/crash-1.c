/* crash-1.c: a crash three scopes deep in main while a second thread is
   parked two scopes deep; or ("thread") a SIGSEGV three scopes deep in a
   second thread while main waits for it two scopes deep; or ("busy") a
   SIGSEGV in main while four threads allocate and free in a loop, holding
   the runtime's heap locks now and then.
   Usage: crash-1 segv|bus|abort|none|thread|busy
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static sem_t ready;
static volatile int sink;

__attribute__ ((noinline)) static void
park (void)
{
  char parked[256];
  memset (parked, 1, sizeof parked);
  KEEP (parked);
  sink += parked[3];
  sem_post (&ready);
  for (;;)
    pause ();
}

static void *
worker (void *arg)
{
  (void) arg;
  park ();
  return NULL;
}

__attribute__ ((noinline)) static void
crash (const char *how)
{
  char frame[128];
  memset (frame, 2, sizeof frame);
  KEEP (frame);
  sink += frame[1];
  for (int i = 0; i < 1; i++)
    {
      int cell[8];
      cell[i] = frame[i];
      KEEP (cell);
      sink += cell[i];
      if (strcmp (how, "segv") == 0)
        *(volatile int *) (uintptr_t) 16 = cell[i];
      else if (strcmp (how, "bus") == 0)
        {
          /* A page of a file cut to nothing. */
          int fd = memfd_create ("crash-1", 0);
          if (fd < 0 || ftruncate (fd, 4096) != 0)
            abort ();
          volatile char *p = mmap (NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
          if (p == MAP_FAILED || ftruncate (fd, 0) != 0)
            abort ();
          p[0] = (char) cell[i];
        }
      else if (strcmp (how, "abort") == 0)
        abort ();
    }
}

__attribute__ ((noinline)) static void
churn_once (int n)
{
  char scratch[16];
  char *p = malloc (48);
  memset (scratch, n, sizeof scratch);
  KEEP (scratch);
  KEEP (p);
  p[0] = scratch[1];
  sink += p[0];
  free (p);
}

static void *
churn (void *arg)
{
  (void) arg;
  sem_post (&ready);
  for (int n = 0;; n++)
    churn_once (n);
  return NULL;
}

static void *
crasher (void *arg)
{
  crash (arg);
  /* Not a tail call: crasher stays open below crash.  */
  __asm__ __volatile__ ("");
  return NULL;
}

__attribute__ ((noinline)) static void
wait_for (void)
{
  char waiting[64];
  pthread_t t;
  memset (waiting, 3, sizeof waiting);
  KEEP (waiting);
  pthread_create (&t, NULL, crasher, (void *) "segv");
  pthread_join (t, NULL);
  sink += waiting[0];
}

int
main (int argc, char **argv)
{
  pthread_t t;
  if (argc > 1 && strcmp (argv[1], "thread") == 0)
    {
      wait_for ();
      return 0;
    }
  if (argc > 1 && strcmp (argv[1], "busy") == 0)
    {
      for (int i = 0; i < 4; i++)
        {
          pthread_create (&t, NULL, churn, NULL);
          sem_wait (&ready);
        }
      usleep (20000);
      crash ("segv");
      return 0;
    }
  sem_init (&ready, 0, 0);
  pthread_create (&t, NULL, worker, NULL);
  sem_wait (&ready);
  printf ("crashing: %s\n", argc > 1 ? argv[1] : "none");
  fflush (stdout);
  crash (argc > 1 ? argv[1] : "none");
  printf ("no crash\n");
  return 0;
}

/* processes-2.c: fork while other threads hold the runtime's locks: one
   thread starts and joins short-lived threads (at most 500: the
   registry), two allocate and free in a loop (the heap lists); 50
   children, each entering scopes, allocating, and exiting normally so
   that it writes its report.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 50

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static volatile int stop;

__attribute__ ((noinline)) static long
step (long n)
{
  char scratch[32];
  char *p = malloc (40);
  memset (scratch, (int) n, sizeof scratch);
  KEEP (scratch);
  KEEP (p);
  p[0] = scratch[3];
  long r = p[0];
  free (p);
  return r;
}

static void *
short_lived (void *arg)
{
  long total = 0;
  for (long i = 0; i < 20; i++)
    {
      long cell[2];
      cell[i & 1] = step ((long) arg + i);
      KEEP (cell);
      total += cell[i & 1];
    }
  return (void *) total;
}

static void *
churn_threads (void *arg)
{
  (void) arg;
  for (int n = 0; n < 500 && !stop; n++)
    {
      pthread_t t;
      if (pthread_create (&t, NULL, short_lived, NULL) == 0)
        pthread_join (t, NULL);
    }
  return NULL;
}

static void *
churn_heap (void *arg)
{
  long sum = 0;
  while (!stop)
    sum += (long) short_lived (arg);
  return (void *) sum;
}

__attribute__ ((noinline)) static int
child (int n)
{
  char frame[64];
  memset (frame, n, sizeof frame);
  KEEP (frame);
  return (int) (step (n) + frame[0]) == 2 * (signed char) n ? 0 : 1;
}

int
main (void)
{
  pthread_t churners[3];
  int ok = 0;
  pthread_create (&churners[0], NULL, churn_threads, NULL);
  for (int i = 1; i < 3; i++)
    pthread_create (&churners[i], NULL, churn_heap, NULL);
  for (int n = 0; n < CHILDREN; n++)
    {
      pid_t pid = fork ();
      if (pid == 0)
        exit (child (n));
      int st;
      if (waitpid (pid, &st, 0) == pid && WIFEXITED (st) && WEXITSTATUS (st) == 0)
        ok++;
    }
  stop = 1;
  for (int i = 0; i < 3; i++)
    pthread_join (churners[i], NULL);
  printf ("%d of %d children ok\n", ok, CHILDREN);
  return 0;
}

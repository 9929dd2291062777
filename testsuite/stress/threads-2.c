/* threads-2.c: a thread pool: 4 workers take 2,000 jobs from a queue.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKERS 4
#define JOBS 2000

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

struct job
{
  struct job *next;
  long n;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static int closed;
static long results[WORKERS];
static long done[WORKERS];

__attribute__ ((noinline)) static long
run_job (const struct job *j)
{
  char scratch[256];
  long r = 0;
  memset (scratch, (int) (j->n & 0x7f), sizeof scratch);
  KEEP (scratch);
  for (int i = 0; i < 2; i++)
    {
      long part[4];
      char *copy = malloc (64);
      memcpy (copy, scratch, 64);
      KEEP (copy);
      part[i] = copy[i] + i;
      KEEP (part);
      r += part[i];
      free (copy);
    }
  return r;
}

static struct job *
take (void)
{
  pthread_mutex_lock (&lock);
  while (head == NULL && !closed)
    pthread_cond_wait (&more, &lock);
  struct job *j = head;
  if (j != NULL && (head = j->next) == NULL)
    tail = NULL;
  pthread_mutex_unlock (&lock);
  return j;
}

static void *
worker (void *arg)
{
  long me = (long) arg;
  struct job *j;
  while ((j = take ()) != NULL)
    {
      results[me] += run_job (j);
      done[me]++;
      free (j);
    }
  return NULL;
}

int
main (void)
{
  pthread_t t[WORKERS];
  for (long i = 0; i < WORKERS; i++)
    pthread_create (&t[i], NULL, worker, (void *) i);
  for (long n = 0; n < JOBS; n++)
    {
      struct job *j = malloc (sizeof *j);
      j->n = n;
      j->next = NULL;
      pthread_mutex_lock (&lock);
      if (tail)
        tail->next = j;
      else
        head = j;
      tail = j;
      pthread_cond_signal (&more);
      pthread_mutex_unlock (&lock);
    }
  pthread_mutex_lock (&lock);
  closed = 1;
  pthread_cond_broadcast (&more);
  pthread_mutex_unlock (&lock);
  long sum = 0, count = 0;
  for (int i = 0; i < WORKERS; i++)
    {
      pthread_join (t[i], NULL);
      sum += results[i];
      count += done[i];
    }
  printf ("%ld jobs, %ld\n", count, sum);
  return 0;
}

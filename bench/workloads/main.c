/* main.c: the driver of the bench/plugin.sh workloads.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: workloads MODE K
 *   fib, blocks, regs   one workload at scale K, on the main thread
 *   threads1            one thread running fib then blocks at scale K
 *   threads2            two threads at once, one running fib then blocks,
 *                       the other blocks then fib: twice the work
 * Prints "MODE result=... units=..." (identical in every build) and then
 * "ns WALL CPU": the wall time of the workload alone and the CPU time its
 * threads used, in nanoseconds.  callgrind is pointed at
 * bench_body (--toggle-collect), so start-up and exit are not counted.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workloads.h"

enum mode
{
  MODE_FIB,
  MODE_BLOCKS,
  MODE_REGS,
  MODE_FIB_BLOCKS,
  MODE_BLOCKS_FIB,
};

struct job
{
  enum mode mode;
  unsigned long k;
  unsigned long result;
  unsigned long units;
  unsigned long long cpu_ns;    /* CPU time of the thread running it */
};

__attribute__ ((noinline)) static void
bench_body (struct job *job)
{
  unsigned long units = 0, r = 0;

  switch (job->mode)
    {
    case MODE_FIB:
      r = wl_fib (job->k, &units);
      break;
    case MODE_BLOCKS:
      r = wl_blocks (job->k, &units);
      break;
    case MODE_REGS:
      r = wl_regs (job->k, &units);
      break;
    case MODE_FIB_BLOCKS:
      r = wl_fib (job->k, &units);
      r = r * 31 + wl_blocks (job->k, &units);
      break;
    case MODE_BLOCKS_FIB:
      r = wl_blocks (job->k, &units);
      r = wl_fib (job->k, &units) * 31 + r;
      break;
    }
  job->result = r;
  job->units = units;
}

static unsigned long long
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (unsigned long long) ts.tv_sec * 1000000000ull + (unsigned long long) ts.tv_nsec;
}

static void
run_job (struct job *job)
{
  unsigned long long c0 = clock_ns (CLOCK_THREAD_CPUTIME_ID);

  bench_body (job);
  job->cpu_ns = clock_ns (CLOCK_THREAD_CPUTIME_ID) - c0;
}

static void *
thread_main (void *arg)
{
  run_job (arg);
  return NULL;
}

static int
run_threads (struct job *jobs, int n)
{
  pthread_t tid[2];
  int i;

  for (i = 0; i < n; i++)
    if (pthread_create (&tid[i], NULL, thread_main, &jobs[i]) != 0)
      return -1;
  for (i = 0; i < n; i++)
    pthread_join (tid[i], NULL);
  return 0;
}

int
main (int argc, char **argv)
{
  struct job jobs[2];
  unsigned long long t0, t1;
  unsigned long k;
  const char *m;
  int nthreads = 0;

  if (argc != 3 || (k = strtoul (argv[2], NULL, 10)) == 0)
    {
      fprintf (stderr, "usage: %s fib|blocks|regs|threads1|threads2 K\n", argv[0]);
      return 2;
    }
  m = argv[1];
  memset (jobs, 0, sizeof jobs);
  jobs[0].k = jobs[1].k = k;
  if (strcmp (m, "fib") == 0)
    jobs[0].mode = MODE_FIB;
  else if (strcmp (m, "blocks") == 0)
    jobs[0].mode = MODE_BLOCKS;
  else if (strcmp (m, "regs") == 0)
    jobs[0].mode = MODE_REGS;
  else if (strcmp (m, "threads1") == 0)
    {
      jobs[0].mode = MODE_FIB_BLOCKS;
      nthreads = 1;
    }
  else if (strcmp (m, "threads2") == 0)
    {
      jobs[0].mode = MODE_FIB_BLOCKS;
      jobs[1].mode = MODE_BLOCKS_FIB;
      nthreads = 2;
    }
  else
    {
      fprintf (stderr, "%s: unknown mode %s\n", argv[0], m);
      return 2;
    }

  t0 = clock_ns (CLOCK_MONOTONIC);
  if (nthreads == 0)
    run_job (&jobs[0]);
  else if (run_threads (jobs, nthreads) != 0)
    {
      fprintf (stderr, "%s: pthread_create failed\n", argv[0]);
      return 1;
    }
  t1 = clock_ns (CLOCK_MONOTONIC);

  printf ("%s result=%lx", m, jobs[0].result);
  if (nthreads == 2)
    printf ("/%lx", jobs[1].result);
  printf (" units=%lu\nns %llu %llu\n", jobs[0].units + jobs[1].units, t1 - t0,
          jobs[0].cpu_ns + jobs[1].cpu_ns);
  return 0;
}

/* main.c: the driver of the bench/plugin.sh workloads.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: workloads MODE K
 *   MODE is fib, rec, arrays, blocks or regs (workloads.h); K the scale.
 * Prints "MODE result=... units=..." (identical in every build) and then
 * "ns WALL CPU": the wall time of the workload alone and the CPU time the
 * thread used for it, in nanoseconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "workloads.h"

static const struct
{
  const char *name;
  unsigned long (*run) (unsigned long k, unsigned long *units);
} workloads[] = {
  { "fib", wl_fib },
  { "rec", wl_rec },
  { "arrays", wl_arrays },
  { "blocks", wl_blocks },
  { "regs", wl_regs },
};

static unsigned long long
clock_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (unsigned long long) ts.tv_sec * 1000000000ull + (unsigned long long) ts.tv_nsec;
}

int
main (int argc, char **argv)
{
  unsigned long long t0, c0, t1, c1;
  unsigned long k, units = 0, result;
  size_t i;

  if (argc != 3 || (k = strtoul (argv[2], NULL, 10)) == 0)
    {
      fprintf (stderr, "usage: %s fib|rec|arrays|blocks|regs K\n", argv[0]);
      return 2;
    }
  for (i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
    if (strcmp (argv[1], workloads[i].name) == 0)
      break;
  if (i == sizeof workloads / sizeof workloads[0])
    {
      fprintf (stderr, "%s: unknown mode %s\n", argv[0], argv[1]);
      return 2;
    }

  t0 = clock_ns (CLOCK_MONOTONIC);
  c0 = clock_ns (CLOCK_THREAD_CPUTIME_ID);
  result = workloads[i].run (k, &units);
  c1 = clock_ns (CLOCK_THREAD_CPUTIME_ID);
  t1 = clock_ns (CLOCK_MONOTONIC);

  printf ("%s result=%lx units=%lu\nns %llu %llu\n", argv[1], result, units, t1 - t0, c1 - c0);
  return 0;
}

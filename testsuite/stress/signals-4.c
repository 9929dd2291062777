/* signals-4.c: the smallest case of an instrumented handler on an
   alternate stack that lies above the interrupted stack.  The code runs
   in a thread whose stack is the lower part of one mapping; the upper
   part is the alternate stack.  `after` is declared (and registered)
   once the handler has returned.
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ALT_SIZE (64 * 1024)
#define STACK_SIZE (1024 * 1024)

static char *alt_base;
static volatile long sink;

static void
on_signal (int sig)
{
  int frame[4];
  frame[0] = sig;
  sink += frame[0];
}

__attribute__ ((noinline)) static void
interrupted (void)
{
  char before[16];
  memset (before, 1, sizeof before);
  raise (SIGUSR1);
  char after[16];
  memset (after, 2, sizeof after);
  sink += before[0] + after[0];
}

static void *
run (void *arg)
{
  stack_t ss = { .ss_sp = alt_base, .ss_size = ALT_SIZE };
  struct sigaction sa;
  (void) arg;
  sigaltstack (&ss, NULL);
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK;
  sigaction (SIGUSR1, &sa, NULL);
  interrupted ();
  return NULL;
}

int
main (void)
{
  pthread_attr_t attr;
  pthread_t t;
  char *map = mmap (NULL, STACK_SIZE + ALT_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED)
    abort ();
  alt_base = map + STACK_SIZE;
  pthread_attr_init (&attr);
  pthread_attr_setstack (&attr, map, STACK_SIZE);
  pthread_create (&t, &attr, run, NULL);
  pthread_join (t, NULL);
  printf ("%ld\n", sink);
  return 0;
}

/* crash-2.c: a stack overflow: endless recursion, 256 bytes of locals a
   level, in main ("main"), in a second thread with a 512 KiB stack
   ("thread"), or in main after the program installed an alternate signal
   stack of its own ("own": it must stay the program's).
   Usage: crash-2 main|thread|own
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int sink;

__attribute__ ((noinline)) static int
down (int n)
{
  char pad[256];

  memset (pad, n, sizeof pad);
  sink += pad[n % 256];
  return down (n + 1) + pad[(n + 1) % 256];
}

static void *
overflow (void *arg)
{
  (void) arg;
  return (void *) (long) down (0);
}

int
main (int argc, char **argv)
{
  const char *how = argc > 1 ? argv[1] : "main";

  if (strcmp (how, "thread") == 0)
    {
      pthread_attr_t attr;
      pthread_t t;

      pthread_attr_init (&attr);
      pthread_attr_setstacksize (&attr, 512 * 1024);
      pthread_create (&t, &attr, overflow, NULL);
      pthread_join (t, NULL);
      return 0;
    }
  if (strcmp (how, "own") == 0)
    {
      static char mine[64 * 1024];
      stack_t ss = { .ss_sp = mine, .ss_size = sizeof mine }, now;

      if (sigaltstack (&ss, NULL) != 0 || sigaltstack (NULL, &now) != 0 || now.ss_sp != mine)
        return 3;
      printf ("own alternate stack in place\n");
      fflush (stdout);
    }
  return down (0);
}

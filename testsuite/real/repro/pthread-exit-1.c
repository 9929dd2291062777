/* pthread-exit-1.c: a thread that leaves through pthread_exit() from inside
 * nested scopes is reported ended, with those scopes closed at its end.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Found in SQLite's test harness: Tcl_ExitThread() (pthread_exit) ends
 * each test thread from inside tclScriptThread().  Expected: the worker
 * appears ended and balanced (open_scopes 0), as issue 6 asks ("pthread_exit
 * ... from inside nested scopes; every thread appears once in the report,
 * balanced or marked active").  Once seen: is_active false, open_scopes 2;
 * now closed_at_thread_exit 2, open_scopes 0.  */
#include <pthread.h>
#include <stdio.h>

static void
leave (int n)
{
  char buf[16];

  buf[0] = (char) n;
  if (buf[0] == 3)
    pthread_exit (NULL);
}

static void *
worker (void *arg)
{
  int i;

  for (i = 0; i < 5; i++)
    leave (i);
  return arg;
}

int
main (void)
{
  pthread_t t;

  pthread_create (&t, NULL, worker, NULL);
  pthread_join (t, NULL);
  puts ("joined");
  return 0;
}

/* robust-2.c: a signal handler on an alternate stack that lies above its
   thread's stack (mapped before the thread was created) calls an
   instrumented function in a context the thread also enters on its own
   stack: the handler is not instrumented, so work's context is
   loop > work both ways.  Prints where the alternate stack lies.
   SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define NOINLINE __attribute__ ((noinline))
#define ALT_STACK (64 << 10)
#define SIGNALS 5

static volatile int sink;
static char *alt_stack;

NOINLINE static int
work (int x)
{
  return x + sink;
}

/* Not instrumented: work is entered as a child of the interrupted frame. */
__attribute__ ((no_instrument_function)) static void
on_usr1 (int sig)
{
  sink += work (sig);
}

NOINLINE static void
loop (void)
{
  sink += work (-1);          /* on the thread's own stack first */
  for (int i = 0; i < SIGNALS; i++)
    raise (SIGUSR1);
}

static void *
thread_main (void *arg)
{
  pthread_attr_t attr;
  void *addr;
  size_t size;
  stack_t ss = { .ss_sp = alt_stack, .ss_size = ALT_STACK, .ss_flags = 0 };

  (void) arg;
  pthread_getattr_np (pthread_self (), &attr);
  pthread_attr_getstack (&attr, &addr, &size);
  pthread_attr_destroy (&attr);
  printf ("alternate stack %s the thread's\n", alt_stack > (char *) addr ? "above" : "below");
  if (sigaltstack (&ss, NULL) != 0)
    abort ();
  loop ();
  return NULL;
}

int
main (void)
{
  struct sigaction sa;
  pthread_t thread;

  alt_stack = mmap (NULL, ALT_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (alt_stack == MAP_FAILED)
    abort ();
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_ONSTACK;
  sigaction (SIGUSR1, &sa, NULL);
  if (pthread_create (&thread, NULL, thread_main, NULL) != 0)
    abort ();
  pthread_join (thread, NULL);
  printf ("%d\n", sink);
  return 0;
}

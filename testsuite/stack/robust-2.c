/* robust-2.c: a thread runs on a stack that lies above its own (mapped
   before the thread was created), in a context it also enters on its own
   stack first.  "signal": a handler on an alternate stack, not
   instrumented, calls work (context loop > work both ways), SIGNALS times.
   "coroutine": loop calls co (loop > co > work) on its own stack, then
   COROUTINES times swaps to a coroutine starting at co, whose return goes
   back through uc_link.  Prints where that stack lies.
   SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define NOINLINE __attribute__ ((noinline))
#define OTHER_STACK (64 << 10)
#define SIGNALS 5
#define COROUTINES 3

static volatile int sink;
static char *other_stack;
static int coroutine;
static ucontext_t loop_uc, co_uc;

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
co (void)
{
  sink += work (1);
}

NOINLINE static void
loop (void)
{
  if (coroutine)
    {
      co ();                  /* on the thread's own stack first */
      for (int i = 0; i < COROUTINES; i++)
        {
          if (getcontext (&co_uc) != 0)
            abort ();
          co_uc.uc_stack.ss_sp = other_stack;
          co_uc.uc_stack.ss_size = OTHER_STACK;
          co_uc.uc_link = &loop_uc;
          makecontext (&co_uc, co, 0);
          if (swapcontext (&loop_uc, &co_uc) != 0)
            abort ();
        }
      return;
    }
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
  stack_t ss = { .ss_sp = other_stack, .ss_size = OTHER_STACK, .ss_flags = 0 };

  (void) arg;
  pthread_getattr_np (pthread_self (), &attr);
  pthread_attr_getstack (&attr, &addr, &size);
  pthread_attr_destroy (&attr);
  printf ("%s stack %s the thread's\n", coroutine ? "coroutine" : "alternate",
          other_stack > (char *) addr ? "above" : "below");
  if (!coroutine && sigaltstack (&ss, NULL) != 0)
    abort ();
  loop ();
  return NULL;
}

int
main (int argc, char **argv)
{
  struct sigaction sa;
  pthread_t thread;

  coroutine = argc > 1 && strcmp (argv[1], "coroutine") == 0;
  other_stack = mmap (NULL, OTHER_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (other_stack == MAP_FAILED)
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

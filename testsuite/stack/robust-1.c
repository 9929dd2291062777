/* robust-1.c: function entries away from the thread's own stack: a signal
   handler on an alternate stack (memscope's, then the program's own,
   allocated with malloc), and two makecontext/swapcontext coroutines with
   stacks of their own (one from malloc, one from mmap); and a thread on a
   stack the program allocated itself (pthread_attr_setstack).  The main
   thread's own stack sees a recursion of known depth.
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
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

#define SIGNALS 3       /* raised with each alternate stack */
#define SIG_DEPTH 20
#define CO_STEPS 4      /* each coroutine yields this many times */
#define CO_DEPTH 30
#define CO_STACK (256 << 10)
#define OWN_STACK (192 << 10)

static volatile int sink;

/* On the thread's own stack. */
NOINLINE static int
recurse (int depth)
{
  char pad[200];

  memset (pad, depth, sizeof pad);
  KEEP (pad);
  if (depth <= 1)
    return pad[3];
  return recurse (depth - 1) * 3 + pad[depth % 200];
}

NOINLINE static int
run (int depth)
{
  char buf[72];

  memset (buf, depth, sizeof buf);
  KEEP (buf);
  return recurse (depth) + buf[5];
}

static void
describe (const char *who, char *cfa)
{
  pthread_attr_t attr;
  void *addr;
  size_t size;

  if (pthread_getattr_np (pthread_self (), &attr) != 0
      || pthread_attr_getstack (&attr, &addr, &size) != 0)
    abort ();
  pthread_attr_destroy (&attr);
  printf ("%s size %zu above %ld\n", who, size, (long) ((char *) addr + size - (cfa - 8)));
}

/* In the signal handler, on an alternate stack. */
NOINLINE static int
sig_recurse (int depth)
{
  char pad[100];

  memset (pad, depth, sizeof pad);
  KEEP (pad);
  if (depth <= 1)
    return pad[3];
  return sig_recurse (depth - 1) * 3 + pad[depth % 100];
}

NOINLINE static int
sig_helper (int depth)
{
  return sig_recurse (depth) + 1;
}

static void
on_usr1 (int sig)
{
  sink += sig_helper (SIG_DEPTH) + sig;
}

/* In the coroutines, on their own stacks. */
static ucontext_t main_uc, co_uc[2];

NOINLINE static int
co_recurse (int depth)
{
  char pad[300];

  memset (pad, depth, sizeof pad);
  KEEP (pad);
  if (depth <= 1)
    return pad[3];
  return co_recurse (depth - 1) * 3 + pad[depth % 300];
}

NOINLINE static void
co_step (int i)
{
  sink += co_recurse (CO_DEPTH);
  swapcontext (&co_uc[i], &main_uc);
}

static void
co_main (int i)
{
  for (int k = 0; k < CO_STEPS; k++)
    co_step (i);
}

/* A thread on a stack of the program's. */
NOINLINE static void *
own (void *arg)
{
  describe ("own", __builtin_dwarf_cfa ());
  return (void *) (long) run ((int) (long) arg);
}

int
main (void)
{
  char *cfa = __builtin_dwarf_cfa ();
  struct sigaction sa;
  stack_t ss;
  void *stacks[2];
  int result;

  describe ("main", cfa);
  result = run (500);

  /* SA_ONSTACK: on memscope's alternate stack, then on the program's. */
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_ONSTACK;
  sigaction (SIGUSR1, &sa, NULL);
  for (int i = 0; i < SIGNALS; i++)
    raise (SIGUSR1);
  ss.ss_sp = malloc (64 << 10);
  ss.ss_size = 64 << 10;
  ss.ss_flags = 0;
  if (ss.ss_sp == NULL || sigaltstack (&ss, NULL) != 0)
    abort ();
  for (int i = 0; i < SIGNALS; i++)
    raise (SIGUSR1);

  /* Two coroutines, taking turns until both have returned. */
  stacks[0] = malloc (CO_STACK);
  stacks[1] = mmap (NULL, CO_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stacks[0] == NULL || stacks[1] == MAP_FAILED)
    abort ();
  for (int i = 0; i < 2; i++)
    {
      getcontext (&co_uc[i]);
      co_uc[i].uc_stack.ss_sp = stacks[i];
      co_uc[i].uc_stack.ss_size = CO_STACK;
      co_uc[i].uc_link = &main_uc;
      makecontext (&co_uc[i], (void (*) (void)) co_main, 1, i);
    }
  for (int k = 0; k <= CO_STEPS; k++)
    for (int i = 0; i < 2; i++)
      swapcontext (&main_uc, &co_uc[i]);

  /* A thread on a stack from malloc. */
  {
    pthread_attr_t attr;
    pthread_t thread;
    void *stack = malloc (OWN_STACK), *r;

    pthread_attr_init (&attr);
    if (stack == NULL || pthread_attr_setstack (&attr, stack, OWN_STACK) != 0
        || pthread_create (&thread, &attr, own, (void *) 100L) != 0)
      abort ();
    pthread_join (thread, &r);
    result += (int) (long) r;
  }
  printf ("result %d sink %d\n", result, sink);
  return 0;
}

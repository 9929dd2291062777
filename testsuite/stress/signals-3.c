/* signals-3.c: an instrumented handler running on a sigaltstack, called
   from code 6 scopes deep (raise) 1,000 times, then from a 50 us timer.
   The alternate stack lies below the interrupted stack ("below": a static
   buffer, the main thread) or above it ("above": one mapping, its lower
   part the stack of the thread that runs the code, its upper part the
   alternate stack).
   Usage: signals-3 below|above
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>

#define ALT_SIZE (256 * 1024)
#define STACK_SIZE (4 * 1024 * 1024)

static char static_alt[ALT_SIZE];
static char *alt_base;
static volatile sig_atomic_t on_alt_count, calls;
static volatile long sink;

__attribute__ ((noinline)) static void
handler_work (int n)
{
  char note[128];
  memset (note, n, sizeof note);
  for (int i = 0; i < 2; i++)
    {
      int cell[2];
      cell[i] = note[i];
      sink += cell[i];
    }
}

static void
on_signal (int sig)
{
  char here;
  int frame[4];
  frame[0] = sig;
  if (&here >= alt_base && &here < alt_base + ALT_SIZE)
    on_alt_count++;
  calls++;
  handler_work (frame[0]);
}

__attribute__ ((noinline)) static long
descend (int depth)
{
  char frame[32];
  memset (frame, depth, sizeof frame);
  if (depth == 5)
    {
      int block[2];
      block[0] = frame[0];
      raise (SIGUSR1);
      return block[0];
    }
  return descend (depth + 1) + frame[2];
}

__attribute__ ((noinline)) static unsigned long
spin (unsigned long h, int depth)
{
  unsigned char buf[16];
  for (int i = 0; i < 16; i++)
    buf[i] = (unsigned char) (h >> i) ^ (unsigned char) depth;
  if (depth > 0)
    h ^= spin (h * 33 + buf[depth % 16], depth - 1);
  return h * 1099511628211ul ^ buf[5];
}

static void *
run (void *arg)
{
  stack_t ss = { .ss_sp = alt_base, .ss_size = ALT_SIZE };
  struct sigaction sa;
  long total = 0;
  unsigned long h = 1;
  struct itimerval it = { { 0, 50 }, { 0, 50 } };
  sigset_t all;
  (void) arg;

  sigfillset (&all);
  pthread_sigmask (SIG_UNBLOCK, &all, NULL);
  if (sigaltstack (&ss, NULL) != 0)
    abort ();
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK | SA_RESTART;
  sigaction (SIGUSR1, &sa, NULL);
  sigaction (SIGALRM, &sa, NULL);
  for (int i = 0; i < 1000; i++)
    total += descend (0);
  printf ("descend: %ld, on the alternate stack: %d of %d\n", total, (int) on_alt_count, (int) calls);
  setitimer (ITIMER_REAL, &it, NULL);
  for (long r = 0; r < 20000; r++)
    h = spin (h + (unsigned long) r, 10);
  memset (&it, 0, sizeof it);
  setitimer (ITIMER_REAL, &it, NULL);
  printf ("spin: %lx, all on the alternate stack: %d\n", h, on_alt_count == calls);
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "above") == 0)
    {
      sigset_t all;
      pthread_attr_t attr;
      pthread_t t;
      char *map = mmap (NULL, STACK_SIZE + ALT_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (map == MAP_FAILED)
        abort ();
      alt_base = map + STACK_SIZE;
      pthread_attr_init (&attr);
      pthread_attr_setstack (&attr, map, STACK_SIZE);
      /* The timer's signals go to the thread that runs the code. */
      sigfillset (&all);
      pthread_sigmask (SIG_BLOCK, &all, NULL);
      pthread_create (&t, &attr, run, NULL);
      pthread_join (t, NULL);
    }
  else
    {
      alt_base = static_alt;
      run (NULL);
    }
  return 0;
}

/* A thread that never runs instrumented code nor allocates (its start
 * routine is no_instrument_function) is a root as well while it runs: the
 * 300-byte block only its stack holds is reachable.  Main's dropped 32
 * bytes leak. */
#include <pthread.h>
#include "leaks.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;
void *volatile mailbox;

__attribute__ ((no_instrument_function)) static void *
holder (void *arg)
{
  void *volatile mine = mailbox;

  mailbox = NULL;
  pthread_mutex_lock (&lock);
  ready = 1;
  pthread_cond_signal (&ready_cond);
  for (;;)
    pthread_cond_wait (&never, &lock);
  __asm__ __volatile__ ("" : : "r" (mine) : "memory");
  return NULL;
}

NOINLINE static void
give (void)
{
  mailbox = alloc (300);
}

int
main (void)
{
  pthread_t t;

  give ();
  pthread_create (&t, NULL, holder, NULL);
  pthread_mutex_lock (&lock);
  while (!ready)
    pthread_cond_wait (&ready_cond, &lock);
  pthread_mutex_unlock (&lock);
  drop (32);
  clear_stack ();
  return 0;
}

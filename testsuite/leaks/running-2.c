/* A running thread's dead stack is no root: the thread put a 128-byte
 * block's only pointer deep in a big frame that has returned, then
 * blocked in a call that uses far less stack.  The block leaks; the one
 * held in its live frame (64 bytes) does not. */
#include <pthread.h>
#include "leaks.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;

/* Leaves the pointer 16 KiB below the caller, in dead stack. */
NOINLINE static void
stash (void)
{
  void *volatile deep[2048];

  deep[0] = alloc (128);
  use ((void *) deep);
}

static void *
sleeper (void *arg)
{
  void *volatile mine = alloc (64);

  stash ();
  pthread_mutex_lock (&lock);
  ready = 1;
  pthread_cond_signal (&ready_cond);
  for (;;)
    pthread_cond_wait (&never, &lock);
  use (mine);
  return NULL;
}

int
main (void)
{
  pthread_t t;

  pthread_create (&t, NULL, sleeper, NULL);
  pthread_mutex_lock (&lock);
  while (!ready)
    pthread_cond_wait (&ready_cond, &lock);
  pthread_mutex_unlock (&lock);
  clear_stack ();
  return 0;
}

/* Threads that hand blocks over: a block an ended thread stored in a
 * global is reachable; a block it dropped leaks (56 bytes); a block it
 * allocated and main freed is gone.  A detached thread's dropped block
 * (24 bytes) leaks too. */
#include <pthread.h>
#include "leaks.h"

void *handed;
void *volatile to_free;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static int detached_done;

static void *
worker (void *arg)
{
  handed = alloc (40);
  to_free = alloc (1000);
  use (alloc (56));
  return NULL;
}

static void *
detached (void *arg)
{
  use (alloc (24));
  pthread_mutex_lock (&lock);
  detached_done = 1;
  pthread_cond_signal (&done);
  pthread_mutex_unlock (&lock);
  return NULL;
}

int
main (void)
{
  pthread_t t, d;
  pthread_attr_t attr;

  pthread_create (&t, NULL, worker, NULL);
  pthread_join (t, NULL);
  free (to_free);
  to_free = NULL;
  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  pthread_create (&d, &attr, detached, NULL);
  pthread_mutex_lock (&lock);
  while (!detached_done)
    pthread_cond_wait (&done, &lock);
  pthread_mutex_unlock (&lock);
  clear_stack ();
  return 0;
}

/* A thread still running at exit (blocked on a condition) is a root: the
 * block in its live frame is reachable.  Main's dropped 48 bytes leak. */
#include <pthread.h>
#include "leaks.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *
sleeper (void *arg)
{
  void *volatile mine = alloc (500);

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
  drop (48);
  clear_stack ();
  return 0;
}

/* An ended thread's TLS is no root either: a block held by a __thread
 * pointer (64 bytes) and one held by pthread_setspecific without a
 * destructor (72 bytes) leak when their thread ends. */
#include <pthread.h>
#include "leaks.h"

__thread void *tls_slot;
static pthread_key_t key;

static void *
worker (void *arg)
{
  tls_slot = alloc (64);
  pthread_setspecific (key, alloc (72));
  return NULL;
}

int
main (void)
{
  pthread_t t;

  pthread_key_create (&key, NULL);
  pthread_create (&t, NULL, worker, NULL);
  pthread_join (t, NULL);
  clear_stack ();
  return 0;
}

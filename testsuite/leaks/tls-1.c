/* The main thread's TLS and thread descriptor are roots: a __thread
 * pointer and a pthread_setspecific value keep their blocks; 88 bytes
 * dropped leak. */
#include <pthread.h>
#include "leaks.h"

__thread void *tls_slot;
static pthread_key_t key;

NOINLINE static void
setup (void)
{
  tls_slot = alloc (64);
  pthread_key_create (&key, NULL);
  pthread_setspecific (key, alloc (72));
  use (alloc (88));
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* A running thread's TLS is a root: its __thread pointer and its
 * pthread_setspecific value keep their blocks; a spinning thread's live
 * frame keeps its own.  Main drops 40 bytes. */
#include <pthread.h>
#include <unistd.h>
#include "leaks.h"

__thread void *tls_slot;
static pthread_key_t key;
static volatile int ready;

static void *
waiter (void *arg)
{
  tls_slot = alloc (64);
  pthread_setspecific (key, alloc (72));
  __atomic_add_fetch (&ready, 1, __ATOMIC_SEQ_CST);
  for (;;)
    pause ();
  return NULL;
}

static void *
spinner (void *arg)
{
  void *volatile mine = alloc (24);

  __atomic_add_fetch (&ready, 1, __ATOMIC_SEQ_CST);
  for (;;)
    use (mine);
  return NULL;
}

int
main (void)
{
  pthread_t a, b;

  pthread_key_create (&key, NULL);
  pthread_create (&a, NULL, waiter, NULL);
  pthread_create (&b, NULL, spinner, NULL);
  while (__atomic_load_n (&ready, __ATOMIC_SEQ_CST) < 2)
    ;
  drop (40);
  clear_stack ();
  return 0;
}

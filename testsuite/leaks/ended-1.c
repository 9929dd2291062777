/* Three threads each allocate 100 bytes, hold the block in a local and
 * end: an ended thread's stack is no root, so all 300 bytes leak, even
 * though glibc keeps the stacks for reuse. */
#include <pthread.h>
#include "leaks.h"

static void *
worker (void *arg)
{
  void *volatile mine = alloc (100);

  use (mine);
  return NULL;
}

int
main (void)
{
  pthread_t t[3];
  int i;

  for (i = 0; i < 3; i++)
    pthread_create (&t[i], NULL, worker, NULL);
  for (i = 0; i < 3; i++)
    pthread_join (t[i], NULL);
  clear_stack ();
  return 0;
}

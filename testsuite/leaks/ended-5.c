/* Twenty threads each keep one block in a global array and drop one of
 * 10 + i bytes: 390 bytes in 20 blocks leak. */
#include <pthread.h>
#include "leaks.h"

void *kept[20];

static void *
worker (void *arg)
{
  long i = (long) arg;

  kept[i] = alloc (8);
  use (alloc (10 + i));
  return NULL;
}

int
main (void)
{
  pthread_t t[20];
  long i;

  for (i = 0; i < 20; i++)
    pthread_create (&t[i], NULL, worker, (void *) i);
  for (i = 0; i < 20; i++)
    pthread_join (t[i], NULL);
  clear_stack ();
  return 0;
}

/* exit() called by a thread, 10 frames deep, while main waits in
 * pthread_join: main's frame and the thread's live frames keep their
 * blocks; the thread's dropped 80 bytes leak. */
#include <pthread.h>
#include <stdlib.h>
#include "leaks.h"

#ifndef END
#define END() exit (0)            /* exit-4.c ends it another way */
#endif

NOINLINE static void
descend (int depth)
{
  void *volatile mine = alloc (16);

  if (depth == 0)
    {
      drop (80);
      clear_stack ();
      END ();
    }
  descend (depth - 1);
  use (mine);
}

static void *
worker (void *arg)
{
  descend (9);
  return NULL;
}

NOINLINE static void
run (void)
{
  void *volatile held = alloc (48);
  pthread_t t;

  pthread_create (&t, NULL, worker, NULL);
  pthread_join (t, NULL);
  use (held);
}

int
main (void)
{
  run ();
  return 1;
}

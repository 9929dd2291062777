/* A block allocated by main, handed to a thread that holds it in its
 * stack and ends: 256 bytes leak.  The ended thread's stack is then
 * reused by a new thread that keeps its own block (reachable) and is
 * joined too. */
#include <pthread.h>
#include "leaks.h"

void *volatile mailbox;
void *kept;

static void *
holder (void *arg)
{
  void *volatile mine = mailbox;

  mailbox = NULL;
  use (mine);
  return NULL;
}

static void *
keeper (void *arg)
{
  kept = alloc (32);
  return NULL;
}

NOINLINE static void
give (void)
{
  mailbox = alloc (256);
}

int
main (void)
{
  pthread_t t;

  give ();
  pthread_create (&t, NULL, holder, NULL);
  pthread_join (t, NULL);
  pthread_create (&t, NULL, keeper, NULL);
  pthread_join (t, NULL);
  clear_stack ();
  return 0;
}

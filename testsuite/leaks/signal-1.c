/* Blocks allocated in a signal handler: one stored in a global is kept,
 * one dropped leaks (36 bytes). */
#include <signal.h>
#include "leaks.h"

void *volatile from_handler;

static void
handler (int sig)
{
  from_handler = alloc (12);
  use (alloc (36));
}

int
main (void)
{
  signal (SIGUSR1, handler);
  raise (SIGUSR1);
  clear_stack ();
  return 0;
}

/* _exit() from a signal handler, as rsync ends a process: a handler may
 * have interrupted the allocator, whose lock the report would wait for,
 * so none is written while the thread blocks a signal (as it blocks its
 * own in its handler), and the process ends at once with its status. */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "leaks.h"

static void
on_signal (int sig)
{
  (void) sig;
  _exit (8);
}

int
main (void)
{
  signal (SIGUSR1, on_signal);
  drop (40);
  raise (SIGUSR1);
  return 1;
}

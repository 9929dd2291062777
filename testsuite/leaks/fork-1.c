/* fork: the parent drops 100 bytes before the fork and 60 after it; the
 * child drops 40 and ends normally.  Each process checks its own heap:
 * the parent leaks 160 bytes in 2 blocks; the child its own 40, and the
 * 100 it inherited unreachable (LeakSanitizer counts those with the
 * child's; memscope lists them as inherited). */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "leaks.h"

void *kept;

int
main (void)
{
  pid_t child;

  kept = alloc (8);
  drop (100);
  clear_stack ();
  child = fork ();
  if (child == 0)
    {
      dprintf (1, "child %d\n", (int) getpid ());
      drop (40);
      clear_stack ();
      return 0;
    }
  dprintf (1, "parent %d\n", (int) getpid ());
  waitpid (child, NULL, 0);
  drop (60);
  clear_stack ();
  return 0;
}

/* A child that exits from 5 frames deep keeps the blocks its live frames
 * hold and leaks the 72 bytes it dropped; the parent leaks nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "leaks.h"

NOINLINE static void
descend (int depth)
{
  void *volatile mine = alloc (16);

  if (depth == 0)
    {
      drop (72);
      clear_stack ();
      exit (0);
    }
  descend (depth - 1);
  use (mine);
}

int
main (void)
{
  pid_t child = fork ();

  if (child == 0)
    {
      dprintf (1, "child %d\n", (int) getpid ());
      descend (4);
    }
  dprintf (1, "parent %d\n", (int) getpid ());
  waitpid (child, NULL, 0);
  clear_stack ();
  return 0;
}

/* _exit() from 30 frames deep, with output still in stdout's buffer: each
 * live frame holds a 16-byte block (all reachable); the three 24-byte
 * blocks dropped before are leaked.  The report is written as at exit();
 * the buffer is lost, as without memscope. */
#include <stdio.h>
#include <unistd.h>
#include "leaks.h"

NOINLINE static void
drop_three (void)
{
  int i;

  for (i = 0; i < 3; i++)
    drop (24);
}

NOINLINE static void
descend (int depth)
{
  void *volatile mine = alloc (16);

  if (depth == 0)
    {
      clear_stack ();
      _exit (5);
    }
  descend (depth - 1);
  use (mine);
}

int
main (void)
{
  printf ("never flushed\n");
  drop_three ();
  clear_stack ();
  descend (29);
  return 1;
}

/* exit() from 40 frames deep: each live frame holds a 32-byte block (all
 * reachable); the three 24-byte blocks dropped before are leaked.
 * exit-3.c ends it another way (END) after a START of its own. */
#include <stdlib.h>
#include "leaks.h"

#ifndef END
#define START()
#define END() exit (0)
#endif

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
  void *volatile mine = alloc (32);

  if (depth == 0)
    {
      clear_stack ();
      END ();
    }
  descend (depth - 1);
  use (mine);
}

int
main (void)
{
  START ();
  drop_three ();
  clear_stack ();
  descend (39);
  return 1;
}

/* Interior pointers count: a global holds p + 50 of a 100-byte block, and
 * another the last byte of a 30-byte one (both reachable).  One past the
 * end does not: the 100-byte block only pointed to that way leaks, as
 * does a 32-byte holder with its 64-byte target, pointed to only at +10
 * from the holder. */
#include "leaks.h"

char *middle, *last, *past_end;

NOINLINE static void
setup (void)
{
  char *a = alloc (100), *b = alloc (30), *c = alloc (100);
  char **holder = alloc (32);

  middle = a + 50;
  last = b + 29;
  past_end = c + 100;
  holder[1] = (char *) alloc (64) + 10;
  use (holder);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

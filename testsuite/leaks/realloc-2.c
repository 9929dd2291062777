/* realloc shrinking 1000 to 10 bytes, realloc (NULL, 50), reallocarray
 * (NULL, 5, 8): 100 bytes in 3 blocks dropped; a realloc of a block a
 * global holds stays reachable. */
#include "leaks.h"

void *kept;

NOINLINE static void
setup (void)
{
  void *p = alloc (1000);

  p = realloc (p, 10);
  use (p);
  p = realloc (NULL, 50);
  memset (p, 0, 50);
  use (p);
  p = reallocarray (NULL, 5, 8);
  memset (p, 0, 40);
  use (p);
  kept = alloc (64);
  kept = realloc (kept, 640);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

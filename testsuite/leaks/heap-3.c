/* A block pointed to by a leaked block and by a reachable one is
 * reachable: only the 56-byte leaked holder leaks. */
#include "leaks.h"

void **kept;

NOINLINE static void
setup (void)
{
  void *shared = alloc (200);
  void **leaked = alloc (56);

  kept = alloc (16);
  kept[0] = shared;
  leaked[0] = shared;
  use (leaked);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* Leaks from three functions, for the suppression tests: a 64-byte holder
 * (make_holder) pointing to a 100-byte child (make_child), and 24 bytes
 * dropped in other (): 188 bytes in 3 blocks. */
#include "leaks.h"

NOINLINE static void **
make_holder (void)
{
  return alloc (64);
}

NOINLINE static void *
make_child (void)
{
  return alloc (100);
}

NOINLINE static void
other (void)
{
  drop (24);
}

NOINLINE static void
setup (void)
{
  void **holder = make_holder ();

  holder[0] = make_child ();
  use (holder);
  other ();
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* calloc (10, 12) dropped and calloc (3, 100) kept: 120 bytes leak. */
#include "leaks.h"

void *kept;

NOINLINE static void
setup (void)
{
  use (calloc (10, 12));
  kept = calloc (3, 100);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* Blocks kept by other blocks: global -> A -> B -> C is reachable; D -> E
 * -> F, dropped, leaks all three (48 + 64 + 80 bytes). */
#include "leaks.h"

void **chain;

NOINLINE static void **
link3 (size_t a, size_t b, size_t c)
{
  void **x = alloc (a), **y = alloc (b), **z = alloc (c);

  x[0] = y;
  y[0] = z;
  return x;
}

NOINLINE static void
setup (void)
{
  chain = link3 (24, 24, 24);
  use (link3 (48, 64, 80));
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

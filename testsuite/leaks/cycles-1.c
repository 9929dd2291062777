/* Unreachable cycles leak: a pair of 32-byte blocks and a ring of ten
 * 40-byte blocks (464 bytes in 12).  A ring of five kept by a global does
 * not. */
#include "leaks.h"

void *kept_ring;

NOINLINE static void *
ring (int n, size_t size)
{
  void **first = alloc (size), **prev = first;
  int i;

  for (i = 1; i < n; i++)
    {
      void **e = alloc (size);
      prev[0] = e;
      prev = e;
    }
  prev[0] = first;
  return first;
}

NOINLINE static void
setup (void)
{
  use (ring (2, 32));
  use (ring (10, 40));
  kept_ring = ring (5, 24);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* Three pointers hidden by XOR in a global: 17 + 33 + 52 bytes leaked. */
#include "leaks.h"

uintptr_t hidden[3];

NOINLINE static void
hide (void)
{
  static const size_t sizes[3] = { 17, 33, 52 };
  int i;

  for (i = 0; i < 3; i++)
    hidden[i] = (uintptr_t) alloc (sizes[i]) ^ 0x5555555555555555u;
}

int
main (void)
{
  hide ();
  clear_stack ();
  return 0;
}

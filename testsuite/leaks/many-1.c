/* 1000 blocks of 1 to 64 bytes dropped (32020 bytes), 1000 more kept in a
 * global array. */
#include "leaks.h"

void *kept[1000];

NOINLINE static void
setup (void)
{
  int i;

  for (i = 0; i < 1000; i++)
    {
      use (alloc (1 + i % 64));
      kept[i] = alloc (1 + i % 32);
    }
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* A working set of 1000 blocks of 100 bytes (the heap's peak, with two
 * blocks dropped meanwhile), freed; then a smaller one kept.  Three
 * dropped blocks of 100 bytes leak. */
#include "leaks.h"

void *set[1000];

NOINLINE static void
work (void)
{
  int i;

  for (i = 0; i < 1000; i++)
    set[i] = alloc (100);
  drop (100);
  drop (100);
  for (i = 0; i < 1000; i++)
    {
      free (set[i]);
      set[i] = NULL;
    }
  for (i = 0; i < 10; i++)
    set[i] = alloc (50);
  drop (100);
}

int
main (void)
{
  work ();
  clear_stack ();
  return 0;
}

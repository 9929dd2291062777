/* A buffer grown by a chain of realloc calls from 16 to 4096 bytes, then
 * dropped: 4096 bytes in one block.  Another grown to 2048 and kept by a
 * global is reachable. */
#include "leaks.h"

char *kept;

NOINLINE static char *
grow (size_t to)
{
  char *p = alloc (16);
  size_t n;

  for (n = 32; n <= to; n *= 2)
    {
      p = realloc (p, n);
      memset (p, 0, n);
      use (p);
    }
  return p;
}

NOINLINE static void
setup (void)
{
  use (grow (4096));
  kept = grow (2048);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* Over-aligned blocks: posix_memalign (64, 100) and aligned_alloc (128,
 * 256) dropped (356 bytes); memalign (32, 48) kept by an interior pointer. */
#include <malloc.h>
#include "leaks.h"

char *kept;

NOINLINE static void
setup (void)
{
  void *p = NULL;

  if (posix_memalign (&p, 64, 100) == 0)
    memset (p, 0, 100);
  use (p);
  p = aligned_alloc (128, 256);
  memset (p, 0, 256);
  use (p);
  kept = (char *) memalign (32, 48) + 8;
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

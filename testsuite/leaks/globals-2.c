/* Kept: a static local (.bss), a pointer in an initialised struct (.data),
 * a const-qualified pointer set at run time.  Dropped: 256 bytes. */
#include "leaks.h"

struct config
{
  const char *name;
  void *buffer;
} config = { "config", NULL };

NOINLINE static void *
cache (void)
{
  static void *slot;

  if (slot == NULL)
    slot = alloc (128);
  return slot;
}

NOINLINE static void
setup (void)
{
  use (cache ());
  config.buffer = alloc (64);
  use (alloc (256));
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

// An exception thrown and caught frees its object; a unique_ptr released
// and dropped (24 bytes) leaks, one kept by a global does not, and a
// block allocated in the handler and dropped (50 bytes) leaks.
#include <memory>
#include <stdexcept>
#include "leaks.h"

std::unique_ptr<long[]> kept;

NOINLINE static void
thrower ()
{
  throw std::runtime_error ("a message long enough not to fit in place");
}

NOINLINE static void
setup ()
{
  try
    {
      thrower ();
    }
  catch (const std::exception &e)
    {
      use (alloc (50));
    }
  std::unique_ptr<long[]> p (new long[3] ());
  use (p.release ());
  kept.reset (new long[4] ());
}

int
main ()
{
  setup ();
  clear_stack ();
  return 0;
}

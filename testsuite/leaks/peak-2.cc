// A std::vector grown by push_back to 10,000 elements (its buffer doubles:
// the heap's peak is the last move, both buffers live) and freed; a copy
// of 10 elements kept; a new std::vector<long>(100) dropped: 24 + 800
// bytes in 2 blocks leak.
#include <vector>
#include "leaks.h"

std::vector<long> *kept;

NOINLINE static void
work ()
{
  std::vector<long> v;
  for (long i = 0; i < 10000; i++)
    v.push_back (i);
  use (v.data ());
  kept = new std::vector<long> (v.begin (), v.begin () + 10);
  use (new std::vector<long> (100));
}

int
main ()
{
  work ();
  clear_stack ();
  return 0;
}

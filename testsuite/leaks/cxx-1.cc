// new int[10] (40 bytes) and new std::vector<int>(100) (a 24-byte vector
// and its 400-byte buffer) dropped: 464 bytes in 3 blocks.
#include <vector>
#include "leaks.h"

std::vector<int> *kept;

NOINLINE static void
setup ()
{
  int *a = new int[10]();
  use (a);
  std::vector<int> *v = new std::vector<int> (100);
  use (v);
  kept = new std::vector<int> (10);
}

int
main ()
{
  setup ();
  clear_stack ();
  return 0;
}

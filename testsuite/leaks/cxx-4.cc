// Containers dropped whole: a std::map<int, int> of 10 entries (a 48-byte
// map and ten 40-byte nodes) and a std::string of 100 characters (32
// bytes and a 101-byte buffer): 581 bytes in 13 blocks.
#include <map>
#include <string>
#include "leaks.h"

NOINLINE static void
setup ()
{
  auto *m = new std::map<int, int>;
  for (int i = 0; i < 10; i++)
    (*m)[i] = i;
  use (m);
  auto *s = new std::string (100, 'x');
  use (s);
}

int
main ()
{
  setup ();
  clear_stack ();
  return 0;
}

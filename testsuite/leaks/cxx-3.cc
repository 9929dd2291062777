// A cycle of shared_ptrs made with make_shared: each node is one 40-byte
// block (control block and object); both leak.  A chain kept by a global
// shared_ptr does not.
#include <memory>
#include "leaks.h"

struct Node
{
  std::shared_ptr<Node> next;
  long value = 0;
};

std::shared_ptr<Node> kept;

NOINLINE static void
setup ()
{
  auto a = std::make_shared<Node> ();
  auto b = std::make_shared<Node> ();
  a->next = b;
  b->next = a;
  kept = std::make_shared<Node> ();
  kept->next = std::make_shared<Node> ();
}

int
main ()
{
  setup ();
  clear_stack ();
  return 0;
}

// std::thread workers that end: each drops a new'd 32-byte object (3
// blocks) and hands another to a global vector (reachable).
#include <mutex>
#include <thread>
#include <vector>
#include "leaks.h"

struct Payload
{
  long a[4] = {};
};

std::vector<Payload *> *handed;
std::mutex lock;

NOINLINE static void
work ()
{
  use (new Payload);
  Payload *keep = new Payload;
  std::lock_guard<std::mutex> g (lock);
  handed->push_back (keep);
}

int
main ()
{
  handed = new std::vector<Payload *>;
  handed->reserve (3);
  {
    std::thread a (work), b (work), c (work);
    a.join ();
    b.join ();
    c.join ();
  }
  clear_stack ();
  return 0;
}

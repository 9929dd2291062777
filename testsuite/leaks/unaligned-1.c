/* Only aligned words are pointers to either tool: pointers stored at byte
 * offsets 1 and 4 of a packed global keep nothing (64 + 80 bytes leak);
 * the aligned one keeps its 32 bytes. */
#include "leaks.h"

struct __attribute__ ((packed)) odd
{
  char c;
  void *at1;
  char pad[7];
  void *at16;
};
struct __attribute__ ((packed)) odd4
{
  int i;
  void *at4;
};
struct odd odd __attribute__ ((aligned (8)));
struct odd4 odd4 __attribute__ ((aligned (8)));

NOINLINE static void
setup (void)
{
  odd.at1 = alloc (64);
  odd.at16 = alloc (32);
  odd4.at4 = alloc (80);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* Kept: a global pointer, a global array, a global struct's field.  Dropped:
 * 40 and 72 bytes. */
#include "leaks.h"

void *one;
void *many[4];
struct holder
{
  int tag;
  void *inside;
} holder;

NOINLINE static void
setup (void)
{
  one = alloc (16);
  many[0] = alloc (24);
  many[3] = alloc (48);
  holder.inside = alloc (96);
  use (alloc (40));
  use (alloc (72));
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* A frame abandoned by longjmp is dead: the 96-byte block only its local
 * held leaks once the dead stack is overwritten; one kept by a global does
 * not. */
#include <setjmp.h>
#include "leaks.h"

static jmp_buf back;
void *kept;

NOINLINE static void
deep (int n)
{
  void *volatile mine = alloc (96);

  if (n == 0)
    longjmp (back, 1);
  deep (n - 1);
  use (mine);
}

NOINLINE static void
setup (void)
{
  kept = alloc (10);
  if (setjmp (back) == 0)
    deep (0);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* Three working sets, of blocks of 8, 200 and 56 bytes, each freed after
 * two blocks of its size were dropped behind it.  The last dropped block
 * ends where glibc's top chunk starts: a 56-byte block's last word is the
 * first word of the chunk after it, which main_arena points to (200
 * bytes: the same; 8 bytes: not).  Six dropped blocks, 528 bytes, leak. */
#include "leaks.h"

void *set[1000];

NOINLINE static void
phase (size_t size)
{
  int i;

  for (i = 0; i < 1000; i++)
    set[i] = alloc (size);
  drop (size);
  drop (size);
  for (i = 0; i < 1000; i++)
    {
      free (set[i]);
      set[i] = NULL;
    }
}

int
main (void)
{
  phase (8);
  phase (200);
  phase (56);
  clear_stack ();
  return 0;
}

/* Trees: a dropped binary tree of 15 nodes of 32 bytes leaks 480 bytes; a
 * tree of 7 kept by a global is reachable, down to its leaves. */
#include "leaks.h"

struct tree
{
  struct tree *left, *right;
  long key, pad;
};

struct tree *kept;

NOINLINE static struct tree *
grow (int depth)
{
  struct tree *t;

  if (depth == 0)
    return NULL;
  t = alloc (sizeof *t);
  t->left = grow (depth - 1);
  t->right = grow (depth - 1);
  return t;
}

NOINLINE static void
setup (void)
{
  kept = grow (3);
  use (grow (4));
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

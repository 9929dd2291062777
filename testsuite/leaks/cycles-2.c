/* A block pointing to itself (24 bytes) and a dropped doubly linked list
 * of six 40-byte nodes: 264 bytes in 7 blocks leak. */
#include "leaks.h"

struct dnode
{
  struct dnode *next, *prev;
  long a, b, c;
};

NOINLINE static void
setup (void)
{
  void **self = alloc (24);
  struct dnode *head = NULL;
  int i;

  self[0] = self;
  use (self);
  for (i = 0; i < 6; i++)
    {
      struct dnode *e = alloc (sizeof *e);
      e->next = head;
      if (head)
        head->prev = e;
      head = e;
    }
  use (head);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

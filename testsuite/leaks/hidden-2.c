/* A list of 8 nodes of 24 bytes whose head is kept only XORed: all 8 are
 * leaked, 7 of them only pointed to from leaked nodes.  A second list of 5
 * kept by a plain global pointer is reachable. */
#include "leaks.h"

struct node
{
  struct node *next;
  long value;
  long pad;
};

uintptr_t hidden_head;
struct node *kept_head;

NOINLINE static struct node *
build (int n)
{
  struct node *head = NULL;
  int i;

  for (i = 0; i < n; i++)
    {
      struct node *e = alloc (sizeof *e);
      e->next = head;
      e->value = i;
      head = e;
    }
  return head;
}

NOINLINE static void
setup (void)
{
  hidden_head = (uintptr_t) build (8) ^ 0xa5a5a5a5a5a5a5a5u;
  kept_head = build (5);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

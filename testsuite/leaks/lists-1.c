/* A dropped list of ten 16-byte nodes, each with a strdup'ed 8-byte name:
 * 240 bytes in 20 blocks. */
#include <stdio.h>
#include "leaks.h"

struct item
{
  struct item *next;
  char *name;
};

NOINLINE static void
setup (void)
{
  struct item *head = NULL;
  char name[16];
  int i;

  for (i = 0; i < 10; i++)
    {
      struct item *e = alloc (sizeof *e);
      snprintf (name, sizeof name, "item-%02d", i);
      e->name = strdup (name);
      e->next = head;
      head = e;
    }
  use (head);
  memset (name, 0, sizeof name);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* A list kept by a global; renaming one node without freeing its old
 * name leaks the 17-byte strdup. */
#include "leaks.h"

struct item
{
  struct item *next;
  char *name;
};

struct item *list;

NOINLINE static void
build (void)
{
  static const char *names[4] = { "alpha", "sixteen-letters!", "gamma", "delta" };
  int i;

  for (i = 0; i < 4; i++)
    {
      struct item *e = alloc (sizeof *e);
      e->name = strdup (names[i]);
      e->next = list;
      list = e;
    }
}

NOINLINE static void
rename_second (void)
{
  /* list is delta, gamma, sixteen-letters!, alpha */
  list->next->next->name = strdup ("renamed");
}

int
main (void)
{
  build ();
  rename_second ();
  clear_stack ();
  return 0;
}

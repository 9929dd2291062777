/* Memory the program maps itself is no root: a pointer stored only in an
 * anonymous mapping keeps nothing (200 bytes leak), one in a global keeps
 * its block. */
#include <sys/mman.h>
#include "leaks.h"

void **page;
void *kept;

NOINLINE static void
setup (void)
{
  page = mmap (NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  page[10] = alloc (200);
  kept = alloc (20);
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* peaks-1.c: a recursion through two functions (as libxml2's
 * xmlCatalogXMLResolveURI and xmlCatalogListXMLResolveURI), with a block
 * holding a 400-byte array on the way down, seven levels deep: at most
 * 2,800 bytes live at once.  The recursion folds onto resolve's context,
 * and no context may report a peak above its thread's.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>

__attribute__ ((noipa)) void
use (const char **p)
{
  p[1] = p[0];
}

int list_resolve (int n);

__attribute__ ((noinline)) int
resolve (int n)
{
  if (n > 0)
    {
      const char *delegates[50];
      delegates[0] = "x";
      use (delegates);
      return list_resolve (n - 1) + (delegates[1] != 0);
    }
  return 0;
}

__attribute__ ((noinline)) int
list_resolve (int n)
{
  return resolve (n) + 1;
}

int
main (void)
{
  printf ("%d\n", resolve (7));
  return 0;
}

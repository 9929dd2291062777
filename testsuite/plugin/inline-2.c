/* inline-2.c: the external definitions for inline-1.c.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include "inline-1.h"

extern int c99_inline (int x);

int
gnu_extern_inline (int x)
{
  return x;
}

int
other (int y)
{
  int z[2] = { y, y };
  KEEP (z);
  return z[1] + static_inline (y);
}

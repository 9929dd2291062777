/* unload-2-dep.c: a library that only unload-2-lib.c's library needs
 * (DT_NEEDED): dlclose of that one unloads this one too.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

int
dep_work (int n, void **keep)
{
  *keep = malloc (50);          /* main frees it after the library is gone */
  return n * 2;
}

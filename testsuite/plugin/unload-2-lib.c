/* unload-2-lib.c: unload-1.c's library, through a library it needs.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
int dep_work (int n, void **keep);

const char *
lib_name (void)
{
  return "unload-2-lib";
}

int
lib_work (int n, void **keep)
{
  return dep_work (n, keep) + 1;
}

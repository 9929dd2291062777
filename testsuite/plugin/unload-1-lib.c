/* unload-1-lib.c: a library that unload-1.c opens, calls and closes.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

const char *
lib_name (void)
{
  return "unload-1-lib";
}

int
lib_work (int n, void **keep)
{
  char buf[256];
  int s = 0;

  memset (buf, n, sizeof buf);
  for (int i = 0; i < (int) sizeof buf; i++)
    s += buf[i];
  *keep = malloc (100);         /* main frees it after the library is gone */
  return s;
}

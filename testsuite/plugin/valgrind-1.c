/* valgrind-1.c: run under valgrind's memcheck, whose allocator takes the
 * place of the runtime's: strdup, strndup and reallocarray (which memcheck
 * does not replace) must allocate with it, and the runtime must not read
 * its blocks as its own (s holds one: the plugin notes its owner).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main (void)
{
  char *s = strdup ("hello");
  char *t = strndup ("world!", 5);
  char *r = reallocarray (NULL, 4, 8);

  memset (r, 0, 32);
  printf ("%s %s %d\n", s, t, r[31]);
  free (r);
  free (t);
  free (s);
  return 0;
}

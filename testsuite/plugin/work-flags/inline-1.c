/* inline-1.c: inline definitions still link exactly as without the
   plugin (with inline-2.c); the exit status is kept.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <string.h>
#include "inline-1.h"

int other (int);

int
main (int argc, char **argv)
{
  char line[32];
  snprintf (line, sizeof line, "%d %d %d %d", c99_inline (2),
            gnu_extern_inline (3), static_inline (4), other (5));
  puts (line);
  return argc + (int) strlen (argv[0] ? "ab" : "") ;
}

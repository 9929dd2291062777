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
  /* Run as "inline a b": the arguments are 2, 3, 4 and 5, computed from
     argc so that the optimizer cannot fold the calls away.  */
  snprintf (line, sizeof line, "%d %d %d %d", c99_inline (argc - 1),
            gnu_extern_inline (argc), static_inline (argc + 1), other (argc + 2));
  puts (line);
  return argc + (int) strlen (argv[0] ? "ab" : "") ;
}

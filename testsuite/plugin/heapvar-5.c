/* heapvar-5.c: an allocation whose pointer goes round two nested loops
 * through PHIs that hand it back to each other, as -O2 makes of xz-utils'
 * lzma_str_list_filters (`# p_3 = PHI <p_19, block_6>`, `# p_19 = PHI
 * <p_18, p_3>`): following them once crashed the compiler.  The block is
 * held by a global, no variable: none receives it.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>

struct str { char *buf; };
static struct str dest;
int more, rounds, seen;

__attribute__ ((noipa)) void
use (const char *p)
{
  seen += p != NULL;
  if (--rounds == 0)
    {
      free (dest.buf);
      exit (seen == 3 ? 0 : 1);
    }
}

static void str_init (struct str *s) { s->buf = malloc (8); }
static void str_append (struct str *s) { use (s->buf); }

__attribute__ ((noipa)) void
list (long go)
{
  str_init (&dest);
  while (go)
    {
      while (more)
        str_append (&dest);
    }
}

int
main (void)
{
  more = 1;
  rounds = 3;
  list (1);
  return 2;
}

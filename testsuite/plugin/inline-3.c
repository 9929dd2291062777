/* inline-3.c: a call the source makes before an inlined function's body,
   and a constant of that body (the string it passes to getenv) that GCC
   loads into a callee-saved register in the prologue, above the call.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>

__attribute__ ((noipa)) void *
create_prefs (void)
{
  char *p = malloc (136);
  if (p != NULL)
    p[0] = 1;                   /* no tail call: the block is this context's */
  return p;
}

static int
read_num (const char **s, unsigned *value)
{
  unsigned result = 0;
  while (**s >= '0' && **s <= '9')
    {
      unsigned last = result;
      result = result * 10 + (unsigned) (**s - '0');
      if (result < last)
        return 1;
      (*s)++;
    }
  *value = result;
  return 0;
}

static int
init_level (void)
{
  const char *const env = getenv ("LEVEL");
  if (env != NULL)
    {
      const char *ptr = env;
      unsigned v;
      if (read_num (&ptr, &v))
        {
          fprintf (stderr, "%s=%s: numeric value too large\n", "LEVEL", env);
          return 3;
        }
      else if (*ptr == 0)
        return (int) v;
    }
  return 3;
}

int
main (void)
{
  void *const prefs = create_prefs ();
  int level = init_level ();
  printf ("%d %d\n", level, prefs != NULL);
  free (prefs);
  return 0;
}

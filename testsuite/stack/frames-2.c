/* frames-2.c: frames -fstack-usage cannot give: a VLA, alloca, and calls
   that reach an instrumented function through a library function (qsort's
   comparator).  Each caller measures itself what memscope should find:
   the largest distance between its own canonical frame address (the stack
   pointer at its entry, plus 8) and that of the instrumented function it
   reached, as the compiler's __builtin_dwarf_cfa gives them.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <alloca.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline))
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static volatile int sink;
static char *probe_cfa;         /* the last probe's */

/* Below each caller: records where it was entered. */
NOINLINE static int
leaf_probe (int x)
{
  probe_cfa = __builtin_dwarf_cfa ();
  return x + sink;
}

static long most_vla, most_alloca, most_sorter;

/* A macro: a function would be one more instrumented callee. */
#define NOTE(most, cfa)                                 \
  do                                                    \
    {                                                   \
      char *cfa_ = (cfa);                               \
      if (cfa_ - probe_cfa > (most))                    \
        (most) = cfa_ - probe_cfa;                      \
    }                                                   \
  while (0)

/* A VLA of n bytes. */
NOINLINE static int
with_vla (int n)
{
  char vla[n];
  int r;

  memset (vla, n, n);
  KEEP (vla);
  r = leaf_probe (vla[n / 2]);
  NOTE (most_vla, __builtin_dwarf_cfa ());
  return r;
}

/* rounds alloca blocks of n bytes each, a call after each. */
NOINLINE static int
with_alloca (int n, int rounds)
{
  int r = 0;

  for (int i = 0; i < rounds; i++)
    {
      char *block = alloca (n);
      memset (block, i, n);
      KEEP (block);
      r += leaf_probe (block[n - 1]);
      NOTE (most_alloca, __builtin_dwarf_cfa ());
    }
  return r;
}

/* qsort calls the comparator from its own frames, at many depths: the
   deepest call counts. */
static char *sorter_cfa;

NOINLINE static int
leaf_compare (const void *a, const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;

  probe_cfa = __builtin_dwarf_cfa ();
  NOTE (most_sorter, sorter_cfa);
  return (x > y) - (x < y) + sink;
}

NOINLINE static int
sorter (int n)
{
  int v[64];

  for (int i = 0; i < 64; i++)
    v[i] = (i * 37 + n) % 64;
  sorter_cfa = __builtin_dwarf_cfa ();
  qsort (v, 64, sizeof v[0], leaf_compare);
  return v[n % 64];
}

int
main (int argc, char **argv)
{
  (void) argv;
  printf ("%d\n", with_vla (100) + with_vla (3000 + argc) + with_vla (40));
  printf ("%d\n", with_alloca (200 + argc, 3) + with_alloca (50, 1));
  printf ("%d\n", sorter (argc));
  printf ("frame with_vla %ld\nframe with_alloca %ld\nframe sorter %ld\n", most_vla, most_alloca, most_sorter);
  return 0;
}

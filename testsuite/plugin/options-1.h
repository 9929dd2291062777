/* options-1.h: a header function, for exclude-file=.
   SPDX-License-Identifier: GPL-3.0-or-later */

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that plain gcc -O2 keeps the array in memory.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static inline int
from_header (int n)
{
  int h[2] = { n, n };
  KEEP (h);
  return h[0] * 2;
}

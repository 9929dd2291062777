/* inline-1.h: C99 inline, GNU extern inline and static inline definitions.
   SPDX-License-Identifier: GPL-3.0-or-later */

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that the arrays stay in memory wherever the optimizer
   inlines these functions.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

inline int
c99_inline (int x)
{
  int a[2] = { x, x };
  KEEP (a);
  return a[0] + a[1];
}

extern inline __attribute__ ((gnu_inline)) int
gnu_extern_inline (int x)
{
  int b[2] = { x, 1 };
  KEEP (b);
  return b[0] * b[1];
}

static inline int
static_inline (int x)
{
  int c[1] = { x };
  KEEP (c);
  return c[0];
}

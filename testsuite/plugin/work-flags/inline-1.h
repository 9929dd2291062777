/* inline-1.h: C99 inline, GNU extern inline and static inline definitions.
   SPDX-License-Identifier: GPL-3.0-or-later */
inline int
c99_inline (int x)
{
  int a[2] = { x, x };
  return a[0] + a[1];
}

extern inline __attribute__ ((gnu_inline)) int
gnu_extern_inline (int x)
{
  int b[2] = { x, 1 };
  return b[0] * b[1];
}

static inline int
static_inline (int x)
{
  int c[1] = { x };
  return c[0];
}

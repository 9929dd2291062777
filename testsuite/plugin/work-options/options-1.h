/* options-1.h: a header function, for exclude-file=.
   SPDX-License-Identifier: GPL-3.0-or-later */
static inline int
from_header (int n)
{
  int h[2] = { n, n };
  return h[0] * 2;
}

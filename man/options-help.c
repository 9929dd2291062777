/* options-help.c: a program linked with libmemscope and nothing else, run
 * with MEMSCOPE_OPTIONS=help=1 to make memscope-options(7) from the runtime's
 * own option table.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <memscope.h>

int
main (void)
{
  /* A reference, so that no --as-needed link drops the runtime. */
  return memscope_error_quark () == 0;
}

/* heapvar-2.c: records every __memscope_heap_owner call on stderr.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked into the test program, this definition takes the place of the
 * runtime's, so the test sees exactly which descriptor each call passes
 * and whether it passes the block, whatever the runtime does with them.
 */
#include <stdio.h>

#include "memscope-abi.h"

void
__memscope_heap_owner (const __memscope_var_desc *var, const void *block)
{
  fprintf (stderr, "heap_owner %s (%s) %s:%u %s%s\n", (const char *) MEMSCOPE_VAR_FIELD (var, name),
           (const char *) MEMSCOPE_VAR_FIELD (var, type), (const char *) MEMSCOPE_VAR_FIELD (var, file),
           (unsigned) var->line, block ? "block" : "null",
           var->flags & MEMSCOPE_VAR_PARAM ? " param" : "");
}

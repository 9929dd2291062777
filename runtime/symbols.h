/* symbols.h: allocator calls outside instrumented code, by function (symbols.c).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_SYMBOLS_H
#define MEMSCOPE_SYMBOLS_H

#include <glib.h>

#include "memscope-abi.h"

/* A site for the function that holds the call returning to @caller: no
 * file, line 0, the function's symbol (or `object+0xOFFSET` where the
 * object has none for it).  One site per function, kept until exit.
 * NULL for a NULL @caller.  Report time only: reads the object's file. */
const __memscope_call_site *ms_symbols_site (const void *caller);

/* LEN bytes of FD at OFFSET, all of them (EINTR retried); FALSE otherwise.
 * The ELF readers' (here and heap.c's allocator-call tables). */
gboolean ms_pread_all (int fd, void *buf, gsize len, guint64 offset);

#endif /* MEMSCOPE_SYMBOLS_H */

/* symbols.h: allocator calls outside instrumented code, by function, and
 * the readers of the process's objects they share with heap.c, leaks.c and
 * unload.c (symbols.c).
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

/* One line of /proc/self/maps. */
typedef struct
{
  guintptr lo, hi;
  char perms[5];              /* "r-xp" */
  const char *path;           /* "" for none; valid during the call only */
} MsMapping;

/* Calls @fn on each mapping of the process, in address order, until it
 * returns FALSE; FALSE if /proc/self/maps cannot be read. */
gboolean ms_maps_each (gboolean (*fn) (const MsMapping *m, gpointer data), gpointer data);

#endif /* MEMSCOPE_SYMBOLS_H */

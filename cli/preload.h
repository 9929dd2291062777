/* preload.h: whether `memscope run` preloads the runtime (preload.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef CLI_PRELOAD_H
#define CLI_PRELOAD_H

#include <glib.h>

typedef enum
{
  CLI_PRELOAD_NO,               /* built with memscope, or not an ELF file (a script) */
  CLI_PRELOAD_YES,              /* a dynamic ELF program that does not load libmemscope */
  CLI_PRELOAD_STATIC,           /* a static ELF program: nothing can be preloaded */
} CliPreload;

/* What `memscope run` does for @prog (found as execvp would). */
CliPreload cli_preload_decide (const char *prog);

/* The runtime to preload: $MEMSCOPE_LIBDIR/libmemscope.so.0, or the
 * installed one. */
char *cli_preload_runtime (void);

#endif /* CLI_PRELOAD_H */

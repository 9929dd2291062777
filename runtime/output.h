/* output.h: report files, written whole.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_OUTPUT_H
#define MEMSCOPE_OUTPUT_H

#include <glib.h>

/* Expands %p (pid), %e (program name) and %% in @pattern; a relative result
 * is taken from @base_dir. */
char *ms_output_expand (const char *pattern, const char *program, int pid, const char *base_dir);

/* Writes @len bytes to @path whole: parent folders are created (0700), the
 * data goes to a fresh temporary file in the same folder (mode 0600), which
 * is then renamed over @path.  A symlink planted at @path is replaced, never
 * followed; no reader ever sees half a report. */
gboolean ms_output_write (const char *path, const char *data, gsize len, GError **error);

#endif /* MEMSCOPE_OUTPUT_H */

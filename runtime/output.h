/* output.h: report files, written whole.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_OUTPUT_H
#define MEMSCOPE_OUTPUT_H

#include <glib.h>

/* Expands %p (pid), %e (program name) and %% in @pattern; a relative result
 * is taken from @base_dir.  *@per_process (if not NULL) says whether the
 * name holds the pid (%p, or a folder's default name). */
char *ms_output_expand (const char *pattern, const char *program, int pid, const char *base_dir,
                        gboolean *per_process);

/* A report file being written whole: ms_output_open creates its parent
 * folders (0700) and a fresh temporary file in the same folder (mode 0600);
 * ms_output_append adds to it; ms_output_close renames it over the path,
 * or removes it if a write failed.  A symlink planted at the path is
 * replaced, never followed; no reader ever sees half a report.
 * Except where the path is no file to replace: /dev/stdout, /dev/stderr,
 * /dev/fd/N and /proc/self/fd/N write to that descriptor of the program's
 * (a dup: where it stands, after what the program wrote there), and a
 * character device or FIFO already at the path (/dev/null, a named pipe)
 * is opened and written as it is, its mode untouched; a FIFO nobody reads
 * is an error, not a wait.  Those get the report whole from
 * ms_output_close, never from ms_output_append: the report is rendered
 * with the registries locked, and a slow reader must not hold them. */
typedef struct MsOutput MsOutput;

/* NULL, with @error set, if the folder or the temporary file cannot be made.
 * @older, if not 0: a file at @path last written before that time
 * (g_get_real_time) is another process's, one that had the same pid
 * before: it is kept, and the report goes to PATH-2.json (-3, and so on)
 * beside it. */
MsOutput *ms_output_open (const char *path, gint64 older, GError **error);

/* The first write that fails is remembered; later ones are skipped. */
void ms_output_append (MsOutput *out, const char *data, gsize len);

/* Finishes and frees @out; FALSE, with @error set, if anything failed.
 * *@written (if not NULL) gets the path written. */
gboolean ms_output_close (MsOutput *out, char **written, GError **error);

#endif /* MEMSCOPE_OUTPUT_H */

/* summary.h: `memscope summary` and `run`, and the tables other commands share (summary.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_SUMMARY_H
#define MEMSCOPE_CLI_SUMMARY_H

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "output.h"
#include "report.h"

int cli_cmd_run (int argc, char **argv);
int cli_cmd_summary (int argc, char **argv);
gboolean cli_summary_print (const CliReport *r, FILE *stream, gboolean json, guint limit);
void cli_heap_totals (const CliReport *r, gint64 *allocs, gint64 *bytes, gint64 *live);
gboolean cli_report_has_real_stack (const CliReport *r);
CliTable *cli_threads_table (const CliReport *r);
void cli_threads_json (JsonBuilder *b, const CliReport *r);
GPtrArray *cli_leak_frames (const CliReport *r, const char *site_function, const char *site_file, gint64 site_line,
                            gint ctx);
char *cli_frame_text (const char *indent, guint n, const char *frame, guint width);
void cli_leaks_text (GString *out, const CliReport *r, GArray *rows, guint max_frames, const char *indent);
const char *cli_leak_kind_name (CliLeakKind kind);
GArray *cli_leak_rows (const CliReport *r, gboolean all, guint limit);

#endif

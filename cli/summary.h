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
CliTable *cli_threads_table (const CliReport *r);
void cli_threads_json (JsonBuilder *b, const CliReport *r);
CliTable *cli_leaks_table (const CliReport *r, gboolean all, guint limit);
const char *cli_leak_kind_name (CliLeakKind kind);
GArray *cli_leak_rows (const CliReport *r, gboolean all, guint limit);

#endif

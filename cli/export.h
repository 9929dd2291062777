/* export.h: `memscope export` (export.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_EXPORT_H
#define MEMSCOPE_CLI_EXPORT_H

#include "report.h"

int cli_cmd_export (int argc, char **argv);
void cli_flame_widths (const CliReport *r, gboolean heap, gint64 *width);

#endif

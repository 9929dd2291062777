/* export.h: `memscope export` (export.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_EXPORT_H
#define MEMSCOPE_CLI_EXPORT_H

#include "report.h"

int cli_cmd_export (int argc, char **argv);
typedef enum { CLI_FLAME_PEAK, CLI_FLAME_HEAP, CLI_FLAME_REAL } CliFlame;
void cli_flame_widths (const CliReport *r, CliFlame by, gint64 *width);

#endif

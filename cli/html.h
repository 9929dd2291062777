/* html.h: the HTML dashboard of `memscope export` (html.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_HTML_H
#define MEMSCOPE_CLI_HTML_H

#include "report.h"

void cli_export_html (const CliReport *r, GString *out);

#endif

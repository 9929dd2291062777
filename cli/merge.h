/* merge.h: `memscope merge` (merge.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_MERGE_H
#define MEMSCOPE_CLI_MERGE_H

int cli_cmd_merge (int argc, char **argv);

#endif

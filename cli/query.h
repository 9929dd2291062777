/* query.h: `memscope tree`, `top`, `threads`, `leaks` and `vars` (query.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_QUERY_H
#define MEMSCOPE_CLI_QUERY_H

int cli_cmd_tree (int argc, char **argv);
int cli_cmd_top (int argc, char **argv);
int cli_cmd_threads (int argc, char **argv);
int cli_cmd_leaks (int argc, char **argv);
int cli_cmd_vars (int argc, char **argv);

#endif

/* main.h: option parsing shared by the subcommands (main.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_MAIN_H
#define MEMSCOPE_CLI_MAIN_H

#include <glib.h>

gboolean cli_parse_options (const char *command, const char *params, const char *summary,
                            GOptionEntry *entries, int *argc, char ***argv,
                            int min_args, int max_args);
G_GNUC_NORETURN void cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

#endif

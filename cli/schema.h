/* schema.h: `memscope schema`, the report's JSON Schema and field reference (schema.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_SCHEMA_H
#define MEMSCOPE_CLI_SCHEMA_H

int cli_cmd_schema (int argc, char **argv);

#endif

/* output.h: aligned tables, colours and JSON for the subcommands (output.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_OUTPUT_H
#define MEMSCOPE_CLI_OUTPUT_H

#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "report.h"

/* How text output is laid out: set by each command's --wide and --bytes
 * (CLI_DISPLAY_ENTRIES among its options). */
typedef struct
{
  gboolean wide;                /* no width limit */
  gboolean bytes;               /* sizes in exact bytes, not KiB, MiB... */
} CliDisplay;

extern CliDisplay cli_display;

#define CLI_DISPLAY_ENTRIES \
  { "wide", 'w', 0, G_OPTION_ARG_NONE, &cli_display.wide, \
    "Do not fit tables to the terminal's width ($COLUMNS; 80 when not a terminal)", NULL }, \
  { "bytes", 0, 0, G_OPTION_ARG_NONE, &cli_display.bytes, "Sizes in exact bytes, not KiB, MiB...", NULL }

guint cli_width (void);
char *cli_size (gint64 bytes);
const char *cli_sz (gint64 bytes);
char *cli_size_change (gint64 bytes);
char *cli_human_size (gint64 bytes);
const char *cli_ellipsis (void);
char *cli_shorten_path (const char *path, guint width);
char *cli_shorten_left (const char *s, guint width);
char *cli_shorten_right (const char *s, guint width);
void cli_fit_text (GString *text);
void cli_wrap (GString *out, const char *text, const char *first, const char *rest);
char *cli_fit_path (const char *head, const char *lead, const char *path, const char *after);

typedef struct CliTable CliTable;
CliTable *cli_table_new (const char *first_header, ...) G_GNUC_NULL_TERMINATED;
void cli_table_column (CliTable *t, const char *header);
void cli_table_row (CliTable *t);
void cli_table_cell (CliTable *t, const char *text);
void cli_table_cellf (CliTable *t, const char *format, ...) G_GNUC_PRINTF (2, 3);
void cli_table_int (CliTable *t, gint64 value);
void cli_table_size (CliTable *t, gint64 bytes);
void cli_table_print (CliTable *t, GString *out, const char *indent);
guint cli_table_rows (CliTable *t);
void cli_table_free (CliTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliTable, cli_table_free)
void cli_color_init (FILE *stream);
const char *cli_bold (void);
const char *cli_dim (void);
const char *cli_reset (void);
void cli_heading (GString *out, const char *title);
gboolean cli_print_json (const char *command, JsonBuilder *b);
char *cli_json_to_string (JsonNode *node, gboolean pretty);
void cli_json_int (JsonBuilder *b, const char *member, gint64 value);
void cli_json_str (JsonBuilder *b, const char *member, const char *value);
void cli_json_bool (JsonBuilder *b, const char *member, gboolean value);
void cli_json_context_path (JsonBuilder *b, const CliReport *r, gint ctx);
void cli_json_append_string (GString *out, const char *s);
void cli_append_us (GString *out, gint64 ns);
gboolean cli_write_stdout (const char *command, const char *text, gsize len);
gboolean cli_stdout_ok (void);
gboolean cli_write_file (const char *command, const char *path, const char *text, gsize len);

#endif

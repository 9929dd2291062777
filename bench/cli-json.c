/* cli-json.c: the JSON parsers the memscope command could read reports
 * with, timed on the same report: json-glib building its tree (what the
 * command used to do) and yajl's event parser with callbacks that do
 * nothing (the floor of what cli/report.c does).  For bench/cli-scale.sh.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: cli-json json-glib|yajl FILE
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>
#include <yajl/yajl_parse.h>

static long events;

static int on_value (void *ctx) { events++; return 1; }
static int on_bool (void *ctx, int b) { events++; return 1; }
static int on_number (void *ctx, const char *s, size_t len) { events++; return 1; }
static int on_string (void *ctx, const unsigned char *s, size_t len) { events++; return 1; }

static const yajl_callbacks callbacks = {
  on_value, on_bool, NULL, NULL, on_number, on_string, on_value, on_string, on_value, on_value, on_value,
};

int
main (int argc, char **argv)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (argc != 3 || !g_file_get_contents (argv[2], &data, &len, NULL))
    return 2;
  if (strcmp (argv[1], "json-glib") == 0)
    {
      JsonParser *parser = json_parser_new ();

      return json_parser_load_from_data (parser, data, len, NULL) ? 0 : 1;
    }
  else
    {
      yajl_handle h = yajl_alloc (&callbacks, NULL, NULL);

      if (yajl_parse (h, (unsigned char *) data, len) != yajl_status_ok || yajl_complete_parse (h) != yajl_status_ok)
        return 1;
      return events > 0 ? 0 : 1;
    }
}

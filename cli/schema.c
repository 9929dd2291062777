/* schema.c: `memscope schema`: the report's JSON Schema, or its field
 * reference in Markdown, both from runtime/report-fields.def.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The build writes the schema this prints into report.schema.json, which
 * is installed in $datadir/memscope; doc/report.md holds the reference
 * (testsuite/cli/schema.sh checks that it is this output).  Every record
 * is closed (additionalProperties: false): a report with a member the
 * table does not list does not validate.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "schema.h"

static const char *
type_words (const CliField *fd)
{
  switch (fd->type)
    {
    case CLI_T_UINT:
      return "integer >= 0";
    case CLI_T_ID:
      return "id (integer >= 1)";
    case CLI_T_REF:
      return "id or null";
    case CLI_T_IDS:
      return "array of ids";
    case CLI_T_STR:
      return "string or null";
    case CLI_T_ADDR:
      return "\"0x...\" or null";
    case CLI_T_BOOL:
      return "boolean";
    case CLI_T_EVENTS:
      return "array of [t_ns, \"B\"/\"E\", context id(, an exit's bytes)]";
    case CLI_T_SERIES:
      return "array of [t_ns, heap bytes, stack bytes]";
    case CLI_T_OBJECT:
      return "object";
    case CLI_T_ARRAY:
      return "array";
    case CLI_T_MAGIC:
      return "\"memscope\"";
    case CLI_T_VERSION:
      return "integer";
    }
  return "?";
}

static void
schema_type (GString *out, const CliField *fd)
{
  const char *target = fd->target >= 0 ? cli_records[fd->target].name : NULL;

  switch (fd->type)
    {
    case CLI_T_UINT:
      g_string_append (out, "{\"type\":\"integer\",\"minimum\":0");
      break;
    case CLI_T_ID:
      g_string_append (out, "{\"type\":\"integer\",\"minimum\":1");
      break;
    case CLI_T_REF:
      g_string_append (out, fd->presence == CLI_NONNULL ? "{\"type\":\"integer\",\"minimum\":1"
                       : "{\"type\":[\"integer\",\"null\"],\"minimum\":1");
      break;
    case CLI_T_IDS:
      g_string_append (out, "{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"minimum\":1}");
      break;
    case CLI_T_STR:
      g_string_append (out, "{\"type\":[\"string\",\"null\"]");
      break;
    case CLI_T_ADDR:
      g_string_append (out, "{\"type\":[\"string\",\"null\"],\"pattern\":\"^0x[0-9a-f]+$\"");
      break;
    case CLI_T_BOOL:
      g_string_append (out, "{\"type\":\"boolean\"");
      break;
    case CLI_T_EVENTS:
      g_string_append (out, "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"prefixItems\":["
                       "{\"type\":\"integer\",\"minimum\":0},{\"enum\":[\"B\",\"E\"]},"
                       "{\"type\":\"integer\",\"minimum\":1},{\"type\":\"integer\",\"minimum\":0}],"
                       "\"items\":false,\"minItems\":3}");
      break;
    case CLI_T_SERIES:
      g_string_append (out, "{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":"
                       "{\"type\":\"integer\",\"minimum\":0},\"minItems\":3,\"maxItems\":3}");
      break;
    case CLI_T_OBJECT:
      g_string_append_printf (out, "{\"$ref\":\"#/$defs/%s\"", target);
      break;
    case CLI_T_ARRAY:
      g_string_append_printf (out, "{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/%s\"}", target);
      break;
    case CLI_T_MAGIC:
      g_string_append (out, "{\"const\":\"memscope\"");
      break;
    case CLI_T_VERSION:
      g_string_append_printf (out, "{\"const\":%d", MS_REPORT_VERSION);
      break;
    }
  g_string_append (out, ",\"description\":");
  cli_json_append_string (out, fd->doc);
  g_string_append_c (out, '}');
}

static void
schema_record (GString *out, const CliRecordInfo *info)
{
  guint k, n = 0;

  g_string_append (out, "{\"type\":\"object\",\"description\":");
  cli_json_append_string (out, info->doc);
  g_string_append (out, ",\n  \"properties\":{");
  for (k = 0; k < info->n_fields; k++)
    {
      g_string_append_printf (out, "%s\n    \"%s\":", k > 0 ? "," : "", info->fields[k].name);
      schema_type (out, &info->fields[k]);
    }
  g_string_append (out, "},\n  \"required\":[");
  for (k = 0; k < info->n_fields; k++)
    if (info->fields[k].presence != CLI_OPT)
      g_string_append_printf (out, "%s\"%s\"", n++ > 0 ? "," : "", info->fields[k].name);
  g_string_append (out, "],\n  \"additionalProperties\":false}");
}

static void
print_schema (GString *out)
{
  guint i;

  g_string_append (out, "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\n"
                   "\"$id\":\"memscope-report.schema.json\",\n\"title\":\"memscope report, version 1\",\n");
  g_string_append (out, "\"$ref\":\"#/$defs/header\",\n\"$defs\":{");
  for (i = 0; i < CLI_N_RECORDS; i++)
    {
      g_string_append_printf (out, "%s\n \"%s\":", i > 0 ? "," : "", cli_records[i].name);
      schema_record (out, &cli_records[i]);
    }
  g_string_append (out, "}}\n");
}

static const char *
presence_words (const CliField *fd)
{
  return fd->presence == CLI_OPT ? "optional" : "required";
}

static void
print_markdown (GString *out)
{
  guint i, k;

  for (i = 0; i < CLI_N_RECORDS; i++)
    {
      const CliRecordInfo *info = &cli_records[i];

      if (i == CLI_REC_header)
        g_string_append (out, "### The report\n\n");
      else
        g_string_append_printf (out, "### `%s`\n\n", info->name);
      g_string_append_printf (out, "%c%s.\n\n", g_ascii_toupper (info->doc[0]), info->doc + 1);
      g_string_append (out, "| member | type | presence | since | merge | meaning |\n|---|---|---|---|---|---|\n");
      for (k = 0; k < info->n_fields; k++)
        {
          const CliField *fd = &info->fields[k];
          static const char *const merges[] = { "key", "first", "sum", "max", "or", "union", "renumbered", "its own" };
          g_autofree char *type = fd->target >= 0
            ? g_strdup_printf ("%s (`%s`)", type_words (fd), cli_records[fd->target].name) : g_strdup (type_words (fd));
          g_string_append_printf (out, "| `%s` | %s%s | %s | %s | %s | %s |\n", fd->name, type,
                                  fd->presence == CLI_NONNULL ? ", not null" : "", presence_words (fd), fd->since,
                                  merges[fd->merge], fd->doc);
        }
      g_string_append_c (out, '\n');
    }
}

int
cli_cmd_schema (int argc, char **argv)
{
  gboolean markdown = FALSE;
  GOptionEntry entries[] = {
    { "markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "The field reference in Markdown instead", NULL },
    { NULL }
  };
  g_autoptr (GString) out = g_string_new (NULL);

  cli_parse_options ("schema", "", "The JSON Schema of the reports this memscope reads (every record closed:\n"
                     "a member it does not list does not validate), or with --markdown the field reference.",
                     entries, &argc, &argv, 0, 0);
  if (markdown)
    print_markdown (out);
  else
    print_schema (out);
  return cli_write_stdout ("schema", out->str, out->len) ? 0 : 1;
}

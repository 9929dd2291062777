/* output.c: aligned tables, colours and JSON for the subcommands.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tables are collected whole and printed once the column widths are known.
 * A header starting with '>' marks a right-aligned (numeric) column.  The
 * last column is never padded, so no line ends in spaces.  Colour is used
 * only when the output is a terminal and NO_COLOR is unset.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "memscope-cli.h"

struct MsTable
{
  guint n_columns;
  gboolean *right;
  GPtrArray *cells;             /* row-major, n_columns per row */
};

static gboolean use_color;

MsTable *
ms_table_new (const char *first_header, ...)
{
  MsTable *t = g_new0 (MsTable, 1);
  const char *h;
  va_list ap;
  guint i = 0;

  t->cells = g_ptr_array_new_with_free_func (g_free);
  va_start (ap, first_header);
  for (h = first_header; h != NULL; h = va_arg (ap, const char *))
    t->n_columns++;
  va_end (ap);
  t->right = g_new0 (gboolean, t->n_columns);
  va_start (ap, first_header);
  for (h = first_header; h != NULL; h = va_arg (ap, const char *), i++)
    {
      t->right[i] = h[0] == '>';
      g_ptr_array_add (t->cells, g_strdup (h + t->right[i]));
    }
  va_end (ap);
  return t;
}

void
ms_table_row (MsTable *t)
{
  /* Pads a short row, so that a caller's missing cell shows as empty. */
  while (t->cells->len % t->n_columns != 0)
    g_ptr_array_add (t->cells, g_strdup (""));
}

void
ms_table_cell (MsTable *t, const char *text)
{
  g_ptr_array_add (t->cells, g_strdup (text != NULL ? text : ""));
}

void
ms_table_cellf (MsTable *t, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (t->cells, g_strdup_vprintf (format, ap));
  va_end (ap);
}

void
ms_table_int (MsTable *t, gint64 value)
{
  ms_table_cellf (t, "%" G_GINT64_FORMAT, value);
}

guint
ms_table_rows (MsTable *t)
{
  return (t->cells->len + t->n_columns - 1) / t->n_columns - 1;
}

static void
pad (GString *out, gsize n)
{
  while (n-- > 0)
    g_string_append_c (out, ' ');
}

void
ms_table_print (MsTable *t, GString *out, const char *indent)
{
  g_autofree gsize *width = g_new0 (gsize, t->n_columns);
  guint i, c;

  ms_table_row (t);
  for (i = 0; i < t->cells->len; i++)
    width[i % t->n_columns] = MAX (width[i % t->n_columns],
                                   (gsize) g_utf8_strlen (t->cells->pdata[i], -1));
  for (i = 0; i < t->cells->len; i += t->n_columns)
    {
      g_string_append (out, indent);
      if (i == 0)
        g_string_append (out, ms_dim ());
      for (c = 0; c < t->n_columns; c++)
        {
          const char *s = t->cells->pdata[i + c];
          gsize fill = width[c] - g_utf8_strlen (s, -1);
          gboolean last = c + 1 == t->n_columns;

          if (c > 0)
            g_string_append (out, "  ");
          if (t->right[c])
            pad (out, fill);
          g_string_append (out, s);
          if (!t->right[c] && !last)
            pad (out, fill);
        }
      if (i == 0)
        g_string_append (out, ms_reset ());
      /* A left-aligned last column may leave trailing blanks. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

void
ms_table_free (MsTable *t)
{
  g_ptr_array_unref (t->cells);
  g_free (t->right);
  g_free (t);
}

void
ms_color_init (FILE *stream)
{
  const char *term = g_getenv ("TERM");

  use_color = isatty (fileno (stream)) && g_getenv ("NO_COLOR") == NULL
    && g_strcmp0 (term, "dumb") != 0;
}

const char *
ms_bold (void)
{
  return use_color ? "\033[1m" : "";
}

const char *
ms_dim (void)
{
  return use_color ? "\033[2m" : "";
}

const char *
ms_reset (void)
{
  return use_color ? "\033[0m" : "";
}

void
ms_heading (GString *out, const char *title)
{
  g_string_append_printf (out, "\n%s%s%s\n", ms_bold (), title, ms_reset ());
}

char *
ms_json_to_string (JsonNode *node, gboolean pretty)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

void
ms_print_json (JsonBuilder *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = ms_json_to_string (root, TRUE);

  fputs (text, stdout);
  fputc ('\n', stdout);
}

void
ms_json_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

void
ms_json_str (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
ms_json_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

/* A context as the names of its scopes from the root down, or null. */
void
ms_json_context_path (JsonBuilder *b, const MsReport *r, gint ctx)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint i;

  if (ctx < 0)
    {
      json_builder_add_null_value (b);
      return;
    }
  for (; ctx >= 0; ctx = MS_CONTEXT (r, ctx)->parent)
    g_ptr_array_add (names, (gpointer) ms_str (MS_SCOPE (r, MS_CONTEXT (r, ctx)->scope)->name));
  json_builder_begin_array (b);
  for (i = names->len; i-- > 0;)
    json_builder_add_string_value (b, names->pdata[i]);
  json_builder_end_array (b);
}

/* S as a JSON string literal.  The reader checked that reports are UTF-8,
 * so only quotes, backslashes and control characters need escapes. */
void
ms_json_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      unsigned char ch = *s;

      if (ch == '"' || ch == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, ch);
        }
      else if (ch == '\n')
        g_string_append (out, "\\n");
      else if (ch == '\t')
        g_string_append (out, "\\t");
      else if (ch < 0x20)
        g_string_append_printf (out, "\\u%04x", ch);
      else
        g_string_append_c (out, ch);
    }
  g_string_append_c (out, '"');
}

/* NS nanoseconds as a JSON number of microseconds: integer arithmetic,
 * so 12345 ns is exactly 12.345 and 12000 ns is 12. */
void
ms_append_us (GString *out, gint64 ns)
{
  guint64 abs_ns = ns < 0 ? -(guint64) ns : (guint64) ns;
  guint frac = abs_ns % 1000, digits = 3;

  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, ns < 0 ? "-" : "", abs_ns / 1000);
  if (frac == 0)
    return;
  while (frac % 10 == 0)
    {
      frac /= 10;
      digits--;
    }
  g_string_append_printf (out, ".%0*u", (int) digits, frac);
}

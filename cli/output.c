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
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>

#include "report.h"
#include "output.h"
#include "main.h"

struct CliTable
{
  guint n_columns;
  gboolean *right;
  GPtrArray *cells;             /* row-major, n_columns per row */
};

static gboolean use_color;

CliTable *
cli_table_new (const char *first_header, ...)
{
  CliTable *t = g_new0 (CliTable, 1);
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
cli_table_row (CliTable *t)
{
  /* Pads a short row, so that a caller's missing cell shows as empty. */
  while (t->cells->len % t->n_columns != 0)
    g_ptr_array_add (t->cells, g_strdup (""));
}

void
cli_table_cell (CliTable *t, const char *text)
{
  g_ptr_array_add (t->cells, g_strdup (text != NULL ? text : ""));
}

void
cli_table_cellf (CliTable *t, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_ptr_array_add (t->cells, g_strdup_vprintf (format, ap));
  va_end (ap);
}

void
cli_table_int (CliTable *t, gint64 value)
{
  cli_table_cellf (t, "%" G_GINT64_FORMAT, value);
}

guint
cli_table_rows (CliTable *t)
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
cli_table_print (CliTable *t, GString *out, const char *indent)
{
  g_autofree gsize *width = g_new0 (gsize, t->n_columns);
  guint i, c;

  cli_table_row (t);
  for (i = 0; i < t->cells->len; i++)
    width[i % t->n_columns] = MAX (width[i % t->n_columns],
                                   (gsize) g_utf8_strlen (t->cells->pdata[i], -1));
  for (i = 0; i < t->cells->len; i += t->n_columns)
    {
      g_string_append (out, indent);
      if (i == 0)
        g_string_append (out, cli_dim ());
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
        g_string_append (out, cli_reset ());
      /* A left-aligned last column may leave trailing blanks. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

void
cli_table_free (CliTable *t)
{
  g_ptr_array_unref (t->cells);
  g_free (t->right);
  g_free (t);
}

void
cli_color_init (FILE *stream)
{
  const char *term = g_getenv ("TERM");

  use_color = isatty (fileno (stream)) && g_getenv ("NO_COLOR") == NULL
    && g_strcmp0 (term, "dumb") != 0;
}

const char *
cli_bold (void)
{
  return use_color ? "\033[1m" : "";
}

const char *
cli_dim (void)
{
  return use_color ? "\033[2m" : "";
}

const char *
cli_reset (void)
{
  return use_color ? "\033[0m" : "";
}

void
cli_heading (GString *out, const char *title)
{
  g_string_append_printf (out, "\n%s%s%s\n", cli_bold (), title, cli_reset ());
}

char *
cli_json_to_string (JsonNode *node, gboolean pretty)
{
  g_autoptr (JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

/* FALSE after a write error (said on stderr, for COMMAND). */
gboolean
cli_print_json (const char *command, JsonBuilder *b)
{
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = cli_json_to_string (root, TRUE);
  g_autofree char *line = g_strconcat (text, "\n", NULL);

  return cli_write_stdout (command, line, strlen (line));
}

void
cli_json_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

void
cli_json_str (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
cli_json_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

/* A context as the names of its scopes from the root down, or null. */
void
cli_json_context_path (JsonBuilder *b, const CliReport *r, gint ctx)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint i;

  if (ctx < 0)
    {
      json_builder_add_null_value (b);
      return;
    }
  for (; ctx >= 0; ctx = CLI_CONTEXT (r, ctx)->parent)
    g_ptr_array_add (names, (gpointer) cli_str (CLI_SCOPE (r, CLI_CONTEXT (r, ctx)->scope)->name));
  json_builder_begin_array (b);
  for (i = names->len; i-- > 0;)
    json_builder_add_string_value (b, names->pdata[i]);
  json_builder_end_array (b);
}

/* S as a JSON string literal.  The reader checked that reports are UTF-8,
 * so only quotes, backslashes and control characters need escapes. */
void
cli_json_append_string (GString *out, const char *s)
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
cli_append_us (GString *out, gint64 ns)
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

/* Writes TEXT on stdout; a write error (a full disk, a closed pipe) is
 * one line on stderr and FALSE: the command then exits with status 1. */
static gboolean stdout_failed;

gboolean
cli_write_stdout (const char *command, const char *text, gsize len)
{
  if (stdout_failed)
    return FALSE;
  if ((len > 0 && fwrite (text, 1, len, stdout) != len) || fflush (stdout) != 0 || ferror (stdout))
    {
      int err = errno;

      fprintf (stderr, "memscope %s: cannot write to standard output: %s\n", command, g_strerror (err));
      stdout_failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* Did every write to stdout succeed?  main() exits with 1 otherwise. */
gboolean
cli_stdout_ok (void)
{
  return !stdout_failed;
}

static mode_t
current_umask (void)
{
  mode_t mask = umask (0);

  umask (mask);
  return mask;
}

/* TEXT written whole at PATH: a temporary file beside it, then renamed,
 * like the runtime's report, so no reader sees half of it.  0 or errno. */
static int
write_whole (const char *path, const char *text, gsize len)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY, 0666 & ~current_umask ()), err = 0;
  gsize done = 0;

  if (fd < 0)
    return errno;
  while (done < len && err == 0)
    {
      gssize n = write (fd, text + done, len - done);

      if (n < 0 && errno != EINTR)
        err = errno;
      else if (n > 0)
        done += n;
    }
  if (close (fd) != 0 && err == 0)
    err = errno;
  if (err == 0 && rename (tmp, path) != 0)
    err = errno;
  if (err != 0)
    unlink (tmp);
  return err;
}

/* Writes TEXT to PATH ("-" or NULL: stdout); FALSE after one line on
 * stderr ("memscope COMMAND: cannot write PATH: why"). */
gboolean
cli_write_file (const char *command, const char *path, const char *text, gsize len)
{
  struct stat sb;
  int err = 0;

  if (path == NULL || strcmp (path, "-") == 0)
    return cli_write_stdout (command, text, len);
  /* A device (/dev/null, /dev/full, a terminal) is written in place. */
  if (stat (path, &sb) == 0 && !S_ISREG (sb.st_mode) && !S_ISDIR (sb.st_mode))
    {
      FILE *f = fopen (path, "w");

      if (f == NULL || fwrite (text, 1, len, f) != len)
        err = errno;
      if (f != NULL && fclose (f) != 0 && err == 0)
        err = errno;
    }
  else
    err = write_whole (path, text, len);
  if (err != 0)
    {
      fprintf (stderr, "memscope %s: cannot write %s: %s\n", command, path, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

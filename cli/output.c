/* output.c: aligned tables, colours and JSON for the subcommands.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tables are collected whole and printed once the column widths are known,
 * fitted to the output's width (cli_width): long text is shortened where
 * it says least (a context path in its middle, a location on its left),
 * then optional columns are left out.  The last column is never padded,
 * so no line ends in spaces.  Sizes are human units (4.1 KiB) unless
 * --bytes asks for exact bytes.  Colour is used only when the output is a
 * terminal and NO_COLOR is unset.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "report.h"
#include "output.h"
#include "main.h"

/* Columns: a header's first characters say what the column holds.
 *   '>'  a number, right-aligned, never shortened
 *   '~'  a context path ("main > parse > leaf"), shortened in the middle
 *   '@'  a location ("src/parse.c:42"), shortened on the left
 *   '-'  a column that may be left out when the table does not fit: those
 *        with the most '-' first, then the rightmost
 * Any other column is text, shortened on the right. */
enum
{
  COL_RIGHT = 1 << 0,
  COL_PATH = 1 << 1,
  COL_LOC = 1 << 2,
  COL_OPTIONAL = 1 << 3,         /* times how optional: the bits above */
};

struct CliTable
{
  guint n_columns;
  guint *flags;
  GPtrArray *cells;             /* row-major, n_columns per row */
};

CliDisplay cli_display;
static gboolean use_color;
static int out_fd = 1;          /* where the text goes: its width counts */

/* The width tables must fit: $COLUMNS, else the terminal's, else 80; 0
 * with --wide (no limit). */
guint
cli_width (void)
{
  const char *env = g_getenv ("COLUMNS");
  struct winsize ws;
  guint64 n;

  if (cli_display.wide)
    return 0;
  if (env != NULL && g_ascii_string_to_unsigned (env, 10, 1, 100000, &n, NULL))
    return MAX ((guint) n, 20);
  if (isatty (out_fd) && ioctl (out_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return MAX (ws.ws_col, 20);
  return 80;
}

/* "…" where the locale's characters are UTF-8, else "...". */
const char *
cli_ellipsis (void)
{
  const char *charset;

  return g_get_charset (&charset) ? "\u2026" : "...";
}

static guint
ulen (const char *s)
{
  return g_utf8_strlen (s, -1);
}

/* 4198 is "4.1 KiB": one decimal, none when it is 0; units of 1024. The
 * dashboard's bytes() says the same. */
char *
cli_human_size (gint64 bytes)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  guint64 n = bytes < 0 ? -(guint64) bytes : (guint64) bytes;
  const char *sign = bytes < 0 ? "-" : "";
  double scale = 1024;
  guint u = 0;
  guint64 tenths;

  if (n < 1024)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT " B", sign, n);
  for (;;)
    {
      tenths = (guint64) ((double) n * 10 / scale + 0.5);
      if (tenths < 10240 || u + 1 == G_N_ELEMENTS (units))
        break;
      scale *= 1024;
      u++;
    }
  if (tenths % 10 == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT " %s", sign, tenths / 10, units[u]);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%u %s", sign, tenths / 10, (guint) (tenths % 10), units[u]);
}

/* A size as text shows it: human units, or with --bytes "1026 bytes". */
char *
cli_size (gint64 bytes)
{
  if (cli_display.bytes)
    return g_strdup_printf ("%" G_GINT64_FORMAT " byte%s", bytes, bytes == 1 ? "" : "s");
  return cli_human_size (bytes);
}

/* cli_size's text in one of 16 buffers used in turn: for printf's
 * arguments. */
const char *
cli_sz (gint64 bytes)
{
  static char *ring[16];
  static guint next;
  guint i = next++ % G_N_ELEMENTS (ring);

  g_free (ring[i]);
  ring[i] = cli_size (bytes);
  return ring[i];
}

/* A change of size in a table: "+1.5 KiB", "-104 B", "+0". */
char *
cli_size_change (gint64 bytes)
{
  g_autofree char *abs = NULL;

  if (cli_display.bytes || bytes == 0)
    return g_strdup_printf ("%+" G_GINT64_FORMAT, bytes);
  abs = cli_human_size (bytes < 0 ? -bytes : bytes);
  return g_strdup_printf ("%c%s", bytes < 0 ? '-' : '+', abs);
}

/* The first WIDTH characters of S, the last one an ellipsis if S is
 * longer. */
char *
cli_shorten_right (const char *s, guint width)
{
  const char *ell = cli_ellipsis ();
  guint el = ulen (ell);
  GString *out;

  if (ulen (s) <= width)
    return g_strdup (s);
  if (width <= el)
    return g_strndup (ell, g_utf8_offset_to_pointer (ell, width) - ell);
  out = g_string_new_len (s, g_utf8_offset_to_pointer (s, width - el) - s);
  g_string_append (out, ell);
  return g_string_free (out, FALSE);
}

/* The last WIDTH characters of S, the first one an ellipsis: the end of
 * a location ("…/parse.c:42") is what tells it apart. */
char *
cli_shorten_left (const char *s, guint width)
{
  const char *ell = cli_ellipsis ();
  guint el = ulen (ell), n = ulen (s);

  if (n <= width)
    return g_strdup (s);
  if (width <= el)
    return g_strndup (ell, g_utf8_offset_to_pointer (ell, width) - ell);
  return g_strconcat (ell, g_utf8_offset_to_pointer (s, n - (width - el)), NULL);
}

/* A context path in WIDTH characters: its first scope and as many of its
 * last ones as fit, "main > … > parse > parse_expr"; at worst the end of
 * its innermost scope. */
char *
cli_shorten_path (const char *path, guint width)
{
  g_auto (GStrv) parts = NULL;
  g_autofree char *mid = NULL;
  guint n, k;

  if (ulen (path) <= width)
    return g_strdup (path);
  parts = g_strsplit (path, " > ", -1);
  n = g_strv_length (parts);
  mid = g_strdup_printf (" > %s > ", cli_ellipsis ());
  for (k = n >= 2 ? n - 2 : 0; k >= 1; k--)
    {
      g_autofree char *tail = g_strjoinv (" > ", parts + n - k);
      g_autofree char *s = g_strconcat (parts[0], mid, tail, NULL);

      if (ulen (s) <= width)
        return g_steal_pointer (&s);
    }
  if (n >= 2)
    {
      g_autofree char *s = g_strconcat (cli_ellipsis (), " > ", parts[n - 1], NULL);

      if (ulen (s) <= width)
        return g_steal_pointer (&s);
    }
  return cli_shorten_right (parts[n - 1], width);
}

/* HEAD, then LEAD, PATH and AFTER, on one line of the output's width,
 * the path shortened in the middle if need be; when that would leave it
 * too little room, LEAD, PATH and AFTER go on a line of their own,
 * indented.  HEAD ends where a line may break (its last space). */
char *
cli_fit_path (const char *head, const char *lead, const char *path, const char *after)
{
  guint width = cli_width (), fixed = ulen (head) + ulen (lead) + ulen (after);
  g_autofree char *p = NULL;
  g_autofree char *h = NULL;

  if (width == 0 || fixed + ulen (path) <= width)
    return g_strconcat (head, lead, path, after, NULL);
  if (width >= fixed + 24)
    {
      p = cli_shorten_path (path, width - fixed);
      return g_strconcat (head, lead, p, after, NULL);
    }
  fixed = 4 + ulen (lead) + ulen (after);
  p = cli_shorten_path (path, width > fixed + 12 ? width - fixed : 12);
  h = g_strdup (head);
  g_strchomp (h);
  return g_strconcat (h, "\n    ", lead, p, after, NULL);
}

/* TEXT, words wrapped to the output's width: its first line after FIRST,
 * the others after REST. */
static void
wrap_words (GString *out, const char *text, const char *first, const char *rest)
{
  guint width = cli_width (), col = 0;
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  const char *indent = first;
  guint i;

  for (i = 0; words[i] != NULL; i++)
    {
      guint w = ulen (words[i]);

      if (words[i][0] == '\0')
        continue;
      if (col > 0 && width > 0 && col + 1 + w > width)
        {
          g_string_append_c (out, '\n');
          col = 0;
        }
      if (col == 0)
        {
          g_string_append (out, indent);
          col = ulen (indent);
          indent = rest;
        }
      else
        {
          g_string_append_c (out, ' ');
          col++;
        }
      g_string_append (out, words[i]);
      col += w;
    }
  g_string_append_c (out, '\n');
}

/* TEXT, words wrapped to the output's width: its first line after
 * FIRST, the others after REST. */
void
cli_wrap (GString *out, const char *text, const char *first, const char *rest)
{
  wrap_words (out, text, first, rest);
}

/* Characters a line shows: escape sequences (colours) take none. */
static guint
shown_len (const char *s, gsize len)
{
  const char *end = s + len;
  guint n = 0;

  while (s < end)
    {
      if (*s == '\033')
        {
          while (s < end && *s != 'm')
            s++;
          if (s < end)
            s++;
          continue;
        }
      s = g_utf8_next_char (s);
      n++;
    }
  return n;
}

/* Every line of TEXT that is wider than the output, words wrapped, the
 * rest of it indented 4 more than its start: whatever a command prints
 * fits (tables are fitted before, so this only meets sentences). */
void
cli_fit_text (GString *text)
{
  guint width = cli_width ();
  g_autoptr (GString) out = NULL;
  const char *p, *nl;

  if (width == 0)
    return;
  out = g_string_sized_new (text->len);
  for (p = text->str; *p; p = nl + (*nl != '\0'))
    {
      gsize len;

      nl = strchr (p, '\n');
      if (nl == NULL)
        nl = p + strlen (p);
      len = nl - p;
      if (shown_len (p, len) <= width || memchr (p, '\033', len) != NULL)
        g_string_append_len (out, p, len);
      else
        {
          g_autofree char *line = g_strndup (p, len);
          gsize lead = strspn (line, " ");
          g_autofree char *first = g_strnfill (lead, ' ');
          g_autofree char *rest = g_strnfill (lead + 4, ' ');

          wrap_words (out, line + lead, first, rest);
          g_string_truncate (out, out->len - 1);
        }
      if (*nl == '\n')
        g_string_append_c (out, '\n');
    }
  g_string_assign (text, out->str);
}

/* A column more, before any row: its header, with the prefixes above. */
void
cli_table_column (CliTable *t, const char *header)
{
  guint flags = 0;
  const char *h;

  g_assert (t->cells->len == t->n_columns);
  for (h = header;; h++)
    if (*h == '>')
      flags |= COL_RIGHT;
    else if (*h == '~')
      flags |= COL_PATH;
    else if (*h == '@')
      flags |= COL_LOC;
    else if (*h == '-')
      flags += COL_OPTIONAL;
    else
      break;
  t->flags = g_renew (guint, t->flags, t->n_columns + 1);
  t->flags[t->n_columns++] = flags;
  g_ptr_array_add (t->cells, g_strdup (h));
}

/* A table of the columns named, up to the first NULL. */
CliTable *
cli_table_new (const char *first_header, ...)
{
  CliTable *t = g_new0 (CliTable, 1);
  const char *h;
  va_list ap;

  t->cells = g_ptr_array_new_with_free_func (g_free);
  va_start (ap, first_header);
  for (h = first_header; h != NULL; h = va_arg (ap, const char *))
    cli_table_column (t, h);
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

/* A size in a table: human units, or with --bytes the number alone. */
void
cli_table_size (CliTable *t, gint64 bytes)
{
  if (cli_display.bytes)
    cli_table_int (t, bytes);
  else
    g_ptr_array_add (t->cells, cli_human_size (bytes));
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

/* The narrowest a text column gets: a context path is first shortened to
 * 40 characters, before columns are left out, then to 24. */
static gboolean tight;

static guint
min_width (const CliTable *t, guint c, guint natural)
{
  guint header = ulen (t->cells->pdata[c]);
  guint floor = t->flags[c] & COL_PATH ? (tight ? 24 : 40) : t->flags[c] & COL_LOC ? 14 : 10;

  return MIN (natural, MAX (header, floor));
}

/* Widths for the SHOWN columns within LIMIT, narrowing the text columns
 * that SHRINK selects (by their flags; COL_RIGHT: every text column) as
 * little as they can, the widest first, none below its minimum; those
 * FIXED selects are narrowed down to their minimum before the others are
 * narrowed at all.  FALSE when even the minimums do not fit. */
static gboolean
fit_shown (const CliTable *t, const guint *natural, guint indent, guint limit, const gboolean *shown, guint shrink,
           guint fixed_kinds, guint *width)
{
  guint n = t->n_columns, c, fixed = indent, visible = 0, top = 0, lo, hi, pass;
  g_autofree gboolean *narrow = g_new0 (gboolean, n);

  for (c = 0; c < n; c++)
    {
      width[c] = shown[c] ? natural[c] : 0;
      if (!shown[c])
        continue;
      visible++;
      narrow[c] = !(t->flags[c] & COL_RIGHT) && (shrink == COL_RIGHT || (t->flags[c] & shrink));
      fixed += narrow[c] ? min_width (t, c, natural[c]) : natural[c];
    }
  fixed += visible > 0 ? 2 * (visible - 1) : 0;
  if (fixed > limit)
    return FALSE;
  /* First the FIXED kinds alone, then the others with those at their
   * minimum: the largest cap on the narrowed columns that fits. */
  for (pass = 0; pass < 2; pass++)
    {
      guint sum_min = fixed;

      top = 0;
      for (c = 0; c < n; c++)
        if (narrow[c])
          {
            gboolean first = (t->flags[c] & fixed_kinds) != 0;

            if (pass == 0 && !first)
              sum_min += natural[c] - min_width (t, c, natural[c]);
            else if (pass == 0 || !first)
              top = MAX (top, natural[c]);
          }
      if (sum_min > limit)
        continue;
      for (lo = 0, hi = top; lo < hi;)
        {
          guint cap = (lo + hi + 1) / 2, sum = sum_min;

          for (c = 0; c < n; c++)
            if (narrow[c] && (pass == 1) != ((t->flags[c] & fixed_kinds) != 0))
              sum += MIN (natural[c], MAX (cap, min_width (t, c, natural[c]))) - min_width (t, c, natural[c]);
          if (sum <= limit)
            lo = cap;
          else
            hi = cap - 1;
        }
      for (c = 0; c < n; c++)
        if (narrow[c])
          {
            gboolean first = (t->flags[c] & fixed_kinds) != 0;

            if (pass == 0)
              width[c] = first ? MIN (natural[c], MAX (lo, min_width (t, c, natural[c]))) : natural[c];
            else
              width[c] = first ? min_width (t, c, natural[c]) : MIN (natural[c], MAX (lo, min_width (t, c, natural[c])));
          }
      return TRUE;
    }
  return FALSE;
}

/* Column widths (0: left out) that fit LIMIT characters (0: no limit):
 * context paths (to 40 characters) and locations are shortened first,
 * then optional columns left out (the most optional, then the rightmost,
 * first), then paths shortened further and other text too.  FALSE when even that does not fit: the lines are then
 * cut. */
static gboolean
table_fit (const CliTable *t, const guint *natural, guint indent, guint limit, guint *width)
{
  guint n = t->n_columns, c;
  g_autofree gboolean *shown = g_new (gboolean, n);

  for (c = 0; c < n; c++)
    shown[c] = TRUE;
  tight = FALSE;
  if (limit == 0)
    return fit_shown (t, natural, indent, G_MAXUINT, shown, 0, 0, width);
  for (;;)
    {
      guint best = n, most = 0;

      if (fit_shown (t, natural, indent, limit, shown, COL_PATH | COL_LOC, COL_LOC, width))
        return TRUE;
      for (c = n; c-- > 0;)
        if (shown[c] && t->flags[c] / COL_OPTIONAL > most)
          {
            most = t->flags[c] / COL_OPTIONAL;
            best = c;
          }
      if (best == n)
        break;
      shown[best] = FALSE;
    }
  tight = TRUE;
  if (fit_shown (t, natural, indent, limit, shown, COL_RIGHT, COL_LOC, width))
    return TRUE;
  for (c = 0; c < n; c++)
    if (shown[c] && !(t->flags[c] & COL_RIGHT))
      width[c] = min_width (t, c, natural[c]);
  return FALSE;
}

static char *
shorten_cell (guint flags, const char *s, guint width)
{
  if (ulen (s) <= width)
    return g_strdup (s);
  if (flags & COL_PATH)
    return cli_shorten_path (s, width);
  if (flags & COL_LOC)
    return cli_shorten_left (s, width);
  return cli_shorten_right (s, width);
}

void
cli_table_print (CliTable *t, GString *out, const char *indent)
{
  guint n = t->n_columns, limit = cli_width (), i, c;
  g_autofree guint *natural = g_new0 (guint, n);
  g_autofree guint *width = g_new0 (guint, n);
  g_autoptr (GString) line = g_string_new (NULL);
  gboolean fits;

  cli_table_row (t);
  for (i = 0; i < t->cells->len; i++)
    natural[i % n] = MAX (natural[i % n], ulen (t->cells->pdata[i]));
  fits = table_fit (t, natural, ulen (indent), limit, width);
  for (i = 0; i < t->cells->len; i += n)
    {
      gboolean first = TRUE;
      guint last = n;

      for (c = n; c-- > 0;)
        if (width[c] > 0 || natural[c] == 0)
          {
            last = c;
            break;
          }
      g_string_assign (line, indent);
      for (c = 0; c < n; c++)
        {
          g_autofree char *s = NULL;
          guint fill;

          if (width[c] == 0 && natural[c] > 0)
            continue;
          s = shorten_cell (t->flags[c], t->cells->pdata[i + c], width[c]);
          fill = width[c] - ulen (s);
          if (!first)
            g_string_append (line, "  ");
          first = FALSE;
          if (t->flags[c] & COL_RIGHT)
            pad (line, fill);
          g_string_append (line, s);
          if (!(t->flags[c] & COL_RIGHT) && c != last)
            pad (line, fill);
        }
      /* A left-aligned last column may leave trailing blanks. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      if (!fits && ulen (line->str) > limit)
        {
          g_autofree char *cut = cli_shorten_right (line->str, limit);

          g_string_assign (line, cut);
        }
      if (i == 0)
        g_string_append_printf (out, "%s%s%s\n", cli_dim (), line->str, cli_reset ());
      else
        g_string_append_printf (out, "%s\n", line->str);
    }
}

void
cli_table_free (CliTable *t)
{
  g_ptr_array_unref (t->cells);
  g_free (t->flags);
  g_free (t);
}

void
cli_color_init (FILE *stream)
{
  const char *term = g_getenv ("TERM");

  out_fd = fileno (stream);
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

/* query.c: `memscope tree`, `top`, `threads`, `leaks` and `vars`.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "summary.h"

static void
print_out (GString *out)
{
  cli_fit_text (out);
  cli_write_stdout (g_get_prgname () + strlen ("memscope "), out->str, out->len);
}

/* ----------------------------------------------------------------- tree */

typedef struct
{
  int depth;
  gint64 min_bytes;
  gint64 thread;
  gboolean json;
  gboolean by_stack;            /* --by=stack: the real stack, not tracked variables */
} TreeOptions;

static gboolean
context_has_thread (const CliContext *c, gint64 thread)
{
  guint i;

  for (i = 0; i < c->n_threads; i++)
    if (c->threads[i] == thread)
      return TRUE;
  return FALSE;
}

static void
mark_subtree (const CliReport *r, gint root, guint8 *keep)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint));

  g_array_append_val (stack, root);
  while (stack->len > 0)
    {
      gint c = g_array_index (stack, gint, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      keep[c] = 1;
      for (c = CLI_CONTEXT (r, c)->first_child; c >= 0; c = CLI_CONTEXT (r, c)->next_sibling)
        g_array_append_val (stack, c);
    }
}

/* Which contexts --thread keeps.  Contexts are merged across threads;
 * when the report does not say which threads entered each one, the
 * thread's peak path and what lies below it is the best we know. */
static guint8 *
thread_filter (const CliReport *r, gint64 thread)
{
  guint n = r->contexts->len, i;
  guint8 *keep = g_new0 (guint8, n);
  gint t = cli_report_thread_index (r, thread), c;

  if (t < 0)
    {
      fprintf (stderr, "memscope: %s: no thread has id %" G_GINT64_FORMAT "\n", r->path, thread);
      exit (CLI_EXIT_BAD_INPUT);
    }
  if (r->has_context_threads)
    {
      for (i = 0; i < n; i++)
        keep[i] = context_has_thread (CLI_CONTEXT (r, i), thread);
      return keep;
    }
  fprintf (stderr, "memscope: %s: contexts are not per thread in this report; showing thread %"
           G_GINT64_FORMAT "'s peak path\n", r->path, thread);
  c = CLI_THREAD (r, t)->peak_context;
  if (c < 0)
    return keep;
  mark_subtree (r, c, keep);
  for (c = CLI_CONTEXT (r, c)->parent; c >= 0; c = CLI_CONTEXT (r, c)->parent)
    keep[c] = 1;
  return keep;
}

static gboolean
tree_shows (const CliReport *r, guint i, const TreeOptions *o, const guint8 *keep)
{
  const CliContext *c = CLI_CONTEXT (r, i);

  if (o->depth > 0 && c->depth >= (guint) o->depth)
    return FALSE;
  if (MAX (o->by_stack ? c->stack_used_peak : c->peak_memory, c->incl_heap_bytes) < o->min_bytes)
    return FALSE;
  return keep == NULL || keep[i];
}

/* Contexts in display order (depth first, children by peak), skipping
 * whole subtrees that are filtered out.  An explicit stack: trees can be
 * deep. */
static GArray *
tree_order (const CliReport *r, const TreeOptions *o, const guint8 *keep)
{
  GArray *order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint));

  g_assert (r->linked);
  cli_push_children (r, stack, r->first_root);
  while (stack->len > 0)
    {
      gint top = g_array_index (stack, gint, stack->len - 1);

      g_array_set_size (stack, stack->len - 1);
      if (!tree_shows (r, top, o, keep))
        continue;
      g_array_append_val (order, top);
      cli_push_children (r, stack, CLI_CONTEXT (r, top)->first_child);
    }
  return order;
}

/* A context's name, indented by its depth: 2 columns a level, and
 * beyond 16 levels the depth in figures, so deep trees stay narrow. */
static char *
tree_label (const CliReport *r, const CliContext *c)
{
  const char *name = cli_str (CLI_SCOPE (r, c->scope)->name);
  const char *fold = c->folded ? "  (recursion folded)" : "";

  if (c->depth <= 16)
    return g_strdup_printf ("%*s%s%s", 2 * (int) c->depth, "", name, fold);
  return g_strdup_printf ("%*s[%u] %s%s", 32, "", c->depth, name, fold);
}

/* What frame_cell marked, for the notes under the table. */
enum { FRAME_MORE = 1, FRAME_STATIC = 2 };

/* The frame of a function scope, "" for other scopes: as measured, with
 * a "*" when that is more than the static frame GCC laid out (a VLA, an
 * alloca block, or frames of code memscope does not see in between); for
 * a function that called no instrumented one (nothing measured), its
 * static frame in parentheses.  MARKS collects what was marked. */
static char *
frame_cell (const CliReport *r, const CliContext *c, guint *marks)
{
  const CliScope *s = CLI_SCOPE (r, c->scope);
  gint64 stat = CLI_HAS (s, scopes, stack_frame_static) ? s->stack_frame_static : 0;
  gint64 size;
  g_autofree char *text = NULL;

  if (CLI_HAS (s, scopes, stack_frame_bytes) && s->stack_frame_bytes > 0)
    size = s->stack_frame_bytes;
  else if (stat > 0)
    size = stat;
  else
    return g_strdup ("");
  text = cli_display.bytes ? g_strdup_printf ("%" G_GINT64_FORMAT, size) : cli_human_size (size);
  if (size != s->stack_frame_bytes)
    {
      *marks |= FRAME_STATIC;
      return g_strdup_printf ("(%s)", text);
    }
  if (stat > 0 && size > stat)
    {
      *marks |= FRAME_MORE;
      return g_strdup_printf ("%s*", text);
    }
  return g_steal_pointer (&text);
}

/* A context's allocator calls, for top: the one with most bytes,
 * "#1 push leaklist.c:18 (+2 more)"; "" for none. */
static char *
top_site (const CliReport *r, const CliContext *c)
{
  guint more = 0;
  gint k;

  if (c->first_site < 0)
    return g_strdup ("");
  for (k = CLI_SITE (r, c->first_site)->next_in_context; k >= 0; k = CLI_SITE (r, k)->next_in_context)
    more++;
  {
    g_autofree char *label = cli_site_label (CLI_SITE (r, c->first_site));

    if (more == 0)
      return g_strdup_printf ("#1 %s", label);
    return g_strdup_printf ("#1 %s (+%u more)", label, more);
  }
}

static void
tree_text (const CliReport *r, GArray *order, const TreeOptions *o, const char *note)
{
  gboolean sites = !o->by_stack && r->has_heap && r->has_sites;
  g_autoptr (GString) out = g_string_new (NULL);
  guint marks = 0;
  g_autoptr (CliTable) t = o->by_stack ? cli_table_new (">stack used", "->at depth", ">frame", ">entries", NULL)
    : cli_table_new (">peak", ">entries", NULL);
  guint i;

  if (o->by_stack)
    ;
  else if (r->has_heap)
    {
      cli_table_column (t, ">heap");
      cli_table_column (t, "-->live");
      cli_table_column (t, ">leaked");
    }
  else
    cli_table_column (t, "->direct");
  cli_table_column (t, "context");
  cli_table_column (t, "-@location");
  for (i = 0; i < order->len; i++)
    {
      guint k = g_array_index (order, guint, i);
      const CliContext *c = CLI_CONTEXT (r, k);
      g_autofree char *loc = cli_scope_location (r, c->scope);
      g_autofree char *label = tree_label (r, c);

      cli_table_row (t);
      if (o->by_stack)
        {
          g_autofree char *frame = frame_cell (r, c, &marks);

          if (CLI_HAS (c, contexts, stack_used_peak))
            {
              cli_table_size (t, c->stack_used_peak);
              cli_table_size (t, c->stack_depth);
            }
          else
            {
              /* No figures of its own: a block or an inlined body (in
               * its function's frame), a function entered only off the
               * thread's stack, or a runtime without the figures. */
              cli_table_cell (t, "-");
              cli_table_cell (t, "-");
            }
          cli_table_cell (t, frame);
        }
      else
        cli_table_size (t, c->peak_memory);
      cli_table_int (t, c->entries);
      if (o->by_stack)
        ;
      else if (r->has_heap)
        {
          cli_table_size (t, c->incl_heap_bytes);
          cli_table_size (t, c->incl_heap_live_bytes);
          cli_table_size (t, c->incl_leak_bytes);
        }
      else
        cli_table_size (t, c->direct_bytes);
      cli_table_cell (t, label);
      cli_table_cell (t, loc);
      /* Its allocator calls, as LeakSanitizer names the frame of one. */
      for (gint k = sites && c->known_site ? c->first_site : -1; k >= 0; k = CLI_SITE (r, k)->next_in_context)
        {
          const CliSite *x = CLI_SITE (r, k);
          g_autofree char *site = cli_site_label (x);
          guint depth = MIN (c->depth + 1, 17);

          cli_table_row (t);
          cli_table_cell (t, "");
          cli_table_cell (t, "");
          cli_table_size (t, x->bytes);
          cli_table_size (t, x->live_bytes);
          cli_table_size (t, x->leak_bytes);
          cli_table_cellf (t, "%*s#1 %s", 2 * (int) depth, "", site);
          cli_table_cell (t, "");
        }
    }
  if (note != NULL)
    cli_wrap (out, note, "", "");
  if (order->len == 0)
    g_string_append (out, "no contexts\n");
  else
    cli_table_print (t, out, "");
  if (marks & FRAME_MORE)
    cli_wrap (out, "*: more than the frame GCC laid out: a VLA or alloca block, or the frames of code "
              "built without memscope between it and the functions it called (qsort's under a comparator).",
              "", "   ");
  if (marks & FRAME_STATIC)
    cli_wrap (out, "(...): the frame GCC laid out, where none was measured (no instrumented function "
              "entered below it).", "", "       ");
  print_out (out);
}

/* What a filtered tree's figures cover, said before it. */
static char *
tree_note (const CliReport *r, const TreeOptions *o, GArray *order)
{
  g_autoptr (GString) s = g_string_new (NULL);

  if (o->thread != 0)
    {
      const CliThread *th = CLI_THREAD (r, cli_report_thread_index (r, o->thread));

      if (r->has_context_threads)
        g_string_append_printf (s, "The contexts thread %" G_GINT64_FORMAT " (%s) entered; their figures are "
                                "totals over all the threads that entered them.", o->thread,
                                th->name ? th->name : "-");
      else
        g_string_append_printf (s, "Thread %" G_GINT64_FORMAT " (%s)'s peak path and what lies below it; "
                                "figures are totals over all threads.", o->thread, th->name ? th->name : "-");
    }
  if (o->depth > 0 || o->min_bytes > 0)
    {
      g_string_append_printf (s, "%s%u of %u contexts shown (", s->len ? " " : "", order->len, r->contexts->len);
      if (o->depth > 0)
        g_string_append_printf (s, "%u level%s", o->depth, o->depth == 1 ? "" : "s");
      if (o->min_bytes > 0)
        g_string_append_printf (s, "%s%s at least %s", o->depth > 0 ? ", " : "",
                                o->by_stack ? "real stack or heap" : "peak or heap", cli_sz (o->min_bytes));
      g_string_append (s, ").");
    }
  if (s->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
context_json (JsonBuilder *b, const CliReport *r, guint k)
{
  const CliContext *c = CLI_CONTEXT (r, k);
  const CliScope *s = CLI_SCOPE (r, c->scope);

  json_builder_begin_object (b);
  cli_json_int (b, "id", c->id);
  if (c->parent >= 0)
    cli_json_int (b, "parent", CLI_CONTEXT (r, c->parent)->id);
  else
    cli_json_str (b, "parent", NULL);
  cli_json_int (b, "depth", c->depth);
  cli_json_str (b, "name", s->name);
  cli_json_str (b, "function", s->function);
  cli_json_str (b, "file", s->file);
  cli_json_int (b, "line", s->line);
  cli_json_int (b, "entries", c->entries);
  cli_json_int (b, "direct_bytes", c->direct_bytes);
  cli_json_int (b, "peak_memory", c->peak_memory);
  cli_json_bool (b, "folded", c->folded);
  cli_json_int (b, "heap_allocations", c->heap_allocations);
  cli_json_int (b, "heap_bytes", c->heap_bytes);
  cli_json_int (b, "heap_live_bytes", c->heap_live_bytes);
  cli_json_int (b, "heap_peak_bytes", c->heap_peak_bytes);
  cli_json_int (b, "leaked_bytes", c->leak_bytes);
  cli_json_int (b, "inclusive_heap_bytes", c->incl_heap_bytes);
  cli_json_int (b, "inclusive_heap_live_bytes", c->incl_heap_live_bytes);
  cli_json_int (b, "inclusive_leaked_bytes", c->incl_leak_bytes);
  if (r->sites->len > 0)
    {
      gint k;

      json_builder_set_member_name (b, "sites");
      json_builder_begin_array (b);
      for (k = c->first_site; k >= 0; k = CLI_SITE (r, k)->next_in_context)
        {
          const CliSite *x = CLI_SITE (r, k);

          json_builder_begin_object (b);
          cli_json_str (b, "function", x->function);
          cli_json_str (b, "file", x->file);
          cli_json_int (b, "line", x->line);
          cli_json_int (b, "allocations", x->allocations);
          cli_json_int (b, "bytes", x->bytes);
          cli_json_int (b, "live_bytes", x->live_bytes);
          cli_json_int (b, "leaked_bytes", x->leak_bytes);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (CLI_HAS (c, contexts, stack_used_peak))
    {
      cli_json_int (b, "stack_used_peak", c->stack_used_peak);
      cli_json_int (b, "stack_depth", c->stack_depth);
    }
  if (CLI_HAS (s, scopes, stack_frame_bytes))
    cli_json_int (b, "stack_frame_bytes", s->stack_frame_bytes);
  if (CLI_HAS (s, scopes, stack_frame_static))
    cli_json_int (b, "stack_frame_static", s->stack_frame_static);
  if (r->has_context_threads)
    {
      guint i;

      json_builder_set_member_name (b, "threads");
      json_builder_begin_array (b);
      for (i = 0; i < c->n_threads; i++)
        json_builder_add_int_value (b, c->threads[i]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
tree_json (const CliReport *r, GArray *order)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint i;

  json_builder_begin_array (b);
  for (i = 0; i < order->len; i++)
    context_json (b, r, g_array_index (order, guint, i));
  json_builder_end_array (b);
  cli_print_json (g_get_prgname () + strlen ("memscope "), b);
}

int
cli_cmd_tree (int argc, char **argv)
{
  TreeOptions o = { 0, 0, 0, FALSE, FALSE };
  g_autofree char *by = NULL;
  GOptionEntry entries[] = {
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by,
      "peak (default: bytes of tracked variables) or stack (the real stack used)", "WHAT" },
    { "depth", 'd', 0, G_OPTION_ARG_INT, &o.depth, "Show N levels (default 0: all)", "N" },
    { "min-bytes", 'm', 0, G_OPTION_ARG_INT64, &o.min_bytes,
      "Hide contexts whose peak stack and heap bytes are both below N", "N" },
    { "thread", 't', 0, G_OPTION_ARG_INT64, &o.thread,
      "Only contexts thread ID entered (their figures stay totals over all threads)", "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, "Print JSON (a flat list in display order)", NULL },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;
  g_autoptr (GArray) order = NULL;
  g_autofree guint8 *keep = NULL;
  g_autofree char *note = NULL;

  cli_parse_options ("tree", "FILE",
                    "The calling-context tree: inclusive peak stack bytes, entries and heap bytes,\n"
                    "children sorted by peak; with --by=stack, the real stack each context used\n"
                    "from its entry, the depth at its entry and each function's frame.",
                    entries, &argc, &argv, 1, 1);
  if (o.depth < 0 || o.min_bytes < 0)
    cli_usage_error ("tree", "--depth and --min-bytes must not be negative");
  if (by != NULL && strcmp (by, "stack") == 0)
    o.by_stack = TRUE;
  else if (by != NULL && strcmp (by, "peak") != 0)
    cli_usage_error ("tree", "--by=%s: expected peak or stack", by);
  r = cli_report_load_or_exit (argv[1]);
  cli_report_sort_tree (r, o.by_stack);
  cli_color_init (stdout);
  if (o.thread != 0)
    keep = thread_filter (r, o.thread);
  order = tree_order (r, &o, keep);
  if (o.json)
    tree_json (r, order);
  else
    {
      note = tree_note (r, &o, order);
      tree_text (r, order, &o, note);
    }
  return 0;
}

/* ------------------------------------------------------------------ top */

typedef enum
{
  BY_PEAK,
  BY_ENTRIES,
  BY_STACK,
  BY_HEAP,
  BY_LIVE,
  BY_LEAKS,
} TopBy;

static const char *const top_names[] = { "peak", "entries", "stack", "heap", "live", "leaks" };
static const char *const top_empty[] = { "stack bytes", "entries", "real stack figures", "heap bytes",
                                         "live heap bytes", "leaks" };
static const char *const top_headers[] = { ">peak", ">entries", ">stack used", ">heap", ">live", ">leaked" };

static gint64
top_value (const CliContext *c, TopBy by)
{
  switch (by)
    {
    case BY_PEAK:
      return c->peak_memory;
    case BY_ENTRIES:
      return c->entries;
    case BY_STACK:
      return c->stack_used_peak;
    case BY_HEAP:
      return c->heap_bytes;
    case BY_LIVE:
      return c->heap_live_bytes;
    case BY_LEAKS:
      return c->leak_bytes;
    }
  return 0;
}

typedef struct
{
  const CliReport *r;
  TopBy by;
} TopSort;

static gboolean
top_keep (gconstpointer data, guint i)
{
  const TopSort *ts = data;

  return top_value (CLI_CONTEXT (ts->r, i), ts->by) > 0;
}

static int
top_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
  const TopSort *ts = data;
  const CliContext *x = CLI_CONTEXT (ts->r, *(const guint *) a);
  const CliContext *y = CLI_CONTEXT (ts->r, *(const guint *) b);
  gint64 vx = top_value (x, ts->by), vy = top_value (y, ts->by);

  if (vx != vy)
    return vx > vy ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

int
cli_cmd_top (int argc, char **argv)
{
  g_autofree char *by_name = NULL;
  int limit = 10;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by_name, "peak (default), entries, stack, heap, live or leaks", "WHAT" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows (default 10, 0 for all)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;
  g_autoptr (GArray) rows = NULL;
  TopBy by = BY_PEAK;
  TopSort ts;
  guint i;

  cli_parse_options ("top", "FILE",
                    "Contexts ranked by peak stack bytes (of tracked variables), entries, real stack\n"
                    "used (from the context's entry), heap bytes allocated, heap bytes live at exit,\n"
                    "or bytes leaked (unreachable at exit).", entries, &argc, &argv, 1, 1);
  if (by_name != NULL)
    {
      for (i = 0; i < G_N_ELEMENTS (top_names) && strcmp (by_name, top_names[i]) != 0; i++)
        ;
      if (i == G_N_ELEMENTS (top_names))
        cli_usage_error ("top", "--by=%s: expected peak, entries, stack, heap, live or leaks", by_name);
      by = i;
    }
  if (limit < 0)
    cli_usage_error ("top", "--limit must not be negative");
  r = cli_report_load_or_exit (argv[1]);
  cli_report_link_tree (r);
  cli_color_init (stdout);
  ts.r = r;
  ts.by = by;
  rows = cli_rank (r->contexts->len, top_keep, top_cmp, &ts, limit);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (i = 0; i < rows->len; i++)
        context_json (b, r, g_array_index (rows, guint, i));
      json_builder_end_array (b);
      cli_print_json (g_get_prgname () + strlen ("memscope "), b);
      return 0;
    }
  if (by >= BY_HEAP && !r->has_heap)
    {
      g_autoptr (GString) out = g_string_new ("no heap data in this report\n");

      print_out (out);
      return 0;
    }
  {
    g_autoptr (GString) out = g_string_new (NULL);
    g_autoptr (CliTable) t = by == BY_ENTRIES ? cli_table_new (">entries", ">peak", NULL)
      : cli_table_new (top_headers[by], NULL);

    gboolean sites = by >= BY_HEAP && r->has_sites;

    if (by == BY_STACK)
      cli_table_column (t, "->at depth");
    if (by != BY_ENTRIES)
      cli_table_column (t, "-->entries");
    cli_table_column (t, "~context");
    cli_table_column (t, sites ? "allocated at" : "-@location");
    for (i = 0; i < rows->len; i++)
      {
        guint k = g_array_index (rows, guint, i);
        const CliContext *c = CLI_CONTEXT (r, k);
        g_autofree char *path = cli_context_path (r, k, " > ");
        g_autofree char *loc = cli_scope_location (r, c->scope);

        cli_table_row (t);
        if (by == BY_ENTRIES)
          {
            cli_table_int (t, c->entries);
            cli_table_size (t, c->peak_memory);
          }
        else
          {
            cli_table_size (t, top_value (c, by));
            if (by == BY_STACK)
              cli_table_size (t, c->stack_depth);
            cli_table_int (t, c->entries);
          }
        cli_table_cell (t, path);
        if (sites)
          {
            g_autofree char *site = top_site (r, c);

            cli_table_cell (t, site);
          }
        else
          cli_table_cell (t, loc);
      }
    if (rows->len == 0)
      g_string_append_printf (out, "no context has %s\n", top_empty[by]);
    else
      cli_table_print (t, out, "");
    print_out (out);
  }
  return 0;
}

/* -------------------------------------------------------------- threads */

int
cli_cmd_threads (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (CliTable) t = NULL;
  guint i;

  cli_parse_options ("threads", "FILE", "Every thread that ran instrumented code: scopes entered, variables\n"
                    "registered, stack peak and where it was reached, heap counters, state.",
                    entries, &argc, &argv, 1, 1);
  r = cli_report_load_or_exit (argv[1]);
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();

      cli_threads_json (b, r);
      cli_print_json (g_get_prgname () + strlen ("memscope "), b);
      return 0;
    }
  cli_color_init (stdout);
  t = cli_threads_table (r);
  cli_table_print (t, out, "");
  /* Anomalies the runtime counted, so that nobody trusts a bad run. */
  for (i = 0; i < r->threads->len; i++)
    {
      const CliThread *th = CLI_THREAD (r, i);

      if (th->unmatched_exits || th->lost_events || th->open_scopes)
        g_string_append_printf (out, "thread %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " unmatched exits, %"
                                G_GINT64_FORMAT " lost events, %" G_GINT64_FORMAT " scopes open at exit\n",
                                th->id, th->unmatched_exits, th->lost_events, th->open_scopes);
    }
  print_out (out);
  return 0;
}

/* ---------------------------------------------------------------- leaks */

static void
leaks_json (const CliReport *r, GArray *rows, const CliLeakTotals *t)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint i;

  json_builder_begin_object (b);
  cli_json_bool (b, "heap_recorded", r->has_heap);
  cli_json_int (b, "bytes", t->bytes[CLI_LEAKED]);
  cli_json_int (b, "blocks", t->blocks[CLI_LEAKED]);
  cli_json_int (b, "reachable_bytes", t->bytes[CLI_REACHABLE]);
  cli_json_int (b, "reachable_blocks", t->blocks[CLI_REACHABLE]);
  cli_json_int (b, "inherited_bytes", t->bytes[CLI_INHERITED]);
  cli_json_int (b, "inherited_blocks", t->blocks[CLI_INHERITED]);
  cli_json_int (b, "suppressed_bytes", t->bytes[CLI_SUPPRESSED]);
  cli_json_int (b, "suppressed_blocks", t->blocks[CLI_SUPPRESSED]);
  json_builder_set_member_name (b, "leaks");
  json_builder_begin_array (b);
  for (i = 0; i < rows->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, g_array_index (rows, guint, i));

      json_builder_begin_object (b);
      cli_json_int (b, "bytes", l->bytes);
      cli_json_int (b, "blocks", l->blocks);
      cli_json_str (b, "kind", cli_leak_kind_name (l->kind));
      cli_json_str (b, "variable", l->variable >= 0 ? CLI_VAR (r, l->variable)->name : NULL);
      json_builder_set_member_name (b, "context");
      cli_json_context_path (b, r, l->context);
      json_builder_set_member_name (b, "site");
      if (l->site_file != NULL || l->site_function != NULL)
        {
          json_builder_begin_object (b);
          cli_json_str (b, "function", l->site_function);
          cli_json_str (b, "file", l->site_file);
          cli_json_int (b, "line", l->site_line);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  cli_print_json (g_get_prgname () + strlen ("memscope "), b);
}

/* "N bytes in M blocks KIND" */
static void
append_amount (GString *out, const CliLeakTotals *t, CliLeakKind kind, const char *what)
{
  g_string_append_printf (out, "%s in %" G_GINT64_FORMAT " block%s %s",
                          cli_sz (t->bytes[kind]), t->blocks[kind], t->blocks[kind] == 1 ? "" : "s", what);
}

/* What the listing leaves out is counted, so nobody misses it. */
static void
leaks_footer (GString *out, const CliLeakTotals *t, gboolean all)
{
  if (t->blocks[CLI_LEAKED] > 0)
    append_amount (out, t, CLI_LEAKED, "leaked");
  else
    g_string_append (out, "no leaks");
  if (t->blocks[CLI_REACHABLE] > 0)
    {
      g_string_append (out, "; ");
      append_amount (out, t, CLI_REACHABLE, "still reachable");
    }
  if (t->blocks[CLI_INHERITED] > 0)
    {
      g_string_append (out, "; ");
      append_amount (out, t, CLI_INHERITED, "inherited from the parent process");
    }
  if (t->blocks[CLI_SUPPRESSED] > 0)
    {
      g_string_append (out, "; ");
      append_amount (out, t, CLI_SUPPRESSED, "suppressed");
    }
  if (!all && (t->blocks[CLI_REACHABLE] > 0 || t->blocks[CLI_INHERITED] > 0 || t->blocks[CLI_SUPPRESSED] > 0))
    g_string_append (out, " (--all lists them)");
  g_string_append_c (out, '\n');
}

int
cli_cmd_leaks (int argc, char **argv)
{
  gboolean json = FALSE, all = FALSE;
  int limit = 0;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      "Also blocks still reachable at exit, those a forked child inherited and those a suppression matched", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows (default 0: all)", "N" },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GArray) rows = NULL;
  CliLeakTotals totals;

  cli_parse_options ("leaks", "FILE",
                    "Heap blocks leaked: still allocated when the report was taken and no longer pointed\n"
                    "to from globals, stacks or thread-local storage.  Biggest first, with the variable\n"
                    "that held them and the calling context.  Reports written before the runtime\n"
                    "checked reachability count every live block as leaked.", entries, &argc, &argv, 1, 1);
  if (limit < 0)
    cli_usage_error ("leaks", "--limit must not be negative");
  r = cli_report_load_or_exit (argv[1]);
  cli_report_leak_totals (r, &totals);
  rows = cli_leak_rows (r, all, limit);
  if (json)
    {
      leaks_json (r, rows, &totals);
      return 0;
    }
  cli_color_init (stdout);
  if (r->heap_off)
    g_string_append (out, "heap tracking was off in this run (MEMSCOPE_OPTIONS heap=0)\n");
  else if (!r->has_heap)
    g_string_append (out, "no heap data in this report (leaks need a runtime that tracks the heap)\n");
  else if (r->leaks->len == 0)
    g_string_append (out, all ? "no heap blocks live at exit\n" : "no leaks\n");
  else if (rows->len == 0)
    leaks_footer (out, &totals, all);
  else
    {
      cli_leaks_text (out, r, rows, 0, "");
      g_string_append_c (out, '\n');
      leaks_footer (out, &totals, all);
    }
  print_out (out);
  return 0;
}

/* ----------------------------------------------------------------- vars */

typedef struct
{
  char *scope;
  char *function;
  char *file;
  gboolean all;
} VarFilter;

static gboolean
file_matches (const char *file, const char *want)
{
  gsize lf, lw;

  if (file == NULL)
    return FALSE;
  if (strcmp (file, want) == 0)
    return TRUE;
  /* "demo.c" finds "examples/demo.c". */
  lf = strlen (file);
  lw = strlen (want);
  return lf > lw && file[lf - lw - 1] == '/' && strcmp (file + lf - lw, want) == 0;
}

static gboolean
var_matches (const CliReport *r, const CliVar *v, const VarFilter *f)
{
  const CliScope *s = v->scope >= 0 ? CLI_SCOPE (r, v->scope) : NULL;

  /* Untracked variables are described only, unless they own heap
   * blocks: a pointer kept in a register that received a buffer. */
  if (!f->all && !v->tracked && v->heap_bytes == 0 && v->heap_owned_bytes == 0)
    return FALSE;
  if (f->scope != NULL && (s == NULL || g_strcmp0 (s->name, f->scope) != 0))
    return FALSE;
  if (f->function != NULL && (s == NULL || g_strcmp0 (s->function, f->function) != 0))
    return FALSE;
  return f->file == NULL || file_matches (v->file, f->file);
}

static const CliReport *vars_report;

/* What a variable weighs: its own size, or the heap bytes it received
 * when that is more. */
static gint64
var_weight (const CliVar *v)
{
  return MAX (v->size, v->heap_bytes);
}

static int
vars_cmp (gconstpointer a, gconstpointer b)
{
  const CliVar *x = CLI_VAR (vars_report, *(const guint *) a);
  const CliVar *y = CLI_VAR (vars_report, *(const guint *) b);

  if (var_weight (x) != var_weight (y))
    return var_weight (x) > var_weight (y) ? -1 : 1;
  return x->id < y->id ? -1 : 1;
}

static void
vars_json (const CliReport *r, GArray *rows)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  guint i;

  json_builder_begin_array (b);
  for (i = 0; i < rows->len; i++)
    {
      const CliVar *v = CLI_VAR (r, g_array_index (rows, guint, i));
      const CliScope *s = v->scope >= 0 ? CLI_SCOPE (r, v->scope) : NULL;

      json_builder_begin_object (b);
      cli_json_str (b, "name", v->name);
      cli_json_str (b, "type", v->type);
      cli_json_int (b, "size", v->size);
      cli_json_str (b, "kind", v->kind);
      cli_json_str (b, "scope", s ? s->name : NULL);
      cli_json_str (b, "function", s ? s->function : NULL);
      cli_json_str (b, "file", v->file);
      cli_json_int (b, "line", v->line);
      cli_json_bool (b, "tracked", v->tracked);
      cli_json_int (b, "instances", v->instances);
      cli_json_int (b, "live", v->live);
      cli_json_int (b, "heap_bytes", v->heap_bytes);
      cli_json_int (b, "heap_owned_bytes", v->heap_owned_bytes);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  cli_print_json (g_get_prgname () + strlen ("memscope "), b);
}

static void
vars_text (const CliReport *r, GArray *rows, guint shown)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (CliTable) t = r->has_heap
    ? cli_table_new (">size", "-->instances", "--->live", ">heap", ">owned", "-kind", "variable", "scope", "-@location", NULL)
    : cli_table_new (">size", "-->instances", "--->live", "-kind", "variable", "scope", "-@location", NULL);
  guint i;

  for (i = 0; i < shown; i++)
    {
      guint k = g_array_index (rows, guint, i);
      const CliVar *v = CLI_VAR (r, k);
      g_autofree char *label = cli_var_label (r, k);
      g_autofree char *scope = v->scope >= 0 ? cli_scope_label (r, v->scope) : g_strdup ("-");

      cli_table_row (t);
      cli_table_size (t, v->size);
      cli_table_int (t, v->instances);
      cli_table_int (t, v->live);
      if (r->has_heap)
        {
          cli_table_size (t, v->heap_bytes);
          cli_table_size (t, v->heap_owned_bytes);
        }
      cli_table_cellf (t, "%s%s", cli_str (v->kind), v->tracked ? "" : " (untracked)");
      cli_table_cell (t, label);
      cli_table_cell (t, scope);
      if (v->file != NULL)
        cli_table_cellf (t, "%s:%" G_GINT64_FORMAT, v->file, v->line);
      else
        cli_table_cell (t, "");
    }
  if (rows->len == 0)
    g_string_append (out, "no matching variables\n");
  else
    cli_table_print (t, out, "");
  if (shown < rows->len)
    g_string_append_printf (out, "... %u more (-n 0 lists all)\n", rows->len - shown);
  print_out (out);
}

int
cli_cmd_vars (int argc, char **argv)
{
  VarFilter f = { NULL, NULL, NULL, FALSE };
  gboolean json = FALSE;
  int limit = 0;
  GOptionEntry entries[] = {
    { "scope", 's', 0, G_OPTION_ARG_STRING, &f.scope, "Only variables of scopes named NAME", "NAME" },
    { "function", 'f', 0, G_OPTION_ARG_STRING, &f.function, "Only variables in function NAME", "NAME" },
    { "file", 0, 0, G_OPTION_ARG_STRING, &f.file, "Only variables declared in PATH (or .../PATH)", "PATH" },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &f.all,
      "Also variables the runtime could not track that own no heap block", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows (default 0: all)", "N" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  guint i;

  cli_parse_options ("vars", "FILE", "Variable declaration sites, biggest first (by their size, or the heap bytes\n"
                    "they received when more): size, instances, live at exit, heap received and owned.\n"
                    "Variables the runtime tracks, and pointers that received heap blocks.",
                    entries, &argc, &argv, 1, 1);
  if (limit < 0)
    cli_usage_error ("vars", "--limit must not be negative");
  r = cli_report_load_or_exit (argv[1]);
  cli_color_init (stdout);
  for (i = 0; i < r->vars->len; i++)
    if (var_matches (r, CLI_VAR (r, i), &f))
      g_array_append_val (rows, i);
  vars_report = r;
  g_array_sort (rows, vars_cmp);
  if (limit > 0 && rows->len > (guint) limit && json)
    g_array_set_size (rows, limit);
  if (json)
    vars_json (r, rows);
  else
    vars_text (r, rows, limit > 0 ? MIN ((guint) limit, rows->len) : rows->len);
  g_free (f.scope);
  g_free (f.function);
  g_free (f.file);
  return 0;
}

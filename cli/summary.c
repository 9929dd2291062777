/* summary.c: `memscope summary` and `memscope run`.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "summary.h"
#include "preload.h"

static gint64
sum_threads (const CliReport *r, gsize offset)
{
  gint64 total = 0;
  guint i;

  for (i = 0; i < r->threads->len; i++)
    total += G_STRUCT_MEMBER (gint64, CLI_THREAD (r, i), offset);
  return total;
}

/* The thread with the biggest stack peak, -1 when there is none. */
static gint
peak_thread (const CliReport *r)
{
  gint best = -1;
  guint i;

  for (i = 0; i < r->threads->len; i++)
    if (best < 0 || CLI_THREAD (r, i)->stack_bytes_peak > CLI_THREAD (r, best)->stack_bytes_peak)
      best = i;
  return best;
}

static gboolean
threads_have_heap (const CliReport *r)
{
  guint i;

  for (i = 0; i < r->threads->len; i++)
    if (CLI_THREAD (r, i)->total_allocations > 0 || CLI_THREAD (r, i)->peak_memory > 0)
      return TRUE;
  return r->has_heap;
}

#define CMP_DESC(x, y) if ((x) != (y)) return (x) > (y) ? -1 : 1
#define IDX(p) (*(const guint *) (p))

static int
scope_by_peak (gconstpointer a, gconstpointer b, gpointer data)
{
  const CliScope *x = CLI_SCOPE ((const CliReport *) data, IDX (a));
  const CliScope *y = CLI_SCOPE ((const CliReport *) data, IDX (b));

  CMP_DESC (x->peak_memory, y->peak_memory);
  CMP_DESC (x->entries, y->entries);
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
var_by_size (gconstpointer a, gconstpointer b, gpointer data)
{
  const CliVar *x = CLI_VAR ((const CliReport *) data, IDX (a));
  const CliVar *y = CLI_VAR ((const CliReport *) data, IDX (b));

  CMP_DESC (x->size, y->size);
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
context_by_heap (gconstpointer a, gconstpointer b, gpointer data)
{
  const CliContext *x = CLI_CONTEXT ((const CliReport *) data, IDX (a));
  const CliContext *y = CLI_CONTEXT ((const CliReport *) data, IDX (b));

  CMP_DESC (x->heap_bytes, y->heap_bytes);
  CMP_DESC (x->heap_peak_bytes, y->heap_peak_bytes);
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Leaked blocks first, then reachable, then inherited; biggest first. */
static int
leak_by_kind_then_bytes (gconstpointer a, gconstpointer b, gpointer data)
{
  const CliLeak *x = CLI_LEAK ((const CliReport *) data, IDX (a));
  const CliLeak *y = CLI_LEAK ((const CliReport *) data, IDX (b));

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  CMP_DESC (x->bytes, y->bytes);
  return IDX (a) < IDX (b) ? -1 : IDX (a) > IDX (b);
}

/* The kinds as the tables and the dashboard name them. */
const char *
cli_leak_kind_name (CliLeakKind kind)
{
  static const char *const names[] = { "leaked", "reachable", "inherited", "suppressed" };

  return kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

static gboolean
scope_has_peak (gconstpointer r, guint i)
{
  return CLI_SCOPE ((const CliReport *) r, i)->peak_memory > 0;
}

static gboolean
var_was_live (gconstpointer r, guint i)
{
  return CLI_VAR ((const CliReport *) r, i)->tracked && CLI_VAR ((const CliReport *) r, i)->instances > 0;
}

static gboolean
context_has_heap (gconstpointer r, guint i)
{
  return CLI_CONTEXT ((const CliReport *) r, i)->heap_bytes > 0
    || CLI_CONTEXT ((const CliReport *) r, i)->heap_peak_bytes > 0;
}

static gboolean
leak_is_leaked (gconstpointer r, guint i)
{
  return CLI_LEAK ((const CliReport *) r, i)->kind == CLI_LEAKED;
}

static char *
path_or_dash (const CliReport *r, gint ctx)
{
  return ctx >= 0 ? cli_context_path (r, ctx, " > ") : g_strdup ("-");
}

/* Whether the report has the real stack figures (threads' stack_used_peak). */
gboolean
cli_report_has_real_stack (const CliReport *r)
{
  guint i;

  for (i = 0; i < r->threads->len; i++)
    if (CLI_HAS (CLI_THREAD (r, i), threads, stack_used_peak))
      return TRUE;
  return FALSE;
}

CliTable *
cli_threads_table (const CliReport *r)
{
  gboolean heap = threads_have_heap (r), real = cli_report_has_real_stack (r);
  CliTable *t = cli_table_new (">id", "--->tid", "name", ">scopes", "-->variables", ">stack peak", NULL);
  guint i;

  if (real)
    {
      cli_table_column (t, "->stack used");
      cli_table_column (t, "-->of stack");
    }
  if (heap)
    {
      cli_table_column (t, "-->heap allocs");
      cli_table_column (t, ">heap peak");
    }
  cli_table_column (t, "state");
  cli_table_column (t, "~peak context");
  for (i = 0; i < r->threads->len; i++)
    {
      const CliThread *th = CLI_THREAD (r, i);
      g_autofree char *path = path_or_dash (r, th->peak_context);

      cli_table_row (t);
      cli_table_int (t, th->id);
      cli_table_int (t, th->tid);
      cli_table_cell (t, th->name != NULL ? th->name : "-");
      cli_table_int (t, th->scopes_entered);
      cli_table_int (t, th->variables_registered);
      cli_table_size (t, th->stack_bytes_peak);
      if (real)
        {
          if (CLI_HAS (th, threads, stack_used_peak))
            cli_table_size (t, th->stack_used_peak);
          else
            cli_table_cell (t, "-");
          /* Its share of the thread's stack. */
          if (CLI_HAS (th, threads, stack_used_peak) && th->stack_size > 0)
            cli_table_cellf (t, "%.1f%%", 100.0 * th->stack_used_peak / th->stack_size);
          else
            cli_table_cell (t, "-");
        }
      if (heap)
        {
          cli_table_int (t, th->total_allocations);
          cli_table_size (t, th->peak_memory);
        }
      cli_table_cell (t, th->is_active ? "running" : "ended");
      cli_table_cell (t, path);
    }
  return t;
}

void
cli_threads_json (JsonBuilder *b, const CliReport *r)
{
  guint i;

  json_builder_begin_array (b);
  for (i = 0; i < r->threads->len; i++)
    {
      const CliThread *th = CLI_THREAD (r, i);

      json_builder_begin_object (b);
      cli_json_int (b, "id", th->id);
      cli_json_int (b, "tid", th->tid);
      cli_json_str (b, "name", th->name);
      cli_json_bool (b, "is_active", th->is_active);
      cli_json_int (b, "scopes_entered", th->scopes_entered);
      cli_json_int (b, "variables_registered", th->variables_registered);
      cli_json_int (b, "stack_bytes_peak", th->stack_bytes_peak);
      json_builder_set_member_name (b, "peak_context");
      cli_json_context_path (b, r, th->peak_context);
      cli_json_int (b, "open_scopes", th->open_scopes);
      cli_json_int (b, "unmatched_exits", th->unmatched_exits);
      cli_json_int (b, "lost_events", th->lost_events);
      cli_json_int (b, "heap_allocations", th->total_allocations);
      cli_json_int (b, "heap_deallocations", th->total_deallocations);
      cli_json_int (b, "heap_current_bytes", th->current_memory);
      cli_json_int (b, "heap_peak_bytes", th->peak_memory);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

void
cli_heap_totals (const CliReport *r, gint64 *allocs, gint64 *bytes, gint64 *live)
{
  guint i;

  *allocs = r->heap.outside_allocations;
  *bytes = r->heap.outside_bytes;
  *live = r->heap.outside_live_bytes;
  for (i = 0; i < r->contexts->len; i++)
    {
      *allocs += CLI_CONTEXT (r, i)->heap_allocations;
      *bytes += CLI_CONTEXT (r, i)->heap_bytes;
      *live += CLI_CONTEXT (r, i)->heap_live_bytes;
    }
  /* The runtime's own total also counts blocks it cannot place. */
  if (CLI_HAS (&r->heap, heap, live_bytes))
    *live = r->heap.live_bytes;
}

static const char *
plural (gint64 n)
{
  return n == 1 ? "" : "s";
}

/* "leaked N bytes in M blocks; R bytes still reachable", and the blocks
 * a forked child inherited, which are its parent's business. */
static void
text_leak_line (GString *out, const CliReport *r)
{
  CliLeakTotals t;

  cli_report_leak_totals (r, &t);
  g_string_append_printf (out, "leaked %s in %" G_GINT64_FORMAT " block%s; %s still reachable",
                          cli_sz (t.bytes[CLI_LEAKED]), t.blocks[CLI_LEAKED], plural (t.blocks[CLI_LEAKED]),
                          cli_sz (t.bytes[CLI_REACHABLE]));
  if (t.blocks[CLI_INHERITED] > 0)
    g_string_append_printf (out, "; %s inherited from the parent process", cli_sz (t.bytes[CLI_INHERITED]));
  if (t.blocks[CLI_SUPPRESSED] > 0)
    g_string_append_printf (out, "; %s in %" G_GINT64_FORMAT " block%s suppressed",
                            cli_sz (t.bytes[CLI_SUPPRESSED]), t.blocks[CLI_SUPPRESSED], plural (t.blocks[CLI_SUPPRESSED]));
  g_string_append_c (out, '\n');
}

/* The deepest recursion on a context's path, as "x512 recursion": the
 * stack a folded (recursive) context used from its first entry, in
 * frames of its function; where its frame is not known (the optimizer
 * inlined it), its entries.  NULL when the path does not recurse. */
static char *
recursion_note (const CliReport *r, gint ctx)
{
  for (; ctx >= 0; ctx = CLI_CONTEXT (r, ctx)->parent)
    {
      const CliContext *c = CLI_CONTEXT (r, ctx);
      const CliScope *s = CLI_SCOPE (r, c->scope);
      gint64 frame = s->stack_frame_bytes > 0 ? s->stack_frame_bytes : s->stack_frame_static;

      if (c->folded && frame > 0 && c->stack_used_peak > 0)
        return g_strdup_printf ("x%" G_GINT64_FORMAT " recursion", (c->stack_used_peak + frame / 2) / frame + 1);
      if (c->folded)
        return g_strdup_printf ("recursion, %" G_GINT64_FORMAT " entries", c->entries);
    }
  return NULL;
}

static int
thread_by_stack_share (gconstpointer a, gconstpointer b, gpointer data)
{
  const CliThread *x = CLI_THREAD ((const CliReport *) data, IDX (a));
  const CliThread *y = CLI_THREAD ((const CliReport *) data, IDX (b));
  double sx = x->stack_size > 0 ? (double) x->stack_used_peak / x->stack_size : 0;
  double sy = y->stack_size > 0 ? (double) y->stack_used_peak / y->stack_size : 0;

  CMP_DESC (sx, sy);
  CMP_DESC (x->stack_used_peak, y->stack_used_peak);
  return x->id < y->id ? -1 : x->id > y->id;
}

static gboolean
thread_has_real_stack (gconstpointer r, guint i)
{
  return CLI_HAS (CLI_THREAD ((const CliReport *) r, i), threads, stack_used_peak);
}

/* The real stack per thread, the fullest first: "stack: 61.4 KiB of 8 MiB
 * used at most (0.7%), deepest in main > parse > parse_expr (x512
 * recursion)". */
static void
text_real_stack (GString *out, const CliReport *r, guint limit)
{
  g_autoptr (GArray) rows = cli_rank (r->threads->len, thread_has_real_stack, thread_by_stack_share, r, limit);
  guint i, shown = 0, total = 0;

  for (i = 0; i < r->threads->len; i++)
    total += thread_has_real_stack (r, i);
  for (i = 0; i < rows->len; i++)
    {
      const CliThread *th = CLI_THREAD (r, g_array_index (rows, guint, i));
      g_autoptr (GString) before = g_string_new (NULL);
      g_autoptr (GString) after = g_string_new (NULL);
      g_autofree char *path = th->stack_used_peak_context >= 0
        ? cli_context_path (r, th->stack_used_peak_context, " > ") : NULL;
      g_autofree char *note = th->stack_used_peak_context >= 0
        ? recursion_note (r, th->stack_used_peak_context) : NULL;
      g_autofree char *line = NULL;

      if (r->threads->len > 1)
        g_string_append_printf (before, "thread %" G_GINT64_FORMAT " (%s) ", th->id, th->name ? th->name : "-");
      g_string_append_printf (before, "stack: %s", cli_sz (th->stack_used_peak));
      if (th->stack_size > 0)
        g_string_append_printf (before, " of %s used at most (%.1f%%)", cli_sz (th->stack_size),
                                100.0 * th->stack_used_peak / th->stack_size);
      else
        g_string_append (before, " used at most");
      if (path != NULL)
        g_string_append (before, ", ");
      if (note != NULL)
        g_string_append_printf (after, " (%s)", note);
      if (th->stack_off_entries > 0)
        g_string_append_printf (after, "; %" G_GINT64_FORMAT " entries on another stack left out",
                                th->stack_off_entries);
      line = cli_fit_path (before->str, path != NULL ? "deepest in " : "", path != NULL ? path : "", after->str);
      g_string_append_printf (out, "%s\n", line);
      shown++;
    }
  if (shown < total)
    g_string_append_printf (out, "stack: %u more thread%s (memscope threads lists them)\n", total - shown,
                            total - shown == 1 ? "" : "s");
}

static void
text_header (GString *out, const CliReport *r, guint limit)
{
  gint best = peak_thread (r);

  g_autoptr (GString) pids = g_string_new (NULL);
  guint i;

  /* A merged report: every input's pid. */
  for (i = 0; i < r->inputs->len; i++)
    g_string_append_printf (pids, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", g_array_index (r->inputs, CliInput, i).pid);
  if (r->inputs->len <= 1)
    g_string_printf (pids, "%" G_GINT64_FORMAT, r->pid);
  g_string_append_printf (out, "%s%s%s (%s %s): %u thread%s, %u scope sites, %u variable sites, %u contexts\n",
                          cli_bold (), cli_str (r->program), cli_reset (), r->inputs->len > 1 ? "pids" : "pid",
                          pids->str, r->threads->len, r->threads->len == 1 ? "" : "s",
                          r->scopes->len, r->vars->len, r->contexts->len);
  g_string_append_printf (out, "entered %" G_GINT64_FORMAT " scopes, registered %" G_GINT64_FORMAT
                          " variables\n",
                          sum_threads (r, G_STRUCT_OFFSET (CliThread, scopes_entered)),
                          sum_threads (r, G_STRUCT_OFFSET (CliThread, variables_registered)));
  {
    gint64 lost = sum_threads (r, G_STRUCT_OFFSET (CliThread, lost_events));
    gint64 unmatched = sum_threads (r, G_STRUCT_OFFSET (CliThread, unmatched_exits));

    /* Events the runtime could not place: the figures above miss them. */
    if (lost > 0 || unmatched > 0)
      g_string_append_printf (out, "not counted: %" G_GINT64_FORMAT " lost event%s, %" G_GINT64_FORMAT
                              " unmatched exit%s; memscope threads shows where\n", lost, plural (lost), unmatched, plural (unmatched));
  }
  if (CLI_HAS (r, header, crash))
    g_string_append_printf (out, "crashed: signal %" G_GINT64_FORMAT " (%s) on thread %" G_GINT64_FORMAT
                            "; what follows is the state at the crash\n", r->crash.signal,
                            g_strsignal ((int) r->crash.signal), r->crash.thread_id);
  if (best >= 0)
    {
      const CliThread *th = CLI_THREAD (r, best);
      g_autofree char *path = path_or_dash (r, th->peak_context);
      g_autofree char *before = g_strdup_printf ("stack peak: %s of variables on thread %" G_GINT64_FORMAT
                                                 " (%s) ", cli_sz (th->stack_bytes_peak), th->id,
                                                 th->name ? th->name : "-");
      g_autofree char *line = th->peak_context >= 0 ? cli_fit_path (before, "in ", path, "") : g_strchomp (g_strdup (before));

      g_string_append_printf (out, "%s\n", line);
    }
  text_real_stack (out, r, limit);
  if (r->has_heap)
    {
      gint64 allocs, bytes, live;

      cli_heap_totals (r, &allocs, &bytes, &live);
      g_string_append_printf (out, "heap: %" G_GINT64_FORMAT " allocation%s, %s (%s outside any scope), %s live at exit\n",
                              allocs, plural (allocs), cli_sz (bytes), cli_sz (r->heap.outside_bytes), cli_sz (live));
      text_leak_line (out, r);
    }
  else if (r->heap_off)
    g_string_append (out, "heap: not tracked in this run (MEMSCOPE_OPTIONS heap=0)\n");
  else
    g_string_append (out, "heap: not recorded in this report\n");
}

static void
text_scopes (GString *out, const CliReport *r, guint limit)
{
  g_autoptr (GArray) top = cli_rank (r->scopes->len, scope_has_peak, scope_by_peak, r, limit);
  g_autoptr (CliTable) t = cli_table_new (">peak", ">entries", "scope", "@location", NULL);
  guint i;

  cli_heading (out, "Top scopes by peak stack bytes");
  for (i = 0; i < top->len; i++)
    {
      guint s = g_array_index (top, guint, i);
      g_autofree char *label = cli_scope_label (r, s);
      g_autofree char *loc = cli_scope_location (r, s);

      cli_table_row (t);
      cli_table_size (t, CLI_SCOPE (r, s)->peak_memory);
      cli_table_int (t, CLI_SCOPE (r, s)->entries);
      cli_table_cell (t, label);
      cli_table_cell (t, loc);
    }
  cli_table_print (t, out, "  ");
}

static char *
var_location (const CliReport *r, guint v)
{
  const CliVar *var = CLI_VAR (r, v);

  if (var->file == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, var->file, var->line);
}

static void
text_vars (GString *out, const CliReport *r, guint limit)
{
  g_autoptr (GArray) top = cli_rank (r->vars->len, var_was_live, var_by_size, r, limit);
  g_autoptr (CliTable) t = cli_table_new (">size", ">instances", "variable", "scope", "@location", NULL);
  guint i;

  cli_heading (out, "Top variables by size");
  for (i = 0; i < top->len; i++)
    {
      guint v = g_array_index (top, guint, i);
      g_autofree char *label = cli_var_label (r, v);
      g_autofree char *scope = CLI_VAR (r, v)->scope >= 0 ? cli_scope_label (r, CLI_VAR (r, v)->scope) : g_strdup ("-");
      g_autofree char *loc = var_location (r, v);

      cli_table_row (t);
      cli_table_size (t, CLI_VAR (r, v)->size);
      cli_table_int (t, CLI_VAR (r, v)->instances);
      cli_table_cell (t, label);
      cli_table_cell (t, scope);
      cli_table_cell (t, loc);
    }
  cli_table_print (t, out, "  ");
}

static void
text_heap (GString *out, const CliReport *r, guint limit)
{
  g_autoptr (GArray) top = cli_rank (r->contexts->len, context_has_heap, context_by_heap, r, limit);
  g_autoptr (CliTable) t = cli_table_new (">allocated", "->allocations", ">live", ">peak", "~context", NULL);
  guint i;

  cli_heading (out, "Heap by context");
  for (i = 0; i < top->len; i++)
    {
      const CliContext *c = CLI_CONTEXT (r, g_array_index (top, guint, i));
      g_autofree char *path = cli_context_path (r, g_array_index (top, guint, i), " > ");

      cli_table_row (t);
      cli_table_size (t, c->heap_bytes);
      cli_table_int (t, c->heap_allocations);
      cli_table_size (t, c->heap_live_bytes);
      cli_table_size (t, c->heap_peak_bytes);
      cli_table_cell (t, path);
    }
  /* Outside every scope (a program run with the runtime preloaded, or
   * calls before main): by allocator call, or by calling function where
   * the call is not in instrumented code. */
  for (gint k = r->first_outside_site; k >= 0 && (limit == 0 || i < limit); k = CLI_SITE (r, k)->next_in_context, i++)
    {
      const CliSite *s = CLI_SITE (r, k);
      g_autofree char *label = cli_site_label (s);

      cli_table_row (t);
      cli_table_size (t, s->bytes);
      cli_table_int (t, s->allocations);
      cli_table_size (t, s->live_bytes);
      cli_table_cell (t, "-");
      cli_table_cell (t, label);
    }
  if (i == 0)
    g_string_append (out, "  no heap allocations\n");
  else
    cli_table_print (t, out, "  ");
}

/* The leak groups to list: the leaked ones, or with ALL every live block
 * the report lists; sorted by kind, then biggest first. */
GArray *
cli_leak_rows (const CliReport *r, gboolean all, guint limit)
{
  return cli_rank (r->leaks->len, all ? NULL : leak_is_leaked, leak_by_kind_then_bytes, r, limit);
}

/* The frames a leak was allocated from, innermost first, as
 * LeakSanitizer lists them: "#1 push leaklist.c:18" for the allocator
 * call when the report knows it, then the functions of the allocating
 * context (its block scopes belong to their function's frame).  Each is
 * "FUNCTION\tLOCATION": cli_frame_text lays it out. */
GPtrArray *
cli_leak_frames (const CliReport *r, const char *site_function, const char *site_file, gint64 site_line,
                 gint ctx)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func (g_free);
  const char *last = NULL;
  gboolean noted = FALSE;       /* the last frame says "recursion folded" */

  if (site_file != NULL)
    {
      g_ptr_array_add (frames, g_strdup_printf ("%s\t%s:%" G_GINT64_FORMAT, cli_str (site_function), site_file,
                                                site_line));
      last = site_function;
    }
  else if (site_function != NULL)
    {
      /* A call outside instrumented code: its function, by symbol. */
      g_ptr_array_add (frames, g_strdup_printf ("%s\t(not instrumented)", site_function));
      last = site_function;
    }
  for (; ctx >= 0; ctx = CLI_CONTEXT (r, ctx)->parent)
    {
      const CliContext *c = CLI_CONTEXT (r, ctx);
      const CliScope *s = CLI_SCOPE (r, c->scope);
      const char *fn = s->function != NULL ? s->function : s->name;

      if (frames->len > 0 && g_strcmp0 (fn, last) == 0)
        {
          /* A block of the function of the frame above, or the function
           * itself when the call's frame came first. */
          if (c->folded && !noted)
            {
              char *with = g_strconcat (frames->pdata[frames->len - 1], " (recursion folded)", NULL);

              g_free (frames->pdata[frames->len - 1]);
              frames->pdata[frames->len - 1] = with;
              noted = TRUE;
            }
          continue;
        }
      /* Without the call, the function and its file: the line of the
       * call is not known. */
      g_ptr_array_add (frames, g_strdup_printf ("%s%s%s%s", cli_str (fn), s->file ? "\t" : "", s->file ? s->file : "",
                                                c->folded ? " (recursion folded)" : ""));
      last = fn;
      noted = c->folded;
    }
  return frames;
}

/* Frame number N of FRAME ("FUNCTION\tLOCATION") in WIDTH characters (0:
 * any): the location shortened on its left, its file's end and line
 * being what tells it apart. */
char *
cli_frame_text (const char *indent, guint n, const char *frame, guint width)
{
  const char *tab = strchr (frame, '\t');
  g_autofree char *fn = tab ? g_strndup (frame, tab - frame) : g_strdup (frame);
  g_autofree char *head = g_strdup_printf ("%s    #%u %s", indent, n, fn);
  guint used = g_utf8_strlen (head, -1) + 1;
  g_autofree char *loc = NULL;
  g_autofree char *line = NULL;

  if (tab == NULL)
    return width > 0 ? cli_shorten_right (head, width) : g_strdup (head);
  loc = width > 0 && width > used + 12 ? cli_shorten_left (tab + 1, width - used) : g_strdup (tab + 1);
  line = g_strconcat (head, " ", loc, NULL);
  return width > 0 ? cli_shorten_right (line, width) : g_steal_pointer (&line);
}

static const char *const leak_kind_words[] = {
  [CLI_LEAKED] = "leaked",
  [CLI_REACHABLE] = "still reachable",
  [CLI_INHERITED] = "inherited from the parent process",
  [CLI_SUPPRESSED] = "leaked, suppressed",
};

/* The leak groups ROWS, each as LeakSanitizer prints a leak: what, how
 * much, then the frames it was allocated from (at most MAX_FRAMES, 0: all). */
void
cli_leaks_text (GString *out, const CliReport *r, GArray *rows, guint max_frames, const char *indent)
{
  guint width = cli_width (), i, f;

  for (i = 0; i < rows->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, g_array_index (rows, guint, i));
      g_autoptr (GPtrArray) frames = cli_leak_frames (r, l->site_function, l->site_file, l->site_line, l->context);
      g_autoptr (GString) head = g_string_new (NULL);
      g_autofree char *var = l->variable >= 0 ? cli_var_label (r, l->variable) : NULL;

      g_string_append_printf (head, "%s in %" G_GINT64_FORMAT " block%s %s", cli_sz (l->bytes), l->blocks,
                              plural (l->blocks), leak_kind_words[l->kind]);
      if (var != NULL)
        g_string_append_printf (head, ", held by %s", var);
      g_string_append (head, frames->len > 0 ? ", allocated from:" : ", allocated outside any instrumented scope");
      g_autofree char *rest = g_strconcat (indent, "  ", NULL);

      cli_wrap (out, head->str, indent, rest);
      for (f = 0; f < frames->len && (max_frames == 0 || f < max_frames); f++)
        {
          g_autofree char *fit = cli_frame_text (indent, f + 1, frames->pdata[f], width);

          g_string_append_printf (out, "%s\n", fit);
        }
      if (f < frames->len)
        g_string_append_printf (out, "%s    ... %u more frames\n", indent, frames->len - f);
    }
}

static void
text_leaks (GString *out, const CliReport *r, guint limit)
{
  g_autoptr (GArray) rows = cli_leak_rows (r, FALSE, limit);
  CliLeakTotals totals;

  cli_report_leak_totals (r, &totals);
  cli_heading (out, "Leaks");
  if (rows->len == 0 && totals.blocks[CLI_REACHABLE] > 0)
    g_string_append_printf (out, "  none; %s in %" G_GINT64_FORMAT
                            " block%s still reachable (memscope leaks --all lists them)\n",
                            cli_sz (totals.bytes[CLI_REACHABLE]), totals.blocks[CLI_REACHABLE],
                            plural (totals.blocks[CLI_REACHABLE]));
  else if (rows->len == 0)
    g_string_append (out, "  none\n");
  else
    cli_leaks_text (out, r, rows, 4, "  ");
}

static void
json_summary (JsonBuilder *b, const CliReport *r, guint limit)
{
  g_autoptr (GArray) scopes = cli_rank (r->scopes->len, scope_has_peak, scope_by_peak, r, limit);
  g_autoptr (GArray) vars = cli_rank (r->vars->len, var_was_live, var_by_size, r, limit);
  gint best = peak_thread (r);
  guint i;

  json_builder_begin_object (b);
  cli_json_str (b, "file", r->path);
  cli_json_str (b, "program", r->program);
  cli_json_int (b, "pid", r->pid);
  cli_json_int (b, "threads", r->threads->len);
  cli_json_int (b, "scope_sites", r->scopes->len);
  cli_json_int (b, "variable_sites", r->vars->len);
  cli_json_int (b, "contexts", r->contexts->len);
  cli_json_int (b, "scopes_entered", sum_threads (r, G_STRUCT_OFFSET (CliThread, scopes_entered)));
  cli_json_int (b, "variables_registered", sum_threads (r, G_STRUCT_OFFSET (CliThread, variables_registered)));
  json_builder_set_member_name (b, "stack_peak");
  json_builder_begin_object (b);
  cli_json_int (b, "bytes", best >= 0 ? CLI_THREAD (r, best)->stack_bytes_peak : 0);
  if (best >= 0)
    cli_json_int (b, "thread", CLI_THREAD (r, best)->id);
  else
    cli_json_str (b, "thread", NULL);
  json_builder_set_member_name (b, "context");
  cli_json_context_path (b, r, best >= 0 ? CLI_THREAD (r, best)->peak_context : -1);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "heap");
  if (r->has_heap)
    {
      gint64 allocs, bytes, live;
      CliLeakTotals t;

      cli_heap_totals (r, &allocs, &bytes, &live);
      cli_report_leak_totals (r, &t);
      json_builder_begin_object (b);
      cli_json_int (b, "allocations", allocs);
      cli_json_int (b, "bytes", bytes);
      cli_json_int (b, "live_bytes", live);
      cli_json_int (b, "outside_bytes", r->heap.outside_bytes);
      cli_json_int (b, "leaked_bytes", t.bytes[CLI_LEAKED]);
      cli_json_int (b, "leaked_blocks", t.blocks[CLI_LEAKED]);
      cli_json_int (b, "reachable_bytes", t.bytes[CLI_REACHABLE]);
      cli_json_int (b, "reachable_blocks", t.blocks[CLI_REACHABLE]);
      cli_json_int (b, "inherited_bytes", t.bytes[CLI_INHERITED]);
      cli_json_int (b, "inherited_blocks", t.blocks[CLI_INHERITED]);
      cli_json_int (b, "suppressed_bytes", t.bytes[CLI_SUPPRESSED]);
      cli_json_int (b, "suppressed_blocks", t.blocks[CLI_SUPPRESSED]);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "top_scopes");
  json_builder_begin_array (b);
  for (i = 0; i < scopes->len; i++)
    {
      const CliScope *s = CLI_SCOPE (r, g_array_index (scopes, guint, i));

      json_builder_begin_object (b);
      cli_json_str (b, "name", s->name);
      cli_json_str (b, "function", s->function);
      cli_json_str (b, "file", s->file);
      cli_json_int (b, "line", s->line);
      cli_json_int (b, "peak_memory", s->peak_memory);
      cli_json_int (b, "entries", s->entries);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "top_variables");
  json_builder_begin_array (b);
  for (i = 0; i < vars->len; i++)
    {
      const CliVar *v = CLI_VAR (r, g_array_index (vars, guint, i));

      json_builder_begin_object (b);
      cli_json_str (b, "name", v->name);
      cli_json_str (b, "type", v->type);
      cli_json_str (b, "scope", v->scope >= 0 ? CLI_SCOPE (r, v->scope)->name : NULL);
      cli_json_int (b, "size", v->size);
      cli_json_int (b, "instances", v->instances);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "thread_list");
  cli_threads_json (b, r);
  json_builder_end_object (b);
}

/* The summary on STREAM: stdout (FALSE after a write error, said on
 * stderr) or stderr (for `run`). */
static void summary_text (GString *out, const CliReport *r, FILE *stream, guint limit);

gboolean
cli_summary_print (const CliReport *r, FILE *stream, gboolean json, guint limit)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_summary (b, r, limit);
      root = json_builder_get_root (b);
      text = cli_json_to_string (root, TRUE);
      g_string_append_printf (out, "%s\n", text);
    }
  else
    {
      summary_text (out, r, stream, limit);
      cli_fit_text (out);
    }
  if (stream == stdout)
    return cli_write_stdout ("summary", out->str, out->len);
  fputs (out->str, stream);
  return TRUE;
}

static void
summary_text (GString *out, const CliReport *r, FILE *stream, guint limit)
{
  g_autoptr (CliTable) threads = NULL;

  cli_color_init (stream);
  text_header (out, r, limit);
  cli_heading (out, "Threads");
  threads = cli_threads_table (r);
  cli_table_print (threads, out, "  ");
  text_scopes (out, r, limit);
  text_vars (out, r, limit);
  if (r->has_heap)
    {
      text_heap (out, r, limit);
      text_leaks (out, r, limit);
    }
}

int
cli_cmd_summary (int argc, char **argv)
{
  gboolean json = FALSE;
  int limit = 10;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of text", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows per list (default 10, 0 for all)", "N" },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;

  cli_parse_options ("summary", "FILE", "Totals, threads, top scopes and variables, heap by context, leaks.",
                    entries, &argc, &argv, 1, 1);
  if (limit < 0)
    cli_usage_error ("summary", "--limit must not be negative");
  r = cli_report_load_or_exit (argv[1]);
  return cli_summary_print (r, stdout, json, limit) ? 0 : 1;
}

/* ------------------------------------------------------------------ run */

/* The user's MEMSCOPE_OPTIONS without its output= items, then ours: the
 * runtime reads items in order, so ours (EXTRA, e.g. "trace=1:") win. */
static char *
run_options (const char *output, const char *extra)
{
  const char *user = g_getenv ("MEMSCOPE_OPTIONS");
  g_auto (GStrv) items = g_strsplit (user != NULL ? user : "", ":", -1);
  g_autoptr (GString) s = g_string_new (NULL);
  guint i;

  for (i = 0; items[i] != NULL; i++)
    if (items[i][0] != '\0' && !g_str_has_prefix (items[i], "output="))
      g_string_append_printf (s, "%s:", items[i]);
  g_string_append_printf (s, "%soutput=%s", extra, output);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* The runtime's own default name, so both sides agree on it. */
static char *
default_output (const char *prog, pid_t pid)
{
  g_autofree char *base = g_path_get_basename (prog);

  return g_strdup_printf ("memscope.%s.%d.json", base, (int) pid);
}

G_GNUC_NORETURN static void
run_child (char **argv, const char *output, gboolean preload, const char *extra)
{
  g_autofree char *path = output != NULL ? g_strdup (output)
    : default_output (argv[0], getpid ());
  g_autofree char *options = run_options (path, extra);
  int err;

  g_setenv ("MEMSCOPE_OPTIONS", options, TRUE);
  if (preload)
    {
      const char *user = g_getenv ("LD_PRELOAD");
      g_autofree char *runtime = cli_preload_runtime ();
      g_autofree char *value = user && *user ? g_strdup_printf ("%s:%s", runtime, user) : g_strdup (runtime);

      g_setenv ("LD_PRELOAD", value, TRUE);
    }
  signal (SIGINT, SIG_DFL);
  signal (SIGQUIT, SIG_DFL);
  execvp (argv[0], argv);
  err = errno;
  fprintf (stderr, "memscope run: cannot run %s: %s\n", argv[0], g_strerror (err));
  _exit (err == ENOENT ? 127 : 126);
}

/* Ends memscope the way the program ended: same status or same signal. */
G_GNUC_NORETURN static void
pass_status_through (int status)
{
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      struct rlimit no_core = { 0, 0 };
      sigset_t set;

      /* Re-raised so the shell sees the same signal; no core of ours. */
      setrlimit (RLIMIT_CORE, &no_core);
      fflush (NULL);
      signal (sig, SIG_DFL);
      sigemptyset (&set);
      sigaddset (&set, sig);
      sigprocmask (SIG_UNBLOCK, &set, NULL);
      raise (sig);
      exit (128 + sig);
    }
  exit (WIFEXITED (status) ? WEXITSTATUS (status) : 1);
}

/* Why the runtime could not have written PATH, NULL when it could: the
 * nearest existing folder above it must be a folder we may write in (the
 * runtime creates the missing ones). */
static char *
why_unwritable (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  while (!g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      char *up = g_path_get_dirname (dir);

      g_free (dir);
      dir = up;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_strdup_printf ("%s is not a folder", dir);
  if (access (dir, W_OK) != 0)
    return g_strdup_printf ("cannot write in %s: %s", dir, g_strerror (errno));
  return NULL;
}

static void
run_report (const char *path, int status, const char *prog, gboolean json, guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliReport) r = NULL;
  g_autofree char *why = NULL;

  if (WIFEXITED (status) && (WEXITSTATUS (status) == 127 || WEXITSTATUS (status) == 126)
      && !g_file_test (path, G_FILE_TEST_EXISTS))
    return;                     /* exec failed: the child said why */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (WIFSIGNALED (status))
        fprintf (stderr, "memscope run: %s: no report (%s was killed by signal %d before writing it)\n",
                 path, prog, WTERMSIG (status));
      else if ((why = why_unwritable (path)) != NULL)
        fprintf (stderr, "memscope run: %s: no report (%s)\n", path, why);
      else
        fprintf (stderr, "memscope run: %s: no report (is %s built with memscope-gcc?)\n", path, prog);
      return;
    }
  r = cli_report_load (path, &error);
  if (r == NULL)
    {
      fprintf (stderr, "memscope: %s: %s\n", path, error->message);
      return;
    }
  fprintf (stderr, "memscope: report in %s\n", path);
  cli_summary_print (r, stderr, json, limit);
}

int
cli_cmd_run (int argc, char **argv)
{
  char *output = NULL;
  gboolean json = FALSE, trace = FALSE, no_heap = FALSE;
  int limit = 10, status = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Where the report goes (default memscope.PROGRAM.PID.json)", "FILE" },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace,
      "Record each thread's scope entries and exits with their times (trace=1)", NULL },
    { "no-heap", 0, 0, G_OPTION_ARG_NONE, &no_heap, "Do not track heap allocations (heap=0)", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows per list of the summary (default 10)", "N" },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autofree char *path = NULL;
  char **prog;
  pid_t pid;
  CliPreload preload;

  cli_parse_options ("run", "[--] PROGRAM [ARGS...]",
                    "Runs PROGRAM (built with memscope-gcc) with MEMSCOPE_OPTIONS set to write its report\n"
                    "to FILE, keeping the user's other options, then prints the summary on stderr.\n"
                    "The exit status is the program's; a program killed by a signal kills memscope alike.",
                    entries, &argc, &argv, 1, -1);
  prog = argv + 1;
  if (strcmp (prog[0], "--") == 0)
    prog++;
  if (prog[0] == NULL)
    cli_usage_error ("run", "no program given");
  if (output != NULL && strchr (output, ':') != NULL)
    cli_usage_error ("run", "the report path cannot contain ':' (it separates MEMSCOPE_OPTIONS)");
  if (limit < 0)
    cli_usage_error ("run", "--limit must not be negative");
  if (output != NULL)
    {
      struct stat st;

      /* The report is read back for the summary: a file, not a stream. */
      if (strcmp (output, "-") == 0 || strcmp (output, "/dev/stdout") == 0
          || strcmp (output, "/dev/stderr") == 0 || g_str_has_prefix (output, "/dev/fd/")
          || g_str_has_prefix (output, "/proc/self/fd/")
          || (lstat (output, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISLNK (st.st_mode)))
        cli_usage_error ("run", "-o %s: the report must go to a file, which memscope reads for the summary",
                         output);
      /* A stale report must not pass for this run's. */
      unlink (output);
    }
  preload = cli_preload_decide (prog[0]);
  if (preload == CLI_PRELOAD_YES)
    {
      g_autofree char *runtime = cli_preload_runtime ();

      if (!g_file_test (runtime, G_FILE_TEST_EXISTS))
        {
          fprintf (stderr, "memscope run: %s is not built with memscope, and there is no runtime to "
                   "preload: %s is missing (set MEMSCOPE_LIBDIR)\n", prog[0], runtime);
          preload = CLI_PRELOAD_NO;
        }
    }
  if (preload == CLI_PRELOAD_YES)
    fprintf (stderr, "memscope run: %s is not built with memscope: its heap only, with the runtime "
             "preloaded; scopes and variables need the plugin (build it with memscope-gcc)\n", prog[0]);
  else if (preload == CLI_PRELOAD_STATIC)
    fprintf (stderr, "memscope run: %s is linked statically: the runtime cannot be preloaded "
             "(build it with memscope-gcc)\n", prog[0]);
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      fprintf (stderr, "memscope run: cannot fork: %s\n", g_strerror (errno));
      return CLI_EXIT_BAD_INPUT;
    }
  if (pid == 0)
    run_child (prog, output, preload == CLI_PRELOAD_YES, trace && no_heap ? "trace=1:heap=0:"
               : trace ? "trace=1:" : no_heap ? "heap=0:" : "");
  /* Like system(): the terminal's ^C is the program's to handle. */
  signal (SIGINT, SIG_IGN);
  signal (SIGQUIT, SIG_IGN);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  path = output != NULL ? g_strdup (output)
    : default_output (prog[0], pid);
  run_report (path, status, prog[0], json, limit);
  g_free (output);
  pass_status_through (status);
}

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

#include "memscope-cli.h"

static gint64
sum_threads (const MsReport *r, gsize offset)
{
  gint64 total = 0;
  guint i;

  for (i = 0; i < r->threads->len; i++)
    total += G_STRUCT_MEMBER (gint64, MS_THREAD (r, i), offset);
  return total;
}

/* The thread with the biggest stack peak, -1 when there is none. */
static gint
peak_thread (const MsReport *r)
{
  gint best = -1;
  guint i;

  for (i = 0; i < r->threads->len; i++)
    if (best < 0 || MS_THREAD (r, i)->stack_bytes_peak > MS_THREAD (r, best)->stack_bytes_peak)
      best = i;
  return best;
}

static gboolean
threads_have_heap (const MsReport *r)
{
  guint i;

  for (i = 0; i < r->threads->len; i++)
    if (MS_THREAD (r, i)->heap_allocations > 0 || MS_THREAD (r, i)->heap_peak > 0)
      return TRUE;
  return r->has_heap;
}

#define CMP_DESC(x, y) if ((x) != (y)) return (x) > (y) ? -1 : 1
#define IDX(p) (*(const guint *) (p))

static int
scope_by_peak (gconstpointer a, gconstpointer b, gpointer data)
{
  const MsScope *x = MS_SCOPE ((const MsReport *) data, IDX (a));
  const MsScope *y = MS_SCOPE ((const MsReport *) data, IDX (b));

  CMP_DESC (x->peak_memory, y->peak_memory);
  CMP_DESC (x->entries, y->entries);
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
var_by_size (gconstpointer a, gconstpointer b, gpointer data)
{
  const MsVar *x = MS_VAR ((const MsReport *) data, IDX (a));
  const MsVar *y = MS_VAR ((const MsReport *) data, IDX (b));

  CMP_DESC (x->size, y->size);
  return x->id < y->id ? -1 : x->id > y->id;
}

static int
context_by_heap (gconstpointer a, gconstpointer b, gpointer data)
{
  const MsContext *x = MS_CONTEXT ((const MsReport *) data, IDX (a));
  const MsContext *y = MS_CONTEXT ((const MsReport *) data, IDX (b));

  CMP_DESC (x->heap_bytes, y->heap_bytes);
  CMP_DESC (x->heap_peak_bytes, y->heap_peak_bytes);
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Leaked blocks first, then reachable, then inherited; biggest first. */
static int
leak_by_kind_then_bytes (gconstpointer a, gconstpointer b, gpointer data)
{
  const MsLeak *x = MS_LEAK ((const MsReport *) data, IDX (a));
  const MsLeak *y = MS_LEAK ((const MsReport *) data, IDX (b));

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  CMP_DESC (x->bytes, y->bytes);
  return IDX (a) < IDX (b) ? -1 : IDX (a) > IDX (b);
}

static gboolean
scope_has_peak (gconstpointer r, guint i)
{
  return MS_SCOPE ((const MsReport *) r, i)->peak_memory > 0;
}

static gboolean
var_was_live (gconstpointer r, guint i)
{
  return MS_VAR ((const MsReport *) r, i)->tracked && MS_VAR ((const MsReport *) r, i)->instances > 0;
}

static gboolean
context_has_heap (gconstpointer r, guint i)
{
  return MS_CONTEXT ((const MsReport *) r, i)->heap_bytes > 0
    || MS_CONTEXT ((const MsReport *) r, i)->heap_peak_bytes > 0;
}

static gboolean
leak_is_leaked (gconstpointer r, guint i)
{
  return MS_LEAK ((const MsReport *) r, i)->kind == MS_LEAKED;
}

static char *
path_or_dash (const MsReport *r, gint ctx)
{
  return ctx >= 0 ? ms_context_path (r, ctx, " > ") : g_strdup ("-");
}

MsTable *
ms_threads_table (const MsReport *r)
{
  gboolean heap = threads_have_heap (r);
  MsTable *t = ms_table_new (">id", ">tid", "name", ">scopes", ">variables", ">stack peak",
                             heap ? ">heap allocs" : "state", heap ? ">heap peak" : "peak context",
                             heap ? "state" : NULL, heap ? "peak context" : NULL, NULL);
  guint i;

  for (i = 0; i < r->threads->len; i++)
    {
      const MsThread *th = MS_THREAD (r, i);
      g_autofree char *path = path_or_dash (r, th->peak_context);

      ms_table_row (t);
      ms_table_int (t, th->id);
      ms_table_int (t, th->tid);
      ms_table_cell (t, th->name != NULL ? th->name : "-");
      ms_table_int (t, th->scopes_entered);
      ms_table_int (t, th->variables_registered);
      ms_table_int (t, th->stack_bytes_peak);
      if (heap)
        {
          ms_table_int (t, th->heap_allocations);
          ms_table_int (t, th->heap_peak);
        }
      ms_table_cell (t, th->is_active ? "running" : "ended");
      ms_table_cell (t, path);
    }
  return t;
}

void
ms_threads_json (JsonBuilder *b, const MsReport *r)
{
  guint i;

  json_builder_begin_array (b);
  for (i = 0; i < r->threads->len; i++)
    {
      const MsThread *th = MS_THREAD (r, i);

      json_builder_begin_object (b);
      ms_json_int (b, "id", th->id);
      ms_json_int (b, "tid", th->tid);
      ms_json_str (b, "name", th->name);
      ms_json_bool (b, "is_active", th->is_active);
      ms_json_int (b, "scopes_entered", th->scopes_entered);
      ms_json_int (b, "variables_registered", th->variables_registered);
      ms_json_int (b, "stack_bytes_peak", th->stack_bytes_peak);
      json_builder_set_member_name (b, "peak_context");
      ms_json_context_path (b, r, th->peak_context);
      ms_json_int (b, "open_scopes", th->open_scopes);
      ms_json_int (b, "unmatched_exits", th->unmatched_exits);
      ms_json_int (b, "lost_events", th->lost_events);
      ms_json_int (b, "heap_allocations", th->heap_allocations);
      ms_json_int (b, "heap_deallocations", th->heap_deallocations);
      ms_json_int (b, "heap_current_bytes", th->heap_current);
      ms_json_int (b, "heap_peak_bytes", th->heap_peak);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
heap_totals (const MsReport *r, gint64 *allocs, gint64 *bytes, gint64 *live)
{
  guint i;

  *allocs = r->outside_allocations;
  *bytes = r->outside_bytes;
  *live = r->outside_live_bytes;
  for (i = 0; i < r->contexts->len; i++)
    {
      *allocs += MS_CONTEXT (r, i)->heap_allocations;
      *bytes += MS_CONTEXT (r, i)->heap_bytes;
      *live += MS_CONTEXT (r, i)->heap_live_bytes;
    }
  /* The runtime's own total also counts blocks it cannot place. */
  if (r->heap_live_bytes >= 0)
    *live = r->heap_live_bytes;
}

static const char *
plural (gint64 n)
{
  return n == 1 ? "" : "s";
}

/* "leaked N bytes in M blocks; R bytes still reachable", and the blocks
 * a forked child inherited, which are its parent's business. */
static void
text_leak_line (GString *out, const MsReport *r)
{
  MsLeakTotals t;

  ms_report_leak_totals (r, &t);
  g_string_append_printf (out, "leaked %" G_GINT64_FORMAT " bytes in %" G_GINT64_FORMAT " block%s; %"
                          G_GINT64_FORMAT " bytes still reachable", t.bytes[MS_LEAKED], t.blocks[MS_LEAKED],
                          plural (t.blocks[MS_LEAKED]), t.bytes[MS_REACHABLE]);
  if (t.blocks[MS_INHERITED] > 0)
    g_string_append_printf (out, "; %" G_GINT64_FORMAT " bytes inherited from the parent process",
                            t.bytes[MS_INHERITED]);
  g_string_append_c (out, '\n');
}

static void
text_header (GString *out, const MsReport *r)
{
  gint best = peak_thread (r);

  g_string_append_printf (out, "%s%s%s (pid %" G_GINT64_FORMAT "): %u thread%s, %u scope sites, %u variable "
                          "sites, %u contexts\n", ms_bold (), ms_str (r->program), ms_reset (), r->pid,
                          r->threads->len, r->threads->len == 1 ? "" : "s", r->scopes->len, r->vars->len,
                          r->contexts->len);
  g_string_append_printf (out, "entered %" G_GINT64_FORMAT " scopes, registered %" G_GINT64_FORMAT
                          " variables\n",
                          sum_threads (r, G_STRUCT_OFFSET (MsThread, scopes_entered)),
                          sum_threads (r, G_STRUCT_OFFSET (MsThread, variables_registered)));
  if (r->crash_signal != 0)
    g_string_append_printf (out, "crashed: signal %" G_GINT64_FORMAT " (%s) on thread %" G_GINT64_FORMAT
                            "; what follows is the state at the crash\n", r->crash_signal,
                            g_strsignal ((int) r->crash_signal), r->crash_thread);
  if (best >= 0)
    {
      const MsThread *th = MS_THREAD (r, best);
      g_autofree char *path = path_or_dash (r, th->peak_context);

      g_string_append_printf (out, "stack peak: %" G_GINT64_FORMAT " bytes on thread %" G_GINT64_FORMAT
                              " (%s) in %s\n", th->stack_bytes_peak, th->id, th->name ? th->name : "-", path);
    }
  if (r->has_heap)
    {
      gint64 allocs, bytes, live;

      heap_totals (r, &allocs, &bytes, &live);
      g_string_append_printf (out, "heap: %" G_GINT64_FORMAT " allocations, %" G_GINT64_FORMAT
                              " bytes (%" G_GINT64_FORMAT " outside any scope), %" G_GINT64_FORMAT
                              " bytes live at exit\n", allocs, bytes, r->outside_bytes, live);
      text_leak_line (out, r);
    }
  else if (r->heap_off)
    g_string_append (out, "heap: not tracked in this run (MEMSCOPE_OPTIONS heap=0)\n");
  else
    g_string_append (out, "heap: not recorded in this report\n");
}

static void
text_scopes (GString *out, const MsReport *r, guint limit)
{
  g_autoptr (GArray) top = ms_rank (r->scopes->len, scope_has_peak, scope_by_peak, r, limit);
  g_autoptr (MsTable) t = ms_table_new (">peak bytes", ">entries", "scope", "location", NULL);
  guint i;

  ms_heading (out, "Top scopes by peak stack bytes");
  for (i = 0; i < top->len; i++)
    {
      guint s = g_array_index (top, guint, i);
      g_autofree char *label = ms_scope_label (r, s);
      g_autofree char *loc = ms_scope_location (r, s);

      ms_table_row (t);
      ms_table_int (t, MS_SCOPE (r, s)->peak_memory);
      ms_table_int (t, MS_SCOPE (r, s)->entries);
      ms_table_cell (t, label);
      ms_table_cell (t, loc);
    }
  ms_table_print (t, out, "  ");
}

static char *
var_location (const MsReport *r, guint v)
{
  const MsVar *var = MS_VAR (r, v);

  if (var->file == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, var->file, var->line);
}

static void
text_vars (GString *out, const MsReport *r, guint limit)
{
  g_autoptr (GArray) top = ms_rank (r->vars->len, var_was_live, var_by_size, r, limit);
  g_autoptr (MsTable) t = ms_table_new (">bytes", ">instances", "variable", "scope", "location", NULL);
  guint i;

  ms_heading (out, "Top variables by size");
  for (i = 0; i < top->len; i++)
    {
      guint v = g_array_index (top, guint, i);
      g_autofree char *label = ms_var_label (r, v);
      g_autofree char *scope = MS_VAR (r, v)->scope >= 0 ? ms_scope_label (r, MS_VAR (r, v)->scope) : g_strdup ("-");
      g_autofree char *loc = var_location (r, v);

      ms_table_row (t);
      ms_table_int (t, MS_VAR (r, v)->size);
      ms_table_int (t, MS_VAR (r, v)->instances);
      ms_table_cell (t, label);
      ms_table_cell (t, scope);
      ms_table_cell (t, loc);
    }
  ms_table_print (t, out, "  ");
}

static void
text_heap (GString *out, const MsReport *r, guint limit)
{
  g_autoptr (GArray) top = ms_rank (r->contexts->len, context_has_heap, context_by_heap, r, limit);
  g_autoptr (MsTable) t = ms_table_new (">bytes", ">allocations", ">live", ">peak", "context", NULL);
  guint i;

  ms_heading (out, "Heap by context");
  for (i = 0; i < top->len; i++)
    {
      const MsContext *c = MS_CONTEXT (r, g_array_index (top, guint, i));
      g_autofree char *path = ms_context_path (r, g_array_index (top, guint, i), " > ");

      ms_table_row (t);
      ms_table_int (t, c->heap_bytes);
      ms_table_int (t, c->heap_allocations);
      ms_table_int (t, c->heap_live_bytes);
      ms_table_int (t, c->heap_peak_bytes);
      ms_table_cell (t, path);
    }
  if (top->len == 0)
    g_string_append (out, "  no heap allocations\n");
  else
    ms_table_print (t, out, "  ");
}

/* The leak groups to list: the leaked ones, or with ALL every live block
 * the report lists; sorted by kind, then biggest first. */
GArray *
ms_leak_rows (const MsReport *r, gboolean all, guint limit)
{
  return ms_rank (r->leaks->len, all ? NULL : leak_is_leaked, leak_by_kind_then_bytes, r, limit);
}

MsTable *
ms_leaks_table (const MsReport *r, gboolean all, guint limit)
{
  g_autoptr (GArray) rows = ms_leak_rows (r, all, limit);
  MsTable *t = all ? ms_table_new (">bytes", ">blocks", "kind", "variable", "context", NULL)
    : ms_table_new (">bytes", ">blocks", "variable", "context", NULL);
  guint i;

  for (i = 0; i < rows->len; i++)
    {
      const MsLeak *l = MS_LEAK (r, g_array_index (rows, guint, i));
      g_autofree char *var = l->variable >= 0 ? ms_var_label (r, l->variable) : g_strdup ("-");
      g_autofree char *path = l->context >= 0 ? ms_context_path (r, l->context, " > ")
        : g_strdup ("(outside any scope)");

      ms_table_row (t);
      ms_table_int (t, l->bytes);
      ms_table_int (t, l->blocks);
      if (all)
        ms_table_cell (t, ms_leak_kind_name (l->kind));
      ms_table_cell (t, var);
      ms_table_cell (t, path);
    }
  return t;
}

static void
text_leaks (GString *out, const MsReport *r, guint limit)
{
  g_autoptr (MsTable) t = ms_leaks_table (r, FALSE, limit);
  MsLeakTotals totals;

  ms_report_leak_totals (r, &totals);
  ms_heading (out, "Leaks");
  if (ms_table_rows (t) == 0 && totals.blocks[MS_REACHABLE] > 0)
    g_string_append_printf (out, "  none; %" G_GINT64_FORMAT " bytes in %" G_GINT64_FORMAT
                            " block%s still reachable (memscope leaks --all lists them)\n",
                            totals.bytes[MS_REACHABLE], totals.blocks[MS_REACHABLE],
                            plural (totals.blocks[MS_REACHABLE]));
  else if (ms_table_rows (t) == 0)
    g_string_append (out, "  none\n");
  else
    ms_table_print (t, out, "  ");
}

static void
json_summary (JsonBuilder *b, const MsReport *r, guint limit)
{
  g_autoptr (GArray) scopes = ms_rank (r->scopes->len, scope_has_peak, scope_by_peak, r, limit);
  g_autoptr (GArray) vars = ms_rank (r->vars->len, var_was_live, var_by_size, r, limit);
  gint best = peak_thread (r);
  guint i;

  json_builder_begin_object (b);
  ms_json_str (b, "file", r->path);
  ms_json_str (b, "program", r->program);
  ms_json_int (b, "pid", r->pid);
  ms_json_int (b, "threads", r->threads->len);
  ms_json_int (b, "scope_sites", r->scopes->len);
  ms_json_int (b, "variable_sites", r->vars->len);
  ms_json_int (b, "contexts", r->contexts->len);
  ms_json_int (b, "scopes_entered", sum_threads (r, G_STRUCT_OFFSET (MsThread, scopes_entered)));
  ms_json_int (b, "variables_registered", sum_threads (r, G_STRUCT_OFFSET (MsThread, variables_registered)));
  json_builder_set_member_name (b, "stack_peak");
  json_builder_begin_object (b);
  ms_json_int (b, "bytes", best >= 0 ? MS_THREAD (r, best)->stack_bytes_peak : 0);
  if (best >= 0)
    ms_json_int (b, "thread", MS_THREAD (r, best)->id);
  else
    ms_json_str (b, "thread", NULL);
  json_builder_set_member_name (b, "context");
  ms_json_context_path (b, r, best >= 0 ? MS_THREAD (r, best)->peak_context : -1);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "heap");
  if (r->has_heap)
    {
      gint64 allocs, bytes, live;
      MsLeakTotals t;

      heap_totals (r, &allocs, &bytes, &live);
      ms_report_leak_totals (r, &t);
      json_builder_begin_object (b);
      ms_json_int (b, "allocations", allocs);
      ms_json_int (b, "bytes", bytes);
      ms_json_int (b, "live_bytes", live);
      ms_json_int (b, "outside_bytes", r->outside_bytes);
      ms_json_int (b, "leaked_bytes", t.bytes[MS_LEAKED]);
      ms_json_int (b, "leaked_blocks", t.blocks[MS_LEAKED]);
      ms_json_int (b, "reachable_bytes", t.bytes[MS_REACHABLE]);
      ms_json_int (b, "reachable_blocks", t.blocks[MS_REACHABLE]);
      ms_json_int (b, "inherited_bytes", t.bytes[MS_INHERITED]);
      ms_json_int (b, "inherited_blocks", t.blocks[MS_INHERITED]);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "top_scopes");
  json_builder_begin_array (b);
  for (i = 0; i < scopes->len; i++)
    {
      const MsScope *s = MS_SCOPE (r, g_array_index (scopes, guint, i));

      json_builder_begin_object (b);
      ms_json_str (b, "name", s->name);
      ms_json_str (b, "function", s->function);
      ms_json_str (b, "file", s->file);
      ms_json_int (b, "line", s->line);
      ms_json_int (b, "peak_memory", s->peak_memory);
      ms_json_int (b, "entries", s->entries);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "top_variables");
  json_builder_begin_array (b);
  for (i = 0; i < vars->len; i++)
    {
      const MsVar *v = MS_VAR (r, g_array_index (vars, guint, i));

      json_builder_begin_object (b);
      ms_json_str (b, "name", v->name);
      ms_json_str (b, "type", v->type);
      ms_json_str (b, "scope", v->scope >= 0 ? MS_SCOPE (r, v->scope)->name : NULL);
      ms_json_int (b, "size", v->size);
      ms_json_int (b, "instances", v->instances);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "thread_list");
  ms_threads_json (b, r);
  json_builder_end_object (b);
}

void
ms_summary_print (const MsReport *r, FILE *stream, gboolean json, guint limit)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (MsTable) threads = NULL;

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_summary (b, r, limit);
      root = json_builder_get_root (b);
      text = ms_json_to_string (root, TRUE);
      fprintf (stream, "%s\n", text);
      return;
    }
  ms_color_init (stream);
  text_header (out, r);
  ms_heading (out, "Threads");
  threads = ms_threads_table (r);
  ms_table_print (threads, out, "  ");
  text_scopes (out, r, limit);
  text_vars (out, r, limit);
  if (r->has_heap)
    {
      text_heap (out, r, limit);
      text_leaks (out, r, limit);
    }
  fputs (out->str, stream);
}

int
ms_cmd_summary (int argc, char **argv)
{
  gboolean json = FALSE;
  int limit = 10;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of text", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows per list (default 10, 0 for all)", "N" },
    { NULL }
  };
  g_autoptr (MsReport) r = NULL;

  ms_parse_options ("summary", "FILE", "Totals, threads, top scopes and variables, heap by context, leaks.",
                    entries, &argc, &argv, 1, 1);
  if (limit < 0)
    ms_usage_error ("summary", "--limit must not be negative");
  r = ms_report_load_or_exit (argv[1]);
  ms_summary_print (r, stdout, json, limit);
  return 0;
}

/* ------------------------------------------------------------------ run */

/* The user's MEMSCOPE_OPTIONS without its output= items, then ours. */
static char *
run_options (const char *output)
{
  const char *user = g_getenv ("MEMSCOPE_OPTIONS");
  g_auto (GStrv) items = g_strsplit (user != NULL ? user : "", ":", -1);
  g_autoptr (GString) s = g_string_new (NULL);
  guint i;

  for (i = 0; items[i] != NULL; i++)
    if (items[i][0] != '\0' && !g_str_has_prefix (items[i], "output="))
      g_string_append_printf (s, "%s:", items[i]);
  g_string_append_printf (s, "output=%s", output);
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
run_child (char **argv, const char *output)
{
  g_autofree char *path = output != NULL ? g_strdup (output)
    : default_output (argv[0], getpid ());
  g_autofree char *options = run_options (path);
  int err;

  g_setenv ("MEMSCOPE_OPTIONS", options, TRUE);
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

static void
run_report (const char *path, int status, const char *prog, gboolean json, guint limit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MsReport) r = NULL;

  if (WIFEXITED (status) && (WEXITSTATUS (status) == 127 || WEXITSTATUS (status) == 126)
      && !g_file_test (path, G_FILE_TEST_EXISTS))
    return;                     /* exec failed: the child said why */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (WIFSIGNALED (status))
        fprintf (stderr, "memscope run: %s: no report (%s was killed by signal %d before writing it)\n",
                 path, prog, WTERMSIG (status));
      else
        fprintf (stderr, "memscope run: %s: no report (is %s built with memscope-gcc?)\n", path, prog);
      return;
    }
  r = ms_report_load (path, &error);
  if (r == NULL)
    {
      fprintf (stderr, "memscope: %s: %s\n", path, error->message);
      return;
    }
  fprintf (stderr, "memscope: report in %s\n", path);
  ms_summary_print (r, stderr, json, limit);
}

int
ms_cmd_run (int argc, char **argv)
{
  char *output = NULL;
  gboolean json = FALSE;
  int limit = 10, status = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Where the report goes (default memscope.PROGRAM.PID.json)", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the summary as JSON", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows per list of the summary (default 10)", "N" },
    { NULL }
  };
  g_autofree char *path = NULL;
  char **prog;
  pid_t pid;

  ms_parse_options ("run", "[--] PROGRAM [ARGS...]",
                    "Runs PROGRAM (built with memscope-gcc) with MEMSCOPE_OPTIONS set to write its report\n"
                    "to FILE, keeping the user's other options, then prints the summary on stderr.\n"
                    "The exit status is the program's; a program killed by a signal kills memscope alike.",
                    entries, &argc, &argv, 1, -1);
  prog = argv + 1;
  if (strcmp (prog[0], "--") == 0)
    prog++;
  if (prog[0] == NULL)
    ms_usage_error ("run", "no program given");
  if (output != NULL && strchr (output, ':') != NULL)
    ms_usage_error ("run", "the report path cannot contain ':' (it separates MEMSCOPE_OPTIONS)");
  if (limit < 0)
    ms_usage_error ("run", "--limit must not be negative");
  /* A stale report must not pass for this run's. */
  if (output != NULL)
    unlink (output);
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      fprintf (stderr, "memscope run: cannot fork: %s\n", g_strerror (errno));
      return MS_EXIT_BAD_INPUT;
    }
  if (pid == 0)
    run_child (prog, output);
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

/* html.c: the self-contained HTML dashboard of `memscope export`.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page (cli/dashboard.html, compiled in as a string) holds all its CSS
 * and JavaScript; this file fills in the data as JSON in a
 * <script type="application/json"> element, so the page needs no network
 * and no server: it can be mailed or attached to a bug.  The data is what
 * the page draws, already derived here (tree links, flame-graph weights,
 * trace spans paired), so the script stays small.
 */
#include "config.h"

#include <string.h>

#include "memscope-cli.h"
#include "cli/dashboard.h"

static void
data_header (JsonBuilder *b, const MsReport *r)
{
  gint64 blocks, leaked = ms_report_total_leak_bytes (r, &blocks);
  gint64 scopes = 0, vars = 0;
  guint i;

  for (i = 0; i < r->threads->len; i++)
    {
      scopes += MS_THREAD (r, i)->scopes_entered;
      vars += MS_THREAD (r, i)->variables_registered;
    }
  ms_json_str (b, "program", r->program);
  ms_json_int (b, "pid", r->pid);
  ms_json_bool (b, "has_heap", r->has_heap);
  ms_json_bool (b, "has_trace", r->traces != NULL);
  ms_json_int (b, "scope_sites", r->scopes->len);
  ms_json_int (b, "variable_sites", r->vars->len);
  ms_json_int (b, "scopes_entered", scopes);
  ms_json_int (b, "variables_registered", vars);
  ms_json_int (b, "leaked_bytes", leaked);
  ms_json_int (b, "leaked_blocks", blocks);
}

static void
data_scopes (JsonBuilder *b, const MsReport *r)
{
  guint i;

  json_builder_set_member_name (b, "scopes");
  json_builder_begin_array (b);
  for (i = 0; i < r->scopes->len; i++)
    {
      g_autofree char *label = ms_scope_label (r, i);
      g_autofree char *loc = ms_scope_location (r, i);

      json_builder_begin_array (b);
      json_builder_add_string_value (b, ms_str (MS_SCOPE (r, i)->name));
      json_builder_add_string_value (b, label);
      json_builder_add_string_value (b, loc);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

/* [id, parent index, scope index, entries, direct, peak, folded,
 *  heap bytes, heap live, heap peak, leaked, stack weight, heap weight] */
static void
data_contexts (JsonBuilder *b, const MsReport *r)
{
  g_autofree gint64 *stack = g_new0 (gint64, r->contexts->len + 1);
  g_autofree gint64 *heap = g_new0 (gint64, r->contexts->len + 1);
  guint i;

  ms_folded_weights (r, FALSE, stack);
  ms_folded_weights (r, TRUE, heap);
  json_builder_set_member_name (b, "contexts");
  json_builder_begin_array (b);
  for (i = 0; i < r->contexts->len; i++)
    {
      const MsContext *c = MS_CONTEXT (r, i);
      gint64 v[] = { c->id, c->parent, c->scope, c->entries, c->direct_bytes, c->peak_memory, c->folded,
                     c->heap_bytes, c->heap_live_bytes, c->heap_peak_bytes, c->leak_bytes, stack[i], heap[i] };
      guint k;

      json_builder_begin_array (b);
      for (k = 0; k < G_N_ELEMENTS (v); k++)
        json_builder_add_int_value (b, v[k]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

static void
data_threads (JsonBuilder *b, const MsReport *r)
{
  guint i;

  json_builder_set_member_name (b, "threads");
  json_builder_begin_array (b);
  for (i = 0; i < r->threads->len; i++)
    {
      const MsThread *t = MS_THREAD (r, i);
      g_autofree char *path = t->peak_context >= 0 ? ms_context_path (r, t->peak_context, " > ") : g_strdup ("-");

      json_builder_begin_object (b);
      ms_json_int (b, "id", t->id);
      ms_json_int (b, "tid", t->tid);
      ms_json_str (b, "name", t->name ? t->name : "-");
      ms_json_int (b, "scopes", t->scopes_entered);
      ms_json_int (b, "variables", t->variables_registered);
      ms_json_int (b, "stack_peak", t->stack_bytes_peak);
      ms_json_str (b, "peak_context", path);
      ms_json_int (b, "heap_allocations", t->heap_allocations);
      ms_json_int (b, "heap_peak", t->heap_peak);
      ms_json_bool (b, "running", t->is_active);
      ms_json_int (b, "start", t->created_at);
      ms_json_int (b, "end", t->ended_at > 0 ? t->ended_at : MAX (r->taken_at, t->created_at));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
data_leaks (JsonBuilder *b, const MsReport *r)
{
  guint i;

  json_builder_set_member_name (b, "leaks");
  json_builder_begin_array (b);
  for (i = 0; i < r->leaks->len; i++)
    {
      const MsLeak *l = MS_LEAK (r, i);
      g_autofree char *var = l->variable >= 0 ? ms_var_label (r, l->variable) : g_strdup ("-");
      g_autofree char *path = l->context >= 0 ? ms_context_path (r, l->context, " > ")
        : g_strdup ("(outside any scope)");

      json_builder_begin_array (b);
      json_builder_add_int_value (b, l->bytes);
      json_builder_add_int_value (b, l->blocks);
      json_builder_add_string_value (b, var);
      json_builder_add_string_value (b, path);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

/* Begin/end pairs as [context index, start ns, end ns, depth], with the
 * same repair of dropped events as the Chrome export. */
static void
data_trace_thread (JsonBuilder *b, const MsReport *r, const MsTrace *tr)
{
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (MsEvent));
  gint64 last = 0;
  guint i;

  json_builder_begin_object (b);
  ms_json_int (b, "thread", tr->thread);
  ms_json_int (b, "dropped", tr->dropped);
  json_builder_set_member_name (b, "spans");
  json_builder_begin_array (b);
  for (i = 0; i <= tr->events->len; i++)
    {
      const MsEvent *ev = i < tr->events->len ? &g_array_index (tr->events, MsEvent, i) : NULL;
      gint k = -1;

      if (ev != NULL && ev->begin)
        {
          g_array_append_val (open, *ev);
          last = MAX (last, ev->t_ns);
          continue;
        }
      if (ev != NULL)
        {
          last = MAX (last, ev->t_ns);
          for (k = (gint) open->len - 1; k >= 0 && g_array_index (open, MsEvent, k).context != ev->context; k--)
            ;
          if (k < 0)
            continue;
        }
      while ((gint) open->len > MAX (k, 0))
        {
          const MsEvent *start = &g_array_index (open, MsEvent, open->len - 1);

          json_builder_begin_array (b);
          json_builder_add_int_value (b, start->context);
          json_builder_add_int_value (b, start->t_ns);
          json_builder_add_int_value (b, last);
          json_builder_add_int_value (b, open->len - 1);
          json_builder_end_array (b);
          g_array_set_size (open, open->len - 1);
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
data_trace (JsonBuilder *b, const MsReport *r)
{
  guint i;

  json_builder_set_member_name (b, "trace");
  if (r->traces == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_array (b);
  for (i = 0; i < r->traces->len; i++)
    data_trace_thread (b, r, &g_array_index (r->traces, MsTrace, i));
  json_builder_end_array (b);
}

/* JSON inside <script>: "</script>" or "<!--" in a name must not end or
 * change the element.  '<' only occurs inside JSON strings, where \u003c
 * means the same. */
static void
append_script_safe (GString *out, const char *json)
{
  for (; *json; json++)
    if (*json == '<')
      g_string_append (out, "\\u003c");
    else
      g_string_append_c (out, *json);
}

static void
append_html_escaped (GString *out, const char *s)
{
  g_autofree char *e = g_markup_escape_text (s, -1);

  g_string_append (out, e);
}

gboolean
ms_export_html (const MsReport *r, GString *out)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *json = NULL;
  const char *page = dashboard_html, *mark;

  json_builder_begin_object (b);
  data_header (b, r);
  data_scopes (b, r);
  data_contexts (b, r);
  data_threads (b, r);
  data_leaks (b, r);
  data_trace (b, r);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = ms_json_to_string (root, FALSE);
  /* The template has @TITLE@ and then @DATA@. */
  while ((mark = strchr (page, '@')) != NULL)
    {
      g_string_append_len (out, page, mark - page);
      if (g_str_has_prefix (mark, "@TITLE@"))
        {
          append_html_escaped (out, ms_str (r->program));
          page = mark + strlen ("@TITLE@");
        }
      else if (g_str_has_prefix (mark, "@DATA@"))
        {
          append_script_safe (out, json);
          page = mark + strlen ("@DATA@");
        }
      else
        {
          g_string_append_c (out, '@');
          page = mark + 1;
        }
    }
  g_string_append (out, page);
  return TRUE;
}

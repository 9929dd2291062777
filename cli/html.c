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

#include "report.h"
#include "output.h"
#include "main.h"
#include "export.h"
#include "html.h"
#include "summary.h"
#include "cli/dashboard.h"

/* The data is written as JSON text directly: a report of 100,000
 * contexts would otherwise be a million JsonBuilder nodes built, printed
 * and freed for nothing. */
static void
member_int (GString *out, const char *member, gint64 value)
{
  g_string_append_printf (out, ",\"%s\":%" G_GINT64_FORMAT, member, value);
}

static void
member_bool (GString *out, const char *member, gboolean value)
{
  g_string_append_printf (out, ",\"%s\":%s", member, value ? "true" : "false");
}

static void
member_str (GString *out, const char *member, const char *value)
{
  g_string_append_printf (out, ",\"%s\":", member);
  if (value != NULL)
    cli_json_append_string (out, value);
  else
    g_string_append (out, "null");
}

static void
data_header (GString *out, const CliReport *r)
{
  gint64 scopes = 0, vars = 0;
  CliLeakTotals t;
  guint i;

  cli_report_leak_totals (r, &t);
  for (i = 0; i < r->threads->len; i++)
    {
      scopes += CLI_THREAD (r, i)->scopes_entered;
      vars += CLI_THREAD (r, i)->variables_registered;
    }
  g_string_append (out, "\"program\":");
  cli_json_append_string (out, cli_str (r->program));
  member_int (out, "pid", r->pid);
  /* A merged report: every input's pid. */
  g_string_append (out, ",\"pids\":[");
  for (i = 0; i < MAX (r->inputs->len, 1); i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            r->inputs->len > 0 ? g_array_index (r->inputs, CliInput, i).pid : r->pid);
  g_string_append_c (out, ']');
  member_bool (out, "has_heap", r->has_heap);
  member_bool (out, "has_trace", r->traces != NULL);
  member_bool (out, "has_sites", r->has_sites);
  member_bool (out, "has_real_stack", cli_report_has_real_stack (r));
  member_int (out, "taken_at", r->taken_at);
  member_int (out, "scope_sites", r->scopes->len);
  member_int (out, "variable_sites", r->vars->len);
  member_int (out, "scopes_entered", scopes);
  member_int (out, "variables_registered", vars);
  member_int (out, "leaked_bytes", t.bytes[CLI_LEAKED]);
  member_int (out, "leaked_blocks", t.blocks[CLI_LEAKED]);
  member_int (out, "reachable_bytes", t.bytes[CLI_REACHABLE]);
  member_int (out, "reachable_blocks", t.blocks[CLI_REACHABLE]);
  member_int (out, "inherited_bytes", t.bytes[CLI_INHERITED]);
  member_int (out, "inherited_blocks", t.blocks[CLI_INHERITED]);
  member_int (out, "suppressed_bytes", t.bytes[CLI_SUPPRESSED]);
  member_int (out, "suppressed_blocks", t.blocks[CLI_SUPPRESSED]);
}

static void
data_scopes (GString *out, const CliReport *r)
{
  guint i;

  g_string_append (out, ",\"scopes\":[");
  for (i = 0; i < r->scopes->len; i++)
    {
      g_autofree char *label = cli_scope_label (r, i);
      g_autofree char *loc = cli_scope_location (r, i);

      g_string_append (out, i > 0 ? ",[" : "[");
      cli_json_append_string (out, cli_str (CLI_SCOPE (r, i)->name));
      g_string_append_c (out, ',');
      cli_json_append_string (out, label);
      g_string_append_c (out, ',');
      cli_json_append_string (out, loc);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]", CLI_SCOPE (r, i)->stack_frame_bytes,
                              CLI_SCOPE (r, i)->stack_frame_static);
    }
  g_string_append_c (out, ']');
}

/* [id, parent index, scope index, entries, direct, peak, folded,
 *  heap bytes, heap live, heap peak, leaked, stack width, heap width,
 *  real stack used, depth at entry, real stack width]: the widths of the
 *  flame graph (cli_flame_widths), inclusive. */
static void
data_contexts (GString *out, const CliReport *r)
{
  g_autofree gint64 *stack = g_new0 (gint64, r->contexts->len + 1);
  g_autofree gint64 *heap = g_new0 (gint64, r->contexts->len + 1);
  g_autofree gint64 *real = g_new0 (gint64, r->contexts->len + 1);
  guint i;

  cli_flame_widths (r, CLI_FLAME_PEAK, stack);
  cli_flame_widths (r, CLI_FLAME_HEAP, heap);
  cli_flame_widths (r, CLI_FLAME_REAL, real);
  g_string_append (out, ",\"contexts\":[");
  for (i = 0; i < r->contexts->len; i++)
    {
      const CliContext *c = CLI_CONTEXT (r, i);
      gint64 v[] = { c->id, c->parent, c->scope, c->entries, c->direct_bytes, c->peak_memory, c->folded,
                     c->heap_bytes, c->heap_live_bytes, c->heap_peak_bytes, c->leak_bytes, stack[i], heap[i],
                     c->stack_used_peak, c->stack_depth, real[i] };
      guint k;

      g_string_append (out, i > 0 ? ",[" : "[");
      for (k = 0; k < G_N_ELEMENTS (v); k++)
        g_string_append_printf (out, k > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, v[k]);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
data_threads (GString *out, const CliReport *r)
{
  guint i;

  g_string_append (out, ",\"threads\":[");
  for (i = 0; i < r->threads->len; i++)
    {
      const CliThread *t = CLI_THREAD (r, i);
      g_autofree char *path = t->peak_context >= 0 ? cli_context_path (r, t->peak_context, " > ") : g_strdup ("-");

      g_string_append_printf (out, "%s{\"id\":%" G_GINT64_FORMAT, i > 0 ? "," : "", t->id);
      member_int (out, "tid", t->tid);
      member_str (out, "name", t->name ? t->name : "-");
      member_int (out, "scopes", t->scopes_entered);
      member_int (out, "variables", t->variables_registered);
      member_int (out, "stack_peak", t->stack_bytes_peak);
      member_str (out, "peak_context", path);
      member_int (out, "heap_allocations", t->total_allocations);
      member_int (out, "heap_peak", t->peak_memory);
      member_bool (out, "running", t->is_active);
      member_int (out, "start", t->created_at);
      member_int (out, "end", t->ended_at > 0 ? t->ended_at : MAX (r->taken_at, t->created_at));
      member_int (out, "stack_size", t->stack_size);
      member_int (out, "stack_used", t->stack_used_peak);
      member_int (out, "stack_off", t->stack_off_entries);
      {
        g_autofree char *deepest = t->stack_used_peak_context >= 0
          ? cli_context_path (r, t->stack_used_peak_context, " > ") : NULL;

        member_str (out, "stack_deepest", deepest);
      }
      member_int (out, "heap_peak_at", t->heap_peak_at);
      g_string_append (out, ",\"series\":[");
      for (guint k = 0; t->heap_series != NULL && k < t->heap_series->len; k++)
        {
          const CliSample *x = &g_array_index (t->heap_series, CliSample, k);

          g_string_append_printf (out, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                                  k > 0 ? "," : "", x->t_ns, x->heap, x->stack);
        }
      g_string_append (out, "],\"peak_contexts\":[");
      {
        gboolean first = TRUE;

        for (guint k = 0; k < r->peaks->len; k++)
          {
            const CliPeak *p = CLI_PEAK (r, k);
            g_autofree char *where = NULL;

            if (p->thread != (gint) i)
              continue;
            where = p->context >= 0 ? cli_context_path (r, p->context, " > ") : g_strdup ("(outside any scope)");
            g_string_append (out, first ? "[" : ",[");
            cli_json_append_string (out, where);
            g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]", p->bytes, p->blocks);
            first = FALSE;
          }
      }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, ']');
}

/* Every variable site: [name, type, size, kind, scope, location,
 * instances, live, heap bytes received, heap bytes owned, tracked]. */
static void
data_variables (GString *out, const CliReport *r)
{
  guint i;

  g_string_append (out, ",\"variables\":[");
  for (i = 0; i < r->vars->len; i++)
    {
      const CliVar *v = CLI_VAR (r, i);
      g_autofree char *scope = v->scope >= 0 ? cli_scope_label (r, v->scope) : g_strdup ("-");
      g_autofree char *loc = v->file ? g_strdup_printf ("%s:%" G_GINT64_FORMAT, v->file, v->line) : g_strdup ("");

      g_string_append (out, i > 0 ? ",[" : "[");
      cli_json_append_string (out, cli_str (v->name));
      g_string_append_c (out, ',');
      cli_json_append_string (out, cli_str (v->type));
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", v->size);
      cli_json_append_string (out, cli_str (v->kind));
      g_string_append_c (out, ',');
      cli_json_append_string (out, scope);
      g_string_append_c (out, ',');
      cli_json_append_string (out, loc);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                              ",%d]", v->instances, v->live, v->heap_bytes, v->heap_owned_bytes, v->tracked ? 1 : 0);
    }
  g_string_append_c (out, ']');
}

/* Allocation sites, most bytes first: [allocator call ("push
 * leaklist.c:18", null when not in instrumented code), context,
 * allocations, bytes, live bytes, leaked bytes]. */
static void
data_sites (GString *out, const CliReport *r)
{
  g_autofree guint *order = g_new (guint, r->sites->len + 1);
  guint i, n = 0;

  g_string_append (out, ",\"sites\":[");
  for (i = 0; i < r->contexts->len; i++)
    for (gint k = CLI_CONTEXT (r, i)->first_site; k >= 0; k = CLI_SITE (r, k)->next_in_context)
      order[n++] = k;
  for (gint k = r->first_outside_site; k >= 0; k = CLI_SITE (r, k)->next_in_context)
    order[n++] = k;
  for (i = 0; i < n; i++)
    {
      const CliSite *s = CLI_SITE (r, order[i]);
      g_autofree char *label = s->file ? cli_site_label (s) : NULL;
      g_autofree char *path = s->context >= 0 ? cli_context_path (r, s->context, " > ") : g_strdup ("(outside any scope)");

      g_string_append (out, i > 0 ? ",[" : "[");
      if (label != NULL)
        cli_json_append_string (out, label);
      else
        g_string_append (out, "null");
      g_string_append_c (out, ',');
      cli_json_append_string (out, path);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                              s->allocations, s->bytes, s->live_bytes, s->leak_bytes);
    }
  g_string_append_c (out, ']');
}

/* Every live block the report lists, leaked ones first, as [bytes,
 * blocks, variable, context, kind, allocator call]: the page shows each
 * kind apart. */
static void
data_leaks (GString *out, const CliReport *r)
{
  g_autoptr (GArray) rows = cli_leak_rows (r, TRUE, 0);
  guint i;

  g_string_append (out, ",\"leaks\":[");
  for (i = 0; i < rows->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, g_array_index (rows, guint, i));
      g_autofree char *var = l->variable >= 0 ? cli_var_label (r, l->variable) : g_strdup ("-");
      g_autofree char *path = l->context >= 0 ? cli_context_path (r, l->context, " > ")
        : g_strdup ("(outside any scope)");

      g_string_append_printf (out, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", i > 0 ? "," : "",
                              l->bytes, l->blocks);
      cli_json_append_string (out, var);
      g_string_append_c (out, ',');
      cli_json_append_string (out, path);
      g_string_append_c (out, ',');
      cli_json_append_string (out, cli_leak_kind_name (l->kind));
      g_string_append_c (out, ',');
      if (l->site_file != NULL)
        {
          g_autofree char *site = g_strdup_printf ("%s %s:%" G_GINT64_FORMAT, cli_str (l->site_function),
                                                   l->site_file, l->site_line);

          cli_json_append_string (out, site);
        }
      else
        g_string_append (out, "null");
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
append_span (GString *out, gboolean *first, const CliEvent *start, gint64 end, guint depth)
{
  g_string_append_printf (out, "%s[%u,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%u]", *first ? "" : ",",
                          start->context, start->t_ns, end, depth);
  *first = FALSE;
}

/* Begin/end pairs as [context index, start ns, end ns, depth], with the
 * same repair of dropped events as the Chrome export. */
static void
data_trace_thread (GString *out, const CliTrace *tr)
{
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (CliEvent));
  gboolean first = TRUE;
  gint64 last = 0;
  guint i;

  g_string_append_printf (out, "{\"thread\":%" G_GINT64_FORMAT ",\"dropped\":%" G_GINT64_FORMAT
                          ",\"spans\":[", tr->thread_id, tr->dropped);
  for (i = 0; i <= tr->events->len; i++)
    {
      const CliEvent *ev = i < tr->events->len ? &g_array_index (tr->events, CliEvent, i) : NULL;
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
          for (k = (gint) open->len - 1; k >= 0 && g_array_index (open, CliEvent, k).context != ev->context; k--)
            ;
          if (k < 0)
            continue;
        }
      while ((gint) open->len > MAX (k, 0))
        {
          append_span (out, &first, &g_array_index (open, CliEvent, open->len - 1), last, open->len - 1);
          g_array_set_size (open, open->len - 1);
        }
    }
  g_string_append (out, "]}");
}

static void
data_trace (GString *out, const CliReport *r)
{
  guint i;

  g_string_append (out, ",\"trace\":");
  if (r->traces == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '[');
  for (i = 0; i < r->traces->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      data_trace_thread (out, &g_array_index (r->traces, CliTrace, i));
    }
  g_string_append_c (out, ']');
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

void
cli_export_html (const CliReport *r, GString *out)
{
  g_autoptr (GString) json = g_string_new ("{");
  const char *page = dashboard_html, *mark;

  data_header (json, r);
  data_scopes (json, r);
  data_contexts (json, r);
  data_threads (json, r);
  data_variables (json, r);
  data_sites (json, r);
  data_leaks (json, r);
  data_trace (json, r);
  g_string_append_c (json, '}');
  /* The template has @TITLE@ and then @DATA@. */
  while ((mark = strchr (page, '@')) != NULL)
    {
      g_string_append_len (out, page, mark - page);
      if (g_str_has_prefix (mark, "@TITLE@"))
        {
          append_html_escaped (out, cli_str (r->program));
          page = mark + strlen ("@TITLE@");
        }
      else if (g_str_has_prefix (mark, "@DATA@"))
        {
          append_script_safe (out, json->str);
          page = mark + strlen ("@DATA@");
        }
      else
        {
          g_string_append_c (out, '@');
          page = mark + 1;
        }
    }
  g_string_append (out, page);
}

/* export.c: `memscope export --format=folded|chrome|html`.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * folded: one line per context, "main;parse;{block@42} 4096", for
 *   flamegraph.pl and speedscope, which draw a frame as wide as the sum of
 *   its lines and its descendants'.  Each line weighs the context's own
 *   part of its width (cli_flame_widths), so every frame comes out as
 *   wide as its inclusive figure: its peak by stack, the real stack it
 *   used from its entry by real, its heap bytes and its descendants' by
 *   heap.
 * chrome: Trace Event JSON for Perfetto and chrome://tracing.  With the
 *   report's optional "trace" member ([{"thread", "events": [[t_ns, "B"|"E",
 *   context], ...], "dropped"}]), scope begin/end per thread and a counter
 *   of the live stack bytes of tracked variables ("stack bytes, thread N",
 *   one track per thread); without it, each
 *   thread's lifetime and its peak counters, and a note saying so.  Times
 *   are microseconds ("ts" in the format) written from integer nanoseconds
 *   as exact decimals ("12.345"), one event a line: a traced run has
 *   millions of events, and a double would print 12.345000000000001.
 * html: a self-contained dashboard (html.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "export.h"
#include "summary.h"
#include "html.h"

/* Flame graph widths: a frame's width is its inclusive figure.  By
 * stack, its peak: the most bytes of tracked variables live at once
 * within one instance of it and everything it called.  Siblings peak at
 * different times, so their peaks may add up to more than their parent's
 * width: then they share it in proportion to their peaks (each is drawn
 * narrower than its peak, never wider).  By heap, the heap bytes
 * allocated in it and below it, which do add up.  Parents come first in
 * the walk, so a frame's width is known before its children's. */
/* A context's own figure for a flame graph.  By real stack: the stack it
 * used from its entry, or for a function that called none (a leaf, 0
 * below its entry) its frame: as measured, else as GCC laid it out; 0
 * for a context without figures (entered only on another stack). */
static gint64
flame_figure (const CliReport *r, CliFlame by, gint c)
{
  const CliContext *x = CLI_CONTEXT (r, c);

  switch (by)
    {
    case CLI_FLAME_HEAP:
      return x->incl_heap_bytes;
    case CLI_FLAME_REAL:
      {
        const CliScope *s = CLI_SCOPE (r, x->scope);
        gint64 frame = s->stack_frame_bytes > 0 ? s->stack_frame_bytes : s->stack_frame_static;

        /* Entered only on another stack: not on the thread's. */
        if (!CLI_HAS (x, contexts, stack_used_peak))
          return 0;
        return MAX (x->stack_used_peak, frame);
      }
    case CLI_FLAME_PEAK:
    default:
      return x->peak_memory;
    }
}

void
cli_flame_widths (const CliReport *r, CliFlame by, gint64 *width)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint));
  gint c, k;

  g_assert (r->linked);
  for (c = r->first_root; c >= 0; c = CLI_CONTEXT (r, c)->next_sibling)
    width[c] = flame_figure (r, by, c);
  cli_push_children (r, stack, r->first_root);
  while (stack->len > 0)
    {
      gint64 sum = 0;

      c = g_array_index (stack, gint, stack->len - 1);
      g_array_set_size (stack, stack->len - 1);
      for (k = CLI_CONTEXT (r, c)->first_child; k >= 0; k = CLI_CONTEXT (r, k)->next_sibling)
        sum += flame_figure (r, by, k);
      for (k = CLI_CONTEXT (r, c)->first_child; k >= 0; k = CLI_CONTEXT (r, k)->next_sibling)
        {
          gint64 v = flame_figure (r, by, k);

          width[k] = sum <= width[c] ? v : (gint64) ((double) v * width[c] / sum);
        }
      cli_push_children (r, stack, CLI_CONTEXT (r, c)->first_child);
    }
}

/* A frame's own part of its width: what its children do not cover. */
static gint64
self_width (const CliReport *r, const gint64 *width, gint c)
{
  gint64 self = width[c];
  gint k;

  for (k = CLI_CONTEXT (r, c)->first_child; k >= 0; k = CLI_CONTEXT (r, k)->next_sibling)
    self -= width[k];
  return self;
}

/* Frame names must not contain the separators of the folded format. */
static void
append_frame (GString *out, const char *name)
{
  for (; *name; name++)
    g_string_append_c (out, *name == ';' ? ',' : *name == '\n' ? ' ' : *name);
}

static void
export_folded (const CliReport *r, CliFlame by, GString *out)
{
  g_autofree gint64 *width = g_new0 (gint64, r->contexts->len + 1);
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint));
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();

  cli_flame_widths (r, by, width);
  cli_push_children (r, stack, r->first_root);
  while (stack->len > 0)
    {
      gint top = g_array_index (stack, gint, stack->len - 1);
      const CliContext *x = CLI_CONTEXT (r, top);
      guint i;

      g_array_set_size (stack, stack->len - 1);
      g_ptr_array_set_size (chain, x->depth);
      g_ptr_array_add (chain, (gpointer) cli_str (CLI_SCOPE (r, x->scope)->name));
      gint64 self = self_width (r, width, top);

      if (self > 0)
        {
          for (i = 0; i < chain->len; i++)
            {
              if (i > 0)
                g_string_append_c (out, ';');
              append_frame (out, chain->pdata[i]);
            }
          g_string_append_printf (out, " %" G_GINT64_FORMAT "\n", self);
        }
      cli_push_children (r, stack, x->first_child);
    }
}

/* ---------------------------------------------------------------- chrome */

typedef struct
{
  const CliReport *r;
  GString *out;
  gint64 t0;
  gboolean first;
} Chrome;

/* Opens an event object: name, ph, ts (when timed), pid, tid.  The
 * caller adds its members and closes it with chrome_end. */
static void
chrome_begin (Chrome *ch, const char *name, const char *ph, gboolean timed, gint64 t_ns, gint64 tid)
{
  GString *out = ch->out;

  g_string_append (out, ch->first ? "\n{\"name\":" : ",\n{\"name\":");
  ch->first = FALSE;
  cli_json_append_string (out, name);
  g_string_append_printf (out, ",\"ph\":\"%s\"", ph);
  if (timed)
    {
      g_string_append (out, ",\"ts\":");
      cli_append_us (out, t_ns - ch->t0);
    }
  g_string_append_printf (out, ",\"pid\":%" G_GINT64_FORMAT ",\"tid\":%" G_GINT64_FORMAT, ch->r->pid, tid);
}

static void
chrome_end (Chrome *ch)
{
  g_string_append_c (ch->out, '}');
}

static void
chrome_str (Chrome *ch, const char *member, const char *value)
{
  g_string_append_printf (ch->out, ",\"%s\":", member);
  if (value != NULL)
    cli_json_append_string (ch->out, value);
  else
    g_string_append (ch->out, "null");
}

static void
chrome_int (Chrome *ch, const char *member, gint64 value)
{
  g_string_append_printf (ch->out, ",\"%s\":%" G_GINT64_FORMAT, member, value);
}

/* Viewers key a counter track on the process and the counter's name
 * (Perfetto and chrome://tracing alike; tid does not count): each
 * thread's counter is named after the thread, so each is a track. */
static void
chrome_counter (Chrome *ch, const char *what, gint64 thread, gint64 t_ns, gint64 tid, gint64 value)
{
  g_autofree char *name = g_strdup_printf ("%s, thread %" G_GINT64_FORMAT, what, thread);

  chrome_begin (ch, name, "C", TRUE, t_ns, tid);
  g_string_append_printf (ch->out, ",\"args\":{\"bytes\":%" G_GINT64_FORMAT "}", value);
  chrome_end (ch);
}

static void
chrome_name (Chrome *ch, const char *what, gint64 tid, const char *name)
{
  chrome_begin (ch, what, "M", FALSE, 0, tid);
  g_string_append (ch->out, ",\"args\":{\"name\":");
  cli_json_append_string (ch->out, name);
  g_string_append_c (ch->out, '}');
  chrome_end (ch);
}

static void
chrome_metadata (Chrome *ch)
{
  guint i;

  chrome_name (ch, "process_name", 0, cli_str (ch->r->program));
  for (i = 0; i < ch->r->threads->len; i++)
    {
      const CliThread *t = CLI_THREAD (ch->r, i);
      g_autofree char *name = g_strdup_printf ("%s (thread %" G_GINT64_FORMAT ")",
                                               t->name ? t->name : "thread", t->id);

      chrome_name (ch, "thread_name", t->tid, name);
    }
}

static void
chrome_scope (Chrome *ch, const CliEvent *ev, gint64 tid)
{
  const CliContext *c = CLI_CONTEXT (ch->r, ev->context);
  const CliScope *s = CLI_SCOPE (ch->r, c->scope);

  chrome_begin (ch, cli_str (s->name), ev->begin ? "B" : "E", TRUE, ev->t_ns, tid);
  chrome_str (ch, "cat", "scope");
  if (ev->begin)
    {
      g_string_append_printf (ch->out, ",\"args\":{\"context\":%" G_GINT64_FORMAT, c->id);
      chrome_str (ch, "file", s->file);
      chrome_int (ch, "line", s->line);
      g_string_append_c (ch->out, '}');
    }
  chrome_end (ch);
}

/* What each begin's instance held itself: the bytes its exit carries
 * (each instance's own, a VLA at its size), else its context's most. */
static gint64 *
instance_bytes (const CliReport *r, const CliTrace *tr)
{
  gint64 *bytes = g_new (gint64, tr->events->len);
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (guint));
  guint i;

  for (i = 0; i < tr->events->len; i++)
    {
      const CliEvent *ev = &g_array_index (tr->events, CliEvent, i);
      gint k;

      bytes[i] = CLI_CONTEXT (r, ev->context)->direct_bytes;
      if (ev->begin)
        {
          g_array_append_val (open, i);
          continue;
        }
      for (k = (gint) open->len - 1;
           k >= 0 && g_array_index (tr->events, CliEvent, g_array_index (open, guint, k)).context != ev->context; k--)
        ;
      if (k < 0)
        continue;
      if (ev->bytes >= 0)
        bytes[g_array_index (open, guint, k)] = ev->bytes;
      g_array_set_size (open, k);
    }
  return bytes;
}

/* One thread's events.  A full buffer drops events, so an end may not
 * match the innermost begin: it closes what it matches, and what is still
 * open at the end is closed at the last timestamp. */
static void
chrome_thread_trace (Chrome *ch, const CliTrace *tr)
{
  gint64 tid = CLI_THREAD (ch->r, tr->thread)->tid;
  g_autoptr (GArray) open = g_array_new (FALSE, FALSE, sizeof (CliEvent));
  g_autofree gint64 *own = instance_bytes (ch->r, tr);
  gint64 live = 0, last = ch->t0;
  guint i;

  for (i = 0; i < tr->events->len; i++)
    {
      const CliEvent *ev = &g_array_index (tr->events, CliEvent, i);
      gint k;

      last = MAX (last, ev->t_ns);
      if (ev->begin)
        {
          CliEvent held = *ev;

          /* The open list keeps each instance's bytes where an exit's go. */
          held.bytes = own[i];
          g_array_append_val (open, held);
          chrome_scope (ch, ev, tid);
          live += own[i];
          chrome_counter (ch, "stack bytes", tr->thread_id, ev->t_ns, tid, live);
          continue;
        }
      for (k = (gint) open->len - 1; k >= 0 && g_array_index (open, CliEvent, k).context != ev->context; k--)
        ;
      if (k < 0)
        continue;               /* its begin was dropped */
      while ((gint) open->len > k)
        {
          CliEvent end = g_array_index (open, CliEvent, open->len - 1);

          end.begin = FALSE;
          end.t_ns = ev->t_ns;
          chrome_scope (ch, &end, tid);
          live -= end.bytes;
          g_array_set_size (open, open->len - 1);
        }
      chrome_counter (ch, "stack bytes", tr->thread_id, ev->t_ns, tid, live);
    }
  while (open->len > 0)
    {
      CliEvent end = g_array_index (open, CliEvent, open->len - 1);

      end.begin = FALSE;
      end.t_ns = last;
      chrome_scope (ch, &end, tid);
      g_array_set_size (open, open->len - 1);
    }
  if (tr->dropped > 0)
    {
      chrome_begin (ch, "events dropped (trace buffer full)", "i", TRUE, last, tid);
      chrome_str (ch, "s", "t");
      g_string_append_printf (ch->out, ",\"args\":{\"dropped\":%" G_GINT64_FORMAT "}", tr->dropped);
      chrome_end (ch);
    }
}

/* Without a trace: each thread's lifetime, and its peaks as counters. */
static void
chrome_thread_lifetime (Chrome *ch, const CliThread *t)
{
  gint64 end = t->ended_at > 0 ? t->ended_at : MAX (ch->r->taken_at, t->created_at);
  g_autofree char *path = t->peak_context >= 0 ? cli_context_path (ch->r, t->peak_context, " > ")
    : g_strdup ("-");

  chrome_begin (ch, t->name ? t->name : "thread", "X", TRUE, t->created_at, t->tid);
  g_string_append (ch->out, ",\"dur\":");
  cli_append_us (ch->out, end - t->created_at);
  chrome_str (ch, "cat", "thread");
  g_string_append_printf (ch->out, ",\"args\":{\"scopes_entered\":%" G_GINT64_FORMAT, t->scopes_entered);
  chrome_int (ch, "variables_registered", t->variables_registered);
  chrome_int (ch, "stack_bytes_peak", t->stack_bytes_peak);
  chrome_str (ch, "peak_context", path);
  g_string_append_c (ch->out, '}');
  chrome_end (ch);
  chrome_counter (ch, "stack bytes peak", t->id, t->created_at, t->tid, 0);
  chrome_counter (ch, "stack bytes peak", t->id, end, t->tid, t->stack_bytes_peak);
  if (ch->r->has_heap || t->peak_memory > 0)
    {
      chrome_counter (ch, "heap bytes peak", t->id, t->created_at, t->tid, 0);
      chrome_counter (ch, "heap bytes peak", t->id, end, t->tid, t->peak_memory);
    }
}

static gint64
chrome_origin (const CliReport *r)
{
  gint64 t0 = G_MAXINT64;
  guint i, k;

  for (i = 0; i < r->threads->len; i++)
    if (CLI_THREAD (r, i)->created_at > 0)
      t0 = MIN (t0, CLI_THREAD (r, i)->created_at);
  for (i = 0; r->traces != NULL && i < r->traces->len; i++)
    {
      GArray *ev = g_array_index (r->traces, CliTrace, i).events;

      for (k = 0; k < ev->len; k++)
        t0 = MIN (t0, g_array_index (ev, CliEvent, k).t_ns);
    }
  return t0 == G_MAXINT64 ? 0 : t0;
}

static void
export_chrome (const CliReport *r, GString *out)
{
  Chrome ch = { r, out, chrome_origin (r), TRUE };
  guint i;

  g_string_append (out, "{\"traceEvents\":[");
  chrome_metadata (&ch);
  if (r->traces != NULL)
    for (i = 0; i < r->traces->len; i++)
      chrome_thread_trace (&ch, &g_array_index (r->traces, CliTrace, i));
  else
    for (i = 0; i < r->threads->len; i++)
      chrome_thread_lifetime (&ch, CLI_THREAD (r, i));
  g_string_append (out, "\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"program\":");
  if (r->program != NULL)
    cli_json_append_string (out, r->program);
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"memscope_timeline\":\"%s\"}}\n",
                          r->traces != NULL ? "trace" : "thread lifetimes only");
}

/* ---------------------------------------------------------------- command */

int
cli_cmd_export (int argc, char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *by = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "folded, chrome or html", "FORMAT" },
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by, "folded: weigh by stack (default), real (stack) or heap bytes", "WHAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to OUT (default: standard output)", "OUT" },
    { NULL }
  };
  g_autoptr (CliReport) r = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  CliFlame weigh = CLI_FLAME_PEAK;

  cli_parse_options ("export", "FILE --format=folded|chrome|html [-o OUT]",
                    "folded: stacks for flamegraph.pl and speedscope (--by=stack, real or heap).  A\n"
                    "        frame is as wide as its peak stack bytes of tracked variables (inclusive;\n"
                    "        siblings whose peaks, reached at different times, add up to more share its\n"
                    "        width); by real, as the real stack it used from its entry; by heap, as the\n"
                    "        heap bytes allocated in it and below.\n"
                    "chrome: Trace Event JSON for Perfetto (ui.perfetto.dev) and chrome://tracing.\n"
                    "html:   a self-contained dashboard: summary, context tree, flame graph, threads,\n"
                    "        leaks, and a timeline when the report holds a trace.",
                    entries, &argc, &argv, 1, 1);
  if (format == NULL)
    cli_usage_error ("export", "no --format given (folded, chrome or html)");
  if (strcmp (format, "folded") != 0 && strcmp (format, "chrome") != 0 && strcmp (format, "html") != 0)
    cli_usage_error ("export", "--format=%s: expected folded, chrome or html", format);
  if (by == NULL || strcmp (by, "stack") == 0)
    weigh = CLI_FLAME_PEAK;
  else if (strcmp (by, "real") == 0)
    weigh = CLI_FLAME_REAL;
  else if (strcmp (by, "heap") == 0)
    weigh = CLI_FLAME_HEAP;
  else
    cli_usage_error ("export", "--by=%s: expected stack, real or heap", by);
  r = cli_report_load_or_exit (argv[1]);
  cli_report_link_tree (r);
  if (strcmp (format, "folded") == 0)
    {
      if (weigh == CLI_FLAME_REAL && !cli_report_has_real_stack (r))
        fprintf (stderr, "memscope export: %s has no real stack figures (a runtime older than 0.2.0 wrote it)\n",
                 argv[1]);
      export_folded (r, weigh, out);
    }
  else if (strcmp (format, "chrome") == 0)
    {
      if (r->traces == NULL)
        fprintf (stderr, "memscope export: %s has no trace (MEMSCOPE_OPTIONS=trace=1 records one); "
                 "the timeline shows thread lifetimes and peaks only\n", argv[1]);
      export_chrome (r, out);
    }
  else
    cli_export_html (r, out);
  return cli_write_file ("export", output, out->str, out->len) ? 0 : 1;
}

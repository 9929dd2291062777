/* merge.c: `memscope merge`: one report from several.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records are matched as diff matches them (diff.c): a scope by its
 * function, name and file, a variable by its scope and name, a context
 * by its parent and its scope, a leak group by its context, variable,
 * allocator call and kind, an allocation site by its context and call;
 * threads are all kept.  Every member is combined as
 * runtime/report-fields.def says, and the merged report is written from
 * the same table, member by member: nothing an input has is lost.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "diff.h"
#include "merge.h"

/* A merged record is the first input's copy, then each member combined
 * with the other inputs' as report-fields.def says (SUM, MAX, OR, UNION;
 * KEY and FIRST members keep the first value).  References are mapped to
 * the merged records; ids are the merged lists' order, 1..n, which for
 * one input is its own order: merging one report gives that report. */
typedef struct
{
  CliReport *out;
  Matcher match;
  GHashTable *leaks;            /* context, variable, kind and site -> index + 1 */
  GHashTable *sites;            /* context and site -> index + 1 */
  GPtrArray *owned;             /* the merged id lists */
} Merge;

/* Index in R's list REC of the record with id ID, -1 for none. */
static gint
index_of_id (const CliReport *r, CliRecord rec, gint64 id)
{
  GArray *a = cli_report_array (r, rec);
  gsize size = cli_records[rec].size;
  guint i;

  /* Ids are usually 1..n in order. */
  if (id > 0 && id <= a->len && *(gint64 *) (a->data + (id - 1) * size) == id)
    return id - 1;
  for (i = 0; i < a->len; i++)
    if (*(gint64 *) (a->data + i * size) == id)
      return i;
  return -1;
}

/* MAPS[rec][i]: the merged index of the input's record i of list REC. */
typedef guint *Maps[CLI_N_RECORDS];

/* Combines SRC, a record of R, into DST (FRESH: DST is new). */
static void
merge_record (Merge *m, CliRecord rec, guint8 *dst, const guint8 *src, gboolean fresh, const CliReport *r,
              Maps maps, guint64 *dst_present, guint64 src_present)
{
  const CliRecordInfo *info = &cli_records[rec];
  guint k;

  for (k = 0; k < info->n_fields; k++)
    {
      const CliField *fd = &info->fields[k];
      gboolean had = !fresh && (*dst_present >> k & 1);

      if (!(src_present >> k & 1))
        continue;
      switch (fd->type)
        {
        case CLI_T_UINT:
        case CLI_T_ID:
          {
            gint64 *d = &G_STRUCT_MEMBER (gint64, dst, fd->offset), v = G_STRUCT_MEMBER (gint64, src, fd->offset);

            if (!had || fd->merge == CLI_MERGE_RENUMBER)
              {
                if (fd->merge != CLI_MERGE_RENUMBER)
                  *d = v;
              }
            else if (fd->merge == CLI_MERGE_SUM)
              *d += v;
            else if (fd->merge == CLI_MERGE_MAX)
              *d = MAX (*d, v);
            break;
          }
        case CLI_T_BOOL:
          if (!had)
            G_STRUCT_MEMBER (gboolean, dst, fd->offset) = G_STRUCT_MEMBER (gboolean, src, fd->offset);
          else if (fd->merge == CLI_MERGE_OR)
            G_STRUCT_MEMBER (gboolean, dst, fd->offset) |= G_STRUCT_MEMBER (gboolean, src, fd->offset);
          break;
        case CLI_T_STR:
        case CLI_T_ADDR:
          if (!had)
            G_STRUCT_MEMBER (const char *, dst, fd->offset) = G_STRUCT_MEMBER (const char *, src, fd->offset);
          break;
        case CLI_T_REF:
          if (!had)
            {
              gint i = G_STRUCT_MEMBER (gint, src, fd->aux);

              G_STRUCT_MEMBER (gint, dst, fd->aux) = i >= 0 ? (gint) maps[fd->target][i] : -1;
            }
          break;
        case CLI_T_IDS:
          {
            gint64 *ids = G_STRUCT_MEMBER (gint64 *, src, fd->offset);
            guint n = G_STRUCT_MEMBER (guint, src, fd->aux), i, j;
            gint64 **d = &G_STRUCT_MEMBER (gint64 *, dst, fd->offset);
            guint *dn = &G_STRUCT_MEMBER (guint, dst, fd->aux);
            gint64 *merged;

            if (!had)
              {
                *d = NULL;
                *dn = 0;
              }
            merged = g_new (gint64, *dn + n + 1);
            if (*dn > 0)
              memcpy (merged, *d, *dn * sizeof (gint64));
            for (i = 0; i < n; i++)
              {
                gint at = index_of_id (r, fd->target, ids[i]);
                gint64 id = at >= 0 ? (gint64) maps[fd->target][at] + 1 : 0;

                for (j = 0; j < *dn && merged[j] != id; j++)
                  ;
                if (id > 0 && j == *dn)
                  merged[(*dn)++] = id;
              }
            *d = merged;
            g_ptr_array_add (m->owned, merged);
            break;
          }
        case CLI_T_SERIES:
          {
            GArray *samples = G_STRUCT_MEMBER (GArray *, src, fd->offset);

            G_STRUCT_MEMBER (GArray *, dst, fd->offset) = samples ? g_array_copy (samples) : NULL;
            break;
          }
        case CLI_T_EVENTS:
          {
            GArray *ev = G_STRUCT_MEMBER (GArray *, src, fd->offset), *copy;
            guint e;

            copy = g_array_sized_new (FALSE, FALSE, sizeof (CliEvent), ev->len);
            for (e = 0; e < ev->len; e++)
              {
                CliEvent x = g_array_index (ev, CliEvent, e);

                x.context = maps[CLI_REC_contexts][x.context];
                g_array_append_val (copy, x);
              }
            G_STRUCT_MEMBER (GArray *, dst, fd->offset) = copy;
            break;
          }
        default:
          break;
        }
    }
  *dst_present |= src_present;
}

/* Appends a record to the merged list REC, or finds the one numbered K. */
static guint8 *
merged_slot (Merge *m, CliRecord rec, guint k, gboolean fresh)
{
  GArray *a = cli_report_array (m->out, rec);
  gsize size = cli_records[rec].size;

  if (k >= a->len)
    g_array_set_size (a, k + 1);
  return (guint8 *) a->data + k * size;
}

/* Record I of R's list REC merged as the merged record K. */
static void
merge_into (Merge *m, CliRecord rec, const CliReport *r, guint i, guint k, gboolean fresh, Maps maps)
{
  guint8 *src = (guint8 *) cli_report_array (r, rec)->data + i * cli_records[rec].size;
  guint8 *dst = merged_slot (m, rec, k, fresh);

  guint f;

  if (fresh)
    {
      memcpy (dst, src, cli_records[rec].size);
      /* Ids are the merged list's order. */
      for (f = 0; f < cli_records[rec].n_fields; f++)
        if (cli_records[rec].fields[f].merge == CLI_MERGE_RENUMBER)
          G_STRUCT_MEMBER (gint64, dst, cli_records[rec].fields[f].offset) = k + 1;
    }
  maps[rec][i] = k;
  merge_record (m, rec, dst, src, fresh, r, maps, CLI_PRESENT (rec, dst), *CLI_PRESENT (rec, src));
}

static void
merge_one (Merge *m, const CliReport *r)
{
  CliReport *out = m->out;
  Maps maps = { NULL };
  guint *scope_num, *ctx_num, i, rec;
  gboolean fresh;
  CliInput in = { 0 };

  for (rec = 0; rec < CLI_N_RECORDS; rec++)
    if (cli_report_array (r, rec) != NULL)
      maps[rec] = g_new0 (guint, cli_report_array (r, rec)->len + 1);
  /* Threads are all kept, in order.  References are mapped once every
   * list has its map: a first pass numbers, a second combines. */
  scope_num = g_new (guint, r->scopes->len + 1);
  for (i = 0; i < r->threads->len; i++)
    maps[CLI_REC_threads][i] = out->threads->len + i;
  for (i = 0; i < r->scopes->len; i++)
    maps[CLI_REC_scopes][i] = scope_num[i] = cli_scope_number (&m->match, r, i, &fresh);
  for (i = 0; i < r->vars->len; i++)
    {
      gint s = CLI_VAR (r, i)->scope;

      maps[CLI_REC_variables][i] = cli_var_number (&m->match, r, i, s >= 0 ? scope_num[s] : 0, &fresh);
    }
  ctx_num = cli_number_contexts (&m->match, r, scope_num);
  memcpy (maps[CLI_REC_contexts], ctx_num, r->contexts->len * sizeof (guint));

  for (i = 0; i < r->threads->len; i++)
    merge_into (m, CLI_REC_threads, r, i, out->threads->len, TRUE, maps);
  for (i = 0; i < r->scopes->len; i++)
    merge_into (m, CLI_REC_scopes, r, i, maps[CLI_REC_scopes][i], maps[CLI_REC_scopes][i] == out->scopes->len, maps);
  for (i = 0; i < r->vars->len; i++)
    merge_into (m, CLI_REC_variables, r, i, maps[CLI_REC_variables][i],
                maps[CLI_REC_variables][i] == out->vars->len, maps);
  /* A context may be numbered before one listed earlier (met through a
   * child listed first): its slot is made then, and filled here. */
  for (i = 0; i < r->contexts->len; i++)
    {
      guint k = maps[CLI_REC_contexts][i];

      merge_into (m, CLI_REC_contexts, r, i, k, k >= out->contexts->len
                  || CLI_CONTEXT (out, k)->present == 0, maps);
    }
  for (i = 0; i < r->leaks->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, i);
      gint c = l->context >= 0 ? (gint) maps[CLI_REC_contexts][l->context] : -1;
      gint v = l->variable >= 0 ? (gint) maps[CLI_REC_variables][l->variable] : -1;
      /* Leaked, reachable and inherited blocks stay apart. */
      guint k = cli_string_number (m->leaks, g_strdup_printf ("%d:%d:%d:%s\037%" G_GINT64_FORMAT "\037%s", c, v,
                                                             l->kind, cli_str (l->site_file), l->site_line,
                                                             cli_str (l->site_function)), &fresh);

      merge_into (m, CLI_REC_leaks, r, i, k, fresh, maps);
    }
  for (i = 0; i < r->sites->len; i++)
    {
      const CliSite *x = CLI_SITE (r, i);
      gint c = x->context >= 0 ? (gint) maps[CLI_REC_contexts][x->context] : -1;
      guint k = cli_string_number (m->sites, g_strdup_printf ("%d:%s\037%" G_GINT64_FORMAT "\037%s", c,
                                                             cli_str (x->file), x->line, cli_str (x->function)),
                                   &fresh);

      merge_into (m, CLI_REC_sites, r, i, k, fresh, maps);
    }
  /* Each thread's peak is its own: kept, as the threads are. */
  for (i = 0; i < r->peaks->len; i++)
    merge_into (m, CLI_REC_heap_peaks, r, i, out->peaks->len, TRUE, maps);
  if (r->traces != NULL)
    {
      if (out->traces == NULL)
        out->traces = g_array_new (FALSE, TRUE, sizeof (CliTrace));
      for (i = 0; i < r->traces->len; i++)
        merge_into (m, CLI_REC_trace, r, i, out->traces->len, TRUE, maps);
    }
  if (CLI_HAS (r, header, crash) && !CLI_HAS (out, header, crash))
    {
      out->crash = r->crash;
      out->crash.thread = r->crash.thread >= 0 ? (gint) maps[CLI_REC_threads][r->crash.thread] : -1;
    }
  if (CLI_HAS (r, header, heap))
    merge_record (m, CLI_REC_heap, (guint8 *) &out->heap, (const guint8 *) &r->heap,
                  !CLI_HAS (out, header, heap), r, maps, &out->heap.present, r->heap.present);
  in.file = r->path;
  in.program = r->program;
  in.pid = r->pid;
  in.present = 1u << CLI_F_merged_from_file | 1u << CLI_F_merged_from_program | 1u << CLI_F_merged_from_pid;
  g_array_append_val (out->inputs, in);
  out->present |= r->present | (G_GUINT64_CONSTANT (1) << CLI_F_header_merged_from);
  out->taken_at = MAX (out->taken_at, r->taken_at);
  for (rec = 0; rec < CLI_N_RECORDS; rec++)
    g_free (maps[rec]);
  g_free (scope_num);
  g_free (ctx_num);
}

/* ------------------------------------------------------ writing a report */

static void
write_record (GString *out, const CliReport *r, CliRecord rec, const guint8 *p);

/* The id of record I of R's list REC. */
static gint64
id_at (const CliReport *r, CliRecord rec, gint i)
{
  return *(gint64 *) (cli_report_array (r, rec)->data + i * cli_records[rec].size);
}

static void
write_list (GString *out, const CliReport *r, CliRecord rec)
{
  GArray *a = cli_report_array (r, rec);
  guint i;

  g_string_append_c (out, '[');
  for (i = 0; i < a->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_record (out, r, rec, (const guint8 *) a->data + i * cli_records[rec].size);
    }
  g_string_append_c (out, ']');
}

/* The record at P (for the header: R itself), its members in the
 * table's order, those it has. */
static void
write_record (GString *out, const CliReport *r, CliRecord rec, const guint8 *p)
{
  const CliRecordInfo *info = &cli_records[rec];
  guint64 present = *CLI_PRESENT (rec, p);
  gboolean first = TRUE;
  guint k;

  g_string_append_c (out, '{');
  for (k = 0; k < info->n_fields; k++)
    {
      const CliField *fd = &info->fields[k];

      if (!(present >> k & 1) && fd->presence == CLI_OPT)
        continue;
      if (fd->type == CLI_T_ARRAY && fd->target == CLI_REC_trace && r->traces == NULL)
        continue;
      g_string_append_printf (out, "%s\"%s\":", first ? "" : ",", fd->name);
      first = FALSE;
      switch (fd->type)
        {
        case CLI_T_UINT:
        case CLI_T_ID:
        case CLI_T_VERSION:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, G_STRUCT_MEMBER (gint64, p, fd->offset));
          break;
        case CLI_T_MAGIC:
          g_string_append (out, "\"memscope\"");
          break;
        case CLI_T_REF:
          {
            gint i = G_STRUCT_MEMBER (gint, p, fd->aux);

            if (i >= 0)
              g_string_append_printf (out, "%" G_GINT64_FORMAT, id_at (r, fd->target, i));
            else
              g_string_append (out, "null");
            break;
          }
        case CLI_T_IDS:
          {
            const gint64 *ids = G_STRUCT_MEMBER (gint64 *, p, fd->offset);
            guint n = G_STRUCT_MEMBER (guint, p, fd->aux), i;

            g_string_append_c (out, '[');
            for (i = 0; i < n; i++)
              g_string_append_printf (out, i > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, ids[i]);
            g_string_append_c (out, ']');
            break;
          }
        case CLI_T_STR:
        case CLI_T_ADDR:
          {
            const char *s = G_STRUCT_MEMBER (const char *, p, fd->offset);

            if (s != NULL)
              cli_json_append_string (out, s);
            else
              g_string_append (out, "null");
            break;
          }
        case CLI_T_BOOL:
          g_string_append (out, G_STRUCT_MEMBER (gboolean, p, fd->offset) ? "true" : "false");
          break;
        case CLI_T_SERIES:
          {
            GArray *samples = G_STRUCT_MEMBER (GArray *, p, fd->offset);
            guint e;

            g_string_append_c (out, '[');
            for (e = 0; samples != NULL && e < samples->len; e++)
              {
                const CliSample *x = &g_array_index (samples, CliSample, e);

                g_string_append_printf (out, "%s[%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "]",
                                        e > 0 ? "," : "", x->t_ns, x->heap, x->stack);
              }
            g_string_append_c (out, ']');
            break;
          }
        case CLI_T_EVENTS:
          {
            GArray *ev = G_STRUCT_MEMBER (GArray *, p, fd->offset);
            guint e;

            g_string_append_c (out, '[');
            for (e = 0; ev != NULL && e < ev->len; e++)
              {
                const CliEvent *x = &g_array_index (ev, CliEvent, e);

                g_string_append_printf (out, "%s[%" G_GINT64_FORMAT ",\"%s\",%" G_GINT64_FORMAT, e > 0 ? "," : "",
                                        x->t_ns, x->begin ? "B" : "E", id_at (r, CLI_REC_contexts, x->context));
                if (x->bytes >= 0)
                  g_string_append_printf (out, ",%" G_GINT64_FORMAT, x->bytes);
                g_string_append_c (out, ']');
              }
            g_string_append_c (out, ']');
            break;
          }
        case CLI_T_OBJECT:
          write_record (out, r, fd->target, fd->target == CLI_REC_crash ? (const guint8 *) &r->crash
                        : (const guint8 *) &r->heap);
          break;
        case CLI_T_ARRAY:
          write_list (out, r, fd->target);
          break;
        }
    }
  g_string_append_c (out, '}');
}

static const char *
merged_program (CliReport *out, GPtrArray *inputs)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  guint i, k;

  for (i = 0; i < inputs->len; i++)
    {
      const char *p = cli_str (((CliReport *) inputs->pdata[i])->program);

      for (k = 0; k < names->len && strcmp (names->pdata[k], p) != 0; k++)
        ;
      if (k == names->len)
        g_ptr_array_add (names, (gpointer) p);
    }
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv ("+", (char **) names->pdata);
  return cli_report_intern (out, joined);
}

int
cli_cmd_merge (int argc, char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the merged report to OUT (- for stdout)", "OUT" },
    { NULL }
  };
  g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_report_free);
  g_autoptr (CliReport) out = cli_report_new (NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  Merge m = { .out = out };
  guint i;

  cli_parse_options ("merge", "FILE... -o OUT",
                     "One report from several (forked children, repeated runs, several processes):\n"
                     "scopes, variables and contexts that are the same code are merged (entries and\n"
                     "instances summed, peaks maximised); threads are all kept, renumbered.",
                     entries, &argc, &argv, 1, -1);
  if (output == NULL)
    cli_usage_error ("merge", "no output given (-o OUT)");
  for (i = 1; i < (guint) argc; i++)
    g_ptr_array_add (inputs, cli_report_load_or_exit (argv[i]));
  cli_matcher_init (&m.match);
  m.leaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.sites = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.owned = g_ptr_array_new_with_free_func (g_free);
  out->program = merged_program (out, inputs);
  out->pid = ((CliReport *) inputs->pdata[0])->pid;
  for (i = 0; i < inputs->len; i++)
    merge_one (&m, inputs->pdata[i]);
  write_record (text, out, CLI_REC_header, (const guint8 *) out);
  g_string_append_c (text, '\n');
  if (!cli_write_file ("merge", output, text->str, text->len))
    return 1;
  cli_matcher_clear (&m.match);
  g_hash_table_destroy (m.leaks);
  g_hash_table_destroy (m.sites);
  g_ptr_array_unref (m.owned);
  return 0;
}

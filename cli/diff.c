/* diff.c: `memscope diff` and `memscope merge`.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two reports never share ids, so records are matched by what they are:
 * a scope by its function, name and file (not its line, which moves when
 * code above it is edited), a variable by its scope and name, a context by
 * its parent context and its scope.  Each distinct thing gets a number,
 * shared by the reports compared or merged; a context's key is the pair
 * (its parent's number, its scope's number), so matching is linear in
 * the number of contexts however deep the tree.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memscope-cli.h"

static char *
scope_key (const MsReport *r, gint s)
{
  const MsScope *sc;

  if (s < 0)
    return g_strdup ("");
  sc = MS_SCOPE (r, s);
  return g_strdup_printf ("%s\037%s\037%s", ms_str (sc->function), ms_str (sc->name), ms_str (sc->file));
}

/* Numbers for strings, first come first numbered. */
static guint
string_number (GHashTable *table, char *key, gboolean *fresh)
{
  gpointer v = g_hash_table_lookup (table, key);
  guint n = g_hash_table_size (table);

  *fresh = v == NULL;
  if (v != NULL)
    {
      g_free (key);
      return GPOINTER_TO_UINT (v) - 1;
    }
  g_hash_table_insert (table, key, GUINT_TO_POINTER (n + 1));
  return n;
}

/* Numbers for pairs of numbers, first come first numbered.  The keys live
 * in blocks that never move, as GHashTable keeps pointers to them. */
#define PAIR_BLOCK 4096

typedef struct
{
  GHashTable *table;            /* guint64 key -> number + 1 */
  GPtrArray *blocks;
  guint used;                   /* keys used in the last block */
} PairMap;

/* g_int64_hash folds the halves with XOR, so (a, b) and (b, a), and many
 * nearby pairs, would share buckets: mix by multiplying instead. */
static guint
pair_hash (gconstpointer key)
{
  return (guint) ((*(const guint64 *) key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32);
}

static void
pair_map_init (PairMap *m)
{
  m->table = g_hash_table_new (pair_hash, g_int64_equal);
  m->blocks = g_ptr_array_new_with_free_func (g_free);
  m->used = PAIR_BLOCK;
}

static void
pair_map_clear (PairMap *m)
{
  g_hash_table_destroy (m->table);
  g_ptr_array_unref (m->blocks);
}

static guint
pair_number (PairMap *m, guint a, guint b, gboolean *fresh)
{
  guint64 key = (guint64) a << 32 | b, *slot;
  gpointer v = g_hash_table_lookup (m->table, &key);
  guint n = g_hash_table_size (m->table);

  *fresh = v == NULL;
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  if (m->used == PAIR_BLOCK)
    {
      g_ptr_array_add (m->blocks, g_new (guint64, PAIR_BLOCK));
      m->used = 0;
    }
  slot = (guint64 *) g_ptr_array_index (m->blocks, m->blocks->len - 1) + m->used++;
  *slot = key;
  g_hash_table_insert (m->table, slot, GUINT_TO_POINTER (n + 1));
  return n;
}

/* The numbering shared by the reports of one diff or merge. */
typedef struct
{
  GHashTable *scopes;           /* scope key -> number + 1 */
  GHashTable *vars;             /* scope number and name -> number + 1 */
  PairMap contexts;             /* (parent number + 1 or 0, scope number) */
} Matcher;

static void
matcher_init (Matcher *m)
{
  m->scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pair_map_init (&m->contexts);
}

static void
matcher_clear (Matcher *m)
{
  g_hash_table_destroy (m->scopes);
  g_hash_table_destroy (m->vars);
  pair_map_clear (&m->contexts);
}

static guint
scope_number (Matcher *m, const MsReport *r, guint i, gboolean *fresh)
{
  return string_number (m->scopes, scope_key (r, i), fresh);
}

static guint
var_number (Matcher *m, const MsReport *r, guint i, guint scope_num, gboolean *fresh)
{
  const MsVar *v = MS_VAR (r, i);

  return string_number (m->vars, g_strdup_printf ("%d\036%s", v->scope >= 0 ? (gint) scope_num : -1,
                                                  ms_str (v->name)), fresh);
}

static guint
context_number (Matcher *m, gint parent_num, guint scope_num, gboolean *fresh)
{
  return pair_number (&m->contexts, parent_num + 1, scope_num, fresh);
}

/* ----------------------------------------------------------------- diff */

#define N_METRICS 4

enum
{
  SCOPES,
  CONTEXTS,
  VARIABLES,
  N_KINDS
};

/* A report's numbers, per kind and index. */
typedef struct
{
  guint *num[N_KINDS];
} Numbers;

typedef struct
{
  char *label;                  /* made for changed rows only */
  char *location;
  const MsReport *first;        /* where the label comes from */
  guint first_index;
  gint old_index;               /* -1 when absent */
  gint new_index;
  gint64 old_v[N_METRICS];
  gint64 new_v[N_METRICS];
} DiffRow;

typedef struct
{
  const char *title;
  const char *column;
  const char *member;
  guint n_metrics;
  const char *metric[N_METRICS];
  guint (*count) (const MsReport *r);
  char *(*label) (const MsReport *r, guint i);
  char *(*location) (const MsReport *r, guint i);
  void (*values) (const MsReport *r, guint i, gint64 *v);
} DiffKind;

static void
diff_row_free (gpointer p)
{
  DiffRow *row = p;

  if (row == NULL)
    return;
  g_free (row->label);
  g_free (row->location);
  g_free (row);
}

static guint
n_scopes (const MsReport *r)
{
  return r->scopes->len;
}

static guint
n_contexts (const MsReport *r)
{
  return r->contexts->len;
}

static guint
n_vars (const MsReport *r)
{
  return r->vars->len;
}

static char *
scope_location_at (const MsReport *r, guint i)
{
  return ms_scope_location (r, i);
}

static char *
context_label (const MsReport *r, guint i)
{
  return ms_context_path (r, i, " > ");
}

static char *
context_location (const MsReport *r, guint i)
{
  return ms_scope_location (r, MS_CONTEXT (r, i)->scope);
}

static char *
var_label_at (const MsReport *r, guint i)
{
  const MsVar *v = MS_VAR (r, i);
  g_autofree char *label = ms_var_label (r, i);
  g_autofree char *scope = v->scope >= 0 ? ms_scope_label (r, v->scope) : g_strdup ("-");

  return g_strdup_printf ("%s in %s", label, scope);
}

static char *
var_location (const MsReport *r, guint i)
{
  const MsVar *v = MS_VAR (r, i);

  return v->file ? g_strdup_printf ("%s:%" G_GINT64_FORMAT, v->file, v->line) : g_strdup ("");
}

static void
scope_values (const MsReport *r, guint i, gint64 *v)
{
  v[0] = MS_SCOPE (r, i)->peak_memory;
  v[1] = MS_SCOPE (r, i)->entries;
}

static void
context_values (const MsReport *r, guint i, gint64 *v)
{
  const MsContext *c = MS_CONTEXT (r, i);

  v[0] = c->peak_memory;
  v[1] = c->entries;
  v[2] = c->heap_bytes;
  v[3] = c->heap_live_bytes;
}

static void
var_values (const MsReport *r, guint i, gint64 *v)
{
  v[0] = MS_VAR (r, i)->size;
  v[1] = MS_VAR (r, i)->instances;
}

static const DiffKind diff_kinds[N_KINDS] = {
  [SCOPES] = { "Scopes", "scope", "scopes", 2, { "peak_memory", "entries" }, n_scopes, ms_scope_label,
               scope_location_at, scope_values },
  [CONTEXTS] = { "Contexts", "context", "contexts", 4, { "peak_memory", "entries", "heap_bytes", "heap_live_bytes" },
                 n_contexts, context_label, context_location, context_values },
  [VARIABLES] = { "Variables", "variable", "variables", 2, { "size", "instances" }, n_vars, var_label_at,
                  var_location, var_values },
};

/* Context numbers, parents first: each context waits for its parent's
 * number, found by walking up to the nearest numbered ancestor. */
static guint *
number_contexts (Matcher *m, const MsReport *r, const guint *scope_num)
{
  guint n = r->contexts->len, i;
  guint *num = g_new (guint, n + 1);
  g_autofree gboolean *done = g_new0 (gboolean, n + 1);
  g_autoptr (GArray) chain = g_array_new (FALSE, FALSE, sizeof (gint));

  for (i = 0; i < n; i++)
    {
      gint c = i;
      gboolean fresh;

      g_array_set_size (chain, 0);
      for (; c >= 0 && !done[c]; c = MS_CONTEXT (r, c)->parent)
        g_array_append_val (chain, c);
      while (chain->len > 0)
        {
          gint k = g_array_index (chain, gint, chain->len - 1);
          gint parent = MS_CONTEXT (r, k)->parent;

          g_array_set_size (chain, chain->len - 1);
          num[k] = context_number (m, parent >= 0 ? (gint) num[parent] : -1,
                                   scope_num[MS_CONTEXT (r, k)->scope], &fresh);
          done[k] = TRUE;
        }
    }
  return num;
}

static void
number_report (Matcher *m, const MsReport *r, Numbers *nums)
{
  guint i;
  gboolean fresh;

  nums->num[SCOPES] = g_new (guint, r->scopes->len + 1);
  for (i = 0; i < r->scopes->len; i++)
    nums->num[SCOPES][i] = scope_number (m, r, i, &fresh);
  nums->num[VARIABLES] = g_new (guint, r->vars->len + 1);
  for (i = 0; i < r->vars->len; i++)
    {
      gint s = MS_VAR (r, i)->scope;

      nums->num[VARIABLES][i] = var_number (m, r, i, s >= 0 ? nums->num[SCOPES][s] : 0, &fresh);
    }
  nums->num[CONTEXTS] = number_contexts (m, r, nums->num[SCOPES]);
}

static void
numbers_clear (Numbers *nums)
{
  guint k;

  for (k = 0; k < N_KINDS; k++)
    g_free (nums->num[k]);
}

/* ROWS is indexed by number: a row per thing in either report. */
static void
diff_collect (const DiffKind *k, const MsReport *r, const guint *num, gboolean is_new, GPtrArray *rows)
{
  guint i, n = k->count (r);

  for (i = 0; i < n; i++)
    {
      DiffRow *row;

      if (num[i] >= rows->len)
        g_ptr_array_set_size (rows, num[i] + 1);
      row = g_ptr_array_index (rows, num[i]);
      if (row == NULL)
        {
          row = g_new0 (DiffRow, 1);
          row->old_index = row->new_index = -1;
          row->first = r;
          row->first_index = i;
          g_ptr_array_index (rows, num[i]) = row;
        }
      /* Two sites with one key (a report merged oddly): counted once. */
      if (is_new && row->new_index < 0)
        {
          row->new_index = i;
          k->values (r, i, row->new_v);
        }
      else if (!is_new && row->old_index < 0)
        {
          row->old_index = i;
          k->values (r, i, row->old_v);
        }
    }
}

static gboolean
row_changed (const DiffRow *row, guint n)
{
  if ((row->old_index < 0) != (row->new_index < 0))
    return TRUE;
  return memcmp (row->old_v, row->new_v, n * sizeof (gint64)) != 0;
}

static gint64
row_delta (const DiffRow *row)
{
  return row->new_v[0] - row->old_v[0];
}

static int
row_cmp (gconstpointer a, gconstpointer b)
{
  const DiffRow *x = *(DiffRow *const *) a, *y = *(DiffRow *const *) b;
  gint64 dx = ABS (row_delta (x)), dy = ABS (row_delta (y));

  if (dx != dy)
    return dx > dy ? -1 : 1;
  return g_strcmp0 (x->label, y->label);
}

/* The changed rows, biggest change first; ALL owns every row. */
static GPtrArray *
diff_rows (const DiffKind *k, const MsReport *old, const Numbers *old_num, const MsReport *new_r,
           const Numbers *new_num, guint kind, GPtrArray **all)
{
  GPtrArray *changed = g_ptr_array_new ();
  guint i;

  *all = g_ptr_array_new_with_free_func (diff_row_free);
  diff_collect (k, old, old_num->num[kind], FALSE, *all);
  diff_collect (k, new_r, new_num->num[kind], TRUE, *all);
  for (i = 0; i < (*all)->len; i++)
    {
      DiffRow *row = g_ptr_array_index (*all, i);

      if (row == NULL || !row_changed (row, k->n_metrics))
        continue;
      row->label = k->label (row->first, row->first_index);
      row->location = k->location (row->first, row->first_index);
      g_ptr_array_add (changed, row);
    }
  g_ptr_array_sort (changed, row_cmp);
  return changed;
}

static void
cell_value (MsTable *t, gboolean present, gint64 v)
{
  if (present)
    ms_table_int (t, v);
  else
    ms_table_cell (t, "-");
}

static void
diff_text_section (GString *out, const DiffKind *k, GPtrArray *rows, guint limit)
{
  g_autoptr (MsTable) t = NULL;
  guint i, m;

  ms_heading (out, k->title);
  if (rows->len == 0)
    {
      g_string_append (out, "  no change\n");
      return;
    }
  t = k->n_metrics == 4
    ? ms_table_new (">old peak", ">new peak", ">change", ">old entries", ">new entries", ">old heap",
                    ">new heap", ">old live", ">new live", k->column, "location", NULL)
    : k == &diff_kinds[SCOPES]
    ? ms_table_new (">old peak", ">new peak", ">change", ">old entries", ">new entries", k->column, "location", NULL)
    : ms_table_new (">old size", ">new size", ">change", ">old instances", ">new instances", k->column,
                    "location", NULL);
  for (i = 0; i < rows->len && (limit == 0 || i < limit); i++)
    {
      const DiffRow *row = rows->pdata[i];

      ms_table_row (t);
      cell_value (t, row->old_index >= 0, row->old_v[0]);
      cell_value (t, row->new_index >= 0, row->new_v[0]);
      ms_table_cellf (t, "%+" G_GINT64_FORMAT, row_delta (row));
      for (m = 1; m < k->n_metrics; m++)
        {
          cell_value (t, row->old_index >= 0, row->old_v[m]);
          cell_value (t, row->new_index >= 0, row->new_v[m]);
        }
      ms_table_cellf (t, "%s%s", row->label,
                      row->old_index < 0 ? " (new)" : row->new_index < 0 ? " (gone)" : "");
      ms_table_cell (t, row->location);
    }
  ms_table_print (t, out, "  ");
  if (limit > 0 && rows->len > limit)
    g_string_append_printf (out, "  ... %u more\n", rows->len - limit);
}

static void
diff_json_section (JsonBuilder *b, const DiffKind *k, GPtrArray *rows)
{
  guint i, m;

  json_builder_set_member_name (b, k->member);
  json_builder_begin_array (b);
  for (i = 0; i < rows->len; i++)
    {
      const DiffRow *row = rows->pdata[i];

      json_builder_begin_object (b);
      ms_json_str (b, "label", row->label);
      ms_json_str (b, "location", row->location);
      json_builder_set_member_name (b, "old");
      if (row->old_index >= 0)
        {
          json_builder_begin_object (b);
          for (m = 0; m < k->n_metrics; m++)
            ms_json_int (b, k->metric[m], row->old_v[m]);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "new");
      if (row->new_index >= 0)
        {
          json_builder_begin_object (b);
          for (m = 0; m < k->n_metrics; m++)
            ms_json_int (b, k->metric[m], row->new_v[m]);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      ms_json_int (b, "change", row_delta (row));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static gint64
stack_peak (const MsReport *r)
{
  gint64 peak = 0;
  guint i;

  for (i = 0; i < r->threads->len; i++)
    peak = MAX (peak, MS_THREAD (r, i)->stack_bytes_peak);
  return peak;
}

int
ms_cmd_diff (int argc, char **argv)
{
  gboolean json = FALSE;
  int limit = 20;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows per section (default 20, 0 for all)", "N" },
    { NULL }
  };
  g_autoptr (MsReport) old = NULL;
  g_autoptr (MsReport) new_r = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  gint64 po, pn;
  Matcher m;
  Numbers old_num, new_num;
  guint k;

  ms_parse_options ("diff", "OLD NEW",
                    "What grew and shrank from OLD to NEW: scopes and contexts by peak stack bytes (and\n"
                    "entries, heap), variables by size and instances.  Only changes are listed.",
                    entries, &argc, &argv, 2, 2);
  if (limit < 0)
    ms_usage_error ("diff", "--limit must not be negative");
  old = ms_report_load_or_exit (argv[1]);
  new_r = ms_report_load_or_exit (argv[2]);
  ms_color_init (stdout);
  po = stack_peak (old);
  pn = stack_peak (new_r);
  g_string_append_printf (out, "stack peak %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " bytes (%+"
                          G_GINT64_FORMAT "); contexts %u -> %u; scope sites %u -> %u\n",
                          po, pn, pn - po, old->contexts->len, new_r->contexts->len,
                          old->scopes->len, new_r->scopes->len);
  json_builder_begin_object (b);
  ms_json_str (b, "old", argv[1]);
  ms_json_str (b, "new", argv[2]);
  ms_json_int (b, "old_stack_peak", po);
  ms_json_int (b, "new_stack_peak", pn);
  matcher_init (&m);
  number_report (&m, old, &old_num);
  number_report (&m, new_r, &new_num);
  for (k = 0; k < N_KINDS; k++)
    {
      g_autoptr (GPtrArray) all = NULL;
      g_autoptr (GPtrArray) rows = diff_rows (&diff_kinds[k], old, &old_num, new_r, &new_num, k, &all);

      if (json)
        diff_json_section (b, &diff_kinds[k], rows);
      else
        diff_text_section (out, &diff_kinds[k], rows, limit);
    }
  numbers_clear (&old_num);
  numbers_clear (&new_num);
  matcher_clear (&m);
  json_builder_end_object (b);
  if (json)
    ms_print_json (b);
  else
    fputs (out->str, stdout);
  return 0;
}

/* ---------------------------------------------------------------- merge */

/* The merged report's index of a thing is its number in the Matcher:
 * numbers are handed out in the order things are first met, which is
 * the order they are appended to the merged lists. */
typedef struct
{
  MsReport *out;
  Matcher match;
  GHashTable *leaks;            /* context, variable and kind -> index + 1 */
} Merge;

static guint *
merge_scopes (Merge *m, const MsReport *r)
{
  guint *map = g_new (guint, r->scopes->len + 1), i;

  for (i = 0; i < r->scopes->len; i++)
    {
      const MsScope *s = MS_SCOPE (r, i);
      gboolean fresh;
      guint k = scope_number (&m->match, r, i, &fresh);

      if (fresh)
        {
          MsScope copy = *s;

          copy.id = k + 1;
          copy.entries = 0;
          copy.peak_memory = 0;
          copy.parent = -1;
          g_array_append_val (m->out->scopes, copy);
        }
      MS_SCOPE (m->out, k)->entries += s->entries;
      MS_SCOPE (m->out, k)->peak_memory = MAX (MS_SCOPE (m->out, k)->peak_memory, s->peak_memory);
      MS_SCOPE (m->out, k)->frame_bytes = MAX (MS_SCOPE (m->out, k)->frame_bytes, s->frame_bytes);
      MS_SCOPE (m->out, k)->is_active |= s->is_active;
      map[i] = k;
    }
  for (i = 0; i < r->scopes->len; i++)
    if (MS_SCOPE (r, i)->parent >= 0)
      MS_SCOPE (m->out, map[i])->parent = map[MS_SCOPE (r, i)->parent];
  return map;
}

static guint *
merge_vars (Merge *m, const MsReport *r, const guint *scope_map)
{
  guint *map = g_new (guint, r->vars->len + 1), i;

  for (i = 0; i < r->vars->len; i++)
    {
      const MsVar *v = MS_VAR (r, i);
      gboolean fresh;
      guint k = var_number (&m->match, r, i, v->scope >= 0 ? scope_map[v->scope] : 0, &fresh);
      MsVar *o;

      if (fresh)
        {
          MsVar copy = *v;

          copy.id = k + 1;
          copy.scope = v->scope >= 0 ? (gint) scope_map[v->scope] : -1;
          copy.instances = copy.live = 0;
          g_array_append_val (m->out->vars, copy);
        }
      o = MS_VAR (m->out, k);
      o->instances += v->instances;
      o->live += v->live;
      o->size = MAX (o->size, v->size);
      o->is_active |= v->is_active;
      map[i] = k;
    }
  return map;
}

/* Parents before children (depth-first from the roots), so a context's
 * key can be its merged parent's index and its merged scope. */
static guint *
merge_contexts (Merge *m, const MsReport *r, const guint *scope_map, const guint *thread_map)
{
  guint *map = g_new (guint, r->contexts->len + 1);
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (gint));

  /* In display order, so that the merged report lists them so too. */
  ms_push_children (r, stack, r->first_root);
  while (stack->len > 0)
    {
      gint i = g_array_index (stack, gint, stack->len - 1);
      const MsContext *x = MS_CONTEXT (r, i);
      gint parent = x->parent >= 0 ? (gint) map[x->parent] : -1;
      gboolean fresh;
      guint k = context_number (&m->match, parent, scope_map[x->scope], &fresh);
      MsContext *o;

      g_array_set_size (stack, stack->len - 1);
      if (fresh)
        {
          MsContext copy = { 0 };

          copy.id = k + 1;
          copy.scope = scope_map[x->scope];
          copy.parent = parent;
          g_array_append_val (m->out->contexts, copy);
        }
      o = MS_CONTEXT (m->out, k);
      o->entries += x->entries;
      o->direct_bytes = MAX (o->direct_bytes, x->direct_bytes);
      o->peak_memory = MAX (o->peak_memory, x->peak_memory);
      o->folded |= x->folded;
      o->is_active |= x->is_active;
      o->heap_allocations += x->heap_allocations;
      o->heap_bytes += x->heap_bytes;
      o->heap_live_bytes += x->heap_live_bytes;
      o->heap_peak_bytes = MAX (o->heap_peak_bytes, x->heap_peak_bytes);
      if (x->n_threads > 0)
        {
          guint t, base = o->n_threads;

          o->threads = g_renew (gint64, o->threads, o->n_threads + x->n_threads);
          for (t = 0; t < x->n_threads; t++)
            {
              gint ti = ms_report_thread_index (r, x->threads[t]);

              o->threads[base + t] = ti >= 0 ? thread_map[ti] : 0;
            }
          o->n_threads += x->n_threads;
        }
      map[i] = k;
      ms_push_children (r, stack, x->first_child);
    }
  return map;
}

static guint *
merge_threads (Merge *m, const MsReport *r)
{
  guint *map = g_new (guint, r->threads->len + 1), i;

  for (i = 0; i < r->threads->len; i++)
    {
      MsThread copy = *MS_THREAD (r, i);

      copy.id = m->out->threads->len + 1;
      map[i] = copy.id;
      g_array_append_val (m->out->threads, copy);
    }
  return map;
}

static void
merge_leaks (Merge *m, const MsReport *r, const guint *ctx_map, const guint *var_map)
{
  guint i;

  for (i = 0; i < r->leaks->len; i++)
    {
      const MsLeak *l = MS_LEAK (r, i);
      MsLeak copy = *l;
      gboolean fresh;
      guint k;

      copy.context = l->context >= 0 ? (gint) ctx_map[l->context] : -1;
      copy.variable = l->variable >= 0 ? (gint) var_map[l->variable] : -1;
      /* Leaked, reachable and inherited blocks stay apart. */
      k = string_number (m->leaks, g_strdup_printf ("%d:%d:%d", copy.context, copy.variable, copy.kind),
                         &fresh);
      if (fresh)
        {
          copy.bytes = copy.blocks = 0;
          g_array_append_val (m->out->leaks, copy);
        }
      MS_LEAK (m->out, k)->bytes += l->bytes;
      MS_LEAK (m->out, k)->blocks += l->blocks;
    }
}

static void
merge_traces (Merge *m, const MsReport *r, const guint *ctx_map, const guint *thread_map)
{
  guint i, e;

  if (r->traces == NULL)
    return;
  if (m->out->traces == NULL)
    m->out->traces = g_array_new (FALSE, TRUE, sizeof (MsTrace));
  for (i = 0; i < r->traces->len; i++)
    {
      const MsTrace *t = &g_array_index (r->traces, MsTrace, i);
      MsTrace copy = *t;
      gint ti = ms_report_thread_index (r, t->thread);

      copy.thread = ti >= 0 ? thread_map[ti] : 0;
      copy.events = g_array_sized_new (FALSE, FALSE, sizeof (MsEvent), t->events->len);
      for (e = 0; e < t->events->len; e++)
        {
          MsEvent ev = g_array_index (t->events, MsEvent, e);

          ev.context = ctx_map[ev.context];
          g_array_append_val (copy.events, ev);
        }
      g_array_append_val (m->out->traces, copy);
    }
}

/* Totals add up; a total some input lacks is unknown (-1) in the sum. */
static void
merge_heap_totals (MsReport *out, const MsReport *r)
{
  out->heap_off &= r->heap_off;
  out->outside_allocations += r->outside_allocations;
  out->outside_bytes += r->outside_bytes;
  out->outside_live_bytes += r->outside_live_bytes;
  out->heap_live_blocks = out->heap_live_blocks < 0 || r->heap_live_blocks < 0
    ? -1 : out->heap_live_blocks + r->heap_live_blocks;
  out->heap_live_bytes = out->heap_live_bytes < 0 || r->heap_live_bytes < 0
    ? -1 : out->heap_live_bytes + r->heap_live_bytes;
}

static void
merge_one (Merge *m, const MsReport *r)
{
  g_autofree guint *threads = merge_threads (m, r);
  g_autofree guint *scopes = merge_scopes (m, r);
  g_autofree guint *vars = merge_vars (m, r, scopes);
  g_autofree guint *contexts = merge_contexts (m, r, scopes, threads);
  guint i;

  /* Thread peak contexts, now that the contexts have merged indices. */
  for (i = 0; i < r->threads->len; i++)
    {
      MsThread *t = MS_THREAD (m->out, threads[i] - 1);

      t->peak_context = t->peak_context >= 0 ? (gint) contexts[t->peak_context] : -1;
    }
  merge_leaks (m, r, contexts, vars);
  merge_traces (m, r, contexts, threads);
  merge_heap_totals (m->out, r);
  m->out->has_heap |= r->has_heap;
  m->out->has_context_threads |= r->has_context_threads;
  m->out->taken_at = MAX (m->out->taken_at, r->taken_at);
}

static void
heap_to_json (JsonBuilder *b, const MsReport *r)
{
  MsLeakTotals t;

  if (!r->has_heap && !r->heap_off)
    return;
  ms_report_leak_totals (r, &t);
  json_builder_set_member_name (b, "heap");
  json_builder_begin_object (b);
  ms_json_bool (b, "enabled", !r->heap_off);
  if (r->heap_live_blocks >= 0)
    ms_json_int (b, "live_blocks", r->heap_live_blocks);
  if (r->heap_live_bytes >= 0)
    ms_json_int (b, "live_bytes", r->heap_live_bytes);
  ms_json_int (b, "leaked_blocks", t.blocks[MS_LEAKED]);
  ms_json_int (b, "leaked_bytes", t.bytes[MS_LEAKED]);
  ms_json_int (b, "inherited_blocks", t.blocks[MS_INHERITED]);
  ms_json_int (b, "inherited_bytes", t.bytes[MS_INHERITED]);
  ms_json_int (b, "outside_allocations", r->outside_allocations);
  ms_json_int (b, "outside_bytes", r->outside_bytes);
  ms_json_int (b, "outside_live_bytes", r->outside_live_bytes);
  json_builder_end_object (b);
}

/* The report in JSON version 1, with the optional members it has. */
static JsonNode *
report_to_json (const MsReport *r, GPtrArray *inputs)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  /* Each scope's variables, chained in order: index + 1, 0 ends. */
  g_autofree guint *first_var = g_new0 (guint, r->scopes->len + 1);
  g_autofree guint *next_var = g_new0 (guint, r->vars->len + 1);
  guint i, k;

  for (i = r->vars->len; i-- > 0;)
    if (MS_VAR (r, i)->scope >= 0)
      {
        next_var[i] = first_var[MS_VAR (r, i)->scope];
        first_var[MS_VAR (r, i)->scope] = i + 1;
      }

  json_builder_begin_object (b);
  ms_json_str (b, "format", "memscope");
  ms_json_int (b, "version", 1);
  ms_json_str (b, "program", r->program);
  ms_json_int (b, "pid", r->pid);
  ms_json_int (b, "taken_at", r->taken_at);
  json_builder_set_member_name (b, "merged_from");
  json_builder_begin_array (b);
  for (i = 0; i < inputs->len; i++)
    {
      const MsReport *in = inputs->pdata[i];

      json_builder_begin_object (b);
      ms_json_str (b, "file", in->path);
      ms_json_str (b, "program", in->program);
      ms_json_int (b, "pid", in->pid);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "threads");
  json_builder_begin_array (b);
  for (i = 0; i < r->threads->len; i++)
    {
      const MsThread *t = MS_THREAD (r, i);

      json_builder_begin_object (b);
      ms_json_int (b, "id", t->id);
      ms_json_int (b, "tid", t->tid);
      ms_json_str (b, "name", t->name);
      ms_json_bool (b, "is_active", t->is_active);
      ms_json_int (b, "scopes_entered", t->scopes_entered);
      ms_json_int (b, "variables_registered", t->variables_registered);
      ms_json_int (b, "stack_bytes_peak", t->stack_bytes_peak);
      if (t->peak_context >= 0)
        ms_json_int (b, "peak_context", MS_CONTEXT (r, t->peak_context)->id);
      else
        ms_json_str (b, "peak_context", NULL);
      ms_json_int (b, "open_scopes", t->open_scopes);
      ms_json_int (b, "unmatched_exits", t->unmatched_exits);
      ms_json_int (b, "lost_events", t->lost_events);
      ms_json_int (b, "created_at", t->created_at);
      ms_json_int (b, "ended_at", t->ended_at);
      ms_json_int (b, "total_allocations", t->heap_allocations);
      ms_json_int (b, "total_deallocations", t->heap_deallocations);
      ms_json_int (b, "current_memory", t->heap_current);
      ms_json_int (b, "peak_memory", t->heap_peak);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "scopes");
  json_builder_begin_array (b);
  for (i = 0; i < r->scopes->len; i++)
    {
      const MsScope *s = MS_SCOPE (r, i);

      json_builder_begin_object (b);
      ms_json_int (b, "id", s->id);
      ms_json_str (b, "kind", s->kind);
      ms_json_str (b, "name", s->name);
      ms_json_str (b, "function", s->function);
      ms_json_str (b, "file", s->file);
      ms_json_int (b, "line", s->line);
      if (s->parent >= 0)
        ms_json_int (b, "parent", MS_SCOPE (r, s->parent)->id);
      else
        ms_json_str (b, "parent", NULL);
      ms_json_int (b, "depth", s->depth);
      ms_json_int (b, "entries", s->entries);
      json_builder_set_member_name (b, "variables");
      json_builder_begin_array (b);
      for (k = first_var[i]; k > 0; k = next_var[k - 1])
        json_builder_add_int_value (b, MS_VAR (r, k - 1)->id);
      json_builder_end_array (b);
      ms_json_int (b, "frame_bytes", s->frame_bytes);
      ms_json_int (b, "peak_memory", s->peak_memory);
      ms_json_bool (b, "is_active", s->is_active);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "variables");
  json_builder_begin_array (b);
  for (i = 0; i < r->vars->len; i++)
    {
      const MsVar *v = MS_VAR (r, i);

      json_builder_begin_object (b);
      ms_json_int (b, "id", v->id);
      ms_json_str (b, "name", v->name);
      ms_json_str (b, "type", v->type);
      ms_json_int (b, "size", v->size);
      ms_json_str (b, "kind", v->kind);
      if (v->scope >= 0)
        ms_json_int (b, "scope", MS_SCOPE (r, v->scope)->id);
      else
        ms_json_str (b, "scope", NULL);
      ms_json_str (b, "file", v->file);
      ms_json_int (b, "line", v->line);
      ms_json_bool (b, "tracked", v->tracked);
      ms_json_int (b, "instances", v->instances);
      ms_json_int (b, "live", v->live);
      ms_json_bool (b, "is_active", v->is_active);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "contexts");
  json_builder_begin_array (b);
  for (i = 0; i < r->contexts->len; i++)
    {
      const MsContext *c = MS_CONTEXT (r, i);

      json_builder_begin_object (b);
      ms_json_int (b, "id", c->id);
      ms_json_int (b, "scope", MS_SCOPE (r, c->scope)->id);
      if (c->parent >= 0)
        ms_json_int (b, "parent", MS_CONTEXT (r, c->parent)->id);
      else
        ms_json_str (b, "parent", NULL);
      ms_json_int (b, "entries", c->entries);
      ms_json_int (b, "direct_bytes", c->direct_bytes);
      ms_json_int (b, "peak_memory", c->peak_memory);
      ms_json_bool (b, "folded", c->folded);
      ms_json_bool (b, "is_active", c->is_active);
      if (r->has_heap)
        {
          ms_json_int (b, "heap_allocations", c->heap_allocations);
          ms_json_int (b, "heap_bytes", c->heap_bytes);
          ms_json_int (b, "heap_live_bytes", c->heap_live_bytes);
          ms_json_int (b, "heap_peak_bytes", c->heap_peak_bytes);
        }
      if (r->has_context_threads)
        {
          json_builder_set_member_name (b, "threads");
          json_builder_begin_array (b);
          for (k = 0; k < c->n_threads; k++)
            json_builder_add_int_value (b, c->threads[k]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (r->has_heap)
    {
      json_builder_set_member_name (b, "leaks");
      json_builder_begin_array (b);
      for (i = 0; i < r->leaks->len; i++)
        {
          const MsLeak *l = MS_LEAK (r, i);

          json_builder_begin_object (b);
          if (l->context >= 0)
            ms_json_int (b, "context", MS_CONTEXT (r, l->context)->id);
          else
            ms_json_str (b, "context", NULL);
          if (l->variable >= 0)
            ms_json_int (b, "variable", MS_VAR (r, l->variable)->id);
          else
            ms_json_str (b, "variable", NULL);
          ms_json_int (b, "bytes", l->bytes);
          ms_json_int (b, "blocks", l->blocks);
          ms_json_bool (b, "inherited", l->kind == MS_INHERITED);
          ms_json_bool (b, "reachable", l->kind == MS_REACHABLE);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  heap_to_json (b, r);
  if (r->traces != NULL)
    {
      json_builder_set_member_name (b, "trace");
      json_builder_begin_array (b);
      for (i = 0; i < r->traces->len; i++)
        {
          const MsTrace *t = &g_array_index (r->traces, MsTrace, i);

          json_builder_begin_object (b);
          ms_json_int (b, "thread", t->thread);
          ms_json_int (b, "dropped", t->dropped);
          json_builder_set_member_name (b, "events");
          json_builder_begin_array (b);
          for (k = 0; k < t->events->len; k++)
            {
              const MsEvent *ev = &g_array_index (t->events, MsEvent, k);

              json_builder_begin_array (b);
              json_builder_add_int_value (b, ev->t_ns);
              json_builder_add_string_value (b, ev->begin ? "B" : "E");
              json_builder_add_int_value (b, MS_CONTEXT (r, ev->context)->id);
              json_builder_end_array (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
merged_program (GPtrArray *inputs)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  guint i, k;

  for (i = 0; i < inputs->len; i++)
    {
      const char *p = ms_str (((MsReport *) inputs->pdata[i])->program);

      for (k = 0; k < names->len && strcmp (names->pdata[k], p) != 0; k++)
        ;
      if (k == names->len)
        g_ptr_array_add (names, (gpointer) p);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("+", (char **) names->pdata);
}

static MsReport *
merged_new (void)
{
  MsReport *out = ms_report_new (NULL);

  out->heap_off = TRUE;         /* until an input tracked the heap */
  return out;
}

static gboolean
write_output (const char *path, const char *text, GError **error)
{
  if (strcmp (path, "-") == 0)
    {
      fputs (text, stdout);
      fputc ('\n', stdout);
      return TRUE;
    }
  /* Written whole (a temporary file, then rename), like the runtime. */
  return g_file_set_contents (path, text, -1, error);
}

int
ms_cmd_merge (int argc, char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the merged report to OUT (- for stdout)", "OUT" },
    { NULL }
  };
  g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_report_free);
  g_autoptr (MsReport) out = merged_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  Merge m = { .out = out };
  guint i;

  ms_parse_options ("merge", "FILE... -o OUT",
                    "One report from several (forked children, repeated runs, several processes):\n"
                    "scopes, variables and contexts that are the same code are merged (entries and\n"
                    "instances summed, peaks maximised); threads are all kept, renumbered.",
                    entries, &argc, &argv, 1, -1);
  if (output == NULL)
    ms_usage_error ("merge", "no output given (-o OUT)");
  for (i = 1; i < (guint) argc; i++)
    {
      g_ptr_array_add (inputs, ms_report_load_or_exit (argv[i]));
      ms_report_link_tree (inputs->pdata[i - 1]);
    }
  matcher_init (&m.match);
  m.leaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  out->program = merged_program (inputs);
  g_ptr_array_add (out->strings, out->program);
  out->pid = ((MsReport *) inputs->pdata[0])->pid;
  for (i = 0; i < inputs->len; i++)
    merge_one (&m, inputs->pdata[i]);
  for (i = 0; i < out->contexts->len; i++)
    g_ptr_array_add (out->strings, MS_CONTEXT (out, i)->threads);
  root = report_to_json (out, inputs);
  text = ms_json_to_string (root, FALSE);
  if (!write_output (output, text, &error))
    {
      fprintf (stderr, "memscope merge: %s\n", error->message);
      return 1;
    }
  matcher_clear (&m.match);
  g_hash_table_destroy (m.leaks);
  return 0;
}

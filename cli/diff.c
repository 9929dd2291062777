/* diff.c: `memscope diff` and `memscope merge`.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two reports never share ids, so records are matched by what they are:
 * a function by its name and file, a block by its function and its place
 * among the blocks of its enclosing scope (never by line, which moves
 * when code above it is edited), a variable by its scope and name, a
 * context by its parent context and its scope.  Each distinct thing gets a number,
 * shared by the reports compared or merged; a context's key is the pair
 * (its parent's number, its scope's number), so matching is linear in
 * the number of contexts however deep the tree.  merge.c numbers its
 * inputs the same way.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "diff.h"
#include "summary.h"

/* Each block scope's number among the blocks of its parent scope, in
 * source order (line, then id): what identifies a block across edits,
 * where its line moves.  0 for other scopes. */
static guint *
block_ordinals (const CliReport *r)
{
  guint n = r->scopes->len, i, k;
  guint *ord = g_new0 (guint, n + 1);
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_array_unref);
  GHashTableIter it;
  gpointer key, value;

  for (i = 0; i < n; i++)
    {
      const CliScope *s = CLI_SCOPE (r, i);
      char *g;
      GArray *list;

      if (g_strcmp0 (s->kind, "block") != 0)
        continue;
      g = g_strdup_printf ("%d\037%s", s->parent, cli_str (s->function));
      list = g_hash_table_lookup (groups, g);
      if (list == NULL)
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (groups, g, list);
        }
      else
        g_free (g);
      g_array_append_val (list, i);
    }
  g_hash_table_iter_init (&it, groups);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      GArray *list = value;

      /* Few blocks share a parent: insertion sort by (line, id). */
      for (i = 1; i < list->len; i++)
        for (k = i; k > 0; k--)
          {
            guint a = g_array_index (list, guint, k - 1), b = g_array_index (list, guint, k);
            const CliScope *x = CLI_SCOPE (r, a), *y = CLI_SCOPE (r, b);

            if (x->line < y->line || (x->line == y->line && x->id < y->id))
              break;
            g_array_index (list, guint, k - 1) = b;
            g_array_index (list, guint, k) = a;
          }
      for (i = 0; i < list->len; i++)
        ord[g_array_index (list, guint, i)] = i + 1;
    }
  return ord;
}

/* A scope as the same code in another report: a function (or manual
 * scope) by its name and file, a block by its function, file and its
 * place among its enclosing scope's blocks ("#2.1": the first block in
 * the function's second), never by line, which moves with every edit
 * above it. */
static char *
scope_key (const CliReport *r, gint s, const guint *ord)
{
  const CliScope *sc;
  g_autoptr (GString) path = g_string_new (NULL);
  gint k;

  if (s < 0)
    return g_strdup ("");
  sc = CLI_SCOPE (r, s);
  for (k = s; k >= 0 && ord[k] > 0; k = CLI_SCOPE (r, k)->parent)
    {
      char part[24];

      g_snprintf (part, sizeof part, "#%u", ord[k]);
      if (path->len > 0)
        path->str[0] = '.';
      g_string_prepend (path, part);
    }
  if (path->len == 0)
    g_string_assign (path, cli_str (sc->name));
  return g_strdup_printf ("%s\037%s\037%s", cli_str (sc->function), path->str, cli_str (sc->file));
}

/* Numbers for strings, first come first numbered. */
guint
cli_string_number (GHashTable *table, char *key, gboolean *fresh)
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


void
cli_matcher_init (Matcher *m)
{
  m->scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pair_map_init (&m->contexts);
  m->ord_report = NULL;
  m->ord = NULL;
}

void
cli_matcher_clear (Matcher *m)
{
  g_hash_table_destroy (m->scopes);
  g_hash_table_destroy (m->vars);
  g_free (m->ord);
  pair_map_clear (&m->contexts);
}

guint
cli_scope_number (Matcher *m, const CliReport *r, guint i, gboolean *fresh)
{
  if (m->ord_report != r)
    {
      g_free (m->ord);
      m->ord = block_ordinals (r);
      m->ord_report = r;
    }
  return cli_string_number (m->scopes, scope_key (r, i, m->ord), fresh);
}

guint
cli_var_number (Matcher *m, const CliReport *r, guint i, guint scope_num, gboolean *fresh)
{
  const CliVar *v = CLI_VAR (r, i);

  return cli_string_number (m->vars, g_strdup_printf ("%d\036%s", v->scope >= 0 ? (gint) scope_num : -1,
                                                  cli_str (v->name)), fresh);
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
  const CliReport *first;        /* where the label comes from */
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
  guint (*count) (const CliReport *r);
  char *(*label) (const CliReport *r, guint i);
  char *(*location) (const CliReport *r, guint i);
  void (*values) (const CliReport *r, guint i, gint64 *v);
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
n_scopes (const CliReport *r)
{
  return r->scopes->len;
}

static guint
n_contexts (const CliReport *r)
{
  return r->contexts->len;
}

static guint
n_vars (const CliReport *r)
{
  return r->vars->len;
}

static char *
scope_location_at (const CliReport *r, guint i)
{
  return cli_scope_location (r, i);
}

static char *
context_label (const CliReport *r, guint i)
{
  return cli_context_path (r, i, " > ");
}

static char *
context_location (const CliReport *r, guint i)
{
  return cli_scope_location (r, CLI_CONTEXT (r, i)->scope);
}

static char *
var_label_at (const CliReport *r, guint i)
{
  const CliVar *v = CLI_VAR (r, i);
  g_autofree char *label = cli_var_label (r, i);
  g_autofree char *scope = v->scope >= 0 ? cli_scope_label (r, v->scope) : g_strdup ("-");

  return g_strdup_printf ("%s in %s", label, scope);
}

static char *
var_location (const CliReport *r, guint i)
{
  const CliVar *v = CLI_VAR (r, i);

  return v->file ? g_strdup_printf ("%s:%" G_GINT64_FORMAT, v->file, v->line) : g_strdup ("");
}

static void
scope_values (const CliReport *r, guint i, gint64 *v)
{
  v[0] = CLI_SCOPE (r, i)->peak_memory;
  v[1] = CLI_SCOPE (r, i)->entries;
}

static void
context_values (const CliReport *r, guint i, gint64 *v)
{
  const CliContext *c = CLI_CONTEXT (r, i);

  v[0] = c->peak_memory;
  v[1] = c->entries;
  v[2] = c->heap_bytes;
  v[3] = c->heap_live_bytes;
}

static void
var_values (const CliReport *r, guint i, gint64 *v)
{
  v[0] = CLI_VAR (r, i)->size;
  v[1] = CLI_VAR (r, i)->instances;
}

static const DiffKind diff_kinds[N_KINDS] = {
  [SCOPES] = { "Scopes", "scope", "scopes", 2, { "peak_memory", "entries" }, n_scopes, cli_scope_label,
               scope_location_at, scope_values },
  [CONTEXTS] = { "Contexts", "context", "contexts", 4, { "peak_memory", "entries", "heap_bytes", "heap_live_bytes" },
                 n_contexts, context_label, context_location, context_values },
  [VARIABLES] = { "Variables", "variable", "variables", 2, { "size", "instances" }, n_vars, var_label_at,
                  var_location, var_values },
};

/* Context numbers, parents first: each context waits for its parent's
 * number, found by walking up to the nearest numbered ancestor. */
guint *
cli_number_contexts (Matcher *m, const CliReport *r, const guint *scope_num)
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
      for (; c >= 0 && !done[c]; c = CLI_CONTEXT (r, c)->parent)
        g_array_append_val (chain, c);
      while (chain->len > 0)
        {
          gint k = g_array_index (chain, gint, chain->len - 1);
          gint parent = CLI_CONTEXT (r, k)->parent;

          g_array_set_size (chain, chain->len - 1);
          num[k] = context_number (m, parent >= 0 ? (gint) num[parent] : -1,
                                   scope_num[CLI_CONTEXT (r, k)->scope], &fresh);
          done[k] = TRUE;
        }
    }
  return num;
}

static void
number_report (Matcher *m, const CliReport *r, Numbers *nums)
{
  guint i;
  gboolean fresh;

  nums->num[SCOPES] = g_new (guint, r->scopes->len + 1);
  for (i = 0; i < r->scopes->len; i++)
    nums->num[SCOPES][i] = cli_scope_number (m, r, i, &fresh);
  nums->num[VARIABLES] = g_new (guint, r->vars->len + 1);
  for (i = 0; i < r->vars->len; i++)
    {
      gint s = CLI_VAR (r, i)->scope;

      nums->num[VARIABLES][i] = cli_var_number (m, r, i, s >= 0 ? nums->num[SCOPES][s] : 0, &fresh);
    }
  nums->num[CONTEXTS] = cli_number_contexts (m, r, nums->num[SCOPES]);
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
diff_collect (const DiffKind *k, const CliReport *r, const guint *num, gboolean is_new, GPtrArray *rows)
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
diff_rows (const DiffKind *k, const CliReport *old, const Numbers *old_num, const CliReport *new_r,
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
      /* Named as the new report names it, where it is now. */
      if (row->new_index >= 0)
        {
          row->label = k->label (new_r, row->new_index);
          row->location = k->location (new_r, row->new_index);
        }
      else
        {
          row->label = k->label (old, row->old_index);
          row->location = k->location (old, row->old_index);
        }
      g_ptr_array_add (changed, row);
    }
  g_ptr_array_sort (changed, row_cmp);
  return changed;
}

static void
cell_size (CliTable *t, gboolean present, gint64 v)
{
  if (present)
    cli_table_size (t, v);
  else
    cli_table_cell (t, "-");
}

/* "12 -> 20", "- -> 20", or "12" when unchanged. */
static void
cell_change (CliTable *t, const DiffRow *row, guint m, gboolean size)
{
  g_autofree char *o = row->old_index < 0 ? g_strdup ("-")
    : size ? cli_size (row->old_v[m]) : g_strdup_printf ("%" G_GINT64_FORMAT, row->old_v[m]);
  g_autofree char *n = row->new_index < 0 ? g_strdup ("-")
    : size ? cli_size (row->new_v[m]) : g_strdup_printf ("%" G_GINT64_FORMAT, row->new_v[m]);

  if (strcmp (o, n) == 0)
    cli_table_cell (t, o);
  else
    cli_table_cellf (t, "%s -> %s", o, n);
}

static void
diff_text_section (GString *out, const DiffKind *k, GPtrArray *rows, guint limit)
{
  g_autoptr (CliTable) t = NULL;
  guint i, m;

  cli_heading (out, k->title);
  if (rows->len == 0)
    {
      g_string_append (out, "  no change\n");
      return;
    }
  t = k == &diff_kinds[VARIABLES] ? cli_table_new (">old size", ">new size", ">change", "->instances", NULL)
    : cli_table_new (">old peak", ">new peak", ">change", "->entries", NULL);
  if (k->n_metrics == 4)
    {
      cli_table_column (t, "-->heap");
      cli_table_column (t, "--->live");
    }
  cli_table_column (t, k == &diff_kinds[CONTEXTS] ? "~context" : k->column);
  cli_table_column (t, "-@location");
  for (i = 0; i < rows->len && (limit == 0 || i < limit); i++)
    {
      const DiffRow *row = rows->pdata[i];
      g_autofree char *change = row->old_index < 0 ? g_strdup ("new") : row->new_index < 0 ? g_strdup ("gone")
        : cli_size_change (row_delta (row));

      cli_table_row (t);
      cell_size (t, row->old_index >= 0, row->old_v[0]);
      cell_size (t, row->new_index >= 0, row->new_v[0]);
      cli_table_cell (t, change);
      for (m = 1; m < k->n_metrics; m++)
        cell_change (t, row, m, m >= 2);
      cli_table_cell (t, row->label);
      cli_table_cell (t, row->location);
    }
  cli_table_print (t, out, "  ");
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
      cli_json_str (b, "label", row->label);
      cli_json_str (b, "location", row->location);
      json_builder_set_member_name (b, "old");
      if (row->old_index >= 0)
        {
          json_builder_begin_object (b);
          for (m = 0; m < k->n_metrics; m++)
            cli_json_int (b, k->metric[m], row->old_v[m]);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "new");
      if (row->new_index >= 0)
        {
          json_builder_begin_object (b);
          for (m = 0; m < k->n_metrics; m++)
            cli_json_int (b, k->metric[m], row->new_v[m]);
          json_builder_end_object (b);
        }
      else
        json_builder_add_null_value (b);
      cli_json_int (b, "change", row_delta (row));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* The totals the header compares. */
typedef struct
{
  gint64 v[9];
} Totals;

static const struct
{
  const char *label;
  const char *member;
  gboolean size;
} totals_rows[] = {
  { "stack peak (tracked variables)", "stack_peak", TRUE },
  { "stack used (real, deepest thread)", "stack_used", TRUE },
  { "heap allocated", "heap_bytes", TRUE },
  { "heap allocations", "heap_allocations", FALSE },
  { "heap live at exit", "heap_live_bytes", TRUE },
  { "leaked", "leaked_bytes", TRUE },
  { "leaked blocks", "leaked_blocks", FALSE },
  { "contexts", "contexts", FALSE },
  { "scope sites", "scope_sites", FALSE },
};

static void
totals_of (const CliReport *r, Totals *t)
{
  CliLeakTotals leaks;
  gint64 live;
  guint i;

  memset (t, 0, sizeof *t);
  for (i = 0; i < r->threads->len; i++)
    {
      t->v[0] = MAX (t->v[0], CLI_THREAD (r, i)->stack_bytes_peak);
      t->v[1] = MAX (t->v[1], CLI_THREAD (r, i)->stack_used_peak);
    }
  cli_heap_totals (r, &t->v[3], &t->v[2], &live);
  t->v[4] = live;
  cli_report_leak_totals (r, &leaks);
  t->v[5] = leaks.bytes[CLI_LEAKED];
  t->v[6] = leaks.blocks[CLI_LEAKED];
  t->v[7] = r->contexts->len;
  t->v[8] = r->scopes->len;
}

static void
totals_text (GString *out, const Totals *o, const Totals *n, gboolean heap, gboolean real)
{
  g_autoptr (CliTable) t = cli_table_new ("", ">old", ">new", ">change", NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (totals_rows); i++)
    {
      g_autofree char *change = NULL;

      if ((!heap && i >= 2 && i <= 6) || (!real && i == 1))
        continue;
      cli_table_row (t);
      cli_table_cell (t, totals_rows[i].label);
      if (totals_rows[i].size)
        {
          change = cli_size_change (n->v[i] - o->v[i]);
          cli_table_size (t, o->v[i]);
          cli_table_size (t, n->v[i]);
        }
      else
        {
          change = g_strdup_printf ("%+" G_GINT64_FORMAT, n->v[i] - o->v[i]);
          cli_table_int (t, o->v[i]);
          cli_table_int (t, n->v[i]);
        }
      cli_table_cell (t, change);
    }
  cli_table_print (t, out, "");
}

int
cli_cmd_diff (int argc, char **argv)
{
  gboolean json = FALSE;
  int limit = 20;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, "Rows per section (default 20, 0 for all)", "N" },
    CLI_DISPLAY_ENTRIES,
    { NULL }
  };
  g_autoptr (CliReport) old = NULL;
  g_autoptr (CliReport) new_r = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  Totals to, tn;
  Matcher m;
  Numbers old_num, new_num;
  guint k;

  cli_parse_options ("diff", "OLD NEW",
                    "What grew and shrank from OLD to NEW: scopes and contexts by peak stack bytes (and\n"
                    "entries, heap), variables by size and instances.  Only changes are listed.",
                    entries, &argc, &argv, 2, 2);
  if (limit < 0)
    cli_usage_error ("diff", "--limit must not be negative");
  old = cli_report_load_or_exit (argv[1]);
  new_r = cli_report_load_or_exit (argv[2]);
  cli_color_init (stdout);
  totals_of (old, &to);
  totals_of (new_r, &tn);
  totals_text (out, &to, &tn, old->has_heap || new_r->has_heap,
               cli_report_has_real_stack (old) || cli_report_has_real_stack (new_r));
  json_builder_begin_object (b);
  cli_json_str (b, "old", argv[1]);
  cli_json_str (b, "new", argv[2]);
  for (k = 0; k < G_N_ELEMENTS (totals_rows); k++)
    {
      g_autofree char *o = g_strconcat ("old_", totals_rows[k].member, NULL);
      g_autofree char *n = g_strconcat ("new_", totals_rows[k].member, NULL);

      cli_json_int (b, o, to.v[k]);
      cli_json_int (b, n, tn.v[k]);
    }
  cli_matcher_init (&m);
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
  cli_matcher_clear (&m);
  json_builder_end_object (b);
  if (json)
    cli_print_json ("diff", b);
  else
    {
      cli_fit_text (out);
      cli_write_stdout ("diff", out->str, out->len);
    }
  return 0;
}


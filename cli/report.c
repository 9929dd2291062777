/* report.c: reading and checking a memscope report (JSON version 1).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a command will rely on is checked here, once: member types,
 * non-negative counts, unique ids, references that resolve, a context tree
 * without cycles.  The first problem becomes the one error line the user
 * sees ("memscope: FILE: contexts[3].parent: no context has id 99"), so a
 * truncated or edited report can never crash a command further on.
 *
 * Members beyond the ones version 1 defines are optional and default to 0
 * or empty: heap fields on contexts, a top-level "leaks" list and "trace".
 *
 * Speed: a report of 100,000 contexts is a few million JSON nodes, and
 * json-glib's parse is most of a command's run.  A big report's contexts
 * are parsed and read in small pieces by helper processes (split.c,
 * read_ahead_piece) while this one parses the rest; their errors come out
 * as one pass would give them.  Each member is looked up once
 * (json_object_get_member; one walk over a context's members instead
 * measured no faster), strings are borrowed from the parsed tree (kept for
 * the life of the process), dense ids (1..n, what the runtime writes)
 * resolve through arrays rather than hash tables, and the sorted child
 * lists only a tree walk needs are built on demand (ms_report_link_tree).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memscope-cli.h"

#define MS_REPORT_ERROR (ms_report_error_quark ())
G_DEFINE_QUARK (memscope-report-error, ms_report_error)

/* One record being read: where it is, for error messages. */
typedef struct
{
  MsReport *r;
  const char *array;
  guint index;
  JsonObject *obj;
  GError **error;
  gboolean failed;
} Rec;

enum
{
  OPTIONAL = 0,
  REQUIRED = 1,
};

static const char *
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_DOUBLE:
      return "a fractional number";
    default:
      return "a number";
    }
}

static void
rec_fail (Rec *rec, const char *member, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
rec_fail (Rec *rec, const char *member, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  if (rec->failed)
    return;
  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  rec->failed = TRUE;
  if (rec->array == NULL)
    g_set_error (rec->error, MS_REPORT_ERROR, 0, "%s: %s", member, what);
  else if (member == NULL)
    g_set_error (rec->error, MS_REPORT_ERROR, 0, "%s[%u]: %s", rec->array, rec->index, what);
  else
    g_set_error (rec->error, MS_REPORT_ERROR, 0, "%s[%u].%s: %s", rec->array, rec->index, member, what);
}

/* The member's node, NULL when absent (an error if it is required). */
static JsonNode *
rec_member (Rec *rec, const char *member, int required)
{
  JsonNode *node;

  if (rec->failed)
    return NULL;
  node = json_object_get_member (rec->obj, member);
  if (node == NULL && required)
    rec_fail (rec, NULL, "no \"%s\" member", member);
  return node;
}

static gboolean
node_is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

/* A count, size or id: an integer that is never negative. */
static gint64
node_int (Rec *rec, const char *member, JsonNode *node)
{
  gint64 v;

  if (node == NULL)
    return 0;
  if (!node_is_int (node))
    {
      rec_fail (rec, member, "expected an integer, got %s", node_kind (node));
      return 0;
    }
  v = json_node_get_int (node);
  if (v < 0)
    rec_fail (rec, member, "negative value %" G_GINT64_FORMAT, v);
  return v;
}

static gint64
rd_int (Rec *rec, const char *member, int required)
{
  return node_int (rec, member, rec_member (rec, member, required));
}

/* An id or null; 0 stands for null. */
static gint64
rd_ref (Rec *rec, const char *member, int required)
{
  JsonNode *node = rec_member (rec, member, required);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (!node_is_int (node))
    {
      rec_fail (rec, member, "expected an id or null, got %s", node_kind (node));
      return 0;
    }
  v = json_node_get_int (node);
  if (v <= 0)
    rec_fail (rec, member, "ids are positive, got %" G_GINT64_FORMAT, v);
  return v;
}

static gint64
rd_id (Rec *rec)
{
  gint64 id = rd_int (rec, "id", REQUIRED);

  if (!rec->failed && id == 0)
    rec_fail (rec, "id", "ids are positive, got 0");
  return id;
}

/* Borrowed from the parsed tree, which is never freed (ms_report_load). */
static char *
rd_str (Rec *rec, const char *member, int required)
{
  JsonNode *node = rec_member (rec, member, required);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      rec_fail (rec, member, "expected a string or null, got %s", node_kind (node));
      return NULL;
    }
  return (char *) json_node_get_string (node);
}

/* A boolean, FALLBACK when the member is absent. */
static gboolean
rd_bool_or (Rec *rec, const char *member, gboolean fallback)
{
  JsonNode *node = rec_member (rec, member, OPTIONAL);

  if (node == NULL)
    return fallback;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      rec_fail (rec, member, "expected true or false, got %s", node_kind (node));
      return FALSE;
    }
  return json_node_get_boolean (node);
}

static gboolean
rd_bool (Rec *rec, const char *member)
{
  return rd_bool_or (rec, member, FALSE);
}

/* An optional count whose absence is not the same as 0. */
static gint64
rd_int_or (Rec *rec, const char *member, gint64 fallback)
{
  JsonNode *node = rec_member (rec, member, OPTIONAL);

  return node == NULL ? fallback : node_int (rec, member, node);
}

/* Moves REC to NODE, element I of its array, which must be an object. */
static gboolean
rec_at_node (Rec *rec, JsonNode *node, guint i)
{
  rec->index = i;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      rec_fail (rec, NULL, "expected an object, got %s", node_kind (node));
      return FALSE;
    }
  rec->obj = json_node_get_object (node);
  return TRUE;
}

static gboolean
rec_at (Rec *rec, JsonArray *array, guint i)
{
  return rec_at_node (rec, json_array_get_element (array, i), i);
}

/* Top-level array member NAME; NULL when absent and optional. */
static JsonArray *
top_array (Rec *top, const char *name, int required)
{
  JsonNode *node = rec_member (top, name, OPTIONAL);

  if (top->failed)
    return NULL;
  if (node == NULL)
    {
      if (required)
        rec_fail (top, name, "missing (a memscope report has \"threads\", \"scopes\", "
                  "\"variables\" and \"contexts\" arrays)");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      rec_fail (top, name, "expected an array, got %s", node_kind (node));
      return NULL;
    }
  return json_node_get_array (node);
}

/* Where each id of one list is.  The runtime numbers every list 1..n, so
 * an array indexed by id answers; other ids (hand-edited or merged
 * reports) go to a hash table.  Values are index + 1, 0 for none. */
typedef struct
{
  guint n;
  guint *dense;                 /* ids 1..n */
  GHashTable *sparse;           /* other ids, created when first needed */
} IdMap;

static void
idmap_init (IdMap *m, guint n)
{
  m->n = n;
  m->dense = g_new0 (guint, n + 1);
  m->sparse = NULL;
}

static void
idmap_clear (IdMap *m)
{
  g_free (m->dense);
  if (m->sparse != NULL)
    g_hash_table_destroy (m->sparse);
}

static guint
idmap_get (const IdMap *m, gint64 id)
{
  if (id > 0 && id <= m->n)
    return m->dense[id];
  if (m->sparse == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (m->sparse, GSIZE_TO_POINTER (id)));
}

/* Records the id's index; ids must be unique within their list. */
static void
index_id (Rec *rec, IdMap *m, gint64 id, guint i)
{
  if (rec->failed)
    return;
  if (idmap_get (m, id) != 0)
    rec_fail (rec, "id", "id %" G_GINT64_FORMAT " is used twice", id);
  else if (id > 0 && id <= m->n)
    m->dense[id] = i + 1;
  else
    {
      if (m->sparse == NULL)
        m->sparse = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (m->sparse, GSIZE_TO_POINTER (id), GUINT_TO_POINTER (i + 1));
    }
}

/* The index of ID, -1 for 0 (null); an error when unknown. */
static gint
resolve (Rec *rec, const IdMap *m, gint64 id, const char *member, const char *what)
{
  guint v;

  if (rec->failed || id == 0)
    return -1;
  v = idmap_get (m, id);
  if (v == 0)
    {
      rec_fail (rec, member, "no %s has id %" G_GINT64_FORMAT, what, id);
      return -1;
    }
  return (gint) v - 1;
}

typedef struct
{
  IdMap threads;
  IdMap scopes;
  IdMap vars;
  IdMap contexts;
} Indexes;

static void
read_threads (Rec *rec, JsonArray *a, Indexes *ix, GArray *peak_ids)
{
  guint i, n = json_array_get_length (a);

  rec->array = "threads";
  g_array_set_size (rec->r->threads, n);
  g_array_set_size (peak_ids, n);
  for (i = 0; i < n && rec_at (rec, a, i); i++)
    {
      MsThread *t = MS_THREAD (rec->r, i);

      t->id = rd_id (rec);
      t->tid = rd_int (rec, "tid", OPTIONAL);
      t->name = rd_str (rec, "name", OPTIONAL);
      t->is_active = rd_bool (rec, "is_active");
      t->scopes_entered = rd_int (rec, "scopes_entered", OPTIONAL);
      t->variables_registered = rd_int (rec, "variables_registered", OPTIONAL);
      t->stack_bytes_peak = rd_int (rec, "stack_bytes_peak", OPTIONAL);
      g_array_index (peak_ids, gint64, i) = rd_ref (rec, "peak_context", OPTIONAL);
      t->open_scopes = rd_int (rec, "open_scopes", OPTIONAL);
      t->unmatched_exits = rd_int (rec, "unmatched_exits", OPTIONAL);
      t->lost_events = rd_int (rec, "lost_events", OPTIONAL);
      t->created_at = rd_int (rec, "created_at", OPTIONAL);
      t->ended_at = rd_int (rec, "ended_at", OPTIONAL);
      t->heap_allocations = rd_int (rec, "total_allocations", OPTIONAL);
      t->heap_deallocations = rd_int (rec, "total_deallocations", OPTIONAL);
      t->heap_current = rd_int (rec, "current_memory", OPTIONAL);
      t->heap_peak = rd_int (rec, "peak_memory", OPTIONAL);
      index_id (rec, &ix->threads, t->id, i);
      if (rec->failed)
        return;
    }
}

static void
read_scopes (Rec *rec, JsonArray *a, Indexes *ix, GArray *parent_ids)
{
  guint i, n = json_array_get_length (a);

  rec->array = "scopes";
  g_array_set_size (rec->r->scopes, n);
  g_array_set_size (parent_ids, n);
  for (i = 0; i < n && rec_at (rec, a, i); i++)
    {
      MsScope *s = MS_SCOPE (rec->r, i);

      s->id = rd_id (rec);
      s->kind = rd_str (rec, "kind", OPTIONAL);
      s->name = rd_str (rec, "name", REQUIRED);
      s->function = rd_str (rec, "function", OPTIONAL);
      s->file = rd_str (rec, "file", OPTIONAL);
      s->line = rd_int (rec, "line", OPTIONAL);
      g_array_index (parent_ids, gint64, i) = rd_ref (rec, "parent", OPTIONAL);
      s->depth = rd_int (rec, "depth", OPTIONAL);
      s->entries = rd_int (rec, "entries", OPTIONAL);
      s->frame_bytes = rd_int (rec, "frame_bytes", OPTIONAL);
      s->peak_memory = rd_int (rec, "peak_memory", OPTIONAL);
      s->is_active = rd_bool (rec, "is_active");
      index_id (rec, &ix->scopes, s->id, i);
      if (rec->failed)
        return;
    }
}

static void
read_vars (Rec *rec, JsonArray *a, Indexes *ix)
{
  guint i, n = json_array_get_length (a);

  rec->array = "variables";
  g_array_set_size (rec->r->vars, n);
  for (i = 0; i < n && rec_at (rec, a, i); i++)
    {
      MsVar *v = MS_VAR (rec->r, i);

      v->id = rd_id (rec);
      v->name = rd_str (rec, "name", REQUIRED);
      v->type = rd_str (rec, "type", OPTIONAL);
      v->size = rd_int (rec, "size", REQUIRED);
      v->kind = rd_str (rec, "kind", OPTIONAL);
      v->scope = resolve (rec, &ix->scopes, rd_ref (rec, "scope", OPTIONAL), "scope", "scope");
      v->file = rd_str (rec, "file", OPTIONAL);
      v->line = rd_int (rec, "line", OPTIONAL);
      v->instances = rd_int (rec, "instances", OPTIONAL);
      v->live = rd_int (rec, "live", OPTIONAL);
      v->is_active = rd_bool (rec, "is_active");
      /* Older reports have no "tracked": every listed variable was. */
      v->tracked = rd_bool_or (rec, "tracked", TRUE);
      v->heap_bytes = rd_int (rec, "heap_bytes", OPTIONAL);
      v->heap_owned_bytes = rd_int (rec, "heap_owned_bytes", OPTIONAL);
      index_id (rec, &ix->vars, v->id, i);
      if (rec->failed)
        return;
    }
}

/* Contexts FROM..TO-1, read from A, whose element 0 is context FIRST:
 * the whole list, or a piece of a split text (read by a helper process,
 * see read_ahead_piece). */
typedef struct
{
  MsContext *contexts;          /* all of them */
  gint64 *parent_ids;
  gint64 *scope_ids;
  JsonArray *a;
  guint first;
  guint from;
  guint to;
  guint stop;                   /* the context that failed, or TO */
  GError *error;
  GArray *pool;                 /* of gint64: the part's thread ids */
  gboolean has_heap;
  gboolean has_threads;
} CtxPart;

/* The thread ids go to one pool per part (a context's list is usually one
 * or two ids: an allocation each would cost more than the ids);
 * c->threads holds the offset until fix_context_threads. */
static void
read_context_threads (Rec *rec, MsContext *c, CtxPart *part)
{
  JsonNode *node = rec_member (rec, "threads", OPTIONAL);
  GArray *pool = part->pool;
  JsonArray *a;
  guint i;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      rec_fail (rec, "threads", "expected an array of thread ids, got %s", node_kind (node));
      return;
    }
  a = json_node_get_array (node);
  c->n_threads = json_array_get_length (a);
  c->threads = GSIZE_TO_POINTER (pool->len);
  for (i = 0; i < c->n_threads; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      gint64 id;

      if (!node_is_int (e) || json_node_get_int (e) <= 0)
        {
          rec_fail (rec, "threads", "expected an array of thread ids, element %u is %s", i,
                    node_kind (e));
          return;
        }
      id = json_node_get_int (e);
      g_array_append_val (pool, id);
    }
  part->has_threads = TRUE;
}

/* Offsets into the pool become pointers, now that it stopped growing. */
static void
fix_context_threads (MsReport *r)
{
  guint i;

  for (i = 0; i < r->contexts->len; i++)
    {
      MsContext *c = MS_CONTEXT (r, i);

      c->threads = c->n_threads > 0
        ? &g_array_index (r->context_threads, gint64, GPOINTER_TO_SIZE (c->threads)) : NULL;
    }
}

/* Heap fields read as -1 when absent: any present means heap data. */
static void
read_heap_fields (CtxPart *part, MsContext *c)
{
  gint64 *f[] = { &c->heap_allocations, &c->heap_bytes, &c->heap_live_bytes, &c->heap_peak_bytes };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (f); k++)
    if (*f[k] < 0)
      *f[k] = 0;
    else
      part->has_heap = TRUE;
}

/* The part's contexts, up to the first that fails.  Everything but the
 * ids' uniqueness, which needs the contexts before. */
static void
read_context_part (CtxPart *part)
{
  Rec rec = { .array = "contexts", .error = &part->error };
  guint i;

  part->pool = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (i = part->from; i < part->to && rec_at_node (&rec, json_array_get_element (part->a, i - part->first), i); i++)
    {
      MsContext *c = &part->contexts[i];

      c->id = rd_id (&rec);
      part->scope_ids[i] = rd_ref (&rec, "scope", REQUIRED);
      part->parent_ids[i] = rd_ref (&rec, "parent", REQUIRED);
      c->entries = rd_int (&rec, "entries", REQUIRED);
      c->direct_bytes = rd_int (&rec, "direct_bytes", REQUIRED);
      c->peak_memory = rd_int (&rec, "peak_memory", REQUIRED);
      c->folded = rd_bool (&rec, "folded");
      c->is_active = rd_bool (&rec, "is_active");
      /* -1: absent, which tells a report without heap tracking. */
      c->heap_allocations = rd_int_or (&rec, "heap_allocations", -1);
      c->heap_bytes = rd_int_or (&rec, "heap_bytes", -1);
      c->heap_live_bytes = rd_int_or (&rec, "heap_live_bytes", -1);
      c->heap_peak_bytes = rd_int_or (&rec, "heap_peak_bytes", -1);
      read_heap_fields (part, c);
      read_context_threads (&rec, c, part);
      if (!rec.failed && part->scope_ids[i] == 0)
        rec_fail (&rec, "scope", "a context needs a scope, got null");
      if (rec.failed)
        break;
    }
  part->stop = i;
}

/* ------------------------------------------- contexts read ahead */

/* A big report's contexts are read ahead, by forked helpers and by this
 * process (split.c), into memory they share: every piece's records, ids
 * and thread ids, and how its reading went. */
enum
{
  PIECE_PENDING,                /* not read: a helper died */
  PIECE_UNPARSED,               /* not JSON: the text is parsed whole */
  PIECE_READ,
  PIECE_REFUSED,                /* read up to a bad record, read again here for the message */
};

typedef struct
{
  gint state;
  guint pool_len;
  gboolean has_heap;
  gboolean has_threads;
} PieceDone;

typedef struct
{
  MsSplit *split;
  MsHelpers *helpers;
  gpointer shared;
  gsize shared_size;
  MsContext *contexts;          /* all of them */
  gint64 *parent_ids;
  gint64 *scope_ids;
  gint64 *pool;                 /* piece k's thread ids from pool_at[k] */
  gsize *pool_at;               /* not shared: set before the helpers start */
  PieceDone *done;
} Ahead;

/* A job of the helpers: piece K parsed and read.  Contexts borrow no
 * strings from the tree: it is freed at once, and the next piece's reuses
 * its memory rather than fresh pages (a third of the time they would
 * take). */
static void
read_ahead_piece (guint k, gpointer data)
{
  Ahead *ah = data;
  const MsPiece *p = &g_array_index (ah->split->pieces, MsPiece, k);
  PieceDone *done = &ah->done[k];
  JsonNode *root = ms_piece_parse (p);
  CtxPart part = {
    .contexts = ah->contexts, .parent_ids = ah->parent_ids, .scope_ids = ah->scope_ids,
    .first = p->first, .from = p->first, .to = p->first + p->n,
  };

  if (root == NULL)
    {
      done->state = PIECE_UNPARSED;
      return;
    }
  part.a = json_node_get_array (root);
  read_context_part (&part);
  if (part.stop == part.to && part.pool->len <= ah->pool_at[k + 1] - ah->pool_at[k])
    {
      memcpy (ah->pool + ah->pool_at[k], part.pool->data, part.pool->len * sizeof (gint64));
      done->pool_len = part.pool->len;
      done->has_heap = part.has_heap;
      done->has_threads = part.has_threads;
      done->state = PIECE_READ;
    }
  else
    done->state = PIECE_REFUSED;
  g_array_unref (part.pool);
  g_clear_error (&part.error);
  json_node_unref (root);
}

static void
ahead_free (Ahead *ah)
{
  if (ah == NULL)
    return;
  ms_helpers_free (ah->helpers);
  ms_shared_free (ah->shared, ah->shared_size);
  g_free (ah->pool_at);
  ms_split_free (ah->split);
  g_free (ah);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ahead, ahead_free)

/* Starts reading SPLIT's pieces (and owns SPLIT); NULL when the shared
 * memory cannot be had. */
static Ahead *
ahead_start (MsSplit *split)
{
  g_autoptr (Ahead) ah = g_new0 (Ahead, 1);
  guint n = split->n, n_pieces = split->pieces->len, k;
  gsize at;

  ah->split = split;
  /* Every thread id takes a digit and a comma: no piece has more than
   * half its length. */
  ah->pool_at = g_new (gsize, n_pieces + 1);
  for (k = 0, at = 0; k < n_pieces; k++)
    {
      ah->pool_at[k] = at;
      at += g_array_index (split->pieces, MsPiece, k).len / 2 + 1;
    }
  ah->pool_at[n_pieces] = at;
  ah->shared_size = n * (sizeof (MsContext) + 2 * sizeof (gint64)) + at * sizeof (gint64)
    + n_pieces * sizeof (PieceDone);
  ah->shared = ms_shared_new (ah->shared_size);
  if (ah->shared == NULL)
    return NULL;
  ah->contexts = ah->shared;
  ah->parent_ids = (gint64 *) (ah->contexts + n);
  ah->scope_ids = ah->parent_ids + n;
  ah->pool = ah->scope_ids + n;
  ah->done = (PieceDone *) (ah->pool + at);
  ah->helpers = ms_helpers_start (split->procs, n_pieces, read_ahead_piece, ah);
  return g_steal_pointer (&ah);
}

/* Once this process has parsed the rest of the text: its share of the
 * pieces, and the helpers' ones awaited.  FALSE when a piece did not
 * parse (or was not read at all): then the text is parsed whole. */
static gboolean
ahead_finish (Ahead *ah, gboolean cancel)
{
  guint k;

  ms_helpers_finish (ah->helpers, cancel);
  for (k = 0; k < ah->split->pieces->len; k++)
    if (ah->done[k].state != PIECE_READ && ah->done[k].state != PIECE_REFUSED)
      return FALSE;
  return TRUE;
}

/* The contexts as read ahead, joined in order: ids are checked for
 * uniqueness up to the first refused record, whose piece is read again
 * here for the error a single pass would have stopped at. */
static void
read_contexts_ahead (Rec *rec, Ahead *ah, Indexes *ix, GArray *parent_ids, GArray *scope_ids)
{
  MsReport *r = rec->r;
  guint i, k, n = ah->split->n;

  rec->array = "contexts";
  g_array_set_size (r->contexts, n);
  g_array_set_size (parent_ids, n);
  g_array_set_size (scope_ids, n);
  memcpy (r->contexts->data, ah->contexts, n * sizeof (MsContext));
  memcpy (parent_ids->data, ah->parent_ids, n * sizeof (gint64));
  memcpy (scope_ids->data, ah->scope_ids, n * sizeof (gint64));
  for (k = 0; k < ah->split->pieces->len && !rec->failed; k++)
    {
      const MsPiece *p = &g_array_index (ah->split->pieces, MsPiece, k);
      gsize base = r->context_threads->len;
      CtxPart part = {
        .contexts = (MsContext *) r->contexts->data, .parent_ids = (gint64 *) parent_ids->data,
        .scope_ids = (gint64 *) scope_ids->data, .first = p->first, .from = p->first, .to = p->first + p->n,
        .stop = p->first + p->n,
      };
      JsonNode *root = NULL;

      if (ah->done[k].state == PIECE_READ)
        {
          g_array_append_vals (r->context_threads, ah->pool + ah->pool_at[k], ah->done[k].pool_len);
          part.has_heap = ah->done[k].has_heap;
          part.has_threads = ah->done[k].has_threads;
        }
      else if ((root = ms_piece_parse (p)) != NULL)
        {
          part.a = json_node_get_array (root);
          read_context_part (&part);
          g_array_append_vals (r->context_threads, part.pool->data, part.pool->len);
          g_array_unref (part.pool);
          json_node_unref (root);
        }
      else
        {
          /* It parsed in a helper: the text changed under us? */
          rec->index = p->first;
          rec_fail (rec, NULL, "could not be parsed again");
          return;
        }
      for (i = part.from; i < part.stop && !rec->failed; i++)
        {
          MsContext *c = MS_CONTEXT (r, i);

          rec->index = i;
          index_id (rec, &ix->contexts, c->id, i);
          c->threads = GSIZE_TO_POINTER (GPOINTER_TO_SIZE (c->threads) + base);
        }
      if (!rec->failed && part.stop < part.to)
        {
          g_propagate_error (rec->error, g_steal_pointer (&part.error));
          rec->failed = TRUE;
        }
      g_clear_error (&part.error);
      r->has_heap |= part.has_heap;
      r->has_context_threads |= part.has_threads;
    }
}

/* The contexts in one pass. */
static void
read_contexts (Rec *rec, JsonArray *a, Indexes *ix, GArray *parent_ids, GArray *scope_ids)
{
  MsReport *r = rec->r;
  guint i, n = json_array_get_length (a);
  CtxPart part = { .a = a, .from = 0, .to = n };

  rec->array = "contexts";
  g_array_set_size (r->contexts, n);
  g_array_set_size (parent_ids, n);
  g_array_set_size (scope_ids, n);
  part.contexts = (MsContext *) r->contexts->data;
  part.parent_ids = (gint64 *) parent_ids->data;
  part.scope_ids = (gint64 *) scope_ids->data;
  read_context_part (&part);
  for (i = 0; i < part.stop && !rec->failed; i++)
    {
      rec->index = i;
      index_id (rec, &ix->contexts, MS_CONTEXT (r, i)->id, i);
    }
  if (!rec->failed && part.stop < n)
    {
      g_propagate_error (rec->error, g_steal_pointer (&part.error));
      rec->failed = TRUE;
    }
  g_clear_error (&part.error);
  /* The part's pool is the report's. */
  g_array_unref (r->context_threads);
  r->context_threads = part.pool;
  r->has_heap |= part.has_heap;
  r->has_context_threads |= part.has_threads;
}

static void
read_leaks (Rec *rec, JsonArray *a, Indexes *ix)
{
  guint i, n = json_array_get_length (a);

  rec->array = "leaks";
  g_array_set_size (rec->r->leaks, n);
  for (i = 0; i < n && rec_at (rec, a, i); i++)
    {
      MsLeak *l = MS_LEAK (rec->r, i);

      l->context = resolve (rec, &ix->contexts, rd_ref (rec, "context", OPTIONAL), "context", "context");
      l->variable = resolve (rec, &ix->vars, rd_ref (rec, "variable", OPTIONAL), "variable", "variable");
      l->bytes = rd_int (rec, "bytes", REQUIRED);
      l->blocks = rd_int (rec, "blocks", OPTIONAL);
      /* Without "reachable" (reports older than the leak check), every
       * block still live at exit counts as leaked. */
      if (rd_bool (rec, "inherited"))
        l->kind = MS_INHERITED;
      else
        l->kind = rd_bool_or (rec, "reachable", FALSE) ? MS_REACHABLE : MS_LEAKED;
      if (rec->failed)
        return;
    }
}

/* One trace event: [t_ns, "B" or "E", context id]. */
static gboolean
read_event (Rec *rec, JsonNode *node, guint k, Indexes *ix, MsEvent *ev)
{
  JsonArray *e;
  JsonNode *t, *ph, *ctx;
  const char *phase;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (e = json_node_get_array (node)) != 3)
    {
      rec_fail (rec, "events", "event %u: expected [t_ns, \"B\" or \"E\", context id]", k);
      return FALSE;
    }
  t = json_array_get_element (e, 0);
  ph = json_array_get_element (e, 1);
  ctx = json_array_get_element (e, 2);
  phase = JSON_NODE_HOLDS_VALUE (ph) && json_node_get_value_type (ph) == G_TYPE_STRING
    ? json_node_get_string (ph) : "";
  if (!node_is_int (t) || json_node_get_int (t) < 0 || !node_is_int (ctx)
      || (strcmp (phase, "B") != 0 && strcmp (phase, "E") != 0))
    {
      rec_fail (rec, "events", "event %u: expected [t_ns, \"B\" or \"E\", context id]", k);
      return FALSE;
    }
  ev->t_ns = json_node_get_int (t);
  ev->begin = phase[0] == 'B';
  ev->context = resolve (rec, &ix->contexts, json_node_get_int (ctx), "events", "context");
  return !rec->failed;
}

static void
read_trace (Rec *rec, JsonArray *a, Indexes *ix)
{
  guint i, k, n = json_array_get_length (a);

  rec->array = "trace";
  rec->r->traces = g_array_sized_new (FALSE, TRUE, sizeof (MsTrace), n);
  for (i = 0; i < n && rec_at (rec, a, i); i++)
    {
      MsTrace tr = { 0 };
      JsonNode *events;
      JsonArray *ea;

      tr.thread = rd_ref (rec, "thread", REQUIRED);
      resolve (rec, &ix->threads, tr.thread, "thread", "thread");
      tr.dropped = rd_int (rec, "dropped", OPTIONAL);
      events = rec_member (rec, "events", REQUIRED);
      if (rec->failed)
        return;
      if (!JSON_NODE_HOLDS_ARRAY (events))
        {
          rec_fail (rec, "events", "expected an array, got %s", node_kind (events));
          return;
        }
      ea = json_node_get_array (events);
      tr.events = g_array_sized_new (FALSE, FALSE, sizeof (MsEvent), json_array_get_length (ea));
      g_array_append_val (rec->r->traces, tr);
      for (k = 0; k < json_array_get_length (ea); k++)
        {
          MsEvent ev;

          if (!read_event (rec, json_array_get_element (ea, k), k, ix, &ev))
            return;
          g_array_append_val (tr.events, ev);
        }
    }
}

static void
resolve_refs (Rec *rec, Indexes *ix, GArray *peak_ids, GArray *scope_parents,
              GArray *ctx_parents, GArray *ctx_scopes)
{
  MsReport *r = rec->r;
  guint i;

  rec->array = "threads";
  for (i = 0; i < r->threads->len && !rec->failed; i++)
    {
      rec->index = i;
      MS_THREAD (r, i)->peak_context = resolve (rec, &ix->contexts, g_array_index (peak_ids, gint64, i),
                                                "peak_context", "context");
    }
  rec->array = "scopes";
  for (i = 0; i < r->scopes->len && !rec->failed; i++)
    {
      rec->index = i;
      MS_SCOPE (r, i)->parent = resolve (rec, &ix->scopes, g_array_index (scope_parents, gint64, i),
                                         "parent", "scope");
    }
  rec->array = "contexts";
  for (i = 0; i < r->contexts->len && !rec->failed; i++)
    {
      MsContext *c = MS_CONTEXT (r, i);

      rec->index = i;
      c->parent = resolve (rec, &ix->contexts, g_array_index (ctx_parents, gint64, i), "parent", "context");
      c->scope = resolve (rec, &ix->scopes, g_array_index (ctx_scopes, gint64, i), "scope", "scope");
    }
}

/* Depth of every context; a parent chain that loops is an error.  Each
 * context is walked at most once (state 2 = done), so this is linear. */
static void
compute_depths (Rec *rec)
{
  MsReport *r = rec->r;
  guint n = r->contexts->len;
  g_autofree guint8 *state = g_new0 (guint8, n);
  g_autofree guint *chain = g_new (guint, n);
  guint i;

  for (i = 0; i < n; i++)
    {
      guint len = 0, depth;
      gint c = i;

      while (c >= 0 && state[c] == 0)
        {
          state[c] = 1;
          chain[len++] = c;
          c = MS_CONTEXT (r, c)->parent;
        }
      if (c >= 0 && state[c] == 1)
        {
          rec->array = "contexts";
          rec->index = c;
          rec_fail (rec, "parent", "the parent chain of context %" G_GINT64_FORMAT " loops",
                    MS_CONTEXT (r, c)->id);
          return;
        }
      depth = c >= 0 ? MS_CONTEXT (r, c)->depth + 1 : 0;
      while (len > 0)
        {
          guint k = chain[--len];

          MS_CONTEXT (r, k)->depth = depth++;
          state[k] = 2;
        }
    }
}

static MsReport *sort_report;

/* Biggest peak first, then by id, so every listing is stable. */
static int
by_peak_then_id (gconstpointer a, gconstpointer b)
{
  const MsContext *x = MS_CONTEXT (sort_report, *(const guint *) a);
  const MsContext *y = MS_CONTEXT (sort_report, *(const guint *) b);

  if (x->peak_memory != y->peak_memory)
    return x->peak_memory > y->peak_memory ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Child lists in display order, and subtree sums for the heap: what the
 * tree walks (tree, top, export, merge) need, and the summary does not. */
void
ms_report_link_tree (MsReport *r)
{
  guint n = r->contexts->len, i;
  g_autofree guint *order = g_new (guint, n);
  g_autofree guint *by_depth = g_new (guint, n);
  g_autofree guint *count = NULL;
  guint max_depth = 0;

  if (r->linked)
    return;
  r->linked = TRUE;
  for (i = 0; i < n; i++)
    {
      MsContext *c = MS_CONTEXT (r, i);

      order[i] = i;
      c->first_child = c->next_sibling = -1;
      c->incl_heap_allocations = c->heap_allocations;
      c->incl_heap_bytes = c->heap_bytes;
      c->incl_heap_live_bytes = c->heap_live_bytes;
      c->incl_leak_bytes = c->leak_bytes;
      max_depth = MAX (max_depth, c->depth);
    }
  sort_report = r;
  qsort (order, n, sizeof *order, by_peak_then_id);
  r->first_root = -1;
  /* Prepending in reverse sorted order leaves every list sorted. */
  for (i = n; i-- > 0;)
    {
      MsContext *c = MS_CONTEXT (r, order[i]);
      gint *head = c->parent >= 0 ? &MS_CONTEXT (r, c->parent)->first_child : &r->first_root;

      c->next_sibling = *head;
      *head = order[i];
    }
  /* Deepest first (a counting sort by depth), adding into parents. */
  count = g_new0 (guint, max_depth + 2);
  for (i = 0; i < n; i++)
    count[MS_CONTEXT (r, i)->depth + 1]++;
  for (i = 1; i <= max_depth + 1; i++)
    count[i] += count[i - 1];
  for (i = 0; i < n; i++)
    by_depth[count[MS_CONTEXT (r, i)->depth]++] = i;
  for (i = n; i-- > 0;)
    {
      MsContext *c = MS_CONTEXT (r, by_depth[i]);

      if (c->parent >= 0)
        {
          MsContext *p = MS_CONTEXT (r, c->parent);

          p->incl_heap_allocations += c->incl_heap_allocations;
          p->incl_heap_bytes += c->incl_heap_bytes;
          p->incl_heap_live_bytes += c->incl_heap_live_bytes;
          p->incl_leak_bytes += c->incl_leak_bytes;
        }
    }
}

static void
read_header (Rec *top)
{
  JsonNode *format = rec_member (top, "format", OPTIONAL);
  JsonNode *version;

  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format)
      || json_node_get_value_type (format) != G_TYPE_STRING)
    {
      rec_fail (top, "format", "missing: not a memscope report");
      return;
    }
  if (strcmp (json_node_get_string (format), "memscope") != 0)
    {
      rec_fail (top, "format", "\"%s\", not a memscope report", json_node_get_string (format));
      return;
    }
  version = rec_member (top, "version", OPTIONAL);
  if (version == NULL || !node_is_int (version))
    {
      rec_fail (top, "version", "missing or not an integer");
      return;
    }
  if (json_node_get_int (version) != 1)
    {
      rec_fail (top, "version", "%" G_GINT64_FORMAT " is not supported (this memscope reads version 1)",
                json_node_get_int (version));
      return;
    }
  top->r->program = rd_str (top, "program", OPTIONAL);
  top->r->pid = rd_int (top, "pid", OPTIONAL);
  top->r->taken_at = rd_int (top, "taken_at", OPTIONAL);
}

/* The optional "heap" object of the runtime's heap tracking. */
/* The optional "crash" object: the signal that killed the program. */
static void
read_crash (Rec *top)
{
  JsonNode *node = rec_member (top, "crash", OPTIONAL);
  Rec rec = { .r = top->r, .error = top->error, .array = NULL };

  top->r->crash_signal = 0;
  if (node == NULL || top->failed)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      rec_fail (top, "crash", "expected an object, got %s", node_kind (node));
      return;
    }
  rec.obj = json_node_get_object (node);
  top->r->crash_signal = rd_int_or (&rec, "signal", 0);
  top->r->crash_thread = rd_int_or (&rec, "thread", 0);
  if (rec.failed)
    {
      g_prefix_error (top->error, "crash.");
      top->failed = TRUE;
    }
}

static void
read_heap_totals (Rec *top)
{
  JsonNode *node = rec_member (top, "heap", OPTIONAL);
  Rec rec = { .r = top->r, .error = top->error, .array = NULL };
  MsReport *r = top->r;

  r->heap_live_blocks = r->heap_live_bytes = -1;
  if (node == NULL || top->failed)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      rec_fail (top, "heap", "expected an object, got %s", node_kind (node));
      return;
    }
  rec.obj = json_node_get_object (node);
  r->heap_off = !rd_bool_or (&rec, "enabled", TRUE);
  r->heap_live_blocks = rd_int_or (&rec, "live_blocks", -1);
  r->heap_live_bytes = rd_int_or (&rec, "live_bytes", -1);
  r->outside_allocations = rd_int (&rec, "outside_allocations", OPTIONAL);
  r->outside_bytes = rd_int (&rec, "outside_bytes", OPTIONAL);
  r->outside_live_bytes = rd_int (&rec, "outside_live_bytes", OPTIONAL);
  r->has_heap = !r->heap_off;
  if (rec.failed)
    {
      /* Messages of members of "heap" read "heap.NAME: ...". */
      g_prefix_error (top->error, "heap.");
      top->failed = TRUE;
    }
}

static void
read_body (Rec *top, Ahead *ahead)
{
  MsReport *r = top->r;
  Rec rec = { .r = r, .error = top->error };
  Indexes ix;
  g_autoptr (GArray) peak_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr (GArray) scope_parents = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr (GArray) ctx_parents = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr (GArray) ctx_scopes = g_array_new (FALSE, TRUE, sizeof (gint64));
  JsonArray *threads = top_array (top, "threads", REQUIRED);
  JsonArray *scopes = top_array (top, "scopes", REQUIRED);
  JsonArray *vars = top_array (top, "variables", REQUIRED);
  JsonArray *contexts = top_array (top, "contexts", REQUIRED);
  JsonArray *leaks = top_array (top, "leaks", OPTIONAL);
  JsonArray *trace = top_array (top, "trace", OPTIONAL);
  guint i;

  if (top->failed)
    return;
  idmap_init (&ix.threads, json_array_get_length (threads));
  idmap_init (&ix.scopes, json_array_get_length (scopes));
  idmap_init (&ix.vars, json_array_get_length (vars));
  idmap_init (&ix.contexts, ahead != NULL ? ahead->split->n : json_array_get_length (contexts));
  read_threads (&rec, threads, &ix, peak_ids);
  if (!rec.failed)
    read_scopes (&rec, scopes, &ix, scope_parents);
  if (!rec.failed)
    read_vars (&rec, vars, &ix);
  if (!rec.failed && ahead != NULL)
    read_contexts_ahead (&rec, ahead, &ix, ctx_parents, ctx_scopes);
  else if (!rec.failed)
    read_contexts (&rec, contexts, &ix, ctx_parents, ctx_scopes);
  if (!rec.failed)
    fix_context_threads (r);
  if (!rec.failed)
    resolve_refs (&rec, &ix, peak_ids, scope_parents, ctx_parents, ctx_scopes);
  if (!rec.failed && leaks != NULL)
    {
      r->has_heap = TRUE;
      read_leaks (&rec, leaks, &ix);
      for (i = 0; i < r->leaks->len && !rec.failed; i++)
        if (MS_LEAK (r, i)->context >= 0 && MS_LEAK (r, i)->kind == MS_LEAKED)
          MS_CONTEXT (r, MS_LEAK (r, i)->context)->leak_bytes += MS_LEAK (r, i)->bytes;
    }
  if (!rec.failed && trace != NULL)
    read_trace (&rec, trace, &ix);
  if (!rec.failed)
    read_heap_totals (top);
  if (!rec.failed)
    read_crash (top);
  rec.failed |= top->failed;
  /* Heap tracking switched off: its zeroed fields mean nothing. */
  if (r->heap_off)
    r->has_heap = FALSE;
  if (!rec.failed)
    compute_depths (&rec);
  top->failed = rec.failed;
  idmap_clear (&ix.threads);
  idmap_clear (&ix.scopes);
  idmap_clear (&ix.vars);
  idmap_clear (&ix.contexts);
}

/* After a parse error: does the text stop inside an unfinished value?
 * Then "truncated" is the useful word, rather than the parser's message
 * about whatever token it expected next. */
static gboolean
looks_truncated (const char *data, gsize len)
{
  gsize i;
  gint64 depth = 0;
  gboolean in_string = FALSE;

  for (i = 0; i < len; i++)
    {
      char ch = data[i];

      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = FALSE;
        }
      else if (ch == '"')
        in_string = TRUE;
      else if (ch == '{' || ch == '[')
        depth++;
      else if (ch == '}' || ch == ']')
        depth--;
    }
  return in_string || depth > 0;
}

static void
report_file_error (const char *path, GError *file_error, GError **error)
{
  const char *why;

  switch (file_error->code)
    {
    case G_FILE_ERROR_NOENT:
      why = "no such file";
      break;
    case G_FILE_ERROR_ACCES:
      why = "permission denied";
      break;
    case G_FILE_ERROR_ISDIR:
      why = "is a directory";
      break;
    default:
      why = file_error->message;
      break;
    }
  g_set_error (error, MS_REPORT_ERROR, 0, "cannot read: %s", why);
  (void) path;
}

/* The parser's message without its "<data>:" prefix. */
static const char *
parse_message (const char *message)
{
  if (g_str_has_prefix (message, "<data>:"))
    return message + strlen ("<data>:");
  return message;
}

static JsonNode *
parse_one (const char *data, gsize len, GError **parse_error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, data, len, parse_error))
    return NULL;
  return json_parser_steal_root (parser);
}

/* A big report: its contexts read ahead in pieces (split.c), while this
 * process parses the rest of the text.  NULL (and *AHEAD unset) when the
 * text is to be parsed whole. */
static JsonNode *
parse_split (const char *data, gsize len, Ahead **ahead)
{
  MsSplit *split = ms_split_new (data, len, "contexts");
  g_autoptr (Ahead) ah = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonNode *contexts;
  gboolean read;

  if (split == NULL || (ah = ahead_start (split)) == NULL)
    return NULL;
  root = parse_one (split->rest->str, split->rest->len, NULL);
  read = ahead_finish (ah, root == NULL);
  if (!read || root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (contexts = json_object_get_member (json_node_get_object (root), "contexts")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (contexts) || json_array_get_length (json_node_get_array (contexts)) != 0)
    {
      g_debug ("parsing the text whole: %s did not parse", root == NULL ? "the rest" : "a piece");
      return NULL;
    }
  g_debug ("parsed in %u pieces and the rest", split->pieces->len);
  *ahead = g_steal_pointer (&ah);
  return g_steal_pointer (&root);
}

static JsonNode *
parse_text (const char *path, const char *data, gsize len, Ahead **ahead, GError **error)
{
  g_autoptr (GError) parse_error = NULL;
  JsonNode *root;

  if (len == 0 || ms_json_blank (data, len))
    {
      g_set_error (error, MS_REPORT_ERROR, 0, "empty file, not a memscope report");
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, MS_REPORT_ERROR, 0, "not JSON (the file contains NUL bytes)");
      return NULL;
    }
  root = parse_split (data, len, ahead);
  if (root != NULL)
    return root;
  root = parse_one (data, len, &parse_error);
  if (root == NULL)
    {
      if (looks_truncated (data, len))
        g_set_error (error, MS_REPORT_ERROR, 0, "truncated JSON (the text stops after %" G_GSIZE_FORMAT
                     " bytes, inside an unfinished value)", len);
      else
        g_set_error (error, MS_REPORT_ERROR, 0, "not valid JSON: %s", parse_message (parse_error->message));
      return NULL;
    }
  (void) path;
  return root;
}

static GPtrArray *
parsed_trees (void)
{
  static GPtrArray *trees;

  if (trees == NULL)
    trees = g_ptr_array_new ();
  return trees;
}

/* An empty report, read from @path (or NULL). */
MsReport *
ms_report_new (const char *path)
{
  MsReport *r = g_new0 (MsReport, 1);

  r->path = g_strdup (path);
  r->strings = g_ptr_array_new_with_free_func (g_free);
  r->threads = g_array_new (FALSE, TRUE, sizeof (MsThread));
  r->scopes = g_array_new (FALSE, TRUE, sizeof (MsScope));
  r->vars = g_array_new (FALSE, TRUE, sizeof (MsVar));
  r->contexts = g_array_new (FALSE, TRUE, sizeof (MsContext));
  r->leaks = g_array_new (FALSE, TRUE, sizeof (MsLeak));
  r->context_threads = g_array_new (FALSE, FALSE, sizeof (gint64));
  r->first_root = -1;
  return r;
}

MsReport *
ms_report_load (const char *path, GError **error)
{
  g_autoptr (MsReport) r = ms_report_new (path);
  g_autoptr (GError) file_error = NULL;
  g_autofree char *data = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (Ahead) ahead = NULL;
  gsize len = 0;
  Rec top = { 0 };

  if (!g_file_get_contents (path, &data, &len, &file_error))
    {
      report_file_error (path, file_error, error);
      return NULL;
    }
  root = parse_text (path, data, len, &ahead, error);
  if (root == NULL)
    return NULL;
  /* The pieces of the text read ahead may have to be read again. */
  if (ahead == NULL)
    g_clear_pointer (&data, g_free);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MS_REPORT_ERROR, 0, "not a memscope report (the JSON text is %s, not an object)",
                   node_kind (root));
      return NULL;
    }
  top.r = r;
  top.obj = json_node_get_object (root);
  /* Never freed: a command reads its reports and exits, and freeing the
   * millions of nodes of a big report would cost a third of its run. */
  g_ptr_array_add (parsed_trees (), json_node_ref (root));
  top.error = error;
  read_header (&top);
  if (!top.failed)
    read_body (&top, ahead);
  if (top.failed)
    return NULL;
  return g_steal_pointer (&r);
}

MsReport *
ms_report_load_or_exit (const char *path)
{
  g_autoptr (GError) error = NULL;
  MsReport *r = ms_report_load (path, &error);

  if (r == NULL)
    {
      fflush (stdout);
      fprintf (stderr, "memscope: %s: %s\n", path, error->message);
      exit (MS_EXIT_BAD_INPUT);
    }
  return r;
}

void
ms_report_free (MsReport *r)
{
  guint i;

  if (r == NULL)
    return;
  if (r->traces != NULL)
    {
      for (i = 0; i < r->traces->len; i++)
        g_array_unref (g_array_index (r->traces, MsTrace, i).events);
      g_array_unref (r->traces);
    }
  g_array_unref (r->threads);
  g_array_unref (r->scopes);
  g_array_unref (r->vars);
  g_array_unref (r->contexts);
  g_array_unref (r->leaks);
  if (r->context_threads != NULL)
    g_array_unref (r->context_threads);
  g_ptr_array_unref (r->strings);
  g_free (r->path);
  g_free (r);
}

const char *
ms_str (const char *s)
{
  return s != NULL ? s : "?";
}

/* "checksum" for a function, "{block@29} in area" for a block. */
char *
ms_scope_label (const MsReport *r, guint scope)
{
  const MsScope *s = MS_SCOPE (r, scope);

  if (s->function != NULL && g_strcmp0 (s->function, s->name) != 0)
    return g_strdup_printf ("%s in %s", ms_str (s->name), s->function);
  return g_strdup (ms_str (s->name));
}

char *
ms_scope_location (const MsReport *r, guint scope)
{
  const MsScope *s = MS_SCOPE (r, scope);

  if (s->file == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, s->file, s->line);
}

char *
ms_var_label (const MsReport *r, guint var)
{
  const MsVar *v = MS_VAR (r, var);

  return g_strdup_printf ("%s %s", ms_str (v->type), ms_str (v->name));
}

/* Scope names from the root down to CTX, joined by SEP. */
char *
ms_context_path (const MsReport *r, guint ctx, const char *sep)
{
  const MsContext *c = MS_CONTEXT (r, ctx);
  g_autofree const char **names = g_new (const char *, c->depth + 2);
  gint i = c->depth + 1, k = ctx;

  names[i] = NULL;
  while (k >= 0)
    {
      names[--i] = ms_str (MS_SCOPE (r, MS_CONTEXT (r, k)->scope)->name);
      k = MS_CONTEXT (r, k)->parent;
    }
  return g_strjoinv (sep, (char **) names);
}

void
ms_report_leak_totals (const MsReport *r, MsLeakTotals *t)
{
  guint i;

  memset (t, 0, sizeof *t);
  for (i = 0; i < r->leaks->len; i++)
    {
      const MsLeak *l = MS_LEAK (r, i);

      t->bytes[l->kind] += l->bytes;
      t->blocks[l->kind] += l->blocks;
    }
}

const char *
ms_leak_kind_name (MsLeakKind kind)
{
  static const char *const names[] = { "leaked", "reachable", "inherited" };

  return kind < G_N_ELEMENTS (names) ? names[kind] : "?";
}

/* Ids are 1..n in order in the runtime's reports and in merged ones, so
 * the id is usually the index; anything else is searched for. */
gint
ms_report_thread_index (const MsReport *r, gint64 id)
{
  guint i;

  if (id > 0 && id <= r->threads->len && MS_THREAD (r, id - 1)->id == id)
    return id - 1;
  for (i = 0; i < r->threads->len; i++)
    if (MS_THREAD (r, i)->id == id)
      return i;
  return -1;
}

/* Pushes the sibling list starting at FIRST so that the first pops first: appended in list
 * order, then that run reversed (inserting each at the same spot would
 * move the others every time, quadratic in a wide tree). */
void
ms_push_children (const MsReport *r, GArray *stack, gint first)
{
  guint from = stack->len, to;
  gint c;

  for (c = first; c >= 0; c = MS_CONTEXT (r, c)->next_sibling)
    g_array_append_val (stack, c);
  for (to = stack->len; from + 1 < to; from++, to--)
    {
      gint tmp = g_array_index (stack, gint, from);

      g_array_index (stack, gint, from) = g_array_index (stack, gint, to - 1);
      g_array_index (stack, gint, to - 1) = tmp;
    }
}

/* ------------------------------------------------------------- ranking */

typedef struct
{
  GCompareDataFunc cmp;
  gconstpointer data;
} Ranker;

static int
rank_cmp (const Ranker *k, guint a, guint b)
{
  return k->cmp (&a, &b, (gpointer) k->data);
}

/* A heap whose root is the worst index kept so far. */
static void
sift_down (const Ranker *k, guint *heap, guint n, guint at)
{
  for (;;)
    {
      guint worst = at, l = 2 * at + 1, r = l + 1, tmp;

      if (l < n && rank_cmp (k, heap[l], heap[worst]) > 0)
        worst = l;
      if (r < n && rank_cmp (k, heap[r], heap[worst]) > 0)
        worst = r;
      if (worst == at)
        return;
      tmp = heap[at];
      heap[at] = heap[worst];
      heap[worst] = tmp;
      at = worst;
    }
}

static void
sift_up (const Ranker *k, guint *heap, guint at)
{
  while (at > 0 && rank_cmp (k, heap[at], heap[(at - 1) / 2]) > 0)
    {
      guint parent = (at - 1) / 2, tmp = heap[at];

      heap[at] = heap[parent];
      heap[parent] = tmp;
      at = parent;
    }
}

/* Indices 0..n-1 that KEEP accepts (all when NULL), in CMP order (CMP gets
 * pointers to two guint indices and DATA), the first LIMIT of them (0: all).
 * A summary wants the top 10 of 100,000 contexts: a bounded heap does that
 * in O(n log LIMIT) instead of sorting everything. */
GArray *
ms_rank (guint n, gboolean (*keep) (gconstpointer data, guint i), GCompareDataFunc cmp,
         gconstpointer data, guint limit)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint));
  Ranker k = { cmp, data };
  guint i;

  for (i = 0; i < n; i++)
    {
      guint *heap;

      if (keep != NULL && !keep (data, i))
        continue;
      if (limit == 0 || a->len < limit)
        {
          g_array_append_val (a, i);
          if (limit > 0)
            sift_up (&k, (guint *) a->data, a->len - 1);
          continue;
        }
      heap = (guint *) a->data;
      if (rank_cmp (&k, i, heap[0]) < 0)
        {
          heap[0] = i;
          sift_down (&k, heap, a->len, 0);
        }
    }
  g_array_sort_with_data (a, cmp, (gpointer) data);
  return a;
}

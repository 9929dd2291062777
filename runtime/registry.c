/* registry.c: the metadata engine and its three registries
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each registry is a GHashTable of records keyed by id, behind one GMutex.
 * A record embeds the public info struct (so that a copy is one call) plus
 * the bookkeeping the public struct does not show.
 *
 * Lock order: a variable registry's lock, then its scope tracker's lock.
 * The scope tracker never calls back into a variable registry, and the
 * thread registry talks to nobody, so no cycle is possible.  The engine's
 * refresh hook runs with no lock held, because it puts records.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "registry-private.h"

G_DEFINE_QUARK (memscope-error-quark, memscope_error)

guint64
_memscope_monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

/* Subtracts without wrapping: a put may have replaced the totals we are
 * undoing with smaller ones. */
static gsize
sub_sat (gsize a, gsize b)
{
  return a > b ? a - b : 0;
}

/* ------------------------------------------------------------------------ */
/* Info records                                                             */
/* ------------------------------------------------------------------------ */

MemscopeVariableInfo *
memscope_variable_info_copy (const MemscopeVariableInfo *info)
{
  MS_RUNTIME_SCOPE;
  MemscopeVariableInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new (MemscopeVariableInfo, 1);
  *copy = *info;
  copy->name = g_strdup (info->name ? info->name : "");
  copy->type_name = g_strdup (info->type_name ? info->type_name : "");
  return copy;
}

void
memscope_variable_info_free (MemscopeVariableInfo *info)
{
  MS_RUNTIME_SCOPE;
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->type_name);
  g_free (info);
}

static GArray *
id_array_copy (const GArray *ids)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (guint64), ids ? ids->len : 0);

  if (ids != NULL && ids->len > 0)
    g_array_append_vals (copy, ids->data, ids->len);
  return copy;
}

MemscopeScopeInfo *
memscope_scope_info_copy (const MemscopeScopeInfo *info)
{
  MS_RUNTIME_SCOPE;
  MemscopeScopeInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new (MemscopeScopeInfo, 1);
  *copy = *info;
  copy->name = g_strdup (info->name ? info->name : "");
  copy->variables = id_array_copy (info->variables);
  return copy;
}

void
memscope_scope_info_free (MemscopeScopeInfo *info)
{
  MS_RUNTIME_SCOPE;
  if (info == NULL)
    return;
  g_free (info->name);
  if (info->variables != NULL)
    g_array_unref (info->variables);
  g_free (info);
}

MemscopeThreadInfo *
memscope_thread_info_copy (const MemscopeThreadInfo *info)
{
  MS_RUNTIME_SCOPE;
  MemscopeThreadInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new (MemscopeThreadInfo, 1);
  *copy = *info;
  copy->name = g_strdup (info->name);
  return copy;
}

void
memscope_thread_info_free (MemscopeThreadInfo *info)
{
  MS_RUNTIME_SCOPE;
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info);
}

/* Sorts a snapshot: every info struct starts with its guint64 id. */
static gint
compare_by_leading_id (gconstpointer a, gconstpointer b)
{
  guint64 ia = **(const guint64 *const *) a;
  guint64 ib = **(const guint64 *const *) b;

  return ia < ib ? -1 : ia > ib;
}

G_STATIC_ASSERT (G_STRUCT_OFFSET (MemscopeVariableInfo, variable_id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MemscopeScopeInfo, scope_id) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MemscopeThreadInfo, thread_id) == 0);

/* Deep copies of the records of @records, sorted by id: the one snapshot
 * of all three registries.  Each record starts with its info; its
 * "automatic" flag is at @automatic_offset.  The caller holds the lock. */
static GPtrArray *
records_snapshot (GHashTable *records, gsize automatic_offset, gboolean include_automatic,
                  gpointer (*copy) (gconstpointer info), GDestroyNotify free_info)
{
  GPtrArray *out = g_ptr_array_new_full (g_hash_table_size (records), free_info);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (include_automatic || !G_STRUCT_MEMBER (gboolean, value, automatic_offset))
      g_ptr_array_add (out, copy (value));
  g_ptr_array_sort (out, compare_by_leading_id);
  return out;
}

/* ------------------------------------------------------------------------ */
/* Scope tracker                                                            */
/* ------------------------------------------------------------------------ */

typedef struct
{
  MemscopeScopeInfo info;    /* keyed by &info.scope_id */
  gsize subtree_live;        /* bytes live in this scope and those nested in it */
  gboolean automatic;
} ScopeRecord;

struct _MemscopeScopeTracker
{
  GMutex lock;
  GHashTable *records;       /* &scope_id -> ScopeRecord */
  GHashTable *stacks;        /* &thread key -> GArray of open MemscopeScopeId, innermost last */
  guint64 last_id;
};

/* Identifies the calling thread for the per-thread stacks.  Not the OS tid:
 * the kernel reuses those, and a thread that ended with scopes open must not
 * hand them to its successor. */
static guint64
thread_key (void)
{
  static guint64 last_key;
  static __thread guint64 key;

  if (G_UNLIKELY (key == 0))
    key = __atomic_add_fetch (&last_key, 1, __ATOMIC_RELAXED);
  return key;
}

static void
scope_record_free (gpointer data)
{
  ScopeRecord *rec = data;

  g_free (rec->info.name);
  g_array_unref (rec->info.variables);
  g_free (rec);
}

static void
stack_free (gpointer data)
{
  g_array_unref (data);
}

MemscopeScopeTracker *
memscope_scope_tracker_new (void)
{
  MS_RUNTIME_SCOPE;
  MemscopeScopeTracker *tracker = g_new0 (MemscopeScopeTracker, 1);

  g_mutex_init (&tracker->lock);
  tracker->records = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, scope_record_free);
  tracker->stacks = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, stack_free);
  return tracker;
}

void
memscope_scope_tracker_free (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  if (tracker == NULL)
    return;
  g_hash_table_unref (tracker->stacks);
  g_hash_table_unref (tracker->records);
  g_mutex_clear (&tracker->lock);
  g_free (tracker);
}

static ScopeRecord *
scope_lookup (MemscopeScopeTracker *tracker, MemscopeScopeId id)
{
  return g_hash_table_lookup (tracker->records, &id);
}

static void
scope_store (MemscopeScopeTracker *tracker, ScopeRecord *rec)
{
  /* replace, not insert: the key lives in the record being replaced */
  g_hash_table_replace (tracker->records, &rec->info.scope_id, rec);
}

static GArray *
current_stack (MemscopeScopeTracker *tracker, gboolean create)
{
  guint64 key = thread_key ();
  GArray *stack = g_hash_table_lookup (tracker->stacks, &key);

  if (stack == NULL && create)
    {
      guint64 *owned_key = g_new (guint64, 1);

      *owned_key = key;
      stack = g_array_new (FALSE, FALSE, sizeof (MemscopeScopeId));
      g_hash_table_insert (tracker->stacks, owned_key, stack);
    }
  return stack;
}

MemscopeScopeId
memscope_scope_tracker_enter (MemscopeScopeTracker *tracker, const char *name, GError **error)
{
  MS_RUNTIME_SCOPE;
  ScopeRecord *rec;
  ScopeRecord *parent;
  GArray *stack;

  g_return_val_if_fail (tracker != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_INVALID_ARGUMENT,
                           "A scope name must not be empty");
      return 0;
    }

  rec = g_new0 (ScopeRecord, 1);
  rec->info.name = g_strdup (name);
  rec->info.variables = g_array_new (FALSE, FALSE, sizeof (MemscopeVariableId));
  rec->info.lifetime_start = _memscope_monotonic_ns ();
  rec->info.is_active = TRUE;

  g_mutex_lock (&tracker->lock);
  rec->info.scope_id = ++tracker->last_id;
  stack = current_stack (tracker, TRUE);
  if (stack->len > 0)
    {
      rec->info.parent_scope = g_array_index (stack, MemscopeScopeId, stack->len - 1);
      parent = scope_lookup (tracker, rec->info.parent_scope);
      rec->info.depth = parent != NULL ? parent->info.depth + 1 : 0;
    }
  g_array_append_val (stack, rec->info.scope_id);
  scope_store (tracker, rec);
  g_mutex_unlock (&tracker->lock);

  return rec->info.scope_id;
}

gboolean
memscope_scope_tracker_exit (MemscopeScopeTracker *tracker, MemscopeScopeId id, GError **error)
{
  MS_RUNTIME_SCOPE;
  ScopeRecord *rec;
  ScopeRecord *top_rec;
  GArray *stack;
  MemscopeScopeId top;

  g_return_val_if_fail (tracker != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_mutex_lock (&tracker->lock);
  rec = scope_lookup (tracker, id);
  if (rec == NULL)
    {
      g_mutex_unlock (&tracker->lock);
      g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_UNKNOWN_ID,
                   "Unknown scope id %" G_GUINT64_FORMAT, id);
      return FALSE;
    }
  if (!rec->info.is_active)
    {
      g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_ALREADY_EXITED,
                   "Scope %" G_GUINT64_FORMAT " \"%s\" has already exited",
                   id, rec->info.name);
      g_mutex_unlock (&tracker->lock);
      return FALSE;
    }

  stack = current_stack (tracker, FALSE);
  top = (stack != NULL && stack->len > 0) ? g_array_index (stack, MemscopeScopeId, stack->len - 1) : 0;
  if (top != id || rec->automatic)
    {
      top_rec = top != 0 ? scope_lookup (tracker, top) : NULL;
      if (top_rec != NULL)
        g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST,
                     "Scope %" G_GUINT64_FORMAT " \"%s\" is not the calling thread's innermost "
                     "open scope, which is %" G_GUINT64_FORMAT " \"%s\"",
                     id, rec->info.name, top, top_rec->info.name);
      else
        g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST,
                     "Scope %" G_GUINT64_FORMAT " \"%s\" is not the calling thread's innermost "
                     "open scope; the calling thread has no open scope",
                     id, rec->info.name);
      g_mutex_unlock (&tracker->lock);
      return FALSE;
    }

  g_array_set_size (stack, stack->len - 1);
  if (stack->len == 0)
    {
      /* a thread that is done with its scopes leaves nothing behind */
      guint64 key = thread_key ();
      g_hash_table_remove (tracker->stacks, &key);
    }
  rec->info.lifetime_end = _memscope_monotonic_ns ();
  rec->info.is_active = FALSE;
  g_mutex_unlock (&tracker->lock);
  return TRUE;
}

MemscopeScopeInfo *
memscope_scope_tracker_get (MemscopeScopeTracker *tracker, MemscopeScopeId id)
{
  MS_RUNTIME_SCOPE;
  ScopeRecord *rec;
  MemscopeScopeInfo *copy = NULL;

  g_return_val_if_fail (tracker != NULL, NULL);

  g_mutex_lock (&tracker->lock);
  rec = scope_lookup (tracker, id);
  if (rec != NULL)
    copy = memscope_scope_info_copy (&rec->info);
  g_mutex_unlock (&tracker->lock);
  return copy;
}

static GPtrArray *
scope_snapshot_locked (MemscopeScopeTracker *tracker, gboolean include_automatic)
{
  G_STATIC_ASSERT (G_STRUCT_OFFSET (ScopeRecord, info) == 0);
  return records_snapshot (tracker->records, G_STRUCT_OFFSET (ScopeRecord, automatic), include_automatic,
                           (gpointer (*) (gconstpointer)) memscope_scope_info_copy,
                           (GDestroyNotify) memscope_scope_info_free);
}

GPtrArray *
_memscope_scope_tracker_snapshot (MemscopeScopeTracker *tracker, gboolean include_automatic)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *out;

  g_return_val_if_fail (tracker != NULL, NULL);

  g_mutex_lock (&tracker->lock);
  out = scope_snapshot_locked (tracker, include_automatic);
  g_mutex_unlock (&tracker->lock);
  return out;
}

GPtrArray *
memscope_scope_tracker_list (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (tracker != NULL, NULL);
  return _memscope_scope_tracker_snapshot (tracker, TRUE);
}

GNode *
memscope_scope_tracker_hierarchy (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  g_autoptr(GPtrArray) scopes = NULL;
  g_autoptr(GHashTable) nodes = NULL;
  GNode *root;
  guint i;

  g_return_val_if_fail (tracker != NULL, NULL);

  scopes = _memscope_scope_tracker_snapshot (tracker, TRUE);
  /* the tree takes the infos over */
  g_ptr_array_set_free_func (scopes, NULL);

  root = g_node_new (NULL);
  nodes = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (i = 0; i < scopes->len; i++)
    {
      MemscopeScopeInfo *info = g_ptr_array_index (scopes, i);
      g_hash_table_insert (nodes, &info->scope_id, g_node_new (info));
    }

  /* In id order, so that siblings come out sorted by id. */
  for (i = 0; i < scopes->len; i++)
    {
      MemscopeScopeInfo *info = g_ptr_array_index (scopes, i);
      GNode *node = g_hash_table_lookup (nodes, &info->scope_id);
      GNode *parent = info->parent_scope != 0 ? g_hash_table_lookup (nodes, &info->parent_scope) : NULL;

      /* Put records could in principle describe a parent cycle; such a
       * scope becomes a root rather than making the tree a loop. */
      if (parent == NULL || parent == node || g_node_is_ancestor (node, parent))
        parent = root;
      g_node_append (parent, node);
    }
  return root;
}

static gboolean
free_node_data (GNode *node, gpointer data)
{
  memscope_scope_info_free (node->data);
  node->data = NULL;
  return FALSE;
}

void
memscope_scope_hierarchy_free (GNode *root)
{
  MS_RUNTIME_SCOPE;
  if (root == NULL)
    return;
  g_node_traverse (root, G_PRE_ORDER, G_TRAVERSE_ALL, -1, free_node_data, NULL);
  g_node_destroy (root);
}

MemscopeScopeId
_memscope_scope_tracker_reserve_id (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  MemscopeScopeId id;

  g_return_val_if_fail (tracker != NULL, 0);

  g_mutex_lock (&tracker->lock);
  id = ++tracker->last_id;
  g_mutex_unlock (&tracker->lock);
  return id;
}

void
_memscope_scope_tracker_put (MemscopeScopeTracker *tracker, const MemscopeScopeInfo *info)
{
  MS_RUNTIME_SCOPE;
  ScopeRecord *rec;

  g_return_if_fail (tracker != NULL);
  g_return_if_fail (info != NULL && info->scope_id != 0);

  rec = g_new0 (ScopeRecord, 1);
  rec->info = *info;
  rec->info.name = g_strdup (info->name ? info->name : "");
  rec->info.variables = id_array_copy (info->variables);
  rec->automatic = TRUE;

  g_mutex_lock (&tracker->lock);
  scope_store (tracker, rec);
  g_mutex_unlock (&tracker->lock);
}

/* Called with the variable registry's lock held: takes the tracker's.
 * Returns whether the scope exists, that is whether the bytes were counted
 * and must be uncounted later. */
static gboolean
scope_add_variable (MemscopeScopeTracker *tracker, MemscopeScopeId scope_id,
                    MemscopeVariableId var_id, gsize size)
{
  ScopeRecord *rec;
  guint steps;

  g_mutex_lock (&tracker->lock);
  rec = scope_lookup (tracker, scope_id);
  if (rec == NULL)
    {
      g_mutex_unlock (&tracker->lock);
      return FALSE;
    }
  g_array_append_val (rec->info.variables, var_id);
  rec->info.total_memory += size;
  rec->info.allocation_count++;

  /* The bytes are live in this scope and in every scope around it.  The walk
   * is bounded by the number of scopes in case a put made a parent loop. */
  for (steps = g_hash_table_size (tracker->records); rec != NULL && steps > 0; steps--)
    {
      rec->subtree_live += size;
      rec->info.peak_memory = MAX (rec->info.peak_memory, rec->subtree_live);
      rec = rec->info.parent_scope != 0 ? scope_lookup (tracker, rec->info.parent_scope) : NULL;
    }
  g_mutex_unlock (&tracker->lock);
  return TRUE;
}

/* The reverse of scope_add_variable() for the byte counts; the id stays
 * listed until scope_forget_variable(). */
static void
scope_remove_bytes (MemscopeScopeTracker *tracker, MemscopeScopeId scope_id, gsize size)
{
  ScopeRecord *rec;
  guint steps;

  g_mutex_lock (&tracker->lock);
  rec = scope_lookup (tracker, scope_id);
  if (rec != NULL)
    rec->info.total_memory = sub_sat (rec->info.total_memory, size);
  for (steps = g_hash_table_size (tracker->records); rec != NULL && steps > 0; steps--)
    {
      rec->subtree_live = sub_sat (rec->subtree_live, size);
      rec = rec->info.parent_scope != 0 ? scope_lookup (tracker, rec->info.parent_scope) : NULL;
    }
  g_mutex_unlock (&tracker->lock);
}

/* Called with the tracker's lock held. */
static void
scope_forget_variable_locked (MemscopeScopeTracker *tracker, MemscopeScopeId scope_id,
                              MemscopeVariableId var_id)
{
  ScopeRecord *rec = scope_lookup (tracker, scope_id);
  guint i;

  if (rec == NULL)
    return;
  for (i = 0; i < rec->info.variables->len; i++)
    if (g_array_index (rec->info.variables, MemscopeVariableId, i) == var_id)
      {
        g_array_remove_index (rec->info.variables, i);
        return;
      }
}

/* ------------------------------------------------------------------------ */
/* Variable registry                                                        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  MemscopeVariableInfo info;  /* keyed by &info.variable_id */
  gboolean counted;           /* its bytes are counted in scope info.scope_id */
  gboolean automatic;
} VariableRecord;

struct _MemscopeVariableRegistry
{
  GMutex lock;
  GHashTable *records;            /* &variable_id -> VariableRecord */
  guint64 last_id;
  MemscopeScopeTracker *scopes;   /* not owned; may be NULL */
};

static void
variable_record_free (gpointer data)
{
  VariableRecord *rec = data;

  g_free (rec->info.name);
  g_free (rec->info.type_name);
  g_free (rec);
}

MemscopeVariableRegistry *
memscope_variable_registry_new_with_scopes (MemscopeScopeTracker *scopes)
{
  MS_RUNTIME_SCOPE;
  MemscopeVariableRegistry *reg = g_new0 (MemscopeVariableRegistry, 1);

  g_mutex_init (&reg->lock);
  reg->records = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, variable_record_free);
  reg->scopes = scopes;
  return reg;
}

MemscopeVariableRegistry *
memscope_variable_registry_new (void)
{
  MS_RUNTIME_SCOPE;
  return memscope_variable_registry_new_with_scopes (NULL);
}

void
memscope_variable_registry_free (MemscopeVariableRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  if (reg == NULL)
    return;
  g_hash_table_unref (reg->records);
  g_mutex_clear (&reg->lock);
  g_free (reg);
}

static VariableRecord *
variable_lookup (MemscopeVariableRegistry *reg, MemscopeVariableId id)
{
  return g_hash_table_lookup (reg->records, &id);
}

MemscopeVariableId
memscope_variable_registry_register (MemscopeVariableRegistry *reg,
                                     const char *name,
                                     const char *type_name,
                                     guintptr ptr,
                                     gsize size,
                                     MemscopeScopeId scope_id,
                                     MemscopeThreadId thread_id)
{
  MS_RUNTIME_SCOPE;
  VariableRecord *rec;
  MemscopeVariableId id;

  g_return_val_if_fail (reg != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  rec = g_new0 (VariableRecord, 1);
  rec->info.name = g_strdup (name);
  rec->info.type_name = g_strdup (type_name ? type_name : "");
  rec->info.ptr = ptr;
  rec->info.size = size;
  rec->info.scope_id = scope_id;
  rec->info.thread_id = thread_id;
  rec->info.created_at = _memscope_monotonic_ns ();
  rec->info.last_accessed = rec->info.created_at;
  rec->info.access_count = 1;
  rec->info.is_active = TRUE;

  g_mutex_lock (&reg->lock);
  id = rec->info.variable_id = ++reg->last_id;
  if (reg->scopes != NULL && scope_id != 0)
    rec->counted = scope_add_variable (reg->scopes, scope_id, id, size);
  g_hash_table_replace (reg->records, &rec->info.variable_id, rec);
  g_mutex_unlock (&reg->lock);
  return id;
}

MemscopeVariableInfo *
memscope_variable_registry_get (MemscopeVariableRegistry *reg, MemscopeVariableId id)
{
  MS_RUNTIME_SCOPE;
  VariableRecord *rec;
  MemscopeVariableInfo *copy = NULL;

  g_return_val_if_fail (reg != NULL, NULL);

  g_mutex_lock (&reg->lock);
  rec = variable_lookup (reg, id);
  if (rec != NULL)
    copy = memscope_variable_info_copy (&rec->info);
  g_mutex_unlock (&reg->lock);
  return copy;
}

gboolean
memscope_variable_registry_record_access (MemscopeVariableRegistry *reg, MemscopeVariableId id)
{
  MS_RUNTIME_SCOPE;
  VariableRecord *rec;

  g_return_val_if_fail (reg != NULL, FALSE);

  g_mutex_lock (&reg->lock);
  rec = variable_lookup (reg, id);
  if (rec != NULL)
    {
      rec->info.access_count++;
      rec->info.last_accessed = _memscope_monotonic_ns ();
    }
  g_mutex_unlock (&reg->lock);
  return rec != NULL;
}

/* Called with the registry's lock held. */
static void
variable_uncount_locked (MemscopeVariableRegistry *reg, VariableRecord *rec)
{
  if (rec->counted && rec->info.is_active && reg->scopes != NULL)
    scope_remove_bytes (reg->scopes, rec->info.scope_id, rec->info.size);
}

gboolean
memscope_variable_registry_unregister (MemscopeVariableRegistry *reg, MemscopeVariableId id)
{
  MS_RUNTIME_SCOPE;
  VariableRecord *rec;
  gboolean was_active = FALSE;

  g_return_val_if_fail (reg != NULL, FALSE);

  g_mutex_lock (&reg->lock);
  rec = variable_lookup (reg, id);
  if (rec != NULL && rec->info.is_active)
    {
      variable_uncount_locked (reg, rec);
      rec->info.is_active = FALSE;
      was_active = TRUE;
    }
  g_mutex_unlock (&reg->lock);
  return was_active;
}

guint
memscope_variable_registry_cleanup_inactive (MemscopeVariableRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  GHashTableIter iter;
  gpointer value;
  guint removed = 0;

  g_return_val_if_fail (reg != NULL, 0);

  g_mutex_lock (&reg->lock);
  if (reg->scopes != NULL)
    g_mutex_lock (&reg->scopes->lock);
  g_hash_table_iter_init (&iter, reg->records);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      VariableRecord *rec = value;

      if (rec->info.is_active)
        continue;
      if (rec->counted)
        scope_forget_variable_locked (reg->scopes, rec->info.scope_id, rec->info.variable_id);
      g_hash_table_iter_remove (&iter);
      removed++;
    }
  if (reg->scopes != NULL)
    g_mutex_unlock (&reg->scopes->lock);
  g_mutex_unlock (&reg->lock);
  return removed;
}

GPtrArray *
_memscope_variable_registry_snapshot (MemscopeVariableRegistry *reg, gboolean include_automatic)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *out;

  g_return_val_if_fail (reg != NULL, NULL);

  G_STATIC_ASSERT (G_STRUCT_OFFSET (VariableRecord, info) == 0);
  g_mutex_lock (&reg->lock);
  out = records_snapshot (reg->records, G_STRUCT_OFFSET (VariableRecord, automatic), include_automatic,
                          (gpointer (*) (gconstpointer)) memscope_variable_info_copy, (GDestroyNotify) memscope_variable_info_free);
  g_mutex_unlock (&reg->lock);
  return out;
}

GPtrArray *
memscope_variable_registry_list (MemscopeVariableRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (reg != NULL, NULL);
  return _memscope_variable_registry_snapshot (reg, TRUE);
}

MemscopeVariableId
_memscope_variable_registry_reserve_id (MemscopeVariableRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  MemscopeVariableId id;

  g_return_val_if_fail (reg != NULL, 0);

  g_mutex_lock (&reg->lock);
  id = ++reg->last_id;
  g_mutex_unlock (&reg->lock);
  return id;
}

void
_memscope_variable_registry_put (MemscopeVariableRegistry *reg, const MemscopeVariableInfo *info)
{
  MS_RUNTIME_SCOPE;
  VariableRecord *rec;
  VariableRecord *old;

  g_return_if_fail (reg != NULL);
  g_return_if_fail (info != NULL && info->variable_id != 0);

  rec = g_new0 (VariableRecord, 1);
  rec->info = *info;
  rec->info.name = g_strdup (info->name ? info->name : "");
  rec->info.type_name = g_strdup (info->type_name ? info->type_name : "");
  rec->automatic = TRUE;

  g_mutex_lock (&reg->lock);
  /* A manual record being replaced leaves its scope's bytes and list (its
   * peak stays): the caller of put computes scope totals itself. */
  old = variable_lookup (reg, info->variable_id);
  if (old != NULL && old->counted)
    {
      variable_uncount_locked (reg, old);
      g_mutex_lock (&reg->scopes->lock);
      scope_forget_variable_locked (reg->scopes, old->info.scope_id, old->info.variable_id);
      g_mutex_unlock (&reg->scopes->lock);
    }
  g_hash_table_replace (reg->records, &rec->info.variable_id, rec);
  g_mutex_unlock (&reg->lock);
}

/* ------------------------------------------------------------------------ */
/* Thread registry                                                          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  MemscopeThreadInfo info;   /* keyed by &info.thread_id */
  gboolean automatic;
} ThreadRecord;

typedef struct
{
  guint64 tid;               /* the key */
  MemscopeThreadId id;
} TidEntry;

struct _MemscopeThreadRegistry
{
  GMutex lock;
  GHashTable *records;       /* &thread_id -> ThreadRecord */
  GHashTable *by_tid;        /* &tid -> TidEntry, active records only */
  guint64 last_id;
};

static void
thread_record_free (gpointer data)
{
  ThreadRecord *rec = data;

  g_free (rec->info.name);
  g_free (rec);
}

MemscopeThreadRegistry *
memscope_thread_registry_new (void)
{
  MS_RUNTIME_SCOPE;
  MemscopeThreadRegistry *reg = g_new0 (MemscopeThreadRegistry, 1);

  g_mutex_init (&reg->lock);
  reg->records = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, thread_record_free);
  reg->by_tid = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  return reg;
}

void
memscope_thread_registry_free (MemscopeThreadRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  if (reg == NULL)
    return;
  g_hash_table_unref (reg->by_tid);
  g_hash_table_unref (reg->records);
  g_mutex_clear (&reg->lock);
  g_free (reg);
}

static ThreadRecord *
thread_lookup (MemscopeThreadRegistry *reg, MemscopeThreadId id)
{
  return g_hash_table_lookup (reg->records, &id);
}

static void
tid_map_locked (MemscopeThreadRegistry *reg, guint64 tid, MemscopeThreadId id)
{
  TidEntry *entry = g_new (TidEntry, 1);

  entry->tid = tid;
  entry->id = id;
  g_hash_table_replace (reg->by_tid, &entry->tid, entry);
}

/* Drops the mapping of @tid only if it still points at @id. */
static void
tid_unmap_locked (MemscopeThreadRegistry *reg, guint64 tid, MemscopeThreadId id)
{
  TidEntry *entry = g_hash_table_lookup (reg->by_tid, &tid);

  if (entry != NULL && entry->id == id)
    g_hash_table_remove (reg->by_tid, &tid);
}

static MemscopeThreadId
thread_register_locked (MemscopeThreadRegistry *reg, guint64 os_thread_id, const char *name)
{
  ThreadRecord *rec = g_new0 (ThreadRecord, 1);

  rec->info.thread_id = ++reg->last_id;
  rec->info.thread_id_u64 = os_thread_id;
  rec->info.name = g_strdup (name);
  rec->info.created_at = _memscope_monotonic_ns ();
  rec->info.is_active = TRUE;
  g_hash_table_replace (reg->records, &rec->info.thread_id, rec);
  tid_map_locked (reg, os_thread_id, rec->info.thread_id);
  return rec->info.thread_id;
}

MemscopeThreadId
memscope_thread_registry_register (MemscopeThreadRegistry *reg, guint64 os_thread_id, const char *name)
{
  MS_RUNTIME_SCOPE;
  MemscopeThreadId id;

  g_return_val_if_fail (reg != NULL, 0);

  g_mutex_lock (&reg->lock);
  id = thread_register_locked (reg, os_thread_id, name);
  g_mutex_unlock (&reg->lock);
  return id;
}

MemscopeThreadId
memscope_thread_registry_current (MemscopeThreadRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  guint64 tid = (guint64) gettid ();
  char name[64] = "";
  TidEntry *entry;
  MemscopeThreadId id;

  g_return_val_if_fail (reg != NULL, 0);

  g_mutex_lock (&reg->lock);
  entry = g_hash_table_lookup (reg->by_tid, &tid);
  if (entry != NULL)
    id = entry->id;
  else
    {
      if (pthread_getname_np (pthread_self (), name, sizeof name) != 0)
        name[0] = '\0';
      id = thread_register_locked (reg, tid, name[0] != '\0' ? name : NULL);
    }
  g_mutex_unlock (&reg->lock);
  return id;
}

gboolean
memscope_thread_registry_unregister (MemscopeThreadRegistry *reg, MemscopeThreadId id)
{
  MS_RUNTIME_SCOPE;
  ThreadRecord *rec;
  gboolean was_active = FALSE;

  g_return_val_if_fail (reg != NULL, FALSE);

  g_mutex_lock (&reg->lock);
  rec = thread_lookup (reg, id);
  if (rec != NULL && rec->info.is_active)
    {
      rec->info.is_active = FALSE;
      tid_unmap_locked (reg, rec->info.thread_id_u64, id);
      was_active = TRUE;
    }
  g_mutex_unlock (&reg->lock);
  return was_active;
}

gboolean
memscope_thread_registry_record_allocation (MemscopeThreadRegistry *reg, MemscopeThreadId id, gsize size)
{
  MS_RUNTIME_SCOPE;
  ThreadRecord *rec;

  g_return_val_if_fail (reg != NULL, FALSE);

  g_mutex_lock (&reg->lock);
  rec = thread_lookup (reg, id);
  if (rec != NULL)
    {
      rec->info.total_allocations++;
      rec->info.current_memory += size;
      rec->info.peak_memory = MAX (rec->info.peak_memory, rec->info.current_memory);
    }
  g_mutex_unlock (&reg->lock);
  return rec != NULL;
}

gboolean
memscope_thread_registry_record_deallocation (MemscopeThreadRegistry *reg, MemscopeThreadId id, gsize size)
{
  MS_RUNTIME_SCOPE;
  ThreadRecord *rec;

  g_return_val_if_fail (reg != NULL, FALSE);

  g_mutex_lock (&reg->lock);
  rec = thread_lookup (reg, id);
  if (rec != NULL)
    {
      rec->info.total_deallocations++;
      rec->info.current_memory = sub_sat (rec->info.current_memory, size);
    }
  g_mutex_unlock (&reg->lock);
  return rec != NULL;
}

MemscopeThreadInfo *
memscope_thread_registry_get (MemscopeThreadRegistry *reg, MemscopeThreadId id)
{
  MS_RUNTIME_SCOPE;
  ThreadRecord *rec;
  MemscopeThreadInfo *copy = NULL;

  g_return_val_if_fail (reg != NULL, NULL);

  g_mutex_lock (&reg->lock);
  rec = thread_lookup (reg, id);
  if (rec != NULL)
    copy = memscope_thread_info_copy (&rec->info);
  g_mutex_unlock (&reg->lock);
  return copy;
}

GPtrArray *
_memscope_thread_registry_snapshot (MemscopeThreadRegistry *reg, gboolean include_automatic)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *out;

  g_return_val_if_fail (reg != NULL, NULL);

  G_STATIC_ASSERT (G_STRUCT_OFFSET (ThreadRecord, info) == 0);
  g_mutex_lock (&reg->lock);
  out = records_snapshot (reg->records, G_STRUCT_OFFSET (ThreadRecord, automatic), include_automatic,
                          (gpointer (*) (gconstpointer)) memscope_thread_info_copy, (GDestroyNotify) memscope_thread_info_free);
  g_mutex_unlock (&reg->lock);
  return out;
}

GPtrArray *
memscope_thread_registry_list (MemscopeThreadRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (reg != NULL, NULL);
  return _memscope_thread_registry_snapshot (reg, TRUE);
}

MemscopeThreadId
_memscope_thread_registry_reserve_id (MemscopeThreadRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  MemscopeThreadId id;

  g_return_val_if_fail (reg != NULL, 0);

  g_mutex_lock (&reg->lock);
  id = ++reg->last_id;
  g_mutex_unlock (&reg->lock);
  return id;
}

void
_memscope_thread_registry_put (MemscopeThreadRegistry *reg, const MemscopeThreadInfo *info)
{
  MS_RUNTIME_SCOPE;
  ThreadRecord *rec;
  ThreadRecord *old;

  g_return_if_fail (reg != NULL);
  g_return_if_fail (info != NULL && info->thread_id != 0);

  rec = g_new0 (ThreadRecord, 1);
  rec->info = *info;
  rec->info.name = g_strdup (info->name);
  rec->automatic = TRUE;

  g_mutex_lock (&reg->lock);
  old = thread_lookup (reg, info->thread_id);
  if (old != NULL && old->info.thread_id_u64 != info->thread_id_u64)
    tid_unmap_locked (reg, old->info.thread_id_u64, info->thread_id);
  if (info->is_active)
    tid_map_locked (reg, info->thread_id_u64, info->thread_id);
  else
    tid_unmap_locked (reg, info->thread_id_u64, info->thread_id);
  g_hash_table_replace (reg->records, &rec->info.thread_id, rec);
  g_mutex_unlock (&reg->lock);
}

MemscopeThreadId
_memscope_thread_registry_lookup_tid (MemscopeThreadRegistry *reg, guint64 os_thread_id)
{
  MS_RUNTIME_SCOPE;
  TidEntry *entry;
  MemscopeThreadId id;

  g_return_val_if_fail (reg != NULL, 0);

  g_mutex_lock (&reg->lock);
  entry = g_hash_table_lookup (reg->by_tid, &os_thread_id);
  id = entry != NULL ? entry->id : 0;
  g_mutex_unlock (&reg->lock);
  return id;
}

/* ------------------------------------------------------------------------ */
/* Engine                                                                   */
/* ------------------------------------------------------------------------ */

struct _MemscopeMetadataEngine
{
  MemscopeVariableRegistry *variables;
  MemscopeScopeTracker *scopes;
  MemscopeThreadRegistry *threads;

  GMutex lock;               /* guards the two fields below */
  MemscopeRefreshFunc refresh;
  gpointer refresh_data;
};

MemscopeMetadataEngine *
memscope_metadata_engine_new (void)
{
  MS_RUNTIME_SCOPE;
  MemscopeMetadataEngine *engine = g_new0 (MemscopeMetadataEngine, 1);

  engine->scopes = memscope_scope_tracker_new ();
  engine->variables = memscope_variable_registry_new_with_scopes (engine->scopes);
  engine->threads = memscope_thread_registry_new ();
  g_mutex_init (&engine->lock);
  return engine;
}

void
memscope_metadata_engine_free (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  if (engine == NULL)
    return;
  /* the variables hold a pointer to the scopes: free them first */
  memscope_variable_registry_free (engine->variables);
  memscope_scope_tracker_free (engine->scopes);
  memscope_thread_registry_free (engine->threads);
  g_mutex_clear (&engine->lock);
  g_free (engine);
}

void
_memscope_metadata_engine_set_refresh (MemscopeMetadataEngine *engine,
                                       void (*refresh) (MemscopeMetadataEngine *engine, gpointer data),
                                       gpointer data)
{
  MS_RUNTIME_SCOPE;
  g_return_if_fail (engine != NULL);

  g_mutex_lock (&engine->lock);
  engine->refresh = refresh;
  engine->refresh_data = data;
  g_mutex_unlock (&engine->lock);
}

static void
engine_refresh (MemscopeMetadataEngine *engine)
{
  static __thread gboolean refreshing;
  MemscopeRefreshFunc refresh;
  gpointer data;

  g_mutex_lock (&engine->lock);
  refresh = engine->refresh;
  data = engine->refresh_data;
  g_mutex_unlock (&engine->lock);

  /* No lock held: the hook puts records.  It may call the accessors itself
   * to reach the registries; those nested calls must not refresh again. */
  if (refresh != NULL && !refreshing)
    {
      refreshing = TRUE;
      refresh (engine, data);
      refreshing = FALSE;
    }
}

MemscopeVariableRegistry *
memscope_metadata_engine_variables (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (engine != NULL, NULL);
  engine_refresh (engine);
  return engine->variables;
}

MemscopeScopeTracker *
memscope_metadata_engine_scopes (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (engine != NULL, NULL);
  engine_refresh (engine);
  return engine->scopes;
}

MemscopeThreadRegistry *
memscope_metadata_engine_threads (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (engine != NULL, NULL);
  engine_refresh (engine);
  return engine->threads;
}

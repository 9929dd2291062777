/* registry.c: the C API of memscope.h, on the runtime's one data model.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every variable registry, scope tracker and thread registry is a view of
 * a registry of snapshot.h: its own, or one it shares (the three of an
 * engine; a variable registry connected to a tracker).  What the API
 * makes by hand are records of the same kinds as the instrumentation's,
 * marked `manual`:
 *
 *   memscope_scope_tracker_enter      a site with one context; the scope's
 *                                     id is the context's, as every scope's
 *                                     in this API
 *   memscope_variable_registry_register  a variable site with one instance
 *   memscope_thread_registry_register    a thread record no thread runs
 *
 * so memscope_global()'s views list the contexts, variable sites and
 * threads of the instrumented code too, by the ids the report gives them,
 * as the latest snapshot left them (its accessors take one).  Such records
 * are only read here: exiting, unregistering or counting into them is
 * refused.
 *
 * Each registry has its lock.  Every public function holds the calling
 * thread's recursion guard throughout, so nothing the runtime allocates
 * for it counts as the program's.
 */
#include "config.h"

#include <pthread.h>
#include <unistd.h>

#include "leaks.h"
#include "memscope.h"
#include "registry-private.h"
#include "snapshot.h"
#include "unload.h"

G_DEFINE_QUARK (memscope-error-quark, memscope_error)

/* A registry, owned or shared. */
typedef struct
{
  MsSnapshot *reg;
  gboolean owner;
} View;

struct _MemscopeVariableRegistry { View v; };
struct _MemscopeScopeTracker { View v; };
struct _MemscopeThreadRegistry { View v; };
struct _MemscopeMetadataEngine
{
  MemscopeVariableRegistry variables;
  MemscopeScopeTracker scopes;
  MemscopeThreadRegistry threads;
};

static void
guard_release (int *unused)
{
  ms_guard_leave ();
}

#define MS_RUNTIME_SCOPE \
  int _ms_guard __attribute__ ((cleanup (guard_release), unused)) = (ms_guard_enter (), 0)

/* ------------------------------------------------------------------------ */
/* Registries of the API's own                                              */
/* ------------------------------------------------------------------------ */

static MsSnapshot *
registry_new (void)
{
  MsSnapshot *reg = g_new0 (MsSnapshot, 1);

  g_mutex_init (&reg->lock);
  ms_registry_init (reg);
  return reg;
}

static void
var_free (MsVarSite *v)
{
  g_free ((char *) v->manual->desc.name);
  g_free ((char *) v->manual->desc.type);
  g_free (v->manual);
  g_free (v);
}

/* One the instrumentation does not feed: every record was made by hand. */
static void
registry_free (MsSnapshot *reg)
{
  guint i;

  for (i = 0; i < reg->threads->len; i++)
    {
      MsThreadRec *rec = reg->threads->pdata[i];
      g_free (rec->manual->name);
      g_free (rec->manual);
      g_free (rec);
    }
  for (i = 0; i < reg->scopes->len; i++)
    {
      MsScopeSite *site = reg->scopes->pdata[i];
      g_free ((char *) site->manual->desc.function);
      g_array_unref (site->manual->vars);
      g_free (site->manual);
      g_free (site->first_context);
      g_free (site);
    }
  for (i = 0; i < reg->vars->len; i++)
    var_free (reg->vars->pdata[i]);
  g_ptr_array_unref (reg->threads);
  g_ptr_array_unref (reg->scopes);
  g_ptr_array_unref (reg->vars);
  g_ptr_array_unref (reg->contexts);
  g_free (reg->root);
  if (reg->stacks != NULL)
    g_hash_table_unref (reg->stacks);
  g_mutex_clear (&reg->lock);
  g_free (reg);
}

static gpointer
view_new (MsSnapshot *shared)
{
  View *v = g_new (View, 1);

  v->reg = shared != NULL ? shared : registry_new ();
  v->owner = shared == NULL;
  return v;
}

static void
view_free (View *v)
{
  if (v == NULL)
    return;
  if (v->owner)
    registry_free (v->reg);
  g_free (v);
}

/* Identifies the calling thread for the stacks of open scopes.  Not the
 * OS tid: the kernel reuses those, and a thread that ended with scopes
 * open must not hand them to its successor. */
static gpointer
thread_key (void)
{
  static guint64 last_key;
  static __thread guint64 key;

  if (G_UNLIKELY (key == 0))
    key = __atomic_add_fetch (&last_key, 1, __ATOMIC_RELAXED);
  return GSIZE_TO_POINTER (key);
}

/* The calling thread's open scopes in @reg (MsContext*, innermost last). */
static GPtrArray *
open_scopes (MsSnapshot *reg, gboolean create)
{
  GPtrArray *stack;

  if (reg->stacks == NULL)
    reg->stacks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  stack = g_hash_table_lookup (reg->stacks, thread_key ());
  if (stack == NULL && create)
    {
      stack = g_ptr_array_new ();
      g_hash_table_insert (reg->stacks, thread_key (), stack);
    }
  return stack;
}

static MsContext *
context_of (MsSnapshot *reg, guint64 id)
{
  return id >= 1 && id <= reg->contexts->len ? reg->contexts->pdata[id - 1] : NULL;
}

static MsThreadRec *
thread_of (MsSnapshot *reg, guint64 id)
{
  return id >= 1 && id <= reg->threads->len ? reg->threads->pdata[id - 1] : NULL;
}

/* Variable @id, at *@index in the list (which is in id order), if it is
 * listed: a plugin site is once an instance ran. */
static MsVarSite *
var_of (MsSnapshot *reg, guint64 id, guint *index)
{
  guint lo = 0, hi = reg->vars->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      MsVarSite *v = reg->vars->pdata[mid];

      if (v->id == id)
        {
          if (index != NULL)
            *index = mid;
          return v->instances > 0 ? v : NULL;
        }
      if (v->id < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return NULL;
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

MemscopeScopeInfo *
memscope_scope_info_copy (const MemscopeScopeInfo *info)
{
  MS_RUNTIME_SCOPE;
  MemscopeScopeInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new (MemscopeScopeInfo, 1);
  *copy = *info;
  copy->name = g_strdup (info->name ? info->name : "");
  copy->variables = g_array_sized_new (FALSE, FALSE, sizeof (guint64), info->variables ? info->variables->len : 0);
  if (info->variables != NULL)
    g_array_append_vals (copy->variables, info->variables->data, info->variables->len);
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

/* The records as the API shows them; the lock is held. */

static MemscopeVariableInfo *
var_info (const MsVarSite *v)
{
  const MsManualVar *m = v->manual;
  const MsContext *first = v->scope != NULL ? v->scope->first_context : NULL;
  MemscopeVariableInfo info = {
    .variable_id = v->id,
    .name = (char *) ms_var_name (v->desc),
    .type_name = (char *) ms_var_type (v->desc),
    .ptr = (guintptr) v->last_addr,
    .size = v->desc->size,
    .scope_id = m ? m->scope_id : first ? first->id : 0,
    .thread_id = m ? m->thread_id : 0,
    .created_at = v->first_seen,
    .last_accessed = v->last_seen,
    .access_count = m ? m->access_count : v->instances,
    .is_active = v->live > 0,
  };

  return memscope_variable_info_copy (&info);
}

static MemscopeScopeInfo *
scope_info (const MsContext *c)
{
  const MsScopeSite *site = c->site;
  g_autoptr (GArray) vars = NULL;
  const MsContext *p;
  guint32 i;
  MemscopeScopeInfo info = {
    .scope_id = c->id,
    .name = (char *) ms_scope_site_name (site),
    .parent_scope = c->parent->site ? c->parent->id : 0,
    .total_memory = c->direct,
    .peak_memory = c->peak,
    .allocation_count = site->manual ? site->manual->registered : c->heap_allocs,
    .lifetime_start = c->first_seen,
    .lifetime_end = c->active ? 0 : c->last_seen_closed,
    .is_active = c->active > 0,
  };

  for (p = c->parent; p->site != NULL; p = p->parent)
    info.depth++;
  if (site->manual)
    vars = g_array_ref (site->manual->vars);
  else
    {
      vars = g_array_new (FALSE, FALSE, sizeof (guint64));
      for (i = 0; i < site->desc->nvars; i++)
        if (site->vars[i]->instances > 0)
          g_array_append_val (vars, site->vars[i]->id);
    }
  info.variables = vars;
  return memscope_scope_info_copy (&info);
}

static MemscopeThreadInfo *
thread_info (const MsThreadRec *rec)
{
  MemscopeThreadInfo info = {
    .thread_id = rec->id,
    .thread_id_u64 = ms_rec_tid (rec),
    .name = (char *) ms_rec_name (rec),
    .created_at = rec->created_at,
    .total_allocations = rec->heap_allocs,
    .total_deallocations = ms_rec_deallocs (rec),
    .current_memory = ms_rec_current (rec),
    .peak_memory = rec->heap_peak,
    .is_active = ms_rec_active (rec),
  };

  return memscope_thread_info_copy (&info);
}

/* ------------------------------------------------------------------------ */
/* Engine                                                                   */
/* ------------------------------------------------------------------------ */

static MemscopeMetadataEngine *
engine_on (MsSnapshot *reg)
{
  MemscopeMetadataEngine *engine = g_new0 (MemscopeMetadataEngine, 1);

  engine->variables.v.reg = engine->scopes.v.reg = engine->threads.v.reg = reg;
  return engine;
}

MemscopeMetadataEngine *
memscope_metadata_engine_new (void)
{
  MS_RUNTIME_SCOPE;
  return engine_on (registry_new ());
}

MemscopeMetadataEngine *
ms_engine_new_global (void)
{
  MS_RUNTIME_SCOPE;
  return engine_on (ms_registry_global ());
}

void
memscope_metadata_engine_free (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  if (engine == NULL)
    return;
  registry_free (engine->scopes.v.reg);
  g_free (engine);
}

/* memscope_global()'s: the instrumentation's records as they are now. */
static void
engine_refresh (MemscopeMetadataEngine *engine)
{
  guintptr entry;

  if (engine->scopes.v.reg != ms_snapshot_peek () || ms_unload_lost () != NULL)
    return;
  entry = MS_LEAKS_ENTER ();
  ms_registry_lock ();
  ms_snapshot_take ();
  ms_registry_unlock ();
  ms_leaks_leave (entry);
}

MemscopeVariableRegistry *
memscope_metadata_engine_variables (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (engine != NULL, NULL);
  engine_refresh (engine);
  return &engine->variables;
}

MemscopeScopeTracker *
memscope_metadata_engine_scopes (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (engine != NULL, NULL);
  engine_refresh (engine);
  return &engine->scopes;
}

MemscopeThreadRegistry *
memscope_metadata_engine_threads (MemscopeMetadataEngine *engine)
{
  MS_RUNTIME_SCOPE;
  g_return_val_if_fail (engine != NULL, NULL);
  engine_refresh (engine);
  return &engine->threads;
}

/* ------------------------------------------------------------------------ */
/* Scope tracker                                                            */
/* ------------------------------------------------------------------------ */

MemscopeScopeTracker *
memscope_scope_tracker_new (void)
{
  MS_RUNTIME_SCOPE;
  return view_new (NULL);
}

void
memscope_scope_tracker_free (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  view_free ((View *) tracker);
}

MemscopeScopeId
memscope_scope_tracker_enter (MemscopeScopeTracker *tracker, const char *name, GError **error)
{
  MS_RUNTIME_SCOPE;
  MsSnapshot *reg;
  MsManualScope *m;
  MsScopeSite *site;
  MsContext *c, *parent;
  GPtrArray *stack;

  g_return_val_if_fail (tracker != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_INVALID_ARGUMENT,
                           "A scope name must not be empty");
      return 0;
    }

  m = g_new0 (MsManualScope, 1);
  m->desc.abi_version = MEMSCOPE_ABI_VERSION;
  m->desc.kind = MEMSCOPE_SCOPE_BLOCK;
  m->desc.function = g_strdup (name);
  m->vars = g_array_new (FALSE, FALSE, sizeof (guint64));
  site = g_new0 (MsScopeSite, 1);
  site->desc = &m->desc;
  site->manual = m;
  c = g_new0 (MsContext, 1);
  c->site = site;
  c->entries = 1;
  c->active = 1;
  c->first_seen = ms_now_ns ();
  site->first_context = c;

  reg = tracker->v.reg;
  g_mutex_lock (&reg->lock);
  stack = open_scopes (reg, TRUE);
  parent = stack->len > 0 ? g_ptr_array_index (stack, stack->len - 1) : reg->root;
  c->parent = parent;
  c->next_sibling = parent->first_child;
  parent->first_child = c;
  site->parent = parent->site;
  m->desc.depth = parent->site ? parent->site->desc->depth + 1 : 0;
  site->id = reg->scopes->len + 1;
  g_ptr_array_add (reg->scopes, site);
  c->id = reg->contexts->len + 1;
  g_ptr_array_add (reg->contexts, c);
  g_ptr_array_add (stack, c);
  g_mutex_unlock (&reg->lock);
  return c->id;
}

gboolean
memscope_scope_tracker_exit (MemscopeScopeTracker *tracker, MemscopeScopeId id, GError **error)
{
  MS_RUNTIME_SCOPE;
  MsSnapshot *reg;
  MsContext *c, *top = NULL;
  GPtrArray *stack;
  gboolean ok = FALSE;

  g_return_val_if_fail (tracker != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reg = tracker->v.reg;
  g_mutex_lock (&reg->lock);
  c = context_of (reg, id);
  stack = open_scopes (reg, FALSE);
  if (stack != NULL && stack->len > 0)
    top = g_ptr_array_index (stack, stack->len - 1);
  if (c == NULL)
    g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_UNKNOWN_ID, "Unknown scope id %" G_GUINT64_FORMAT, id);
  else if (c->active == 0)
    g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_ALREADY_EXITED,
                 "Scope %" G_GUINT64_FORMAT " \"%s\" has already exited", id, ms_scope_site_name (c->site));
  else if (c != top && top != NULL)
    g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST,
                 "Scope %" G_GUINT64_FORMAT " \"%s\" is not the calling thread's innermost "
                 "open scope, which is %" G_GUINT64_FORMAT " \"%s\"",
                 id, ms_scope_site_name (c->site), top->id, ms_scope_site_name (top->site));
  else if (c != top)
    g_set_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST,
                 "Scope %" G_GUINT64_FORMAT " \"%s\" is not the calling thread's innermost "
                 "open scope; the calling thread has no open scope", id, ms_scope_site_name (c->site));
  else
    {
      g_ptr_array_set_size (stack, stack->len - 1);
      /* a thread that is done with its scopes leaves nothing behind */
      if (stack->len == 0)
        g_hash_table_remove (reg->stacks, thread_key ());
      c->active = 0;
      c->last_seen_closed = ms_now_ns ();
      ok = TRUE;
    }
  g_mutex_unlock (&reg->lock);
  return ok;
}

MemscopeScopeInfo *
memscope_scope_tracker_get (MemscopeScopeTracker *tracker, MemscopeScopeId id)
{
  MS_RUNTIME_SCOPE;
  MemscopeScopeInfo *info = NULL;
  MsContext *c;

  g_return_val_if_fail (tracker != NULL, NULL);

  g_mutex_lock (&tracker->v.reg->lock);
  c = context_of (tracker->v.reg, id);
  if (c != NULL)
    info = scope_info (c);
  g_mutex_unlock (&tracker->v.reg->lock);
  return info;
}

GPtrArray *
memscope_scope_tracker_list (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *out;
  guint i;

  g_return_val_if_fail (tracker != NULL, NULL);

  g_mutex_lock (&tracker->v.reg->lock);
  out = g_ptr_array_new_full (tracker->v.reg->contexts->len, (GDestroyNotify) memscope_scope_info_free);
  for (i = 0; i < tracker->v.reg->contexts->len; i++)
    g_ptr_array_add (out, scope_info (tracker->v.reg->contexts->pdata[i]));
  g_mutex_unlock (&tracker->v.reg->lock);
  return out;
}

GNode *
memscope_scope_tracker_hierarchy (MemscopeScopeTracker *tracker)
{
  MS_RUNTIME_SCOPE;
  g_autoptr (GPtrArray) scopes = NULL;
  g_autofree GNode **nodes = NULL;
  GNode *root;
  guint i;

  g_return_val_if_fail (tracker != NULL, NULL);

  /* Every scope, the one of id i + 1 at i, each after its parent. */
  scopes = memscope_scope_tracker_list (tracker);
  g_ptr_array_set_free_func (scopes, NULL);     /* the tree takes the infos over */
  root = g_node_new (NULL);
  nodes = g_new (GNode *, scopes->len);
  for (i = 0; i < scopes->len; i++)
    {
      MemscopeScopeInfo *info = scopes->pdata[i];

      nodes[i] = g_node_append_data (info->parent_scope ? nodes[info->parent_scope - 1] : root, info);
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

/* ------------------------------------------------------------------------ */
/* Variable registry                                                        */
/* ------------------------------------------------------------------------ */

MemscopeVariableRegistry *
memscope_variable_registry_new_with_scopes (MemscopeScopeTracker *scopes)
{
  MS_RUNTIME_SCOPE;
  return view_new (scopes != NULL ? scopes->v.reg : NULL);
}

MemscopeVariableRegistry *
memscope_variable_registry_new (void)
{
  MS_RUNTIME_SCOPE;
  return view_new (NULL);
}

void
memscope_variable_registry_free (MemscopeVariableRegistry *reg)
{
  MS_RUNTIME_SCOPE;
  view_free ((View *) reg);
}

/* @bytes more (fewer, if negative) live in scope @c, which was entered by
 * hand, and in the scopes around it. */
static void
scope_add_live (MsContext *c, gint64 bytes)
{
  c->direct += bytes;
  for (; c->site != NULL; c = c->parent)
    {
      c->site->manual->subtree_live += bytes;
      c->peak = MAX (c->peak, c->site->manual->subtree_live);
    }
}

MemscopeVariableId
memscope_variable_registry_register (MemscopeVariableRegistry *vars,
                                     const char *name,
                                     const char *type_name,
                                     guintptr ptr,
                                     gsize size,
                                     MemscopeScopeId scope_id,
                                     MemscopeThreadId thread_id)
{
  MS_RUNTIME_SCOPE;
  MsSnapshot *reg;
  MsManualVar *m;
  MsVarSite *v;
  MsContext *c;

  g_return_val_if_fail (vars != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  m = g_new0 (MsManualVar, 1);
  m->desc.name = g_strdup (name);
  m->desc.type = g_strdup (type_name ? type_name : "");
  m->desc.size = size;
  m->scope_id = scope_id;
  m->thread_id = thread_id;
  m->access_count = 1;
  v = g_new0 (MsVarSite, 1);
  v->desc = &m->desc;
  v->manual = m;
  v->instances = 1;
  v->live = 1;
  v->last_addr = (const void *) ptr;
  v->first_seen = v->last_seen = ms_now_ns ();

  reg = vars->v.reg;
  g_mutex_lock (&reg->lock);
  v->id = ++reg->last_var_id;
  c = context_of (reg, scope_id);
  if (c != NULL)
    v->scope = c->site;
  if (c != NULL && c->site->manual)
    {
      m->counted_in = c;
      g_array_append_val (c->site->manual->vars, v->id);
      c->site->manual->registered++;
      scope_add_live (c, size);
    }
  g_ptr_array_add (reg->vars, v);
  g_mutex_unlock (&reg->lock);
  return v->id;
}

MemscopeVariableInfo *
memscope_variable_registry_get (MemscopeVariableRegistry *vars, MemscopeVariableId id)
{
  MS_RUNTIME_SCOPE;
  MemscopeVariableInfo *info = NULL;
  MsVarSite *v;

  g_return_val_if_fail (vars != NULL, NULL);

  g_mutex_lock (&vars->v.reg->lock);
  v = var_of (vars->v.reg, id, NULL);
  if (v != NULL)
    info = var_info (v);
  g_mutex_unlock (&vars->v.reg->lock);
  return info;
}

/* Variable @id if it was registered by hand; the lock is held. */
static MsVarSite *
manual_var (MemscopeVariableRegistry *vars, guint64 id, guint *index)
{
  MsVarSite *v = var_of (vars->v.reg, id, index);

  return v != NULL && v->manual != NULL ? v : NULL;
}

gboolean
memscope_variable_registry_record_access (MemscopeVariableRegistry *vars, MemscopeVariableId id)
{
  MS_RUNTIME_SCOPE;
  MsVarSite *v;

  g_return_val_if_fail (vars != NULL, FALSE);

  g_mutex_lock (&vars->v.reg->lock);
  v = manual_var (vars, id, NULL);
  if (v != NULL)
    {
      v->manual->access_count++;
      v->last_seen = ms_now_ns ();
    }
  g_mutex_unlock (&vars->v.reg->lock);
  return v != NULL;
}

gboolean
memscope_variable_registry_unregister (MemscopeVariableRegistry *vars, MemscopeVariableId id)
{
  MS_RUNTIME_SCOPE;
  MsVarSite *v;
  gboolean was_active;

  g_return_val_if_fail (vars != NULL, FALSE);

  g_mutex_lock (&vars->v.reg->lock);
  v = manual_var (vars, id, NULL);
  was_active = v != NULL && v->live > 0;
  if (was_active)
    {
      v->live = 0;
      if (v->manual->counted_in != NULL)
        scope_add_live (v->manual->counted_in, -(gint64) v->desc->size);
    }
  g_mutex_unlock (&vars->v.reg->lock);
  return was_active;
}

guint
memscope_variable_registry_cleanup_inactive (MemscopeVariableRegistry *vars)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *list;
  guint i, j, kept = 0, removed;

  g_return_val_if_fail (vars != NULL, 0);

  g_mutex_lock (&vars->v.reg->lock);
  list = vars->v.reg->vars;
  for (i = 0; i < list->len; i++)
    {
      MsVarSite *v = list->pdata[i];
      MsContext *c = v->manual ? v->manual->counted_in : NULL;

      if (v->manual == NULL || v->live > 0)
        {
          list->pdata[kept++] = v;
          continue;
        }
      for (j = 0; c != NULL && j < c->site->manual->vars->len; j++)
        if (g_array_index (c->site->manual->vars, guint64, j) == v->id)
          g_array_remove_index (c->site->manual->vars, j--);
      var_free (v);
    }
  removed = list->len - kept;
  g_ptr_array_set_size (list, kept);
  g_mutex_unlock (&vars->v.reg->lock);
  return removed;
}

GPtrArray *
memscope_variable_registry_list (MemscopeVariableRegistry *vars)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *out;
  guint i;

  g_return_val_if_fail (vars != NULL, NULL);

  g_mutex_lock (&vars->v.reg->lock);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) memscope_variable_info_free);
  for (i = 0; i < vars->v.reg->vars->len; i++)
    {
      MsVarSite *v = vars->v.reg->vars->pdata[i];
      if (v->instances > 0)
        g_ptr_array_add (out, var_info (v));
    }
  g_mutex_unlock (&vars->v.reg->lock);
  return out;
}

/* ------------------------------------------------------------------------ */
/* Thread registry                                                          */
/* ------------------------------------------------------------------------ */

MemscopeThreadRegistry *
memscope_thread_registry_new (void)
{
  MS_RUNTIME_SCOPE;
  return view_new (NULL);
}

void
memscope_thread_registry_free (MemscopeThreadRegistry *threads)
{
  MS_RUNTIME_SCOPE;
  view_free ((View *) threads);
}

/* The lock is held. */
static MemscopeThreadId
thread_add (MsSnapshot *reg, guint64 os_thread_id, const char *name)
{
  MsThreadRec *rec = g_new0 (MsThreadRec, 1);

  rec->manual = g_new0 (MsManualThread, 1);
  rec->manual->name = g_strdup (name);
  rec->manual->tid = os_thread_id;
  rec->created_at = ms_now_ns ();
  rec->id = reg->threads->len + 1;
  g_ptr_array_add (reg->threads, rec);
  return rec->id;
}

MemscopeThreadId
memscope_thread_registry_register (MemscopeThreadRegistry *threads, guint64 os_thread_id, const char *name)
{
  MS_RUNTIME_SCOPE;
  MemscopeThreadId id;

  g_return_val_if_fail (threads != NULL, 0);

  g_mutex_lock (&threads->v.reg->lock);
  id = thread_add (threads->v.reg, os_thread_id, name);
  g_mutex_unlock (&threads->v.reg->lock);
  return id;
}

MemscopeThreadId
memscope_thread_registry_current (MemscopeThreadRegistry *threads)
{
  MS_RUNTIME_SCOPE;
  guint64 tid = (guint64) gettid ();
  MemscopeThreadId id = 0;
  char name[64] = "";
  MsThreadRec *found = NULL;
  MsSnapshot *reg;
  guint i;

  g_return_val_if_fail (threads != NULL, 0);

  /* memscope_global(): the record the instrumentation keeps of the
   * calling thread, made now if it ran no instrumented code yet. */
  reg = threads->v.reg;
  if (reg == ms_snapshot_peek () && ms_thread_ensure (&ms_self) && ms_self.rec != NULL)
    return ms_self.rec->id;

  /* The newest record of the thread's OS id, if it is active: the kernel
   * reuses the ids of threads that ended. */
  g_mutex_lock (&reg->lock);
  for (i = reg->threads->len; i > 0 && found == NULL; i--)
    if (ms_rec_tid (reg->threads->pdata[i - 1]) == tid)
      found = reg->threads->pdata[i - 1];
  if (found != NULL && ms_rec_active (found))
    id = found->id;
  else
    {
      if (pthread_getname_np (pthread_self (), name, sizeof name) != 0)
        name[0] = '\0';
      id = thread_add (reg, tid, name[0] != '\0' ? name : NULL);
    }
  g_mutex_unlock (&reg->lock);
  return id;
}

/* Thread @id if it was registered by hand; the lock is held. */
static MsThreadRec *
manual_thread (MemscopeThreadRegistry *threads, guint64 id)
{
  MsThreadRec *rec = thread_of (threads->v.reg, id);

  return rec != NULL && rec->manual != NULL ? rec : NULL;
}

gboolean
memscope_thread_registry_unregister (MemscopeThreadRegistry *threads, MemscopeThreadId id)
{
  MS_RUNTIME_SCOPE;
  MsThreadRec *rec;
  gboolean was_active;

  g_return_val_if_fail (threads != NULL, FALSE);

  g_mutex_lock (&threads->v.reg->lock);
  rec = manual_thread (threads, id);
  was_active = rec != NULL && rec->ended_at == 0;
  if (was_active)
    rec->ended_at = ms_now_ns ();
  g_mutex_unlock (&threads->v.reg->lock);
  return was_active;
}

gboolean
memscope_thread_registry_record_allocation (MemscopeThreadRegistry *threads, MemscopeThreadId id, gsize size)
{
  MS_RUNTIME_SCOPE;
  MsThreadRec *rec;

  g_return_val_if_fail (threads != NULL, FALSE);

  g_mutex_lock (&threads->v.reg->lock);
  rec = manual_thread (threads, id);
  if (rec != NULL)
    {
      rec->heap_allocs++;
      rec->heap_alloc_bytes += size;
      rec->heap_peak = MAX (rec->heap_peak, ms_rec_current (rec));
    }
  g_mutex_unlock (&threads->v.reg->lock);
  return rec != NULL;
}

gboolean
memscope_thread_registry_record_deallocation (MemscopeThreadRegistry *threads, MemscopeThreadId id, gsize size)
{
  MS_RUNTIME_SCOPE;
  MsThreadRec *rec;

  g_return_val_if_fail (threads != NULL, FALSE);

  g_mutex_lock (&threads->v.reg->lock);
  rec = manual_thread (threads, id);
  if (rec != NULL)
    {
      /* what was freed beyond the current bytes (another thread's
       * memory) counts nowhere */
      rec->heap_freed_local += MIN (size, ms_rec_current (rec));
      rec->heap_frees_local++;
    }
  g_mutex_unlock (&threads->v.reg->lock);
  return rec != NULL;
}

MemscopeThreadInfo *
memscope_thread_registry_get (MemscopeThreadRegistry *threads, MemscopeThreadId id)
{
  MS_RUNTIME_SCOPE;
  MemscopeThreadInfo *info = NULL;
  MsThreadRec *rec;

  g_return_val_if_fail (threads != NULL, NULL);

  g_mutex_lock (&threads->v.reg->lock);
  rec = thread_of (threads->v.reg, id);
  if (rec != NULL)
    info = thread_info (rec);
  g_mutex_unlock (&threads->v.reg->lock);
  return info;
}

GPtrArray *
memscope_thread_registry_list (MemscopeThreadRegistry *threads)
{
  MS_RUNTIME_SCOPE;
  GPtrArray *out;
  guint i;

  g_return_val_if_fail (threads != NULL, NULL);

  g_mutex_lock (&threads->v.reg->lock);
  out = g_ptr_array_new_full (threads->v.reg->threads->len, (GDestroyNotify) memscope_thread_info_free);
  for (i = 0; i < threads->v.reg->threads->len; i++)
    g_ptr_array_add (out, thread_info (threads->v.reg->threads->pdata[i]));
  g_mutex_unlock (&threads->v.reg->lock);
  return out;
}

/* test-registry-private.c: unit tests of the internal registry API
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * registry-private.h is what the hot path uses to publish automatically
 * tracked records into the global engine.  Its functions are hidden in
 * libmemscope, so this program is linked with registry.c itself.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <time.h>
#include <unistd.h>

#include "registry-private.h"

static void
test_monotonic_ns (void)
{
  struct timespec ts;
  guint64 before, t, after;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  before = (guint64) ts.tv_sec * 1000000000u + (guint64) ts.tv_nsec;
  t = _memscope_monotonic_ns ();
  clock_gettime (CLOCK_MONOTONIC, &ts);
  after = (guint64) ts.tv_sec * 1000000000u + (guint64) ts.tv_nsec;
  g_assert_cmpuint (before, <=, t);
  g_assert_cmpuint (t, <=, after);
  /* nanoseconds, not g_get_monotonic_time()'s microseconds */
  g_assert_cmpuint (t / 1000, >=, (guint64) g_get_monotonic_time () - 1000000);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  guint calls;
  MemscopeMetadataEngine *seen;
} RefreshState;

/* Puts a record on every call: the hook runs with no registry lock held. */
static void
refresh_hook (MemscopeMetadataEngine *engine, gpointer data)
{
  RefreshState *state = data;
  MemscopeVariableRegistry *vars;
  MemscopeVariableInfo info = { 0 };

  state->calls++;
  state->seen = engine;

  /* the accessors, called from the hook, do not refresh again */
  vars = memscope_metadata_engine_variables (engine);

  info.variable_id = _memscope_variable_registry_reserve_id (vars);
  info.name = "auto";
  info.type_name = "int";
  info.size = 4;
  info.is_active = TRUE;
  _memscope_variable_registry_put (vars, &info);
}

static void
test_refresh_hook (void)
{
  g_autoptr(MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  RefreshState state = { 0, NULL };
  MemscopeVariableRegistry *vars;
  g_autoptr(GPtrArray) list = NULL;

  /* no hook: the accessors just return */
  vars = memscope_metadata_engine_variables (engine);
  g_assert_nonnull (vars);

  _memscope_metadata_engine_set_refresh (engine, refresh_hook, &state);
  g_assert_true (memscope_metadata_engine_variables (engine) == vars);
  g_assert_cmpuint (state.calls, ==, 1);
  g_assert_true (state.seen == engine);
  g_assert_nonnull (memscope_metadata_engine_scopes (engine));
  g_assert_cmpuint (state.calls, ==, 2);
  g_assert_nonnull (memscope_metadata_engine_threads (engine));
  g_assert_cmpuint (state.calls, ==, 3);

  list = _memscope_variable_registry_snapshot (vars, TRUE);
  g_assert_cmpuint (list->len, ==, 3);

  /* removing the hook stops the calls */
  _memscope_metadata_engine_set_refresh (engine, NULL, NULL);
  memscope_metadata_engine_variables (engine);
  memscope_metadata_engine_scopes (engine);
  memscope_metadata_engine_threads (engine);
  g_assert_cmpuint (state.calls, ==, 3);
}

/* ------------------------------------------------------------------------ */

static void
test_reserve_shares_counter (void)
{
  g_autoptr(MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (engine);
  MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (engine);
  MemscopeScopeId sid;

  g_assert_cmpuint (_memscope_variable_registry_reserve_id (vars), ==, 1);
  g_assert_cmpuint (memscope_variable_registry_register (vars, "x", "int", 0, 4, 0, 0), ==, 2);
  g_assert_cmpuint (_memscope_variable_registry_reserve_id (vars), ==, 3);
  /* a reserved id has no record until it is put */
  g_assert_null (memscope_variable_registry_get (vars, 1));

  g_assert_cmpuint (_memscope_scope_tracker_reserve_id (scopes), ==, 1);
  sid = memscope_scope_tracker_enter (scopes, "s", NULL);
  g_assert_cmpuint (sid, ==, 2);
  g_assert_cmpuint (_memscope_scope_tracker_reserve_id (scopes), ==, 3);
  g_assert_null (memscope_scope_tracker_get (scopes, 1));
  g_assert_true (memscope_scope_tracker_exit (scopes, sid, NULL));

  g_assert_cmpuint (_memscope_thread_registry_reserve_id (threads), ==, 1);
  g_assert_cmpuint (memscope_thread_registry_register (threads, 77, NULL), ==, 2);
  g_assert_cmpuint (_memscope_thread_registry_reserve_id (threads), ==, 3);
  g_assert_null (memscope_thread_registry_get (threads, 1));
}

/* ------------------------------------------------------------------------ */

static void
test_variable_put (void)
{
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) vars = memscope_variable_registry_new_with_scopes (scopes);
  g_autoptr(GPtrArray) manual = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(MemscopeVariableInfo) got = NULL;
  g_autoptr(MemscopeScopeInfo) scope = NULL;
  char name[] = "site";
  MemscopeVariableInfo info = { 0 };
  MemscopeScopeId sid = memscope_scope_tracker_enter (scopes, "f", NULL);
  MemscopeVariableId m1, a, m2;

  m1 = memscope_variable_registry_register (vars, "m1", "int", 0x10, 4, sid, 0);
  a = _memscope_variable_registry_reserve_id (vars);
  m2 = memscope_variable_registry_register (vars, "m2", "long", 0x18, 8, sid, 0);

  info.variable_id = a;
  info.name = name;
  info.type_name = "char[32]";
  info.ptr = 0x4000;
  info.size = 32;
  info.scope_id = sid;
  info.thread_id = 5;
  info.created_at = 111;
  info.last_accessed = 222;
  info.access_count = 7;
  info.is_active = TRUE;
  _memscope_variable_registry_put (vars, &info);
  name[0] = 'X';   /* the record is a deep copy */

  got = memscope_variable_registry_get (vars, a);
  g_assert_cmpstr (got->name, ==, "site");
  g_assert_cmpstr (got->type_name, ==, "char[32]");
  g_assert_cmpuint (got->ptr, ==, 0x4000);
  g_assert_cmpuint (got->size, ==, 32);
  g_assert_cmpuint (got->created_at, ==, 111);
  g_assert_cmpuint (got->last_accessed, ==, 222);
  g_assert_cmpuint (got->access_count, ==, 7);
  g_clear_pointer (&got, memscope_variable_info_free);

  /* a put record is stored as given: not counted into its scope */
  scope = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (scope->total_memory, ==, 12);
  g_assert_cmpuint (scope->variables->len, ==, 2);
  g_clear_pointer (&scope, memscope_scope_info_free);

  /* replace it */
  info.name = "site";
  info.access_count = 8;
  info.is_active = FALSE;
  _memscope_variable_registry_put (vars, &info);
  got = memscope_variable_registry_get (vars, a);
  g_assert_cmpuint (got->access_count, ==, 8);
  g_assert_false (got->is_active);

  /* snapshots: sorted, the manual ones exactly without the automatic */
  manual = _memscope_variable_registry_snapshot (vars, FALSE);
  g_assert_cmpuint (manual->len, ==, 2);
  g_assert_cmpuint (((MemscopeVariableInfo *) manual->pdata[0])->variable_id, ==, m1);
  g_assert_cmpuint (((MemscopeVariableInfo *) manual->pdata[1])->variable_id, ==, m2);
  all = _memscope_variable_registry_snapshot (vars, TRUE);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpuint (((MemscopeVariableInfo *) all->pdata[0])->variable_id, ==, m1);
  g_assert_cmpuint (((MemscopeVariableInfo *) all->pdata[1])->variable_id, ==, a);
  g_assert_cmpuint (((MemscopeVariableInfo *) all->pdata[2])->variable_id, ==, m2);

  /* putting over a manual record takes its bytes out of the scope and makes
   * it automatic */
  info.variable_id = m2;
  info.is_active = TRUE;
  _memscope_variable_registry_put (vars, &info);
  scope = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (scope->total_memory, ==, 4);
  g_assert_cmpuint (scope->peak_memory, ==, 12);
  g_assert_cmpuint (scope->variables->len, ==, 1);
  g_assert_cmpuint (g_array_index (scope->variables, MemscopeVariableId, 0), ==, m1);
  g_clear_pointer (&manual, g_ptr_array_unref);
  manual = _memscope_variable_registry_snapshot (vars, FALSE);
  g_assert_cmpuint (manual->len, ==, 1);
  /* and unregistering it later does not subtract again */
  g_assert_true (memscope_variable_registry_unregister (vars, m2));
  g_clear_pointer (&scope, memscope_scope_info_free);
  scope = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (scope->total_memory, ==, 4);

  /* cleanup removes inactive automatic records too */
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (vars), ==, 2);
  g_assert_true (memscope_scope_tracker_exit (scopes, sid, NULL));
}

static void
test_scope_put (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr(GPtrArray) manual = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(MemscopeScopeInfo) got = NULL;
  MemscopeScopeInfo info = { 0 };
  MemscopeVariableId vids[] = { 4, 9 };
  MemscopeScopeId outer, auto_root, auto_child, inner;
  GError *error = NULL;
  GNode *tree;

  outer = memscope_scope_tracker_enter (tracker, "manual-outer", NULL);
  auto_root = _memscope_scope_tracker_reserve_id (tracker);
  auto_child = _memscope_scope_tracker_reserve_id (tracker);

  info.scope_id = auto_root;
  info.name = "main";
  info.variables = g_array_new (FALSE, FALSE, sizeof (MemscopeVariableId));
  g_array_append_vals (info.variables, vids, G_N_ELEMENTS (vids));
  info.total_memory = 40;
  info.peak_memory = 100;
  info.allocation_count = 3;
  info.lifetime_start = 5;
  info.is_active = TRUE;
  _memscope_scope_tracker_put (tracker, &info);
  g_array_set_size (info.variables, 0);    /* deep copy */

  info.scope_id = auto_child;
  info.name = "main/loop";
  info.parent_scope = auto_root;
  info.depth = 1;
  g_array_unref (info.variables);
  info.variables = NULL;                   /* NULL is an empty list */
  _memscope_scope_tracker_put (tracker, &info);

  got = memscope_scope_tracker_get (tracker, auto_root);
  g_assert_cmpstr (got->name, ==, "main");
  g_assert_cmpuint (got->variables->len, ==, 2);
  g_assert_cmpuint (g_array_index (got->variables, MemscopeVariableId, 1), ==, 9);
  g_assert_cmpuint (got->total_memory, ==, 40);
  g_assert_cmpuint (got->peak_memory, ==, 100);
  g_assert_cmpuint (got->allocation_count, ==, 3);
  g_assert_cmpuint (got->lifetime_start, ==, 5);
  g_clear_pointer (&got, memscope_scope_info_free);
  got = memscope_scope_tracker_get (tracker, auto_child);
  g_assert_nonnull (got->variables);
  g_assert_cmpuint (got->variables->len, ==, 0);

  /* put scopes are on no thread's stack: the next manual scope nests in the
   * manual one, and exiting a put scope is refused */
  inner = memscope_scope_tracker_enter (tracker, "manual-inner", NULL);
  g_assert_cmpuint (inner, ==, 4);
  g_clear_pointer (&got, memscope_scope_info_free);
  got = memscope_scope_tracker_get (tracker, inner);
  g_assert_cmpuint (got->parent_scope, ==, outer);
  g_assert_false (memscope_scope_tracker_exit (tracker, auto_child, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  g_assert_cmpstr (error->message, ==,
                   "Scope 3 \"main/loop\" is not the calling thread's innermost open scope, "
                   "which is 4 \"manual-inner\"");
  g_clear_error (&error);

  /* snapshots tell manual from automatic */
  manual = _memscope_scope_tracker_snapshot (tracker, FALSE);
  g_assert_cmpuint (manual->len, ==, 2);
  g_assert_cmpuint (((MemscopeScopeInfo *) manual->pdata[0])->scope_id, ==, outer);
  g_assert_cmpuint (((MemscopeScopeInfo *) manual->pdata[1])->scope_id, ==, inner);
  all = _memscope_scope_tracker_snapshot (tracker, TRUE);
  g_assert_cmpuint (all->len, ==, 4);

  /* the hierarchy holds both kinds */
  tree = memscope_scope_tracker_hierarchy (tracker);
  g_assert_cmpuint (g_node_n_children (tree), ==, 2);
  g_assert_cmpuint (((MemscopeScopeInfo *) g_node_nth_child (tree, 0)->data)->scope_id, ==, outer);
  g_assert_cmpuint (((MemscopeScopeInfo *) g_node_nth_child (tree, 1)->data)->scope_id, ==, auto_root);
  g_assert_cmpuint (((MemscopeScopeInfo *) g_node_nth_child (tree, 1)->children->data)->scope_id, ==, auto_child);
  memscope_scope_hierarchy_free (tree);

  g_assert_true (memscope_scope_tracker_exit (tracker, inner, NULL));
  g_assert_true (memscope_scope_tracker_exit (tracker, outer, NULL));

  /* a put scope that is no longer active reads as exited */
  info.is_active = FALSE;
  info.lifetime_end = 50;
  _memscope_scope_tracker_put (tracker, &info);
  g_assert_false (memscope_scope_tracker_exit (tracker, auto_child, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_ALREADY_EXITED);
  g_clear_error (&error);
}

static void
test_scope_put_parent_cycle (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) vars = memscope_variable_registry_new_with_scopes (tracker);
  MemscopeScopeInfo info = { 0 };
  GNode *tree;

  /* 1 -> 2 -> 1, and 3 -> 3: nonsense, but it must not hang or crash */
  info.name = "a";
  info.scope_id = 1;
  info.parent_scope = 2;
  _memscope_scope_tracker_put (tracker, &info);
  info.name = "b";
  info.scope_id = 2;
  info.parent_scope = 1;
  _memscope_scope_tracker_put (tracker, &info);
  info.name = "self";
  info.scope_id = 3;
  info.parent_scope = 3;
  _memscope_scope_tracker_put (tracker, &info);

  tree = memscope_scope_tracker_hierarchy (tracker);
  g_assert_cmpuint (g_node_n_nodes (tree, G_TRAVERSE_ALL), ==, 4);
  memscope_scope_hierarchy_free (tree);

  /* the parent walk of memory accounting is bounded too */
  memscope_variable_registry_register (vars, "v", "int", 0, 4, 1, 0);
  memscope_variable_registry_register (vars, "w", "int", 0, 4, 3, 0);
  memscope_variable_registry_unregister (vars, 1);
  memscope_variable_registry_unregister (vars, 2);
}

static void
test_thread_put (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  g_autoptr(GPtrArray) manual = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(MemscopeThreadInfo) got = NULL;
  MemscopeThreadInfo info = { 0 };
  guint64 tid = (guint64) gettid ();
  MemscopeThreadId other, mine, fresh;

  other = memscope_thread_registry_register (reg, tid + 1, "other");
  mine = _memscope_thread_registry_reserve_id (reg);
  g_assert_cmpuint (_memscope_thread_registry_lookup_tid (reg, tid), ==, 0);
  g_assert_cmpuint (_memscope_thread_registry_lookup_tid (reg, tid + 1), ==, other);

  info.thread_id = mine;
  info.thread_id_u64 = tid;
  info.name = "hot";
  info.created_at = 9;
  info.total_allocations = 3;
  info.current_memory = 64;
  info.peak_memory = 128;
  info.is_active = TRUE;
  _memscope_thread_registry_put (reg, &info);

  /* current() finds the put record instead of registering a duplicate */
  g_assert_cmpuint (_memscope_thread_registry_lookup_tid (reg, tid), ==, mine);
  g_assert_cmpuint (memscope_thread_registry_current (reg), ==, mine);
  got = memscope_thread_registry_get (reg, mine);
  g_assert_cmpstr (got->name, ==, "hot");
  g_assert_cmpuint (got->created_at, ==, 9);
  g_assert_cmpuint (got->total_allocations, ==, 3);
  g_assert_cmpuint (got->current_memory, ==, 64);
  g_assert_cmpuint (got->peak_memory, ==, 128);

  manual = _memscope_thread_registry_snapshot (reg, FALSE);
  g_assert_cmpuint (manual->len, ==, 1);
  g_assert_cmpuint (((MemscopeThreadInfo *) manual->pdata[0])->thread_id, ==, other);
  all = _memscope_thread_registry_snapshot (reg, TRUE);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpuint (((MemscopeThreadInfo *) all->pdata[1])->thread_id, ==, mine);

  /* put inactive (the thread ended): the OS id is free again */
  info.is_active = FALSE;
  info.name = NULL;
  _memscope_thread_registry_put (reg, &info);
  g_assert_cmpuint (_memscope_thread_registry_lookup_tid (reg, tid), ==, 0);
  fresh = memscope_thread_registry_current (reg);
  g_assert_cmpuint (fresh, ==, 3);
  g_clear_pointer (&got, memscope_thread_info_free);
  got = memscope_thread_registry_get (reg, mine);
  g_assert_null (got->name);
  g_assert_false (got->is_active);

  /* re-putting the old record inactive leaves the new mapping alone */
  _memscope_thread_registry_put (reg, &info);
  g_assert_cmpuint (memscope_thread_registry_current (reg), ==, fresh);
}

static void
test_snapshot_free_func (void)
{
  g_autoptr(MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (engine);
  MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (engine);
  GPtrArray *snap;
  guint i;

  for (i = 0; i < 50; i++)
    {
      MemscopeScopeId s = memscope_scope_tracker_enter (scopes, "s", NULL);

      memscope_variable_registry_register (vars, "v", "int", i, 4, s, 0);
      memscope_thread_registry_register (threads, i, "t");
    }

  /* the arrays own their elements: valgrind would see a leak otherwise */
  snap = _memscope_variable_registry_snapshot (vars, TRUE);
  g_assert_cmpuint (snap->len, ==, 50);
  for (i = 0; i < snap->len; i++)
    g_assert_cmpuint (((MemscopeVariableInfo *) snap->pdata[i])->variable_id, ==, i + 1);
  g_ptr_array_unref (snap);
  snap = _memscope_scope_tracker_snapshot (scopes, TRUE);
  g_assert_cmpuint (snap->len, ==, 50);
  for (i = 0; i < snap->len; i++)
    {
      MemscopeScopeInfo *s = snap->pdata[i];

      g_assert_cmpuint (s->scope_id, ==, i + 1);
      g_assert_cmpuint (s->depth, ==, i);
      /* each scope holds its own 4 bytes and, peak-wise, all below it */
      g_assert_cmpuint (s->total_memory, ==, 4);
      g_assert_cmpuint (s->peak_memory, ==, 4 * (50 - i));
    }
  g_ptr_array_unref (snap);
  snap = _memscope_thread_registry_snapshot (threads, TRUE);
  g_assert_cmpuint (snap->len, ==, 50);
  g_ptr_array_unref (snap);

  for (i = 50; i > 0; i--)
    g_assert_true (memscope_scope_tracker_exit (scopes, i, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscope/private/monotonic-ns", test_monotonic_ns);
  g_test_add_func ("/memscope/private/refresh-hook", test_refresh_hook);
  g_test_add_func ("/memscope/private/reserve-shares-counter", test_reserve_shares_counter);
  g_test_add_func ("/memscope/private/variable-put", test_variable_put);
  g_test_add_func ("/memscope/private/scope-put", test_scope_put);
  g_test_add_func ("/memscope/private/scope-put-parent-cycle", test_scope_put_parent_cycle);
  g_test_add_func ("/memscope/private/thread-put", test_thread_put);
  g_test_add_func ("/memscope/private/snapshot-free-func", test_snapshot_free_func);

  return g_test_run ();
}

/* test-registry.c: unit tests of the public registry API in memscope.h
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Single-threaded behaviour of every public function of the engine and its
 * registries, error paths included.  test-registry-threads.c covers what
 * needs several threads.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "memscope.h"

static guint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

static MemscopeVariableId
var_at (GArray *ids, guint i)
{
  return g_array_index (ids, MemscopeVariableId, i);
}

/* ------------------------------------------------------------------------ */

static void
test_error_quark (void)
{
  g_assert_cmpuint (MEMSCOPE_ERROR, !=, 0);
  g_assert_cmpuint (MEMSCOPE_ERROR, ==, memscope_error_quark ());
  g_assert_cmpstr (g_quark_to_string (MEMSCOPE_ERROR), ==, "memscope-error-quark");
  /* the documented numbering, which callers may store */
  g_assert_cmpint (MEMSCOPE_ERROR_FAILED, ==, 0);
  g_assert_cmpint (MEMSCOPE_ERROR_INVALID_ARGUMENT, ==, 1);
  g_assert_cmpint (MEMSCOPE_ERROR_UNKNOWN_ID, ==, 2);
  g_assert_cmpint (MEMSCOPE_ERROR_ALREADY_EXITED, ==, 3);
  g_assert_cmpint (MEMSCOPE_ERROR_NOT_INNERMOST, ==, 4);
}

static void
test_info_copy (void)
{
  MemscopeVariableInfo v = { 7, "buf", "char[16]", 0x1000, 16, 3, 2, 10, 20, 5, TRUE };
  MemscopeThreadInfo t = { 4, 1234, "worker", 30, 9, 8, 100, 200, FALSE };
  MemscopeScopeInfo s = { 0 };
  MemscopeVariableInfo *vc;
  MemscopeScopeInfo *sc;
  MemscopeThreadInfo *tc;
  MemscopeVariableId ids[] = { 5, 6, 9 };

  vc = memscope_variable_info_copy (&v);
  g_assert_cmpuint (vc->variable_id, ==, 7);
  g_assert_cmpstr (vc->name, ==, "buf");
  g_assert_true (vc->name != v.name);
  g_assert_cmpstr (vc->type_name, ==, "char[16]");
  g_assert_cmpuint (vc->ptr, ==, 0x1000);
  g_assert_cmpuint (vc->size, ==, 16);
  g_assert_cmpuint (vc->scope_id, ==, 3);
  g_assert_cmpuint (vc->thread_id, ==, 2);
  g_assert_cmpuint (vc->created_at, ==, 10);
  g_assert_cmpuint (vc->last_accessed, ==, 20);
  g_assert_cmpuint (vc->access_count, ==, 5);
  g_assert_true (vc->is_active);
  memscope_variable_info_free (vc);

  s.scope_id = 3;
  s.name = "loop";
  s.parent_scope = 1;
  s.depth = 1;
  s.variables = g_array_new (FALSE, FALSE, sizeof (MemscopeVariableId));
  g_array_append_vals (s.variables, ids, G_N_ELEMENTS (ids));
  s.total_memory = 24;
  s.peak_memory = 48;
  s.allocation_count = 3;
  s.lifetime_start = 100;
  s.lifetime_end = 0;
  s.is_active = TRUE;
  sc = memscope_scope_info_copy (&s);
  g_array_set_size (s.variables, 0);    /* the copy is deep */
  g_assert_cmpuint (sc->scope_id, ==, 3);
  g_assert_cmpstr (sc->name, ==, "loop");
  g_assert_cmpuint (sc->parent_scope, ==, 1);
  g_assert_cmpuint (sc->depth, ==, 1);
  g_assert_cmpuint (sc->variables->len, ==, 3);
  g_assert_cmpuint (var_at (sc->variables, 2), ==, 9);
  g_assert_cmpuint (sc->total_memory, ==, 24);
  g_assert_cmpuint (sc->peak_memory, ==, 48);
  g_assert_cmpuint (sc->allocation_count, ==, 3);
  g_assert_cmpuint (sc->lifetime_start, ==, 100);
  g_assert_cmpuint (sc->lifetime_end, ==, 0);
  g_assert_true (sc->is_active);
  memscope_scope_info_free (sc);
  g_array_unref (s.variables);

  /* a NULL variables array comes out as an empty one */
  s.variables = NULL;
  sc = memscope_scope_info_copy (&s);
  g_assert_nonnull (sc->variables);
  g_assert_cmpuint (sc->variables->len, ==, 0);
  memscope_scope_info_free (sc);

  tc = memscope_thread_info_copy (&t);
  g_assert_cmpuint (tc->thread_id, ==, 4);
  g_assert_cmpuint (tc->thread_id_u64, ==, 1234);
  g_assert_cmpstr (tc->name, ==, "worker");
  g_assert_cmpuint (tc->created_at, ==, 30);
  g_assert_cmpuint (tc->total_allocations, ==, 9);
  g_assert_cmpuint (tc->total_deallocations, ==, 8);
  g_assert_cmpuint (tc->current_memory, ==, 100);
  g_assert_cmpuint (tc->peak_memory, ==, 200);
  g_assert_false (tc->is_active);
  memscope_thread_info_free (tc);

  t.name = NULL;
  tc = memscope_thread_info_copy (&t);
  g_assert_null (tc->name);
  memscope_thread_info_free (tc);

  /* freeing NULL is allowed, like g_free() */
  memscope_variable_info_free (NULL);
  memscope_scope_info_free (NULL);
  memscope_thread_info_free (NULL);
}

static void
test_autoptr (void)
{
  g_autoptr(MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  g_autoptr(MemscopeVariableRegistry) vars = memscope_variable_registry_new ();
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeThreadRegistry) threads = memscope_thread_registry_new ();
  g_autoptr(GError) error = NULL;
  MemscopeVariableId vid = memscope_variable_registry_register (vars, "x", "int", 0x10, 4, 0, 0);
  MemscopeScopeId sid = memscope_scope_tracker_enter (scopes, "s", &error);
  MemscopeThreadId tid = memscope_thread_registry_register (threads, 42, "t");

  g_assert_no_error (error);
  {
    g_autoptr(MemscopeVariableInfo) v = memscope_variable_registry_get (vars, vid);
    g_autoptr(MemscopeScopeInfo) s = memscope_scope_tracker_get (scopes, sid);
    g_autoptr(MemscopeThreadInfo) t = memscope_thread_registry_get (threads, tid);

    g_assert_cmpstr (v->name, ==, "x");
    g_assert_cmpstr (s->name, ==, "s");
    g_assert_cmpstr (t->name, ==, "t");
  }
  /* an engine freed with open scopes and live variables leaks nothing */
  g_assert_cmpuint (memscope_scope_tracker_enter (memscope_metadata_engine_scopes (engine), "open", NULL), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* Engine                                                                   */

static void
test_engine_accessors (void)
{
  MemscopeMetadataEngine *engine = memscope_metadata_engine_new ();
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (engine);
  MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (engine);
  g_autoptr(GPtrArray) vlist = NULL;
  g_autoptr(GPtrArray) slist = NULL;
  g_autoptr(GPtrArray) tlist = NULL;

  g_assert_nonnull (vars);
  g_assert_nonnull (scopes);
  g_assert_nonnull (threads);
  /* the same registries every time */
  g_assert_true (memscope_metadata_engine_variables (engine) == vars);
  g_assert_true (memscope_metadata_engine_scopes (engine) == scopes);
  g_assert_true (memscope_metadata_engine_threads (engine) == threads);

  /* a new engine is empty */
  vlist = memscope_variable_registry_list (vars);
  slist = memscope_scope_tracker_list (scopes);
  tlist = memscope_thread_registry_list (threads);
  g_assert_cmpuint (vlist->len, ==, 0);
  g_assert_cmpuint (slist->len, ==, 0);
  g_assert_cmpuint (tlist->len, ==, 0);

  memscope_metadata_engine_free (engine);
  memscope_metadata_engine_free (NULL);
}

static void
test_engine_connected (void)
{
  g_autoptr(MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (engine);
  g_autoptr(MemscopeScopeInfo) info = NULL;
  MemscopeScopeId sid;
  MemscopeVariableId vid;

  sid = memscope_scope_tracker_enter (scopes, "main", NULL);
  vid = memscope_variable_registry_register (vars, "buf", "char[64]", 0x2000, 64, sid, 0);
  info = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (info->total_memory, ==, 64);
  g_assert_cmpuint (info->peak_memory, ==, 64);
  g_assert_cmpuint (info->allocation_count, ==, 1);
  g_assert_cmpuint (info->variables->len, ==, 1);
  g_assert_cmpuint (var_at (info->variables, 0), ==, vid);
  g_assert_true (memscope_scope_tracker_exit (scopes, sid, NULL));
}

/* ------------------------------------------------------------------------ */
/* Variables                                                                */

static void
test_variables_register_get (void)
{
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new ();
  g_autoptr(MemscopeVariableInfo) info = NULL;
  g_autoptr(MemscopeVariableInfo) untyped = NULL;
  guint64 before, after;
  MemscopeVariableId id;

  before = now_ns ();
  id = memscope_variable_registry_register (reg, "point", "struct point", 0xdeadbeef, 8, 5, 3);
  after = now_ns ();
  g_assert_cmpuint (id, ==, 1);

  info = memscope_variable_registry_get (reg, id);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->variable_id, ==, 1);
  g_assert_cmpstr (info->name, ==, "point");
  g_assert_cmpstr (info->type_name, ==, "struct point");
  g_assert_cmpuint (info->ptr, ==, 0xdeadbeef);
  g_assert_cmpuint (info->size, ==, 8);
  g_assert_cmpuint (info->scope_id, ==, 5);
  g_assert_cmpuint (info->thread_id, ==, 3);
  g_assert_cmpuint (info->created_at, >=, before);
  g_assert_cmpuint (info->created_at, <=, after);
  g_assert_cmpuint (info->last_accessed, ==, info->created_at);
  g_assert_cmpuint (info->access_count, ==, 1);
  g_assert_true (info->is_active);

  /* a NULL type is stored as "" */
  id = memscope_variable_registry_register (reg, "anon", NULL, 0, 0, 0, 0);
  g_assert_cmpuint (id, ==, 2);
  untyped = memscope_variable_registry_get (reg, id);
  g_assert_cmpstr (untyped->type_name, ==, "");
  g_assert_cmpuint (untyped->size, ==, 0);

  /* unknown ids, 0 included */
  g_assert_null (memscope_variable_registry_get (reg, 0));
  g_assert_null (memscope_variable_registry_get (reg, 3));
  g_assert_null (memscope_variable_registry_get (reg, G_MAXUINT64));
}

static void
test_variables_copy_is_snapshot (void)
{
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new ();
  MemscopeVariableId id = memscope_variable_registry_register (reg, "x", "int", 0x10, 4, 0, 0);
  g_autoptr(MemscopeVariableInfo) before = memscope_variable_registry_get (reg, id);
  g_autoptr(MemscopeVariableInfo) after = NULL;

  memscope_variable_registry_record_access (reg, id);
  memscope_variable_registry_unregister (reg, id);
  after = memscope_variable_registry_get (reg, id);
  g_assert_cmpuint (before->access_count, ==, 1);
  g_assert_true (before->is_active);
  g_assert_cmpuint (after->access_count, ==, 2);
  g_assert_false (after->is_active);
}

static void
test_variables_record_access (void)
{
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new ();
  g_autoptr(MemscopeVariableInfo) info = NULL;
  MemscopeVariableId id = memscope_variable_registry_register (reg, "counter", "long", 0x20, 8, 0, 0);
  guint64 created;
  guint64 before;
  guint i;

  info = memscope_variable_registry_get (reg, id);
  created = info->created_at;
  g_clear_pointer (&info, memscope_variable_info_free);

  before = now_ns ();
  for (i = 0; i < 10; i++)
    g_assert_true (memscope_variable_registry_record_access (reg, id));
  info = memscope_variable_registry_get (reg, id);
  g_assert_cmpuint (info->access_count, ==, 11);
  g_assert_cmpuint (info->created_at, ==, created);
  g_assert_cmpuint (info->last_accessed, >=, before);
  g_assert_cmpuint (info->last_accessed, <=, now_ns ());
  g_clear_pointer (&info, memscope_variable_info_free);

  g_assert_false (memscope_variable_registry_record_access (reg, 0));
  g_assert_false (memscope_variable_registry_record_access (reg, id + 1));

  /* an unregistered variable still records accesses */
  g_assert_true (memscope_variable_registry_unregister (reg, id));
  g_assert_true (memscope_variable_registry_record_access (reg, id));
  info = memscope_variable_registry_get (reg, id);
  g_assert_cmpuint (info->access_count, ==, 12);
}

static void
test_variables_unregister (void)
{
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new ();
  g_autoptr(MemscopeVariableInfo) info = NULL;
  MemscopeVariableId id = memscope_variable_registry_register (reg, "tmp", "int", 0x30, 4, 0, 0);

  g_assert_true (memscope_variable_registry_unregister (reg, id));
  /* the record stays, inactive */
  info = memscope_variable_registry_get (reg, id);
  g_assert_nonnull (info);
  g_assert_false (info->is_active);
  g_assert_cmpstr (info->name, ==, "tmp");
  /* twice, and unknown ids */
  g_assert_false (memscope_variable_registry_unregister (reg, id));
  g_assert_false (memscope_variable_registry_unregister (reg, 0));
  g_assert_false (memscope_variable_registry_unregister (reg, 99));
}

static void
test_variables_cleanup_inactive (void)
{
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new_with_scopes (scopes);
  g_autoptr(MemscopeScopeInfo) scope = NULL;
  g_autoptr(GPtrArray) list = NULL;
  MemscopeVariableId ids[5];
  MemscopeScopeId sid;
  guint i;

  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (reg), ==, 0);

  sid = memscope_scope_tracker_enter (scopes, "f", NULL);
  for (i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = memscope_variable_registry_register (reg, "v", "int", 0x100 + 4 * i, 4, sid, 0);
  g_assert_true (memscope_variable_registry_unregister (reg, ids[1]));
  g_assert_true (memscope_variable_registry_unregister (reg, ids[3]));

  /* unregistering keeps the ids listed in the scope... */
  scope = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (scope->variables->len, ==, 5);
  g_assert_cmpuint (scope->total_memory, ==, 12);
  g_clear_pointer (&scope, memscope_scope_info_free);

  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (reg), ==, 2);
  g_assert_null (memscope_variable_registry_get (reg, ids[1]));
  g_assert_null (memscope_variable_registry_get (reg, ids[3]));
  list = memscope_variable_registry_list (reg);
  g_assert_cmpuint (list->len, ==, 3);

  /* ...cleaning up removes them */
  scope = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (scope->variables->len, ==, 3);
  g_assert_cmpuint (var_at (scope->variables, 0), ==, ids[0]);
  g_assert_cmpuint (var_at (scope->variables, 1), ==, ids[2]);
  g_assert_cmpuint (var_at (scope->variables, 2), ==, ids[4]);
  g_assert_cmpuint (scope->total_memory, ==, 12);
  g_assert_cmpuint (scope->peak_memory, ==, 20);
  g_assert_cmpuint (scope->allocation_count, ==, 5);

  /* nothing left to remove */
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (reg), ==, 0);

  /* ids are never reused */
  g_assert_cmpuint (memscope_variable_registry_register (reg, "w", "int", 0, 4, 0, 0), ==, 6);
  g_assert_true (memscope_scope_tracker_exit (scopes, sid, NULL));
}

static void
test_variables_unconnected (void)
{
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new ();
  g_autoptr(MemscopeVariableInfo) var = NULL;
  g_autoptr(MemscopeScopeInfo) scope = NULL;
  MemscopeScopeId sid = memscope_scope_tracker_enter (scopes, "f", NULL);
  MemscopeVariableId vid = memscope_variable_registry_register (reg, "x", "int", 0, 4, sid, 0);

  /* the scope id is kept, but a registry from _new() counts it nowhere */
  var = memscope_variable_registry_get (reg, vid);
  g_assert_cmpuint (var->scope_id, ==, sid);
  scope = memscope_scope_tracker_get (scopes, sid);
  g_assert_cmpuint (scope->total_memory, ==, 0);
  g_assert_cmpuint (scope->peak_memory, ==, 0);
  g_assert_cmpuint (scope->variables->len, ==, 0);
  g_assert_true (memscope_variable_registry_unregister (reg, vid));
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (reg), ==, 1);
  g_assert_true (memscope_scope_tracker_exit (scopes, sid, NULL));
}

static void
test_variables_unknown_scope (void)
{
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new_with_scopes (scopes);
  g_autoptr(MemscopeVariableInfo) var = NULL;
  g_autoptr(GPtrArray) list = NULL;
  MemscopeVariableId vid;

  vid = memscope_variable_registry_register (reg, "x", "int", 0, 4, 77, 0);
  var = memscope_variable_registry_get (reg, vid);
  g_assert_cmpuint (var->scope_id, ==, 77);
  list = memscope_scope_tracker_list (scopes);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_true (memscope_variable_registry_unregister (reg, vid));
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (reg), ==, 1);
}

static void
test_variables_list (void)
{
  g_autoptr(MemscopeVariableRegistry) reg = memscope_variable_registry_new ();
  g_autoptr(GPtrArray) list = NULL;
  const char *names[] = { "a", "b", "c", "d" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    memscope_variable_registry_register (reg, names[i], "int", 0, 4, 0, 0);
  memscope_variable_registry_unregister (reg, 2);

  list = memscope_variable_registry_list (reg);
  g_assert_cmpuint (list->len, ==, 4);
  for (i = 0; i < list->len; i++)
    {
      MemscopeVariableInfo *info = g_ptr_array_index (list, i);

      g_assert_cmpuint (info->variable_id, ==, i + 1);
      g_assert_cmpstr (info->name, ==, names[i]);
      g_assert_cmpint (info->is_active, ==, i != 1);
    }
}

/* ------------------------------------------------------------------------ */
/* Scopes                                                                   */

static void
test_scopes_enter_exit (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr(MemscopeScopeInfo) open = NULL;
  g_autoptr(MemscopeScopeInfo) closed = NULL;
  g_autoptr(GError) error = NULL;
  guint64 before, middle, after;
  MemscopeScopeId id;

  before = now_ns ();
  id = memscope_scope_tracker_enter (tracker, "main", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (id, ==, 1);

  open = memscope_scope_tracker_get (tracker, id);
  g_assert_cmpuint (open->scope_id, ==, 1);
  g_assert_cmpstr (open->name, ==, "main");
  g_assert_cmpuint (open->parent_scope, ==, 0);
  g_assert_cmpuint (open->depth, ==, 0);
  g_assert_nonnull (open->variables);
  g_assert_cmpuint (open->variables->len, ==, 0);
  g_assert_cmpuint (open->total_memory, ==, 0);
  g_assert_cmpuint (open->peak_memory, ==, 0);
  g_assert_cmpuint (open->allocation_count, ==, 0);
  g_assert_cmpuint (open->lifetime_start, >=, before);
  middle = now_ns ();
  g_assert_cmpuint (open->lifetime_start, <=, middle);
  g_assert_cmpuint (open->lifetime_end, ==, 0);
  g_assert_true (open->is_active);

  g_assert_true (memscope_scope_tracker_exit (tracker, id, &error));
  g_assert_no_error (error);
  after = now_ns ();
  closed = memscope_scope_tracker_get (tracker, id);
  g_assert_cmpuint (closed->lifetime_start, ==, open->lifetime_start);
  g_assert_cmpuint (closed->lifetime_end, >=, middle);
  g_assert_cmpuint (closed->lifetime_end, <=, after);
  g_assert_false (closed->is_active);

  g_assert_null (memscope_scope_tracker_get (tracker, 0));
  g_assert_null (memscope_scope_tracker_get (tracker, 2));

  /* a NULL error is fine */
  id = memscope_scope_tracker_enter (tracker, "again", NULL);
  g_assert_cmpuint (id, ==, 2);
  g_assert_true (memscope_scope_tracker_exit (tracker, id, NULL));
  g_assert_false (memscope_scope_tracker_exit (tracker, id, NULL));
}

static void
test_scopes_nesting (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  MemscopeScopeId a, b, c, d;
  struct { MemscopeScopeId id, parent; guint depth; } want[4];
  guint i;

  a = memscope_scope_tracker_enter (tracker, "a", NULL);
  b = memscope_scope_tracker_enter (tracker, "b", NULL);
  c = memscope_scope_tracker_enter (tracker, "c", NULL);
  g_assert_true (memscope_scope_tracker_exit (tracker, c, NULL));
  g_assert_true (memscope_scope_tracker_exit (tracker, b, NULL));
  /* after b and c exit, a is innermost again */
  d = memscope_scope_tracker_enter (tracker, "d", NULL);

  want[0].id = a; want[0].parent = 0; want[0].depth = 0;
  want[1].id = b; want[1].parent = a; want[1].depth = 1;
  want[2].id = c; want[2].parent = b; want[2].depth = 2;
  want[3].id = d; want[3].parent = a; want[3].depth = 1;
  for (i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (tracker, want[i].id);

      g_assert_cmpuint (info->parent_scope, ==, want[i].parent);
      g_assert_cmpuint (info->depth, ==, want[i].depth);
    }

  g_assert_true (memscope_scope_tracker_exit (tracker, d, NULL));
  g_assert_true (memscope_scope_tracker_exit (tracker, a, NULL));
  /* all closed: the next scope is a root */
  {
    g_autoptr(MemscopeScopeInfo) e = memscope_scope_tracker_get (tracker, memscope_scope_tracker_enter (tracker, "e", NULL));

    g_assert_cmpuint (e->parent_scope, ==, 0);
    g_assert_cmpuint (e->depth, ==, 0);
    g_assert_true (memscope_scope_tracker_exit (tracker, e->scope_id, NULL));
  }
}

static void
test_scopes_enter_invalid (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr(GPtrArray) list = NULL;
  GError *error = NULL;

  g_assert_cmpuint (memscope_scope_tracker_enter (tracker, NULL, &error), ==, 0);
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "A scope name must not be empty");
  g_clear_error (&error);

  g_assert_cmpuint (memscope_scope_tracker_enter (tracker, "", &error), ==, 0);
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "A scope name must not be empty");
  g_clear_error (&error);

  g_assert_cmpuint (memscope_scope_tracker_enter (tracker, "", NULL), ==, 0);

  /* nothing was created, no id consumed, no stack entry left behind */
  list = memscope_scope_tracker_list (tracker);
  g_assert_cmpuint (list->len, ==, 0);
  {
    g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (tracker, memscope_scope_tracker_enter (tracker, "ok", NULL));

    g_assert_cmpuint (info->scope_id, ==, 1);
    g_assert_cmpuint (info->parent_scope, ==, 0);
    g_assert_true (memscope_scope_tracker_exit (tracker, 1, NULL));
  }
}

static void
test_scopes_exit_unknown (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  GError *error = NULL;
  MemscopeScopeId id = memscope_scope_tracker_enter (tracker, "open", NULL);

  g_assert_false (memscope_scope_tracker_exit (tracker, 0, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_UNKNOWN_ID);
  g_assert_cmpstr (error->message, ==, "Unknown scope id 0");
  g_clear_error (&error);

  g_assert_false (memscope_scope_tracker_exit (tracker, 12345678901234ULL, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_UNKNOWN_ID);
  g_assert_cmpstr (error->message, ==, "Unknown scope id 12345678901234");
  g_clear_error (&error);

  /* nothing changed */
  {
    g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (tracker, id);
    g_assert_true (info->is_active);
  }
  g_assert_true (memscope_scope_tracker_exit (tracker, id, NULL));
}

static void
test_scopes_exit_twice (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr(MemscopeScopeInfo) first = NULL;
  g_autoptr(MemscopeScopeInfo) second = NULL;
  GError *error = NULL;
  MemscopeScopeId outer = memscope_scope_tracker_enter (tracker, "outer", NULL);
  MemscopeScopeId inner = memscope_scope_tracker_enter (tracker, "inner", NULL);

  g_assert_true (memscope_scope_tracker_exit (tracker, inner, &error));
  g_assert_no_error (error);
  first = memscope_scope_tracker_get (tracker, inner);

  g_assert_false (memscope_scope_tracker_exit (tracker, inner, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_ALREADY_EXITED);
  g_assert_cmpstr (error->message, ==, "Scope 2 \"inner\" has already exited");
  g_clear_error (&error);

  /* the failed exit changed nothing: not the end time, not outer */
  second = memscope_scope_tracker_get (tracker, inner);
  g_assert_cmpuint (second->lifetime_end, ==, first->lifetime_end);
  g_assert_true (memscope_scope_tracker_exit (tracker, outer, &error));
  g_assert_no_error (error);
}

static void
test_scopes_exit_not_innermost (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  GError *error = NULL;
  MemscopeScopeId outer = memscope_scope_tracker_enter (tracker, "outer", NULL);
  MemscopeScopeId inner = memscope_scope_tracker_enter (tracker, "inner", NULL);

  g_assert_false (memscope_scope_tracker_exit (tracker, outer, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  g_assert_cmpstr (error->message, ==,
                   "Scope 1 \"outer\" is not the calling thread's innermost open scope, "
                   "which is 2 \"inner\"");
  g_clear_error (&error);

  /* nothing changed: both are open and inner is still innermost */
  {
    g_autoptr(MemscopeScopeInfo) o = memscope_scope_tracker_get (tracker, outer);
    g_autoptr(MemscopeScopeInfo) i = memscope_scope_tracker_get (tracker, inner);

    g_assert_true (o->is_active);
    g_assert_cmpuint (o->lifetime_end, ==, 0);
    g_assert_true (i->is_active);
  }
  g_assert_true (memscope_scope_tracker_exit (tracker, inner, &error));
  g_assert_no_error (error);
  g_assert_true (memscope_scope_tracker_exit (tracker, outer, &error));
  g_assert_no_error (error);
}

static void
test_scopes_memory (void)
{
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) vars = memscope_variable_registry_new_with_scopes (scopes);
  MemscopeScopeId sid = memscope_scope_tracker_enter (scopes, "f", NULL);
  MemscopeVariableId x, y, z;

  x = memscope_variable_registry_register (vars, "x", "int", 0x10, 4, sid, 0);
  y = memscope_variable_registry_register (vars, "y", "double", 0x18, 8, sid, 0);
  z = memscope_variable_registry_register (vars, "z", "char[100]", 0x20, 100, sid, 0);
  {
    g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (scopes, sid);

    g_assert_cmpuint (info->total_memory, ==, 112);
    g_assert_cmpuint (info->peak_memory, ==, 112);
    g_assert_cmpuint (info->allocation_count, ==, 3);
    g_assert_cmpuint (info->variables->len, ==, 3);
    g_assert_cmpuint (var_at (info->variables, 0), ==, x);
    g_assert_cmpuint (var_at (info->variables, 1), ==, y);
    g_assert_cmpuint (var_at (info->variables, 2), ==, z);
  }

  g_assert_true (memscope_variable_registry_unregister (vars, z));
  /* unregistering twice must not subtract twice */
  g_assert_false (memscope_variable_registry_unregister (vars, z));
  {
    g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (scopes, sid);

    g_assert_cmpuint (info->total_memory, ==, 12);
    g_assert_cmpuint (info->peak_memory, ==, 112);
    g_assert_cmpuint (info->allocation_count, ==, 3);
    g_assert_cmpuint (info->variables->len, ==, 3);
  }

  /* exiting the scope leaves its variables alone */
  g_assert_true (memscope_scope_tracker_exit (scopes, sid, NULL));
  {
    g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (scopes, sid);
    g_autoptr(MemscopeVariableInfo) xi = memscope_variable_registry_get (vars, x);

    g_assert_cmpuint (info->total_memory, ==, 12);
    g_assert_true (xi->is_active);
  }
  g_assert_true (memscope_variable_registry_unregister (vars, x));
  g_assert_true (memscope_variable_registry_unregister (vars, y));
  {
    g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (scopes, sid);

    g_assert_cmpuint (info->total_memory, ==, 0);
    g_assert_cmpuint (info->peak_memory, ==, 112);
  }
}

static void
assert_scope_memory (MemscopeScopeTracker *scopes, MemscopeScopeId id, gsize total, gsize peak)
{
  g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (scopes, id);

  g_assert_nonnull (info);
  g_assert_cmpuint (info->total_memory, ==, total);
  g_assert_cmpuint (info->peak_memory, ==, peak);
}

static void
test_scopes_peak_propagation (void)
{
  g_autoptr(MemscopeScopeTracker) scopes = memscope_scope_tracker_new ();
  g_autoptr(MemscopeVariableRegistry) vars = memscope_variable_registry_new_with_scopes (scopes);
  MemscopeScopeId r, a, b, c;
  MemscopeVariableId a1, b1, b2, c1, c2;

  r = memscope_scope_tracker_enter (scopes, "r", NULL);
  memscope_variable_registry_register (vars, "r1", "char[10]", 0, 10, r, 0);
  a = memscope_scope_tracker_enter (scopes, "a", NULL);
  a1 = memscope_variable_registry_register (vars, "a1", "char[100]", 0, 100, a, 0);
  b = memscope_scope_tracker_enter (scopes, "b", NULL);
  b1 = memscope_variable_registry_register (vars, "b1", "char[1000]", 0, 1000, b, 0);

  /* r: 10 + 100 + 1000 live below it */
  assert_scope_memory (scopes, r, 10, 1110);
  assert_scope_memory (scopes, a, 100, 1100);
  assert_scope_memory (scopes, b, 1000, 1000);

  g_assert_true (memscope_variable_registry_unregister (vars, b1));
  b2 = memscope_variable_registry_register (vars, "b2", "char[50]", 0, 50, b, 0);
  assert_scope_memory (scopes, r, 10, 1110);
  assert_scope_memory (scopes, a, 100, 1100);
  assert_scope_memory (scopes, b, 50, 1000);

  g_assert_true (memscope_variable_registry_unregister (vars, b2));
  g_assert_true (memscope_scope_tracker_exit (scopes, b, NULL));
  g_assert_true (memscope_variable_registry_unregister (vars, a1));
  g_assert_true (memscope_scope_tracker_exit (scopes, a, NULL));
  assert_scope_memory (scopes, r, 10, 1110);
  assert_scope_memory (scopes, a, 0, 1100);
  assert_scope_memory (scopes, b, 0, 1000);

  /* a sibling of a: r has 10 + 500 live, below its old peak */
  c = memscope_scope_tracker_enter (scopes, "c", NULL);
  c1 = memscope_variable_registry_register (vars, "c1", "char[500]", 0, 500, c, 0);
  assert_scope_memory (scopes, r, 10, 1110);
  assert_scope_memory (scopes, c, 500, 500);

  /* 10 + 500 + 700 = 1210 beats it */
  c2 = memscope_variable_registry_register (vars, "c2", "char[700]", 0, 700, c, 0);
  assert_scope_memory (scopes, r, 10, 1210);
  assert_scope_memory (scopes, c, 1200, 1200);
  /* a and b are untouched by their sibling */
  assert_scope_memory (scopes, a, 0, 1100);
  assert_scope_memory (scopes, b, 0, 1000);

  g_assert_true (memscope_variable_registry_unregister (vars, c1));
  g_assert_true (memscope_variable_registry_unregister (vars, c2));
  assert_scope_memory (scopes, r, 10, 1210);
  assert_scope_memory (scopes, c, 0, 1200);
  g_assert_true (memscope_scope_tracker_exit (scopes, c, NULL));
  g_assert_true (memscope_scope_tracker_exit (scopes, r, NULL));
}

static void
assert_node (GNode *node, MemscopeScopeId id, guint n_children)
{
  MemscopeScopeInfo *info = node->data;

  g_assert_nonnull (info);
  g_assert_cmpuint (info->scope_id, ==, id);
  g_assert_cmpuint (g_node_n_children (node), ==, n_children);
  /* the tree's depth agrees with the record's (the NULL root is depth 1) */
  g_assert_cmpuint (g_node_depth (node), ==, info->depth + 2);
}

static void
test_scopes_hierarchy (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  MemscopeScopeId ids[7];
  GNode *root;
  GNode *n;

  /* an empty tracker: just the root */
  root = memscope_scope_tracker_hierarchy (tracker);
  g_assert_nonnull (root);
  g_assert_null (root->data);
  g_assert_cmpuint (g_node_n_nodes (root, G_TRAVERSE_ALL), ==, 1);
  memscope_scope_hierarchy_free (root);
  memscope_scope_hierarchy_free (NULL);

  /*   1 main          5 second
   *     2 a             6 x
   *       3 a1
   *     4 b
   * all exited */
  ids[0] = memscope_scope_tracker_enter (tracker, "main", NULL);
  ids[1] = memscope_scope_tracker_enter (tracker, "a", NULL);
  ids[2] = memscope_scope_tracker_enter (tracker, "a1", NULL);
  memscope_scope_tracker_exit (tracker, ids[2], NULL);
  memscope_scope_tracker_exit (tracker, ids[1], NULL);
  ids[3] = memscope_scope_tracker_enter (tracker, "b", NULL);
  memscope_scope_tracker_exit (tracker, ids[3], NULL);
  memscope_scope_tracker_exit (tracker, ids[0], NULL);
  ids[4] = memscope_scope_tracker_enter (tracker, "second", NULL);
  ids[5] = memscope_scope_tracker_enter (tracker, "x", NULL);
  memscope_scope_tracker_exit (tracker, ids[5], NULL);
  memscope_scope_tracker_exit (tracker, ids[4], NULL);
  g_assert_cmpuint (ids[5], ==, 6);

  root = memscope_scope_tracker_hierarchy (tracker);
  g_assert_null (root->data);
  g_assert_cmpuint (g_node_n_nodes (root, G_TRAVERSE_ALL), ==, 7);
  g_assert_cmpuint (g_node_n_children (root), ==, 2);

  n = g_node_nth_child (root, 0);
  assert_node (n, 1, 2);
  g_assert_cmpstr (((MemscopeScopeInfo *) n->data)->name, ==, "main");
  assert_node (g_node_nth_child (n, 0), 2, 1);
  assert_node (g_node_nth_child (g_node_nth_child (n, 0), 0), 3, 0);
  assert_node (g_node_nth_child (n, 1), 4, 0);
  n = g_node_nth_child (root, 1);
  assert_node (n, 5, 1);
  assert_node (g_node_nth_child (n, 0), 6, 0);
  memscope_scope_hierarchy_free (root);

  /* open scopes are in the tree too, and it is a copy */
  ids[3] = memscope_scope_tracker_enter (tracker, "c", NULL);
  ids[6] = memscope_scope_tracker_enter (tracker, "c1", NULL);
  root = memscope_scope_tracker_hierarchy (tracker);
  n = g_node_nth_child (root, 2);
  assert_node (n, 7, 1);
  g_assert_true (((MemscopeScopeInfo *) n->data)->is_active);
  assert_node (g_node_nth_child (n, 0), 8, 0);
  memscope_scope_tracker_exit (tracker, ids[6], NULL);
  g_assert_true (((MemscopeScopeInfo *) g_node_nth_child (n, 0)->data)->is_active);
  memscope_scope_hierarchy_free (root);
  memscope_scope_tracker_exit (tracker, ids[3], NULL);
}

static void
test_scopes_list (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr(GPtrArray) list = NULL;
  MemscopeScopeId a = memscope_scope_tracker_enter (tracker, "a", NULL);
  MemscopeScopeId b = memscope_scope_tracker_enter (tracker, "b", NULL);

  memscope_scope_tracker_exit (tracker, b, NULL);
  list = memscope_scope_tracker_list (tracker);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((MemscopeScopeInfo *) list->pdata[0])->scope_id, ==, a);
  g_assert_true (((MemscopeScopeInfo *) list->pdata[0])->is_active);
  g_assert_cmpuint (((MemscopeScopeInfo *) list->pdata[1])->scope_id, ==, b);
  g_assert_cmpuint (((MemscopeScopeInfo *) list->pdata[1])->parent_scope, ==, a);
  g_assert_false (((MemscopeScopeInfo *) list->pdata[1])->is_active);
  memscope_scope_tracker_exit (tracker, a, NULL);
}

/* ------------------------------------------------------------------------ */
/* Threads                                                                  */

static void
test_threads_register_get (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  g_autoptr(MemscopeThreadInfo) named = NULL;
  g_autoptr(MemscopeThreadInfo) unnamed = NULL;
  guint64 before = now_ns ();
  MemscopeThreadId a = memscope_thread_registry_register (reg, 1001, "io");
  MemscopeThreadId b = memscope_thread_registry_register (reg, 1002, NULL);
  guint64 after = now_ns ();

  g_assert_cmpuint (a, ==, 1);
  g_assert_cmpuint (b, ==, 2);
  named = memscope_thread_registry_get (reg, a);
  g_assert_cmpuint (named->thread_id, ==, 1);
  g_assert_cmpuint (named->thread_id_u64, ==, 1001);
  g_assert_cmpstr (named->name, ==, "io");
  g_assert_cmpuint (named->created_at, >=, before);
  g_assert_cmpuint (named->created_at, <=, after);
  g_assert_cmpuint (named->total_allocations, ==, 0);
  g_assert_cmpuint (named->total_deallocations, ==, 0);
  g_assert_cmpuint (named->current_memory, ==, 0);
  g_assert_cmpuint (named->peak_memory, ==, 0);
  g_assert_true (named->is_active);
  unnamed = memscope_thread_registry_get (reg, b);
  g_assert_null (unnamed->name);
  g_assert_cmpuint (unnamed->thread_id_u64, ==, 1002);

  g_assert_null (memscope_thread_registry_get (reg, 0));
  g_assert_null (memscope_thread_registry_get (reg, 3));
}

static void
assert_thread_memory (MemscopeThreadRegistry *reg, MemscopeThreadId id,
                      guint64 allocs, guint64 deallocs, gsize current, gsize peak)
{
  g_autoptr(MemscopeThreadInfo) info = memscope_thread_registry_get (reg, id);

  g_assert_cmpuint (info->total_allocations, ==, allocs);
  g_assert_cmpuint (info->total_deallocations, ==, deallocs);
  g_assert_cmpuint (info->current_memory, ==, current);
  g_assert_cmpuint (info->peak_memory, ==, peak);
}

static void
test_threads_allocation (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  MemscopeThreadId a = memscope_thread_registry_register (reg, 1, "a");
  MemscopeThreadId b = memscope_thread_registry_register (reg, 2, "b");

  g_assert_true (memscope_thread_registry_record_allocation (reg, a, 100));
  g_assert_true (memscope_thread_registry_record_allocation (reg, a, 200));
  assert_thread_memory (reg, a, 2, 0, 300, 300);
  g_assert_true (memscope_thread_registry_record_deallocation (reg, a, 150));
  assert_thread_memory (reg, a, 2, 1, 150, 300);
  g_assert_true (memscope_thread_registry_record_allocation (reg, a, 100));
  assert_thread_memory (reg, a, 3, 1, 250, 300);
  g_assert_true (memscope_thread_registry_record_allocation (reg, a, 100));
  assert_thread_memory (reg, a, 4, 1, 350, 350);
  /* freeing more than is current (memory from another thread) stops at 0 */
  g_assert_true (memscope_thread_registry_record_deallocation (reg, a, 1000));
  assert_thread_memory (reg, a, 4, 2, 0, 350);
  /* zero-byte events still count */
  g_assert_true (memscope_thread_registry_record_allocation (reg, a, 0));
  assert_thread_memory (reg, a, 5, 2, 0, 350);

  /* b is independent */
  assert_thread_memory (reg, b, 0, 0, 0, 0);

  g_assert_false (memscope_thread_registry_record_allocation (reg, 0, 8));
  g_assert_false (memscope_thread_registry_record_allocation (reg, 3, 8));
  g_assert_false (memscope_thread_registry_record_deallocation (reg, 0, 8));
  g_assert_false (memscope_thread_registry_record_deallocation (reg, 3, 8));
  assert_thread_memory (reg, a, 5, 2, 0, 350);
}

static void
test_threads_current (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  g_autoptr(MemscopeThreadInfo) info = NULL;
  char name[16] = "";
  MemscopeThreadId id = memscope_thread_registry_current (reg);

  g_assert_cmpuint (id, ==, 1);
  g_assert_cmpuint (memscope_thread_registry_current (reg), ==, id);
  info = memscope_thread_registry_get (reg, id);
  g_assert_cmpuint (info->thread_id_u64, ==, (guint64) gettid ());
  pthread_getname_np (pthread_self (), name, sizeof name);
  g_assert_cmpstr (info->name, ==, name);
  g_assert_true (info->is_active);

  /* only one record */
  {
    g_autoptr(GPtrArray) list = memscope_thread_registry_list (reg);
    g_assert_cmpuint (list->len, ==, 1);
  }
}

static void
test_threads_register_then_current (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  MemscopeThreadId other = memscope_thread_registry_register (reg, (guint64) gettid () + 1, "other");
  MemscopeThreadId mine = memscope_thread_registry_register (reg, (guint64) gettid (), "mine");
  g_autoptr(GPtrArray) list = NULL;

  g_assert_cmpuint (other, ==, 1);
  g_assert_cmpuint (mine, ==, 2);
  g_assert_cmpuint (memscope_thread_registry_current (reg), ==, mine);
  list = memscope_thread_registry_list (reg);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_threads_unregister (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  g_autoptr(MemscopeThreadInfo) old = NULL;
  MemscopeThreadId first = memscope_thread_registry_current (reg);
  MemscopeThreadId second;

  g_assert_true (memscope_thread_registry_unregister (reg, first));
  g_assert_false (memscope_thread_registry_unregister (reg, first));
  g_assert_false (memscope_thread_registry_unregister (reg, 0));
  g_assert_false (memscope_thread_registry_unregister (reg, 9));
  old = memscope_thread_registry_get (reg, first);
  g_assert_false (old->is_active);

  /* the OS id is free again: current() makes a fresh record */
  second = memscope_thread_registry_current (reg);
  g_assert_cmpuint (second, ==, 2);
  g_assert_cmpuint (memscope_thread_registry_current (reg), ==, second);

  /* an inactive record still counts memory */
  g_assert_true (memscope_thread_registry_record_allocation (reg, first, 10));
  assert_thread_memory (reg, first, 1, 0, 10, 10);

  /* unregistering the old record again must not unmap the new one */
  memscope_thread_registry_unregister (reg, first);
  g_assert_cmpuint (memscope_thread_registry_current (reg), ==, second);
}

static void
test_threads_list (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  g_autoptr(GPtrArray) list = NULL;
  guint i;

  for (i = 0; i < 5; i++)
    memscope_thread_registry_register (reg, 500 - i, NULL);
  memscope_thread_registry_unregister (reg, 3);
  list = memscope_thread_registry_list (reg);
  g_assert_cmpuint (list->len, ==, 5);
  for (i = 0; i < list->len; i++)
    {
      MemscopeThreadInfo *info = g_ptr_array_index (list, i);

      g_assert_cmpuint (info->thread_id, ==, i + 1);
      g_assert_cmpuint (info->thread_id_u64, ==, 500 - i);
      g_assert_cmpint (info->is_active, ==, i != 2);
    }
}

/* ------------------------------------------------------------------------ */
/* Programmer errors: a critical and a neutral result, never a crash.        */

#define EXPECT_CRITICAL() \
  g_test_expect_message ("memscope", G_LOG_LEVEL_CRITICAL, "*assertion*failed*")

static void
test_null_arguments (void)
{
  g_autoptr(MemscopeVariableRegistry) vars = memscope_variable_registry_new ();
  GError *error = NULL;

  EXPECT_CRITICAL ();
  g_assert_null (memscope_metadata_engine_variables (NULL));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_metadata_engine_scopes (NULL));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_metadata_engine_threads (NULL));

  EXPECT_CRITICAL ();
  g_assert_cmpuint (memscope_variable_registry_register (NULL, "x", "int", 0, 4, 0, 0), ==, 0);
  EXPECT_CRITICAL ();
  g_assert_cmpuint (memscope_variable_registry_register (vars, NULL, "int", 0, 4, 0, 0), ==, 0);
  EXPECT_CRITICAL ();
  g_assert_null (memscope_variable_registry_get (NULL, 1));
  EXPECT_CRITICAL ();
  g_assert_false (memscope_variable_registry_record_access (NULL, 1));
  EXPECT_CRITICAL ();
  g_assert_false (memscope_variable_registry_unregister (NULL, 1));
  EXPECT_CRITICAL ();
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (NULL), ==, 0);
  EXPECT_CRITICAL ();
  g_assert_null (memscope_variable_registry_list (NULL));

  EXPECT_CRITICAL ();
  g_assert_cmpuint (memscope_scope_tracker_enter (NULL, "s", &error), ==, 0);
  EXPECT_CRITICAL ();
  g_assert_false (memscope_scope_tracker_exit (NULL, 1, &error));
  g_assert_no_error (error);
  EXPECT_CRITICAL ();
  g_assert_null (memscope_scope_tracker_get (NULL, 1));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_scope_tracker_hierarchy (NULL));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_scope_tracker_list (NULL));

  EXPECT_CRITICAL ();
  g_assert_cmpuint (memscope_thread_registry_register (NULL, 1, NULL), ==, 0);
  EXPECT_CRITICAL ();
  g_assert_false (memscope_thread_registry_record_allocation (NULL, 1, 1));
  EXPECT_CRITICAL ();
  g_assert_false (memscope_thread_registry_record_deallocation (NULL, 1, 1));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_thread_registry_get (NULL, 1));
  EXPECT_CRITICAL ();
  g_assert_cmpuint (memscope_thread_registry_current (NULL), ==, 0);
  EXPECT_CRITICAL ();
  g_assert_false (memscope_thread_registry_unregister (NULL, 1));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_thread_registry_list (NULL));

  EXPECT_CRITICAL ();
  g_assert_null (memscope_variable_info_copy (NULL));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_scope_info_copy (NULL));
  EXPECT_CRITICAL ();
  g_assert_null (memscope_thread_info_copy (NULL));
  g_test_assert_expected_messages ();

  /* the registry that saw the bad register is intact */
  g_assert_cmpuint (memscope_variable_registry_register (vars, "x", "int", 0, 4, 0, 0), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscope/error/quark", test_error_quark);
  g_test_add_func ("/memscope/info/copy-free", test_info_copy);
  g_test_add_func ("/memscope/info/autoptr", test_autoptr);

  g_test_add_func ("/memscope/engine/accessors", test_engine_accessors);
  g_test_add_func ("/memscope/engine/connected", test_engine_connected);

  g_test_add_func ("/memscope/variables/register-get", test_variables_register_get);
  g_test_add_func ("/memscope/variables/copy-is-snapshot", test_variables_copy_is_snapshot);
  g_test_add_func ("/memscope/variables/record-access", test_variables_record_access);
  g_test_add_func ("/memscope/variables/unregister", test_variables_unregister);
  g_test_add_func ("/memscope/variables/cleanup-inactive", test_variables_cleanup_inactive);
  g_test_add_func ("/memscope/variables/unconnected", test_variables_unconnected);
  g_test_add_func ("/memscope/variables/unknown-scope", test_variables_unknown_scope);
  g_test_add_func ("/memscope/variables/list", test_variables_list);

  g_test_add_func ("/memscope/scopes/enter-exit", test_scopes_enter_exit);
  g_test_add_func ("/memscope/scopes/nesting", test_scopes_nesting);
  g_test_add_func ("/memscope/scopes/enter-invalid", test_scopes_enter_invalid);
  g_test_add_func ("/memscope/scopes/exit-unknown", test_scopes_exit_unknown);
  g_test_add_func ("/memscope/scopes/exit-twice", test_scopes_exit_twice);
  g_test_add_func ("/memscope/scopes/exit-not-innermost", test_scopes_exit_not_innermost);
  g_test_add_func ("/memscope/scopes/memory", test_scopes_memory);
  g_test_add_func ("/memscope/scopes/peak-propagation", test_scopes_peak_propagation);
  g_test_add_func ("/memscope/scopes/hierarchy", test_scopes_hierarchy);
  g_test_add_func ("/memscope/scopes/list", test_scopes_list);

  g_test_add_func ("/memscope/threads/register-get", test_threads_register_get);
  g_test_add_func ("/memscope/threads/allocation", test_threads_allocation);
  g_test_add_func ("/memscope/threads/current", test_threads_current);
  g_test_add_func ("/memscope/threads/register-then-current", test_threads_register_then_current);
  g_test_add_func ("/memscope/threads/unregister", test_threads_unregister);
  g_test_add_func ("/memscope/threads/list", test_threads_list);

  g_test_add_func ("/memscope/api/null-arguments", test_null_arguments);

  return g_test_run ();
}

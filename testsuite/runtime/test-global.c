/* test-global.c: automatically tracked data as seen through memscope_global(),
 * and manual records of the global engine in the report.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <time.h>
#include <unistd.h>

#include "memscope-abi.h"
#include "memscope.h"

#define ABI MEMSCOPE_ABI_VERSION

static const __memscope_var_desc fn_vars[] = {
  { "table", "int[16]", "global.c", 11, 0, 64 },
  { "count", "int", "global.c", 12, MEMSCOPE_VAR_NOADDR, 4 },
};
static const __memscope_scope_desc fn_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "compute", "global.c", 10, 0, NULL, 2, 0, fn_vars
};
static const __memscope_var_desc blk_vars[] = {
  { "pt", "struct point", "global.c", 21, 0, 16 },
};
static const __memscope_scope_desc blk_scope = {
  ABI, MEMSCOPE_SCOPE_BLOCK, "compute", "global.c", 20, 1, &fn_scope, 1, 0, blk_vars
};

static char sink[256];

static MemscopeScopeInfo *
find_scope (GPtrArray *scopes, const char *name)
{
  guint i;

  for (i = 0; i < scopes->len; i++)
    {
      MemscopeScopeInfo *s = scopes->pdata[i];
      if (g_strcmp0 (s->name, name) == 0)
        return s;
    }
  return NULL;
}

static MemscopeVariableInfo *
find_var (GPtrArray *vars, const char *name)
{
  guint i;

  for (i = 0; i < vars->len; i++)
    {
      MemscopeVariableInfo *v = vars->pdata[i];
      if (g_strcmp0 (v->name, name) == 0)
        return v;
    }
  return NULL;
}

/* CLOCK_MONOTONIC, in nanoseconds: the clock of every time memscope gives. */
static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* compute { table; { pt } { pt } } with compute still open at the check. */
static void
test_automatic_scopes (void)
{
  MemscopeMetadataEngine *engine;
  g_autoptr (GPtrArray) scopes = NULL;
  g_autoptr (GPtrArray) vars = NULL;
  MemscopeScopeInfo *fn, *blk;
  MemscopeVariableInfo *table, *pt;
  gint64 t0, t1, t2;
  int i;

  /* Each context's first entry is stamped by the hot path's own clock (the
   * time stamp counter, where it runs at a constant rate): it must read as
   * CLOCK_MONOTONIC, between the readings around it. */
  t0 = now_ns ();
  __memscope_enter (&fn_scope);
  __memscope_var (&fn_vars[0], sink);
  t1 = now_ns ();
  g_usleep (5000);
  for (i = 0; i < 2; i++)
    {
      __memscope_enter (&blk_scope);
      __memscope_var (&blk_vars[0], sink + 64);
      __memscope_exit (&blk_scope);
    }
  t2 = now_ns ();

  engine = memscope_global ();
  g_assert_nonnull (engine);
  g_assert_true (engine == memscope_global ());
  scopes = memscope_scope_tracker_list (memscope_metadata_engine_scopes (engine));
  vars = memscope_variable_registry_list (memscope_metadata_engine_variables (engine));

  g_assert_cmpuint (scopes->len, ==, 2);
  fn = find_scope (scopes, "compute");
  blk = find_scope (scopes, "{block@20}");
  g_assert_nonnull (fn);
  g_assert_nonnull (blk);
  g_assert_cmpuint (fn->parent_scope, ==, 0);
  g_assert_cmpuint (fn->depth, ==, 0);
  g_assert_true (fn->is_active);
  g_assert_cmpuint (fn->lifetime_end, ==, 0);
  g_assert_cmpint ((gint64) fn->lifetime_start, >=, t0);
  g_assert_cmpint ((gint64) fn->lifetime_start, <=, t1);
  g_assert_cmpint ((gint64) blk->lifetime_start, >=, t1 + 5000000);
  g_assert_cmpint ((gint64) blk->lifetime_start, <=, t2);
  g_assert_cmpuint (fn->total_memory, ==, 64);
  g_assert_cmpuint (fn->peak_memory, ==, 80);
  g_assert_cmpuint (blk->parent_scope, ==, fn->scope_id);
  g_assert_cmpuint (blk->depth, ==, 1);
  g_assert_false (blk->is_active);
  g_assert_cmpuint (blk->lifetime_end, >=, blk->lifetime_start);
  g_assert_cmpuint (blk->total_memory, ==, 16);
  g_assert_cmpuint (blk->peak_memory, ==, 16);

  /* count is described but never registered: not a variable here. */
  g_assert_cmpuint (vars->len, ==, 2);
  table = find_var (vars, "table");
  pt = find_var (vars, "pt");
  g_assert_nonnull (table);
  g_assert_nonnull (pt);
  g_assert_cmpstr (table->type_name, ==, "int[16]");
  g_assert_cmpuint (table->size, ==, 64);
  g_assert_cmpuint (table->ptr, ==, (guintptr) sink);
  g_assert_cmpuint (table->scope_id, ==, fn->scope_id);
  g_assert_cmpuint (table->access_count, ==, 1);
  g_assert_true (table->is_active);
  g_assert_cmpuint (pt->access_count, ==, 2);
  g_assert_false (pt->is_active);
  g_assert_cmpuint (pt->scope_id, ==, blk->scope_id);
  g_assert_cmpuint (fn->variables->len, ==, 1);
  g_assert_cmpuint (g_array_index (fn->variables, MemscopeVariableId, 0), ==, table->variable_id);

  __memscope_exit (&fn_scope);
}

/* Ids are stable from one refresh to the next, and closing shows. */
static void
test_refresh_stable (void)
{
  MemscopeScopeTracker *tracker = memscope_metadata_engine_scopes (memscope_global ());
  g_autoptr (GPtrArray) before = memscope_scope_tracker_list (tracker);
  g_autoptr (GPtrArray) after = NULL;
  MemscopeScopeInfo *a, *b;

  tracker = memscope_metadata_engine_scopes (memscope_global ());
  after = memscope_scope_tracker_list (tracker);
  g_assert_cmpuint (before->len, ==, after->len);
  a = find_scope (before, "compute");
  b = find_scope (after, "compute");
  g_assert_cmpuint (a->scope_id, ==, b->scope_id);
  g_assert_false (b->is_active);
  g_assert_cmpuint (b->lifetime_end, >=, b->lifetime_start);
}

static const __memscope_scope_desc late_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "late", "global.c", 40, 0, NULL, 0, 0, NULL
};

/* A context made after a snapshot is timed on the line between that
 * snapshot's pair of clock readings and the next one's; one made before
 * keeps the very time it had. */
static void
test_times_across_snapshots (void)
{
  MemscopeScopeTracker *tracker = memscope_metadata_engine_scopes (memscope_global ());
  g_autoptr (GPtrArray) before = memscope_scope_tracker_list (tracker);
  g_autoptr (GPtrArray) after = NULL;
  MemscopeScopeInfo *late;
  gint64 t0, t1;

  g_usleep (5000);
  t0 = now_ns ();
  __memscope_enter (&late_scope);
  __memscope_exit (&late_scope);
  t1 = now_ns ();
  g_usleep (5000);
  tracker = memscope_metadata_engine_scopes (memscope_global ());
  after = memscope_scope_tracker_list (tracker);
  late = find_scope (after, "late");
  g_assert_nonnull (late);
  g_assert_null (find_scope (before, "late"));
  g_assert_cmpint ((gint64) late->lifetime_start, >=, t0);
  g_assert_cmpint ((gint64) late->lifetime_start, <=, t1);
  g_assert_cmpuint (find_scope (after, "compute")->lifetime_start, ==,
                    find_scope (before, "compute")->lifetime_start);
}

/* The calling thread appears once, whether asked for by current() or
 * published from the hot path. */
static void
test_threads (void)
{
  MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (memscope_global ());
  g_autoptr (GPtrArray) all = memscope_thread_registry_list (threads);
  MemscopeThreadId me = memscope_thread_registry_current (threads);
  g_autoptr (MemscopeThreadInfo) info = memscope_thread_registry_get (threads, me);
  g_autoptr (GPtrArray) again = NULL;

  g_assert_cmpuint (all->len, ==, 1);
  g_assert_nonnull (info);
  g_assert_cmpuint (info->thread_id_u64, ==, (guint64) gettid ());
  g_assert_true (info->is_active);
  g_assert_cmpstr (info->name, ==, "test-global");
  threads = memscope_metadata_engine_threads (memscope_global ());
  again = memscope_thread_registry_list (threads);
  g_assert_cmpuint (again->len, ==, 1);
}

/* Manual records of the global engine join the report as kind "manual". */
static void
test_manual_in_report (void)
{
  MemscopeMetadataEngine *engine = memscope_global ();
  MemscopeScopeTracker *tracker = memscope_metadata_engine_scopes (engine);
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *dir = g_dir_make_tmp ("memscope-global-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r.json", NULL);
  MemscopeScopeId outer, inner;
  JsonObject *root;
  JsonArray *scopes, *variables;
  guint i, manual_scopes = 0, manual_vars = 0;
  gint64 outer_report_id = 0;

  outer = memscope_scope_tracker_enter (tracker, "request", &error);
  g_assert_no_error (error);
  inner = memscope_scope_tracker_enter (tracker, "parse", &error);
  g_assert_no_error (error);
  memscope_variable_registry_register (vars, "body", "char *", 0x1000, 512, inner,
                                       memscope_thread_registry_current (memscope_metadata_engine_threads (engine)));

  g_assert_true (memscope_dump (path, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  scopes = json_object_get_array_member (root, "scopes");
  variables = json_object_get_array_member (root, "variables");

  for (i = 0; i < json_array_get_length (scopes); i++)
    {
      JsonObject *s = json_array_get_object_element (scopes, i);
      if (g_strcmp0 (json_object_get_string_member (s, "kind"), "manual") != 0)
        continue;
      manual_scopes++;
      if (g_strcmp0 (json_object_get_string_member (s, "name"), "request") == 0)
        {
          outer_report_id = json_object_get_int_member (s, "id");
          g_assert_true (json_object_get_null_member (s, "parent"));
          g_assert_cmpint (json_object_get_int_member (s, "peak_memory"), ==, 512);
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (s, "name"), ==, "parse");
          g_assert_cmpint (json_object_get_int_member (s, "parent"), ==, outer_report_id);
          g_assert_cmpint (json_object_get_int_member (s, "depth"), ==, 1);
          g_assert_cmpint (json_array_get_length (json_object_get_array_member (s, "variables")), ==, 1);
        }
    }
  g_assert_cmpuint (manual_scopes, ==, 2);
  g_assert_cmpint (outer_report_id, >, 2);   /* after the two automatic sites */

  for (i = 0; i < json_array_get_length (variables); i++)
    {
      JsonObject *v = json_array_get_object_element (variables, i);
      if (g_strcmp0 (json_object_get_string_member (v, "kind"), "manual") != 0)
        continue;
      manual_vars++;
      g_assert_cmpstr (json_object_get_string_member (v, "name"), ==, "body");
      g_assert_cmpstr (json_object_get_string_member (v, "type"), ==, "char *");
      g_assert_cmpint (json_object_get_int_member (v, "size"), ==, 512);
      g_assert_cmpstr (json_object_get_string_member (v, "address"), ==, "0x1000");
    }
  g_assert_cmpuint (manual_vars, ==, 1);

  g_assert_true (memscope_scope_tracker_exit (tracker, inner, &error));
  g_assert_true (memscope_scope_tracker_exit (tracker, outer, &error));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/memscope/global/automatic-scopes", test_automatic_scopes);
  g_test_add_func ("/memscope/global/refresh-stable", test_refresh_stable);
  g_test_add_func ("/memscope/global/times-across-snapshots", test_times_across_snapshots);
  g_test_add_func ("/memscope/global/threads", test_threads);
  g_test_add_func ("/memscope/global/manual-in-report", test_manual_in_report);
  return g_test_run ();
}

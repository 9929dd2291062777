/* test-registry-model.c: one data model behind the C API and the
 * instrumentation
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * memscope_global()'s registries hold the records the instrumentation
 * makes (driven here by hand-made descriptors, as plugin-generated code
 * calls the runtime) and the records made by hand, in one id space each:
 * the ids the API hands out are the report's.  The tests run in the order
 * they are added and share the process's one global engine.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "memscope-abi.h"
#include "memscope.h"

#define ABI MEMSCOPE_ABI_VERSION

static const __memscope_var_desc fn_vars[] = {
  { "table", "int[16]", "model.c", 11, 0, 64 },
};
static const __memscope_scope_desc fn_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "compute", "model.c", 10, 0, NULL, 1, 0, fn_vars
};
static const __memscope_var_desc later_vars[] = {
  { "late", "char[8]", "model.c", 31, 0, 8 },
};
static const __memscope_scope_desc later_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "later", "model.c", 30, 0, NULL, 1, 0, later_vars
};

static char sink[256];

static guint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (guint64) ts.tv_sec * G_GUINT64_CONSTANT (1000000000) + (guint64) ts.tv_nsec;
}

static MemscopeScopeTracker *
scopes (void)
{
  return memscope_metadata_engine_scopes (memscope_global ());
}

static MemscopeVariableRegistry *
variables (void)
{
  return memscope_metadata_engine_variables (memscope_global ());
}

static MemscopeThreadRegistry *
threads (void)
{
  return memscope_metadata_engine_threads (memscope_global ());
}

static guint64
last_id (GPtrArray *infos)
{
  /* every info struct starts with its id; lists are in id order */
  return infos->len ? *(guint64 *) infos->pdata[infos->len - 1] : 0;
}

/* The record of the report's list @member whose id is @id. */
static JsonObject *
report_record (JsonParser *parser, const char *member, gint64 id)
{
  JsonArray *a = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), member);
  guint i;

  for (i = 0; i < json_array_get_length (a); i++)
    if (json_object_get_int_member (json_array_get_object_element (a, i), "id") == id)
      return json_array_get_object_element (a, i);
  return NULL;
}

static JsonParser *
dump (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memscope-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r.json", NULL);
  JsonParser *parser = json_parser_new ();

  g_assert_true (memscope_dump (path, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return parser;
}

/* ------------------------------------------------------------------------ */

/* Times are CLOCK_MONOTONIC nanoseconds, the hot path's clock. */
static void
test_clock (void)
{
  g_autoptr (MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr (MemscopeScopeInfo) info = NULL;
  guint64 before, after;
  MemscopeScopeId id;

  before = now_ns ();
  id = memscope_scope_tracker_enter (tracker, "timed", NULL);
  after = now_ns ();
  info = memscope_scope_tracker_get (tracker, id);
  g_assert_cmpuint (info->lifetime_start, >=, before);
  g_assert_cmpuint (info->lifetime_start, <=, after);
  /* nanoseconds, not g_get_monotonic_time()'s microseconds */
  g_assert_cmpuint (info->lifetime_start / 1000, >=, (guint64) g_get_monotonic_time () - 1000000);
  g_assert_true (memscope_scope_tracker_exit (tracker, id, NULL));
}

/* The global engine's accessors bring the instrumentation's records up to
 * date; a registry pointer kept from before shows the last state. */
static void
test_accessors_refresh (void)
{
  MemscopeScopeTracker *kept = scopes ();
  g_autoptr (GPtrArray) before = memscope_scope_tracker_list (kept);
  g_autoptr (GPtrArray) stale = NULL;
  g_autoptr (GPtrArray) after = NULL;
  MemscopeScopeInfo *fn;

  g_assert_cmpuint (before->len, ==, 0);
  __memscope_enter (&fn_scope);
  __memscope_var (&fn_vars[0], sink);
  stale = memscope_scope_tracker_list (kept);
  g_assert_cmpuint (stale->len, ==, 0);
  g_assert_true (scopes () == kept);
  after = memscope_scope_tracker_list (kept);
  g_assert_cmpuint (after->len, ==, 1);
  fn = after->pdata[0];
  g_assert_cmpstr (fn->name, ==, "compute");
  g_assert_true (fn->is_active);
  g_assert_cmpuint (fn->total_memory, ==, 64);
  /* compute stays open for the next tests */
}

/* Records made by hand and by the instrumentation share one id space per
 * kind, and the report names them by the same ids. */
static void
test_one_id_space (void)
{
  g_autoptr (GPtrArray) auto_scopes = memscope_scope_tracker_list (scopes ());
  g_autoptr (GPtrArray) auto_vars = memscope_variable_registry_list (variables ());
  g_autoptr (GPtrArray) all_threads = memscope_thread_registry_list (threads ());
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (JsonParser) report = NULL;
  g_autoptr (MemscopeScopeInfo) later = NULL;
  MemscopeScopeId manual, later_id;
  MemscopeVariableId var;
  MemscopeThreadId thread;
  JsonObject *rec;

  manual = memscope_scope_tracker_enter (scopes (), "request", NULL);
  g_assert_cmpuint (manual, ==, last_id (auto_scopes) + 1);
  var = memscope_variable_registry_register (variables (), "body", "char *", 0x1000, 512, manual, 0);
  g_assert_cmpuint (var, ==, last_id (auto_vars) + 1);
  thread = memscope_thread_registry_register (threads (), 4242, "by hand");
  g_assert_cmpuint (thread, ==, last_id (all_threads) + 1);

  /* a context found after the manual scope comes after it */
  __memscope_enter (&later_scope);
  __memscope_var (&later_vars[0], sink + 128);
  __memscope_exit (&later_scope);
  list = memscope_scope_tracker_list (scopes ());
  later_id = last_id (list);
  g_assert_cmpuint (later_id, ==, manual + 1);
  later = memscope_scope_tracker_get (scopes (), later_id);
  g_assert_cmpstr (later->name, ==, "later");
  g_assert_cmpuint (later->variables->len, ==, 1);
  g_assert_cmpuint (g_array_index (later->variables, MemscopeVariableId, 0), ==, var + 1);

  /* the report: the scope's context and the variable and the thread by
   * the API's ids */
  report = dump ();
  rec = report_record (report, "contexts", manual);
  g_assert_nonnull (rec);
  g_assert_cmpint (json_object_get_int_member (rec, "direct_bytes"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (rec, "peak_memory"), ==, 512);
  g_assert_true (json_object_get_boolean_member (rec, "is_active"));
  rec = report_record (report, "scopes", json_object_get_int_member (rec, "scope"));
  g_assert_cmpstr (json_object_get_string_member (rec, "kind"), ==, "manual");
  g_assert_cmpstr (json_object_get_string_member (rec, "name"), ==, "request");
  rec = report_record (report, "variables", var);
  g_assert_cmpstr (json_object_get_string_member (rec, "name"), ==, "body");
  g_assert_cmpstr (json_object_get_string_member (rec, "kind"), ==, "manual");
  rec = report_record (report, "variables", var + 1);
  g_assert_cmpstr (json_object_get_string_member (rec, "name"), ==, "late");
  rec = report_record (report, "threads", thread);
  g_assert_cmpstr (json_object_get_string_member (rec, "name"), ==, "by hand");
  g_assert_cmpint (json_object_get_int_member (rec, "tid"), ==, 4242);
  g_assert_true (json_object_get_boolean_member (rec, "manual"));
  rec = report_record (report, "contexts", later_id);
  g_assert_cmpint (json_object_get_int_member (rec, "entries"), ==, 1);

  g_assert_true (memscope_variable_registry_unregister (variables (), var));
  g_assert_true (memscope_scope_tracker_exit (scopes (), manual, NULL));
}

/* The instrumentation's variables are read here, never changed. */
static void
test_automatic_variables (void)
{
  g_autoptr (GPtrArray) list = memscope_variable_registry_list (variables ());
  g_autoptr (MemscopeVariableInfo) table = NULL;
  g_autoptr (MemscopeScopeInfo) fn = NULL;
  MemscopeVariableId id = 0, gone;
  guint i;

  for (i = 0; i < list->len; i++)
    if (g_str_equal (((MemscopeVariableInfo *) list->pdata[i])->name, "table"))
      id = ((MemscopeVariableInfo *) list->pdata[i])->variable_id;
  g_assert_cmpuint (id, !=, 0);
  g_assert_false (memscope_variable_registry_record_access (variables (), id));
  g_assert_false (memscope_variable_registry_unregister (variables (), id));

  /* cleaning up removes the inactive ones made by hand (body), only */
  gone = memscope_variable_registry_register (variables (), "tmp", "int", 0x20, 4, 0, 0);
  g_assert_true (memscope_variable_registry_unregister (variables (), gone));
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (variables ()), ==, 2);
  g_assert_null (memscope_variable_registry_get (variables (), gone));
  table = memscope_variable_registry_get (variables (), id);
  g_assert_cmpstr (table->type_name, ==, "int[16]");
  g_assert_cmpuint (table->ptr, ==, (guintptr) sink);
  g_assert_cmpuint (table->access_count, ==, 1);
  g_assert_true (table->is_active);
  fn = memscope_scope_tracker_get (scopes (), table->scope_id);
  g_assert_cmpstr (fn->name, ==, "compute");
  g_assert_cmpuint (g_array_index (fn->variables, MemscopeVariableId, 0), ==, id);

  /* ids are never reused, and the ones after a hole are found */
  g_assert_cmpuint (memscope_variable_registry_register (variables (), "next", "int", 0x24, 4, 0, 0), ==, gone + 1);
  g_assert_nonnull (memscope_variable_registry_get (variables (), gone + 1));
  g_assert_true (memscope_variable_registry_unregister (variables (), gone + 1));
}

/* An instrumented scope is on no thread's stack of scopes entered by hand:
 * a scope entered by hand within it is a root, exiting it by hand is
 * refused, and its variables do not count into it. */
static void
test_automatic_scopes (void)
{
  g_autoptr (GPtrArray) list = memscope_scope_tracker_list (scopes ());
  g_autoptr (MemscopeScopeInfo) info = NULL;
  g_autoptr (MemscopeVariableInfo) var = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *want = NULL;
  MemscopeScopeId fn = 0, inner;
  MemscopeVariableId v;
  GNode *tree;
  guint i;

  for (i = 0; i < list->len; i++)
    if (g_str_equal (((MemscopeScopeInfo *) list->pdata[i])->name, "compute"))
      fn = ((MemscopeScopeInfo *) list->pdata[i])->scope_id;
  g_assert_cmpuint (fn, !=, 0);

  inner = memscope_scope_tracker_enter (scopes (), "inner", NULL);
  info = memscope_scope_tracker_get (scopes (), inner);
  g_assert_cmpuint (info->parent_scope, ==, 0);
  g_assert_cmpuint (info->depth, ==, 0);
  g_assert_false (memscope_scope_tracker_exit (scopes (), fn, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  want = g_strdup_printf ("Scope %" G_GUINT64_FORMAT " \"compute\" is not the calling thread's innermost "
                          "open scope, which is %" G_GUINT64_FORMAT " \"inner\"", fn, inner);
  g_assert_cmpstr (error->message, ==, want);
  g_clear_error (&error);

  v = memscope_variable_registry_register (variables (), "extra", "long", 0x30, 8, fn, 0);
  var = memscope_variable_registry_get (variables (), v);
  g_assert_cmpuint (var->scope_id, ==, fn);
  g_clear_pointer (&info, memscope_scope_info_free);
  info = memscope_scope_tracker_get (scopes (), fn);
  g_assert_cmpuint (info->total_memory, ==, 64);
  g_assert_cmpuint (info->variables->len, ==, 1);

  /* the tree holds both kinds, each a root */
  tree = memscope_scope_tracker_hierarchy (scopes ());
  g_assert_cmpuint (g_node_n_nodes (tree, G_TRAVERSE_ALL), ==, 1 + list->len + 1);
  g_assert_cmpuint (((MemscopeScopeInfo *) g_node_first_child (tree)->data)->scope_id, ==, 1);
  g_assert_cmpuint (((MemscopeScopeInfo *) g_node_last_child (tree)->data)->scope_id, ==, inner);
  memscope_scope_hierarchy_free (tree);

  g_assert_true (memscope_scope_tracker_exit (scopes (), inner, NULL));
  g_assert_true (memscope_variable_registry_unregister (variables (), v));

  /* once closed, it reads as exited */
  __memscope_exit (&fn_scope);
  g_assert_false (memscope_scope_tracker_exit (scopes (), fn, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_ALREADY_EXITED);
  g_free (want);
  want = g_strdup_printf ("Scope %" G_GUINT64_FORMAT " \"compute\" has already exited", fn);
  g_assert_cmpstr (error->message, ==, want);
}

typedef struct
{
  MemscopeThreadId id;
  guint64 tid;
} CurrentJob;

static gpointer
current_on_thread (gpointer data)
{
  CurrentJob *job = data;

  job->tid = (guint64) gettid ();
  job->id = memscope_thread_registry_current (threads ());
  return NULL;
}

/* The calling thread's record is the instrumentation's, whether it ran
 * instrumented code before or not; it is read, never changed, by hand. */
static void
test_threads (void)
{
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (MemscopeThreadInfo) mine = NULL;
  g_autoptr (MemscopeThreadInfo) other = NULL;
  g_autoptr (JsonParser) report = NULL;
  MemscopeThreadId me = memscope_thread_registry_current (threads ());
  CurrentJob job = { 0, 0 };
  char name[16] = "";
  JsonObject *rec;

  pthread_getname_np (pthread_self (), name, sizeof name);
  mine = memscope_thread_registry_get (threads (), me);
  g_assert_cmpuint (mine->thread_id_u64, ==, (guint64) gettid ());
  g_assert_cmpstr (mine->name, ==, name);
  g_assert_true (mine->is_active);
  g_assert_false (memscope_thread_registry_unregister (threads (), me));
  g_assert_false (memscope_thread_registry_record_allocation (threads (), me, 8));
  g_assert_false (memscope_thread_registry_record_deallocation (threads (), me, 8));

  g_thread_join (g_thread_new ("fresh", current_on_thread, &job));
  g_assert_cmpuint (job.id, >, me);
  list = memscope_thread_registry_list (threads ());
  other = memscope_thread_registry_get (threads (), job.id);
  g_assert_cmpuint (other->thread_id_u64, ==, job.tid);
  g_assert_cmpstr (other->name, ==, "fresh");
  g_assert_false (other->is_active);
  report = dump ();
  rec = report_record (report, "threads", job.id);
  g_assert_false (json_object_has_member (rec, "manual"));
  g_assert_cmpint (json_object_get_int_member (rec, "tid"), ==, job.tid);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (json_parser_get_root (report)), "threads")), ==, list->len);
}

/* An engine of its own sees none of memscope_global()'s records, nor
 * memscope_global() its: each has its own ids from 1. */
static void
test_engines_apart (void)
{
  g_autoptr (MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  g_autoptr (GPtrArray) global_before = memscope_scope_tracker_list (scopes ());
  g_autoptr (GPtrArray) global_after = NULL;
  g_autoptr (GPtrArray) mine = NULL;
  g_autoptr (GPtrArray) threads_of_mine = NULL;
  MemscopeScopeId s;

  __memscope_enter (&fn_scope);
  s = memscope_scope_tracker_enter (memscope_metadata_engine_scopes (engine), "own", NULL);
  g_assert_cmpuint (s, ==, 1);
  g_assert_cmpuint (memscope_variable_registry_register (memscope_metadata_engine_variables (engine),
                                                         "x", "int", 0, 4, s, 0), ==, 1);
  g_assert_cmpuint (memscope_thread_registry_current (memscope_metadata_engine_threads (engine)), ==, 1);
  mine = memscope_scope_tracker_list (memscope_metadata_engine_scopes (engine));
  g_assert_cmpuint (mine->len, ==, 1);
  threads_of_mine = memscope_thread_registry_list (memscope_metadata_engine_threads (engine));
  g_assert_cmpuint (threads_of_mine->len, ==, 1);
  global_after = memscope_scope_tracker_list (scopes ());
  g_assert_cmpuint (global_after->len, ==, global_before->len);
  g_assert_true (((MemscopeScopeInfo *) global_after->pdata[0])->is_active);
  __memscope_exit (&fn_scope);
  g_assert_true (memscope_scope_tracker_exit (memscope_metadata_engine_scopes (engine), s, NULL));
}

/* Lists own their elements and are in id order; nested scopes each count
 * their own bytes and, peak-wise, all below them. */
static void
test_lists (void)
{
  g_autoptr (MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  MemscopeScopeTracker *tracker = memscope_metadata_engine_scopes (engine);
  MemscopeThreadRegistry *reg = memscope_metadata_engine_threads (engine);
  GPtrArray *list;
  guint i;

  for (i = 0; i < 50; i++)
    {
      MemscopeScopeId s = memscope_scope_tracker_enter (tracker, "s", NULL);

      memscope_variable_registry_register (vars, "v", "int", i, 4, s, 0);
      memscope_thread_registry_register (reg, i, "t");
    }

  list = memscope_variable_registry_list (vars);
  g_assert_cmpuint (list->len, ==, 50);
  for (i = 0; i < list->len; i++)
    g_assert_cmpuint (((MemscopeVariableInfo *) list->pdata[i])->variable_id, ==, i + 1);
  g_ptr_array_unref (list);
  list = memscope_scope_tracker_list (tracker);
  g_assert_cmpuint (list->len, ==, 50);
  for (i = 0; i < list->len; i++)
    {
      MemscopeScopeInfo *s = list->pdata[i];

      g_assert_cmpuint (s->scope_id, ==, i + 1);
      g_assert_cmpuint (s->depth, ==, i);
      g_assert_cmpuint (s->total_memory, ==, 4);
      g_assert_cmpuint (s->peak_memory, ==, 4 * (50 - i));
    }
  g_ptr_array_unref (list);
  list = memscope_thread_registry_list (reg);
  g_assert_cmpuint (list->len, ==, 50);
  g_ptr_array_unref (list);

  for (i = 50; i > 0; i--)
    g_assert_true (memscope_scope_tracker_exit (tracker, i, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscope/model/clock", test_clock);
  g_test_add_func ("/memscope/model/accessors-refresh", test_accessors_refresh);
  g_test_add_func ("/memscope/model/one-id-space", test_one_id_space);
  g_test_add_func ("/memscope/model/automatic-variables", test_automatic_variables);
  g_test_add_func ("/memscope/model/automatic-scopes", test_automatic_scopes);
  g_test_add_func ("/memscope/model/threads", test_threads);
  g_test_add_func ("/memscope/model/engines-apart", test_engines_apart);
  g_test_add_func ("/memscope/model/lists", test_lists);

  return g_test_run ();
}

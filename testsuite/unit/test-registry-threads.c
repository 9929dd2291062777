/* test-registry-threads.c: the registries under several threads
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each thread has its own stack of open scopes; memscope_thread_registry_current()
 * tells threads apart; and a stress test runs workers that register, enter
 * and exit concurrently while another thread keeps taking snapshots, then
 * checks exact final counts.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <pthread.h>
#include <unistd.h>

#include "memscope.h"

/* ------------------------------------------------------------------------ */
/* A thread that runs jobs on request, so that a test can interleave steps
 * on several threads deterministically. */

typedef void (*Job) (gpointer data);

typedef struct
{
  GThread *thread;
  GAsyncQueue *requests;   /* JobRequest*, a NULL job ends the thread */
  GAsyncQueue *done;
} Runner;

typedef struct
{
  Job job;
  gpointer data;
} JobRequest;

static gpointer
runner_main (gpointer user_data)
{
  Runner *runner = user_data;

  for (;;)
    {
      JobRequest *req = g_async_queue_pop (runner->requests);
      Job job = req->job;

      if (job != NULL)
        job (req->data);
      g_async_queue_push (runner->done, req);
      if (job == NULL)
        return NULL;
    }
}

static Runner *
runner_new (const char *name)
{
  Runner *runner = g_new0 (Runner, 1);

  runner->requests = g_async_queue_new ();
  runner->done = g_async_queue_new ();
  runner->thread = g_thread_new (name, runner_main, runner);
  return runner;
}

static void
runner_run (Runner *runner, Job job, gpointer data)
{
  JobRequest req = { job, data };

  g_async_queue_push (runner->requests, &req);
  g_assert_true (g_async_queue_pop (runner->done) == &req);
}

static void
runner_free (Runner *runner)
{
  runner_run (runner, NULL, NULL);
  g_thread_join (runner->thread);
  g_async_queue_unref (runner->requests);
  g_async_queue_unref (runner->done);
  g_free (runner);
}

typedef struct
{
  MemscopeScopeTracker *tracker;
  const char *name;        /* enter */
  MemscopeScopeId id;      /* enter's result, exit's argument */
  gboolean ok;             /* exit's result */
  GError *error;
} ScopeJob;

static void
job_enter (gpointer data)
{
  ScopeJob *job = data;

  job->id = memscope_scope_tracker_enter (job->tracker, job->name, &job->error);
}

static void
job_exit (gpointer data)
{
  ScopeJob *job = data;

  job->ok = memscope_scope_tracker_exit (job->tracker, job->id, &job->error);
}

static MemscopeScopeId
enter_on (Runner *runner, MemscopeScopeTracker *tracker, const char *name)
{
  ScopeJob job = { tracker, name, 0, FALSE, NULL };

  runner_run (runner, job_enter, &job);
  g_assert_no_error (job.error);
  return job.id;
}

/* Returns the error, or NULL on success. */
static GError *
exit_on (Runner *runner, MemscopeScopeTracker *tracker, MemscopeScopeId id)
{
  ScopeJob job = { tracker, NULL, id, FALSE, NULL };

  runner_run (runner, job_exit, &job);
  g_assert_cmpint (job.ok, ==, job.error == NULL);
  return job.error;
}

static MemscopeScopeId
parent_of (MemscopeScopeTracker *tracker, MemscopeScopeId id)
{
  g_autoptr(MemscopeScopeInfo) info = memscope_scope_tracker_get (tracker, id);

  g_assert_nonnull (info);
  return info->parent_scope;
}

/* ------------------------------------------------------------------------ */

static void
test_scopes_per_thread_innermost (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  Runner *a = runner_new ("runner-a");
  Runner *b = runner_new ("runner-b");
  GError *error;
  MemscopeScopeId main_outer, a_outer, main_inner, a_inner, b_only;

  main_outer = memscope_scope_tracker_enter (tracker, "main-outer", NULL);
  a_outer = enter_on (a, tracker, "a-outer");
  main_inner = memscope_scope_tracker_enter (tracker, "main-inner", NULL);
  a_inner = enter_on (a, tracker, "a-inner");

  /* each thread's scopes nest only in its own */
  g_assert_cmpuint (parent_of (tracker, main_outer), ==, 0);
  g_assert_cmpuint (parent_of (tracker, a_outer), ==, 0);
  g_assert_cmpuint (parent_of (tracker, main_inner), ==, main_outer);
  g_assert_cmpuint (parent_of (tracker, a_inner), ==, a_outer);

  /* a thread cannot exit another thread's innermost scope */
  error = exit_on (a, tracker, main_inner);
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  g_assert_cmpstr (error->message, ==,
                   "Scope 3 \"main-inner\" is not the calling thread's innermost open scope, "
                   "which is 4 \"a-inner\"");
  g_clear_error (&error);

  g_assert_false (memscope_scope_tracker_exit (tracker, a_inner, &error));
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  g_assert_cmpstr (error->message, ==,
                   "Scope 4 \"a-inner\" is not the calling thread's innermost open scope, "
                   "which is 3 \"main-inner\"");
  g_clear_error (&error);

  /* a thread with no open scope */
  error = exit_on (b, tracker, a_outer);
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  g_assert_cmpstr (error->message, ==,
                   "Scope 2 \"a-outer\" is not the calling thread's innermost open scope; "
                   "the calling thread has no open scope");
  g_clear_error (&error);

  /* b's first scope is a root even though a and main have open ones */
  b_only = enter_on (b, tracker, "b-only");
  g_assert_cmpuint (parent_of (tracker, b_only), ==, 0);

  /* the failed attempts disturbed nothing: every thread unwinds in order */
  g_assert_null (exit_on (a, tracker, a_inner));
  g_assert_true (memscope_scope_tracker_exit (tracker, main_inner, NULL));
  g_assert_null (exit_on (b, tracker, b_only));
  g_assert_null (exit_on (a, tracker, a_outer));
  g_assert_true (memscope_scope_tracker_exit (tracker, main_outer, NULL));

  /* exiting on another thread once it is closed: already exited wins */
  error = exit_on (b, tracker, main_outer);
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_ALREADY_EXITED);
  g_assert_cmpstr (error->message, ==, "Scope 1 \"main-outer\" has already exited");
  g_clear_error (&error);

  runner_free (a);
  runner_free (b);
}

static void
test_scopes_thread_ended_with_open_scopes (void)
{
  g_autoptr(MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  Runner *a = runner_new ("runner-a");
  Runner *b;
  MemscopeScopeId left_open = enter_on (a, tracker, "left-open");
  MemscopeScopeId fresh;
  GError *error;

  runner_free (a);
  /* a new thread, whatever OS id it gets, starts with an empty stack */
  b = runner_new ("runner-b");
  fresh = enter_on (b, tracker, "fresh");
  g_assert_cmpuint (parent_of (tracker, fresh), ==, 0);
  error = exit_on (b, tracker, left_open);
  g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
  g_clear_error (&error);
  g_assert_null (exit_on (b, tracker, fresh));
  runner_free (b);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  MemscopeThreadRegistry *reg;
  MemscopeThreadId id;
  MemscopeThreadId again;
  guint64 tid;
  char name[16];
} CurrentJob;

static void
job_current (gpointer data)
{
  CurrentJob *job = data;

  pthread_setname_np (pthread_self (), job->name);
  job->tid = (guint64) gettid ();
  job->id = memscope_thread_registry_current (job->reg);
  job->again = memscope_thread_registry_current (job->reg);
}

static void
test_threads_current_per_thread (void)
{
  g_autoptr(MemscopeThreadRegistry) reg = memscope_thread_registry_new ();
  Runner *runners[4];
  CurrentJob jobs[G_N_ELEMENTS (runners)];
  g_autoptr(GPtrArray) list = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (runners); i++)
    {
      runners[i] = runner_new ("current");
      jobs[i].reg = reg;
      g_snprintf (jobs[i].name, sizeof jobs[i].name, "worker-%u", i);
      runner_run (runners[i], job_current, &jobs[i]);
      g_assert_cmpuint (jobs[i].id, ==, i + 1);
      g_assert_cmpuint (jobs[i].again, ==, jobs[i].id);
    }
  /* asking again from a live thread finds its record */
  for (i = 0; i < G_N_ELEMENTS (runners); i++)
    {
      runner_run (runners[i], job_current, &jobs[i]);
      g_assert_cmpuint (jobs[i].id, ==, i + 1);
    }

  list = memscope_thread_registry_list (reg);
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (runners));
  for (i = 0; i < list->len; i++)
    {
      MemscopeThreadInfo *info = g_ptr_array_index (list, i);

      g_assert_cmpuint (info->thread_id, ==, jobs[i].id);
      g_assert_cmpuint (info->thread_id_u64, ==, jobs[i].tid);
      g_assert_cmpstr (info->name, ==, jobs[i].name);
      g_assert_true (info->is_active);
    }
  for (i = 0; i < G_N_ELEMENTS (runners); i++)
    runner_free (runners[i]);
}

/* ------------------------------------------------------------------------ */
/* Stress */

#define N_WORKERS 8
#define N_ITERATIONS 400

typedef struct
{
  MemscopeMetadataEngine *engine;
  guint index;
  MemscopeThreadId thread_id;
  MemscopeScopeId worker_scope;
} Worker;

typedef struct
{
  MemscopeMetadataEngine *engine;
  gint stop;
  guint snapshots;
} Watcher;

/* Per iteration: worker { outer { v1 (8 bytes); inner { v2 (16 bytes) } } },
 * with an out-of-order exit attempt and v2 unregistered before inner exits. */
static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (w->engine);
  MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (w->engine);
  MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (w->engine);
  GError *error = NULL;
  guint i;

  w->thread_id = memscope_thread_registry_current (threads);
  w->worker_scope = memscope_scope_tracker_enter (scopes, "worker", &error);
  g_assert_no_error (error);
  for (i = 0; i < N_ITERATIONS; i++)
    {
      MemscopeScopeId outer, inner;
      MemscopeVariableId v1, v2;

      outer = memscope_scope_tracker_enter (scopes, "outer", &error);
      g_assert_no_error (error);
      v1 = memscope_variable_registry_register (vars, "v1", "char[8]", 0x1000 + i, 8, outer, w->thread_id);
      inner = memscope_scope_tracker_enter (scopes, "inner", &error);
      g_assert_no_error (error);
      v2 = memscope_variable_registry_register (vars, "v2", "char[16]", 0x2000 + i, 16, inner, w->thread_id);
      g_assert_true (memscope_thread_registry_record_allocation (threads, w->thread_id, 32));

      g_assert_false (memscope_scope_tracker_exit (scopes, outer, &error));
      g_assert_error (error, MEMSCOPE_ERROR, MEMSCOPE_ERROR_NOT_INNERMOST);
      g_clear_error (&error);

      g_assert_true (memscope_variable_registry_record_access (vars, v1));
      g_assert_true (memscope_variable_registry_unregister (vars, v2));
      g_assert_true (memscope_scope_tracker_exit (scopes, inner, &error));
      g_assert_no_error (error);
      g_assert_true (memscope_scope_tracker_exit (scopes, outer, &error));
      g_assert_no_error (error);
      g_assert_true (memscope_thread_registry_record_deallocation (threads, w->thread_id, 32));
    }
  g_assert_true (memscope_scope_tracker_exit (scopes, w->worker_scope, &error));
  g_assert_no_error (error);
  return NULL;
}

static void
check_sorted (GPtrArray *infos)
{
  guint i;

  /* every info struct starts with its id */
  for (i = 1; i < infos->len; i++)
    g_assert_cmpuint (*(guint64 *) infos->pdata[i - 1], <, *(guint64 *) infos->pdata[i]);
}

static gboolean
check_node (GNode *node, gpointer data)
{
  MemscopeScopeInfo *info = node->data;
  MemscopeScopeInfo *parent;

  if (G_NODE_IS_ROOT (node))
    {
      g_assert_null (info);
      return FALSE;
    }
  parent = node->parent->data;
  g_assert_nonnull (info);
  g_assert_cmpuint (info->parent_scope, ==, parent != NULL ? parent->scope_id : 0);
  return FALSE;
}

static gpointer
watcher_main (gpointer data)
{
  Watcher *w = data;

  do
    {
      g_autoptr(GPtrArray) vars = memscope_variable_registry_list (memscope_metadata_engine_variables (w->engine));
      g_autoptr(GPtrArray) scopes = memscope_scope_tracker_list (memscope_metadata_engine_scopes (w->engine));
      g_autoptr(GPtrArray) threads = memscope_thread_registry_list (memscope_metadata_engine_threads (w->engine));
      GNode *tree = memscope_scope_tracker_hierarchy (memscope_metadata_engine_scopes (w->engine));

      check_sorted (vars);
      check_sorted (scopes);
      check_sorted (threads);
      g_assert_cmpuint (threads->len, <=, N_WORKERS);
      g_node_traverse (tree, G_PRE_ORDER, G_TRAVERSE_NON_LEAVES | G_TRAVERSE_LEAVES, -1, check_node, NULL);
      memscope_scope_hierarchy_free (tree);
      w->snapshots++;
    }
  while (!g_atomic_int_get (&w->stop));
  return NULL;
}

static void
test_stress_concurrent (void)
{
  g_autoptr(MemscopeMetadataEngine) engine = memscope_metadata_engine_new ();
  MemscopeVariableRegistry *vars = memscope_metadata_engine_variables (engine);
  MemscopeScopeTracker *scopes = memscope_metadata_engine_scopes (engine);
  MemscopeThreadRegistry *threads = memscope_metadata_engine_threads (engine);
  Worker workers[N_WORKERS];
  GThread *worker_threads[N_WORKERS];
  Watcher watcher = { engine, 0, 0 };
  GThread *watcher_thread;
  g_autoptr(GPtrArray) var_list = NULL;
  g_autoptr(GPtrArray) scope_list = NULL;
  g_autoptr(GPtrArray) thread_list = NULL;
  g_autoptr(GHashTable) worker_scopes = g_hash_table_new (g_int64_hash, g_int64_equal);
  GNode *tree;
  guint i, active, outers, inners;

  watcher_thread = g_thread_new ("watcher", watcher_main, &watcher);
  for (i = 0; i < N_WORKERS; i++)
    {
      workers[i].engine = engine;
      workers[i].index = i;
      worker_threads[i] = g_thread_new ("worker", worker_main, &workers[i]);
    }
  for (i = 0; i < N_WORKERS; i++)
    g_thread_join (worker_threads[i]);
  g_atomic_int_set (&watcher.stop, 1);
  g_thread_join (watcher_thread);
  g_assert_cmpuint (watcher.snapshots, >, 0);
  g_test_message ("%u snapshots taken during the run", watcher.snapshots);

  /* threads: one record each, balanced allocations */
  thread_list = memscope_thread_registry_list (threads);
  g_assert_cmpuint (thread_list->len, ==, N_WORKERS);
  for (i = 0; i < thread_list->len; i++)
    {
      MemscopeThreadInfo *t = g_ptr_array_index (thread_list, i);

      g_assert_cmpuint (t->thread_id, ==, i + 1);
      g_assert_cmpstr (t->name, ==, "worker");
      g_assert_cmpuint (t->total_allocations, ==, N_ITERATIONS);
      g_assert_cmpuint (t->total_deallocations, ==, N_ITERATIONS);
      g_assert_cmpuint (t->current_memory, ==, 0);
      g_assert_cmpuint (t->peak_memory, ==, 32);
    }

  /* scopes: one worker scope per thread, two more per iteration */
  for (i = 0; i < N_WORKERS; i++)
    g_hash_table_add (worker_scopes, &workers[i].worker_scope);
  scope_list = memscope_scope_tracker_list (scopes);
  g_assert_cmpuint (scope_list->len, ==, N_WORKERS * (2 * N_ITERATIONS + 1));
  outers = inners = 0;
  for (i = 0; i < scope_list->len; i++)
    {
      MemscopeScopeInfo *s = g_ptr_array_index (scope_list, i);

      g_assert_cmpuint (s->scope_id, ==, i + 1);
      g_assert_false (s->is_active);
      g_assert_cmpuint (s->lifetime_end, >=, s->lifetime_start);
      if (g_hash_table_contains (worker_scopes, &s->scope_id))
        {
          g_assert_cmpstr (s->name, ==, "worker");
          g_assert_cmpuint (s->depth, ==, 0);
          g_assert_cmpuint (s->total_memory, ==, 0);
          /* exiting outer leaves its v1 registered, so they pile up here;
           * the last iteration's v2 tops them */
          g_assert_cmpuint (s->peak_memory, ==, 8 * N_ITERATIONS + 16);
          g_assert_cmpuint (s->allocation_count, ==, 0);
        }
      else if (g_str_equal (s->name, "outer"))
        {
          outers++;
          g_assert_true (g_hash_table_contains (worker_scopes, &s->parent_scope));
          g_assert_cmpuint (s->depth, ==, 1);
          g_assert_cmpuint (s->total_memory, ==, 8);
          g_assert_cmpuint (s->peak_memory, ==, 24);
          g_assert_cmpuint (s->allocation_count, ==, 1);
          g_assert_cmpuint (s->variables->len, ==, 1);
        }
      else
        {
          g_autoptr(MemscopeScopeInfo) parent = memscope_scope_tracker_get (scopes, s->parent_scope);

          inners++;
          g_assert_cmpstr (s->name, ==, "inner");
          g_assert_cmpstr (parent->name, ==, "outer");
          g_assert_cmpuint (s->depth, ==, 2);
          g_assert_cmpuint (s->total_memory, ==, 0);
          g_assert_cmpuint (s->peak_memory, ==, 16);
          g_assert_cmpuint (s->allocation_count, ==, 1);
          g_assert_cmpuint (s->variables->len, ==, 1);
        }
    }
  g_assert_cmpuint (outers, ==, N_WORKERS * N_ITERATIONS);
  g_assert_cmpuint (inners, ==, N_WORKERS * N_ITERATIONS);

  /* the tree: worker scopes as roots, N_ITERATIONS outers under each */
  tree = memscope_scope_tracker_hierarchy (scopes);
  g_assert_cmpuint (g_node_n_nodes (tree, G_TRAVERSE_ALL), ==, 1 + N_WORKERS * (2 * N_ITERATIONS + 1));
  g_assert_cmpuint (g_node_n_children (tree), ==, N_WORKERS);
  for (i = 0; i < N_WORKERS; i++)
    g_assert_cmpuint (g_node_n_children (g_node_nth_child (tree, i)), ==, N_ITERATIONS);
  g_assert_cmpuint (g_node_max_height (tree), ==, 4);
  memscope_scope_hierarchy_free (tree);

  /* variables: v1 still live with one access, v2 unregistered */
  var_list = memscope_variable_registry_list (vars);
  g_assert_cmpuint (var_list->len, ==, 2 * N_WORKERS * N_ITERATIONS);
  active = 0;
  for (i = 0; i < var_list->len; i++)
    {
      MemscopeVariableInfo *v = g_ptr_array_index (var_list, i);

      g_assert_cmpuint (v->variable_id, ==, i + 1);
      g_assert_cmpuint (v->thread_id, >=, 1);
      g_assert_cmpuint (v->thread_id, <=, N_WORKERS);
      if (v->is_active)
        {
          active++;
          g_assert_cmpstr (v->name, ==, "v1");
          g_assert_cmpuint (v->access_count, ==, 2);
        }
      else
        {
          g_assert_cmpstr (v->name, ==, "v2");
          g_assert_cmpuint (v->access_count, ==, 1);
        }
    }
  g_assert_cmpuint (active, ==, N_WORKERS * N_ITERATIONS);

  /* cleanup removes exactly the v2s, and empties the inner scopes' lists */
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (vars), ==, N_WORKERS * N_ITERATIONS);
  g_assert_cmpuint (memscope_variable_registry_cleanup_inactive (vars), ==, 0);
  g_clear_pointer (&scope_list, g_ptr_array_unref);
  scope_list = memscope_scope_tracker_list (scopes);
  for (i = 0; i < scope_list->len; i++)
    {
      MemscopeScopeInfo *s = g_ptr_array_index (scope_list, i);

      if (g_str_equal (s->name, "inner"))
        g_assert_cmpuint (s->variables->len, ==, 0);
      else if (g_str_equal (s->name, "outer"))
        g_assert_cmpuint (s->variables->len, ==, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscope/scopes/per-thread-innermost", test_scopes_per_thread_innermost);
  g_test_add_func ("/memscope/scopes/thread-ended-with-open-scopes", test_scopes_thread_ended_with_open_scopes);
  g_test_add_func ("/memscope/threads/current-per-thread", test_threads_current_per_thread);
  g_test_add_func ("/memscope/stress/concurrent", test_stress_concurrent);

  return g_test_run ();
}

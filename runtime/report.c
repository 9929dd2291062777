/* report.c: the JSON report and the human summary.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JSON layout version 1 (fields may be added, never renamed):
 *   {"format":"memscope","version":1,"program","pid",
 *    "threads":[...],"scopes":[...],"variables":[...],"contexts":[...]}
 * Automatically tracked sites come first with ids 1..N; manually registered
 * scopes, variables and threads of memscope_global() follow them.
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "jsonlib.h"

/* json-glib through the table jsonlib.c loads (the library is not linked). */
static const MsJson *J;
#define json_builder_new() (J->builder_new ())
#define json_builder_begin_object(b) (J->begin_object (b))
#define json_builder_end_object(b) (J->end_object (b))
#define json_builder_begin_array(b) (J->begin_array (b))
#define json_builder_end_array(b) (J->end_array (b))
#define json_builder_set_member_name(b, n) (J->set_member_name ((b), (n)))
#define json_builder_add_string_value(b, v) (J->add_string_value ((b), (v)))
#define json_builder_add_int_value(b, v) (J->add_int_value ((b), (v)))
#define json_builder_add_null_value(b) (J->add_null_value (b))
#define json_builder_add_boolean_value(b, v) (J->add_boolean_value ((b), (v)))
#define json_builder_get_root(b) (J->get_root (b))
#define json_generator_new() (J->generator_new ())
#define json_generator_set_root(g, r) (J->generator_set_root ((g), (r)))
#define json_generator_set_pretty(g, p) (J->generator_set_pretty ((g), (p)))
#define json_generator_to_data(g, l) (J->generator_to_data ((g), (l)))
#include <stdio.h>
#include <string.h>

#include "crash.h"
#include "memscope.h"
#include "options.h"
#include "registry-private.h"
#include "report.h"
#include "snapshot.h"

static const char *
var_kind (const __memscope_var_desc *d)
{
  if (d->flags & MEMSCOPE_VAR_PARAM)
    return "param";
  if (d->flags & MEMSCOPE_VAR_VLA)
    return "vla";
  if (d->flags & MEMSCOPE_VAR_ALLOCA)
    return "alloca";
  return "local";
}

static gint
compare_u64 (const guint64 *a, const guint64 *b)
{
  return *a < *b ? -1 : *a > *b;
}

static void
add_string_or_null (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_id_or_null (JsonBuilder *b, const char *member, guint64 id)
{
  json_builder_set_member_name (b, member);
  if (id)
    json_builder_add_int_value (b, (gint64) id);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b, const char *member, gint64 value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_bool (JsonBuilder *b, const char *member, gboolean value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

static void
add_address (JsonBuilder *b, const char *member, guintptr addr)
{
  char buf[32];

  json_builder_set_member_name (b, member);
  if (addr == 0)
    {
      json_builder_add_null_value (b);
      return;
    }
  g_snprintf (buf, sizeof buf, "0x%" G_GINTPTR_MODIFIER "x", addr);
  json_builder_add_string_value (b, buf);
}

/* Manual records of the global engine, with report ids after the automatic
 * ones. */
typedef struct
{
  GPtrArray *scopes;       /* MemscopeScopeInfo* */
  GPtrArray *vars;         /* MemscopeVariableInfo* */
  GPtrArray *threads;      /* MemscopeThreadInfo* */
  GHashTable *scope_ids;   /* registry id -> report id */
  GHashTable *var_ids;
  GHashTable *thread_ids;
} Manual;

static guint64
map_id (GHashTable *ids, guint64 id)
{
  return GPOINTER_TO_SIZE (g_hash_table_lookup (ids, GSIZE_TO_POINTER (id)));
}

static void
manual_collect (Manual *m, const MsSnapshot *snap)
{
  MemscopeMetadataEngine *engine = ms_global_if_created ();
  guint i;

  m->scope_ids = g_hash_table_new (NULL, NULL);
  m->var_ids = g_hash_table_new (NULL, NULL);
  m->thread_ids = g_hash_table_new (NULL, NULL);
  if (engine == NULL)
    {
      m->scopes = g_ptr_array_new ();
      m->vars = g_ptr_array_new ();
      m->threads = g_ptr_array_new ();
      return;
    }
  /* The registries themselves, not the engine accessors: those would run
   * the refresh hook, which takes the lock we hold. */
  m->scopes = _memscope_scope_tracker_snapshot (ms_global_scopes (engine), FALSE);
  m->vars = _memscope_variable_registry_snapshot (ms_global_variables (engine), FALSE);
  m->threads = _memscope_thread_registry_snapshot (ms_global_threads (engine), FALSE);
  for (i = 0; i < m->scopes->len; i++)
    {
      MemscopeScopeInfo *s = m->scopes->pdata[i];
      g_hash_table_insert (m->scope_ids, GSIZE_TO_POINTER (s->scope_id),
                           GSIZE_TO_POINTER (snap->scopes->len + i + 1));
    }
  for (i = 0; i < m->vars->len; i++)
    {
      MemscopeVariableInfo *v = m->vars->pdata[i];
      g_hash_table_insert (m->var_ids, GSIZE_TO_POINTER (v->variable_id),
                           GSIZE_TO_POINTER (snap->vars->len + i + 1));
    }
  for (i = 0; i < m->threads->len; i++)
    {
      MemscopeThreadInfo *t = m->threads->pdata[i];
      g_hash_table_insert (m->thread_ids, GSIZE_TO_POINTER (t->thread_id),
                           GSIZE_TO_POINTER (snap->threads->len + i + 1));
    }
}

static void
manual_clear (Manual *m)
{
  g_ptr_array_unref (m->scopes);
  g_ptr_array_unref (m->vars);
  g_ptr_array_unref (m->threads);
  g_hash_table_destroy (m->scope_ids);
  g_hash_table_destroy (m->var_ids);
  g_hash_table_destroy (m->thread_ids);
}

/* The report is written piece by piece: each element of its arrays is
 * built, turned into text and freed before the next one, so that writing
 * takes the text plus one element, not a tree of the whole report (about
 * twelve times its text). */
typedef struct
{
  GString *text;          /* the report so far */
  JsonBuilder *b;         /* the element being built */
  JsonGenerator *gen;
  guint n;                /* elements written in the current array */
} Out;

/* Appends the value built in o->b, and starts a new one. */
static void
out_value (Out *o)
{
  JsonNode *root = json_builder_get_root (o->b);
  gsize len = 0;
  char *text;

  json_generator_set_root (o->gen, root);
  text = json_generator_to_data (o->gen, &len);
  g_string_append_len (o->text, text, len);
  g_free (text);
  J->node_unref (root);
  J->builder_reset (o->b);
}

/* name: a member name that needs no escaping. */
static void
out_array_begin (Out *o, const char *name)
{
  g_string_append_printf (o->text, ",\"%s\":[", name);
  o->n = 0;
}

static JsonBuilder *
out_element_begin (Out *o)
{
  if (o->n++ > 0)
    g_string_append_c (o->text, ',');
  json_builder_begin_object (o->b);
  return o->b;
}

static void
out_element_end (Out *o)
{
  json_builder_end_object (o->b);
  out_value (o);
}

static void
out_array_end (Out *o)
{
  g_string_append_c (o->text, ']');
}

/* An object member of the report; out_element_end ends it. */
static JsonBuilder *
out_member_begin (Out *o, const char *name)
{
  g_string_append_printf (o->text, ",\"%s\":", name);
  o->n = 0;
  return out_element_begin (o);
}

static void
build_threads (Out *o, const MsSnapshot *snap, const Manual *m)
{
  guint i;

  out_array_begin (o, "threads");
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", t->id);
      add_int (b, "tid", t->tid);
      add_string_or_null (b, "name", t->name[0] ? t->name : NULL);
      add_bool (b, "is_active", t->live != NULL);
      add_int (b, "scopes_entered", t->scopes_entered);
      add_int (b, "variables_registered", t->variables_registered);
      add_int (b, "stack_bytes_peak", t->stack_bytes_peak);
      add_id_or_null (b, "peak_context", t->peak_context ? t->peak_context->id : 0);
      /* An ended thread is balanced: what it left open (pthread_exit,
       * pthread_cancel without -fexceptions) was closed at its end. */
      add_int (b, "open_scopes", t->live ? t->open_frames : 0);
      add_int (b, "closed_at_thread_exit", t->live ? 0 : t->open_frames);
      add_int (b, "unmatched_exits", t->unmatched_exits);
      add_int (b, "lost_events", t->lost_events);
      add_bool (b, "inherited", t->inherited);
      /* The fields of MemscopeThreadInfo. */
      add_int (b, "thread_id", t->id);
      add_int (b, "thread_id_u64", t->tid);
      add_int (b, "created_at", t->created_at);
      add_int (b, "ended_at", t->ended_at);
      add_int (b, "total_allocations", t->heap_allocs);
      add_int (b, "total_deallocations", ms_rec_deallocs (t));
      add_int (b, "current_memory", ms_rec_current (t));
      add_int (b, "peak_memory", t->heap_peak);
      add_int (b, "heap_bytes", t->heap_alloc_bytes);
      out_element_end (o);
    }
  for (i = 0; i < m->threads->len; i++)
    {
      const MemscopeThreadInfo *t = m->threads->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", map_id (m->thread_ids, t->thread_id));
      add_int (b, "tid", t->thread_id_u64);
      add_string_or_null (b, "name", t->name);
      add_bool (b, "is_active", t->is_active);
      add_int (b, "scopes_entered", 0);
      add_int (b, "variables_registered", 0);
      add_int (b, "stack_bytes_peak", 0);
      add_id_or_null (b, "peak_context", 0);
      add_bool (b, "manual", TRUE);
      add_int (b, "thread_id", map_id (m->thread_ids, t->thread_id));
      add_int (b, "thread_id_u64", t->thread_id_u64);
      add_int (b, "created_at", t->created_at);
      add_int (b, "total_allocations", t->total_allocations);
      add_int (b, "total_deallocations", t->total_deallocations);
      add_int (b, "current_memory", t->current_memory);
      add_int (b, "peak_memory", t->peak_memory);
      out_element_end (o);
    }
  out_array_end (o);
}

static void
build_scopes (Out *o, const MsSnapshot *snap, const Manual *m)
{
  guint i, j;

  out_array_begin (o, "scopes");
  for (i = 0; i < snap->scopes->len; i++)
    {
      const MsScopeSite *s = snap->scopes->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", s->id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, s->desc->kind == MEMSCOPE_SCOPE_FUNCTION ? "function" : "block");
      add_string_or_null (b, "name", ms_scope_site_name (s));
      add_string_or_null (b, "function", s->desc->function);
      add_string_or_null (b, "file", s->desc->file);
      add_int (b, "line", s->desc->line);
      add_id_or_null (b, "parent", s->parent ? s->parent->id : 0);
      add_int (b, "depth", s->desc->depth);
      add_int (b, "entries", s->entries);
      json_builder_set_member_name (b, "variables");
      json_builder_begin_array (b);
      for (j = 0; j < s->desc->nvars; j++)
        json_builder_add_int_value (b, s->vars[j]->id);
      json_builder_end_array (b);
      add_int (b, "frame_bytes", s->frame_bytes);
      add_int (b, "peak_memory", s->peak);
      add_bool (b, "is_active", s->active > 0);
      add_int (b, "heap_allocations", s->heap_allocs);
      add_int (b, "heap_bytes", s->heap_bytes);
      add_int (b, "heap_live_bytes", s->heap_live);
      add_int (b, "heap_peak_bytes", s->heap_peak);
      out_element_end (o);
    }
  for (i = 0; i < m->scopes->len; i++)
    {
      const MemscopeScopeInfo *s = m->scopes->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", map_id (m->scope_ids, s->scope_id));
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "manual");
      add_string_or_null (b, "name", s->name);
      add_string_or_null (b, "function", NULL);
      add_string_or_null (b, "file", NULL);
      add_int (b, "line", 0);
      add_id_or_null (b, "parent", map_id (m->scope_ids, s->parent_scope));
      add_int (b, "depth", s->depth);
      add_int (b, "entries", 1);
      json_builder_set_member_name (b, "variables");
      json_builder_begin_array (b);
      for (j = 0; s->variables && j < s->variables->len; j++)
        {
          guint64 id = map_id (m->var_ids, g_array_index (s->variables, MemscopeVariableId, j));
          if (id)
            json_builder_add_int_value (b, id);
        }
      json_builder_end_array (b);
      add_int (b, "frame_bytes", s->total_memory);
      add_int (b, "peak_memory", s->peak_memory);
      add_bool (b, "is_active", s->is_active);
      add_int (b, "lifetime_start", s->lifetime_start);
      add_int (b, "lifetime_end", s->lifetime_end);
      out_element_end (o);
    }
  out_array_end (o);
}

static void
build_variables (Out *o, const MsSnapshot *snap, const Manual *m)
{
  guint i;

  out_array_begin (o, "variables");
  for (i = 0; i < snap->vars->len; i++)
    {
      const MsVarSite *v = snap->vars->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", v->id);
      add_string_or_null (b, "name", v->desc->name);
      add_string_or_null (b, "type", v->desc->type);
      add_int (b, "size", v->desc->size);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, var_kind (v->desc));
      add_int (b, "scope", v->scope->id);
      add_string_or_null (b, "file", v->desc->file);
      add_int (b, "line", v->desc->line);
      add_bool (b, "tracked", !(v->desc->flags & MEMSCOPE_VAR_NOADDR));
      add_int (b, "instances", v->instances);
      add_int (b, "live", v->live);
      add_bool (b, "is_active", v->live > 0);
      add_address (b, "address", (guintptr) v->last_addr);
      add_int (b, "heap_blocks", v->heap_blocks);
      add_int (b, "heap_bytes", v->heap_bytes);
      add_int (b, "heap_owned_blocks", v->heap_owned_blocks);
      add_int (b, "heap_owned_bytes", v->heap_owned_bytes);
      out_element_end (o);
    }
  for (i = 0; i < m->vars->len; i++)
    {
      const MemscopeVariableInfo *v = m->vars->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", map_id (m->var_ids, v->variable_id));
      add_string_or_null (b, "name", v->name);
      add_string_or_null (b, "type", v->type_name);
      add_int (b, "size", v->size);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "manual");
      add_id_or_null (b, "scope", map_id (m->scope_ids, v->scope_id));
      add_string_or_null (b, "file", NULL);
      add_int (b, "line", 0);
      add_bool (b, "tracked", TRUE);
      add_int (b, "instances", 1);
      add_int (b, "live", v->is_active ? 1 : 0);
      add_bool (b, "is_active", v->is_active);
      add_address (b, "address", v->ptr);
      add_int (b, "access_count", v->access_count);
      add_id_or_null (b, "thread", map_id (m->thread_ids, v->thread_id));
      out_element_end (o);
    }
  out_array_end (o);
}

/* The threads that entered a context, each once, in id order. */
static void
add_thread_ids (JsonBuilder *b, GArray *threads)
{
  g_autoptr (GArray) ids = threads ? g_array_copy (threads) : g_array_new (FALSE, FALSE, sizeof (guint64));
  guint i;

  g_array_sort (ids, (GCompareFunc) compare_u64);
  json_builder_set_member_name (b, "threads");
  json_builder_begin_array (b);
  for (i = 0; i < ids->len; i++)
    if (i == 0 || g_array_index (ids, guint64, i) != g_array_index (ids, guint64, i - 1))
      json_builder_add_int_value (b, (gint64) g_array_index (ids, guint64, i));
  json_builder_end_array (b);
}

static void
build_contexts (Out *o, const MsSnapshot *snap)
{
  guint i;

  out_array_begin (o, "contexts");
  for (i = 0; i < snap->contexts->len; i++)
    {
      const MsContext *c = snap->contexts->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "id", c->id);
      add_int (b, "scope", c->site->id);
      add_id_or_null (b, "parent", c->parent ? c->parent->id : 0);
      add_int (b, "entries", c->entries);
      add_int (b, "direct_bytes", c->direct);
      add_int (b, "peak_memory", c->peak);
      add_bool (b, "folded", c->folded);
      add_bool (b, "is_active", c->active > 0);
      add_int (b, "heap_allocations", c->heap_allocs);
      add_int (b, "heap_bytes", c->heap_bytes);
      add_int (b, "heap_live_bytes", c->heap_live);
      add_int (b, "heap_peak_bytes", c->heap_peak);
      add_thread_ids (b, c->threads);
      out_element_end (o);
    }
  out_array_end (o);
}

/* Live heap blocks grouped by allocating context and owning variable,
 * largest first; at exit, the leaks. */
static void
build_heap (Out *o, const MsSnapshot *snap)
{
  guint64 live_blocks = 0, live_bytes = 0, inherited_blocks = 0, inherited_bytes = 0;
  guint64 leaked_blocks = 0, leaked_bytes = 0;
  JsonBuilder *b;
  guint i;

  out_array_begin (o, "leaks");
  for (i = 0; snap->leaks && i < snap->leaks->len; i++)
    {
      const MsLeak *l = &g_array_index (snap->leaks, MsLeak, i);

      if (l->inherited)
        {
          inherited_blocks += l->blocks;
          inherited_bytes += l->bytes;
        }
      else
        {
          live_blocks += l->blocks;
          live_bytes += l->bytes;
          if (!l->reachable)
            {
              leaked_blocks += l->blocks;
              leaked_bytes += l->bytes;
            }
        }
      b = out_element_begin (o);
      add_id_or_null (b, "context", l->context ? l->context->id : 0);
      add_id_or_null (b, "scope", l->context ? l->context->site->id : 0);
      add_id_or_null (b, "variable", l->variable ? l->variable->id : 0);
      add_int (b, "bytes", l->bytes);
      add_int (b, "blocks", l->blocks);
      add_bool (b, "inherited", l->inherited);
      add_bool (b, "reachable", l->reachable);
      out_element_end (o);
    }
  out_array_end (o);

  b = out_member_begin (o, "heap");
  add_bool (b, "enabled", snap->heap_enabled);
  add_int (b, "live_blocks", live_blocks);
  add_int (b, "live_bytes", live_bytes);
  add_int (b, "leaked_blocks", leaked_blocks);
  add_int (b, "leaked_bytes", leaked_bytes);
  add_int (b, "inherited_blocks", inherited_blocks);
  add_int (b, "inherited_bytes", inherited_bytes);
  add_int (b, "outside_allocations", snap->outside_allocs);
  add_int (b, "outside_bytes", snap->outside_bytes);
  add_int (b, "outside_live_bytes", snap->outside_live);
  add_int (b, "outside_peak_bytes", snap->outside_peak);
  out_element_end (o);
}

guint64
ms_report_leaked_blocks (const MsSnapshot *snap)
{
  guint64 blocks = 0;
  guint i;

  for (i = 0; snap->leaks && i < snap->leaks->len; i++)
    {
      const MsLeak *l = &g_array_index (snap->leaks, MsLeak, i);
      if (!l->inherited && !l->reachable)
        blocks += l->blocks;
    }
  return blocks;
}

/* trace=1: per thread, [time, "B" or "E", context] in the order they happened. */
static void
build_trace (Out *o, const MsSnapshot *snap)
{
  guint i, j;

  out_array_begin (o, "trace");
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      JsonBuilder *b = out_element_begin (o);

      add_int (b, "thread", t->id);
      add_int (b, "dropped", t->trace_dropped);
      json_builder_set_member_name (b, "events");
      json_builder_begin_array (b);
      for (j = 0; t->trace && j + 1 < t->trace->len; j += 2)
        {
          guint64 what = g_array_index (t->trace, guint64, j + 1);

          json_builder_begin_array (b);
          json_builder_add_int_value (b, (gint64) g_array_index (t->trace, guint64, j));
          json_builder_add_string_value (b, what >> 63 ? "E" : "B");
          json_builder_add_int_value (b, (gint64) (what & ~(G_GUINT64_CONSTANT (1) << 63)));
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      out_element_end (o);
    }
  out_array_end (o);
}

char *
ms_report_render (const MsSnapshot *snap, const char *program, int pid, gsize *length, GError **error)
{
  Out o;
  JsonBuilder *b;
  Manual m;

  J = ms_json_load (error);
  if (J == NULL)
    return NULL;
  o.text = g_string_sized_new (64 * 1024);
  o.b = json_builder_new ();
  o.gen = json_generator_new ();
  o.n = 0;
  json_generator_set_pretty (o.gen, FALSE);
  manual_collect (&m, snap);

  /* The header is an object of its own, written without its closing brace;
   * the members that follow it start with their commas. */
  b = o.b;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "memscope");
  add_int (b, "version", 1);
  add_string_or_null (b, "program", program);
  add_int (b, "pid", pid);
  add_int (b, "taken_at", snap->taken_at);
  if (ms_crash_info () != NULL)
    {
      const MsCrash *crash = ms_crash_info ();

      json_builder_set_member_name (b, "crash");
      json_builder_begin_object (b);
      add_int (b, "signal", crash->signal);
      add_id_or_null (b, "thread", crash->thread);
      add_address (b, "address", crash->address);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  out_value (&o);
  g_string_truncate (o.text, o.text->len - 1);

  build_threads (&o, snap, &m);
  build_scopes (&o, snap, &m);
  build_variables (&o, snap, &m);
  build_contexts (&o, snap);
  build_heap (&o, snap);
  if (ms_options.trace)
    build_trace (&o, snap);
  g_string_append_c (o.text, '}');
  manual_clear (&m);

  J->object_unref (o.gen);
  J->object_unref (o.b);
  *length = o.text->len;
  return g_string_free (o.text, FALSE);
}

/* ---- the summary ----------------------------------------------------------- */

static char *
context_path (const MsContext *c)
{
  GPtrArray *names = g_ptr_array_new ();
  GString *s = g_string_new (NULL);
  guint i;

  for (; c != NULL && c->site != NULL; c = c->parent)
    g_ptr_array_add (names, (gpointer) ms_scope_site_name (c->site));
  for (i = names->len; i > 0; i--)
    g_string_append_printf (s, "%s%s", i == names->len ? "" : " > ", (char *) names->pdata[i - 1]);
  g_ptr_array_free (names, TRUE);
  return g_string_free (s, FALSE);
}

static gint
site_by_peak (gconstpointer a, gconstpointer b)
{
  const MsScopeSite *x = *(MsScopeSite **) a, *y = *(MsScopeSite **) b;

  if (x->peak != y->peak)
    return x->peak < y->peak ? 1 : -1;
  if (x->entries != y->entries)
    return x->entries < y->entries ? 1 : -1;
  return x->id < y->id ? -1 : 1;
}

static gint
var_by_bytes (gconstpointer a, gconstpointer b)
{
  const MsVarSite *x = *(MsVarSite **) a, *y = *(MsVarSite **) b;
  guint64 xs = x->desc->size, ys = y->desc->size;

  if (xs != ys)
    return xs < ys ? 1 : -1;
  if (x->instances != y->instances)
    return x->instances < y->instances ? 1 : -1;
  return x->id < y->id ? -1 : 1;
}

char *
ms_report_summary (const MsSnapshot *snap, const char *program, int pid, const char *written_to,
                   guint top)
{
  GString *s = g_string_new (NULL);
  g_autoptr (GPtrArray) sites = g_ptr_array_new ();
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  guint64 entries = 0, regs = 0, peak = 0;
  const MsThreadRec *peak_thread = NULL;
  guint i;

  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      entries += t->scopes_entered;
      regs += t->variables_registered;
      if (peak_thread == NULL || t->stack_bytes_peak > peak)
        {
          peak = t->stack_bytes_peak;
          peak_thread = t;
        }
    }
  g_string_append_printf (s, "memscope: %s (pid %d): %u threads, %u scope sites, %u contexts, "
                          "%" G_GUINT64_FORMAT " scopes entered, %" G_GUINT64_FORMAT " variables registered\n",
                          program, pid, snap->threads->len, snap->scopes->len, snap->contexts->len,
                          entries, regs);
  if (peak_thread != NULL && peak_thread->peak_context != NULL)
    {
      g_autofree char *path = context_path (peak_thread->peak_context);
      g_string_append_printf (s, "memscope: stack peak %" G_GUINT64_FORMAT " bytes of tracked variables "
                              "(thread %" G_GUINT64_FORMAT ") in %s\n",
                              peak, peak_thread->id, path);
    }

  for (i = 0; i < snap->scopes->len; i++)
    g_ptr_array_add (sites, snap->scopes->pdata[i]);
  g_ptr_array_sort (sites, site_by_peak);
  g_string_append_printf (s, "memscope: top scopes by peak bytes\n");
  g_string_append_printf (s, "  %12s %12s  %s\n", "peak bytes", "entries", "scope");
  for (i = 0; i < sites->len && i < top; i++)
    {
      const MsScopeSite *site = sites->pdata[i];
      g_autofree char *where = g_strdup_printf ("%s:%u", site->desc->file ? site->desc->file : "?",
                                                site->desc->line);
      g_string_append_printf (s, "  %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "  %s%s%s  %s\n",
                              site->peak, site->entries, ms_scope_site_name (site),
                              site->desc->kind == MEMSCOPE_SCOPE_BLOCK ? " in " : "",
                              site->desc->kind == MEMSCOPE_SCOPE_BLOCK ? site->desc->function : "",
                              where);
    }

  for (i = 0; i < snap->vars->len; i++)
    {
      const MsVarSite *v = snap->vars->pdata[i];
      if (v->instances > 0)
        g_ptr_array_add (vars, (gpointer) v);
    }
  g_ptr_array_sort (vars, var_by_bytes);
  g_string_append_printf (s, "memscope: top variables by size\n");
  g_string_append_printf (s, "  %12s %12s  %s\n", "bytes", "instances", "variable");
  for (i = 0; i < vars->len && i < top; i++)
    {
      const MsVarSite *v = vars->pdata[i];
      g_string_append_printf (s, "  %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT "  %s %s in %s  %s:%u\n",
                              (guint64) v->desc->size, v->instances, v->desc->type, v->desc->name,
                              v->scope->desc->function, v->desc->file ? v->desc->file : "?", v->desc->line);
    }

  if (snap->heap_enabled)
    {
      guint64 allocs = 0, bytes = 0;
      guint shown = 0;

      for (i = 0; i < snap->threads->len; i++)
        {
          const MsThreadRec *t = snap->threads->pdata[i];
          allocs += t->heap_allocs;
          bytes += t->heap_alloc_bytes;
        }
      g_string_append_printf (s, "memscope: heap: %" G_GUINT64_FORMAT " allocations, %" G_GUINT64_FORMAT
                              " bytes; %" G_GUINT64_FORMAT " blocks leaked (live, nothing points to them)\n",
                              allocs, bytes, ms_report_leaked_blocks (snap));
      for (i = 0; snap->leaks && i < snap->leaks->len && shown < top; i++)
        {
          const MsLeak *l = &g_array_index (snap->leaks, MsLeak, i);
          g_autofree char *where = l->context ? context_path (l->context) : g_strdup ("(outside any scope)");

          if (l->inherited || l->reachable)
            continue;
          if (shown++ == 0)
            g_string_append_printf (s, "  %12s %8s  %s\n", "leaked bytes", "blocks", "allocated in (owner)");
          g_string_append_printf (s, "  %12" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT "  %s%s%s%s\n",
                                  l->bytes, l->blocks, where, l->variable ? " (" : "",
                                  l->variable ? l->variable->desc->name : "", l->variable ? ")" : "");
        }
    }

  g_string_append_printf (s, "memscope: threads\n");
  g_string_append_printf (s, "  %4s %8s %-16s %12s %12s %12s  %s\n", "id", "tid", "name", "scopes",
                          "variables", "stack peak", "state");
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      g_string_append_printf (s, "  %4" G_GUINT64_FORMAT " %8d %-16s %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT
                              " %12" G_GUINT64_FORMAT "  %s\n",
                              t->id, (int) t->tid, t->name[0] ? t->name : "-", t->scopes_entered,
                              t->variables_registered, t->stack_bytes_peak,
                              t->live ? "running" : "ended");
    }
  if (written_to != NULL)
    g_string_append_printf (s, "memscope: report written to %s\n", written_to);
  return g_string_free (s, FALSE);
}

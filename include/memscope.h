/* memscope.h: the public C API of libmemscope, the memscope metadata engine.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The engine keeps three registries: variables, scopes and threads.  Code
 * compiled with the memscope GCC plugin feeds the process-wide engine
 * (memscope_global()) automatically; programs may also register variables,
 * enter and exit scopes and record thread allocations by hand, either in the
 * global engine or in engines and registries of their own.  In the global
 * engine, both kinds of records share one id space per registry, the ids
 * of the report: a scope is a calling context (the report's `contexts`,
 * each of a site of `scopes`), a variable a variable site, a thread a
 * thread.  The records the
 * instrumentation makes are read through this API, never changed: exiting
 * their scopes, unregistering their variables or recording accesses and
 * allocations into them is refused.
 *
 * Conventions:
 *
 * - Ids are 64-bit and never reused within one registry; 0 means "none".
 * - Functions that return an info record return a heap-allocated deep copy:
 *   the caller owns it and frees it with the matching *_info_free() (or lets
 *   g_autoptr() do it).  Later changes to the registry do not show in a copy.
 * - Times are nanoseconds on CLOCK_MONOTONIC.
 * - Sizes are bytes.
 * - Every function may be called from any thread at any time; each registry
 *   serialises access with its own lock.
 * - Passing NULL where a registry or engine is expected is a programmer
 *   error: it emits a g_critical() and returns a neutral value (0, NULL or
 *   FALSE).  Failures that a correct program can meet at run time are
 *   reported through GError, in the MEMSCOPE_ERROR domain.
 */
#ifndef MEMSCOPE_H
#define MEMSCOPE_H

#include <glib.h>

#include "memscope-abi.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Ids                                                                      */
/* ------------------------------------------------------------------------ */

/**
 * MemscopeVariableId:
 *
 * Identifies a variable record within one #MemscopeVariableRegistry.  0 means
 * "no variable".
 */
typedef guint64 MemscopeVariableId;

/**
 * MemscopeScopeId:
 *
 * Identifies a scope within one #MemscopeScopeTracker.  0 means "no scope"
 * (for example the parent of a root scope).
 */
typedef guint64 MemscopeScopeId;

/**
 * MemscopeThreadId:
 *
 * Identifies a thread record within one #MemscopeThreadRegistry.  It is not
 * the operating system's thread id, which #MemscopeThreadInfo carries in
 * @thread_id_u64.  0 means "no thread".
 */
typedef guint64 MemscopeThreadId;

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * MEMSCOPE_ERROR:
 *
 * The error domain of libmemscope.  Errors in this domain carry a
 * #MemscopeError code.
 */
#define MEMSCOPE_ERROR (memscope_error_quark ())

/**
 * MemscopeError:
 * @MEMSCOPE_ERROR_FAILED: a failure with no more specific code.
 * @MEMSCOPE_ERROR_INVALID_ARGUMENT: an argument has a value the function
 *   cannot accept, such as an empty scope name.
 * @MEMSCOPE_ERROR_UNKNOWN_ID: no record has the given id in this registry.
 * @MEMSCOPE_ERROR_ALREADY_EXITED: the scope was exited before.
 * @MEMSCOPE_ERROR_NOT_INNERMOST: the scope is open but is not the calling
 *   thread's innermost open scope (it belongs to another thread, is an
 *   outer scope of the calling thread, or is tracked automatically).
 *
 * Error codes of the #MEMSCOPE_ERROR domain.  Codes are never renumbered;
 * new ones are added at the end.
 */
typedef enum
{
  MEMSCOPE_ERROR_FAILED,
  MEMSCOPE_ERROR_INVALID_ARGUMENT,
  MEMSCOPE_ERROR_UNKNOWN_ID,
  MEMSCOPE_ERROR_ALREADY_EXITED,
  MEMSCOPE_ERROR_NOT_INNERMOST,
} MemscopeError;

/**
 * memscope_error_quark:
 *
 * Returns: the #GQuark of the #MEMSCOPE_ERROR domain.
 */
MEMSCOPE_EXPORT GQuark memscope_error_quark (void);

/* ------------------------------------------------------------------------ */
/* Info records                                                             */
/* ------------------------------------------------------------------------ */

/**
 * MemscopeVariableInfo:
 * @variable_id: the variable's id.
 * @name: the variable's name (never NULL).
 * @type_name: its type, spelled as in C (never NULL; may be empty).
 * @ptr: its address.
 * @size: its size in bytes.
 * @scope_id: the scope it belongs to, or 0.
 * @thread_id: the thread that registered it, or 0.
 * @created_at: when it was registered.
 * @last_accessed: the latest registration or recorded access.
 * @access_count: registrations plus recorded accesses (1 right after
 *   memscope_variable_registry_register()).
 * @is_active: TRUE until the variable is unregistered.
 *
 * A copy of a variable record.  Free it with memscope_variable_info_free().
 */
typedef struct
{
  MemscopeVariableId variable_id;
  gchar *name;
  gchar *type_name;
  guintptr ptr;
  gsize size;
  MemscopeScopeId scope_id;
  MemscopeThreadId thread_id;
  guint64 created_at;
  guint64 last_accessed;
  guint64 access_count;
  gboolean is_active;
} MemscopeVariableInfo;

/**
 * MemscopeScopeInfo:
 * @scope_id: the scope's id.
 * @name: its name (never NULL).
 * @parent_scope: the enclosing scope, or 0 for a root scope.
 * @depth: 0 for a root scope, the parent's depth plus one otherwise.
 * @variables: (element-type MemscopeVariableId): the ids of the variables
 *   registered in this scope, oldest first, including unregistered ones until
 *   memscope_variable_registry_cleanup_inactive() removes them.  Never NULL.
 * @total_memory: bytes of the scope's live (registered, not unregistered)
 *   variables.
 * @peak_memory: the most bytes that were live at once in this scope and the
 *   scopes nested in it.
 * @allocation_count: how many variables were ever registered in this scope.
 * @lifetime_start: when the scope was entered.
 * @lifetime_end: when it was exited, 0 while it is open.
 * @is_active: TRUE while the scope is open.
 *
 * A copy of a scope record.  Free it with memscope_scope_info_free().
 */
typedef struct
{
  MemscopeScopeId scope_id;
  gchar *name;
  MemscopeScopeId parent_scope;
  guint depth;
  GArray *variables;
  gsize total_memory;
  gsize peak_memory;
  guint64 allocation_count;
  guint64 lifetime_start;
  guint64 lifetime_end;
  gboolean is_active;
} MemscopeScopeInfo;

/**
 * MemscopeThreadInfo:
 * @thread_id: the record's id.
 * @thread_id_u64: the operating system's thread id (gettid() on Linux).
 * @name: the thread's name, or NULL if it has none.
 * @created_at: when the thread was registered.
 * @total_allocations: how many allocations were recorded.
 * @total_deallocations: how many deallocations were recorded.
 * @current_memory: bytes allocated and not yet deallocated.
 * @peak_memory: the highest @current_memory ever reached.
 * @is_active: TRUE until the thread is unregistered.
 *
 * A copy of a thread record.  Free it with memscope_thread_info_free().
 */
typedef struct
{
  MemscopeThreadId thread_id;
  guint64 thread_id_u64;
  gchar *name;
  guint64 created_at;
  guint64 total_allocations;
  guint64 total_deallocations;
  gsize current_memory;
  gsize peak_memory;
  gboolean is_active;
} MemscopeThreadInfo;

/**
 * memscope_variable_info_copy:
 * @info: a variable record.
 *
 * Returns: (transfer full): a deep copy of @info.
 */
MEMSCOPE_EXPORT MemscopeVariableInfo *memscope_variable_info_copy (const MemscopeVariableInfo *info);

/**
 * memscope_variable_info_free:
 * @info: (nullable): a variable record, or NULL.
 *
 * Frees @info and the strings it holds.
 */
MEMSCOPE_EXPORT void memscope_variable_info_free (MemscopeVariableInfo *info);

/**
 * memscope_scope_info_copy:
 * @info: a scope record.
 *
 * Returns: (transfer full): a deep copy of @info, @variables included.
 */
MEMSCOPE_EXPORT MemscopeScopeInfo *memscope_scope_info_copy (const MemscopeScopeInfo *info);

/**
 * memscope_scope_info_free:
 * @info: (nullable): a scope record, or NULL.
 *
 * Frees @info, its name and its @variables array.
 */
MEMSCOPE_EXPORT void memscope_scope_info_free (MemscopeScopeInfo *info);

/**
 * memscope_thread_info_copy:
 * @info: a thread record.
 *
 * Returns: (transfer full): a deep copy of @info.
 */
MEMSCOPE_EXPORT MemscopeThreadInfo *memscope_thread_info_copy (const MemscopeThreadInfo *info);

/**
 * memscope_thread_info_free:
 * @info: (nullable): a thread record, or NULL.
 *
 * Frees @info and its name.
 */
MEMSCOPE_EXPORT void memscope_thread_info_free (MemscopeThreadInfo *info);

/* ------------------------------------------------------------------------ */
/* Registries and engine                                                    */
/* ------------------------------------------------------------------------ */

/**
 * MemscopeVariableRegistry:
 *
 * An opaque, thread-safe table of variable records.
 */
typedef struct _MemscopeVariableRegistry MemscopeVariableRegistry;

/**
 * MemscopeScopeTracker:
 *
 * An opaque, thread-safe table of scopes, with one stack of open scopes per
 * thread.
 */
typedef struct _MemscopeScopeTracker MemscopeScopeTracker;

/**
 * MemscopeThreadRegistry:
 *
 * An opaque, thread-safe table of thread records.
 */
typedef struct _MemscopeThreadRegistry MemscopeThreadRegistry;

/**
 * MemscopeMetadataEngine:
 *
 * An opaque engine that owns one registry of each kind.  Its variable
 * registry is connected to its scope tracker, so that variables registered
 * with a scope id count toward that scope's memory.
 */
typedef struct _MemscopeMetadataEngine MemscopeMetadataEngine;

/* Engine ----------------------------------------------------------------- */

/**
 * memscope_metadata_engine_new:
 *
 * Creates an engine with an empty variable registry, scope tracker and thread
 * registry, the variable registry connected to the scope tracker.
 *
 * Returns: (transfer full): a new engine; free it with
 *   memscope_metadata_engine_free().
 */
MEMSCOPE_EXPORT MemscopeMetadataEngine *memscope_metadata_engine_new (void);

/**
 * memscope_metadata_engine_free:
 * @engine: (nullable): an engine, or NULL.
 *
 * Frees @engine and its three registries.  No other thread may be using
 * them.  Never call this on memscope_global().
 */
MEMSCOPE_EXPORT void memscope_metadata_engine_free (MemscopeMetadataEngine *engine);

/**
 * memscope_metadata_engine_variables:
 * @engine: an engine.
 *
 * For memscope_global(), first brings the automatically tracked variables
 * up to date.
 *
 * Returns: (transfer none): the engine's variable registry, valid as long as
 *   @engine.
 */
MEMSCOPE_EXPORT MemscopeVariableRegistry *memscope_metadata_engine_variables (MemscopeMetadataEngine *engine);

/**
 * memscope_metadata_engine_scopes:
 * @engine: an engine.
 *
 * For memscope_global(), first brings the automatically tracked scopes up
 * to date.
 *
 * Returns: (transfer none): the engine's scope tracker, valid as long as
 *   @engine.
 */
MEMSCOPE_EXPORT MemscopeScopeTracker *memscope_metadata_engine_scopes (MemscopeMetadataEngine *engine);

/**
 * memscope_metadata_engine_threads:
 * @engine: an engine.
 *
 * For memscope_global(), first brings the automatically tracked threads up
 * to date.
 *
 * Returns: (transfer none): the engine's thread registry, valid as long as
 *   @engine.
 */
MEMSCOPE_EXPORT MemscopeThreadRegistry *memscope_metadata_engine_threads (MemscopeMetadataEngine *engine);

/**
 * memscope_global:
 *
 * The process-wide engine: code built with the memscope plugin feeds it, and
 * it is what the report written at exit (and by memscope_dump()) contains.
 * Manually registered variables and scopes in it appear in the report too.
 *
 * Returns: (transfer none): the global engine, created on first use and
 *   never freed.
 */
MEMSCOPE_EXPORT MemscopeMetadataEngine *memscope_global (void);

/**
 * memscope_dump:
 * @path: (nullable): where to write the report, or NULL for the path the
 *   `output` option of MEMSCOPE_OPTIONS gives.
 * @error: return location for a #GError, or NULL.
 *
 * Writes the global engine's report now, while the program runs.  The file is
 * written whole (a temporary file, then a rename) with mode 0600.  A @path
 * of "none" (or an `output=none` option when @path is NULL) writes nothing
 * and succeeds.
 *
 * Returns: TRUE on success; FALSE with @error set otherwise.
 */
MEMSCOPE_EXPORT gboolean memscope_dump (const char *path, GError **error);

/* Variables -------------------------------------------------------------- */

/**
 * memscope_variable_registry_new:
 *
 * Creates an empty variable registry that is not connected to any scope
 * tracker: the scope ids given to memscope_variable_registry_register() are
 * stored but counted nowhere.  See
 * memscope_variable_registry_new_with_scopes().
 *
 * Returns: (transfer full): a new registry; free it with
 *   memscope_variable_registry_free().
 */
MEMSCOPE_EXPORT MemscopeVariableRegistry *memscope_variable_registry_new (void);

/**
 * memscope_variable_registry_new_with_scopes:
 * @scopes: the scope tracker whose scopes the variables belong to.
 *
 * Creates an empty variable registry connected to @scopes: a variable
 * registered with the id of one of @scopes' scopes is listed in that scope's
 * @variables and counts toward its memory.  The variables are kept with
 * @scopes' records, so registries connected to one tracker share them (and
 * their ids).  @scopes must outlive the registry.
 *
 * Returns: (transfer full): a new registry; free it with
 *   memscope_variable_registry_free().
 */
MEMSCOPE_EXPORT MemscopeVariableRegistry *memscope_variable_registry_new_with_scopes (MemscopeScopeTracker *scopes);

/**
 * memscope_variable_registry_free:
 * @reg: (nullable): a registry, or NULL.
 *
 * Frees @reg and its records.  It does not touch the scope tracker it is
 * connected to.  No other thread may be using @reg.
 */
MEMSCOPE_EXPORT void memscope_variable_registry_free (MemscopeVariableRegistry *reg);

/**
 * memscope_variable_registry_register:
 * @reg: a registry.
 * @name: the variable's name.
 * @type_name: (nullable): its type, spelled as in C; NULL is stored as "".
 * @ptr: its address.
 * @size: its size in bytes.
 * @scope_id: the scope it belongs to, or 0.
 * @thread_id: the thread that owns it, or 0.
 *
 * Registers an active variable.  If @reg is connected to a scope tracker that
 * knows @scope_id, the variable is appended to that scope's @variables, its
 * @size is added to the scope's @total_memory and @allocation_count grows by
 * one; the bytes also count as live in every enclosing scope, whose
 * @peak_memory is raised as needed.  An unknown @scope_id is stored as given
 * and counted nowhere.
 *
 * Returns: the new variable's id (never 0).
 */
MEMSCOPE_EXPORT MemscopeVariableId memscope_variable_registry_register (MemscopeVariableRegistry *reg,
                                                                        const char *name,
                                                                        const char *type_name,
                                                                        guintptr ptr,
                                                                        gsize size,
                                                                        MemscopeScopeId scope_id,
                                                                        MemscopeThreadId thread_id);

/**
 * memscope_variable_registry_get:
 * @reg: a registry.
 * @id: a variable id.
 *
 * Returns: (transfer full) (nullable): a copy of the variable's record, or
 *   NULL if @reg has no variable @id.  Free it with
 *   memscope_variable_info_free().
 */
MEMSCOPE_EXPORT MemscopeVariableInfo *memscope_variable_registry_get (MemscopeVariableRegistry *reg,
                                                                     MemscopeVariableId id);

/**
 * memscope_variable_registry_record_access:
 * @reg: a registry.
 * @id: a variable id.
 *
 * Records an access to a variable: its @access_count grows by one and
 * @last_accessed becomes now.  Accesses to unregistered variables are
 * recorded too.
 *
 * Returns: TRUE, or FALSE if @reg has no variable @id or the
 *   instrumentation tracks it (its @access_count counts its instances).
 */
MEMSCOPE_EXPORT gboolean memscope_variable_registry_record_access (MemscopeVariableRegistry *reg,
                                                                   MemscopeVariableId id);

/**
 * memscope_variable_registry_unregister:
 * @reg: a registry.
 * @id: a variable id.
 *
 * Marks a variable inactive; the record stays until
 * memscope_variable_registry_cleanup_inactive().  Its bytes no longer count
 * in its scope's @total_memory nor as live in the enclosing scopes (peaks are
 * kept).
 *
 * Returns: TRUE if the variable was active; FALSE if @reg has no variable @id,
 *   it was unregistered already, or the instrumentation tracks it.
 */
MEMSCOPE_EXPORT gboolean memscope_variable_registry_unregister (MemscopeVariableRegistry *reg,
                                                                MemscopeVariableId id);

/**
 * memscope_variable_registry_cleanup_inactive:
 * @reg: a registry.
 *
 * Removes the records of all inactive variables registered by hand, and
 * their ids from the @variables of their scopes.
 *
 * Returns: how many records were removed.
 */
MEMSCOPE_EXPORT guint memscope_variable_registry_cleanup_inactive (MemscopeVariableRegistry *reg);

/**
 * memscope_variable_registry_list:
 * @reg: a registry.
 *
 * Returns: (transfer full) (element-type MemscopeVariableInfo): copies of all
 *   of @reg's records, sorted by id.  The array frees its elements; release
 *   it with g_ptr_array_unref().
 */
MEMSCOPE_EXPORT GPtrArray *memscope_variable_registry_list (MemscopeVariableRegistry *reg);

/* Scopes ----------------------------------------------------------------- */

/**
 * memscope_scope_tracker_new:
 *
 * Creates an empty scope tracker.
 *
 * Returns: (transfer full): a new tracker; free it with
 *   memscope_scope_tracker_free().
 */
MEMSCOPE_EXPORT MemscopeScopeTracker *memscope_scope_tracker_new (void);

/**
 * memscope_scope_tracker_free:
 * @tracker: (nullable): a tracker, or NULL.
 *
 * Frees @tracker and its scopes, open or not.  No other thread may be using
 * it, and variable registries connected to it must be freed first.
 */
MEMSCOPE_EXPORT void memscope_scope_tracker_free (MemscopeScopeTracker *tracker);

/**
 * memscope_scope_tracker_enter:
 * @tracker: a tracker.
 * @name: the scope's name; neither NULL nor empty.
 * @error: return location for a #GError, or NULL.
 *
 * Opens a new scope on the calling thread.  Its parent is the calling
 * thread's innermost open scope in @tracker (0 if it has none), and it
 * becomes the calling thread's innermost scope.  Each thread has its own
 * stack of open scopes: another thread's scopes are never parents.
 *
 * Errors: %MEMSCOPE_ERROR_INVALID_ARGUMENT if @name is NULL or empty.
 *
 * Returns: the new scope's id, or 0 with @error set.
 */
MEMSCOPE_EXPORT MemscopeScopeId memscope_scope_tracker_enter (MemscopeScopeTracker *tracker,
                                                              const char *name,
                                                              GError **error);

/**
 * memscope_scope_tracker_exit:
 * @tracker: a tracker.
 * @id: the scope to exit.
 * @error: return location for a #GError, or NULL.
 *
 * Closes the calling thread's innermost open scope, which must be @id: its
 * @lifetime_end becomes now and it becomes inactive.  The variables
 * registered in it are not unregistered.  On error nothing changes.
 *
 * Errors: %MEMSCOPE_ERROR_UNKNOWN_ID if @tracker has no scope @id;
 * %MEMSCOPE_ERROR_ALREADY_EXITED if @id was exited before;
 * %MEMSCOPE_ERROR_NOT_INNERMOST if @id is open but is not the calling
 * thread's innermost open scope (a scope the instrumentation tracks never
 * is: it is on no thread's stack of scopes entered by hand).
 *
 * Returns: TRUE on success; FALSE with @error set otherwise.
 */
MEMSCOPE_EXPORT gboolean memscope_scope_tracker_exit (MemscopeScopeTracker *tracker,
                                                      MemscopeScopeId id,
                                                      GError **error);

/**
 * memscope_scope_tracker_get:
 * @tracker: a tracker.
 * @id: a scope id.
 *
 * Returns: (transfer full) (nullable): a copy of the scope's record, or NULL
 *   if @tracker has no scope @id.  Free it with memscope_scope_info_free().
 */
MEMSCOPE_EXPORT MemscopeScopeInfo *memscope_scope_tracker_get (MemscopeScopeTracker *tracker,
                                                              MemscopeScopeId id);

/**
 * memscope_scope_tracker_hierarchy:
 * @tracker: a tracker.
 *
 * Builds the scope tree as it is now, open and exited scopes alike.  The root
 * node has NULL data; its children are the root scopes (parent 0, or a parent
 * @tracker does not know), and each scope's children are the scopes whose
 * parent it is.  Siblings are sorted by id.  Every other node's data is a
 * #MemscopeScopeInfo copy owned by the tree.
 *
 * Returns: (transfer full): the root node.  Free the whole tree, data
 *   included, with memscope_scope_hierarchy_free().
 */
MEMSCOPE_EXPORT GNode *memscope_scope_tracker_hierarchy (MemscopeScopeTracker *tracker);

/**
 * memscope_scope_hierarchy_free:
 * @root: (nullable): a tree returned by memscope_scope_tracker_hierarchy(),
 *   or NULL.
 *
 * Frees every #MemscopeScopeInfo in the tree, then the tree itself.
 */
MEMSCOPE_EXPORT void memscope_scope_hierarchy_free (GNode *root);

/**
 * memscope_scope_tracker_list:
 * @tracker: a tracker.
 *
 * Returns: (transfer full) (element-type MemscopeScopeInfo): copies of all of
 *   @tracker's scopes, sorted by id.  The array frees its elements; release it
 *   with g_ptr_array_unref().
 */
MEMSCOPE_EXPORT GPtrArray *memscope_scope_tracker_list (MemscopeScopeTracker *tracker);

/* Threads ---------------------------------------------------------------- */

/**
 * memscope_thread_registry_new:
 *
 * Creates an empty thread registry.
 *
 * Returns: (transfer full): a new registry; free it with
 *   memscope_thread_registry_free().
 */
MEMSCOPE_EXPORT MemscopeThreadRegistry *memscope_thread_registry_new (void);

/**
 * memscope_thread_registry_free:
 * @reg: (nullable): a registry, or NULL.
 *
 * Frees @reg and its records.  No other thread may be using it.
 */
MEMSCOPE_EXPORT void memscope_thread_registry_free (MemscopeThreadRegistry *reg);

/**
 * memscope_thread_registry_register:
 * @reg: a registry.
 * @os_thread_id: the operating system's id of the thread (gettid()).
 * @name: (nullable): the thread's name, or NULL.
 *
 * Adds an active thread record.  From then on memscope_thread_registry_current()
 * called on the thread whose id is @os_thread_id returns this record's id.
 *
 * Returns: the new record's id (never 0).
 */
MEMSCOPE_EXPORT MemscopeThreadId memscope_thread_registry_register (MemscopeThreadRegistry *reg,
                                                                    guint64 os_thread_id,
                                                                    const char *name);

/**
 * memscope_thread_registry_record_allocation:
 * @reg: a registry.
 * @id: a thread id.
 * @size: bytes allocated.
 *
 * Counts an allocation of @size bytes: @total_allocations grows by one,
 * @current_memory by @size, and @peak_memory follows.
 *
 * Returns: TRUE, or FALSE if @reg has no thread @id or the instrumentation
 *   tracks it (it counts the thread's heap already).
 */
MEMSCOPE_EXPORT gboolean memscope_thread_registry_record_allocation (MemscopeThreadRegistry *reg,
                                                                     MemscopeThreadId id,
                                                                     gsize size);

/**
 * memscope_thread_registry_record_deallocation:
 * @reg: a registry.
 * @id: a thread id.
 * @size: bytes freed.
 *
 * Counts a deallocation of @size bytes: @total_deallocations grows by one and
 * @current_memory shrinks by @size, stopping at 0 (memory may be freed by
 * another thread than the one that allocated it).
 *
 * Returns: TRUE, or FALSE if @reg has no thread @id or the instrumentation
 *   tracks it.
 */
MEMSCOPE_EXPORT gboolean memscope_thread_registry_record_deallocation (MemscopeThreadRegistry *reg,
                                                                       MemscopeThreadId id,
                                                                       gsize size);

/**
 * memscope_thread_registry_get:
 * @reg: a registry.
 * @id: a thread id.
 *
 * Returns: (transfer full) (nullable): a copy of the thread's record, or NULL
 *   if @reg has no thread @id.  Free it with memscope_thread_info_free().
 */
MEMSCOPE_EXPORT MemscopeThreadInfo *memscope_thread_registry_get (MemscopeThreadRegistry *reg,
                                                                 MemscopeThreadId id);

/**
 * memscope_thread_registry_current:
 * @reg: a registry.
 *
 * Finds the calling thread's record by its operating system id, registering
 * it (named from pthread_getname_np(), NULL if unnamed) on first use.  In
 * memscope_global(), the calling thread's record is the one the
 * instrumentation keeps of it, made now if it ran no instrumented code yet.
 *
 * Returns: the calling thread's id (never 0).
 */
MEMSCOPE_EXPORT MemscopeThreadId memscope_thread_registry_current (MemscopeThreadRegistry *reg);

/**
 * memscope_thread_registry_unregister:
 * @reg: a registry.
 * @id: a thread id.
 *
 * Marks a thread inactive, typically when it ends.  The record stays, but
 * memscope_thread_registry_current() no longer maps the thread's operating
 * system id to it: the kernel reuses the ids of threads that ended.
 *
 * Returns: TRUE if the thread was active; FALSE if @reg has no thread @id,
 *   it was unregistered already, or the instrumentation tracks it (it ends
 *   with the thread).
 */
MEMSCOPE_EXPORT gboolean memscope_thread_registry_unregister (MemscopeThreadRegistry *reg,
                                                              MemscopeThreadId id);

/**
 * memscope_thread_registry_list:
 * @reg: a registry.
 *
 * Returns: (transfer full) (element-type MemscopeThreadInfo): copies of all of
 *   @reg's records, sorted by id.  The array frees its elements; release it
 *   with g_ptr_array_unref().
 */
MEMSCOPE_EXPORT GPtrArray *memscope_thread_registry_list (MemscopeThreadRegistry *reg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeVariableInfo, memscope_variable_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeScopeInfo, memscope_scope_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeThreadInfo, memscope_thread_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeVariableRegistry, memscope_variable_registry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeScopeTracker, memscope_scope_tracker_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeThreadRegistry, memscope_thread_registry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemscopeMetadataEngine, memscope_metadata_engine_free)

G_END_DECLS

#endif /* MEMSCOPE_H */

/* registry-private.h: what the rest of libmemscope needs from the registries
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The hot path collects automatically tracked data in its own thread-local
 * structures and publishes it into the global engine only when somebody
 * looks: the engine's refresh hook runs at the start of
 * memscope_metadata_engine_variables()/scopes()/threads(), and it "puts"
 * whole records, with ids reserved from the same counters the public
 * register/enter functions use, so ids never collide.
 *
 * Records that were put are "automatic"; all others are "manual".  A put
 * record is stored as given: it is never counted into scope memory (the
 * caller computed its totals), and put scopes never join the per-thread
 * stacks of open scopes that memscope_scope_tracker_enter()/exit() use.
 * A put replaces any record with the same id, manual or automatic, wholesale;
 * a manual variable replaced this way leaves its scope's total_memory and
 * variables list.
 *
 * None of this is exported: the library builds with -fvisibility=hidden.
 */
#ifndef MEMSCOPE_REGISTRY_PRIVATE_H
#define MEMSCOPE_REGISTRY_PRIVATE_H

#include "memscope.h"

G_BEGIN_DECLS

/* The runtime never tracks its own allocations: every public entry point
 * of the registries starts with MS_RUNTIME_SCOPE, which holds the calling
 * thread's recursion guard until the function returns. */
/* Weak: a test that compiles registry.c on its own has no guard, and needs
 * none. */
G_GNUC_INTERNAL void _memscope_guard_enter (void) __attribute__ ((weak));
G_GNUC_INTERNAL void _memscope_guard_leave (int *taken) __attribute__ ((weak));
static inline void
_memscope_guard_release (int *taken)
{
  if (*taken)
    _memscope_guard_leave (taken);
}
#define MS_RUNTIME_SCOPE                                                             \
  int _ms_guard __attribute__ ((cleanup (_memscope_guard_release), unused))          \
    = _memscope_guard_enter ? (_memscope_guard_enter (), 1) : 0

/* Nanoseconds on CLOCK_MONOTONIC, the clock of every timestamp. */
G_GNUC_INTERNAL guint64 _memscope_monotonic_ns (void);

/* The engine calls @refresh (outside every registry lock) at the start of
 * memscope_metadata_engine_variables(), _scopes() and _threads().  The hook
 * may call those accessors to reach the registries: calls nested in a
 * refresh on the same thread do not refresh again.  Refreshes on different
 * threads may run concurrently.  NULL removes the hook. */
typedef void (*MemscopeRefreshFunc) (MemscopeMetadataEngine *engine, gpointer data);
G_GNUC_INTERNAL void _memscope_metadata_engine_set_refresh (MemscopeMetadataEngine *engine,
                                                           void (*refresh) (MemscopeMetadataEngine *engine,
                                                                            gpointer data),
                                                           gpointer data);

/* Each registry, three times over:
 *
 * _reserve_id: the next id, never 0, from the counter register()/enter()
 * use.  No record exists until it is put.
 *
 * _put: inserts or replaces the record info->X_id (which must be non-zero)
 * with a deep copy of @info, marked automatic.
 *
 * _snapshot: deep copies sorted by id, the array's free function set.  With
 * @include_automatic FALSE only the manual records are returned. */

G_GNUC_INTERNAL MemscopeVariableId _memscope_variable_registry_reserve_id (MemscopeVariableRegistry *reg);
G_GNUC_INTERNAL void _memscope_variable_registry_put (MemscopeVariableRegistry *reg,
                                                     const MemscopeVariableInfo *info);
G_GNUC_INTERNAL GPtrArray *_memscope_variable_registry_snapshot (MemscopeVariableRegistry *reg,
                                                                gboolean include_automatic);

G_GNUC_INTERNAL MemscopeScopeId _memscope_scope_tracker_reserve_id (MemscopeScopeTracker *tracker);
G_GNUC_INTERNAL void _memscope_scope_tracker_put (MemscopeScopeTracker *tracker,
                                                 const MemscopeScopeInfo *info);
G_GNUC_INTERNAL GPtrArray *_memscope_scope_tracker_snapshot (MemscopeScopeTracker *tracker,
                                                            gboolean include_automatic);

/* A put thread record maps its thread_id_u64 to its id while it is active,
 * so memscope_thread_registry_current() on that thread finds it instead of
 * registering a duplicate; putting it with is_active FALSE drops the
 * mapping. */
G_GNUC_INTERNAL MemscopeThreadId _memscope_thread_registry_reserve_id (MemscopeThreadRegistry *reg);
G_GNUC_INTERNAL void _memscope_thread_registry_put (MemscopeThreadRegistry *reg,
                                                   const MemscopeThreadInfo *info);
G_GNUC_INTERNAL GPtrArray *_memscope_thread_registry_snapshot (MemscopeThreadRegistry *reg,
                                                              gboolean include_automatic);

/* The id of the active record of OS thread @os_thread_id, 0 if none.  Lets
 * the hot path reuse a record that memscope_thread_registry_current() or
 * memscope_thread_registry_register() made before it saw the thread. */
G_GNUC_INTERNAL MemscopeThreadId _memscope_thread_registry_lookup_tid (MemscopeThreadRegistry *reg,
                                                                      guint64 os_thread_id);

G_END_DECLS

#endif /* MEMSCOPE_REGISTRY_PRIVATE_H */

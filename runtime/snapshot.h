/* snapshot.h: the registry of sites, contexts, variables and threads, the
 * one data model of the runtime (snapshot.c).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two writers feed a registry.  The hot path's per-thread data is merged
 * into it when a report is taken (snapshot.c); the C API of memscope.h
 * adds records by hand (registry.c), marked by their `manual` member: a
 * scope entered by hand is a site of its own with one context, a
 * variable registered by hand a variable site with one instance, a thread
 * registered by hand a thread record that no thread runs.  The report and
 * the C API's queries read the same records, by the same ids.
 *
 * Everything here is touched only on cold paths: a thread's first event, a
 * thread's end, a snapshot and the C API.  The registry the
 * instrumentation feeds lives under ms_registry_lock; the C API may make
 * others (memscope_metadata_engine_new() and the like), each under its own
 * lock.  Sites, contexts and threads are never freed while their registry
 * lives, so ids stay stable from one snapshot to the next; only variables
 * registered by hand are, by memscope_variable_registry_cleanup_inactive().
 */
#ifndef MEMSCOPE_SNAPSHOT_H
#define MEMSCOPE_SNAPSHOT_H

#include <glib.h>

#include "hotpath.h"

typedef struct MsScopeSite MsScopeSite;
typedef struct MsVarSite MsVarSite;
typedef struct MsContext MsContext;

/* What only records made by hand have (registry.c). */
typedef struct
{
  __memscope_scope_desc desc;              /* its site's descriptor: name, lexical depth */
  GArray *vars;                            /* guint64 ids of the variables registered in it,
                                            * oldest first, until cleaned up */
  guint64 subtree_live;                    /* bytes live in it and in the scopes within it */
  guint64 registered;                      /* variables ever registered in it */
} MsManualScope;

typedef struct
{
  __memscope_var_desc desc;                /* name, type, size */
  guint64 scope_id;                        /* as given */
  guint64 thread_id;                       /* as given */
  guint64 access_count;                    /* registration and recorded accesses */
  MsContext *counted_in;                   /* the scope made by hand its bytes count in */
} MsManualVar;

typedef struct
{
  char *name;                              /* NULL: none */
  guint64 tid;                             /* as given */
} MsManualThread;

struct MsScopeSite
{
  guint64 id;                              /* 1-based, in order of discovery */
  const __memscope_scope_desc *desc;
  MsScopeSite *parent;                     /* lexical parent site */
  MsVarSite **vars;                        /* desc->nvars entries */
  /* filled by a snapshot */
  guint64 entries;
  guint64 peak;
  guint64 frame_bytes;                     /* bytes of its fixed-size variables */
  guint active;
  guint64 heap_allocs;
  guint64 heap_bytes;
  guint64 heap_live;
  guint64 heap_peak;
  gboolean inlined;                        /* an instance is an inlined body */
  guint64 stack_frame;                     /* functions: the largest distance seen between
                                            * the stack pointer at an entry and at the
                                            * entry of a function it called */
  MsContext *first_context;                /* its oldest context */
  MsManualScope *manual;                   /* entered by hand: its one context is
                                            * first_context; NULL for a plugin site */
};

struct MsVarSite
{
  guint64 id;
  const __memscope_var_desc *desc;
  MsScopeSite *scope;
  gint64 first_seen;                       /* first snapshot or merge that saw an instance */
  gint64 last_seen;
  /* from threads that have ended */
  guint64 fin_instances;
  const void *fin_last_addr;
  /* filled by a snapshot */
  guint64 instances;
  guint64 live;
  const void *last_addr;
  guint64 fin_heap_blocks;
  guint64 fin_heap_bytes;
  guint64 heap_blocks;                     /* blocks ever tied to it */
  guint64 heap_bytes;
  guint64 heap_owned_blocks;               /* live now */
  guint64 heap_owned_bytes;
  guint64 max_size;                        /* the largest run-time instance (VLA, alloca) */
  guint32 storage_flags;                   /* its descriptors' flags: the site's own, or,
                                            * once an instance ran, those of the instances
                                            * that ran (storage bits or'ed) */
  gboolean counted_somewhere;              /* an instance that ran counts it */
  gboolean ran;                            /* storage_flags come from instances that ran */
  MsManualVar *manual;                     /* registered by hand: instances is 1, live 1
                                            * until unregistered, last_addr its address,
                                            * first_seen and last_seen its registration
                                            * and latest access; scope may be NULL */
};

/* Whether the plugin counts the variable through its scope's counted_bytes:
 * one instance per entry of the scope, nothing registered at run time. */
static inline gboolean
ms_var_counted_statically (const __memscope_var_desc *d)
{
  return (d->flags & MEMSCOPE_VAR_IN_FRAME)
         && !(d->flags & (MEMSCOPE_VAR_NOADDR | MEMSCOPE_VAR_VLA | MEMSCOPE_VAR_ALLOCA));
}

struct MsContext
{
  guint64 id;                              /* 1-based; the root has 0 */
  MsScopeSite *site;                       /* NULL for the root */
  MsContext *parent;
  MsContext *first_child;
  MsContext *next_sibling;
  gint64 first_seen;
  gint64 last_seen_closed;
  guint64 seen_entries;                    /* entries at the previous snapshot */
  /* from threads that have ended */
  GArray *fin_threads;                     /* guint64 thread ids */
  guint64 fin_entries;
  guint64 fin_direct;
  guint64 fin_peak;
  guint64 fin_sub_peak;
  gboolean fin_folded;
  /* what its instances are made of (never reset) */
  guint64 counted;                         /* its scope's counted_bytes */
  GPtrArray *folds;                        /* ancestors its instances enter by a folded
                                            * recursion (MsContext *), or NULL */
  /* filled by a snapshot */
  GArray *threads;                         /* guint64 ids of the threads that entered it */
  guint64 entries;
  guint64 direct;
  guint64 peak;
  guint64 sub_peak;                        /* the most a measured instance entered from
                                            * one of its instances had (hotpath.h) */
  gboolean folded;
  guint active;
  guint64 heap_allocs;
  guint64 heap_bytes;
  guint64 heap_live;
  guint64 heap_peak;
  /* real stack, the largest over threads (never reset: only ever grows) */
  guint64 stack_used_peak;                 /* from its entry to the deepest entry below it */
  guint64 stack_depth;                     /* from the thread's stack top to its entry */
};

typedef struct
{
  MsContext *context;                      /* NULL: outside every scope */
  MsVarSite *variable;                     /* NULL: no owning variable */
  guint64 bytes;
  guint64 blocks;
  gboolean inherited;                      /* allocated before a fork, in the parent */
  gboolean reachable;                      /* still pointed to from globals, stacks or TLS */
  gboolean suppressed;                     /* leaked, but a suppression matched (leaks.c) */
  const __memscope_call_site *site;        /* the allocator call, NULL: not known (heap.c) */
} MsLeak;

/* Heap allocations of one context at one allocator call (heap.c). */
typedef struct
{
  MsContext *context;                      /* NULL: outside every scope */
  const __memscope_call_site *site;        /* NULL: a call not in instrumented code */
  guint64 allocs;
  guint64 bytes;
  guint64 live_blocks;
  guint64 live_bytes;
} MsSiteStat;

struct MsThreadRec
{
  guint64 id;
  pid_t tid;
  char name[16];
  gint64 created_at;
  gint64 ended_at;                         /* 0 while running */
  MsThread *live;                          /* while the thread runs */
  gboolean inherited;                      /* ran in the parent before a fork */
  /* final for ended threads, filled by a snapshot for running ones */
  guint64 scopes_entered;
  guint64 variables_registered;
  guint64 stack_bytes_peak;
  MsContext *peak_context;
  guint64 open_frames;
  guint64 unmatched_exits;
  guint64 lost_events;
  guint64 contexts;
  GPtrArray *node_contexts;                /* node index -> MsContext (snapshot.c), while it runs */
  /* heap statistics, kept up to date by heap.c: the owner thread alone
   * writes the plain fields; frees from other threads use the atomic ones */
  guint64 heap_allocs;
  guint64 heap_alloc_bytes;
  guint64 heap_frees_local;
  guint64 heap_freed_local;
  guint64 heap_frees_remote;               /* atomic */
  guint64 heap_freed_remote;               /* atomic */
  guint64 heap_peak;
  guintptr stack_lo, stack_hi;             /* the thread's stack (pthread attributes), 0, 0: unknown */
  guint64 stack_used_peak;                 /* from stack_hi to its deepest entry */
  MsContext *stack_used_peak_context;      /* the context entered there */
  guint64 stack_off_entries;               /* entries off its own stack */
  GArray *trace;                           /* trace=1: guint64 triples (time, context id | exit bit 63,
                                            * an exit's own bytes) */
  guint64 trace_dropped;
  gpointer heap_blocks;                    /* live blocks it allocated (heap.c) */
  MsManualThread *manual;                  /* registered by hand: active until ended_at,
                                            * its heap figures recorded by hand */
  struct MsSeries *heap_series;            /* its heap over time (heap.c), NULL before its
                                            * first allocation */
};

/* One point of a thread's heap over time. */
typedef struct
{
  guint64 t_ns;                            /* CLOCK_MONOTONIC */
  guint64 heap;                            /* heap bytes of the thread's blocks live */
  guint64 stack;                           /* bytes of its tracked variables live */
} MsSample;

/* A thread's heap over time (heap.c): a sample each time its live heap
 * bytes moved by 1% of their peak or more, and the contexts that held
 * its heap at its peak.  Written by the thread alone; bounded: when full,
 * every other sample goes. */
typedef struct MsSeries
{
  guint64 hi;                              /* a sample when the live bytes reach hi... */
  guint64 lo1;                             /* ...or fall below lo1 */
  guint32 len;
  guint32 cap;
  guint64 culled;                          /* samples dropped to stay within cap */
  gint64 peak_at;                          /* when the contexts below were taken */
  guint64 peak_bytes;                      /* the live bytes then, within 1% of the peak */
  guint64 peak_next;                       /* take them again at this many bytes */
  gpointer stats;                          /* the thread's statistics, chained (heap.c) */
  MsSample samples[];
} MsSeries;

/* The heap a context of a thread held at the thread's heap peak. */
typedef struct
{
  MsThreadRec *thread;
  MsContext *context;                      /* NULL: outside every scope */
  guint64 bytes;
  guint64 blocks;
} MsPeakStat;


static inline gboolean
ms_rec_active (const MsThreadRec *rec)
{
  return rec->manual ? rec->ended_at == 0 : rec->live != NULL;
}

static inline const char *
ms_rec_name (const MsThreadRec *rec)
{
  return rec->manual ? rec->manual->name : rec->name[0] ? rec->name : NULL;
}

static inline guint64
ms_rec_tid (const MsThreadRec *rec)
{
  return rec->manual ? rec->manual->tid : (guint64) rec->tid;
}

static inline guint64
ms_rec_deallocs (const MsThreadRec *rec)
{
  return rec->heap_frees_local + __atomic_load_n (&rec->heap_frees_remote, __ATOMIC_RELAXED);
}

static inline guint64
ms_rec_current (const MsThreadRec *rec)
{
  guint64 freed = rec->heap_freed_local + __atomic_load_n (&rec->heap_freed_remote, __ATOMIC_RELAXED);
  return rec->heap_alloc_bytes > freed ? rec->heap_alloc_bytes - freed : 0;
}

/* Heap statistics of one context of one thread.  Never freed: blocks
 * outlive their threads.  Same writing rules as in MsThreadRec. */
struct MsHeapStats
{
  MsHeapStats *next;                       /* in the list of all of them */
  MsNode *node;                            /* while the thread runs */
  MsContext *ctx;                          /* once the thread has ended */
  MsThreadRec *rec;
  guint64 allocs;
  guint64 bytes;
  guint64 frees_local;
  guint64 freed_local;
  guint64 peak;
  guint64 frees_remote;                    /* atomic */
  guint64 freed_remote;                    /* atomic */
};

/* A registry.  Its lists are in id order; ids are 1..n but for variables,
 * which cleaning up may leave sparse. */
typedef struct
{
  GMutex lock;
  GPtrArray *threads;                      /* MsThreadRec*, by id */
  GPtrArray *scopes;                       /* MsScopeSite*, by id */
  GPtrArray *vars;                         /* MsVarSite*, in id order */
  GPtrArray *contexts;                     /* MsContext*, by id (root excluded) */
  MsContext *root;
  guint64 last_var_id;
  GHashTable *stacks;                      /* registry.c: per thread, its open scopes
                                            * entered by hand */
  gint64 taken_at;
  GArray *leaks;                           /* MsLeak, largest first: live heap blocks */
  GArray *sites;                           /* MsSiteStat, most bytes first (heap.c) */
  GArray *peaks;                           /* MsPeakStat, by thread, most bytes first (heap.c) */
  guint64 outside_allocs;                  /* heap allocations outside every scope */
  guint64 outside_bytes;
  guint64 outside_live;
  guint64 outside_peak;
  gboolean heap_enabled;
} MsSnapshot;

/* The lock of the registry the instrumentation feeds, which also holds the
 * calling thread's recursion guard. */
void ms_registry_lock (void);
void ms_registry_unlock (void);

/* An empty registry (its lists and the root context). */
void ms_registry_init (MsSnapshot *reg);

/* Fills in the snapshot fields of every record of the registry the
 * instrumentation feeds from the running threads; records made by hand are
 * left as they are.  The lock must be held; the returned view is valid
 * until it is released. */
const MsSnapshot *ms_snapshot_take (void);

/* At most how many contexts ms_snapshot_take would find now: those
 * already merged and every running thread's nodes.  The lock must be
 * held. */
guint64 ms_snapshot_contexts_bound (void);

/* The registry the instrumentation feeds without taking its lock (fork
 * handlers); NULL before it was first used. */
MsSnapshot *ms_snapshot_peek (void);

/* The same, set up if it was not. */
MsSnapshot *ms_registry_global (void);

/* The thread's registry record, from its first instrumented event to its
 * end (called by the hot path); a child after fork marks the threads that
 * did not come along ended. */
void ms_thread_attach (MsThread *t);
void ms_thread_detach (MsThread *t);
void ms_after_fork_child (MsThread *self);

/* In a copy of a crashed process, where only the crashing thread goes on:
 * every lock another thread held is released. */
void ms_after_crash_child (void);

/* Used by heap.c while the registry lock is held. */
MsVarSite *ms_var_site_lookup (const __memscope_var_desc *desc);

/* Under the registry lock: the context a node of the thread of @rec merged
 * into at its last snapshot, NULL for a node made since (or none). */
MsContext *ms_node_context (const MsThreadRec *rec, const MsNode *n);

/* The name of a scope site: the function for a function scope,
 * "{block@LINE}" for a block.  Returns a static or interned string. */
const char *ms_scope_site_name (const MsScopeSite *site);

#endif /* MEMSCOPE_SNAPSHOT_H */

/* hotpath.h: per-thread state behind the instrumentation entry points.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each thread owns, in memory it mapped itself (never malloc: the hot path
 * must be async-signal-safe and must not see the program's heap):
 *   - a stack of frames, one per open scope instance;
 *   - a stack of live variable instances;
 *   - its calling-context tree: one MsNode per distinct chain of scope
 *     sites from the thread's outermost scope, recursion folded onto the
 *     first occurrence of a site in the chain.
 * The steady state touches only these.  Names are never looked at before a
 * report is taken (snapshot.c).
 */
#ifndef MEMSCOPE_HOTPATH_H
#define MEMSCOPE_HOTPATH_H

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

#include "memscope-abi.h"
#include "descriptor.h"
#include "hotpath-layout.h"

typedef struct MsNode MsNode;
typedef struct MsFrame MsFrame;
typedef struct MsVarSlot MsVarSlot;
typedef struct MsVarStat MsVarStat;
typedef struct MsThread MsThread;
typedef struct MsChunk MsChunk;
typedef struct MsLookup MsLookup;
typedef struct MsFold MsFold;

/* The per-thread cache behind a node's one-entry cache: a loop whose body
 * enters several scopes in turn misses the node's cache every time. */
struct MsLookup
{
  const MsNode *parent;
  const __memscope_scope_desc *desc;
  MsNode *child;
};
#define MS_LOOKUP_SIZE (1 << MS_LOOKUP_BITS)
typedef struct MsHeapStats MsHeapStats;
typedef struct MsThreadRec MsThreadRec;

struct MsChunk
{
  MsChunk *prev;
  gsize bytes;
};

/* A recursion folded onto an ancestor: the node whose instances enter
 * target, one of its ancestors (child_find). */
struct MsFold
{
  MsNode *target;
  MsFold *next;
};

/* Per context and per variable of its scope site. */
/* As large as a variable descriptor, so that the hot path finds a
 * variable's statistics at the descriptor's own offset, without dividing. */
struct MsVarStat
{
  guint64 instances;
  const void *last_addr;
  guint64 heap_blocks;    /* heap blocks tied to the variable (heap.c) */
  guint64 heap_bytes;
  guint64 max_size;       /* the largest instance registered at run time (VLA, alloca) */
  guint64 reserved;
};

#define MS_NODE_CACHE MEMSCOPE_SCOPE_SLOTS

struct MsNode
{
  /* What an enter reads and writes of the child it enters, in its first
   * 24 bytes (one cache line for the three). */
  const __memscope_scope_desc *desc;  /* NULL for a thread's root */
  guint64 entries;
  guintptr sp_min;        /* the lowest stack pointer an instance was entered at, on the
                           * thread's own stack; UINTPTR_MAX: none yet (a function's
                           * frames only: blocks and inlined bodies leave it alone) */
  MsNode *parent;
  MsNode *cache[MS_NODE_CACHE];  /* the hot path's lookup: the child last entered through
                                  * each slot; a descriptor's slot is in its flags */
  MsNode *first_child;
  MsNode *next_sibling;
  guintptr sp_first;      /* the stack pointer at its first entry, 0: not on the
                           * thread's own stack */
  guint64 direct_bytes;   /* most bytes registered directly by one instance (beyond
                           * its counted_bytes, which are known statically) */
  guint64 peak;           /* most bytes live at once within one measured instance and
                           * below (see MsFrame) */
  guint64 sub_peak;       /* the most a measured instance entered from an instance of
                           * this context had, by a recursion folded back onto an
                           * ancestor too */
  MsFold *folds;          /* the ancestors its instances enter by folding */
  guintptr sp_self;       /* a function recursing into itself: the most stack between two
                           * of its instances, one entered from the other (one instance's
                           * frame); 0: never seen */
  guint64 created_at;     /* first entry, in ticks (ms_ticks_ns) */
  MsHeapStats *heap;      /* allocations made in this context, or NULL */
  guint32 folded;         /* a recursive chain was folded onto this node */
  guint32 nvars;
  guintptr vars_bytes;    /* how many of vars there are, times sizeof (__memscope_var_desc):
                           * the first of desc->vars, those its code names at run
                           * time (MEMSCOPE_SCOPE_STATS) */
  const __memscope_var_desc *var_base;  /* desc->vars, one load nearer */
  const __memscope_scope_desc *site;  /* ms_desc_site (desc): entered from itself
                                       * through a slot that holds it, every instance of
                                       * its site hits there (hotpath.c, cache_remember) */
  guint32 index;          /* its place among its thread's nodes, in the order they were
                           * made: a snapshot keeps the context it merges into there
                           * (snapshot.c, ms_node_context), without writing to it */
  MsVarStat vars[];       /* one per desc->vars[i], for the first
                           * vars_bytes / sizeof (__memscope_var_desc) of them */
};

/* One open scope instance.  key is the descriptor it was entered with; its
 * low bit is set from the first variable registered at run time on (and for
 * every traced frame).  An exit whose descriptor equals key closes the frame
 * after one comparison.
 *
 * Peaks.  A frame is measured when its scope has counted_bytes or it
 * registered something: the thread's hwm is then the most bytes live since
 * the innermost measured frame started (its saved_hwm holds the enclosing
 * one's, handed back when it closes), and its instance's peak is hwm minus
 * what was live before it.  Other frames hold no bytes of their own: their
 * peaks are their children's, worked out when a report is taken
 * (snapshot.c), so that their exits stay one comparison. */
struct MsFrame
{
  MsNode *node;
  uintptr_t sp;
  uintptr_t key;          /* the site's descriptor, | MS_FRAME_REGISTERED, | MS_FRAME_TRACED */
  guint64 saved_hwm;      /* measured frames: the thread's hwm when it started measuring */
  guint64 base_live;      /* registered frames: bytes live when the instance started */
  guint32 var_top;
  guint32 reserved;
};

#define MS_FRAME_REGISTERED ((uintptr_t) 1)
#define MS_FRAME_TRACED ((uintptr_t) 2)     /* trace=1: its exit is recorded */

static inline gboolean
ms_frame_registered (const MsFrame *f)
{
  return (f->key & MS_FRAME_REGISTERED) != 0;
}

struct MsVarSlot
{
  const __memscope_var_desc *desc;
  const void *addr;
  guint64 size;
};

/* The whole per-thread state.  ms_self lives in initial-exec TLS; the
 * arrays it points to are mmapped.  Other threads read it only under the
 * registry lock in snapshot.c; the owner writes with plain stores. */
/* heap.c's per-thread state: only heap.c reads or writes it. */
typedef struct
{
  guint8 *arena;          /* persistent chunk for MsHeapStats */
  gsize arena_left;
  guint32 ndeferred;      /* frees that arrived while the thread's table was busy, from
                           * a signal handler */
  void *deferred[32];
} MsThreadHeap;

struct MsThread
{
  MsFrame *top;           /* innermost open frame; frames[0] is a sentinel */
  MsFrame *limit;         /* enter's fast path runs while top < limit: the last usable
                           * frame; frames[0] while tracing (every enter is slow);
                           * NULL before init or after teardown */
  MsVarSlot *vars;        /* variable stack */
  guint32 var_top;
  guint32 var_cap;
  guint64 live;           /* bytes of registered variables live now */
  guint64 hwm;            /* the most live since the innermost measured frame started
                           * (at least live) */
  guint64 peak_live;      /* the most ever live at once */
  MsNode *peak_node;      /* the context where peak_live was reached */

  /* cold state */
  MsFrame *frames_end;    /* the real last usable frame */
  guint64 *trace;         /* trace=1: events, each a time, a node (low bit: an exit) and
                           * an exit's bytes (hotpath.c, trace_record) */
  guint32 trace_len;      /* in events */
  guint32 trace_cap;
  guint64 trace_dropped;
  MsLookup *lookup;       /* MS_LOOKUP_SIZE entries, direct-mapped */
  MsFrame *frames;
  gsize frames_bytes;
  gsize vars_bytes;
  MsNode *root;
  guint64 overflow;       /* enters dropped (frame stack full) still to be exited */
  MsFrame *saved_top;     /* the real top while overflow != 0 */
  guint8 *arena;          /* bump allocator for MsNodes */
  MsChunk *chunks;
  gsize arena_left;
  guint64 nodes;
  guint64 lost_events;    /* events dropped: out of memory, bad descriptor */
  guint64 unmatched_exits;
  guint64 still_open;     /* frames open when the thread ended */
  guint64 id;             /* 1-based, in order of first instrumented event */
  guintptr stack_lo;      /* its own stack, from the pthread attributes (0, 0: unknown) */
  guintptr stack_hi;
  guint64 off_stack;      /* function entries away from its own stack (an alternate
                           * signal stack, a coroutine's): not in sp_min/sp_first */
  MsFrame *checked_limit; /* while limit is frames[0] because the thread may run above
                           * its stack: the real limit, under which the trampolines
                           * still take their fast path for an entry on the stack
                           * (tramp-x86_64.S); NULL otherwise */
  guintptr alt_hi;        /* the top of its alternate signal stack (0: none) */
  guintptr switched_hi;   /* the highest stack pointer of a context it switched to
                           * (swapcontext, setcontext) */
  pid_t tid;
  pthread_t pthread;
  gint64 created_at;
  gint64 ended_at;
  int in_runtime;         /* recursion guard: the runtime's own work is not tracked */
  MsThreadRec *rec;       /* the thread's record in the registry (never freed) */
  MsThreadHeap heap;      /* heap.c's */
  int dead;               /* torn down at thread exit (or being torn down) */
  int initializing;       /* inside thread_init: a signal handler's events are dropped */
  guintptr allocating;    /* inside a node allocation (the allocating call's frame
                           * address, 0: none): a handler's new contexts are dropped */
};

extern __thread MsThread ms_self __asm__ (G_STRINGIFY (MS_THREAD_SYM))
  __attribute__ ((tls_model ("initial-exec"), visibility ("default")));

/* Set when the runtime's constructor starts (init.c).  Before, the code
 * that runs is the runtime's dependencies' (GLib's constructor), which
 * may call the program's own instrumented functions (its malloc, strlen,
 * getenv): their enters are dropped uncounted, as the runtime's own
 * work's are (ms_guard_enter). */
G_GNUC_INTERNAL extern gboolean ms_started;

G_STATIC_ASSERT (sizeof (MsVarStat) == sizeof (__memscope_var_desc));

/* The statistics of the variable whose descriptor is at byte offset off in
 * the node's descriptor's vars, or NULL if it is not one of them or one the
 * code never names (MEMSCOPE_SCOPE_STATS: the node has none for it). */
static inline MsVarStat *
ms_var_stat (MsNode *node, const __memscope_var_desc *var)
{
  uintptr_t off = (uintptr_t) var - (uintptr_t) node->var_base;

  return off < node->vars_bytes ? (MsVarStat *) ((guint8 *) node->vars + off) : NULL;
}

/* The bytes of fixed-size variables the frame's scope counts.  A signal
 * handler that reused the slot before the frame was published may have
 * left its own key there (only a counted enter stores its key again): the
 * node tells the frame's site then. */
static inline guint64
ms_frame_counted (const MsFrame *f)
{
  const __memscope_scope_desc *d = (const __memscope_scope_desc *) (f->key & ~(uintptr_t) 3);

  if (d != f->node->desc && ms_desc_site (d) != ms_desc_site (f->node->desc))
    d = f->node->desc;
  return d->counted_bytes;
}

void ms_thread_teardown (MsThread *t);
gboolean ms_thread_ensure (MsThread *t);      /* FALSE if the thread is not tracked */
MsNode *ms_current_node (MsThread *t);         /* innermost open context, the root if none */
MsFrame *ms_thread_open_top (MsThread *t);      /* the top frame, under the spare one of dropped enters */
/* bytes (a multiple of MS_HUGE_PAGE) of zeroed memory aligned to
 * MS_HUGE_PAGE, which the kernel may back with transparent huge pages;
 * NULL if mmap fails.  Given back with munmap. */
#define MS_HUGE_PAGE ((gsize) 2 << 20)
void *ms_map_huge (gsize bytes);
gint64 ms_now_ns (void);                       /* CLOCK_MONOTONIC, the clock of every time */

/* What turns the hot path's ticks (MsNode.created_at, a traced event's
 * time) into ms_now_ns's nanoseconds: ms_ticks_scale when a snapshot
 * starts, then ms_ticks_ns for each reading. */
#define MS_TICKS_ANCHORS 64
typedef struct
{
  guint64 tsc;
  gint64 ns;
} MsTicksAnchor;
typedef struct
{
  gboolean tsc;                /* the ticks are the time stamp counter's; else nanoseconds */
  guint n;                     /* anchors, the newest taken by ms_ticks_scale */
  MsTicksAnchor anchors[MS_TICKS_ANCHORS];
} MsTicksScale;
void ms_ticks_scale (MsTicksScale *s);
gint64 ms_ticks_ns (const MsTicksScale *s, guint64 ticks);

/* The runtime's own work (GLib allocations above all) is never tracked:
 * neither its heap blocks nor, where it calls into the program's
 * instrumented code (a malloc or getenv of the program's own), the scopes
 * entered there.  While a thread does some, its enters leave the fast paths
 * (ms_thread_guard_changed) and the cold ones drop them uncounted. */
void ms_thread_guard_changed (MsThread *t);

static inline void
ms_guard_enter (void)
{
  if (ms_self.in_runtime++ == 0 && ms_self.limit != NULL)
    ms_thread_guard_changed (&ms_self);
}

static inline void
ms_guard_leave (void)
{
  if (--ms_self.in_runtime == 0 && ms_self.limit != NULL)
    ms_thread_guard_changed (&ms_self);
}

/* hotpath.c registers each thread with snapshot.c (ms_thread_attach) and
 * reaches its declarations through here. */
#include "snapshot.h"

#endif /* MEMSCOPE_HOTPATH_H */

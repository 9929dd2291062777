/* leaks.h: which live heap blocks are leaked, as LeakSanitizer decides.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_LEAKS_H
#define MEMSCOPE_LEAKS_H

#include <glib.h>

#include "snapshot.h"

typedef enum
{
  MS_BLOCK_LEAKED = 0,
  MS_BLOCK_REACHABLE,
  MS_BLOCK_SUPPRESSED,        /* leaked, but a suppression matched its context or allocator call */
} MsBlockState;

/* One live block as the check sees it. */
typedef struct
{
  guintptr lo, hi;            /* the program's bytes, [lo, hi); hi > lo even for size 0 */
  guintptr next_chunk;        /* where glibc's next chunk starts when that is inside
                               * [lo, hi): libc's own pointers to it are not to the
                               * block; else 0 (heap.c) */
  gpointer block;             /* the allocator's header (heap.c) */
  MsContext *context;         /* where it was allocated; NULL outside every scope */
  const __memscope_call_site *site;   /* its allocator call, NULL: not known (heap.c) */
  guint8 state;               /* MsBlockState, set by ms_leaks_classify */
  guint8 suppressible;
  guint8 loader;              /* allocated by the dynamic loader: a root */
} MsLiveBlock;

/* At start-up: the runtime's own memory, and the suppressions file. */
void ms_leaks_init (void);

/* Every way into the runtime that may take a snapshot records, first
 * thing, where its own frames start on the caller's stack: the check
 * scans this thread's stack from there up, never the runtime's frames nor
 * the dead ones they overwrote.  The outermost entry wins; returns what to
 * pass to ms_leaks_leave.  @at_exit: the report at exit, the only time
 * other threads are stopped (a signal cuts their sleeps short). */
guintptr ms_leaks_enter (guintptr frame, gboolean at_exit);
void ms_leaks_leave (guintptr saved);
#define MS_LEAKS_ENTER() ms_leaks_enter ((guintptr) __builtin_frame_address (0), FALSE)
#define MS_LEAKS_ENTER_EXIT() ms_leaks_enter ((guintptr) __builtin_frame_address (0), TRUE)

/* Runs @fn with the dynamic loader's lock held, so that no library comes
 * or goes while other threads are stopped (LeakSanitizer does the same). */
void ms_leaks_with_loader_lock (void (*fn) (gpointer data), gpointer data);

/* Sets the state of every block of @blocks (MsLiveBlock, sorted by lo).
 * Every block list must be locked (no block is freed meanwhile) and the
 * registry lock held.  Other threads are stopped while roots are read. */
void ms_leaks_classify (GArray *blocks, const MsSnapshot *snap);

#endif /* MEMSCOPE_LEAKS_H */

/* heap.h: heap tracking (heap.c).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_HEAP_H
#define MEMSCOPE_HEAP_H

#include <glib.h>

#include "snapshot.h"

/* At start-up: heap=0, the loader's blocks, the blocks' cookie. */
void ms_heap_init (void);

/* Every thread's live-block list is locked across fork, so that none is
 * mid-update in the child, where the blocks alive at the fork are marked
 * inherited and the counters start over. */
void ms_heap_fork_prepare (void);
void ms_heap_fork_parent (void);
void ms_heap_fork_child (void);

/* In a crash report writer: heap tracking stops, and what the runtime
 * allocates comes from fresh pages (another thread may have held
 * glibc's allocator at the crash). */
void ms_heap_crash_mode (void);

/* __memscope_heap_owner, on the general registers only (the plugin's
 * trampoline calls it as it is). */
G_GNUC_INTERNAL void ms_heap_owner_note (const __memscope_var_desc *var, const void *user);
G_GNUC_INTERNAL void ms_heap_owner_own (const __memscope_var_desc *var, const void *user);

/* Under the registry lock: adds the heap statistics to contexts, sites,
 * variables and threads, and collects the live blocks. */
void ms_heap_snapshot (MsSnapshot *snap);

#endif /* MEMSCOPE_HEAP_H */

/* hotpath-layout.h: the offsets tramp-x86_64.S reads the hot path's state at.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain numbers, so that the assembler can include this file too;
 * hotpath.c checks every one of them against the C structures.
 */
#ifndef MEMSCOPE_HOTPATH_LAYOUT_H
#define MEMSCOPE_HOTPATH_LAYOUT_H

/* The thread state's symbol, its size and alignment, and the frame its top
 * starts at: an executable's instrumented code defines the state itself
 * (the plugin, plugin/pass.cc) and reads it as local-exec TLS; the
 * runtime's definition is then the one the dynamic linker passes over.
 * The names carry MEMSCOPE_ABI_VERSION (hotpath.c checks it). */
#define MS_THREAD_SYM __memscope.thread.v7
#define MS_BOOT_FRAME_SYM __memscope.boot_frame.v7
#define MS_THREAD_SIZE 608      /* sizeof (MsThread) */
#define MS_THREAD_ALIGN 8       /* its alignment */

#define MS_T_TOP 0              /* MsThread.top */
#define MS_T_LIMIT 8            /* MsThread.limit */
#define MS_T_VAR_TOP 24         /* MsThread.var_top (32 bits) */
#define MS_T_LIVE 32            /* MsThread.live */
#define MS_T_HWM 40             /* MsThread.hwm */
#define MS_T_PEAK_LIVE 48       /* MsThread.peak_live */
#define MS_T_PEAK_NODE 56       /* MsThread.peak_node */
#define MS_T_LOOKUP 96          /* MsThread.lookup */
#define MS_T_STACK_LO 216       /* MsThread.stack_lo */
#define MS_T_STACK_HI 224       /* MsThread.stack_hi */
#define MS_T_OFF_STACK 232      /* MsThread.off_stack */
#define MS_T_CHECKED_LIMIT 240  /* MsThread.checked_limit */
#define MS_T_ALLOCATING 600     /* MsThread.allocating */
#define MS_T_OVERFLOW 136       /* MsThread.overflow */
#define MS_LOOKUP_BITS 12       /* MS_LOOKUP_SIZE is 1 << this */
#define MS_LOOKUP_MUL 0x2545f491 /* the hash's multiplier (an immediate: below 2^31) */
#define MS_FRAME_SIZE 48        /* sizeof (MsFrame) */
#define MS_F_NODE 0             /* MsFrame.node */
#define MS_F_SP 8               /* MsFrame.sp */
#define MS_F_KEY 16             /* MsFrame.key */
#define MS_F_SAVED_HWM 24       /* MsFrame.saved_hwm */
#define MS_F_BASE_LIVE 32       /* MsFrame.base_live */
#define MS_F_VAR_TOP 40         /* MsFrame.var_top (32 bits) */
#define MS_N_DESC 0             /* MsNode.desc */
#define MS_N_CACHE 32           /* MsNode.cache[0] */
#define MS_N_ENTRIES 8          /* MsNode.entries */
#define MS_N_SP_MIN 16          /* MsNode.sp_min */
#define MS_N_SITE 392           /* MsNode.site */
#define MS_N_PARENT 24          /* MsNode.parent */
#define MS_N_PEAK 320           /* MsNode.peak */
#define MS_N_SUB_PEAK 328       /* MsNode.sub_peak */
#define MS_N_SP_SELF 344        /* MsNode.sp_self */
#define MS_N_VARS_BYTES 376     /* MsNode.vars_bytes */
#define MS_N_VAR_BASE 384       /* MsNode.var_base */
#define MS_N_VARS 408           /* MsNode.vars */
#define MS_V_HEAP_BLOCKS 16     /* MsVarStat.heap_blocks */
#define MS_V_HEAP_BYTES 24      /* MsVarStat.heap_bytes */
#define MS_S_OWNER 8            /* MsSlot.owner (heap.c) */
#define MS_S_SIZE_FLAGS 32      /* MsSlot.size_flags (heap.c): the size in its low 48 bits */
#define MS_D_FLAGS 44           /* __memscope_scope_desc.flags */
#define MS_D_COUNTED 56         /* __memscope_scope_desc.counted_bytes */
#define MS_D_SITE 72            /* __memscope_scope_desc.site */
#define MS_SCOPE_RELATIVE 4     /* MEMSCOPE_SCOPE_RELATIVE */
#define MS_SLOTS 32             /* MEMSCOPE_SCOPE_SLOTS */
#define MS_SLOT_SHIFT 8         /* MEMSCOPE_SCOPE_SLOT_SHIFT */

#endif /* MEMSCOPE_HOTPATH_LAYOUT_H */

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

#define MS_T_TOP 0              /* MsThread.top */
#define MS_T_LIMIT 8            /* MsThread.limit */
#define MS_FRAME_SIZE 48        /* sizeof (MsFrame) */
#define MS_F_NODE 0             /* MsFrame.node */
#define MS_F_SP 8               /* MsFrame.sp */
#define MS_F_KEY 16             /* MsFrame.key */
#define MS_N_DESC 0             /* MsNode.desc */
#define MS_N_CACHE 16           /* MsNode.cache[0] */
#define MS_N_ENTRIES 96         /* MsNode.entries */

#endif /* MEMSCOPE_HOTPATH_LAYOUT_H */

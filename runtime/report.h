/* report.h: rendering reports (report.c).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_REPORT_H
#define MEMSCOPE_REPORT_H

#include "memscope.h"
#include "output.h"
#include "snapshot.h"

/* Writes the JSON report of @snap (ms_registry_lock held), with the manual
 * records of memscope_global() if it was ever created, to @sink, a piece
 * at a time (a write that fails is remembered there). */
void ms_report_render (const MsSnapshot *snap, const char *program, int pid, MsOutput *sink);

/* Leaked heap blocks: live, unreachable, not inherited from a parent process. */
guint64 ms_report_leaked_blocks (const MsSnapshot *snap);

/* The summary=1 text. */
char *ms_report_summary (const MsSnapshot *snap, const char *program, int pid,
                         const char *written_to, guint top);

/* The stack_warn=PERCENT lines: one for each thread of @snap that used
 * more than @percent of its stack ("" if none; @percent 0: off). */
char *ms_report_stack_warnings (const MsSnapshot *snap, guint percent);

/* @n bytes as the summary writes them: "4.1 KiB", units of 1024. */
char *ms_human_size (guint64 n);

#endif /* MEMSCOPE_REPORT_H */

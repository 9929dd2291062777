/* unload.h: an instrumented library's descriptors outlive its dlclose.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_UNLOAD_H
#define MEMSCOPE_UNLOAD_H

#include <link.h>

/* Notes the objects loaded at start (never unloaded); at the runtime's
 * start, or at the first dlclose. */
void ms_unload_init (void);

/* The name of an instrumented library whose descriptors could not be kept
 * when dlclose unloaded it (another mapping took their addresses first),
 * or NULL: with one, no snapshot or report can be made. */
const char *ms_unload_lost (void);

/* Calls @fn, as dl_iterate_phdr would, for each instrumented library that
 * dlclose unloaded and whose segments were kept, until @fn returns
 * non-zero: their read-only segments are readable where they were. */
void ms_unload_each (int (*fn) (struct dl_phdr_info *info, size_t size, void *data), void *data);

/* The absolute path of the file of a loaded object (dl_iterate_phdr's
 * description), newly allocated, or NULL (the program, the vDSO): its name
 * when that is absolute, else the file /proc/self/maps shows mapped at its
 * first segment (a library opened as "./lib.so", from a folder the program
 * may have left since). */
char *ms_object_file (const struct dl_phdr_info *info);

#endif

/* init.h: the runtime's start-up and the global engine (init.c).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_INIT_H
#define MEMSCOPE_INIT_H

#include "memscope.h"

/* memscope_global() if somebody created it, else NULL, and its registries
 * reached without running its refresh hook. */
MemscopeMetadataEngine *ms_global_if_created (void);
MemscopeScopeTracker *ms_global_scopes (MemscopeMetadataEngine *engine);
MemscopeVariableRegistry *ms_global_variables (MemscopeMetadataEngine *engine);
MemscopeThreadRegistry *ms_global_threads (MemscopeMetadataEngine *engine);

#endif /* MEMSCOPE_INIT_H */

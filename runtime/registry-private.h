/* registry-private.h: what the rest of libmemscope needs from registry.c.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * None of this is exported: the library builds with -fvisibility=hidden.
 */
#ifndef MEMSCOPE_REGISTRY_PRIVATE_H
#define MEMSCOPE_REGISTRY_PRIVATE_H

#include "memscope.h"

/* The engine whose registries are views of the one the instrumentation
 * feeds (memscope_global()'s).  It is never freed. */
MemscopeMetadataEngine *ms_engine_new_global (void);

#endif /* MEMSCOPE_REGISTRY_PRIVATE_H */

/* descriptor.h: the pointer fields of the plugin's descriptors, read.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The plugin's descriptors hold the distance from each pointer field to
 * what it points at (memscope-abi.h, relative fields), so that they need
 * no relocation; descriptors written by hand in C hold pointers.  The
 * runtime reads every pointer field of a descriptor through these.
 */
#ifndef MEMSCOPE_DESCRIPTOR_H
#define MEMSCOPE_DESCRIPTOR_H

#include "memscope-abi.h"

static inline const char *
ms_desc_function (const __memscope_scope_desc *d)
{
  return (const char *) MEMSCOPE_SCOPE_FIELD (d, function);
}

static inline const char *
ms_desc_file (const __memscope_scope_desc *d)
{
  return (const char *) MEMSCOPE_SCOPE_FIELD (d, file);
}

static inline const __memscope_scope_desc *
ms_desc_parent (const __memscope_scope_desc *d)
{
  return (const __memscope_scope_desc *) MEMSCOPE_SCOPE_FIELD (d, parent);
}

static inline const __memscope_var_desc *
ms_desc_vars (const __memscope_scope_desc *d)
{
  return (const __memscope_var_desc *) MEMSCOPE_SCOPE_FIELD (d, vars);
}

/* The site a descriptor describes an instance of: its site field, or
 * itself. */
static inline const __memscope_scope_desc *
ms_desc_site (const __memscope_scope_desc *d)
{
  const __memscope_scope_desc *site = (const __memscope_scope_desc *) MEMSCOPE_SCOPE_FIELD (d, site);

  return site != NULL ? site : d;
}

static inline const char *
ms_var_name (const __memscope_var_desc *v)
{
  return (const char *) MEMSCOPE_VAR_FIELD (v, name);
}

static inline const char *
ms_var_type (const __memscope_var_desc *v)
{
  return (const char *) MEMSCOPE_VAR_FIELD (v, type);
}

static inline const char *
ms_var_file (const __memscope_var_desc *v)
{
  return (const char *) MEMSCOPE_VAR_FIELD (v, file);
}

#endif /* MEMSCOPE_DESCRIPTOR_H */

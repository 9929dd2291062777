/* memscope-plugin.h: what the plugin's source files share.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_PLUGIN_H
#define MEMSCOPE_PLUGIN_H

#include "gcc-compat.h"

/* vars= */
enum memscope_vars_mode
{
  MEMSCOPE_VARS_NONE,
  MEMSCOPE_VARS_ADDRESSABLE,
  MEMSCOPE_VARS_ALL,
};

/* Everything -fplugin-arg-memscope-* can set; see the table in plugin.cc. */
struct memscope_options
{
  int disable;
  int verbose;
  int vars;                       /* enum memscope_vars_mode */
  int blocks;
  int params;
  vec<char *> exclude_functions;  /* substrings of printable names */
  vec<char *> exclude_files;      /* substrings of source file names */
};

extern struct memscope_options memscope_opts;

/* plugin.cc */
bool memscope_function_excluded (tree fndecl);
bool memscope_local_wanted (tree var);

/* pass.cc */
opt_pass *memscope_make_pass (gcc::context *ctxt);
void memscope_pre_genericize (void *gcc_data, void *user_data);

/* descriptors.cc: the variable descriptor being built for one site. */
struct memscope_var_info
{
  const char *name;
  tree type;          /* spelled with memscope_type_name */
  location_t loc;
  unsigned flags;     /* MEMSCOPE_VAR_* */
  unsigned HOST_WIDE_INT size;
};

extern const struct ggc_root_tab memscope_ggc_roots[];
tree memscope_runtime_decl (int which);
enum
{
  MEMSCOPE_FN_ENTER,
  MEMSCOPE_FN_EXIT,
  MEMSCOPE_FN_VAR,
  MEMSCOPE_FN_VAR_DYN,
  MEMSCOPE_FN_ALLOCA,
  MEMSCOPE_FN_RESYNC,
  MEMSCOPE_FN_HEAP_OWNER,
  MEMSCOPE_FN_COUNT
};
tree memscope_uint64_type (void);
tree memscope_build_vars_decl (const vec<memscope_var_info> &vars);
tree memscope_build_scope_decl (tree fndecl, unsigned kind, location_t loc,
                                unsigned depth, tree parent, tree vars_decl,
                                unsigned nvars);
tree memscope_var_desc_addr (tree vars_decl, unsigned index);

/* typename.cc */
char *memscope_type_name (tree type);

#endif /* MEMSCOPE_PLUGIN_H */

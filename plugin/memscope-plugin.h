/* memscope-plugin.h: what the plugin's source files share.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plugin works in three passes (each file's header shows its part):
 *   collect.cc   before `lower`, reads (never changes) each function's
 *                source scopes and variables;
 *   mark.cc      after `optimized`, puts an empty asm marker after each
 *                VLA or alloca allocation and each allocator call whose
 *                result a described variable receives;
 *   pass.cc      after register allocation and scheduling (after `stack`),
 *                works out where each variable ended up, emits the
 *                descriptors and places the instrumentation.
 * Nothing before pass.cc changes what the optimizers see, apart from the
 * markers of mark.cc, which come after every interprocedural decision.
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
  int tls;                        /* 0: auto, 1: initial-exec (pass.cc, local_exec) */
  vec<char *> exclude_functions;  /* substrings of printable names */
  vec<char *> exclude_files;      /* substrings of source file names */
};

extern struct memscope_options memscope_opts;

/* plugin.cc */
bool memscope_function_excluded (tree fndecl);
bool memscope_local_wanted (tree var);

/* collect.cc: a function's scopes and variables as the source declares
   them, read before any optimization.  */

/* ms_src_var.flags, besides the MEMSCOPE_VAR_* of memscope-abi.h.  */
enum
{
  MS_SRC_MEMORY = 1u << 16,     /* an object the source keeps in memory: an
                                   array, struct or union, a variable whose
                                   address is taken, a VLA */
};

struct ms_src_var
{
  tree decl;                    /* VAR_DECL or PARM_DECL (kept alive) */
  const char *name;
  char *type;                   /* as C spells it */
  location_t loc;
  unsigned flags;               /* MEMSCOPE_VAR_*, MS_SRC_* */
  unsigned HOST_WIDE_INT size;  /* 0 for VLAs and alloca sites */
};

struct ms_src_scope
{
  tree block;                   /* its BLOCK (kept alive) */
  int parent;                   /* enclosing scope, -1 for the function's */
  bool jumped_into;             /* a jump enters it from outside */
  location_t loc;
  const char *site_label;       /* pass.cc: the descriptor that stands for
                                   the site in this unit, once emitted */
  vec<ms_src_var> vars;
};

struct ms_src_func
{
  tree fndecl;
  vec<ms_src_scope> scopes;     /* [0]: the function body */
  hash_map<tree, int> *block_scope;       /* BLOCK -> scope index */
  hash_map<int_hash<int, -1, -2>, int> *var_index;  /* DECL_UID -> scope << 16 | var */
};

opt_pass *memscope_make_collect_pass (gcc::context *ctxt);
const ms_src_func *memscope_src_func (tree fndecl);
const ms_src_var *memscope_src_var (const ms_src_func *f, tree decl, int *scope);
bool memscope_is_source_call (location_t call_site, tree callee);
tree memscope_source_receiver (location_t call_site, tree callee);
extern const struct ggc_root_tab memscope_collect_roots[];

/* mark.cc: the markers, each an empty volatile asm whose template is
   "# memscope N" and whose inputs hold the values the runtime needs.  */
enum ms_mark_kind
{
  MS_MARK_DYN,                  /* VLA or alloca: inputs address, size */
  MS_MARK_OWNER,                /* allocator result: input the block */
};

struct ms_mark
{
  enum ms_mark_kind kind;
  tree var;                     /* the VLA or the receiving variable; NULL
                                   for an alloca */
  location_t loc;
};

opt_pass *memscope_make_mark_pass (gcc::context *ctxt);
bool memscope_is_allocator_call (gcall *call);
bool memscope_is_allocator (tree fndecl);
const ms_mark *memscope_find_mark (const char *asm_template);

/* pass.cc */
opt_pass *memscope_make_rtl_pass (gcc::context *ctxt);

/* descriptors.cc: descriptors written as assembler text.  */
struct memscope_var_info
{
  const char *name;
  const char *type;
  location_t loc;
  unsigned flags;               /* MEMSCOPE_VAR_* */
  unsigned HOST_WIDE_INT size;
  HOST_WIDE_INT cfa_offset;
};

struct memscope_scope_info
{
  const char *label;            /* its assembler label */
  const char *parent_label;     /* NULL: none */
  const char *site_label;       /* the site it is an instance of; NULL:
                                   itself */
  const char *function;
  location_t loc;
  unsigned kind;                /* MEMSCOPE_SCOPE_* */
  unsigned flags;
  unsigned depth;
  unsigned HOST_WIDE_INT counted_bytes;
  unsigned HOST_WIDE_INT stack_frame;
  const char *vars_label;       /* NULL when there are no variables */
  vec<memscope_var_info> vars;
  unsigned named;               /* how many of vars, from the first, the
                                   code names at run time (var_position,
                                   alloca_site) */
};

/* Text that grows as it is written, for assembler output: one
   vsnprintf per piece, into the space left.  S is NULL until the first
   piece; ms_text_str reads it as "" then.  */
struct ms_text
{
  char *s;
  size_t len, cap;
};

void ms_text_add (ms_text *t, const char *fmt, ...) ATTRIBUTE_PRINTF_2;
void ms_text_put (ms_text *t, const char *s, size_t n);
static inline const char *
ms_text_str (const ms_text *t)
{
  return t->s ? t->s : "";
}

char *memscope_new_label (const char *prefix);
char *memscope_call_site_asm (const char *label, location_t loc, const char *function);
char *memscope_descriptors_asm (vec<memscope_scope_info> &scopes);

/* typename.cc */
char *memscope_type_name (tree type);

#endif /* MEMSCOPE_PLUGIN_H */

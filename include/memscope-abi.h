/* memscope-abi.h: the contract between the memscope GCC plugin and libmemscope.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The plugin emits, per instrumented scope site, one read-only scope
 * descriptor and an array of variable descriptors, with assembler-local
 * names.  The inserted calls pass only pointers to them: the hot path never
 * receives a string.  This header is plain C (no GLib) so that the plugin,
 * the runtime and hand-written tests can all include it.
 *
 * Layout rules: fields are never reordered or removed.  A change of layout
 * bumps MEMSCOPE_ABI_VERSION; the runtime ignores (and reports once) scope
 * descriptors carrying another version.
 */
#ifndef MEMSCOPE_ABI_H
#define MEMSCOPE_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MEMSCOPE_ABI_VERSION 1

#ifndef MEMSCOPE_EXPORT
#define MEMSCOPE_EXPORT __attribute__ ((visibility ("default")))
#endif

/* __memscope_scope_desc.kind */
enum {
  MEMSCOPE_SCOPE_FUNCTION = 0,  /* a function body; parameters live here */
  MEMSCOPE_SCOPE_BLOCK = 1,     /* a lexical block that registers a variable */
};

/* __memscope_var_desc.flags */
enum {
  MEMSCOPE_VAR_PARAM = 1u << 0,         /* a function parameter */
  MEMSCOPE_VAR_VLA = 1u << 1,           /* size known only at run time: __memscope_var_dyn */
  MEMSCOPE_VAR_NOADDR = 1u << 2,        /* described only: never registered by address */
  MEMSCOPE_VAR_ALLOCA = 1u << 3,        /* an alloca() call site: __memscope_alloca */
  MEMSCOPE_VAR_NESTED_FRAME = 1u << 4,  /* lives in a nested function's frame object */
};

/* One declaration site (or alloca call site). */
typedef struct __memscope_var_desc
{
  const char *name;   /* as written in the source; "alloca" for alloca sites */
  const char *type;   /* spelled as in C: "struct point", "char[64]", "int[*]" */
  const char *file;
  uint32_t line;
  uint32_t flags;     /* MEMSCOPE_VAR_* */
  uint64_t size;      /* bytes; 0 when only known at run time (VLA, alloca) */
} __memscope_var_desc;

/* One scope site: a function body or a lexical block. */
typedef struct __memscope_scope_desc
{
  uint32_t abi_version;                        /* MEMSCOPE_ABI_VERSION */
  uint32_t kind;                               /* MEMSCOPE_SCOPE_* */
  const char *function;                        /* printable name of the enclosing function */
  const char *file;
  uint32_t line;
  uint32_t depth;                              /* lexical depth: 0 for a function */
  const struct __memscope_scope_desc *parent;  /* lexically enclosing site, NULL for a function */
  uint32_t nvars;
  uint32_t reserved;                           /* 0 */
  const __memscope_var_desc *vars;             /* nvars entries, NOADDR ones included */
} __memscope_scope_desc;

/* The instrumentation entry points.  All of them are async-signal-safe, never
 * block, never allocate in the steady state, and tolerate being called
 * before the runtime is initialised and after the report was written.
 *
 * enter/exit bracket every instance of a scope site; exit with a descriptor
 * that is not on top of the calling thread's stack resynchronises (pops down
 * to it, or is counted and ignored when absent).
 *
 * var registers a fixed-size variable of the innermost scope (var must be an
 * element of that scope descriptor's vars array); the registration lasts
 * until the scope exits.  var_dyn does the same with a run-time size (VLA).
 * alloca registers an alloca() block for the lifetime of the innermost
 * function scope (var is an element of the function descriptor's vars).
 * resync is called right after every returns-twice call (setjmp, vfork...)
 * returns, with the innermost instrumented scope at that point. */
MEMSCOPE_EXPORT void __memscope_enter (const __memscope_scope_desc *scope);
MEMSCOPE_EXPORT void __memscope_exit (const __memscope_scope_desc *scope);
MEMSCOPE_EXPORT void __memscope_var (const __memscope_var_desc *var, const void *addr);
MEMSCOPE_EXPORT void __memscope_var_dyn (const __memscope_var_desc *var, const void *addr, uint64_t size);
MEMSCOPE_EXPORT void __memscope_alloca (const __memscope_var_desc *var, const void *addr, uint64_t size);
MEMSCOPE_EXPORT void __memscope_resync (const __memscope_scope_desc *scope);

/* Called right after a call whose pointer result is stored into a described
 * local or parameter (p = malloc (n), buf = realloc (buf, m), s = strdup (x),
 * and calls to functions declared __attribute__ ((malloc))): the heap block
 * at `block`, if the runtime tracks it, is owned by the site of `var` (an
 * element of the vars of the innermost scope descriptor or of an enclosing
 * one of the same function, NOADDR ones included).
 * NULL blocks and blocks the runtime does not track are ignored. */
MEMSCOPE_EXPORT void __memscope_heap_owner (const __memscope_var_desc *var, const void *block);

#ifdef __cplusplus
}
#endif

#endif /* MEMSCOPE_ABI_H */

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
 * Relative fields.  The plugin's descriptors carry the flag
 * MEMSCOPE_SCOPE_RELATIVE (their variables' MEMSCOPE_VAR_RELATIVE): each
 * of their pointer fields then holds, as an integer, the distance in bytes
 * from the field itself to what it points at, 0 standing for NULL.  The
 * static linker works those out, so that the descriptors need no dynamic
 * relocation and stay in read-only pages of the file: a program starts as
 * fast as without them, and a process touches only the descriptors it
 * uses.  (SQLite's testfixture, as plain pointers: 274,000 relocations and
 * 4.7 MB of private pages written at every start.)  A descriptor written
 * by hand in C, without the flag, holds plain pointers.  The fields of
 * __memscope_call_site are always relative.
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

#define MEMSCOPE_ABI_VERSION 7

#ifndef MEMSCOPE_EXPORT
#define MEMSCOPE_EXPORT __attribute__ ((visibility ("default")))
#endif

/* __memscope_scope_desc.kind */
enum {
  MEMSCOPE_SCOPE_FUNCTION = 0,  /* a function body; parameters live here */
  MEMSCOPE_SCOPE_BLOCK = 1,     /* a lexical block that holds a variable in memory */
};

/* __memscope_scope_desc.flags */
enum {
  MEMSCOPE_SCOPE_INLINED = 1u << 0,     /* a function body the optimizer inlined into its caller */
  MEMSCOPE_SCOPE_PART = 1u << 1,        /* a piece of a function the optimizer split off (f.part.0) */
  MEMSCOPE_SCOPE_RELATIVE = 1u << 2,    /* its pointer fields are relative (above) */
};

/* Bits 8-12 of the flags: the slot of the runtime's per-context cache that
 * the site is looked up through (the plugin spreads the sites it describes
 * over the slots, and calls the trampoline of that slot). */
#define MEMSCOPE_SCOPE_SLOTS 32
#define MEMSCOPE_SCOPE_SLOT_SHIFT 8
#define MEMSCOPE_SCOPE_SLOT(flags) (((flags) >> MEMSCOPE_SCOPE_SLOT_SHIFT) & (MEMSCOPE_SCOPE_SLOTS - 1))

/* Bits 16-31 of the flags, when not 0: one more than how many of the
 * scope's variables, from the first, its code names at run time (an
 * alloca, a VLA, a variable that a heap block is stored into): the runtime
 * keeps per-context statistics for those only.  0: for every variable. */
#define MEMSCOPE_SCOPE_STATS_SHIFT 16
#define MEMSCOPE_SCOPE_STATS(flags) ((flags) >> MEMSCOPE_SCOPE_STATS_SHIFT)

/* __memscope_var_desc.flags */
enum {
  MEMSCOPE_VAR_PARAM = 1u << 0,         /* a function parameter */
  MEMSCOPE_VAR_VLA = 1u << 1,           /* size known only at run time: __memscope_var_dyn */
  MEMSCOPE_VAR_NOADDR = 1u << 2,        /* not counted: the compiled code keeps no memory object for it */
  MEMSCOPE_VAR_ALLOCA = 1u << 3,        /* an alloca() call site: __memscope_alloca */
  MEMSCOPE_VAR_NESTED_FRAME = 1u << 4,  /* lives in a nested function's frame object */
  MEMSCOPE_VAR_IN_FRAME = 1u << 5,      /* in the stack frame: at cfa_offset from the CFA */
  MEMSCOPE_VAR_REGISTER = 1u << 6,      /* kept in registers by the compiled code */
  MEMSCOPE_VAR_OPTIMIZED_OUT = 1u << 7, /* removed by the optimizer */
  MEMSCOPE_VAR_RELATIVE = 1u << 8,      /* its pointer fields are relative (above) */
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
  int64_t cfa_offset;  /* MEMSCOPE_VAR_IN_FRAME: its address minus the function's CFA */
} __memscope_var_desc;

/* One scope site: a function body, an inlined function body or a lexical
 * block. */
typedef struct __memscope_scope_desc
{
  uint32_t abi_version;                        /* MEMSCOPE_ABI_VERSION */
  uint32_t kind;                               /* MEMSCOPE_SCOPE_* */
  const char *function;                        /* printable name of the function */
  const char *file;
  uint32_t line;
  uint32_t depth;                              /* lexical depth: 0 for a function */
  const struct __memscope_scope_desc *parent;  /* enclosing site: NULL for a function
                                                * that was not inlined */
  uint32_t nvars;
  uint32_t flags;                              /* MEMSCOPE_SCOPE_* flags */
  const __memscope_var_desc *vars;             /* nvars entries, uncounted ones included */
  uint64_t counted_bytes;                      /* bytes of its counted fixed-size variables
                                                * (flag IN_FRAME, not NOADDR): live from
                                                * each entry to its exit */
  uint64_t stack_frame;                        /* function scopes: the static frame GCC laid
                                                * out, return address included (as
                                                * -fstack-usage says); 0 otherwise */
  const struct __memscope_scope_desc *site;    /* the site this describes one instance of:
                                                * the optimizer may inline one function
                                                * in several places, each instance with
                                                * its own descriptor (same variables, in
                                                * the same order); NULL: itself */
} __memscope_scope_desc;

/* One call to an allocator in instrumented code, in the section
 * memscope_callsites of the object that holds it: the runtime names the
 * site of a heap block by the return address of the allocator's caller,
 * the entry whose call is the last one before it (a call instruction is
 * at most 16 bytes). */
typedef struct __memscope_call_site
{
  const void *call;      /* the call instruction (pointers relative, above) */
  const char *file;
  uint64_t line;
  const char *function;  /* the function the call is in (the inlined one) */
} __memscope_call_site;

/* What a pointer field of a descriptor points at, relative or not:
 * MEMSCOPE_VAR_FIELD (var, name) is the variable's name. */
static __inline__ const void *
__memscope_field (const void *const *field, int relative)
{
  uintptr_t v = (uintptr_t) *field;

  return relative && v != 0 ? (const void *) ((uintptr_t) field + v) : (const void *) v;
}

#define MEMSCOPE_SCOPE_FIELD(d, f) \
  __memscope_field ((const void *const *) &(d)->f, ((d)->flags & MEMSCOPE_SCOPE_RELATIVE) != 0)
#define MEMSCOPE_VAR_FIELD(v, f) \
  __memscope_field ((const void *const *) &(v)->f, ((v)->flags & MEMSCOPE_VAR_RELATIVE) != 0)
#define MEMSCOPE_CALL_SITE_FIELD(c, f) __memscope_field ((const void *const *) &(c)->f, 1)

/* The instrumentation entry points, in the ordinary C calling convention.
 * All of them are async-signal-safe, never block, never allocate in the
 * steady state, and tolerate being called before the runtime is
 * initialised and after the report was written.
 *
 * enter/exit bracket every instance of a scope site; exit with a descriptor
 * that is not on top of the calling thread's stack resynchronises (pops down
 * to it, or is counted and ignored when absent).  A scope's counted
 * fixed-size variables (counted_bytes) are live from its enter to its exit.
 *
 * var registers one more variable of the innermost scope (var must be an
 * element of that scope descriptor's vars, and one of the first
 * MEMSCOPE_SCOPE_STATS (flags) - 1 where its flags give that count; this
 * holds for every call below that names a variable) until the scope exits: for
 * hand-written descriptors; the plugin accounts fixed-size variables
 * through counted_bytes instead.  var_dyn does the same with a run-time size
 * (VLA).  alloca registers an alloca() block for the lifetime of the
 * innermost function scope (var is an element of the function descriptor's
 * vars).  resync is called right after every returns-twice call (setjmp,
 * vfork...) returns and at every exception landing pad, with the innermost
 * instrumented scope at that point. */
MEMSCOPE_EXPORT void __memscope_enter (const __memscope_scope_desc *scope);
MEMSCOPE_EXPORT void __memscope_exit (const __memscope_scope_desc *scope);
MEMSCOPE_EXPORT void __memscope_var (const __memscope_var_desc *var, const void *addr);
MEMSCOPE_EXPORT void __memscope_var_dyn (const __memscope_var_desc *var, const void *addr, uint64_t size);
MEMSCOPE_EXPORT void __memscope_alloca (const __memscope_var_desc *var, const void *addr, uint64_t size);
MEMSCOPE_EXPORT void __memscope_resync (const __memscope_scope_desc *scope);

/* The same, as the plugin calls them (x86-64).  The plugin places its calls
 * after register allocation, in the optimized code, so they follow a
 * convention of their own: the descriptor in %r11, every other register and
 * the stack below %rsp (the red zone is the caller's business) preserved,
 * the flags excepted.  The _x variants may also clobber %rax and %r10
 * (enter) or %r10 (exit): the plugin calls them where those are dead.
 *   tramp_enter_S, tramp_enter_x_S
 *                                 __memscope_enter (%r11), for a site whose
 *                                 cache slot is S (0 to 15)
 *   tramp_enter_m_S, tramp_enter_mx_S
 *                                 the same, in the middle of a function (a
 *                                 block, an inlined body)
 *   tramp_enter_v_S, _vx_S, _vm_S, _vmx_S
 *                                 the same, for a scope with counted_bytes
 *   tramp_count_S, tramp_count_x_S, tramp_count_m_S, tramp_count_mx_S
 *                                 an enter and its exit at once, for a
 *                                 scope only counted (nothing can run
 *                                 within it that needs its frame)
 *   tramp_exit, tramp_exit_x      __memscope_exit (%r11)
 *   tramp_exit_v, tramp_exit_vx   the same, for a scope with counted_bytes
 *   tramp_resync                  __memscope_resync (%r11)
 *   tramp_dyn                     __memscope_var_dyn or __memscope_alloca, by
 *                                 the descriptor's flags (%r11; the address
 *                                 and then the size pushed by the caller, so
 *                                 at 8(%rsp) and 16(%rsp) in the trampoline)
 *   tramp_owner                   __memscope_heap_owner (%r11; the block
 *                                 pushed by the caller, at 8(%rsp))
 * Not meant to be called from C.
 *
 * Where registers are free, the plugin runs the common case of enter,
 * count and exit (the trampolines' first branch) inline and calls the
 * trampoline only when a check fails, before it has stored anything.  That
 * code reads the calling thread's state, __memscope.thread.v7, at the
 * offsets of the runtime's hotpath-layout.h: initial-exec TLS in code that
 * may go into a shared library (-fPIC), local-exec in an executable's,
 * whose units then also define the state (a COMDAT in .tdata, its first
 * word the address of __memscope.boot_frame.v6, the rest zero), so that
 * the runtime and every module use the executable's.  The offsets and the
 * size are part of this version of the contract, and the names carry the
 * version, so that an object built for another one does not link. */
MEMSCOPE_EXPORT void __memscope_tramp_exit (void);
MEMSCOPE_EXPORT void __memscope_tramp_exit_x (void);
MEMSCOPE_EXPORT void __memscope_tramp_exit_v (void);
MEMSCOPE_EXPORT void __memscope_tramp_exit_vx (void);
MEMSCOPE_EXPORT void __memscope_tramp_resync (void);
MEMSCOPE_EXPORT void __memscope_tramp_dyn (void);
MEMSCOPE_EXPORT void __memscope_tramp_owner (void);

/* Called right after a call whose pointer result is stored into a described
 * local or parameter (p = malloc (n), buf = realloc (buf, m), s = strdup (x),
 * and calls to functions declared __attribute__ ((malloc))): the heap block
 * at `block`, if the runtime tracks it, is owned by the site of `var` (an
 * element of the vars of the innermost scope descriptor or of an enclosing
 * one of the same function, uncounted ones included, within the count that
 * MEMSCOPE_SCOPE_STATS gives).
 * NULL blocks and blocks the runtime does not track are ignored. */
MEMSCOPE_EXPORT void __memscope_heap_owner (const __memscope_var_desc *var, const void *block);

#ifdef __cplusplus
}
#endif

#endif /* MEMSCOPE_ABI_H */

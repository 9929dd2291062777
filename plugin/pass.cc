/* pass.cc: the memscope RTL pass, run after `stack` (after scheduling).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every optimization is done: inlining, cloning, register allocation,
 * frame layout, scheduling.  The pass adds its own instructions and
 * changes nothing else, so the function keeps the frame, the inlining, the
 * tail calls and the registers plain GCC gave it.
 *
 * Before (x86-64, -O2):                 After:
 *
 *   f:                                    f:
 *                                           lea .LMSS0(%rip),%r11        [5]
 *                                           call *__memscope_tramp_enter_x@GOTPCREL(%rip)
 *     push %rbx                             push %rbx
 *     sub $80,%rsp                          sub $80,%rsp
 *     ...      ; insns of block {b}         ...
 *                                           lea .LMSS1(%rip),%r11        [6]
 *                                           call *__memscope_tramp_enter_v...
 *     call g   ; b's buf in memory          call g
 *     mov %rax,%rbx                         mov %rax,%rbx
 *     ...      ; after the block            lea .LMSS1(%rip),%r11; call ...exit
 *     add $80,%rsp                          add $80,%rsp
 *     pop %rbx                              pop %rbx
 *                                           lea .LMSS0(%rip),%r11        [7]
 *                                           call *__memscope_tramp_exit_x@GOTPCREL(%rip)
 *     jmp h    ; a tail call                jmp h
 *
 * The enter comes before the prologue and the exit after the epilogue,
 * where the stack pointer is the CFA minus 8 and %r11, %r10 and the flags
 * are free; a tail call stays a jump.  Markers in the middle of a function
 * save what is live there: the flags, %r11, and in a function that keeps
 * data below its stack pointer (a leaf, the red zone) they step over it.
 *
 * Steps:
 *   [1] Scopes: the function's source scopes (collect.cc), and those of
 *       every function inlined into it, found through the BLOCK tree:
 *       each BLOCK is a copy of a source block, an inlined function's body
 *       (inlined_function_outer_scope_p), or folds into its parent.
 *   [2] Variables: where each one ended up.  In memory (DECL_RTL a MEM:
 *       its offset from the CFA, from the frame layout), in registers, or
 *       gone.  Those the source keeps in memory and the code still does
 *       are counted: their bytes are live from the scope's entry to its
 *       exit.  A block is a scope of its own when it counts one (and no
 *       jump enters it); the others fold into their parent.
 *   [3] Regions: each instruction belongs to the innermost scope with an
 *       enter and exit (a dynamic scope) that its location's BLOCK lies
 *       in.  Within a basic block, the span from a scope's first to its
 *       last instruction is the scope's, so scheduling's interleaving does
 *       not count one instance as several.  Scopes whose entry or exit
 *       would have to sit on an edge that cannot take code (abnormal,
 *       exception) fold into their parent, and the regions are worked out
 *       again.
 *   [4] The markers mark.cc left (VLA and alloca allocations, allocator
 *       results) become calls with the registers that hold their values.
 *   [5] The function's enter, before the first instruction, and the
 *       descriptors of its scopes and variables beside it.
 *   [6] Enters and exits between instructions of a basic block whose
 *       scopes differ, and on the edges between basic blocks whose scopes
 *       differ (commit_edge_insertions places them, splitting an edge
 *       where it must).
 *   [7] Before each return and each tail call: the exits of the scopes
 *       still open, then the function's.
 *   [8] After each returns-twice call (setjmp...) and at each exception
 *       landing pad: a resync to the scope there.
 *   [9] Before each call to an allocator, a label and its entry in the
 *       table of call sites (descriptors.cc): the runtime names the file
 *       and line a heap block comes from by its caller's return address.
 */
#include "memscope-plugin.h"
#include "memscope-abi.h"

struct ms_scope
{
  const ms_src_func *src;       /* the function whose source it comes from */
  int src_index;                /* its scope there */
  int base;                     /* index of src's scope 0 in this instance */
  int parent;                   /* enclosing scope, -1 for the function's */
  bool inline_root;             /* an inlined function's body */
  bool has_code;                /* some instruction's location lies in it */
  bool site;                    /* gets a descriptor of its own */
  bool dynamic;                 /* gets an enter and an exit */
  bool count_only;              /* ... or only a count at each entry ([3b]) */
  int owner;                    /* the site its variables are described in */
  int dyn;                      /* the nearest dynamic scope, itself or above */
  tree *late_vars;              /* per source variable: its copy here, or NULL */
  memscope_scope_info info;
};

struct ms_fn
{
  tree fndecl;
  vec<ms_scope> scopes;
  hash_map<tree, int> *block_scope;
  bool leaf;                    /* may keep data in the red zone */
  bool failed;                  /* something unexpected: leave the function alone */
  unsigned nmarkers;
  HARD_REG_SET clobbered;       /* what the plain function may change */
  hash_set<tree> *in_registers; /* variables some register holds (REG_EXPR) */
};

/* [1] ------------------------------------------------------------------- */

static int
new_instance (ms_fn *f, const ms_src_func *src, int parent, bool inlined)
{
  int base = f->scopes.length ();

  for (unsigned k = 0; k < src->scopes.length (); k++)
    {
      ms_scope s;
      memset (&s, 0, sizeof s);
      s.src = src;
      s.src_index = k;
      s.base = base;
      s.parent = k == 0 ? parent : base + src->scopes[k].parent;
      s.inline_root = k == 0 && inlined;
      s.late_vars = XCNEWVEC (tree, src->scopes[k].vars.length () + 1);
      f->scopes.safe_push (s);
    }
  return base;
}

static bool
is_inlined_body (tree block)
{
  tree origin;

  if (!inlined_function_outer_scope_p (block))
    return false;
  origin = block_ultimate_origin (block);
  return origin && TREE_CODE (origin) == FUNCTION_DECL;
}

/* Whether BLOCK is the body of an inlined function that no call of the
   source asked for: a part of the function that the optimizer split off
   (f.part.0) and inlined back.  That is still the function's own code, not
   a call of it.  */
static bool
is_made_up_call (tree block)
{
  return !memscope_is_source_call (BLOCK_SOURCE_LOCATION (block),
                                   block_ultimate_origin (block));
}

/* Maps BLOCK and everything below it to scopes; SCOPE is the scope of the
   enclosing BLOCK, BASE the instance it belongs to.  */
static void
map_blocks (ms_fn *f, tree block, int scope, int base)
{
  for (; block; block = BLOCK_CHAIN (block))
    {
      int here = scope, here_base = base;

      if (is_inlined_body (block) && !is_made_up_call (block))
        {
          const ms_src_func *callee
            = memscope_src_func (block_ultimate_origin (block));
          if (callee)
            {
              here_base = new_instance (f, callee, scope, true);
              here = here_base;
            }
        }
      else
        {
          tree origin = BLOCK_ORIGIN (block);
          const ms_src_func *src = f->scopes[base].src;
          int *k = src->block_scope->get (origin);
          if (k)
            here = base + *k;
        }
      f->block_scope->put (block, here);
      map_blocks (f, BLOCK_SUBBLOCKS (block), here, here_base);
    }
}

/* Copies of the source variables: the declarations of BLOCK's scope
   instance whose origin is a source variable of it.  */
static void
find_late_vars (ms_fn *f, tree block)
{
  for (; block; block = BLOCK_CHAIN (block))
    {
      int *scope = f->block_scope->get (block);
      if (scope)
        {
          ms_scope *s = &f->scopes[*scope];
          const ms_src_func *src = s->src;
          for (tree v = BLOCK_VARS (block); v; v = DECL_CHAIN (v))
            {
              int k;
              const ms_src_var *sv;
              if (!DECL_P (v) || !(sv = memscope_src_var (src, v, &k)))
                continue;
              ms_scope *owner = &f->scopes[s->base + k];
              unsigned index = sv - &src->scopes[k].vars[0];
              owner->late_vars[index] = v;
            }
        }
      find_late_vars (f, BLOCK_SUBBLOCKS (block));
    }
}

/* [2] ------------------------------------------------------------------- */

/* The offset of ADDR from the CFA, if it is a constant distance from one of
   the frame's base registers.  */
static bool
offset_from_cfa (rtx addr, HOST_WIDE_INT *offset)
{
  HOST_WIDE_INT c = 0;
  rtx base = addr;
  unsigned regno;

  if (GET_CODE (addr) == PLUS && CONST_INT_P (XEXP (addr, 1)))
    {
      base = XEXP (addr, 0);
      c = INTVAL (XEXP (addr, 1));
    }
  if (!REG_P (base))
    return false;
  regno = REGNO (base);
  /* The arg pointer is the CFA on x86-64; every other base is an
     elimination away from it.  */
  if (regno == ARG_POINTER_REGNUM)
    *offset = c;
  else if (regno == FRAME_POINTER_REGNUM)
    *offset = c + ix86_initial_elimination_offset (FRAME_POINTER_REGNUM,
                                                   STACK_POINTER_REGNUM)
              - ix86_initial_elimination_offset (ARG_POINTER_REGNUM,
                                                 STACK_POINTER_REGNUM);
  else if (regno == HARD_FRAME_POINTER_REGNUM)
    *offset = c - ix86_initial_elimination_offset (ARG_POINTER_REGNUM,
                                                   HARD_FRAME_POINTER_REGNUM);
  else if (regno == STACK_POINTER_REGNUM)
    *offset = c - ix86_initial_elimination_offset (ARG_POINTER_REGNUM,
                                                   STACK_POINTER_REGNUM);
  else
    return false;
  return true;
}

/* Where LATE (a copy of the source variable SV, or SV's own declaration)
   lives: MEMSCOPE_VAR_IN_FRAME, _REGISTER or _OPTIMIZED_OUT, and its
   offset from the CFA when in the frame.  */
static hash_set<tree> *in_registers;

/* The variables whose values some register holds at some point: the
   register attributes GCC keeps for debug information.  */
static void
note_registers (ms_fn *f)
{
  f->in_registers = new hash_set<tree>;
  for (rtx_insn *insn = get_insns (); insn; insn = NEXT_INSN (insn))
    if (INSN_P (insn))
      {
        subrtx_iterator::array_type array;
        FOR_EACH_SUBRTX (iter, array, PATTERN (insn), NONCONST)
          if (REG_P (*iter) && REG_EXPR (*iter) && DECL_P (REG_EXPR (*iter)))
            f->in_registers->add (REG_EXPR (*iter));
      }
  in_registers = f->in_registers;
}

static unsigned
storage (const ms_src_var *sv, tree late, HOST_WIDE_INT *offset)
{
  rtx rtl;

  *offset = 0;
  if (!late)
    return MEMSCOPE_VAR_OPTIMIZED_OUT;
  if ((sv->flags & MEMSCOPE_VAR_NESTED_FRAME) && DECL_HAS_VALUE_EXPR_P (late))
    {
      /* FRAME.N.field: the FRAME.N record is what holds it.  */
      tree ref = DECL_VALUE_EXPR (late);
      tree base = get_base_address (ref);
      tree field = TREE_OPERAND (ref, 1);
      if (!base || !DECL_P (base) || !DECL_RTL_SET_P (base)
          || !MEM_P (DECL_RTL (base)))
        return MEMSCOPE_VAR_OPTIMIZED_OUT;
      if (offset_from_cfa (XEXP (DECL_RTL (base), 0), offset)
          && tree_fits_shwi_p (byte_position (field)))
        *offset += tree_to_shwi (byte_position (field));
      return MEMSCOPE_VAR_IN_FRAME;
    }
  if (sv->flags & MEMSCOPE_VAR_VLA)
    return MEMSCOPE_VAR_IN_FRAME;
  if (!DECL_RTL_SET_P (late))
    return in_registers->contains (late) ? MEMSCOPE_VAR_REGISTER
                                          : MEMSCOPE_VAR_OPTIMIZED_OUT;
  rtl = DECL_RTL (late);
  if (MEM_P (rtl))
    {
      if (TREE_CODE (late) == PARM_DECL && DECL_BY_REFERENCE (late))
        return MEMSCOPE_VAR_IN_FRAME;
      offset_from_cfa (XEXP (rtl, 0), offset);
      return MEMSCOPE_VAR_IN_FRAME;
    }
  if (TREE_CODE (late) == PARM_DECL && DECL_BY_REFERENCE (late))
    return MEMSCOPE_VAR_IN_FRAME;   /* the object is the caller's copy */
  return MEMSCOPE_VAR_REGISTER;
}

static bool
counted (const ms_src_var *sv, unsigned where)
{
  return ((sv->flags & MS_SRC_MEMORY) && where == MEMSCOPE_VAR_IN_FRAME
          && !(sv->flags & MEMSCOPE_VAR_VLA));
}

/* The late declaration of the source variable INDEX of scope S: a copy for
   inlined and cloned bodies, the declaration itself otherwise.  */
static tree
late_var (ms_fn *f, ms_scope *s, unsigned index)
{
  if (s->late_vars[index])
    return s->late_vars[index];
  if (s->src->fndecl == f->fndecl)
    return s->src->scopes[s->src_index].vars[index].decl;
  return NULL_TREE;
}

/* Whether scope S holds memory of its own: a counted variable, or a VLA
   the code still allocates.  */
static bool
scope_counts_something (ms_fn *f, ms_scope *s)
{
  const ms_src_scope *ss = &s->src->scopes[s->src_index];
  HOST_WIDE_INT off;

  for (unsigned i = 0; i < ss->vars.length (); i++)
    {
      const ms_src_var *sv = &ss->vars[i];
      unsigned where = storage (sv, late_var (f, s, i), &off);
      if (counted (sv, where)
          || ((sv->flags & MEMSCOPE_VAR_VLA) && where == MEMSCOPE_VAR_IN_FRAME))
        return true;
    }
  return false;
}

/* Whether the source of scope S declares something it keeps in memory.  */
static bool
source_holds_memory (const ms_scope *s)
{
  const ms_src_scope *ss = &s->src->scopes[s->src_index];

  for (unsigned i = 0; i < ss->vars.length (); i++)
    if (ss->vars[i].flags & MS_SRC_MEMORY)
      return true;
  return false;
}

/* Which scopes are sites and which are dynamic.  Sites follow the source,
   so that every instance of a function (inlined here and there, or not)
   has the same sites with the same variables: a block is a site when it
   declares something the source keeps in memory and no jump enters it.
   Dynamic (an enter and an exit at run time) are the sites the optimized
   code still has: the function, the body of each inlined function, and the
   blocks that still hold memory in this instance.  */
static void
choose_scopes (ms_fn *f)
{
  /* Scopes are in pre-order: parents first.  */
  for (unsigned i = 0; i < f->scopes.length (); i++)
    {
      ms_scope *s = &f->scopes[i];
      if (i == 0 || s->inline_root)
        s->site = true;
      else
        s->site = (memscope_opts.blocks
                   && !s->src->scopes[s->src_index].jumped_into
                   && source_holds_memory (s));
      s->owner = s->site ? (int) i : f->scopes[s->parent].owner;
    }
  for (unsigned i = 0; i < f->scopes.length (); i++)
    {
      ms_scope *s = &f->scopes[i];
      s->dynamic = (i == 0
                    || (s->site && s->has_code
                        && (s->inline_root || scope_counts_something (f, s))));
      s->dyn = s->dynamic ? (int) i : f->scopes[s->parent].dyn;
    }
}

static unsigned next_function_slot;     /* 0: not started */
#define MS_FUNCTION_SLOTS 20

static void
describe_scopes (ms_fn *f)
{
  unsigned *siblings = XCNEWVEC (unsigned, f->scopes.length ());

  for (unsigned i = 0; i < f->scopes.length (); i++)
    {
      ms_scope *s = &f->scopes[i];
      ms_scope *owner = &f->scopes[s->owner];
      const ms_src_scope *ss = &s->src->scopes[s->src_index];

      if (s->site)
        {
          memscope_scope_info *d = &s->info;
          ms_src_scope *canonical
            = const_cast<ms_src_scope *> (&s->src->scopes[s->src_index]);
          d->label = memscope_new_label ("LMSS");
          /* The first instance this unit describes stands for the site.  */
          if (!canonical->site_label)
            canonical->site_label = d->label;
          d->site_label = canonical->site_label == d->label
                          ? NULL : canonical->site_label;
          d->function = lang_hooks.decl_printable_name (s->src->fndecl, 2);
          d->loc = ss->loc;
          d->kind = (i == 0 || s->inline_root) ? MEMSCOPE_SCOPE_FUNCTION
                                               : MEMSCOPE_SCOPE_BLOCK;
          d->flags = s->inline_root ? MEMSCOPE_SCOPE_INLINED : 0;
          /* Spread over the cache slots, which a context's children
             share: functions (the callees of a context) over the first
             MS_FUNCTION_SLOTS, by a counter that runs through the unit
             from a start of the unit's own (a caller's callees come from
             many units: every unit's third function in one slot would
             collide), and the blocks and inlined bodies of one function
             (children of its context, or of each other) in turn over the
             others, so that a function's own scopes never take the slot
             of a function it calls.  */
          if (next_function_slot == 0)
            next_function_slot = 1 + htab_hash_string (main_input_filename
                                                       ? main_input_filename
                                                       : "");
          unsigned slot;
          if (i == 0)
            slot = next_function_slot++ % MS_FUNCTION_SLOTS;
          else
            {
              /* In turn among the children of the one context above.  */
              int p = s->parent >= 0 ? f->scopes[s->parent].dyn : 0;
              slot = MS_FUNCTION_SLOTS
                     + siblings[p] % (MEMSCOPE_SCOPE_SLOTS - MS_FUNCTION_SLOTS);
              siblings[p] += s->dynamic;
            }
          d->flags |= slot << MEMSCOPE_SCOPE_SLOT_SHIFT;
          if (i == 0 && s->src->fndecl != f->fndecl)
            {
              cgraph_node *node = cgraph_node::get (f->fndecl);
              if (node && node->split_part)
                d->flags |= MEMSCOPE_SCOPE_PART;
            }
          if (d->kind == MEMSCOPE_SCOPE_BLOCK)
            {
              int p = f->scopes[s->parent].owner;
              d->parent_label = f->scopes[p].info.label;
              d->depth = f->scopes[p].info.depth + 1;
            }
          if (i == 0 && cfun->su)
            d->stack_frame = current_function_static_stack_size;
        }
      for (unsigned j = 0; j < ss->vars.length (); j++)
        {
          const ms_src_var *sv = &ss->vars[j];
          memscope_var_info v;
          unsigned where = storage (sv, late_var (f, s, j), &v.cfa_offset);
          v.name = sv->name;
          v.type = sv->type;
          v.loc = sv->loc;
          v.size = sv->size;
          v.flags = (sv->flags & 0xffff) | where;
          if (!counted (sv, where) && !(sv->flags & MEMSCOPE_VAR_VLA))
            v.flags |= MEMSCOPE_VAR_NOADDR;
          if (counted (sv, where))
            owner->info.counted_bytes += sv->size;
          owner->info.vars.safe_push (v);
        }
    }
  free (siblings);
}

/* The position of source variable J of scope S among its owner site's
   variables: "LABEL+OFFSET".  */
static char *
var_position (ms_fn *f, int i, unsigned j)
{
  ms_scope *s = &f->scopes[i];
  ms_scope *owner = &f->scopes[s->owner];
  unsigned pos = 0;

  for (int k = s->owner; k <= i; k++)
    if (f->scopes[k].owner == s->owner)
      pos += (k == i ? j
              : f->scopes[k].src->scopes[f->scopes[k].src_index].vars.length ());
  if (!owner->info.vars_label)
    owner->info.vars_label = memscope_new_label ("LMSV");
  owner->info.named = MAX (owner->info.named, pos + 1);
  return xasprintf ("%s+%u", owner->info.vars_label,
                    (unsigned) (pos * sizeof (__memscope_var_desc)));
}

static int insn_scope (ms_fn *f, rtx_insn *insn);

/* The descriptor reference of VAR (a late declaration, or the source's
   own) for the code at INSN: in the instance (the function itself, or one
   inlined copy) INSN belongs to, or NULL.  */
static char *
var_ref (ms_fn *f, tree var, rtx_insn *insn)
{
  int s = insn_scope (f, insn);

  if (s >= 0)
    {
      int base = f->scopes[s].base, k;
      const ms_src_func *src = f->scopes[base].src;
      const ms_src_var *sv = memscope_src_var (src, var, &k);
      if (sv)
        return var_position (f, base + k, sv - &src->scopes[k].vars[0]);
    }
  for (unsigned i = 0; i < f->scopes.length (); i++)
    {
      ms_scope *sc = &f->scopes[i];
      const ms_src_scope *ss = &sc->src->scopes[sc->src_index];
      for (unsigned j = 0; j < ss->vars.length (); j++)
        if (late_var (f, sc, j) == var)
          return var_position (f, i, j);
    }
  return NULL;
}

/* [3] ------------------------------------------------------------------- */

/* Whether INSN only puts in a register the address of something in the
   frame (lea N(%rsp), %reg) or a constant (a symbol's address, a number):
   the optimizer hoists such instructions out of the scope they belong to,
   where they do not mean the scope runs.  A loop invariant goes above its
   loop; a string an inlined function passes on is loaded into a
   callee-saved register in the prologue, above the calls its caller makes
   first (zstd's main and getenv ("ZSTD_CLEVEL") in init_cLevel).  */
static bool
is_hoisted_constant (rtx_insn *insn)
{
  rtx set = single_set (insn), src;

  if (!set || !REG_P (SET_DEST (set)))
    return false;
  src = SET_SRC (set);
  if (CONSTANT_P (src))
    return true;
  if (GET_CODE (src) == PLUS && CONST_INT_P (XEXP (src, 1)))
    src = XEXP (src, 0);
  return (src == stack_pointer_rtx || src == hard_frame_pointer_rtx
          || src == frame_pointer_rtx);
}

/* The function CALL_INSN calls, if known.  GCC notes the callee
   (REG_CALL_DECL) only when optimizing: else the call's address names it
   (-O0).  */
static tree
call_callee (rtx_insn *call_insn)
{
  tree callee = get_call_fndecl (call_insn);
  rtx call = callee ? NULL_RTX : get_call_rtx_from (call_insn);

  if (call && MEM_P (XEXP (call, 0))
      && GET_CODE (XEXP (XEXP (call, 0), 0)) == SYMBOL_REF)
    callee = SYMBOL_REF_DECL (XEXP (XEXP (call, 0), 0));
  return callee;
}

static int
insn_scope (ms_fn *f, rtx_insn *insn)
{
  location_t loc;
  tree block;

  if (!NONDEBUG_INSN_P (insn) || !INSN_HAS_LOCATION (insn)
      || is_hoisted_constant (insn))
    return -1;
  loc = INSN_LOCATION (insn);
  block = LOCATION_BLOCK (loc);
  while (block && TREE_CODE (block) == BLOCK)
    {
      int *s = f->block_scope->get (block);
      if (s)
        return *s;
      block = BLOCK_SUPERCONTEXT (block);
    }
  return -1;
}

static void
note_code (ms_fn *f)
{
  for (rtx_insn *insn = get_insns (); insn; insn = NEXT_INSN (insn))
    {
      int s = insn_scope (f, insn);
      for (; s >= 0 && !f->scopes[s].has_code; s = f->scopes[s].parent)
        f->scopes[s].has_code = true;
    }
}

static bool
is_ancestor (ms_fn *f, int a, int s)
{
  for (; s >= 0; s = f->scopes[s].parent)
    if (s == a)
      return true;
  return false;
}

/* Per basic block: the dynamic scope of each active instruction, after
   the smoothing of [3]; IN and OUT, the scopes at its ends (-1 for a block
   without active instructions: it takes what flows in).  */
struct ms_bb_scopes
{
  vec<rtx_insn *> insns;
  vec<int> scope;
  vec<int> raw;                 /* scope before smoothing */
  int in, out;
  int entry;                    /* what flows in: IN, or what the block's
                                   abnormal predecessors agree on */
};

/* Edges that cannot take code and whose scopes the runtime cannot repair:
   computed and nonlocal gotos.  Exceptions and longjmp land where a resync
   is placed ([8]).  */
static bool
is_plain_abnormal (edge e)
{
  return ((e->flags & EDGE_ABNORMAL)
          && !(e->flags & (EDGE_EH | EDGE_ABNORMAL_CALL)));
}

/* A call that returns twice (setjmp, sigsetjmp, getcontext...).  After
   register allocation it usually sits inside its basic block: RTL keeps no
   abnormal edges for it.  vfork is left out: its child runs in the
   parent's memory, the runtime's state included, which a resync there
   would change under the parent.  */
static bool
is_setjmp_call (rtx_insn *insn)
{
  if (!CALL_P (insn) || !find_reg_note (insn, REG_SETJMP, NULL))
    return false;
  tree callee = call_callee (insn);
  if (callee && TREE_CODE (callee) == FUNCTION_DECL && DECL_NAME (callee))
    {
      const char *name = IDENTIFIER_POINTER (DECL_NAME (callee));
      return strcmp (name, "vfork") != 0 && strcmp (name, "__vfork") != 0;
    }
  return true;
}

/* Whether BB starts where an exception lands or a returns-twice call that
   ends its predecessor comes back; one inside a block gets its resync
   right after it ([8] within basic blocks).  */
static bool
needs_resync (basic_block bb)
{
  edge e;
  edge_iterator ei;

  FOR_EACH_EDGE (e, ei, bb->preds)
    if ((e->flags & (EDGE_EH | EDGE_ABNORMAL_CALL))
        || (e->src != ENTRY_BLOCK_PTR_FOR_FN (cfun)
            && is_setjmp_call (BB_END (e->src))))
      return true;
  return false;
}

/* HEAD and TAIL, when not -1, are the scopes the code around the basic
   block is in before and after it (all its predecessors end in HEAD, all
   its successors start in TAIL): they take part as if they were one more
   instruction at each end, so that a scope open on both sides of a few of
   the caller's instructions (scheduled into the join of an inlined body's
   branches) stays one instance.  */
static void
smooth (ms_fn *f, ms_bb_scopes *b, int head = -1, int tail = -1)
{
  unsigned n = b->insns.length ();
  hash_map<int_hash<int, -1, -2>, unsigned> first, last;
  auto_vec<int> present;
  auto_vec<int> seq;

  /* Positions: 0 is HEAD, 1..n the instructions, n + 1 TAIL.  HEAD and
     TAIL only stretch scopes some instruction of the block is in: a block
     of the caller's own code between two of a loop's inlined bodies is
     not part of either.  */
  hash_set<int_hash<int, -1, -2> > in_block;
  for (unsigned i = 0; i < n; i++)
    for (int s = b->scope[i]; s > 0; s = f->scopes[f->scopes[s].parent].dyn)
      in_block.add (s);
  seq.safe_push (head);
  for (unsigned i = 0; i < n; i++)
    seq.safe_push (b->scope[i]);
  seq.safe_push (tail);
  for (unsigned i = 0; i < seq.length (); i++)
    for (int s = seq[i]; s > 0; s = f->scopes[f->scopes[s].parent].dyn)
      if ((i > 0 && i <= n) || in_block.contains (s))
      {
        if (!first.get (s))
          {
            first.put (s, i + 1);
            present.safe_push (s);
          }
        last.put (s, i + 1);
      }
  /* Siblings whose spans overlap: the later one starts after the earlier
     one ends.  */
  for (unsigned a = 0; a < present.length (); a++)
    for (unsigned c = a + 1; c < present.length (); c++)
      {
        int x = present[a], y = present[c];
        if (is_ancestor (f, x, y) || is_ancestor (f, y, x))
          continue;
        unsigned *fx = first.get (x), *lx = last.get (x);
        unsigned *fy = first.get (y), *ly = last.get (y);
        if (*fx <= *fy && *fy <= *lx)
          *fy = *lx + 1;
        else if (*fy <= *fx && *fx <= *ly)
          *fx = *ly + 1;
      }
  /* A call of code outside a scope that lies between the scope's first
     and last instructions (the caller's call after an inlined body, with
     one of the body's instructions scheduled past it) is not the
     scope's: the scope ends before it when none of the scope's own calls
     comes after it, or starts after it when none comes before.  */
  for (unsigned a = 0; a < present.length (); a++)
    {
      int s = present[a];
      for (unsigned i = 0; i < n; i++)
        {
          unsigned pos = i + 2;
          if (!CALL_P (b->insns[i]) || pos <= *first.get (s)
              || pos >= *last.get (s)
              || (b->scope[i] >= 0 && is_ancestor (f, s, b->scope[i])))
            continue;
          bool own_before = false, own_after = false;
          for (unsigned j = 0; j < n; j++)
            if (j != i && CALL_P (b->insns[j]) && b->scope[j] >= 0
                && is_ancestor (f, s, b->scope[j]))
              (j < i ? own_before : own_after) = true;
          if (!own_after)
            *last.get (s) = pos - 1;
          else if (!own_before)
            *first.get (s) = pos + 1;
        }
    }
  for (unsigned i = 0; i < n; i++)
    {
      int best = 0;
      for (unsigned a = 0; a < present.length (); a++)
        {
          int s = present[a];
          if (*first.get (s) <= i + 2 && i + 2 <= *last.get (s)
              && is_ancestor (f, best, s))
            best = s;
        }
      b->scope[i] = best;
    }
}

/* What all the predecessors of BB end in (-1: they disagree, or one has
   no scope yet); the function's entry leaves the function's scope.  */
static int
agreed_before (ms_bb_scopes *bbs, basic_block bb)
{
  int agreed = -2;
  edge e;
  edge_iterator ei;

  FOR_EACH_EDGE (e, ei, bb->preds)
    {
      int s = e->src == ENTRY_BLOCK_PTR_FOR_FN (cfun) ? 0 : bbs[e->src->index].out;
      if (s < 0 || (e->flags & EDGE_ABNORMAL) || (agreed != -2 && agreed != s))
        return -1;
      agreed = s;
    }
  return agreed < 0 ? -1 : agreed;
}

/* What all the successors of BB start in (-1: they disagree, none).  */
static int
agreed_after (ms_bb_scopes *bbs, basic_block bb)
{
  int agreed = -2;
  edge e;
  edge_iterator ei;

  FOR_EACH_EDGE (e, ei, bb->succs)
    {
      int s = e->dest == EXIT_BLOCK_PTR_FOR_FN (cfun) ? -1 : bbs[e->dest->index].in;
      if (s < 0 || (e->flags & EDGE_ABNORMAL) || (agreed != -2 && agreed != s))
        return -1;
      agreed = s;
    }
  return agreed < 0 ? -1 : agreed;
}

static void
compute_regions (ms_fn *f, ms_bb_scopes *bbs)
{
  basic_block bb;

  FOR_EACH_BB_FN (bb, cfun)
    {
      ms_bb_scopes *b = &bbs[bb->index];
      b->insns.truncate (0);
      b->scope.truncate (0);
      rtx_insn *insn;
      FOR_BB_INSNS (bb, insn)
        if (NONDEBUG_INSN_P (insn))
          {
            int s = insn_scope (f, insn);
            b->insns.safe_push (insn);
            b->scope.safe_push (s < 0 ? -1 : f->scopes[s].dyn);
          }
      /* Instructions without a scope take their neighbour's.  */
      int known = -1;
      for (unsigned i = 0; i < b->scope.length (); i++)
        if (b->scope[i] >= 0)
          known = b->scope[i];
        else if (known >= 0)
          b->scope[i] = known;
      known = -1;
      for (int i = b->scope.length () - 1; i >= 0; i--)
        if (b->scope[i] >= 0)
          known = b->scope[i];
        else
          b->scope[i] = known;
      if (!b->scope.is_empty () && b->scope[0] < 0)
        for (unsigned i = 0; i < b->scope.length (); i++)
          b->scope[i] = -1;     /* nothing in it has a scope */
      b->raw.truncate (0);
      for (unsigned i = 0; i < b->scope.length (); i++)
        b->raw.safe_push (b->scope[i]);
      if (!b->scope.is_empty () && b->scope[0] >= 0)
        smooth (f, b);
      b->in = b->scope.is_empty () ? -1 : b->scope[0];
      b->out = b->scope.is_empty () ? -1 : b->scope.last ();
    }
  /* Then again with what surrounds each basic block.  */
  for (int round = 0; round < 2; round++)
    FOR_EACH_BB_FN (bb, cfun)
      {
        ms_bb_scopes *b = &bbs[bb->index];
        if (b->raw.is_empty () || b->raw[0] < 0)
          continue;
        int head = agreed_before (bbs, bb), tail = agreed_after (bbs, bb);
        for (unsigned i = 0; i < b->raw.length (); i++)
          b->scope[i] = b->raw[i];
        smooth (f, b, head, tail);
        b->in = b->scope[0];
        b->out = b->scope.last ();
      }
  /* Blocks without a scope of their own take their predecessors' when
     they agree, the function's otherwise.  */
  bool changed = true;
  for (int round = 0; changed && round < 8; round++)
    {
      changed = false;
      FOR_EACH_BB_FN (bb, cfun)
        {
          ms_bb_scopes *b = &bbs[bb->index];
          if (!b->scope.is_empty () && b->scope[0] >= 0)
            continue;
          int agreed = -2;
          edge e;
          edge_iterator ei;
          FOR_EACH_EDGE (e, ei, bb->preds)
            {
              int s = e->src == ENTRY_BLOCK_PTR_FOR_FN (cfun)
                      ? 0 : bbs[e->src->index].out;
              if (s < 0)
                continue;
              agreed = agreed == -2 || agreed == s ? s : 0;
            }
          int s = agreed < 0 ? -1 : agreed;
          if (s != b->in)
            {
              b->in = b->out = s;
              changed = true;
            }
        }
    }
  FOR_EACH_BB_FN (bb, cfun)
    {
      ms_bb_scopes *b = &bbs[bb->index];
      if (b->in < 0)
        b->in = b->out = 0;
      for (unsigned i = 0; i < b->scope.length (); i++)
        if (b->scope[i] < 0)
          b->scope[i] = b->in;
    }
}

static int
common_ancestor (ms_fn *f, int a, int b)
{
  for (; a > 0; a = f->scopes[f->scopes[a].parent].dyn)
    if (is_ancestor (f, a, b))
      return a;
  return 0;
}

static void
demote (ms_fn *f, int from, int to, bool *demoted)
{
  int keep = common_ancestor (f, from, to);

  for (int s = from; s != keep; s = f->scopes[f->scopes[s].parent].dyn)
    {
      f->scopes[s].dynamic = false;
      *demoted = true;
    }
  for (int s = to; s != keep; s = f->scopes[f->scopes[s].parent].dyn)
    {
      f->scopes[s].dynamic = false;
      *demoted = true;
    }
}

/* What flows into each block through edges that cannot take code: their
   sources must agree on it, or the scopes they disagree on stop being
   dynamic.  Returns whether any did; the regions are then worked out
   again.  */
static bool
settle_abnormal_entries (ms_fn *f, ms_bb_scopes *bbs)
{
  basic_block bb;
  bool demoted = false;

  FOR_EACH_BB_FN (bb, cfun)
    {
      ms_bb_scopes *b = &bbs[bb->index];
      int agreed = -1;
      edge e;
      edge_iterator ei;

      b->entry = b->in;
      /* Where an exception or a longjmp lands: the scope the resync finds
         on the stack ([8]) is one the code was in when it left, at most
         the innermost one enclosing both (an inlined destructor in a
         landing pad is entered there).  */
      FOR_EACH_EDGE (e, ei, bb->preds)
        if ((e->flags & (EDGE_EH | EDGE_ABNORMAL_CALL))
            && e->src != ENTRY_BLOCK_PTR_FOR_FN (cfun)
            && bbs[e->src->index].out >= 0)
          b->entry = common_ancestor (f, b->entry, bbs[e->src->index].out);
      /* After setjmp, the code is where it called setjmp, whichever way it
         comes back.  */
      FOR_EACH_EDGE (e, ei, bb->preds)
        if (!(e->flags & EDGE_ABNORMAL) && e->src != ENTRY_BLOCK_PTR_FOR_FN (cfun)
            && is_setjmp_call (BB_END (e->src))
            && bbs[e->src->index].out >= 0)
          b->entry = bbs[e->src->index].out;
      FOR_EACH_EDGE (e, ei, bb->preds)
        {
          /* The function's enter leaves the function's scope open.  */
          if (e->src == ENTRY_BLOCK_PTR_FOR_FN (cfun))
            {
              b->entry = 0;
              break;
            }
          if (!is_plain_abnormal (e))
            continue;
          int s = e->src == ENTRY_BLOCK_PTR_FOR_FN (cfun)
                  ? 0 : bbs[e->src->index].out;
          if (agreed < 0)
            agreed = s;
          else if (agreed != s)
            demote (f, agreed, s, &demoted);
        }
      if (agreed >= 0)
        b->entry = agreed;
    }
  if (demoted)
    for (unsigned i = 0; i < f->scopes.length (); i++)
      {
        ms_scope *s = &f->scopes[i];
        s->dyn = s->dynamic ? (int) i : f->scopes[s->parent].dyn;
      }
  return demoted;
}

/* Markers ---------------------------------------------------------------- */

static const char *
reg64 (unsigned regno)
{
  static const char *const low[] = { "rax", "rdx", "rcx", "rbx",
                                     "rsi", "rdi", "rbp", "rsp" };
  if (regno < 8)
    return low[regno];
  return reg_names[regno];      /* r8..r15 */
}

/* An rtvec of N elements (N may be 0).  rtvec_alloc takes an int in
   GCC 11 and a size_t in GCC 12: its mangled name differs, and a plugin
   built for one would not load into the other before the version check
   could say why (plugin.cc).  gen_rtvec_v is the same in both.  */
static rtvec
new_rtvec (int n, rtx *elts)
{
  rtx one = const0_rtx;
  rtvec v;

  if (n > 0)
    return gen_rtvec_v (n, elts);
  v = gen_rtvec_v (1, &one);
  PUT_NUM_ELEM (v, 0);
  return v;
}

/* What a marker must save around its calls, from the registers live where
   it goes.  */
struct ms_ctx
{
  bool flags_live;
  bool r11_live;
  bool rax_live;
  bool r10_live;
  bool red_zone;                /* step over 128 bytes below %rsp */
  int r11_stash;                /* a register free to hold %r11 meanwhile, or -1 */
  unsigned nfree;               /* registers the marker may use as it likes */
  int free_regs[9];
};

/* The registers the plain function may change, as GCC's interprocedural
   register allocation (-fipa-ra) will work them out for its callers in
   this unit: what its instructions set, and what its calls clobber.  A
   caller compiled later may keep a value in any other register across a
   call to it, so the markers must leave those alone too, dead here or
   not.  A function that may be interposed (a global one in -fPIC code,
   without -fno-semantic-interposition) has no such callers: they trust
   only its ABI (cgraph_node::rtl_info), so whatever that lets it clobber
   is free where it is dead.  */
static void
note_clobbered (ms_fn *f)
{
  CLEAR_HARD_REG_SET (f->clobbered);
  enum availability avail = AVAIL_AVAILABLE;
  if (cgraph_node *node = cgraph_node::get (current_function_decl))
    node->ultimate_alias_target (&avail);
  if (avail < AVAIL_AVAILABLE)
    f->clobbered = fndecl_abi (current_function_decl).full_and_partial_reg_clobbers ();
  for (rtx_insn *insn = get_insns (); insn; insn = NEXT_INSN (insn))
    if (NONDEBUG_INSN_P (insn))
      {
        HARD_REG_SET set;
        /* As final.cc's collect_fn_hard_reg_usage: a call clobbers what
           its callee's ABI says, a call to itself nothing more.  */
        if (CALL_P (insn))
          {
            tree callee = call_callee (insn);
            if (!(callee == current_function_decl
                  && decl_binds_to_current_def_p (callee)))
              f->clobbered |= insn_callee_abi (insn).full_and_partial_reg_clobbers ();
          }
        find_all_hard_reg_sets (insn, &set, false);
        f->clobbered |= set;
      }
}

static bool
must_keep (ms_fn *f, regset live, unsigned regno)
{
  return REGNO_REG_SET_P (live, regno)
         || !TEST_HARD_REG_BIT (f->clobbered, regno);
}

static ms_ctx
context_from (ms_fn *f, regset live, bool mid_function)
{
  ms_ctx c;

  /* No caller keeps the flags live across a call (GCC never does, with
     or without -fipa-ra): only what the function itself has live counts. */
  c.flags_live = REGNO_REG_SET_P (live, FLAGS_REG);
  c.r11_live = must_keep (f, live, R11_REG);
  c.rax_live = must_keep (f, live, AX_REG);
  c.r10_live = must_keep (f, live, R10_REG);
  c.red_zone = mid_function && f->leaf;
  /* Dead here and changed by the plain function anyway (note_clobbered):
     free for an inline fast path.  */
  {
    static const unsigned scratch[] = { AX_REG, DX_REG, CX_REG, SI_REG, DI_REG,
                                        R8_REG, R9_REG, R10_REG, R11_REG };
    c.nfree = 0;
    for (unsigned i = 0; i < ARRAY_SIZE (scratch); i++)
      if (!must_keep (f, live, scratch[i]))
        c.free_regs[c.nfree++] = scratch[i];
  }
  /* %r11 kept in another register rather than on the stack, so that the
     trampoline sees the stack pointer of the instrumentation point.  */
  c.r11_stash = -1;
  if (c.r11_live)
    {
      static const unsigned candidates[] = { AX_REG, CX_REG, DX_REG, SI_REG,
                                             DI_REG, R8_REG, R9_REG, R10_REG };
      for (unsigned i = 0; i < ARRAY_SIZE (candidates) && c.r11_stash < 0; i++)
        if (!must_keep (f, live, candidates[i]))
          c.r11_stash = candidates[i];
    }
  return c;
}

struct ms_call
{
  enum { ENTER, EXIT, RESYNC, COUNT } what;
  const char *label;
  bool counted;                 /* ENTER or EXIT of a scope with counted_bytes */
  unsigned HOST_WIDE_INT bytes; /* those bytes */
  const char *site;             /* the label of its site's descriptor */
  bool mid;                     /* ENTER of a block or an inlined body */
  unsigned slot;                /* ENTER: the site's cache slot */
};

#define ADD(...) ms_text_add (text, __VA_ARGS__)

/* Appends to TEXT the calls to the trampolines for CALLS in order, in the
   context C, with what they save around them; *CLOBBER_RAX and
   *CLOBBER_R10 say whether the kinds chosen change those.  */
static void
call_text (ms_text *text, const ms_call *calls, unsigned n, ms_ctx c,
           bool *clobber_rax, bool *clobber_r10)
{
  bool clobber_rax_ = false, clobber_r10_ = false;
#define clobber_rax clobber_rax_
#define clobber_r10 clobber_r10_
  if (c.red_zone)
    ADD ("lea -128(%%%%rsp),%%%%rsp\n\t");
  if (c.flags_live)
    ADD ("pushfq\n\t");
  if (c.r11_live && c.r11_stash >= 0)
    {
      /* The trampolines preserve everything but %r11: use the saving
         kinds, so that they leave the stash alone.  */
      ADD ("mov %%%%r11,%%%%%s\n\t", reg64 (c.r11_stash));
      c.rax_live = c.r10_live = true;
    }
  else if (c.r11_live)
    ADD ("push %%%%r11\n\t");
  for (unsigned i = 0; i < n; i++)
    {
      const char *fn;
      char name[48];
      switch (calls[i].what)
        {
        case ms_call::ENTER:
          {
            bool x = !c.rax_live && !c.r10_live;
            snprintf (name, sizeof name, "__memscope_tramp_enter_%s%s%s%s%u",
                      calls[i].counted ? "v" : "", calls[i].mid ? "m" : "",
                      x ? "x" : "",
                      calls[i].counted || calls[i].mid || x ? "_" : "",
                      calls[i].slot);
            fn = name;
            clobber_rax |= x;
            clobber_r10 |= x;
          }
          break;
        case ms_call::EXIT:
          snprintf (name, sizeof name, "__memscope_tramp_exit%s%s",
                    calls[i].counted || !c.r10_live ? "_" : "",
                    calls[i].counted ? (c.r10_live ? "v" : "vx")
                    : (c.r10_live ? "" : "x"));
          fn = name;
          clobber_r10 |= !c.r10_live;
          break;
        case ms_call::COUNT:
          {
            bool x = !c.rax_live && !c.r10_live;
            snprintf (name, sizeof name, "__memscope_tramp_count_%s%s%s%u",
                      calls[i].mid ? "m" : "", x ? "x" : "",
                      calls[i].mid || x ? "_" : "", calls[i].slot);
            fn = name;
            clobber_rax |= x;
            clobber_r10 |= x;
          }
          break;
        default:
          fn = "__memscope_tramp_resync";
          break;
        }
      ADD ("lea %s(%%%%rip),%%%%r11\n\tcall *%s@GOTPCREL(%%%%rip)\n\t",
           calls[i].label, fn);
    }
  if (c.r11_live && c.r11_stash >= 0)
    ADD ("mov %%%%%s,%%%%r11\n\t", reg64 (c.r11_stash));
  else if (c.r11_live)
    ADD ("pop %%%%r11\n\t");
  if (c.flags_live)
    ADD ("popfq\n\t");
  if (c.red_zone)
    ADD ("lea 128(%%%%rsp),%%%%rsp\n\t");
#undef clobber_rax
#undef clobber_r10
  *clobber_rax |= clobber_rax_;
  *clobber_r10 |= clobber_r10_;
}

/* The hot path's state as the trampolines read it (one source of the
   offsets for both).  */
#include "../runtime/hotpath-layout.h"

#define MS_STR_(x) #x
#define MS_STR(x) MS_STR_ (x)

/* Whether this unit's code goes into an executable, where the inline paths
   read the thread state as local-exec TLS (one instruction and no register
   less than initial-exec's) and the unit defines it (thread_state_text).
   -fPIC code may go into a shared library: initial-exec, as everywhere
   with tls=initial-exec (for -fPIE objects linked into one).  */
static bool
local_exec (void)
{
  return memscope_opts.tls == 0 && (!flag_pic || flag_pie);
}

/* The thread state's definition in an executable's unit, once per unit, as
   the runtime's (hotpath.c; the layout and the size: hotpath-layout.h): a
   weak COMDAT, so that the units of one executable share one, and a static
   libmemscope's wins.  Its label indented, as no function's is.  */
static const char *
thread_state_text (void)
{
  static bool done;

  if (done || !local_exec ())
    return "";
  done = true;
  return ".pushsection .tdata." MS_STR (MS_THREAD_SYM) ",\"awTG\",@progbits,"
         MS_STR (MS_THREAD_SYM) ",comdat\n"
         "\t.weak " MS_STR (MS_THREAD_SYM) "\n"
         "\t.type " MS_STR (MS_THREAD_SYM) ",@object\n"
         "\t.size " MS_STR (MS_THREAD_SYM) "," MS_STR (MS_THREAD_SIZE) "\n"
         "\t.balign " MS_STR (MS_THREAD_ALIGN) "\n"
         "\t" MS_STR (MS_THREAD_SYM) ":\n"
         "\t.quad " MS_STR (MS_BOOT_FRAME_SYM) "\n"
         "\t.zero " MS_STR (MS_THREAD_SIZE) " - 8\n"
         "\t.popsection\n\t";
}

/* Whether CALL can run inline in the context C, and with how many of the
   registers saved around it below the stack pointer (*SPILL).  */
static bool
inline_fits (const ms_call *call, ms_ctx c, unsigned *spill)
{
  /* An enter holds the top frame, the child and the label (initial-exec:
     the thread state's offset first); a count and an exit two of them,
     and take a third only where one is free (inline_text); an exit of a
     scope with counted bytes three: the top frame, the peak and a node.
     Those bytes are an immediate operand.  */
  unsigned need = call->what == ms_call::ENTER || call->counted ? 3 : 2;

  *spill = 0;
  if (c.flags_live || call->what == ms_call::RESYNC || call->bytes > 0x7fffffff)
    return false;
  if (c.nfree >= need)
    return true;
  /* Below %rsp lives nothing but a leaf function's red zone (GCC keeps
     no data there in a function that calls), and that is dead at a
     function's entry and returns.  */
  if (c.red_zone)
    return false;
  *spill = need - c.nfree;
  return true;
}

/* Appends CALL inline to TEXT: the trampoline's common case (hotpath-layout.h; the
   trampolines' ENTER, COUNT and EXIT, tramp-x86_64.S) on registers free
   here, and the call to the trampoline itself, with SLOW's text, when any
   check fails.  Every check comes before the first store, so that the
   trampoline starts from the state the code left; the last check jumps
   over the call, so that the common case costs no instruction more than
   its work.  Local labels 71-73: the slow path, the fast one, the end;
   74 and 76: a function's enter that misses its slot, and its check of
   the context's lowest entry; 75: past the check of a folded recursion; 77-79: the peaks of a scope with counted
   bytes.  */
static void
inline_text (ms_text *text, const ms_call *call, ms_ctx c, unsigned spill,
             const char *slow)
{
  const char *r[3];
  int spilled[3] = { -1, -1, -1 };
  unsigned n = 0;
  static const unsigned spare[] = { CX_REG, DX_REG, SI_REG, DI_REG, R8_REG,
                                    R9_REG, R10_REG, R11_REG, AX_REG };

  for (unsigned i = 0; i < c.nfree && n < 3; i++)
    r[n++] = reg64 (c.free_regs[i]);
  for (unsigned i = 0, k = 0; k < spill && i < ARRAY_SIZE (spare); i++)
    {
      bool used = false;
      for (unsigned j = 0; j < c.nfree; j++)
        used |= c.free_regs[j] == (int) spare[i];
      if (used)
        continue;
      spilled[k] = spare[i];
      ADD ("mov %%%%%s,%d(%%%%rsp)\n\t", reg64 (spare[i]), -8 * (int) (k + 1));
      r[n++] = reg64 (spare[i]);
      k++;
    }
  ms_text restore_ = { NULL, 0, 0 };
  for (unsigned k = 0; k < 3; k++)
    if (spilled[k] >= 0)
      ms_text_add (&restore_, "mov %d(%%%%rsp),%%%%%s\n\t",
                   -8 * (int) (k + 1), reg64 (spilled[k]));
  const char *restore = ms_text_str (&restore_);
  const char *A = r[0], *B = r[1], *C = n > 2 ? r[2] : NULL;
  /* The thread state's field at OFF: local-exec, or through the offset
     the first of them loads into T (initial-exec).  */
  bool le = local_exec ();
  char field[3][64];
#define THREAD(i, off, T) \
  (le ? (snprintf (field[i], sizeof field[i], "%%%%fs:%s@tpoff+%d", \
                   MS_STR (MS_THREAD_SYM), (off)), field[i]) \
      : (snprintf (field[i], sizeof field[i], "%%%%fs:%d(%%%%%s)", (off), (T)), \
         field[i]))
#define LOAD_TLS(T) \
  do { if (!le) ADD ("mov %s@gottpoff(%%%%rip),%%%%%s\n\t", \
                     MS_STR (MS_THREAD_SYM), (T)); } while (0)

  switch (call->what)
    {
    case ms_call::ENTER:
    case ms_call::COUNT:
      {
        bool count = call->what == ms_call::COUNT;
        /* Initial-exec: A holds the offset, then the label; B the top
           frame, C the child, or for a count without a third register B
           the parent, then the child.  Local-exec: A holds only the
           label.  */
        const char *N = C ? C : B;
        LOAD_TLS (A);
        ADD ("mov %s,%%%%%s\n\t", THREAD (0, MS_T_TOP, A), B);
        ADD ("cmp %s,%%%%%s\n\tjae 71f\n\t", THREAD (1, MS_T_LIMIT, A), B);
        ADD ("mov %d(%%%%%s),%%%%%s\n\t", MS_F_NODE, B, N);
        ADD ("mov %d(%%%%%s),%%%%%s\n\t", MS_N_CACHE + 8 * (int) call->slot, N, N);
        ADD ("lea %s(%%%%rip),%%%%%s\n\t", call->label, A);
        ADD ("cmp %%%%%s,%d(%%%%%s)\n\t", A, MS_N_DESC, N);
        /* An enter that misses its slot looks in the slot's buddy, as the
           trampoline would (hotpath.c, cache_remember), from the parent
           that the top frame (B) still names; a count whose register held
           the top frame reads it again where that takes no register
           (local-exec), and leaves the buddy to the trampoline otherwise.  */
        ms_text buddy = { NULL, 0, 0 };
        if (N != B || le)
          {
            if (N == B)
              ms_text_add (&buddy, "mov %s,%%%%%s\n\t",
                           THREAD (2, MS_T_TOP, A), B);
            ms_text_add (&buddy, "mov %d(%%%%%s),%%%%%s\n\t"
                         "mov %d(%%%%%s),%%%%%s\n\tcmp %%%%%s,%d(%%%%%s)\n\t",
                         MS_F_NODE, B, N,
                         MS_N_CACHE + 8 * (int) (call->slot ^ 1), N, N,
                         A, MS_N_DESC, N);
          }
        /* Before the buddy, where the top frame is still at hand: the
           slot's context has the same site and is not a child of the
           parent (a recursion folded onto the parent or an ancestor:
           hotpath.c, cache_remember).  A holds the parent, then the
           site's label when it is not the instance's own, for the
           comparisons only.  */
        const char *hit = call->mid ? "72f" : "76b";
        ms_text folded = { NULL, 0, 0 };
        if (N != B)
          {
            bool own = strcmp (call->site, call->label) == 0;
            ms_text_add (&folded, "mov %d(%%%%%s),%%%%%s\n\t"
                         "cmp %%%%%s,%d(%%%%%s)\n\t"
                         "lea %s(%%%%rip),%%%%%s\n\tje 75f\n\t",
                         MS_F_NODE, B, A, A, MS_N_PARENT, N, call->label, A);
            if (!own)
              ms_text_add (&folded, "lea %s(%%%%rip),%%%%%s\n\t",
                           call->site, A);
            ms_text_add (&folded, "cmp %%%%%s,%d(%%%%%s)\n\t", A, MS_N_SITE, N);
            if (!own)
              ms_text_add (&folded, "lea %s(%%%%rip),%%%%%s\n\t",
                           call->label, A);
            ms_text_add (&folded, "je %s\n\t75:\n\t", hit);
          }
        bool detour = buddy.len || folded.len;
        if (call->mid)
          ADD ("je 72f\n\t");
        else
          ADD ("jne %s\n\t%scmp %%%%rsp,%d(%%%%%s)\n\tjbe 72f\n\t",
               detour ? "74f" : "71f", detour ? "76:\n\t" : "",
               MS_N_SP_MIN, N);
        if (call->mid)
          {
            ADD ("%s", ms_text_str (&folded));
            if (buddy.len)
              ADD ("%sje 72f\n\t", buddy.s);
          }
        ADD ("71:\n\t%s%sjmp 73f\n\t", restore, slow);
        if (!call->mid && detour)
          {
            ADD ("74:\n\t%s", ms_text_str (&folded));
            if (buddy.len)
              ADD ("%sje 76b\n\t", buddy.s);
            ADD ("jmp 71b\n\t");
          }
        free (folded.s);
        ADD ("72:\n\t");
        free (buddy.s);
        ADD ("incq %d(%%%%%s)\n\t", MS_N_ENTRIES, N);
        if (!count)
          {
            /* As the trampoline's: the frame above top filled, top moved
               in one instruction, its node and stack pointer stored again
               (a signal handler that ran in between and used the same
               frame cannot leave its own behind; one that runs after the
               move finds a stack pointer that says the frame is live).  */
            ms_text sp_ = { NULL, 0, 0 };
            if (call->mid)
              ms_text_add (&sp_, "mov %d(%%%%%s),%%%%%s\n\t"
                           "mov %%%%%s,%d(%%%%%s)\n\t",
                           MS_F_SP, B, A, A, MS_FRAME_SIZE + MS_F_SP, B);
            else
              ms_text_add (&sp_, "mov %%%%rsp,%d(%%%%%s)\n\t",
                           MS_FRAME_SIZE + MS_F_SP, B);
            const char *sp = sp_.s;
            ADD ("mov %%%%%s,%d(%%%%%s)\n\t", C, MS_FRAME_SIZE + MS_F_NODE, B);
            ADD ("mov %%%%%s,%d(%%%%%s)\n\t", A, MS_FRAME_SIZE + MS_F_KEY, B);
            ADD ("%s", sp);
            LOAD_TLS (A);
            ADD ("addq $%d,%s\n\t", MS_FRAME_SIZE, THREAD (0, MS_T_TOP, A));
            ADD ("mov %%%%%s,%d(%%%%%s)\n\t", C, MS_FRAME_SIZE + MS_F_NODE, B);
            if (call->counted)
              {
                /* The trampoline's frame_add_counted, on the frame just
                   published: its key again, then the bytes live, the
                   enclosing window saved, the thread's most ever.  */
                ADD ("lea %s(%%%%rip),%%%%%s\n\t", call->label, C);
                ADD ("mov %%%%%s,%d(%%%%%s)\n\t", C, MS_FRAME_SIZE + MS_F_KEY, B);
                ADD ("mov %s,%%%%%s\n\t", THREAD (0, MS_T_HWM, A), C);
                ADD ("mov %%%%%s,%d(%%%%%s)\n\t", C, MS_FRAME_SIZE + MS_F_SAVED_HWM, B);
                ADD ("mov %s,%%%%%s\n\t", THREAD (0, MS_T_LIVE, A), C);
                ADD ("add $%lu,%%%%%s\n\t", (unsigned long) call->bytes, C);
                ADD ("mov %%%%%s,%s\n\t", C, THREAD (0, MS_T_LIVE, A));
                ADD ("mov %%%%%s,%s\n\t", C, THREAD (0, MS_T_HWM, A));
                ADD ("cmp %s,%%%%%s\n\tjbe 77f\n\t", THREAD (0, MS_T_PEAK_LIVE, A), C);
                ADD ("mov %%%%%s,%s\n\t", C, THREAD (0, MS_T_PEAK_LIVE, A));
                ADD ("mov %d(%%%%%s),%%%%%s\n\t", MS_FRAME_SIZE + MS_F_NODE, B, C);
                ADD ("mov %%%%%s,%s\n\t77:\n\t", C, THREAD (0, MS_T_PEAK_NODE, A));
              }
            /* The stack pointer again; an inner scope's from the register
               that still holds it (local-exec: nothing above wrote A; a
               signal handler in between leaves registers as they were).  */
            if (call->mid && le)
              ADD ("mov %%%%%s,%d(%%%%%s)\n\t", A, MS_FRAME_SIZE + MS_F_SP, B);
            else
              ADD ("%s", sp);
            free (sp_.s);
          }
        ADD ("%s73:\n\t", restore);
      }
      break;
    case ms_call::EXIT:
      {
        /* Initial-exec: A the offset, B the top frame, C the label, or
           without a third register A the label, then the offset again;
           local-exec: A the label, B the top frame.  */
        const char *L = le || !C ? A : C;
        LOAD_TLS (A);
        ADD ("mov %s,%%%%%s\n\t", THREAD (0, MS_T_TOP, A), B);
        ADD ("lea %s(%%%%rip),%%%%%s\n\t", call->label, L);
        ADD ("cmp %%%%%s,%d(%%%%%s)\n\tje 72f\n\t", L, MS_F_KEY, B);
        ADD ("71:\n\t%s%sjmp 73f\n\t72:\n\t", restore, slow);
        if (call->counted)
          {
            /* The trampoline's EXITV: the frame's peak (C) to its
               context and to the one it was entered from (their nodes in
               A), the enclosing window gets the thread's most back, the
               bytes are released.  */
            ADD ("mov %s,%%%%%s\n\t", THREAD (0, MS_T_HWM, A), C);
            ADD ("sub %s,%%%%%s\n\t", THREAD (0, MS_T_LIVE, A), C);
            ADD ("add $%lu,%%%%%s\n\t", (unsigned long) call->bytes, C);
            ADD ("mov %d(%%%%%s),%%%%%s\n\t", MS_F_NODE, B, A);
            ADD ("cmp %%%%%s,%d(%%%%%s)\n\tjae 77f\n\t", C, MS_N_PEAK, A);
            ADD ("mov %%%%%s,%d(%%%%%s)\n\t77:\n\t", C, MS_N_PEAK, A);
            ADD ("mov %d(%%%%%s),%%%%%s\n\t", MS_F_NODE - MS_FRAME_SIZE, B, A);
            ADD ("cmp %%%%%s,%d(%%%%%s)\n\tjae 78f\n\t", C, MS_N_SUB_PEAK, A);
            ADD ("mov %%%%%s,%d(%%%%%s)\n\t78:\n\t", C, MS_N_SUB_PEAK, A);
            LOAD_TLS (A);
            ADD ("mov %d(%%%%%s),%%%%%s\n\t", MS_F_SAVED_HWM, B, C);
            ADD ("cmp %s,%%%%%s\n\tjbe 79f\n\t", THREAD (0, MS_T_HWM, A), C);
            ADD ("mov %%%%%s,%s\n\t79:\n\t", C, THREAD (0, MS_T_HWM, A));
            ADD ("subq $%lu,%s\n\t", (unsigned long) call->bytes, THREAD (0, MS_T_LIVE, A));
          }
        else if (L == A)
          LOAD_TLS (A);
        ADD ("subq $%d,%s\n\t", MS_FRAME_SIZE, THREAD (0, MS_T_TOP, A));
        ADD ("%s73:\n\t", restore);
      }
      break;
    default:
      gcc_unreachable ();
    }
#undef THREAD
#undef LOAD_TLS
  free (restore_.s);
}

/* The asm pattern for CALLS in order, in the context C: each inline where
   it fits, the others as calls to the trampolines.  */
static rtx
marker_pattern (ms_fn *f, const ms_call *calls, unsigned n, ms_ctx c)
{
  ms_text text = { NULL, 0, 0 };
  bool clobber_rax = false, clobber_r10 = false, any_inline = false;
  unsigned spill;

  for (unsigned i = 0; i < n; i++)
    any_inline |= inline_fits (&calls[i], c, &spill);
  if (!any_inline)
    call_text (&text, calls, n, c, &clobber_rax, &clobber_r10);
  else
    {
      ms_text_add (&text, "%s", thread_state_text ());
      for (unsigned i = 0; i < n; i++)
        {
          ms_text call = { NULL, 0, 0 };
          call_text (&call, &calls[i], 1, c, &clobber_rax, &clobber_r10);
          if (inline_fits (&calls[i], c, &spill))
            inline_text (&text, &calls[i], c, spill, call.s);
          else
            ms_text_put (&text, call.s, call.len);
          free (call.s);
        }
    }
  /* No trailing tab and newline.  */
  while (text.len && (text.s[text.len - 1] == '\t'
                      || text.s[text.len - 1] == '\n'))
    text.s[--text.len] = '\0';
  f->nmarkers += n;

  rtx op = gen_rtx_ASM_OPERANDS (VOIDmode, ggc_strdup (ms_text_str (&text)), "", 0,
                                 new_rtvec (0, NULL), new_rtvec (0, NULL),
                                 new_rtvec (0, NULL),
                                 DECL_SOURCE_LOCATION (current_function_decl));
  free (text.s);
  MEM_VOLATILE_P (op) = 1;
  auto_vec<rtx> parts;
  parts.safe_push (op);
  if (!c.r11_live)
    parts.safe_push (gen_rtx_CLOBBER (VOIDmode, gen_rtx_REG (DImode, R11_REG)));
  /* The inline paths' registers: dead here, changed by the function.  */
  if (any_inline)
    for (unsigned i = 0; i < c.nfree && i < 3; i++)
      if (c.free_regs[i] != R11_REG && c.free_regs[i] != c.r11_stash
          && !(c.free_regs[i] == AX_REG && clobber_rax)
          && !(c.free_regs[i] == R10_REG && clobber_r10))
        parts.safe_push (gen_rtx_CLOBBER (VOIDmode,
                                          gen_rtx_REG (DImode, c.free_regs[i])));
  if (c.r11_live && c.r11_stash >= 0)
    parts.safe_push (gen_rtx_CLOBBER (VOIDmode, gen_rtx_REG (DImode, c.r11_stash)));
  if (clobber_rax)
    parts.safe_push (gen_rtx_CLOBBER (VOIDmode, gen_rtx_REG (DImode, AX_REG)));
  if (clobber_r10)
    parts.safe_push (gen_rtx_CLOBBER (VOIDmode, gen_rtx_REG (DImode, R10_REG)));
  if (!c.flags_live)
    parts.safe_push (gen_rtx_CLOBBER (VOIDmode, gen_rtx_REG (CCmode, FLAGS_REG)));
  return gen_rtx_PARALLEL (VOIDmode, new_rtvec (parts.length (),
                                               parts.address ()));
}
#undef ADD

/* A location final can print: INSN's, or the function's.  final reads
   an asm's file name without checking for none.  */
static location_t
marker_location (rtx_insn *insn)
{
  if (insn && INSN_HAS_LOCATION (insn))
    return INSN_LOCATION (insn);
  return DECL_SOURCE_LOCATION (current_function_decl);
}

/* Emits PATTERN before INSN, or after AFTER when INSN is NULL, with the
   location LOC for the instruction and the asm's text.  */
static rtx_insn *
emit_marker_at (rtx pattern, rtx_insn *insn, rtx_insn *after, location_t loc)
{
  rtx op = GET_CODE (pattern) == PARALLEL ? XVECEXP (pattern, 0, 0) : pattern;
  rtx_insn *m;

  if (GET_CODE (op) == ASM_OPERANDS)
    ASM_OPERANDS_SOURCE_LOCATION (op) = loc;
  m = insn ? emit_insn_before (pattern, insn) : emit_insn_after (pattern, after);
  INSN_LOCATION (m) = loc;
  return m;
}

static rtx_insn *
emit_marker_before (rtx pattern, rtx_insn *insn)
{
  return emit_marker_at (pattern, insn, NULL, marker_location (insn));
}

static void
add_call (vec<ms_call> *calls, int what, ms_fn *f, int scope)
{
  ms_call c;

  /* A scope that is only counted has no frame to close, and its enter is
     a count.  */
  if (f->scopes[scope].count_only)
    {
      if (what == ms_call::EXIT)
        return;
      if (what == ms_call::ENTER)
        what = ms_call::COUNT;
    }
  c.what = (decltype (c.what)) what;
  c.label = f->scopes[scope].info.label;
  c.counted = f->scopes[scope].info.counted_bytes != 0;
  c.bytes = f->scopes[scope].info.counted_bytes;
  c.site = f->scopes[scope].info.site_label ? f->scopes[scope].info.site_label : c.label;
  c.mid = scope != 0;
  c.slot = MEMSCOPE_SCOPE_SLOT (f->scopes[scope].info.flags);
  calls->safe_push (c);
}

/* Exits from FROM up to (not including) TO's chain, then enters down to
   TO: the calls that take the code from scope FROM to scope TO.  */
static void
transition (ms_fn *f, int from, int to, vec<ms_call> *calls)
{
  int keep = common_ancestor (f, from, to);
  auto_vec<int> enters;

  for (int s = from; s != keep; s = f->scopes[f->scopes[s].parent].dyn)
    add_call (calls, ms_call::EXIT, f, s);
  for (int s = to; s != keep; s = f->scopes[f->scopes[s].parent].dyn)
    enters.safe_push (s);
  for (int i = enters.length () - 1; i >= 0; i--)
    add_call (calls, ms_call::ENTER, f, enters[i]);
}

/* The registers live right before each active instruction of BB.  */
static void
live_before (basic_block bb, hash_map<rtx_insn *, regset> *live)
{
  regset now = ALLOC_REG_SET (&reg_obstack);
  rtx_insn *insn;

  COPY_REG_SET (now, df_get_live_out (bb));
  FOR_BB_INSNS_REVERSE (bb, insn)
    if (NONDEBUG_INSN_P (insn))
      {
        df_simulate_one_insn_backwards (bb, insn, now);
        regset copy = ALLOC_REG_SET (&reg_obstack);
        COPY_REG_SET (copy, now);
        live->put (insn, copy);
      }
  FREE_REG_SET (now);
}

/* [4] ------------------------------------------------------------------- */

static const ms_mark *
insn_mark (rtx_insn *insn, rtx *asm_op)
{
  rtx pat = PATTERN (insn);

  if (GET_CODE (pat) == PARALLEL)
    pat = XVECEXP (pat, 0, 0);
  if (GET_CODE (pat) != ASM_OPERANDS)
    return NULL;
  *asm_op = pat;
  return memscope_find_mark (ASM_OPERANDS_TEMPLATE (pat));
}

static char *
alloca_site (ms_fn *f, location_t loc)
{
  ms_scope *root = &f->scopes[0];
  memscope_var_info v;

  memset (&v, 0, sizeof v);
  v.name = "alloca";
  v.type = "void";
  v.loc = loc;
  v.flags = MEMSCOPE_VAR_ALLOCA;
  root->info.vars.safe_push (v);
  root->info.named = root->info.vars.length ();
  if (!root->info.vars_label)
    root->info.vars_label = memscope_new_label ("LMSV");
  return xasprintf ("%s+%u", root->info.vars_label,
                    (unsigned) ((root->info.vars.length () - 1)
                                * sizeof (__memscope_var_desc)));
}

static void
replace_mark (ms_fn *f, rtx_insn *insn, rtx asm_op, const ms_mark *m,
              regset live)
{
  char *ref = m->var ? var_ref (f, m->var, insn) : NULL;
  ms_ctx c = context_from (f, live, true);
  char *text;

  if (m->kind == MS_MARK_DYN && !m->var)
    ref = alloca_site (f, m->loc);
  if (ref && m->kind == MS_MARK_DYN && ASM_OPERANDS_INPUT_LENGTH (asm_op) == 2
      && REG_P (ASM_OPERANDS_INPUT (asm_op, 0))
      && REG_P (ASM_OPERANDS_INPUT (asm_op, 1)))
    text = xasprintf ("push %%%%r11\n\tpush %%%%%s\n\tpush %%%%%s\n\t"
                      "lea %s(%%%%rip),%%%%r11\n\t"
                      "call *__memscope_tramp_dyn@GOTPCREL(%%%%rip)\n\t"
                      "lea 16(%%%%rsp),%%%%rsp\n\tpop %%%%r11",
                      reg64 (REGNO (ASM_OPERANDS_INPUT (asm_op, 1))),
                      reg64 (REGNO (ASM_OPERANDS_INPUT (asm_op, 0))), ref);
  else if (ref && m->kind == MS_MARK_OWNER
           && ASM_OPERANDS_INPUT_LENGTH (asm_op) == 1
           && REG_P (ASM_OPERANDS_INPUT (asm_op, 0)))
    text = xasprintf ("push %%%%r11\n\tpush %%%%%s\n\t"
                      "lea %s(%%%%rip),%%%%r11\n\t"
                      "call *__memscope_tramp_owner@GOTPCREL(%%%%rip)\n\t"
                      "lea 8(%%%%rsp),%%%%rsp\n\tpop %%%%r11",
                      reg64 (REGNO (ASM_OPERANDS_INPUT (asm_op, 0))), ref);
  else
    text = NULL;

  if (text)
    {
      char *full = xasprintf ("%s%s%s%s%s", c.red_zone
                              ? "lea -128(%%rsp),%%rsp\n\t" : "",
                              c.flags_live ? "pushfq\n\t" : "", text,
                              c.flags_live ? "\n\tpopfq" : "",
                              c.red_zone ? "\n\tlea 128(%%rsp),%%rsp" : "");
      rtx op = gen_rtx_ASM_OPERANDS (VOIDmode, ggc_strdup (full), "", 0,
                                     new_rtvec (0, NULL), new_rtvec (0, NULL),
                                     new_rtvec (0, NULL),
                                     DECL_SOURCE_LOCATION (current_function_decl));
      MEM_VOLATILE_P (op) = 1;
      rtx pat = c.flags_live ? op
        : gen_rtx_PARALLEL (VOIDmode,
                            gen_rtvec (2, op,
                                       gen_rtx_CLOBBER (VOIDmode,
                                                        gen_rtx_REG (CCmode,
                                                                     FLAGS_REG))));
      emit_marker_before (pat, insn);
      f->nmarkers++;
      free (full);
      free (text);
    }
  free (ref);
  delete_insn (insn);
}

/* The function ---------------------------------------------------------- */

/* [3b] A dynamic scope that holds no bytes, registers nothing at run
   time, calls nothing and encloses no other dynamic scope (a leaf
   function, most inlined bodies of small functions) is only counted: one
   call per entry, which finds its context and counts it, no frame pushed
   and none popped.  Nothing can run within it that would need its frame:
   no call, so no allocation and no scope of its own below it.  A tail
   call is no call of the scope's: the scope is closed before its jump,
   and the callee runs in the context the scope was entered from.  */
static void
choose_counted_only (ms_fn *f, ms_bb_scopes *bbs)
{
  unsigned n = f->scopes.length ();
  bool *busy = XCNEWVEC (bool, n);
  basic_block bb;

  for (unsigned i = 0; i < n; i++)
    {
      ms_scope *s = &f->scopes[i];
      if (s->dynamic && s->info.counted_bytes != 0)
        busy[i] = true;
      /* A dynamic scope below it needs its frame.  */
      if (s->dynamic && i > 0)
        for (int a = s->parent; a >= 0; a = f->scopes[a].parent)
          busy[a] = true;
    }
  FOR_EACH_BB_FN (bb, cfun)
    {
      ms_bb_scopes *b = &bbs[bb->index];
      if (needs_resync (bb))
        busy[b->entry] = true;
      for (unsigned i = 0; i < b->insns.length (); i++)
        {
          rtx op;
          if ((CALL_P (b->insns[i]) && !SIBLING_CALL_P (b->insns[i]))
              || insn_mark (b->insns[i], &op))
            busy[b->scope[i]] = true;
        }
    }
  for (unsigned i = 0; i < n; i++)
    f->scopes[i].count_only = f->scopes[i].dynamic && !busy[i];
  free (busy);
}

static bool
is_function_exit (rtx_insn *insn)
{
  return ((JUMP_P (insn) && returnjump_p (insn))
          || (CALL_P (insn) && SIBLING_CALL_P (insn)));
}

static void
instrument (ms_fn *f)
{
  int nbb = last_basic_block_for_fn (cfun);
  ms_bb_scopes *bbs = XCNEWVEC (ms_bb_scopes, nbb);
  hash_map<rtx_insn *, regset> live;
  basic_block bb;
  rtx_insn *first = NULL;

  note_clobbered (f);

  /* [3] */
  for (unsigned round = 0; round <= f->scopes.length (); round++)
    {
      compute_regions (f, bbs);
      if (!settle_abnormal_entries (f, bbs))
        break;
    }

  df_analyze ();
  FOR_EACH_BB_FN (bb, cfun)
    live_before (bb, &live);

  for (rtx_insn *insn = get_insns (); insn && !first; insn = NEXT_INSN (insn))
    if (NONDEBUG_INSN_P (insn) && BLOCK_FOR_INSN (insn))
      first = insn;
  if (!first)
    {
      f->failed = true;
      goto out;
    }

  /* [3b] */
  choose_counted_only (f, bbs);

  /* [5] */
  {
    auto_vec<ms_call> calls;
    add_call (&calls, ms_call::ENTER, f, 0);
    regset l = *live.get (first);
    ms_ctx ctx = context_from (f, l, false);
    rtx pattern = marker_pattern (f, calls.address (), 1, ctx);
    edge entry = single_succ_edge (ENTRY_BLOCK_PTR_FOR_FN (cfun));
    basic_block head = entry->dest;
    /* Before the first instruction, if that is in the function's first
       block and nothing else jumps there.  A first block with no
       instruction of its own is followed by a loop's header (a tail
       recursion made a loop): the enter goes at its end, so that the
       header's instructions, run on each round, do not enter the
       function again, and what the edge to the header gets comes after
       it.  A first block that is itself a loop's header gets a block of
       its own on the entry edge.  */
    if (EDGE_COUNT (head->preds) > 1)
      {
        start_sequence ();
        emit_marker_before (pattern, emit_note (NOTE_INSN_DELETED));
        rtx_insn *seq = get_insns ();
        end_sequence ();
        insert_insn_on_edge (seq, entry);
      }
    else if (BLOCK_FOR_INSN (first) != head)
      emit_marker_at (pattern, NULL, BB_END (head), marker_location (first));
    else
      emit_marker_before (pattern, first);
  }

  /* [6], [7], [8] within basic blocks.  */
  FOR_EACH_BB_FN (bb, cfun)
    {
      ms_bb_scopes *b = &bbs[bb->index];
      hash_set<tree> allocated;   /* VLAs allocated in this stretch */
      for (unsigned i = 0; i < b->insns.length (); i++)
        {
          rtx_insn *insn = b->insns[i];
          regset *l = live.get (insn);
          auto_vec<ms_call> calls;
          rtx op;
          const ms_mark *m = insn_mark (insn, &op);

          /* [8] A returns-twice call inside the block: the code comes
             back here in the call's scope, however it left.  */
          if (i > 0 && is_setjmp_call (b->insns[i - 1]))
            {
              add_call (&calls, ms_call::RESYNC, f, b->scope[i - 1]);
              calls.last ().counted = false;
              calls.last ().bytes = 0;
            }
          if (i == 0 && b->entry != b->scope[0])
            transition (f, b->entry, b->scope[0], &calls);
          if (i > 0 && b->scope[i] != b->scope[i - 1])
            {
              transition (f, b->scope[i - 1], b->scope[i], &calls);
              allocated.empty ();
            }
          /* A VLA allocated again in one stretch of its scope: the
             optimizer unrolled the loop around the scope, and this is the
             next instance (the stack of the previous one is given back).  */
          if (m && m->kind == MS_MARK_DYN && m->var && b->scope[i] > 0
              && calls.is_empty ())
            {
              if (allocated.contains (m->var))
                {
                  add_call (&calls, ms_call::EXIT, f, b->scope[i]);
                  add_call (&calls, ms_call::ENTER, f, b->scope[i]);
                  allocated.empty ();
                }
              allocated.add (m->var);
            }
          if (is_function_exit (insn))
            {
              transition (f, b->scope[i], 0, &calls);
              add_call (&calls, ms_call::EXIT, f, 0);
              if (calls.is_empty ())
                continue;
              emit_marker_before (marker_pattern (f, calls.address (),
                                                  calls.length (),
                                                  context_from (f, *l, false)),
                                  insn);
              continue;
            }
          if (!calls.is_empty ())
            emit_marker_before (marker_pattern (f, calls.address (),
                                                calls.length (),
                                                context_from (f, *l, true)),
                                insn);
        }
    }

  /* [4] */
  FOR_EACH_BB_FN (bb, cfun)
    {
      rtx_insn *insn, *next;
      FOR_BB_INSNS_SAFE (bb, insn, next)
        {
          rtx op;
          const ms_mark *m = NONDEBUG_INSN_P (insn) ? insn_mark (insn, &op)
                                                    : NULL;
          if (m)
            replace_mark (f, insn, op, m, *live.get (insn));
        }
    }

  /* [9] */
  FOR_EACH_BB_FN (bb, cfun)
    {
      rtx_insn *insn;
      FOR_BB_INSNS (bb, insn)
        if (CALL_P (insn) && !SIBLING_CALL_P (insn))
          {
            tree callee = call_callee (insn);
            if (callee && TREE_CODE (callee) == FUNCTION_DECL
                && memscope_is_allocator (callee))
              {
                int s = insn_scope (f, insn);
                tree fn = s >= 0 ? f->scopes[f->scopes[s].base].src->fndecl
                                 : f->fndecl;
                char *label = memscope_new_label ("LMSC");
                char *text = memscope_call_site_asm
                  (label, marker_location (insn),
                   lang_hooks.decl_printable_name (fn, 2));
                rtx_insn *a = emit_insn_before
                  (gen_rtx_ASM_INPUT_loc (VOIDmode, ggc_strdup (text),
                                          marker_location (insn)), insn);
                INSN_LOCATION (a) = marker_location (insn);
                free (text);
                free (label);
              }
          }
    }

  /* [8] */
  FOR_EACH_BB_FN (bb, cfun)
    {
      ms_bb_scopes *b = &bbs[bb->index];
      if (!needs_resync (bb))
        continue;
      rtx_insn *at = NULL, *insn;
      FOR_BB_INSNS (bb, insn)
        if (NONDEBUG_INSN_P (insn))
          {
            at = insn;
            break;
          }
      if (!at)
        continue;
      ms_call c;
      c.what = ms_call::RESYNC;
      c.label = f->scopes[b->entry].info.label;
      c.counted = false;
      c.bytes = 0;
      c.site = c.label;
      c.mid = false;
      c.slot = 0;
      regset *l = live.get (at);
      emit_marker_before (marker_pattern (f, &c, 1,
                                          context_from (f, l ? *l
                                                        : df_get_live_in (bb),
                                                        true)), at);
    }

  /* [6] on edges.  */
  FOR_EACH_BB_FN (bb, cfun)
    {
      edge e;
      edge_iterator ei;
      FOR_EACH_EDGE (e, ei, bb->succs)
        {
          if (e->dest == EXIT_BLOCK_PTR_FOR_FN (cfun)
              || (e->flags & EDGE_ABNORMAL))
            continue;
          int from = bbs[bb->index].out, to = bbs[e->dest->index].entry;
          if (from == to)
            continue;
          /* A block ending in a return or tail call already closed
             everything.  */
          if (BB_END (bb) && is_function_exit (BB_END (bb)))
            continue;
          auto_vec<ms_call> calls;
          transition (f, from, to, &calls);
          if (calls.is_empty ())
            continue;
          regset l = df_get_live_in (e->dest);
          start_sequence ();
          emit_insn (marker_pattern (f, calls.address (), calls.length (),
                                     context_from (f, l, true)));
          rtx_insn *seq = get_insns ();
          end_sequence ();
          insert_insn_on_edge (seq, e);
        }
    }

out:
  for (hash_map<rtx_insn *, regset>::iterator it = live.begin ();
       it != live.end (); ++it)
    FREE_REG_SET ((*it).second);
  for (int i = 0; i < nbb; i++)
    {
      bbs[i].insns.release ();
      bbs[i].scope.release ();
      bbs[i].raw.release ();
    }
  free (bbs);
}

static void
emit_descriptors (ms_fn *f)
{
  vec<memscope_scope_info> sites = vNULL;
  rtx_insn *first = NULL;

  for (unsigned i = 0; i < f->scopes.length (); i++)
    if (f->scopes[i].site)
      {
        memscope_scope_info *d = &f->scopes[i].info;
        if (!d->vars.is_empty () && !d->vars_label)
          d->vars_label = memscope_new_label ("LMSV");
        sites.safe_push (*d);
      }
  for (rtx_insn *insn = get_insns (); insn && !first; insn = NEXT_INSN (insn))
    if (NONDEBUG_INSN_P (insn) && BLOCK_FOR_INSN (insn))
      first = insn;
  char *text = memscope_descriptors_asm (sites);
  rtx_insn *d = emit_insn_before (gen_rtx_ASM_INPUT_loc (VOIDmode,
                                                         ggc_strdup (text),
                                                         marker_location (first)),
                                  first);
  INSN_LOCATION (d) = marker_location (first);
  free (text);
  sites.release ();
}

static void
free_fn (ms_fn *f)
{
  for (unsigned i = 0; i < f->scopes.length (); i++)
    {
      free (f->scopes[i].late_vars);
      f->scopes[i].info.vars.release ();
    }
  f->scopes.release ();
  delete f->block_scope;
  delete f->in_registers;
  in_registers = NULL;
}

static void
instrument_function (tree fndecl)
{
  const ms_src_func *src = memscope_src_func (fndecl);
  ms_fn f;

  if (!src)
    src = memscope_src_func (DECL_ORIGIN (fndecl));
  if (!src || !DECL_INITIAL (fndecl))
    return;

  memset (&f, 0, sizeof f);
  f.fndecl = fndecl;
  f.block_scope = new hash_map<tree, int>;
  f.leaf = crtl->is_leaf;

  /* [1] */
  new_instance (&f, src, -1, false);
  f.block_scope->put (DECL_INITIAL (fndecl), 0);
  map_blocks (&f, BLOCK_SUBBLOCKS (DECL_INITIAL (fndecl)), 0, 0);
  find_late_vars (&f, DECL_INITIAL (fndecl));
  note_code (&f);
  f.scopes[0].has_code = true;

  /* [2] */
  note_registers (&f);
  choose_scopes (&f);
  describe_scopes (&f);

  instrument (&f);              /* [3] .. [8] */
  if (!f.failed)
    {
      emit_descriptors (&f);
      commit_edge_insertions ();
    }

  if (memscope_opts.verbose)
    {
      unsigned nsites = 0, nvars = 0, ndyn = 0;
      for (unsigned i = 0; i < f.scopes.length (); i++)
        if (f.scopes[i].site)
          {
            nsites++;
            nvars += f.scopes[i].info.vars.length ();
            ndyn += f.scopes[i].dynamic;
          }
      inform (DECL_SOURCE_LOCATION (fndecl),
              "memscope: instrumented %qs: %u scopes (%u with enter and "
              "exit), %u variables, %u calls",
              lang_hooks.decl_printable_name (fndecl, 2), nsites, ndyn, nvars,
              f.nmarkers);
    }
  free_fn (&f);
}

/* The pass itself --------------------------------------------------------- */

static const pass_data memscope_rtl_pass_data = {
  RTL_PASS,
  "memscope",           /* name */
  OPTGROUP_NONE,        /* optinfo_flags */
  TV_NONE,              /* tv_id */
  0,                    /* properties_required */
  0,                    /* properties_provided */
  0,                    /* properties_destroyed */
  0,                    /* todo_flags_start */
  0,                    /* todo_flags_finish */
};

class memscope_rtl_pass : public rtl_opt_pass
{
public:
  memscope_rtl_pass (gcc::context *ctxt)
    : rtl_opt_pass (memscope_rtl_pass_data, ctxt)
  {
  }

  bool gate (function *) MEMSCOPE_PASS_OVERRIDE
  {
    return !memscope_opts.disable;
  }

  unsigned int execute (function *fun) MEMSCOPE_PASS_OVERRIDE
  {
    if (!memscope_function_excluded (fun->decl)
        || (DECL_ORIGIN (fun->decl) != fun->decl
            && !memscope_function_excluded (DECL_ORIGIN (fun->decl))))
      instrument_function (fun->decl);
    return 0;
  }
};

opt_pass *
memscope_make_rtl_pass (gcc::context *ctxt)
{
  return new memscope_rtl_pass (ctxt);
}

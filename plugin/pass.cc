/* pass.cc: the memscope GIMPLE pass, run right before `lower`.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before (high GIMPLE, one GIMPLE_BIND per source block with declarations):
 *
 *   int f (int n)                          // function scope: the bind whose
 *   {                                      // BLOCK is DECL_INITIAL (f)
 *     char buf[64];  int i;  char *s;
 *     p = alloca (n);
 *     s = malloc (n);
 *     if (setjmp (env)) ...
 *     { struct point pt; ... }
 *     { int k; ... }                       // register-only block
 *   }
 *
 * After:
 *
 *   {
 *     __memscope_enter (&.LMSS0);                       // [5]
 *     __memscope_var (&.LMSV0[0], &buf);                // [5]  in memory
 *     try                                               // [6]
 *       {
 *         p = alloca (n);
 *         __memscope_alloca (&.LMSV0[4], p, n);         // [4]
 *         s = malloc (n);
 *         __memscope_heap_owner (&.LMSV0[3], s);        // [4]
 *         _1 = setjmp (env);
 *         __memscope_resync (&.LMSS0);                  // [4]
 *         ...
 *         {
 *           __memscope_enter (&.LMSS1);
 *           __memscope_var (&.LMSV1[0], &pt);
 *           try { ... } finally { __memscope_exit (&.LMSS1); }
 *         }
 *         { int k; ... }                   // k described in .LMSV0, NOADDR
 *       }
 *     finally
 *       { __memscope_exit (&.LMSS0); }
 *   }
 *
 *   .LMSV0 = { n (param, NOADDR), buf, i (NOADDR), s (NOADDR), k (NOADDR),
 *              alloca }
 *
 * Steps:
 *   [1] Walk the body: every bind with its parent, every label and jump,
 *       every alloca, returns-twice and allocator call, each with the
 *       sequence that holds it (there is no CFG yet, so no gsi_for_stmt
 *       without one), and every copy out of a gimplifier temporary.
 *   [2] Mark the binds a jump enters from outside (switch bodies declaring
 *       variables before the first case, goto into a block, computed and
 *       nonlocal goto): they never run an enter, so they get no scope.
 *   [3] Choose the instrumented scopes: the function scope always; a block
 *       only if it registers a variable by address.  Every other bind's
 *       variables fold into its nearest instrumented ancestor.
 *   [4] Describe the variables, then emit the descriptors (parents first,
 *       for the parent pointers) and insert the calls that follow a
 *       statement: __memscope_var_dyn after a VLA's alloca, __memscope_alloca
 *       after a user alloca, __memscope_resync after a returns-twice call,
 *       __memscope_heap_owner after an allocator call whose result lands
 *       in a described pointer local or parameter, directly or through the
 *       gimplifier's temporaries (`D.1 = malloc (n); p = D.1;`, the
 *       iftmp of `p = c ? malloc (a) : calloc (b, 1)`, FRAME.0.p for a
 *       variable a nested function captures).  Results stored anywhere
 *       else (globals, fields, through pointers) stay untied.  All of
 *       these go in before [5] moves sequences around.
 *   [5] Prepend to each instrumented bind the enter and the registrations.
 *   [6] Wrap the old body in try/finally with the exit in the finally:
 *       `lower` and `eh` then run it once on every way out, exceptions
 *       included.
 */
#include "memscope-plugin.h"
#include "memscope-abi.h"

/* A registration at scope entry: __memscope_var (&vars[index], addr).  */
struct ms_reg
{
  unsigned index;
  tree addr;
};

/* A statement some call must follow, and the sequence holding it.  */
struct ms_site
{
  gimple *stmt;
  gimple_seq *seq;
  int bind;
};

/* A jump to LABEL from a statement in bind BIND.  */
struct ms_jump
{
  tree label;
  int bind;
};

/* A VLA registration: after SITE's alloca, descriptor INDEX of OWNER.  */
struct ms_vla
{
  ms_site site;
  int owner;
  unsigned index;
};

/* Where a described variable's descriptor is: vars[INDEX] of OWNER.  */
struct ms_desc_ref
{
  tree var;
  int owner;
  unsigned index;
};

struct ms_bind
{
  gbind *stmt;
  int parent;                   /* enclosing bind, -1 for the outermost */
  bool in_function;             /* the function scope or a bind inside it */
  bool jumped_into;
  bool instrumented;
  int owner;                    /* bind whose descriptor lists our variables */
  int parent_scope;             /* nearest instrumented strict ancestor */
  unsigned depth;
  vec<memscope_var_info> descs; /* owners only */
  vec<ms_reg> regs;             /* owners only */
  tree vars_decl;
  tree scope_decl;
};

struct ms_func
{
  tree fndecl;
  int function_scope;
  int current;                  /* walk state: the bind being walked */
  vec<ms_bind> binds;
  hash_map<tree, int> *label_bind;
  vec<ms_jump> jumps;
  vec<tree> any_jump_labels;    /* FORCED_LABEL or DECL_NONLOCAL */
  vec<ms_site> vla_allocas;
  vec<ms_site> user_allocas;
  vec<ms_site> returns_twice;
  vec<ms_site> allocations;     /* allocator calls with a result */
  hash_map<tree, tree> *copied_to;  /* temporary -> where it is copied */
  vec<ms_vla> vlas;
  vec<ms_desc_ref> described;
  hash_map<tree, unsigned> *described_index;  /* var -> described[i] */
  unsigned nregistered;
  unsigned nheap_owners;
};

/* [1] ------------------------------------------------------------------- */

static void
add_jump (ms_func *f, tree label)
{
  if (label && TREE_CODE (label) == LABEL_DECL)
    {
      ms_jump j = { label, f->current };
      f->jumps.safe_push (j);
    }
}

static void
add_site (ms_func *f, vec<ms_site> *sites, gimple_stmt_iterator *gsi)
{
  ms_site s = { gsi_stmt (*gsi), gsi->seq, f->current };
  sites->safe_push (s);
}

/* Allocators that GCC 12 has no builtin for, or that -fno-builtin hides;
   matched by symbol, which is what the runtime interposes.  */
static const char *const allocator_names[] = {
  "malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup",
  "aligned_alloc", "memalign", "valloc", "pvalloc",
};

/* Whether CALL returns a new heap block the runtime may track: the libc
   allocators, and whatever the user (or glibc: fopen, opendir...) declared
   __attribute__ ((malloc)).  The attribute is looked up as well, because
   its deallocator form malloc (free) does not set DECL_IS_MALLOC.  */
static bool
is_allocator_call (gcall *call)
{
  tree fn = gimple_call_fndecl (call);

  if (!fn)
    return false;
  if (gimple_call_builtin_p (call, BUILT_IN_NORMAL))
    switch (DECL_FUNCTION_CODE (fn))
      {
      case BUILT_IN_MALLOC:
      case BUILT_IN_CALLOC:
      case BUILT_IN_REALLOC:
      case BUILT_IN_STRDUP:
      case BUILT_IN_STRNDUP:
      case BUILT_IN_ALIGNED_ALLOC:
        return true;
      default:
        break;
      }
  if (DECL_IS_MALLOC (fn) || lookup_attribute ("malloc", DECL_ATTRIBUTES (fn)))
    return true;
  if (!TREE_PUBLIC (fn) || !DECL_NAME (fn))
    return false;
  const char *symbol = IDENTIFIER_POINTER (DECL_ASSEMBLER_NAME (fn));
  for (size_t i = 0; i < ARRAY_SIZE (allocator_names); i++)
    if (strcmp (symbol, allocator_names[i]) == 0)
      return true;
  return false;
}

static void
collect_call (ms_func *f, gimple_stmt_iterator *gsi)
{
  gcall *call = as_a <gcall *> (gsi_stmt (*gsi));
  tree fn = gimple_call_fndecl (call);

  if (fn && gimple_call_builtin_p (call, BUILT_IN_NORMAL)
      && ALLOCA_FUNCTION_CODE_P (DECL_FUNCTION_CODE (fn)))
    add_site (f, gimple_call_alloca_for_var_p (call)
                 ? &f->vla_allocas : &f->user_allocas, gsi);
  if (gimple_call_flags (call) & ECF_RETURNS_TWICE)
    add_site (f, &f->returns_twice, gsi);
  if (gimple_call_lhs (call)
      && POINTER_TYPE_P (TREE_TYPE (gimple_call_lhs (call)))
      && is_allocator_call (call))
    add_site (f, &f->allocations, gsi);
}

/* A value only the gimplifier names: `_1`, `D.1234`, `iftmp.0`.  */
static bool
is_temporary (tree t)
{
  return (TREE_CODE (t) == SSA_NAME
          || (VAR_P (t) && DECL_ARTIFICIAL (t) && !TREE_STATIC (t)
              && !DECL_EXTERNAL (t) && !TREE_ADDRESSABLE (t)));
}

/* `dest = tmp` or `dest = (T *) tmp`: remember where TMP goes, so that an
   allocation into TMP can be tied to DEST.  A temporary copied to two
   places has no single owner.  */
static void
collect_copy (ms_func *f, gassign *assign)
{
  tree rhs = gimple_assign_rhs1 (assign);
  tree lhs = gimple_assign_lhs (assign);
  tree *seen;

  if (!(gimple_assign_single_p (assign)
        || CONVERT_EXPR_CODE_P (gimple_assign_rhs_code (assign)))
      || !is_temporary (rhs) || !POINTER_TYPE_P (TREE_TYPE (rhs)))
    return;
  seen = f->copied_to->get (rhs);
  if (!seen)
    f->copied_to->put (rhs, lhs);
  else if (*seen != error_mark_node && !operand_equal_p (*seen, lhs, 0))
    *seen = error_mark_node;
}

static tree
collect_stmt (gimple_stmt_iterator *gsi, bool *handled_ops,
              struct walk_stmt_info *wi)
{
  ms_func *f = (ms_func *) wi->info;
  gimple *stmt = gsi_stmt (*gsi);

  *handled_ops = false;
  switch (gimple_code (stmt))
    {
    case GIMPLE_BIND:
      {
        gbind *bind = as_a <gbind *> (stmt);
        ms_bind b;
        int saved = f->current;

        memset (&b, 0, sizeof b);
        b.stmt = bind;
        b.parent = f->current;
        b.owner = -1;
        b.parent_scope = -1;
        f->binds.safe_push (b);
        if (gimple_bind_block (bind) == DECL_INITIAL (f->fndecl)
            && f->function_scope < 0)
          f->function_scope = f->binds.length () - 1;

        f->current = f->binds.length () - 1;
        walk_gimple_seq_mod (gimple_bind_body_ptr (bind), collect_stmt, NULL,
                             wi);
        f->current = saved;
        *handled_ops = true;
        break;
      }
    case GIMPLE_LABEL:
      {
        tree label = gimple_label_label (as_a <glabel *> (stmt));
        f->label_bind->put (label, f->current);
        if (FORCED_LABEL (label) || DECL_NONLOCAL (label))
          f->any_jump_labels.safe_push (label);
        break;
      }
    case GIMPLE_GOTO:
      /* A computed goto reaches only FORCED_LABELs, handled with those.  */
      add_jump (f, gimple_goto_dest (stmt));
      break;
    case GIMPLE_COND:
      {
        gcond *cond = as_a <gcond *> (stmt);
        add_jump (f, gimple_cond_true_label (cond));
        add_jump (f, gimple_cond_false_label (cond));
        break;
      }
    case GIMPLE_SWITCH:
      {
        gswitch *sw = as_a <gswitch *> (stmt);
        for (unsigned i = 0; i < gimple_switch_num_labels (sw); i++)
          add_jump (f, CASE_LABEL (gimple_switch_label (sw, i)));
        break;
      }
    case GIMPLE_ASM:
      {
        gasm *asm_stmt = as_a <gasm *> (stmt);
        for (unsigned i = 0; i < gimple_asm_nlabels (asm_stmt); i++)
          add_jump (f, TREE_VALUE (gimple_asm_label_op (asm_stmt, i)));
        break;
      }
    case GIMPLE_CALL:
      collect_call (f, gsi);
      break;
    case GIMPLE_ASSIGN:
      collect_copy (f, as_a <gassign *> (stmt));
      break;
    default:
      /* GIMPLE_TRY, GIMPLE_CATCH, GIMPLE_EH_*, OMP bodies: let the walker
         descend; the binds inside keep f->current as their parent.  */
      break;
    }
  return NULL_TREE;
}

/* [2] ------------------------------------------------------------------- */

static bool
is_ancestor_or_self (const ms_func *f, int ancestor, int bind)
{
  for (; bind >= 0; bind = f->binds[bind].parent)
    if (bind == ancestor)
      return true;
  return false;
}

/* A jump from FROM to a label in TARGET skips the entry of every bind
   between TARGET and their common ancestor.  */
static void
mark_jumped_into (ms_func *f, int target, int from)
{
  for (int b = target; b >= 0 && !is_ancestor_or_self (f, b, from);
       b = f->binds[b].parent)
    f->binds[b].jumped_into = true;
}

static void
find_jumps_into_blocks (ms_func *f)
{
  for (unsigned i = 0; i < f->jumps.length (); i++)
    {
      int *target = f->label_bind->get (f->jumps[i].label);
      if (target)
        mark_jumped_into (f, *target, f->jumps[i].bind);
    }
  /* Computed and nonlocal gotos may come from anywhere in the function.  */
  for (unsigned i = 0; i < f->any_jump_labels.length (); i++)
    {
      int *target = f->label_bind->get (f->any_jump_labels[i]);
      if (target)
        mark_jumped_into (f, *target, f->function_scope);
    }
}

/* [3] ------------------------------------------------------------------- */

/* A local captured by a nested function lives in the parent's FRAME.N
   record; its DECL_VALUE_EXPR is FRAME.N.field.  */
static bool
is_frame_field (tree value_expr)
{
  tree base;

  if (TREE_CODE (value_expr) != COMPONENT_REF)
    return false;
  base = get_base_address (value_expr);
  return (base && VAR_P (base) && DECL_NAME (base)
          && strncmp (IDENTIFIER_POINTER (DECL_NAME (base)), "FRAME.", 6) == 0);
}

static bool
is_vla (tree var)
{
  if (!VAR_P (var) || !DECL_HAS_VALUE_EXPR_P (var))
    return false;
  tree value_expr = DECL_VALUE_EXPR (var);
  return ((TREE_CODE (value_expr) == INDIRECT_REF
           || TREE_CODE (value_expr) == MEM_REF)
          && DECL_P (TREE_OPERAND (value_expr, 0)));
}

/* Whether VAR can be registered by address without changing how the
   function is compiled: taking the address of a register candidate after
   gimplification is invalid GIMPLE, and would pessimise the code anyway
   (vars=all marks locals addressable before gimplification instead).  */
static bool
registered_by_address (tree var)
{
  if (memscope_opts.vars == MEMSCOPE_VARS_NONE)
    return false;
  if (TREE_CODE (var) == PARM_DECL && DECL_BY_REFERENCE (var))
    return true;
  if (DECL_HAS_VALUE_EXPR_P (var))
    return is_vla (var) || is_frame_field (DECL_VALUE_EXPR (var));
  return TREE_ADDRESSABLE (var) || !is_gimple_reg_type (TREE_TYPE (var));
}

static bool
bind_registers_something (const ms_bind *b)
{
  for (tree v = gimple_bind_vars (b->stmt); v; v = DECL_CHAIN (v))
    if (memscope_local_wanted (v) && registered_by_address (v))
      return true;
  return false;
}

static void
choose_scopes (ms_func *f)
{
  for (unsigned i = 0; i < f->binds.length (); i++)
    {
      ms_bind *b = &f->binds[i];
      ms_bind *parent = b->parent >= 0 ? &f->binds[b->parent] : NULL;

      b->in_function = ((int) i == f->function_scope
                        || (parent && parent->in_function));
      if (!b->in_function)
        continue;
      if ((int) i == f->function_scope)
        b->instrumented = true;
      else
        b->instrumented = (memscope_opts.blocks && !b->jumped_into
                           && bind_registers_something (b));
      if (!b->instrumented)
        {
          b->owner = parent->owner;
          continue;
        }
      b->owner = i;
      b->parent_scope = parent && parent->in_function ? parent->owner : -1;
      b->depth = b->parent_scope >= 0
                 ? f->binds[b->parent_scope].depth + 1 : 0;
    }
}

/* [4] ------------------------------------------------------------------- */

static unsigned HOST_WIDE_INT
constant_size (tree type)
{
  tree size = TYPE_SIZE_UNIT (type);
  return size && tree_fits_uhwi_p (size) ? tree_to_uhwi (size) : 0;
}

static unsigned
add_desc (ms_bind *owner, const char *name, tree type, location_t loc,
          unsigned flags)
{
  memscope_var_info info;
  info.name = name;
  info.type = type;
  info.loc = loc;
  info.flags = flags;
  info.size = (flags & (MEMSCOPE_VAR_VLA | MEMSCOPE_VAR_ALLOCA))
              ? 0 : constant_size (type);
  owner->descs.safe_push (info);
  return owner->descs.length () - 1;
}

static void
add_reg (ms_func *f, ms_bind *owner, unsigned index, tree addr)
{
  ms_reg r = { index, addr };
  owner->regs.safe_push (r);
  f->nregistered++;
}

static const ms_site *
find_vla_alloca (const ms_func *f, tree var)
{
  tree ptr = TREE_OPERAND (DECL_VALUE_EXPR (var), 0);
  for (unsigned i = 0; i < f->vla_allocas.length (); i++)
    if (gimple_call_lhs (f->vla_allocas[i].stmt) == ptr)
      return &f->vla_allocas[i];
  return NULL;
}

/* Remember where VAR's descriptor is, for __memscope_heap_owner.  Only
   pointers can receive an allocator's result.  */
static void
note_described (ms_func *f, tree var, int owner, unsigned index)
{
  ms_desc_ref ref = { var, owner, index };

  if (TREE_CODE (TREE_TYPE (var)) != POINTER_TYPE
      || (TREE_CODE (var) == PARM_DECL && DECL_BY_REFERENCE (var)))
    return;
  f->described_index->put (var, f->described.length ());
  f->described.safe_push (ref);
}

/* Describe VAR in OWNER's descriptor, and say how it is registered.
   Returns the index of its descriptor.  */
static unsigned
add_local (ms_func *f, int owner_index, tree var, unsigned flags)
{
  ms_bind *owner = &f->binds[owner_index];
  const char *name = IDENTIFIER_POINTER (DECL_NAME (var));
  location_t loc = DECL_SOURCE_LOCATION (var);
  tree type = TREE_TYPE (var);
  unsigned index;

  if (!registered_by_address (var))
    return add_desc (owner, name, type, loc, flags | MEMSCOPE_VAR_NOADDR);
  if (TREE_CODE (var) == PARM_DECL && DECL_BY_REFERENCE (var))
    {
      /* Passed by invisible reference: the object is where VAR points.  */
      index = add_desc (owner, name, TREE_TYPE (type), loc, flags);
      add_reg (f, owner, index, var);
      return index;
    }
  if (is_vla (var))
    {
      const ms_site *site = find_vla_alloca (f, var);
      index = add_desc (owner, name, type, loc, flags | MEMSCOPE_VAR_VLA);
      if (site)
        {
          ms_vla v = { *site, owner_index, index };
          f->vlas.safe_push (v);
          f->nregistered++;
        }
      return index;
    }
  if (DECL_HAS_VALUE_EXPR_P (var))
    {
      index = add_desc (owner, name, type, loc,
                        flags | MEMSCOPE_VAR_NESTED_FRAME);
      add_reg (f, owner, index,
               build_fold_addr_expr (unshare_expr (DECL_VALUE_EXPR (var))));
      return index;
    }
  /* Already in memory (address taken, or an aggregate): saying so costs
     nothing and keeps the GIMPLE verifier happy about the ADDR_EXPR.  */
  TREE_ADDRESSABLE (var) = 1;
  index = add_desc (owner, name, type, loc, flags);
  add_reg (f, owner, index, build_fold_addr_expr (var));
  return index;
}

static void
describe_local (ms_func *f, int owner_index, tree var, unsigned flags)
{
  note_described (f, var, owner_index,
                  add_local (f, owner_index, var, flags));
}

static void
describe_variables (ms_func *f)
{
  ms_bind *fs = &f->binds[f->function_scope];

  if (memscope_opts.vars == MEMSCOPE_VARS_NONE)
    return;
  if (memscope_opts.params)
    for (tree p = DECL_ARGUMENTS (f->fndecl); p; p = DECL_CHAIN (p))
      if (memscope_local_wanted (p))
        describe_local (f, f->function_scope, p, MEMSCOPE_VAR_PARAM);

  for (unsigned i = 0; i < f->binds.length (); i++)
    if (f->binds[i].in_function)
      for (tree v = gimple_bind_vars (f->binds[i].stmt); v; v = DECL_CHAIN (v))
        if (memscope_local_wanted (v))
          describe_local (f, f->binds[i].owner, v, 0);

  /* An alloca block lives as long as the function, whatever block calls
     alloca: its site is described in the function scope.  */
  for (unsigned i = 0; i < f->user_allocas.length (); i++)
    if (f->binds[f->user_allocas[i].bind].in_function)
      add_desc (fs, "alloca", void_type_node,
                gimple_location (f->user_allocas[i].stmt),
                MEMSCOPE_VAR_ALLOCA);
}

/* Where a scope starts.  The C front end puts a block's BLOCK at its `{`;
   the C++ one at its `}`, so there the first declaration is nearer.  */
static location_t
scope_location (const ms_func *f, const ms_bind *b)
{
  tree block = gimple_bind_block (b->stmt);
  location_t loc = block ? BLOCK_SOURCE_LOCATION (block) : UNKNOWN_LOCATION;

  if (b == &f->binds[f->function_scope])
    return DECL_SOURCE_LOCATION (f->fndecl);
  if (loc == UNKNOWN_LOCATION)
    loc = gimple_location (b->stmt);
  for (tree v = gimple_bind_vars (b->stmt); v; v = DECL_CHAIN (v))
    if (memscope_local_wanted (v)
        && (loc == UNKNOWN_LOCATION
            || LOCATION_LINE (DECL_SOURCE_LOCATION (v)) < LOCATION_LINE (loc)))
      loc = DECL_SOURCE_LOCATION (v);
  return loc;
}

static void
emit_descriptors (ms_func *f)
{
  /* Binds are in pre-order, so a parent's descriptor exists first.  */
  for (unsigned i = 0; i < f->binds.length (); i++)
    {
      ms_bind *b = &f->binds[i];
      if (!b->instrumented)
        continue;
      b->vars_decl = memscope_build_vars_decl (b->descs);
      b->scope_decl = memscope_build_scope_decl
        (f->fndecl,
         (int) i == f->function_scope
         ? MEMSCOPE_SCOPE_FUNCTION : MEMSCOPE_SCOPE_BLOCK,
         scope_location (f, b), b->depth,
         b->parent_scope >= 0 ? f->binds[b->parent_scope].scope_decl
                              : NULL_TREE,
         b->vars_decl, b->descs.length ());
    }
}

static gcall *
build_runtime_call (int which, location_t loc, int nargs, tree a0,
                    tree a1 = NULL_TREE, tree a2 = NULL_TREE)
{
  gcall *call;
  tree decl = memscope_runtime_decl (which);

  if (nargs == 1)
    call = gimple_build_call (decl, 1, a0);
  else if (nargs == 2)
    call = gimple_build_call (decl, 2, a0, a1);
  else
    call = gimple_build_call (decl, 3, a0, a1, a2);
  gimple_set_location (call, loc);
  return call;
}

static void
insert_after (const ms_site *site, gimple_seq stmts)
{
  gimple_stmt_iterator gsi = gsi_for_stmt (site->stmt, site->seq);
  gsi_insert_seq_after (&gsi, stmts, GSI_SAME_STMT);
}

/* fn (&desc, ptr, size) right after SITE's alloca, whose result is PTR.  */
static void
insert_after_alloca (const ms_site *site, int which, tree desc)
{
  gcall *alloca_call = as_a <gcall *> (site->stmt);
  location_t loc = gimple_location (alloca_call);
  tree ptr = gimple_call_lhs (alloca_call);
  gimple_seq seq = NULL;
  tree size;

  if (!ptr)
    {
      /* alloca () with its result unused: name the result anyway.  */
      ptr = create_tmp_var (ptr_type_node, "memscope_alloca");
      gimple_call_set_lhs (alloca_call, ptr);
    }
  size = gimple_convert (&seq, loc, memscope_uint64_type (),
                         gimple_call_arg (alloca_call, 0));
  gimple_seq_add_stmt (&seq, build_runtime_call (which, loc, 3, desc, ptr,
                                                 size));
  insert_after (site, seq);
}

/* The described pointer that DEST is, or that the temporary DEST ends up
   in through plain copies and pointer casts; NULL if none.  */
static const ms_desc_ref *
heap_owner_of (const ms_func *f, tree dest)
{
  /* The gimplifier chains at most a couple of temporaries; the bound
     only guards against copies between temporaries forming a cycle.  */
  for (int hops = 0; hops < 8 && dest; hops++)
    {
      if (DECL_P (dest))
        {
          unsigned *i = f->described_index->get (dest);
          if (i)
            return &f->described[*i];
        }
      if (TREE_CODE (dest) == COMPONENT_REF)
        {
          /* A local a nested function captures is a field of FRAME.N.  */
          for (unsigned i = 0; i < f->described.length (); i++)
            {
              tree var = f->described[i].var;
              if (DECL_HAS_VALUE_EXPR_P (var)
                  && operand_equal_p (DECL_VALUE_EXPR (var), dest, 0))
                return &f->described[i];
            }
          return NULL;
        }
      if (!is_temporary (dest))
        return NULL;
      tree *next = f->copied_to->get (dest);
      if (!next || *next == error_mark_node)
        return NULL;
      dest = *next;
    }
  return NULL;
}

/* __memscope_heap_owner (&desc, block) right after the allocator call of
   SITE: tied at the call, before any copy, so that the iftmp of
   `p = c ? malloc (a) : q` ties only the block that came from malloc.  */
static void
insert_heap_owner (ms_func *f, const ms_site *site, const ms_desc_ref *ref)
{
  gcall *call = as_a <gcall *> (site->stmt);
  location_t loc = gimple_location (call);
  tree block = gimple_call_lhs (call);
  gimple_seq seq = NULL;

  if (!is_gimple_val (block))
    {
      /* The result went straight to memory (an addressable pointer):
         a call argument must be a register.  */
      tree tmp = create_tmp_var (TREE_TYPE (block), "memscope_block");
      gimple_seq_add_stmt (&seq, gimple_build_assign (tmp,
                                                      unshare_expr (block)));
      block = tmp;
    }
  gimple_seq_add_stmt (&seq, build_runtime_call
                               (MEMSCOPE_FN_HEAP_OWNER, loc, 2,
                                memscope_var_desc_addr
                                  (f->binds[ref->owner].vars_decl,
                                   ref->index),
                                block));
  insert_after (site, seq);
  f->nheap_owners++;
}

static void
insert_calls_after_statements (ms_func *f)
{
  ms_bind *fs = &f->binds[f->function_scope];
  unsigned alloca_index = 0;

  for (unsigned i = 0; i < f->vlas.length (); i++)
    {
      const ms_vla *v = &f->vlas[i];
      insert_after_alloca (&v->site, MEMSCOPE_FN_VAR_DYN,
                           memscope_var_desc_addr
                             (f->binds[v->owner].vars_decl, v->index));
    }

  if (memscope_opts.vars != MEMSCOPE_VARS_NONE)
    {
      /* The alloca descriptors are the last ones of the function scope,
         in the order of user_allocas.  */
      alloca_index = fs->descs.length ();
      for (unsigned i = 0; i < f->user_allocas.length (); i++)
        if (f->binds[f->user_allocas[i].bind].in_function)
          alloca_index--;
      for (unsigned i = 0; i < f->user_allocas.length (); i++)
        if (f->binds[f->user_allocas[i].bind].in_function)
          insert_after_alloca (&f->user_allocas[i], MEMSCOPE_FN_ALLOCA,
                               memscope_var_desc_addr (fs->vars_decl,
                                                       alloca_index++));
    }

  for (unsigned i = 0; i < f->allocations.length (); i++)
    {
      const ms_site *site = &f->allocations[i];
      const ms_desc_ref *ref;
      if (!f->binds[site->bind].in_function)
        continue;
      ref = heap_owner_of (f, gimple_call_lhs (site->stmt));
      if (ref)
        insert_heap_owner (f, site, ref);
    }

  /* A longjmp back to a setjmp skipped the exits of every scope in
     between: tell the runtime which scope is current again.  */
  for (unsigned i = 0; i < f->returns_twice.length (); i++)
    {
      const ms_site *site = &f->returns_twice[i];
      const ms_bind *b = &f->binds[site->bind];
      if (!b->in_function)
        continue;
      insert_after (site, build_runtime_call
                            (MEMSCOPE_FN_RESYNC, gimple_location (site->stmt),
                             1, build_fold_addr_expr
                                  (f->binds[b->owner].scope_decl)));
    }
}

/* [5] and [6] ----------------------------------------------------------- */

static void
wrap_scope (ms_func *f, ms_bind *b)
{
  tree block = gimple_bind_block (b->stmt);
  bool is_function = b == &f->binds[f->function_scope];
  location_t enter_loc = is_function ? DECL_SOURCE_LOCATION (f->fndecl)
                                     : scope_location (f, b);
  location_t exit_loc = is_function
                        ? DECL_STRUCT_FUNCTION (f->fndecl)->function_end_locus
                        : block ? BLOCK_SOURCE_END_LOCATION (block)
                                : enter_loc;
  tree scope_addr = build_fold_addr_expr (b->scope_decl);
  gimple_seq body = NULL;
  gimple_seq cleanup = NULL;

  if (exit_loc == UNKNOWN_LOCATION)
    exit_loc = enter_loc;

  /* [5] */
  gimple_seq_add_stmt (&body, build_runtime_call (MEMSCOPE_FN_ENTER, enter_loc,
                                                  1, scope_addr));
  for (unsigned i = 0; i < b->regs.length (); i++)
    gimple_seq_add_stmt (&body, build_runtime_call
                                  (MEMSCOPE_FN_VAR, enter_loc, 2,
                                   memscope_var_desc_addr (b->vars_decl,
                                                           b->regs[i].index),
                                   b->regs[i].addr));

  /* [6] */
  gimple_seq_add_stmt (&cleanup, build_runtime_call (MEMSCOPE_FN_EXIT,
                                                     exit_loc, 1,
                                                     unshare_expr (scope_addr)));
  gimple_seq_add_stmt (&body, gimple_build_try (gimple_bind_body (b->stmt),
                                                cleanup, GIMPLE_TRY_FINALLY));
  gimple_bind_set_body (b->stmt, body);
}

/* ---------------------------------------------------------------------- */

static void
free_func (ms_func *f)
{
  for (unsigned i = 0; i < f->binds.length (); i++)
    {
      f->binds[i].descs.release ();
      f->binds[i].regs.release ();
    }
  f->binds.release ();
  delete f->label_bind;
  f->jumps.release ();
  f->any_jump_labels.release ();
  f->vla_allocas.release ();
  f->user_allocas.release ();
  f->returns_twice.release ();
  f->allocations.release ();
  delete f->copied_to;
  f->vlas.release ();
  f->described.release ();
  delete f->described_index;
}

static void
instrument_function (tree fndecl)
{
  gimple_seq body = gimple_body (fndecl);
  struct walk_stmt_info wi;
  ms_func f;
  unsigned nscopes = 0;
  unsigned nvars = 0;

  memset (&f, 0, sizeof f);
  f.fndecl = fndecl;
  f.function_scope = -1;
  f.current = -1;
  f.label_bind = new hash_map<tree, int>;
  f.copied_to = new hash_map<tree, tree>;
  f.described_index = new hash_map<tree, unsigned>;

  /* [1] */
  memset (&wi, 0, sizeof wi);
  wi.info = &f;
  walk_gimple_seq_mod (&body, collect_stmt, NULL, &wi);
  gimple_set_body (fndecl, body);

  /* No bind carries the function's BLOCK: fall back to the outermost.  */
  if (f.function_scope < 0 && !f.binds.is_empty ())
    f.function_scope = 0;
  if (f.function_scope < 0)
    {
      free_func (&f);
      return;
    }

  find_jumps_into_blocks (&f);        /* [2] */
  choose_scopes (&f);                 /* [3] */
  describe_variables (&f);            /* [4] */
  emit_descriptors (&f);
  insert_calls_after_statements (&f);
  for (unsigned i = 0; i < f.binds.length (); i++)
    if (f.binds[i].instrumented)
      {
        wrap_scope (&f, &f.binds[i]); /* [5], [6] */
        nscopes++;
        nvars += f.binds[i].descs.length ();
      }

  if (memscope_opts.verbose)
    inform (DECL_SOURCE_LOCATION (fndecl),
            "memscope: instrumented %qs: %u scopes, %u variables, "
            "%u registered by address, %u heap owners",
            lang_hooks.decl_printable_name (fndecl, 2), nscopes, nvars,
            f.nregistered, f.nheap_owners);
  free_func (&f);
}

/* vars=all: every wanted local must be addressable before gimplification;
   marking it afterwards would leave it a GIMPLE register whose address is
   taken, which is invalid.  */

static void mark_function_locals (tree fndecl);

static tree
mark_bind_vars (tree *tp, int *walk_subtrees, void *data)
{
  tree fndecl = (tree) data;

  if (TYPE_P (*tp))
    *walk_subtrees = 0;
  if (TREE_CODE (*tp) != BIND_EXPR)
    return NULL_TREE;
  for (tree v = BIND_EXPR_VARS (*tp); v; v = DECL_CHAIN (v))
    {
      /* C nested functions get no PLUGIN_PRE_GENERICIZE of their own.  */
      if (TREE_CODE (v) == FUNCTION_DECL && v != fndecl
          && DECL_SAVED_TREE (v) && decl_function_context (v) == fndecl)
        mark_function_locals (v);
      else if (memscope_local_wanted (v) && is_gimple_reg_type (TREE_TYPE (v)))
        TREE_ADDRESSABLE (v) = 1;
    }
  return NULL_TREE;
}

static void
mark_function_locals (tree fndecl)
{
  if (memscope_function_excluded (fndecl) || !DECL_SAVED_TREE (fndecl))
    return;
  if (memscope_opts.params)
    for (tree p = DECL_ARGUMENTS (fndecl); p; p = DECL_CHAIN (p))
      if (memscope_local_wanted (p) && is_gimple_reg_type (TREE_TYPE (p)))
        TREE_ADDRESSABLE (p) = 1;
  walk_tree_without_duplicates (&DECL_SAVED_TREE (fndecl), mark_bind_vars,
                                fndecl);
}

void
memscope_pre_genericize (void *gcc_data, void *)
{
  mark_function_locals ((tree) gcc_data);
}

/* The pass itself --------------------------------------------------------- */

static const pass_data memscope_pass_data = {
  GIMPLE_PASS,
  "memscope",           /* name */
  OPTGROUP_NONE,        /* optinfo_flags */
  TV_NONE,              /* tv_id */
  PROP_gimple_any,      /* properties_required */
  0,                    /* properties_provided */
  0,                    /* properties_destroyed */
  0,                    /* todo_flags_start */
  0,                    /* todo_flags_finish */
};

class memscope_pass : public gimple_opt_pass
{
public:
  memscope_pass (gcc::context *ctxt)
    : gimple_opt_pass (memscope_pass_data, ctxt)
  {
  }

  bool gate (function *) MEMSCOPE_PASS_OVERRIDE
  {
    return !memscope_opts.disable;
  }

  unsigned int execute (function *fun) MEMSCOPE_PASS_OVERRIDE
  {
    if (!memscope_function_excluded (fun->decl) && gimple_body (fun->decl))
      instrument_function (fun->decl);
    return 0;
  }
};

opt_pass *
memscope_make_pass (gcc::context *ctxt)
{
  return new memscope_pass (ctxt);
}

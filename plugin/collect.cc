/* collect.cc: each function's scopes and variables, as the source has them.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GIMPLE pass right before `lower`, where one GIMPLE_BIND still stands for
 * each source block with declarations.  It changes nothing: it records, for
 * pass.cc to find after optimization,
 *
 *   int f (int n)                 scope 0, BLOCK DECL_INITIAL (f): n, buf
 *   {
 *     char buf[64];
 *     { struct point pt; ... }    scope 1, its BLOCK, parent 0: pt
 *     switch (n) { int k;         scope 2, jumped into: folded into its
 *       case 1: ... }             parent by pass.cc
 *   }
 *
 * Steps:
 *   [1] Walk the body: every bind with its parent, every label and jump.
 *   [2] Mark the binds a jump enters from outside (switch bodies declaring
 *       variables before the first case, goto into a block, computed and
 *       nonlocal goto).
 *   [3] Describe every named automatic variable and parameter: name, type
 *       as C spells it, size, and whether the source keeps it in memory
 *       (MS_SRC_MEMORY: arrays, structs, unions, VLAs, variables whose
 *       address is taken, those a nested function captures).  Only those
 *       are ever counted; where the optimized code put them is pass.cc's
 *       question.
 * The BLOCKs and declarations are kept alive (a GC root): the optimizers
 * may drop them from the function, and pass.cc still describes them.
 */
#include "memscope-plugin.h"
#include "memscope-abi.h"

static GTY(()) vec<tree, va_gc> *kept;

const struct ggc_root_tab memscope_collect_roots[] = {
  { &kept, 1, sizeof (kept), &gt_ggc_mx_vec_tree_va_gc_,
    &gt_pch_nx_vec_tree_va_gc_ },
  LAST_GGC_ROOT_TAB
};

static hash_map<tree, ms_src_func *> *functions;

/* Every call the source makes, as (locus, callee), to tell the bodies the
   optimizer inlined for a call from those it made up itself (a split-off
   part inlined back into its function).  */
static hash_set<int_hash<HOST_WIDE_INT, -1, -2> > *source_calls;

/* By file, line and column: the call's location and the inlined body's
   call site are the same point, but not always the same location_t (one
   has a range, the other not).  */
static HOST_WIDE_INT
call_key (location_t loc, tree callee)
{
  expanded_location x = expand_location (loc);
  HOST_WIDE_INT key = ((HOST_WIDE_INT) x.line << 32) ^ ((HOST_WIDE_INT) x.column << 20)
                      ^ (HOST_WIDE_INT) DECL_UID (DECL_ORIGIN (callee));

  if (x.file)
    key ^= (HOST_WIDE_INT) htab_hash_string (x.file) << 8;
  return key & ~(HOST_WIDE_INT) 3;      /* never -1 or -2, the table's marks */
}

bool
memscope_is_source_call (location_t call_site, tree callee)
{
  return source_calls && source_calls->contains (call_key (call_site, callee));
}

/* Allocator calls whose result the source stores in a described pointer,
   by (locus, callee): the pointer.  */
static hash_map<int_hash<HOST_WIDE_INT, -1, -2>, tree> *receivers;

tree
memscope_source_receiver (location_t call_site, tree callee)
{
  tree *var = receivers ? receivers->get (call_key (call_site, callee)) : NULL;
  return var ? *var : NULL_TREE;
}

struct ms_jump
{
  tree label;
  int scope;
};

struct ms_walk
{
  ms_src_func *f;
  int current;
  vec<gcall *> allocations;     /* allocator calls with a result */
  hash_map<tree, tree> *copied_to;  /* temporary -> where it is copied */
  hash_map<tree, int> *label_scope;
  vec<ms_jump> jumps;
  vec<tree> any_jump_labels;    /* FORCED_LABEL or DECL_NONLOCAL */
  vec<gbind *> binds;
};

static void
keep (tree t)
{
  vec_safe_push (kept, t);
}

/* [1] ------------------------------------------------------------------- */

static void
add_jump (ms_walk *w, tree label)
{
  if (label && TREE_CODE (label) == LABEL_DECL)
    {
      ms_jump j = { label, w->current };
      w->jumps.safe_push (j);
    }
}

static void note_copy (ms_walk *w, gassign *assign);

static tree
collect_stmt (gimple_stmt_iterator *gsi, bool *handled_ops,
              struct walk_stmt_info *wi)
{
  ms_walk *w = (ms_walk *) wi->info;
  gimple *stmt = gsi_stmt (*gsi);

  *handled_ops = false;
  switch (gimple_code (stmt))
    {
    case GIMPLE_BIND:
      {
        gbind *bind = as_a <gbind *> (stmt);
        int saved = w->current;
        ms_src_scope s;

        memset (&s, 0, sizeof s);
        s.block = gimple_bind_block (bind);
        s.parent = w->current;
        w->f->scopes.safe_push (s);
        w->binds.safe_push (bind);
        w->current = w->f->scopes.length () - 1;
        walk_gimple_seq (gimple_bind_body (bind), collect_stmt, NULL, wi);
        w->current = saved;
        *handled_ops = true;
        break;
      }
    case GIMPLE_LABEL:
      {
        tree label = gimple_label_label (as_a <glabel *> (stmt));
        w->label_scope->put (label, w->current);
        if (FORCED_LABEL (label) || DECL_NONLOCAL (label))
          w->any_jump_labels.safe_push (label);
        break;
      }
    case GIMPLE_GOTO:
      /* A computed goto reaches only FORCED_LABELs, handled with those.  */
      add_jump (w, gimple_goto_dest (stmt));
      break;
    case GIMPLE_COND:
      {
        gcond *cond = as_a <gcond *> (stmt);
        add_jump (w, gimple_cond_true_label (cond));
        add_jump (w, gimple_cond_false_label (cond));
        break;
      }
    case GIMPLE_SWITCH:
      {
        gswitch *sw = as_a <gswitch *> (stmt);
        for (unsigned i = 0; i < gimple_switch_num_labels (sw); i++)
          add_jump (w, CASE_LABEL (gimple_switch_label (sw, i)));
        break;
      }
    case GIMPLE_CALL:
      {
        gcall *call = as_a <gcall *> (stmt);
        tree callee = gimple_call_fndecl (stmt);
        if (callee && gimple_location (stmt) != UNKNOWN_LOCATION)
          {
            if (!source_calls)
              source_calls = new hash_set<int_hash<HOST_WIDE_INT, -1, -2> >;
            source_calls->add (call_key (gimple_location (stmt), callee));
            if (gimple_call_lhs (call)
                && POINTER_TYPE_P (TREE_TYPE (gimple_call_lhs (call)))
                && memscope_is_allocator_call (call))
              w->allocations.safe_push (call);
          }
        break;
      }
    case GIMPLE_ASSIGN:
      note_copy (w, as_a <gassign *> (stmt));
      break;
    case GIMPLE_ASM:
      {
        gasm *asm_stmt = as_a <gasm *> (stmt);
        for (unsigned i = 0; i < gimple_asm_nlabels (asm_stmt); i++)
          add_jump (w, TREE_VALUE (gimple_asm_label_op (asm_stmt, i)));
        break;
      }
    default:
      /* GIMPLE_TRY, GIMPLE_CATCH, GIMPLE_EH_*, OMP bodies: let the walker
         descend; the binds inside keep w->current as their parent.  */
      break;
    }
  return NULL_TREE;
}

/* A value only the gimplifier names: `D.1234`, `iftmp.0`.  */
static bool
is_temporary (tree t)
{
  return (TREE_CODE (t) == SSA_NAME
          || (VAR_P (t) && DECL_ARTIFICIAL (t) && !TREE_STATIC (t)
              && !DECL_EXTERNAL (t) && !TREE_ADDRESSABLE (t)));
}

/* `dest = tmp` or `dest = (T *) tmp`: where TMP goes.  A temporary copied
   to two places has no single destination.  */
static void
note_copy (ms_walk *w, gassign *assign)
{
  tree rhs = gimple_assign_rhs1 (assign);
  tree lhs = gimple_assign_lhs (assign);
  tree *seen;

  if (!(gimple_assign_single_p (assign)
        || CONVERT_EXPR_CODE_P (gimple_assign_rhs_code (assign)))
      || !is_temporary (rhs) || !POINTER_TYPE_P (TREE_TYPE (rhs)))
    return;
  seen = w->copied_to->get (rhs);
  if (!seen)
    w->copied_to->put (rhs, lhs);
  else if (*seen != error_mark_node && !operand_equal_p (*seen, lhs, 0))
    *seen = error_mark_node;
}

/* The described pointer that an allocator's result DEST ends up in,
   through the gimplifier's temporaries; NULL if none.  */
static tree
receiving_variable (ms_walk *w, tree dest)
{
  for (int hops = 0; hops < 8 && dest; hops++)
    {
      if (DECL_P (dest) && memscope_local_wanted (dest)
          && POINTER_TYPE_P (TREE_TYPE (dest))
          && !(TREE_CODE (dest) == PARM_DECL && DECL_BY_REFERENCE (dest)))
        return dest;
      if (TREE_CODE (dest) == COMPONENT_REF)
        {
          /* A local a nested function captures is a field of FRAME.N.  */
          for (unsigned i = 0; i < w->f->scopes.length (); i++)
            for (unsigned j = 0; j < w->f->scopes[i].vars.length (); j++)
              {
                tree v = w->f->scopes[i].vars[j].decl;
                if (DECL_HAS_VALUE_EXPR_P (v)
                    && operand_equal_p (DECL_VALUE_EXPR (v), dest, 0)
                    && POINTER_TYPE_P (TREE_TYPE (v)))
                  return v;
              }
          return NULL_TREE;
        }
      if (!is_temporary (dest))
        return NULL_TREE;
      tree *next = w->copied_to->get (dest);
      if (!next || *next == error_mark_node)
        return NULL_TREE;
      dest = *next;
    }
  return NULL_TREE;
}

static void
note_receivers (ms_walk *w)
{
  for (unsigned i = 0; i < w->allocations.length (); i++)
    {
      gcall *call = w->allocations[i];
      tree var = receiving_variable (w, gimple_call_lhs (call));
      if (!var)
        continue;
      if (!receivers)
        receivers = new hash_map<int_hash<HOST_WIDE_INT, -1, -2>, tree>;
      keep (var);
      receivers->put (call_key (gimple_location (call),
                                gimple_call_fndecl (call)), var);
    }
}

/* [2] ------------------------------------------------------------------- */

static bool
is_ancestor_or_self (const ms_src_func *f, int ancestor, int scope)
{
  for (; scope >= 0; scope = f->scopes[scope].parent)
    if (scope == ancestor)
      return true;
  return false;
}

/* A jump from FROM to a label in TARGET skips the entry of every scope
   between TARGET and their common ancestor.  */
static void
mark_jumped_into (ms_src_func *f, int target, int from)
{
  for (int s = target; s >= 0 && !is_ancestor_or_self (f, s, from);
       s = f->scopes[s].parent)
    f->scopes[s].jumped_into = true;
}

static void
find_jumps_into_scopes (ms_walk *w, int function_scope)
{
  for (unsigned i = 0; i < w->jumps.length (); i++)
    {
      int *target = w->label_scope->get (w->jumps[i].label);
      if (target)
        mark_jumped_into (w->f, *target, w->jumps[i].scope);
    }
  /* Computed and nonlocal gotos may come from anywhere in the function.  */
  for (unsigned i = 0; i < w->any_jump_labels.length (); i++)
    {
      int *target = w->label_scope->get (w->any_jump_labels[i]);
      if (target)
        mark_jumped_into (w->f, *target, function_scope);
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

static unsigned HOST_WIDE_INT
constant_size (tree type)
{
  tree size = TYPE_SIZE_UNIT (type);
  return size && tree_fits_uhwi_p (size) ? tree_to_uhwi (size) : 0;
}

static void
describe (ms_src_func *f, int scope, tree var, unsigned flags)
{
  ms_src_var v;
  tree type = TREE_TYPE (var);

  memset (&v, 0, sizeof v);
  v.decl = var;
  v.name = IDENTIFIER_POINTER (DECL_NAME (var));
  v.loc = DECL_SOURCE_LOCATION (var);
  if (TREE_CODE (var) == PARM_DECL && DECL_BY_REFERENCE (var))
    {
      /* Passed by invisible reference: the object is where VAR points.  */
      type = TREE_TYPE (type);
      flags |= MS_SRC_MEMORY;
    }
  else if (is_vla (var))
    flags |= MEMSCOPE_VAR_VLA | MS_SRC_MEMORY;
  else if (DECL_HAS_VALUE_EXPR_P (var)
           && is_frame_field (DECL_VALUE_EXPR (var)))
    flags |= MEMSCOPE_VAR_NESTED_FRAME | MS_SRC_MEMORY;
  else if (TREE_ADDRESSABLE (var) || !is_gimple_reg_type (type))
    flags |= MS_SRC_MEMORY;
  v.type = memscope_type_name (type);
  v.flags = flags;
  v.size = (flags & MEMSCOPE_VAR_VLA) ? 0 : constant_size (type);
  keep (var);
  /* By the declaration's origin: a C++ constructor's body is a clone of
     the abstract one, and the copies inlining makes point there.  */
  f->var_index->put (DECL_UID (DECL_ORIGIN (var)),
                     (scope << 16) | f->scopes[scope].vars.length ());
  f->scopes[scope].vars.safe_push (v);
}

static void
describe_variables (ms_src_func *f, ms_walk *w)
{
  if (memscope_opts.vars == MEMSCOPE_VARS_NONE)
    return;
  if (memscope_opts.params)
    for (tree p = DECL_ARGUMENTS (f->fndecl); p; p = DECL_CHAIN (p))
      if (memscope_local_wanted (p))
        describe (f, 0, p, MEMSCOPE_VAR_PARAM);
  for (unsigned i = 0; i < f->scopes.length (); i++)
    for (tree v = gimple_bind_vars (w->binds[i]); v; v = DECL_CHAIN (v))
      if (memscope_local_wanted (v) && f->scopes[i].vars.length () < 0xffff)
        describe (f, i, v, 0);
}

/* Where a scope starts.  The C front end puts a block's BLOCK at its `{`;
   the C++ one at its `}`, so there the first declaration is nearer.  */
static location_t
scope_location (const ms_src_func *f, int i, gbind *bind)
{
  tree block = f->scopes[i].block;
  location_t loc = block ? BLOCK_SOURCE_LOCATION (block) : UNKNOWN_LOCATION;

  if (i == 0)
    return DECL_SOURCE_LOCATION (f->fndecl);
  if (loc == UNKNOWN_LOCATION)
    loc = gimple_location (bind);
  for (tree v = gimple_bind_vars (bind); v; v = DECL_CHAIN (v))
    if (memscope_local_wanted (v)
        && (loc == UNKNOWN_LOCATION
            || LOCATION_LINE (DECL_SOURCE_LOCATION (v)) < LOCATION_LINE (loc)))
      loc = DECL_SOURCE_LOCATION (v);
  return loc;
}

/* The function scope is the bind whose BLOCK is DECL_INITIAL (fndecl), not
   the outermost one: the gimplifier adds BLOCK-less wrappers.  Wrappers
   outside it are dropped, and its index becomes 0.  */
static bool
keep_function_body (ms_src_func *f, ms_walk *w)
{
  int body = -1;

  for (unsigned i = 0; i < f->scopes.length () && body < 0; i++)
    if (f->scopes[i].block == DECL_INITIAL (f->fndecl))
      body = i;
  if (body < 0)
    body = f->scopes.is_empty () ? -1 : 0;
  if (body < 0)
    return false;

  vec<ms_src_scope> inside = vNULL;
  vec<gbind *> binds = vNULL;
  vec<int> index = vNULL;
  index.safe_grow_cleared (f->scopes.length ());
  for (unsigned i = 0; i < f->scopes.length (); i++)
    {
      index[i] = -1;
      if (!is_ancestor_or_self (f, body, i))
        continue;
      ms_src_scope s = f->scopes[i];
      index[i] = inside.length ();
      s.parent = (int) i == body ? -1 : index[s.parent];
      inside.safe_push (s);
      binds.safe_push (w->binds[i]);
    }
  f->scopes.release ();
  f->scopes = inside;
  w->binds.release ();
  w->binds = binds;
  index.release ();
  return true;
}

static ms_src_func *
collect_function (tree fndecl)
{
  ms_src_func *f = XCNEW (ms_src_func);
  struct walk_stmt_info wi;
  ms_walk w;
  gimple_seq body = gimple_body (fndecl);

  f->fndecl = fndecl;
  f->block_scope = new hash_map<tree, int>;
  f->var_index = new hash_map<int_hash<int, -1, -2>, int>;
  memset (&w, 0, sizeof w);
  w.f = f;
  w.current = -1;
  w.label_scope = new hash_map<tree, int>;
  w.copied_to = new hash_map<tree, tree>;

  /* [1] */
  memset (&wi, 0, sizeof wi);
  wi.info = &w;
  walk_gimple_seq (body, collect_stmt, NULL, &wi);
  /* [2] */
  find_jumps_into_scopes (&w, 0);

  if (keep_function_body (f, &w))
    {
      for (unsigned i = 0; i < f->scopes.length (); i++)
        {
          ms_src_scope *s = &f->scopes[i];
          s->loc = scope_location (f, i, w.binds[i]);
          if (s->block)
            {
              keep (s->block);
              f->block_scope->put (s->block, i);
              if (!f->block_scope->get (BLOCK_ORIGIN (s->block)))
                f->block_scope->put (BLOCK_ORIGIN (s->block), i);
            }
        }
      /* The body's own BLOCK, even when its bind had another.  */
      if (DECL_INITIAL (fndecl) && TREE_CODE (DECL_INITIAL (fndecl)) == BLOCK)
        {
          keep (DECL_INITIAL (fndecl));
          f->block_scope->put (DECL_INITIAL (fndecl), 0);
        }
      describe_variables (f, &w);  /* [3] */
      note_receivers (&w);
    }

  delete w.label_scope;
  delete w.copied_to;
  w.allocations.release ();
  w.jumps.release ();
  w.any_jump_labels.release ();
  w.binds.release ();
  return f;
}

const ms_src_func *
memscope_src_func (tree fndecl)
{
  ms_src_func **f = functions ? functions->get (fndecl) : NULL;
  return f && !(*f)->scopes.is_empty () ? *f : NULL;
}

/* The description of DECL, or of the declaration it is a copy of (inlining
   and cloning copy them), in F; *SCOPE gets its scope's index.  */
const ms_src_var *
memscope_src_var (const ms_src_func *f, tree decl, int *scope)
{
  int *packed = f->var_index->get (DECL_UID (DECL_ORIGIN (decl)));

  if (!packed)
    return NULL;
  *scope = *packed >> 16;
  return &f->scopes[*scope].vars[*packed & 0xffff];
}

/* The pass itself --------------------------------------------------------- */

static const pass_data collect_pass_data = {
  GIMPLE_PASS,
  "memscope-collect",   /* name */
  OPTGROUP_NONE,        /* optinfo_flags */
  TV_NONE,              /* tv_id */
  PROP_gimple_any,      /* properties_required */
  0,                    /* properties_provided */
  0,                    /* properties_destroyed */
  0,                    /* todo_flags_start */
  0,                    /* todo_flags_finish */
};

class collect_pass : public gimple_opt_pass
{
public:
  collect_pass (gcc::context *ctxt)
    : gimple_opt_pass (collect_pass_data, ctxt)
  {
  }

  bool gate (function *) MEMSCOPE_PASS_OVERRIDE
  {
    return !memscope_opts.disable;
  }

  unsigned int execute (function *fun) MEMSCOPE_PASS_OVERRIDE
  {
    if (memscope_function_excluded (fun->decl) || !gimple_body (fun->decl))
      return 0;
    if (!functions)
      functions = new hash_map<tree, ms_src_func *>;
    ms_src_func *f = collect_function (fun->decl);
    functions->put (fun->decl, f);
    keep (fun->decl);
    /* A C++ constructor or destructor gets its body as clones of an
       abstract declaration (the complete and base object versions); the
       copies inlining makes name the abstract one.  */
    if (DECL_ORIGIN (fun->decl) != fun->decl
        && !functions->get (DECL_ORIGIN (fun->decl)))
      functions->put (DECL_ORIGIN (fun->decl), f);
    return 0;
  }
};

opt_pass *
memscope_make_collect_pass (gcc::context *ctxt)
{
  return new collect_pass (ctxt);
}

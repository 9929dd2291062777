/* mark.cc: markers for what only the GIMPLE of a function still shows.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GIMPLE pass after `optimized`, the last one before expansion: every
 * interprocedural and GIMPLE-level decision is made.  What pass.cc needs
 * and cannot find in RTL is which values a VLA, an alloca block or a
 * variable's heap block are; an empty volatile asm right after the
 * allocation hands them over, in registers:
 *
 *   vla.1_5 = __builtin_alloca_with_align (_4, 8);
 *   __asm__ __volatile__ ("# memscope 7" :: "r" vla.1_5, "r" _4);   [1]
 *   p_8 = malloc (n_2);
 *   __asm__ __volatile__ ("# memscope 8" :: "r" p_8);               [2]
 *
 * pass.cc replaces each with the call the marker stands for, once the
 * registers are known.  The asm costs nothing and touches no memory; it
 * only keeps its inputs in registers at that point.
 *
 * Steps:
 *   [1] After each alloca: the VLA it allocates (through the VLA's
 *       pointer variable), or none for a user alloca (); inputs address
 *       and size.
 *   [2] After each allocator call (the libc allocators, functions declared
 *       __attribute__ ((malloc)), C++ new) whose result goes to a described
 *       pointer variable, through copies and PHIs, or, when optimization
 *       left no trace of it, that the source stored in one; input the
 *       block.
 */
#include "memscope-plugin.h"
#include "memscope-abi.h"

static vec<ms_mark> marks;

const ms_mark *
memscope_find_mark (const char *asm_template)
{
  unsigned n;

  if (sscanf (asm_template, "# memscope %u", &n) != 1 || n >= marks.length ())
    return NULL;
  return &marks[n];
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
bool
memscope_is_allocator_call (gcall *call)
{
  tree fn = gimple_call_fndecl (call);

  return fn && (!fndecl_built_in_p (fn) || gimple_call_builtin_p (call, BUILT_IN_NORMAL))
         && memscope_is_allocator (fn);
}

/* Whether FN returns a new heap block the runtime may track.  */
bool
memscope_is_allocator (tree fn)
{
  if (fndecl_built_in_p (fn, BUILT_IN_NORMAL))
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
  if (DECL_IS_MALLOC (fn) || lookup_attribute ("malloc", DECL_ATTRIBUTES (fn))
      || DECL_IS_OPERATOR_NEW_P (fn))
    return true;
  if (!TREE_PUBLIC (fn) || !DECL_NAME (fn))
    return false;
  const char *symbol = IDENTIFIER_POINTER (DECL_ASSEMBLER_NAME (fn));
  for (size_t i = 0; i < ARRAY_SIZE (allocator_names); i++)
    if (strcmp (symbol, allocator_names[i]) == 0)
      return true;
  return false;
}

/* A described pointer variable, or NULL.  */
static tree
user_pointer (tree t)
{
  if (t && TREE_CODE (t) == SSA_NAME)
    t = SSA_NAME_VAR (t);
  if (!t || !DECL_P (t) || !memscope_local_wanted (t)
      || !POINTER_TYPE_P (TREE_TYPE (t))
      || (TREE_CODE (t) == PARM_DECL && DECL_BY_REFERENCE (t)))
    return NULL_TREE;
  return t;
}

/* The described variable whose nested-function field (FRAME.N.p) REF is.  */
static tree
frame_field_var (tree block, tree ref)
{
  for (; block; block = BLOCK_CHAIN (block))
    {
      for (tree v = BLOCK_VARS (block); v; v = DECL_CHAIN (v))
        if (VAR_P (v) && DECL_HAS_VALUE_EXPR_P (v)
            && operand_equal_p (DECL_VALUE_EXPR (v), ref, 0))
          return user_pointer (v);
      tree sub = frame_field_var (BLOCK_SUBBLOCKS (block), ref);
      if (sub)
        return sub;
    }
  return NULL_TREE;
}

/* Where a copy of VALUE goes when STMT uses it: the left-hand side of a
   plain copy or pointer conversion, or a PHI's result.  */
static tree
copied_to (gimple *stmt, tree value)
{
  if (is_gimple_assign (stmt)
      && (gimple_assign_single_p (stmt)
          || CONVERT_EXPR_CODE_P (gimple_assign_rhs_code (stmt)))
      && gimple_assign_rhs1 (stmt) == value)
    return gimple_assign_lhs (stmt);
  if (gimple_code (stmt) == GIMPLE_PHI)
    return gimple_phi_result (stmt);
  return NULL_TREE;
}

/* The variable that receives BLOCK, the result of an allocator call: its
   own, or the one that copies, conversions and PHIs of the gimplifier's
   temporaries hand it to (`iftmp.0_9 = malloc (3)`, `# iftmp.0_2 = PHI
   <iftmp.0_9, ...>`, `p_10 = iftmp.0_2`), or the captured variable whose
   field of a nested function's frame it is stored in.  None when two
   variables would receive it.  A PHI can hand a value back to itself
   (`# p_1 = PHI <p_5, p_2>`, `p_2 = p_1`): SEEN holds the names already
   followed.  The uses are read without FOR_EACH_IMM_USE_STMT, which
   must not be nested over one name.  */
static tree
receiver_1 (tree block, bitmap seen, int hops)
{
  tree var = user_pointer (block), found = NULL_TREE;
  imm_use_iterator it;
  use_operand_p use_p;
  auto_vec<gimple *, 8> uses;

  if (var || TREE_CODE (block) != SSA_NAME || hops > 4
      || !bitmap_set_bit (seen, SSA_NAME_VERSION (block)))
    return var;
  FOR_EACH_IMM_USE_FAST (use_p, it, block)
    if (!is_gimple_debug (USE_STMT (use_p)))
      uses.safe_push (USE_STMT (use_p));
  for (unsigned i = 0; i < uses.length (); i++)
    {
      tree to = copied_to (uses[i], block);
      tree got = NULL_TREE;

      if (!to)
        continue;
      if (TREE_CODE (to) == COMPONENT_REF)
        got = frame_field_var (DECL_INITIAL (current_function_decl), to);
      else
        got = receiver_1 (to, seen, hops + 1);
      if (got && found && got != found)
        return NULL_TREE;
      if (got)
        found = got;
    }
  return found;
}

static tree
receiver (tree block)
{
  auto_bitmap seen;

  return receiver_1 (block, seen, 0);
}

static tree
asm_input (tree value)
{
  return build_tree_list (build_tree_list (NULL_TREE, build_string (2, "r")),
                          value);
}

/* After STMT (or on its normal outgoing edge when it ends its block: a
   call that may throw), an empty volatile asm reading VALUES.  */
static void
insert_marker (gimple *stmt, enum ms_mark_kind kind, tree var, tree a,
               tree b = NULL_TREE)
{
  vec<tree, va_gc> *inputs = NULL;
  char text[48];
  gasm *marker;
  ms_mark m = { kind, var, gimple_location (stmt) };

  snprintf (text, sizeof text, "# memscope %u", marks.length ());
  marks.safe_push (m);
  vec_safe_push (inputs, asm_input (a));
  if (b)
    vec_safe_push (inputs, asm_input (b));
  marker = gimple_build_asm_vec (ggc_strdup (text), inputs, NULL, NULL, NULL);
  gimple_asm_set_volatile (marker, true);
  gimple_set_location (marker, gimple_location (stmt));

  if (stmt_ends_bb_p (stmt))
    {
      edge e = find_fallthru_edge (gimple_bb (stmt)->succs);
      if (!e)
        {
          edge_iterator ei;
          FOR_EACH_EDGE (e, ei, gimple_bb (stmt)->succs)
            if (!(e->flags & (EDGE_EH | EDGE_ABNORMAL)))
              break;
        }
      if (e)
        gsi_insert_on_edge_immediate (e, marker);
      return;
    }
  gimple_stmt_iterator gsi = gsi_for_stmt (stmt);
  gsi_insert_after (&gsi, marker, GSI_SAME_STMT);
}

/* Each VLA's pointer variable (its DECL_VALUE_EXPR is *ptr) to the VLA.  */
static void
collect_vlas (tree block, hash_map<tree, tree> *vla_of)
{
  for (; block; block = BLOCK_CHAIN (block))
    {
      for (tree v = BLOCK_VARS (block); v; v = DECL_CHAIN (v))
        if (VAR_P (v) && DECL_HAS_VALUE_EXPR_P (v))
          {
            tree e = DECL_VALUE_EXPR (v);
            if ((TREE_CODE (e) == INDIRECT_REF || TREE_CODE (e) == MEM_REF)
                && DECL_P (TREE_OPERAND (e, 0)))
              vla_of->put (TREE_OPERAND (e, 0), v);
          }
      collect_vlas (BLOCK_SUBBLOCKS (block), vla_of);
    }
}

static void
mark_function (function *fun)
{
  hash_map<tree, tree> vla_of;
  auto_vec<gimple *> calls;
  basic_block bb;

  collect_vlas (DECL_INITIAL (fun->decl), &vla_of);
  FOR_EACH_BB_FN (bb, fun)
    for (gimple_stmt_iterator gsi = gsi_start_bb (bb); !gsi_end_p (gsi);
         gsi_next (&gsi))
      if (is_gimple_call (gsi_stmt (gsi)))
        calls.safe_push (gsi_stmt (gsi));

  for (unsigned i = 0; i < calls.length (); i++)
    {
      gcall *call = as_a <gcall *> (calls[i]);
      tree fn = gimple_call_fndecl (call);
      tree lhs = gimple_call_lhs (call);

      if (fn && gimple_call_builtin_p (call, BUILT_IN_NORMAL)
          && ALLOCA_FUNCTION_CODE_P (DECL_FUNCTION_CODE (fn)))
        {
          /* [1] */
          tree vla = NULL_TREE;
          if (!lhs)
            {
              lhs = make_ssa_name (ptr_type_node);
              gimple_call_set_lhs (call, lhs);
              update_stmt (call);
            }
          if (gimple_call_alloca_for_var_p (call))
            {
              tree *v = vla_of.get (TREE_CODE (lhs) == SSA_NAME
                                    ? SSA_NAME_VAR (lhs) : lhs);
              if (!v)
                continue;
              vla = *v;
            }
          insert_marker (call, MS_MARK_DYN, vla, lhs,
                         gimple_call_arg (call, 0));
        }
      else if (lhs && POINTER_TYPE_P (TREE_TYPE (lhs))
               && memscope_is_allocator_call (call))
        {
          /* [2] */
          tree var = receiver (lhs);
          /* Optimization may have taken the variable's name off the value
             (copies propagated, a captured variable's field scalarized):
             what the source said when it was read (collect.cc).  */
          if (!var)
            var = memscope_source_receiver (gimple_location (call), fn);
          if (var)
            insert_marker (call, MS_MARK_OWNER, var, lhs);
        }
    }
}

/* The pass itself --------------------------------------------------------- */

static const pass_data mark_pass_data = {
  GIMPLE_PASS,
  "memscope-mark",      /* name */
  OPTGROUP_NONE,        /* optinfo_flags */
  TV_NONE,              /* tv_id */
  PROP_cfg | PROP_ssa,  /* properties_required */
  0,                    /* properties_provided */
  0,                    /* properties_destroyed */
  0,                    /* todo_flags_start */
  0,                    /* todo_flags_finish */
};

class mark_pass : public gimple_opt_pass
{
public:
  mark_pass (gcc::context *ctxt)
    : gimple_opt_pass (mark_pass_data, ctxt)
  {
  }

  bool gate (function *) MEMSCOPE_PASS_OVERRIDE
  {
    return !memscope_opts.disable
           && memscope_opts.vars != MEMSCOPE_VARS_NONE;
  }

  unsigned int execute (function *fun) MEMSCOPE_PASS_OVERRIDE
  {
    if (memscope_src_func (fun->decl)
        || memscope_src_func (DECL_ORIGIN (fun->decl)))
      mark_function (fun);
    return 0;
  }
};

opt_pass *
memscope_make_mark_pass (gcc::context *ctxt)
{
  return new mark_pass (ctxt);
}

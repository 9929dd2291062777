/* descriptors.cc: the static metadata and the runtime's entry points.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each instrumented scope the plugin emits, as read-only data with
 * assembler-local names (.LMSV<n>, .LMSS<n>), the layouts of
 * include/memscope-abi.h:
 *
 *   static const __memscope_var_desc .LMSV3[2] = {
 *     { "buf", "char[64]", "t.c", 12, 0, 64 },
 *     { "i", "int", "t.c", 13, MEMSCOPE_VAR_NOADDR, 4 },
 *   };
 *   static const __memscope_scope_desc .LMSS3 = {
 *     MEMSCOPE_ABI_VERSION, MEMSCOPE_SCOPE_BLOCK, "main", "t.c", 11, 1,
 *     &.LMSS2, 2, 0, .LMSV3
 *   };
 *
 * Nothing here refers to a function: a C99 inline or extern inline
 * definition must link exactly as it did without the plugin.
 */
#include "memscope-plugin.h"
#include "memscope-abi.h"

/* Trees kept across functions; registered as GC roots in plugin_init.  */
static tree runtime_decls[MEMSCOPE_FN_COUNT];
static tree var_desc_type;
static tree scope_desc_type;
static tree cstring_type;

const struct ggc_root_tab memscope_ggc_roots[] = {
  { &runtime_decls[0], MEMSCOPE_FN_COUNT, sizeof (tree),
    gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
  { &var_desc_type, 1, sizeof (tree), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
  { &scope_desc_type, 1, sizeof (tree), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
  { &cstring_type, 1, sizeof (tree), gt_ggc_mx_tree_node, gt_pch_nx_tree_node },
  LAST_GGC_ROOT_TAB
};

static unsigned label_counter;

tree
memscope_uint64_type (void)
{
  return uint64_type_node;
}

/* Prepend a field: finish_builtin_struct reverses the chain, so prepending
   in declaration order yields the declared order.  */
static tree
add_field (tree fields, const char *name, tree type)
{
  tree field = build_decl (BUILTINS_LOCATION, FIELD_DECL,
                           get_identifier (name), type);
  DECL_CHAIN (field) = fields;
  return field;
}

static void
build_record_types (void)
{
  tree fields;

  if (var_desc_type)
    return;

  cstring_type = build_pointer_type
    (build_qualified_type (char_type_node, TYPE_QUAL_CONST));

  /* struct __memscope_var_desc: same order as memscope-abi.h.  */
  var_desc_type = make_node (RECORD_TYPE);
  fields = NULL_TREE;
  fields = add_field (fields, "name", cstring_type);
  fields = add_field (fields, "type", cstring_type);
  fields = add_field (fields, "file", cstring_type);
  fields = add_field (fields, "line", uint32_type_node);
  fields = add_field (fields, "flags", uint32_type_node);
  fields = add_field (fields, "size", uint64_type_node);
  finish_builtin_struct (var_desc_type, "__memscope_var_desc", fields,
                         NULL_TREE);

  /* struct __memscope_scope_desc.  The two pointers to descriptors are
     `const void *` here: same layout, and no self-referencing type.  */
  scope_desc_type = make_node (RECORD_TYPE);
  fields = NULL_TREE;
  fields = add_field (fields, "abi_version", uint32_type_node);
  fields = add_field (fields, "kind", uint32_type_node);
  fields = add_field (fields, "function", cstring_type);
  fields = add_field (fields, "file", cstring_type);
  fields = add_field (fields, "line", uint32_type_node);
  fields = add_field (fields, "depth", uint32_type_node);
  fields = add_field (fields, "parent", const_ptr_type_node);
  fields = add_field (fields, "nvars", uint32_type_node);
  fields = add_field (fields, "reserved", uint32_type_node);
  fields = add_field (fields, "vars", const_ptr_type_node);
  finish_builtin_struct (scope_desc_type, "__memscope_scope_desc", fields,
                         NULL_TREE);
}

/* Declared once per translation unit.  nothrow: the exit call sits in a
   finally block and must not need a landing pad of its own; leaf: the
   runtime never calls back into this unit; noplt (x86): the calls go
   through the GOT, not a PLT stub, one jump less per event.  */
static tree
declare_runtime_function (const char *name, tree fntype)
{
  tree decl = build_fn_decl (name, fntype);
  TREE_NOTHROW (decl) = 1;
  DECL_ATTRIBUTES (decl) = tree_cons (get_identifier ("leaf"), NULL_TREE,
                                      DECL_ATTRIBUTES (decl));
#if defined(__x86_64__) || defined(__i386__)
  DECL_ATTRIBUTES (decl) = tree_cons (get_identifier ("noplt"), NULL_TREE,
                                      DECL_ATTRIBUTES (decl));
#endif
  return decl;
}

tree
memscope_runtime_decl (int which)
{
  if (!runtime_decls[which])
    {
      tree u64 = uint64_type_node;
      tree p = const_ptr_type_node;
      tree scope_fn = build_function_type_list (void_type_node, p, NULL_TREE);
      tree var_fn = build_function_type_list (void_type_node, p, p, NULL_TREE);
      tree dyn_fn = build_function_type_list (void_type_node, p, p, u64,
                                              NULL_TREE);
      runtime_decls[MEMSCOPE_FN_ENTER]
        = declare_runtime_function ("__memscope_enter", scope_fn);
      runtime_decls[MEMSCOPE_FN_EXIT]
        = declare_runtime_function ("__memscope_exit", scope_fn);
      runtime_decls[MEMSCOPE_FN_VAR]
        = declare_runtime_function ("__memscope_var", var_fn);
      runtime_decls[MEMSCOPE_FN_VAR_DYN]
        = declare_runtime_function ("__memscope_var_dyn", dyn_fn);
      runtime_decls[MEMSCOPE_FN_ALLOCA]
        = declare_runtime_function ("__memscope_alloca", dyn_fn);
      runtime_decls[MEMSCOPE_FN_RESYNC]
        = declare_runtime_function ("__memscope_resync", scope_fn);
      runtime_decls[MEMSCOPE_FN_HEAP_OWNER]
        = declare_runtime_function ("__memscope_heap_owner", var_fn);
    }
  return runtime_decls[which];
}

static tree
string_cst (const char *s)
{
  if (!s)
    return build_int_cst (cstring_type, 0);
  return fold_convert (cstring_type, build_string_literal (strlen (s) + 1, s));
}

static tree
u32_cst (unsigned HOST_WIDE_INT v)
{
  return build_int_cst (uint32_type_node, v);
}

static const char *
location_file (location_t loc)
{
  const char *file = LOCATION_FILE (loc);
  return file ? file : "";
}

/* A static const, assembler-local, read-only object initialised by CTOR.  */
static tree
emit_static (const char *prefix, tree type, tree ctor)
{
  char label[32];
  tree decl;

  ASM_GENERATE_INTERNAL_LABEL (label, prefix, label_counter++);
  decl = build_decl (UNKNOWN_LOCATION, VAR_DECL, get_identifier (label), type);
  TREE_STATIC (decl) = 1;
  TREE_PUBLIC (decl) = 0;
  TREE_READONLY (decl) = 1;
  TREE_ADDRESSABLE (decl) = 1;
  TREE_USED (decl) = 1;
  DECL_ARTIFICIAL (decl) = 1;
  DECL_IGNORED_P (decl) = 1;
  TREE_CONSTANT (ctor) = 1;
  TREE_STATIC (ctor) = 1;
  DECL_INITIAL (decl) = ctor;
  varpool_node::finalize_decl (decl);
  return decl;
}

/* static const __memscope_var_desc .LMSV<n>[] = { VARS }, or NULL_TREE
   when there are none.  */
tree
memscope_build_vars_decl (const vec<memscope_var_info> &vars)
{
  vec<constructor_elt, va_gc> *elts = NULL;
  tree array_type;

  build_record_types ();
  if (vars.is_empty ())
    return NULL_TREE;

  for (unsigned i = 0; i < vars.length (); i++)
    {
      const memscope_var_info *v = &vars[i];
      vec<constructor_elt, va_gc> *fields = NULL;
      tree field = TYPE_FIELDS (var_desc_type);
      char *type_name = memscope_type_name (v->type);

      CONSTRUCTOR_APPEND_ELT (fields, field, string_cst (v->name));
      field = DECL_CHAIN (field);
      CONSTRUCTOR_APPEND_ELT (fields, field, string_cst (type_name));
      field = DECL_CHAIN (field);
      CONSTRUCTOR_APPEND_ELT (fields, field,
                              string_cst (location_file (v->loc)));
      field = DECL_CHAIN (field);
      CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (LOCATION_LINE (v->loc)));
      field = DECL_CHAIN (field);
      CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (v->flags));
      field = DECL_CHAIN (field);
      CONSTRUCTOR_APPEND_ELT (fields, field,
                              build_int_cst (uint64_type_node, v->size));
      free (type_name);

      CONSTRUCTOR_APPEND_ELT (elts, size_int (i),
                              build_constructor (var_desc_type, fields));
    }

  array_type = build_array_type_nelts (var_desc_type, vars.length ());
  return emit_static ("LMSV", array_type,
                      build_constructor (array_type, elts));
}

/* &VARS_DECL[INDEX]: a GIMPLE invariant, so each call passes it as is.  */
tree
memscope_var_desc_addr (tree vars_decl, unsigned index)
{
  tree elt = build4 (ARRAY_REF, var_desc_type, vars_decl, size_int (index),
                     NULL_TREE, NULL_TREE);
  return build_fold_addr_expr (elt);
}

/* static const __memscope_scope_desc .LMSS<n> = { ... }.  */
tree
memscope_build_scope_decl (tree fndecl, unsigned kind, location_t loc,
                           unsigned depth, tree parent, tree vars_decl,
                           unsigned nvars)
{
  vec<constructor_elt, va_gc> *fields = NULL;
  tree field;
  const char *fname = lang_hooks.decl_printable_name (fndecl, 2);

  build_record_types ();
  field = TYPE_FIELDS (scope_desc_type);
  CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (MEMSCOPE_ABI_VERSION));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (kind));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, string_cst (fname));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, string_cst (location_file (loc)));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (LOCATION_LINE (loc)));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (depth));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field,
                          parent
                          ? fold_convert (const_ptr_type_node,
                                          build_fold_addr_expr (parent))
                          : build_int_cst (const_ptr_type_node, 0));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (nvars));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field, u32_cst (0));
  field = DECL_CHAIN (field);
  CONSTRUCTOR_APPEND_ELT (fields, field,
                          vars_decl
                          ? fold_convert (const_ptr_type_node,
                                          memscope_var_desc_addr (vars_decl, 0))
                          : build_int_cst (const_ptr_type_node, 0));

  return emit_static ("LMSS", scope_desc_type,
                      build_constructor (scope_desc_type, fields));
}

/* typename.cc: type names spelled as in C source.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report shows `struct point`, `char[64]`, `const char *`, `point_t *`
 * (typedef names kept), `int[*]` for a variable-length array and `va_list`.
 * The C front end's pretty printer would do most of that, but it lives in
 * c-family, which lto1 does not link: a plugin using it cannot load there.
 * This printer uses tree accessors only, so it behaves the same in cc1,
 * cc1plus and lto1.
 *
 * C declarators wrap around the name, so a type is spelled inside out: the
 * part accumulated so far (`*`, `[4]`, `(int)`) is the "inner" text and each
 * derived type adds to it until a named type ends the recursion.
 */
#include "memscope-plugin.h"

/* A growable string; freed by the caller with free(). */
struct ms_buf
{
  char *text;
  size_t len;
  size_t cap;
};

static void
buf_init (ms_buf *b)
{
  b->cap = 32;
  b->len = 0;
  b->text = XNEWVEC (char, b->cap);
  b->text[0] = '\0';
}

static void
buf_insert (ms_buf *b, size_t pos, const char *s)
{
  size_t n = strlen (s);
  if (b->len + n + 1 > b->cap)
    {
      b->cap = (b->len + n + 1) * 2;
      b->text = XRESIZEVEC (char, b->text, b->cap);
    }
  memmove (b->text + pos + n, b->text + pos, b->len - pos + 1);
  memcpy (b->text + pos, s, n);
  b->len += n;
}

static void
buf_append (ms_buf *b, const char *s)
{
  buf_insert (b, b->len, s);
}

static void
buf_prepend (ms_buf *b, const char *s)
{
  buf_insert (b, 0, s);
}

/* "const volatile " for the qualifiers of TYPE itself.  */
static void
prepend_quals (ms_buf *b, tree type)
{
  int quals = TYPE_QUALS (type);
  if (quals & TYPE_QUAL_RESTRICT)
    buf_prepend (b, "restrict ");
  if (quals & TYPE_QUAL_VOLATILE)
    buf_prepend (b, "volatile ");
  if (quals & TYPE_QUAL_CONST)
    buf_prepend (b, "const ");
  if (quals & TYPE_QUAL_ATOMIC)
    buf_prepend (b, "_Atomic ");
}

/* The name a type is known by, or NULL: a typedef name, a built-in type
   name, or (for C++) the implicit typedef of a class.  */
static const char *
type_decl_name (tree type)
{
  tree name = TYPE_NAME (type);
  if (name && TREE_CODE (name) == TYPE_DECL && DECL_NAME (name))
    return IDENTIFIER_POINTER (DECL_NAME (name));
  return NULL;
}

static bool
is_va_list (tree type)
{
  tree va = va_list_type_node;
  if (!va)
    return false;
  if (TYPE_MAIN_VARIANT (type) == TYPE_MAIN_VARIANT (va))
    return true;
  /* A va_list parameter has decayed to a pointer to __va_list_tag.  */
  return (TREE_CODE (va) == ARRAY_TYPE
          && TREE_CODE (type) == POINTER_TYPE
          && TYPE_MAIN_VARIANT (TREE_TYPE (type))
             == TYPE_MAIN_VARIANT (TREE_TYPE (va)));
}

/* "[N]", "[*]" (run-time bound) or "[]" (no bound).  */
static void
append_array_bound (ms_buf *b, tree type)
{
  tree domain = TYPE_DOMAIN (type);
  tree max = domain ? TYPE_MAX_VALUE (domain) : NULL_TREE;
  tree min = domain ? TYPE_MIN_VALUE (domain) : NULL_TREE;
  char num[32];

  if (!max)
    buf_append (b, "[]");
  else if (TREE_CODE (max) == INTEGER_CST
           && (!min || TREE_CODE (min) == INTEGER_CST))
    {
      HOST_WIDE_INT n = tree_to_shwi (max) + 1;
      if (min)
        n -= tree_to_shwi (min);
      snprintf (num, sizeof num, "[" HOST_WIDE_INT_PRINT_DEC "]", n);
      buf_append (b, num);
    }
  else
    buf_append (b, "[*]");
}

static void spell (ms_buf *b, tree type);

/* "(int, char *)" for a function type's parameters.  */
static void
append_params (ms_buf *b, tree fntype)
{
  tree arg = TYPE_ARG_TYPES (fntype);
  bool first = true;

  buf_append (b, "(");
  if (!arg && !prototype_p (fntype))
    {
      buf_append (b, ")");
      return;
    }
  for (; arg && arg != void_list_node; arg = TREE_CHAIN (arg))
    {
      ms_buf p;
      buf_init (&p);
      spell (&p, TREE_VALUE (arg));
      if (!first)
        buf_append (b, ", ");
      buf_append (b, p.text);
      free (p.text);
      first = false;
    }
  if (!arg)
    buf_append (b, first ? "..." : ", ...");
  else if (first)
    buf_append (b, "void");
  buf_append (b, ")");
}

/* The base name of a type that is not derived from another one.  */
static void
prepend_base_name (ms_buf *b, tree type)
{
  const char *name = type_decl_name (type);
  tree tag = TYPE_NAME (type);
  const char *keyword = NULL;
  char fallback[48];

  switch (TREE_CODE (type))
    {
    case RECORD_TYPE:
      keyword = "struct";
      break;
    case UNION_TYPE:
      keyword = "union";
      break;
    case ENUMERAL_TYPE:
      keyword = "enum";
      break;
    default:
      break;
    }

  if (!name && keyword)
    {
      buf_prepend (b, tag && TREE_CODE (tag) == IDENTIFIER_NODE
                      ? IDENTIFIER_POINTER (tag) : "<anonymous>");
      buf_prepend (b, " ");
      buf_prepend (b, keyword);
      return;
    }
  if (!name)
    {
      switch (TREE_CODE (type))
        {
        case INTEGER_TYPE:
          snprintf (fallback, sizeof fallback, "%sint%u_t",
                    TYPE_UNSIGNED (type) ? "u" : "", TYPE_PRECISION (type));
          name = fallback;
          break;
        case REAL_TYPE:
          snprintf (fallback, sizeof fallback, "float%u",
                    TYPE_PRECISION (type));
          name = fallback;
          break;
        case BOOLEAN_TYPE:
          name = "_Bool";
          break;
        case VOID_TYPE:
          name = "void";
          break;
        case VECTOR_TYPE:
          name = "vector";
          break;
        default:
          name = get_tree_code_name (TREE_CODE (type));
          break;
        }
    }
  buf_prepend (b, name);
}

/* The space between a base type and its declarator: "char *", "char[64]".  */
static void
prepend_separator (ms_buf *b)
{
  if (b->len > 0 && b->text[0] != '[')
    buf_prepend (b, " ");
}

/* Prepend to B, which holds the declarator built so far, the spelling of
   TYPE.  */
static void
spell (ms_buf *b, tree type)
{
  if (type_decl_name (type))
    {
      prepend_separator (b);
      prepend_base_name (b, type);
      prepend_quals (b, type);
      return;
    }
  if (is_va_list (type))
    {
      prepend_separator (b);
      buf_prepend (b, "va_list");
      prepend_quals (b, type);
      return;
    }

  switch (TREE_CODE (type))
    {
    case POINTER_TYPE:
    case REFERENCE_TYPE:
      {
        tree target = TREE_TYPE (type);
        int quals = TYPE_QUALS (type);
        /* "char *const": qualifiers of the pointer follow its star.  */
        if (quals & TYPE_QUAL_RESTRICT)
          buf_prepend (b, "restrict");
        if (quals & TYPE_QUAL_VOLATILE)
          buf_prepend (b, (quals & TYPE_QUAL_RESTRICT) ? "volatile " : "volatile");
        if (quals & TYPE_QUAL_CONST)
          buf_prepend (b, (quals & (TYPE_QUAL_RESTRICT | TYPE_QUAL_VOLATILE))
                          ? "const " : "const");
        buf_prepend (b, TREE_CODE (type) == POINTER_TYPE ? "*" : "&");
        if (!type_decl_name (target)
            && (TREE_CODE (target) == ARRAY_TYPE
                || TREE_CODE (target) == FUNCTION_TYPE))
          {
            buf_prepend (b, "(");
            buf_append (b, ")");
          }
        spell (b, target);
        return;
      }
    case ARRAY_TYPE:
      append_array_bound (b, type);
      spell (b, TREE_TYPE (type));
      return;
    case FUNCTION_TYPE:
    case METHOD_TYPE:
      append_params (b, type);
      spell (b, TREE_TYPE (type));
      return;
    case COMPLEX_TYPE:
      {
        char *part = memscope_type_name (TREE_TYPE (type));
        prepend_separator (b);
        buf_prepend (b, part);
        buf_prepend (b, "_Complex ");
        free (part);
        prepend_quals (b, type);
        return;
      }
    default:
      prepend_separator (b);
      prepend_base_name (b, type);
      prepend_quals (b, type);
      return;
    }
}

/* TYPE spelled as C source would write it in an abstract declarator.  The
   result is malloc'ed.  */
char *
memscope_type_name (tree type)
{
  ms_buf b;
  buf_init (&b);
  spell (&b, type);
  return b.text;
}

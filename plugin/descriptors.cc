/* descriptors.cc: the static metadata, written as assembler text.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pass.cc runs after register allocation, too late to hand GCC new
 * variables to lay out, so the descriptors of include/memscope-abi.h go
 * straight into the assembler output, next to the function's code:
 *
 *   .pushsection .rodata.str1.1,"aMS",@progbits,1    strings, once per unit
 *   .LMSs4: .string "buf"
 *   .popsection
 *   .pushsection .rodata,"a"
 *   .LMSV3:                                  __memscope_var_desc[2]
 *     .quad .LMSs4-., .LMSs5-., .LMSs6-.     name, type, file
 *     .long 12, 288                          line, flags (VAR_RELATIVE too)
 *     .quad 64, -80                          size, cfa_offset
 *     ...
 *   .LMSS3:                                  __memscope_scope_desc
 *     .long 7, 1                             abi_version, kind
 *     ...
 *   .popsection
 *
 * Pointer fields hold the distance from the field to what it points at
 * (memscope-abi.h, relative fields; 0 for NULL): the static linker works
 * each one out, and the descriptors need no dynamic relocation, so that
 * they stay in read-only pages of the file.
 *
 * Each call to an allocator also gets an entry in the section
 * memscope_callsites (include/memscope-abi.h, __memscope_call_site), so
 * that the runtime can name the file and line a heap block was allocated
 * at from the call's return address:
 *
 *   .LMSC7:                                  right before the call
 *   .pushsection memscope_callsites,"a"
 *     .quad .LMSC7-., .LMSs6-., 42, .LMSs9-.   call, file, line, function
 *   .popsection
 *
 * Assembler-local labels: nothing lands in the symbol table, and nothing
 * here refers to a function, so a C99 inline or extern inline definition
 * links exactly as it did without the plugin.  Strings sit in a mergeable
 * section: the linker keeps one copy of each.
 */
#include "memscope-plugin.h"
#include "memscope-abi.h"

static unsigned label_counter;
static hash_map<nofree_string_hash, const char *> *string_labels;

char *
memscope_new_label (const char *prefix)
{
  char label[32];

  ASM_GENERATE_INTERNAL_LABEL (label, prefix, label_counter++);
  return xstrdup (label[0] == '*' ? label + 1 : label);
}

static void
text_reserve (ms_text *t, size_t n)
{
  if (t->len + n + 1 > t->cap)
    {
      t->cap = MAX (t->cap * 2, t->len + n + 1024);
      t->s = XRESIZEVEC (char, t->s, t->cap);
    }
}

void
ms_text_add (ms_text *t, const char *fmt, ...)
{
  va_list ap;

  for (;;)
    {
      size_t room = t->cap - t->len;
      va_start (ap, fmt);
      int n = vsnprintf (t->s ? t->s + t->len : NULL, room, fmt, ap);
      va_end (ap);
      if ((size_t) n < room)
        {
          t->len += n;
          return;
        }
      text_reserve (t, n);
    }
}

void
ms_text_put (ms_text *t, const char *s, size_t n)
{
  text_reserve (t, n);
  memcpy (t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

/* The label of S, emitting S into STRINGS the first time.  */
static const char *
string_label (ms_text *strings, const char *s)
{
  const char **known;
  const char *label;

  if (!s)
    return "0";
  if (!string_labels)
    string_labels = new hash_map<nofree_string_hash, const char *>;
  known = string_labels->get (s);
  if (known)
    return *known;
  label = memscope_new_label ("LMSs");
  string_labels->put (xstrdup (s), label);
  ms_text_add (strings, "%s:\t.string \"", label);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    if (*p == '"' || *p == '\\')
      ms_text_add (strings, "\\%c", *p);
    else if (*p < 0x20 || *p >= 0x7f)
      ms_text_add (strings, "\\%03o", *p);
    else
      {
        /* The plain run up to the next character to escape, at once.  */
        size_t n = 1;
        while (p[n] >= 0x20 && p[n] < 0x7f && p[n] != '"' && p[n] != '\\')
          n++;
        ms_text_put (strings, (const char *) p, n);
        p += n - 1;
      }
  ms_text_add (strings, "\"\n");
  return label;
}

/* LABEL as a relative field: its distance from the field, or 0 for
   NULL (the string "0").  Returns a buffer of REL.  */
struct ms_rel
{
  char text[48];
};

static const char *
rel (ms_rel *r, const char *label)
{
  if (!label || strcmp (label, "0") == 0)
    return "0";
  snprintf (r->text, sizeof r->text, "%s-.", label);
  return r->text;
}

static const char *
location_file (location_t loc)
{
  const char *file = LOCATION_FILE (loc);
  return file ? file : "";
}

/* The text that defines every descriptor of SCOPES (and the strings they
   need that this unit has not emitted yet); for an ASM_INPUT.  */
char *
memscope_descriptors_asm (vec<memscope_scope_info> &scopes)
{
  ms_text strings = { NULL, 0, 0 };
  ms_text data = { NULL, 0, 0 };
  ms_text all = { NULL, 0, 0 };

  ms_text_add (&data, "\t.pushsection .rodata,\"a\"\n\t.balign 8\n");
  for (unsigned i = 0; i < scopes.length (); i++)
    {
      memscope_scope_info *s = &scopes[i];

      if (s->vars_label)
        {
          ms_text_add (&data, "%s:\n", s->vars_label);
          for (unsigned j = 0; j < s->vars.length (); j++)
            {
              memscope_var_info *v = &s->vars[j];
              ms_rel r1, r2, r3;
              const char *name = string_label (&strings, v->name);
              const char *type = string_label (&strings, v->type);
              const char *file = string_label (&strings,
                                               location_file (v->loc));
              ms_text_add (&data, "\t.quad %s, %s, %s\n\t.long %u, %u\n"
                           "\t.quad " HOST_WIDE_INT_PRINT_UNSIGNED ", "
                           HOST_WIDE_INT_PRINT_DEC "\n",
                           rel (&r1, name), rel (&r2, type), rel (&r3, file),
                           (unsigned) LOCATION_LINE (v->loc),
                           v->flags | MEMSCOPE_VAR_RELATIVE, v->size,
                           v->cfa_offset);
            }
        }
      ms_rel r1, r2, r3, r4, r5;
      /* How many variables the runtime keeps statistics for (every one
         where the count does not fit).  */
      unsigned named = s->named + 1 <= 0xffff
                       ? (s->named + 1) << MEMSCOPE_SCOPE_STATS_SHIFT : 0;
      const char *function = string_label (&strings, s->function);
      const char *file = string_label (&strings, location_file (s->loc));
      ms_text_add (&data, "%s:\n\t.long %u, %u\n\t.quad %s, %s\n"
                   "\t.long %u, %u\n\t.quad %s\n\t.long %u, %u\n\t.quad %s\n"
                   "\t.quad " HOST_WIDE_INT_PRINT_UNSIGNED ", "
                   HOST_WIDE_INT_PRINT_UNSIGNED ", %s\n",
                   s->label, MEMSCOPE_ABI_VERSION, s->kind,
                   rel (&r1, function), rel (&r2, file),
                   (unsigned) LOCATION_LINE (s->loc), s->depth,
                   rel (&r3, s->parent_label),
                   s->vars.length (),
                   s->flags | MEMSCOPE_SCOPE_RELATIVE | named,
                   rel (&r4, s->vars_label),
                   s->counted_bytes, s->stack_frame,
                   rel (&r5, s->site_label));
    }
  ms_text_add (&data, "\t.popsection");

  if (strings.len)
    ms_text_add (&all, "\t.pushsection .rodata.str1.1,\"aMS\",@progbits,1\n%s"
                 "\t.popsection\n", strings.s);
  ms_text_add (&all, "%s", data.s);
  free (strings.s);
  free (data.s);
  return all.s;
}

/* The label of an allocator call and its call-site entry (text for an
   ASM_INPUT placed right before the call).  */
char *
memscope_call_site_asm (const char *label, location_t loc, const char *function)
{
  ms_text strings = { NULL, 0, 0 };
  ms_text all = { NULL, 0, 0 };
  const char *file = string_label (&strings, location_file (loc));
  const char *fn = string_label (&strings, function);

  if (strings.len)
    ms_text_add (&all, "\t.pushsection .rodata.str1.1,\"aMS\",@progbits,1\n%s"
                 "\t.popsection\n", strings.s);
  ms_rel r1, r2, r3;
  ms_text_add (&all, "%s:\n\t.pushsection memscope_callsites,\"a\"\n"
               "\t.balign 8\n\t.quad %s, %s, %u, %s\n\t.popsection",
               label, rel (&r1, label), rel (&r2, file),
               (unsigned) LOCATION_LINE (loc), rel (&r3, fn));
  free (strings.s);
  return all.s;
}

/* plugin.cc: the memscope GCC plugin's entry point and its arguments.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: gcc -fplugin=memscope.so [-fplugin-arg-memscope-KEY[=VALUE]]...
 *
 * Options:
 *   disable                     do not instrument anything
 *   verbose                     a note per instrumented function with its counts
 *   vars=none|addressable|all   locals registered by address (default: addressable)
 *   blocks=yes|no               give blocks that register a variable their own scope (default: yes)
 *   params=yes|no               describe and register parameters (default: yes)
 *   tls=auto|initial-exec       how inline paths read the thread state: auto is local-exec unless -fPIC (default: auto)
 *   exclude-function=NAME,...   skip functions whose printable name contains NAME
 *   exclude-file=SUBSTRING,...  skip functions defined in files whose name contains SUBSTRING
 *   help                        print this list
 *
 * The list above is what `help` prints: both come from the table below
 * (the test suite checks that they agree).
 */
#include "memscope-plugin.h"

#ifndef MEMSCOPE_VERSION
#define MEMSCOPE_VERSION "unknown"
#endif

int plugin_is_GPL_compatible;

/* The plugin's operator new and delete, on GCC's own allocator.  With them
   here the plugin needs no libstdc++.so (cc1 has a copy of its own, linked
   in; its operator new, exported, is the one the plugin's calls bind to, and
   these the fallback of a cc1 that exports none): loading that library and
   binding its thousands of symbols cost each compilation about four million
   instructions, more than the plugin's own work on a small file.  */
void *
operator new (size_t size)
{
  return xmalloc (size);
}

void
operator delete (void *p) noexcept
{
  free (p);
}

void
operator delete (void *p, size_t) noexcept
{
  free (p);
}

struct memscope_options memscope_opts = {
  0,                            /* disable */
  0,                            /* verbose */
  MEMSCOPE_VARS_ADDRESSABLE,    /* vars */
  1,                            /* blocks */
  1,                            /* params */
  0,                            /* tls: auto */
  vNULL,                        /* exclude_functions */
  vNULL,                        /* exclude_files */
};

enum arg_kind
{
  ARG_FLAG,     /* KEY alone; sets *value to 1 */
  ARG_CHOICE,   /* KEY=CHOICE; sets *value to the index of CHOICE */
  ARG_LIST,     /* KEY=A,B,...; appends to *list, may repeat */
  ARG_HELP,     /* KEY alone; prints the help text */
};

struct arg_spec
{
  const char *key;
  enum arg_kind kind;
  const char *const *choices;   /* ARG_CHOICE, NULL-terminated */
  int *value;                   /* ARG_FLAG, ARG_CHOICE */
  vec<char *> *list;            /* ARG_LIST */
  const char *metavar;          /* ARG_LIST: what the list holds */
  const char *help;
};

static const char *const vars_choices[] = { "none", "addressable", "all", NULL };
static const char *const no_yes[] = { "no", "yes", NULL };
static const char *const tls_choices[] = { "auto", "initial-exec", NULL };

/* The one definition of the plugin's arguments: parser, help and the
   "Options:" list in the header above all follow it.  */
static const struct arg_spec arg_table[] = {
  { "disable", ARG_FLAG, NULL, &memscope_opts.disable, NULL, NULL,
    "do not instrument anything" },
  { "verbose", ARG_FLAG, NULL, &memscope_opts.verbose, NULL, NULL,
    "a note per instrumented function with its counts" },
  { "vars", ARG_CHOICE, vars_choices, &memscope_opts.vars, NULL, NULL,
    "locals registered by address" },
  { "blocks", ARG_CHOICE, no_yes, &memscope_opts.blocks, NULL, NULL,
    "give blocks that register a variable their own scope" },
  { "params", ARG_CHOICE, no_yes, &memscope_opts.params, NULL, NULL,
    "describe and register parameters" },
  { "tls", ARG_CHOICE, tls_choices, &memscope_opts.tls, NULL, NULL,
    "how inline paths read the thread state: auto is local-exec unless -fPIC" },
  { "exclude-function", ARG_LIST, NULL, NULL, &memscope_opts.exclude_functions,
    "NAME", "skip functions whose printable name contains NAME" },
  { "exclude-file", ARG_LIST, NULL, NULL, &memscope_opts.exclude_files,
    "SUBSTRING", "skip functions defined in files whose name contains SUBSTRING" },
  { "help", ARG_HELP, NULL, NULL, NULL, NULL, "print this list" },
};

static const char *plugin_name = "memscope";

static const char *shown_choice (const char *const *choices, int i);

/* "vars=none|addressable|all", "exclude-file=SUBSTRING,...", "disable".  */
static char *
arg_synopsis (const struct arg_spec *spec)
{
  char buf[256];
  size_t len;

  snprintf (buf, sizeof buf, "%s", spec->key);
  len = strlen (buf);
  if (spec->kind == ARG_CHOICE)
    for (int i = 0; spec->choices[i]; i++)
      len += snprintf (buf + len, sizeof buf - len, "%c%s", i ? '|' : '=',
                       shown_choice (spec->choices, i));
  else if (spec->kind == ARG_LIST)
    snprintf (buf + len, sizeof buf - len, "=%s,...", spec->metavar);
  return xstrdup (buf);
}

static void
print_help (void)
{
  printf ("Usage: gcc -fplugin=memscope.so [-fplugin-arg-memscope-KEY[=VALUE]]...\n"
          "\n"
          "Options:\n");
  for (size_t i = 0; i < ARRAY_SIZE (arg_table); i++)
    {
      const struct arg_spec *spec = &arg_table[i];
      char *synopsis = arg_synopsis (spec);
      printf ("  %-27s %s", synopsis, spec->help);
      if (spec->kind == ARG_CHOICE)
        printf (" (default: %s)", spec->choices[*spec->value]);
      printf ("\n");
      free (synopsis);
    }
  fflush (stdout);
}

/* The I-th choice in the order shown to users: yes before no, although
   the table's index order makes no = 0.  */
static const char *
shown_choice (const char *const *choices, int i)
{
  return choices == no_yes ? choices[1 - i] : choices[i];
}

/* "'none', 'addressable' or 'all'", quoted the way GCC quotes.  */
static char *
quoted_choices (const char *const *choices, const char *last_sep)
{
  char buf[512];
  size_t len = 0;
  int n = 0;

  while (choices[n])
    n++;
  buf[0] = '\0';
  for (int i = 0; i < n; i++)
    len += snprintf (buf + len, sizeof buf - len, "%s%s%s%s",
                     i == 0 ? "" : i == n - 1 ? last_sep : ", ",
                     open_quote, shown_choice (choices, i), close_quote);
  return xstrdup (buf);
}

static char *
valid_keys (void)
{
  const char *keys[ARRAY_SIZE (arg_table) + 1];
  for (size_t i = 0; i < ARRAY_SIZE (arg_table); i++)
    keys[i] = arg_table[i].key;
  keys[ARRAY_SIZE (arg_table)] = NULL;
  return quoted_choices (keys, ", ");
}

/* Append each comma-separated item of VALUE; "\," is a literal comma, as
   in -finstrument-functions-exclude-function-list.  */
static bool
parse_list (const char *value, vec<char *> *list)
{
  char *item = XNEWVEC (char, strlen (value) + 1);
  size_t n = 0;
  bool any = false;

  for (const char *p = value;; p++)
    {
      if (*p == '\\' && p[1] == ',')
        {
          item[n++] = ',';
          p++;
          continue;
        }
      if (*p == ',' || *p == '\0')
        {
          item[n] = '\0';
          if (n > 0)
            {
              list->safe_push (xstrdup (item));
              any = true;
            }
          n = 0;
          if (*p == '\0')
            break;
          continue;
        }
      item[n++] = *p;
    }
  free (item);
  return any;
}

/* Parse one -fplugin-arg-memscope-KEY[=VALUE]; false after an error().  */
static bool
parse_argument (const struct plugin_argument *arg)
{
  const struct arg_spec *spec = NULL;
  char flag[512];

  if (arg->value)
    snprintf (flag, sizeof flag, "-fplugin-arg-%s-%s=%s", plugin_name,
              arg->key, arg->value);
  else
    snprintf (flag, sizeof flag, "-fplugin-arg-%s-%s", plugin_name, arg->key);

  for (size_t i = 0; i < ARRAY_SIZE (arg_table); i++)
    if (strcmp (arg->key, arg_table[i].key) == 0)
      spec = &arg_table[i];

  if (!spec)
    {
      char *keys = valid_keys ();
      error ("unknown option %qs; valid keys: %s", flag, keys);
      free (keys);
      return false;
    }

  switch (spec->kind)
    {
    case ARG_FLAG:
    case ARG_HELP:
      if (arg->value)
        {
          error ("%qs: %qs takes no value", flag, spec->key);
          return false;
        }
      if (spec->kind == ARG_HELP)
        print_help ();
      else
        *spec->value = 1;
      return true;

    case ARG_CHOICE:
      for (int i = 0; arg->value && spec->choices[i]; i++)
        if (strcmp (arg->value, spec->choices[i]) == 0)
          {
            *spec->value = i;
            return true;
          }
      {
        char *choices = quoted_choices (spec->choices, " or ");
        error ("%qs: expected %s", flag, choices);
        free (choices);
      }
      return false;

    case ARG_LIST:
      if (!arg->value || !parse_list (arg->value, spec->list))
        {
          char *synopsis = arg_synopsis (spec);
          error ("%qs: expected a non-empty list, as in %<%s%>", flag,
                 synopsis);
          free (synopsis);
          return false;
        }
      return true;
    }
  return false;
}

static bool
name_matches (const char *name, const vec<char *> &list)
{
  for (unsigned i = 0; i < list.length (); i++)
    if (strstr (name, list[i]))
      return true;
  return false;
}

/* Functions left alone: those the user or the system asked us to skip, the
   compiler's own, and the runtime's.  The no_instrument_function attribute
   must be looked up: GCC sets DECL_NO_INSTRUMENT_FUNCTION_ENTRY_EXIT on
   every function unless -finstrument-functions is given.  */
bool
memscope_function_excluded (tree fndecl)
{
  const char *name;

  if (memscope_opts.disable
      || DECL_ARTIFICIAL (fndecl)
      || DECL_IN_SYSTEM_HEADER (fndecl)
      || !DECL_NAME (fndecl)
      || lookup_attribute ("no_instrument_function", DECL_ATTRIBUTES (fndecl))
      || lookup_attribute ("naked", DECL_ATTRIBUTES (fndecl)))
    return true;
  name = IDENTIFIER_POINTER (DECL_NAME (fndecl));
  if (strncmp (name, "__memscope_", 11) == 0)
    return true;
  /* Same matching as -finstrument-functions-exclude-*-list.  */
  if (!memscope_opts.exclude_functions.is_empty ()
      && name_matches (lang_hooks.decl_printable_name (fndecl, 1),
                       memscope_opts.exclude_functions))
    return true;
  if (!memscope_opts.exclude_files.is_empty ()
      && name_matches (DECL_SOURCE_FILE (fndecl), memscope_opts.exclude_files))
    return true;
  return false;
}

/* Locals worth describing: named user variables with automatic storage.  */
bool
memscope_local_wanted (tree var)
{
  if (TREE_CODE (var) == PARM_DECL)
    return DECL_NAME (var) && !DECL_ARTIFICIAL (var);
  return (TREE_CODE (var) == VAR_DECL
          && DECL_NAME (var)
          && !DECL_ARTIFICIAL (var)
          && !TREE_STATIC (var)
          && !DECL_EXTERNAL (var)
          && !DECL_HARD_REGISTER (var));
}

static struct plugin_info memscope_plugin_info = {
  MEMSCOPE_VERSION,
  "Tracks every scope and local variable; -fplugin-arg-memscope-help lists the options",
};

static void
register_pass (const char *name, opt_pass *pass, const char *reference,
               enum pass_positioning_ops where)
{
  struct register_pass_info pass_info;

  pass_info.pass = pass;
  pass_info.reference_pass_name = reference;
  pass_info.ref_pass_instance_number = 1;
  pass_info.pos_op = where;
  register_callback (name, PLUGIN_PASS_MANAGER_SETUP, NULL, &pass_info);
}

/* The passes, in the order they run (memscope-plugin.h).  */
static void
register_passes (const char *name)
{
  /* Before `lower`: one GIMPLE_BIND per source block with declarations.  */
  register_pass (name, memscope_make_collect_pass (g), "lower",
                 PASS_POS_INSERT_BEFORE);
  /* After the last GIMPLE optimization.  */
  register_pass (name, memscope_make_mark_pass (g), "optimized",
                 PASS_POS_INSERT_AFTER);
  /* After register allocation, frame layout and scheduling (`stack` is
     the x87 register-stack pass right after `sched2`).  */
  register_pass (name, memscope_make_rtl_pass (g), "stack",
                 PASS_POS_INSERT_AFTER);
}

int
plugin_init (struct plugin_name_args *plugin_info,
             struct plugin_gcc_version *version)
{
  /* 1. Name and arguments.  */
  plugin_name = plugin_info->base_name;

  /* 2. The plugin API is the internal API of one exact compiler build.  */
  if (!plugin_default_version_check (version, &gcc_version))
    {
      error ("%qs was built for GCC %s (%s) but is loaded by GCC %s (%s)",
             plugin_info->full_name, gcc_version.basever,
             gcc_version.datestamp, version->basever, version->datestamp);
      return 1;
    }

  /* 3. Every argument, strictly.  */
  for (int i = 0; i < plugin_info->argc; i++)
    if (!parse_argument (&plugin_info->argv[i]))
      return 1;

  /* The instrumentation is placed in the code cc1 generates.  lto1 has
     nothing to do (loading must succeed when -fplugin is on the link line
     too), and with -flto alone cc1 generates no code at all: say so once,
     where the object is compiled.  */
  if (strcmp (lang_hooks.name, "GNU GIMPLE") == 0)
    return 0;
  if (flag_lto && !flag_fat_lto_objects && !memscope_opts.disable)
    warning (0, "%qs: code compiled with %<-flto%> is generated at link time, "
             "where memscope does not instrument it; compile with "
             "%<-fno-lto%> (or %<-ffat-lto-objects%> and link without "
             "%<-flto%>) to instrument it", plugin_info->base_name);

  /* 4. Callbacks.  */
  register_callback (plugin_info->base_name, PLUGIN_INFO, NULL,
                     &memscope_plugin_info);
  if (memscope_opts.disable)
    return 0;
  register_callback (plugin_info->base_name, PLUGIN_REGISTER_GGC_ROOTS, NULL,
                     (void *) memscope_collect_roots);
  /* The static frame size of each function, for its descriptor: computed
     as for -fstack-usage, without writing a .su file.  */
  flag_stack_usage_info = 1;
  register_passes (plugin_info->base_name);
  return 0;
}

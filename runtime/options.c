/* options.c: parsing MEMSCOPE_OPTIONS, sanitizer style.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An unknown key is reported and ignored; a malformed value is reported and
 * the default kept.  The program always runs on.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

MsOptions ms_options;

typedef enum { MS_STRING, MS_BOOL, MS_INT } MsOptionType;

typedef struct
{
  const char *name;
  MsOptionType type;
  const char *def;
  const char *help;
  gsize offset;
} MsOptionSpec;

static const MsOptionSpec ms_option_specs[] = {
#define MS_OPTION_SPEC(name, type, def, help) { #name, MS_##type, def, help, G_STRUCT_OFFSET (MsOptions, name) },
  MS_OPTIONS (MS_OPTION_SPEC)
#undef MS_OPTION_SPEC
};

static const char *
type_expectation (MsOptionType type)
{
  switch (type)
    {
    case MS_BOOL:
      return "expected 0 or 1";
    case MS_INT:
      return "expected a non-negative integer";
    case MS_STRING:
    default:
      return "expected a non-empty string";
    }
}

/* Stores @value into the option; FALSE if it does not parse. */
static gboolean
option_set (const MsOptionSpec *spec, const char *value)
{
  gpointer field = G_STRUCT_MEMBER_P (&ms_options, spec->offset);
  guint64 n;

  switch (spec->type)
    {
    case MS_STRING:
      if (value[0] == '\0' && spec->def[0] != '\0')
        return FALSE;
      g_free (*(char **) field);
      *(char **) field = value[0] ? g_strdup (value) : NULL;   /* "": not set */
      return TRUE;
    case MS_BOOL:
      if (strcmp (value, "0") == 0 || strcmp (value, "false") == 0)
        *(gboolean *) field = FALSE;
      else if (strcmp (value, "1") == 0 || strcmp (value, "true") == 0)
        *(gboolean *) field = TRUE;
      else
        return FALSE;
      return TRUE;
    case MS_INT:
      if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT32, &n, NULL))
        return FALSE;
      *(gint64 *) field = (gint64) n;
      return TRUE;
    }
  return FALSE;
}

static const MsOptionSpec *
option_find (const char *name)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (ms_option_specs); i++)
    if (strcmp (ms_option_specs[i].name, name) == 0)
      return &ms_option_specs[i];
  return NULL;
}

static char *
option_names (void)
{
  GString *s = g_string_new (NULL);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (ms_option_specs); i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", ms_option_specs[i].name);
  return g_string_free (s, FALSE);
}

guint
ms_options_parse (const char *spec)
{
  g_auto (GStrv) items = NULL;
  guint problems = 0;
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (ms_option_specs); i++)
    option_set (&ms_option_specs[i], ms_option_specs[i].def);
  if (spec == NULL || spec[0] == '\0')
    return 0;

  items = g_strsplit (spec, ":", -1);
  for (i = 0; items[i] != NULL; i++)
    {
      const char *item = items[i];
      const char *eq = strchr (item, '=');
      g_autofree char *key = NULL;
      const MsOptionSpec *opt;

      if (item[0] == '\0')
        continue;
      key = eq ? g_strndup (item, eq - item) : g_strdup (item);
      opt = option_find (key);
      if (opt == NULL)
        {
          g_autofree char *names = option_names ();
          fprintf (stderr, "memscope: unknown option '%s' in MEMSCOPE_OPTIONS, ignored (valid: %s; "
                   "MEMSCOPE_OPTIONS=help=1 describes them)\n", key, names);
          problems++;
        }
      else if (eq == NULL || !option_set (opt, eq + 1))
        {
          fprintf (stderr, "memscope: bad value '%s' for option '%s' in MEMSCOPE_OPTIONS (%s), "
                   "using the default '%s'\n",
                   eq ? eq + 1 : "", key, type_expectation (opt->type), opt->def);
          problems++;
        }
    }
  return problems;
}

char *
ms_options_help (void)
{
  GString *s = g_string_new ("memscope: MEMSCOPE_OPTIONS=key=value:key=value...\n");
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (ms_option_specs); i++)
    g_string_append_printf (s, "  %-12s (default '%s') %s\n", ms_option_specs[i].name,
                            ms_option_specs[i].def, ms_option_specs[i].help);
  return g_string_free (s, FALSE);
}

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

typedef enum { MS_STRING, MS_BOOL, MS_INT, MS_STATUS, MS_PERCENT } MsOptionType;

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
    case MS_STATUS:
      return "expected an exit status, 0 to 255";
    case MS_PERCENT:
      return "expected a percentage, 0 to 100";
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
      if (value[0] == '\0')
        return FALSE;
      g_free (*(char **) field);
      *(char **) field = g_strdup (value);
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
    case MS_STATUS:
    case MS_PERCENT:
      if (!g_ascii_string_to_unsigned (value, 10, 0, spec->type == MS_STATUS ? 255
                                       : spec->type == MS_PERCENT ? 100 : G_MAXINT32, &n, NULL))
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

static gboolean
is_separator (char c)
{
  return c == ':' || c == ',';
}

/* Reads the value at *p (quoted or up to the next separator) into a new
 * string; NULL for a quote never closed. */
static char *
value_read (const char **p)
{
  const char *start = *p, *end;

  if (*start == '\'' || *start == '"')
    {
      end = strchr (start + 1, *start);
      if (end == NULL)
        {
          *p = start + strlen (start);
          return NULL;
        }
      *p = end + 1;
      return g_strndup (start + 1, end - start - 1);
    }
  for (end = start; *end != '\0' && !is_separator (*end); end++)
    ;
  *p = end;
  return g_strndup (start, end - start);
}

guint
ms_options_parse (const char *spec)
{
  const char *p = spec;
  guint problems = 0;
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (ms_option_specs); i++)
    option_set (&ms_option_specs[i], ms_option_specs[i].def);
  if (spec == NULL)
    return 0;

  while (*p != '\0')
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      const MsOptionSpec *opt;
      const char *k = p;
      gboolean has_value;

      if (is_separator (*p))
        {
          p++;
          continue;
        }
      while (*p != '\0' && *p != '=' && !is_separator (*p))
        p++;
      key = g_strndup (k, p - k);
      has_value = *p == '=';
      if (has_value)
        {
          p++;
          value = value_read (&p);
          if (value == NULL)
            {
              fprintf (stderr, "memscope: unterminated quote in the value of option '%s' in "
                       "MEMSCOPE_OPTIONS, ignored\n", key);
              problems++;
              continue;
            }
        }
      opt = option_find (key);
      if (opt == NULL)
        {
          g_autofree char *names = option_names ();
          fprintf (stderr, "memscope: unknown option '%s' in MEMSCOPE_OPTIONS, ignored (valid: %s; "
                   "MEMSCOPE_OPTIONS=help=1 describes them)\n", key, names);
          problems++;
        }
      else if (!has_value || !option_set (opt, value))
        {
          fprintf (stderr, "memscope: bad value '%s' for option '%s' in MEMSCOPE_OPTIONS (%s), "
                   "using the default '%s'\n",
                   has_value ? value : "", key, type_expectation (opt->type), opt->def);
          problems++;
        }
    }
  return problems;
}

char *
ms_options_help (void)
{
  GString *s = g_string_new ("memscope: MEMSCOPE_OPTIONS=key=value:key=value... (or key=value,key=value...)\n");
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (ms_option_specs); i++)
    g_string_append_printf (s, "  %-12s (default '%s') %s\n", ms_option_specs[i].name,
                            ms_option_specs[i].def, ms_option_specs[i].help);
  return g_string_free (s, FALSE);
}

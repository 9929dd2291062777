/* diff.h: `memscope diff`, and the matching of records across reports
 * that merge shares (diff.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef MEMSCOPE_CLI_DIFF_H
#define MEMSCOPE_CLI_DIFF_H

#include <glib.h>

#include "report.h"

typedef struct
{
  GHashTable *table;            /* guint64 key -> number + 1 */
  GPtrArray *blocks;
  guint used;                   /* keys used in the last block */
} PairMap;

/* The numbering shared by the reports of one diff or merge. */
typedef struct
{
  GHashTable *scopes;           /* scope key -> number + 1 */
  GHashTable *vars;             /* scope number and name -> number + 1 */
  PairMap contexts;             /* (parent number + 1 or 0, scope number) */
  const CliReport *ord_report;  /* the report ord is for */
  guint *ord;                   /* its blocks' places (diff.c) */
} Matcher;

void cli_matcher_init (Matcher *m);
void cli_matcher_clear (Matcher *m);
guint cli_string_number (GHashTable *table, char *key, gboolean *fresh);
guint cli_scope_number (Matcher *m, const CliReport *r, guint i, gboolean *fresh);
guint cli_var_number (Matcher *m, const CliReport *r, guint i, guint scope_num, gboolean *fresh);
guint *cli_number_contexts (Matcher *m, const CliReport *r, const guint *scope_num);
int cli_cmd_diff (int argc, char **argv);

#endif

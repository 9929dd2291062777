/* main.c: the memscope command: reads, queries and pictures reports.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   memscope SUBCOMMAND [OPTIONS] ARGS...
 *
 * Each subcommand parses its own options with a GOptionContext, so
 * `memscope SUBCOMMAND --help` describes exactly what it accepts.  Bad
 * input (an unreadable or invalid report) and usage errors exit with
 * status 2 after one line on stderr.
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "output.h"
#include "main.h"
#include "summary.h"
#include "query.h"
#include "diff.h"
#include "merge.h"
#include "export.h"
#include "schema.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *help;
} Command;

static const Command commands[] = {
  { "run", cli_cmd_run, "run a program with memscope's report enabled, then summarise it" },
  { "summary", cli_cmd_summary, "totals, threads, top scopes and variables, heap and leaks" },
  { "tree", cli_cmd_tree, "the calling-context tree with peak bytes, entries and heap" },
  { "top", cli_cmd_top, "contexts ranked by peak, entries, heap, live heap or leaks" },
  { "threads", cli_cmd_threads, "the threads table" },
  { "leaks", cli_cmd_leaks, "heap blocks leaked at exit (--all: also those still reachable)" },
  { "vars", cli_cmd_vars, "variable sites, filtered by scope, function or file" },
  { "diff", cli_cmd_diff, "what grew and shrank between two reports" },
  { "merge", cli_cmd_merge, "one report from several" },
  { "export", cli_cmd_export, "folded stacks, Chrome trace JSON or an HTML dashboard" },
  { "schema", cli_cmd_schema, "the JSON Schema of the report (--markdown: its field reference)" },
};

G_GNUC_NORETURN void
cli_usage_error (const char *command, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list ap;

  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  fflush (stdout);
  fprintf (stderr, "memscope %s: %s (see memscope %s --help)\n", command, what, command);
  exit (CLI_EXIT_BAD_INPUT);
}

gboolean
cli_parse_options (const char *command, const char *params, const char *summary,
                  GOptionEntry *entries, int *argc, char ***argv, int min_args, int max_args)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (params);
  g_autoptr (GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("memscope %s", command);
  int n;

  g_set_prgname (prgname);
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  /* `run` must leave the program's own options alone. */
  g_option_context_set_strict_posix (ctx, strcmp (command, "run") == 0);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    cli_usage_error (command, "%s", error->message);
  n = *argc - 1;
  if (n < min_args)
    cli_usage_error (command, "%s", strcmp (command, "run") == 0 ? "no program given"
                    : min_args == 1 ? "no report file given" : "too few arguments");
  if (max_args >= 0 && n > max_args)
    cli_usage_error (command, "unexpected argument '%s'", (*argv)[1 + max_args]);
  return TRUE;
}

static void
print_commands (FILE *stream)
{
  gsize i;

  fprintf (stream, "Usage: memscope COMMAND [OPTIONS] ARGS...\n"
           "  or:  memscope help COMMAND\n\nCommands:\n");
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-9s %s\n", commands[i].name, commands[i].help);
  fprintf (stream, "\nOptions:\n"
           "  -h, --help     list the commands\n"
           "  -V, --version  print memscope's version\n"
           "\n`memscope help COMMAND` (or `memscope COMMAND --help`) describes a command's options.\n"
           "Reports are written by programs built with memscope-gcc; see `memscope run`.\n"
           "A report's FILE may be - for standard input.\n");
}

int
main (int argc, char **argv)
{
  gsize i;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      print_commands (stderr);
      return CLI_EXIT_BAD_INPUT;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || (strcmp (argv[1], "help") == 0 && argc == 2))
    {
      print_commands (stdout);
      return 0;
    }
  /* `memscope help COMMAND` is `memscope COMMAND --help`. */
  if (strcmp (argv[1], "help") == 0)
    {
      if (argc > 3)
        {
          fprintf (stderr, "memscope help: unexpected argument '%s' (try memscope --help)\n", argv[3]);
          return CLI_EXIT_BAD_INPUT;
        }
      for (i = 0; i < G_N_ELEMENTS (commands); i++)
        if (strcmp (argv[2], commands[i].name) == 0)
          {
            char *help_argv[] = { argv[2], (char *) "--help", NULL };

            return commands[i].run (2, help_argv);
          }
      fprintf (stderr, "memscope help: unknown command '%s' (try memscope --help)\n", argv[2]);
      return CLI_EXIT_BAD_INPUT;
    }
  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0)
    {
      printf ("memscope %s (reads report version 1)\n", PACKAGE_VERSION);
      return 0;
    }
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        int status = commands[i].run (argc - 1, argv + 1);

        /* A full disk or a closed pipe: one line (said where the write
         * failed), and status 1. */
        if (!cli_stdout_ok () || !cli_write_stdout (commands[i].name, "", 0))
          return 1;
        return status;
      }
  fprintf (stderr, "memscope: unknown command '%s' (try memscope --help)\n", argv[1]);
  return CLI_EXIT_BAD_INPUT;
}

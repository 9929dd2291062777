/* options.h: MEMSCOPE_OPTIONS, defined once.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MEMSCOPE_OPTIONS_H
#define MEMSCOPE_OPTIONS_H

#include <glib.h>

/* X (name, type, default, help).  This one list yields the option fields,
 * their defaults, the parser and the help=1 text. */
#define MS_OPTIONS(X)                                                                  \
  X (output, STRING, "memscope.%e.%p.json",                                            \
     "where the report is written: %p is the pid, %e the program name, %% a %; "       \
     "a relative path is taken from the directory the program started in; "            \
     "a path that ends in / or names a directory gets memscope.%e.%p.json in it; "     \
     "a report left at a path with the pid by an earlier process of that pid is kept, " \
     "and this one goes beside it (NAME-2.json); "                                     \
     "/dev/stdout, /dev/stderr, /dev/fd/N, a device or a FIFO is written as it is; "   \
     "'none' writes no report")                                                        \
  X (summary, BOOL, "0", "1: print a human summary on stderr at exit")                 \
  X (summary_top, INT, "10", "how many scopes and variables the summary lists")        \
  X (verbosity, INT, "0", "0: print nothing unless something fails; 1: also say "      \
     "where the report went; 2: also runtime statistics")                              \
  X (heap, BOOL, "1", "0: do not track heap allocations")                            \
  X (malloc_fill, INT, "4096", "bytes cleared at the start of each new tracked "    \
     "block (heap=1), and of the part a realloc adds, as AddressSanitizer fills "        \
     "them: glibc hands out memory that freed blocks, and its own free lists' links, "  \
     "left pointers in; a block the program writes only part of would keep them, and "  \
     "with them blocks leaked since, reachable; 0: none")                                \
  X (leak_exitcode, STATUS, "0", "if not 0: a program that leaks heap blocks exits "  \
     "with this status, 1 to 255 (0: the exit status never changes)")                  \
  X (trace, BOOL, "0", "1: record each thread's scope entries and exits with their "  \
     "times, for memscope export --format=chrome")                                      \
  X (trace_events, INT, "1000000", "events kept per thread when tracing (16 bytes "   \
     "each); later ones are counted as dropped")                                        \
  X (suppressions, STRING, "none", "a file of LeakSanitizer suppressions: lines "      \
     "leak:PATTERN ('*' any text; else matched anywhere, '^' and '$' anchor), '#' "    \
     "comments; a leak allocated where PATTERN matches a function or source file of "   \
     "its context is listed as suppressed, not counted as leaked; 'none': no file")    \
  X (crash_report, BOOL, "1", "0: no report when the program crashes (SIGSEGV, "         \
     "SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP)")                                       \
  X (stack_warn, PERCENT, "0", "if not 0, a percentage: at exit, and when a crash is "  \
     "reported, one line on stderr for each thread that used more than this share of "  \
     "its stack, with the context where it went deepest")                              \
  X (help, BOOL, "0", "1: print this list on stderr at start-up")

typedef struct
{
#define MS_OPTION_FIELD_STRING(name) char *name;
#define MS_OPTION_FIELD_BOOL(name) gboolean name;
#define MS_OPTION_FIELD_INT(name) gint64 name;
#define MS_OPTION_FIELD_STATUS(name) gint64 name;
#define MS_OPTION_FIELD_PERCENT(name) gint64 name;
#define MS_OPTION_FIELD(name, type, def, help) MS_OPTION_FIELD_##type (name)
  MS_OPTIONS (MS_OPTION_FIELD)
#undef MS_OPTION_FIELD
} MsOptions;

extern MsOptions ms_options;

/* Parses @spec (MEMSCOPE_OPTIONS syntax, as ASAN_OPTIONS': key=value
 * items separated by ':' or ',', a value quoted with '' or "" when it
 * holds either) over the
 * defaults into ms_options.  Each problem is one line on stderr; the
 * default is kept and parsing goes on.  Returns the number of problems. */
guint ms_options_parse (const char *spec);

/* The help=1 text. */
char *ms_options_help (void);

#endif /* MEMSCOPE_OPTIONS_H */

/* memscope-cli.h: the report model and helpers shared by the subcommands.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report is read once, checked completely, and turned into flat arrays
 * of plain structs.  References between records (a context's parent and
 * scope, a leak's context) are array indices after loading, so no command
 * ever looks an id up or meets a dangling one: a report that would need
 * such care is refused by the loader with one error line.
 */
#ifndef MEMSCOPE_CLI_H
#define MEMSCOPE_CLI_H

#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>

/* Exit status for unreadable or invalid input and for usage errors. */
#define MS_EXIT_BAD_INPUT 2

typedef struct
{
  gint64 id;
  gint64 tid;
  char *name;                   /* NULL when the thread had none */
  gboolean is_active;
  gint64 scopes_entered;
  gint64 variables_registered;
  gint64 stack_bytes_peak;
  gint peak_context;            /* context index, -1 for none */
  gint64 open_scopes;
  gint64 unmatched_exits;
  gint64 lost_events;
  gint64 created_at;
  gint64 ended_at;
  /* MemscopeThreadInfo's allocation counters: heap activity. */
  gint64 heap_allocations;
  gint64 heap_deallocations;
  gint64 heap_current;
  gint64 heap_peak;
} MsThread;

typedef struct
{
  gint64 id;
  char *kind;
  char *name;
  char *function;
  char *file;
  gint64 line;
  gint parent;                  /* scope index, -1 for none */
  gint64 depth;
  gint64 entries;
  gint64 frame_bytes;
  gint64 peak_memory;
  gboolean is_active;
} MsScope;

typedef struct
{
  gint64 id;
  char *name;
  char *type;
  char *kind;
  char *file;
  gint64 line;
  gint64 size;
  gint scope;                   /* scope index, -1 for none */
  gint64 instances;
  gint64 live;
  gboolean tracked;
  gboolean is_active;
  gint64 heap_bytes;            /* heap bytes its instances received */
  gint64 heap_owned_bytes;      /* of which still held at exit */
} MsVar;

typedef struct
{
  gint64 id;
  guint scope;                  /* scope index */
  gint parent;                  /* context index, -1 for a root */
  gint64 entries;
  gint64 direct_bytes;
  gint64 peak_memory;
  gboolean folded;
  gboolean is_active;
  gint64 heap_allocations;
  gint64 heap_bytes;
  gint64 heap_live_bytes;
  gint64 heap_peak_bytes;
  /* Optional: the thread ids that entered this context (points into
   * the report's pool, or into storage the merge owns). */
  gint64 *threads;
  guint n_threads;
  /* Derived by the loader. */
  gint first_child;             /* children sorted by peak, then id */
  gint next_sibling;
  guint depth;
  gint64 incl_heap_allocations; /* sums over the subtree */
  gint64 incl_heap_bytes;
  gint64 incl_heap_live_bytes;
  gint64 incl_leak_bytes;
  gint64 leak_bytes;            /* leaked (unreachable) bytes only */
} MsContext;

/* What the runtime's leak check found about a group of live blocks.  A
 * report written before the check existed says nothing: leaked. */
typedef enum
{
  MS_LEAKED,                    /* nothing pointed to them at exit */
  MS_REACHABLE,                 /* still pointed to from globals, stacks, TLS */
  MS_INHERITED,                 /* allocated before fork, by the parent */
  MS_N_LEAK_KINDS
} MsLeakKind;

typedef struct
{
  gint context;                 /* context index, -1 when unknown */
  gint variable;                /* variable index, -1 when unknown */
  gint64 bytes;
  gint64 blocks;
  MsLeakKind kind;
} MsLeak;

typedef struct
{
  gint64 bytes[MS_N_LEAK_KINDS];
  gint64 blocks[MS_N_LEAK_KINDS];
} MsLeakTotals;

typedef struct
{
  gint64 t_ns;
  gboolean begin;
  guint context;                /* context index */
} MsEvent;

typedef struct
{
  gint64 thread;                /* thread id as in the report */
  GArray *events;               /* of MsEvent */
  gint64 dropped;
} MsTrace;

typedef struct
{
  char *path;
  char *program;
  gint64 pid;
  gint64 taken_at;
  GArray *threads;              /* of MsThread */
  GArray *scopes;               /* of MsScope */
  GArray *vars;                 /* of MsVar */
  GArray *contexts;             /* of MsContext */
  GArray *leaks;                /* of MsLeak */
  GArray *traces;               /* of MsTrace, NULL when not traced */
  gint first_root;              /* roots chained through next_sibling */
  gboolean has_heap;            /* any heap field or a leaks list */
  gboolean heap_off;            /* "heap": {"enabled": false} */
  /* The optional top-level "heap" object: totals, and allocations made
   * outside any instrumented scope.  -1 when absent. */
  gint64 heap_live_blocks;
  gint64 heap_live_bytes;
  gint64 outside_allocations;
  gint64 outside_bytes;
  gint64 outside_live_bytes;
  gint64 crash_signal;          /* "crash": the signal the program died of, 0 if none */
  gint64 crash_thread;
  gboolean has_context_threads;
  gboolean linked;              /* ms_report_link_tree has run */
  GArray *context_threads;      /* of gint64: the contexts' thread lists */
  GPtrArray *strings;           /* what it allocated; names are borrowed from the parsed tree */
} MsReport;

#define MS_THREAD(r, i) (&g_array_index ((r)->threads, MsThread, (i)))
#define MS_SCOPE(r, i) (&g_array_index ((r)->scopes, MsScope, (i)))
#define MS_VAR(r, i) (&g_array_index ((r)->vars, MsVar, (i)))
#define MS_CONTEXT(r, i) (&g_array_index ((r)->contexts, MsContext, (i)))
#define MS_LEAK(r, i) (&g_array_index ((r)->leaks, MsLeak, (i)))

/* split.c: a big report's contexts, cut from its text in pieces */
typedef struct
{
  const char *text;             /* the elements, without the array's brackets */
  gsize len;
  guint first;                  /* the index of the first in the array */
  guint n;                      /* how many */
} MsPiece;

typedef struct
{
  GString *rest;                /* the text with the array's elements taken out */
  GArray *pieces;               /* of MsPiece, in order */
  guint n;                      /* the array's elements */
  guint procs;                  /* processes to read the pieces in */
} MsSplit;

typedef struct MsHelpers MsHelpers;

MsSplit *ms_split_new (const char *data, gsize len, const char *key);
gboolean ms_json_blank (const char *s, gsize len);
void ms_split_free (MsSplit *split);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsSplit, ms_split_free)
JsonNode *ms_piece_parse (const MsPiece *p);
gpointer ms_shared_new (gsize size);
void ms_shared_free (gpointer p, gsize size);
MsHelpers *ms_helpers_start (guint n_procs, guint n_jobs, void (*job) (guint k, gpointer data), gpointer data);
void ms_helpers_finish (MsHelpers *h, gboolean cancel);
void ms_helpers_free (MsHelpers *h);

/* report.c */
MsReport *ms_report_new (const char *path);
MsReport *ms_report_load (const char *path, GError **error);
MsReport *ms_report_load_or_exit (const char *path);
void ms_report_free (MsReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsReport, ms_report_free)
void ms_report_link_tree (MsReport *r);
void ms_push_children (const MsReport *r, GArray *stack, gint first);
char *ms_context_path (const MsReport *r, guint ctx, const char *sep);
char *ms_scope_label (const MsReport *r, guint scope);
char *ms_scope_location (const MsReport *r, guint scope);
char *ms_var_label (const MsReport *r, guint var);
void ms_report_leak_totals (const MsReport *r, MsLeakTotals *t);
const char *ms_leak_kind_name (MsLeakKind kind);
gint ms_report_thread_index (const MsReport *r, gint64 id);
const char *ms_str (const char *s);
GArray *ms_rank (guint n, gboolean (*keep) (gconstpointer data, guint i), GCompareDataFunc cmp,
                 gconstpointer data, guint limit);

/* output.c: aligned tables, colours, JSON printing. */
typedef struct MsTable MsTable;
MsTable *ms_table_new (const char *first_header, ...) G_GNUC_NULL_TERMINATED;
void ms_table_row (MsTable *t);
void ms_table_cell (MsTable *t, const char *text);
void ms_table_cellf (MsTable *t, const char *format, ...) G_GNUC_PRINTF (2, 3);
void ms_table_int (MsTable *t, gint64 value);
void ms_table_print (MsTable *t, GString *out, const char *indent);
guint ms_table_rows (MsTable *t);
void ms_table_free (MsTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsTable, ms_table_free)
void ms_color_init (FILE *stream);
const char *ms_bold (void);
const char *ms_dim (void);
const char *ms_reset (void);
void ms_heading (GString *out, const char *title);
void ms_print_json (JsonBuilder *b);
char *ms_json_to_string (JsonNode *node, gboolean pretty);
void ms_json_int (JsonBuilder *b, const char *member, gint64 value);
void ms_json_str (JsonBuilder *b, const char *member, const char *value);
void ms_json_bool (JsonBuilder *b, const char *member, gboolean value);
void ms_json_context_path (JsonBuilder *b, const MsReport *r, gint ctx);
void ms_json_append_string (GString *out, const char *s);
void ms_append_us (GString *out, gint64 ns);

/* main.c: option parsing shared by the subcommands. */
gboolean ms_parse_options (const char *command, const char *params, const char *summary,
                           GOptionEntry *entries, int *argc, char ***argv,
                           int min_args, int max_args);
G_GNUC_NORETURN void ms_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The subcommands: each returns the process exit status. */
int ms_cmd_run (int argc, char **argv);
int ms_cmd_summary (int argc, char **argv);
int ms_cmd_tree (int argc, char **argv);
int ms_cmd_top (int argc, char **argv);
int ms_cmd_threads (int argc, char **argv);
int ms_cmd_leaks (int argc, char **argv);
int ms_cmd_vars (int argc, char **argv);
int ms_cmd_diff (int argc, char **argv);
int ms_cmd_merge (int argc, char **argv);
int ms_cmd_export (int argc, char **argv);

/* summary.c: the summary, and tables other commands share. */
void ms_summary_print (const MsReport *r, FILE *stream, gboolean json, guint limit);
MsTable *ms_threads_table (const MsReport *r);
void ms_threads_json (JsonBuilder *b, const MsReport *r);
MsTable *ms_leaks_table (const MsReport *r, gboolean all, guint limit);
GArray *ms_leak_rows (const MsReport *r, gboolean all, guint limit);

/* export.c / html.c */
gboolean ms_export_html (const MsReport *r, GString *out);
void ms_folded_weights (const MsReport *r, gboolean heap, gint64 *self);

#endif

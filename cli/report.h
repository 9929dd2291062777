/* report.h: a memscope report as the command reads it (report.c).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The records' members come from runtime/report-fields.def: each record
 * is a struct with one member per field of the table (a REF is the
 * record's index, and its id as written in NAME_id; an IDS list is a
 * pointer and a count N_NAME), a bit per field in `present`, and after
 * them what the loader derives.  A report is read once, checked
 * completely, and turned into flat arrays of these structs; references
 * are array indices, so no command ever meets a dangling one.
 */
#ifndef MEMSCOPE_CLI_REPORT_H
#define MEMSCOPE_CLI_REPORT_H

#include <glib.h>

#include "runtime/report-fields.def"

/* Exit status for unreadable or invalid input and for usage errors. */
#define CLI_EXIT_BAD_INPUT 2

typedef enum
{
  CLI_T_UINT, CLI_T_ID, CLI_T_REF, CLI_T_IDS, CLI_T_STR, CLI_T_ADDR, CLI_T_BOOL, CLI_T_EVENTS, CLI_T_SERIES,
  CLI_T_OBJECT, CLI_T_ARRAY, CLI_T_MAGIC, CLI_T_VERSION,
} CliType;

typedef enum { CLI_REQ, CLI_NONNULL, CLI_OPT } CliPresence;

typedef enum
{
  CLI_MERGE_KEY, CLI_MERGE_FIRST, CLI_MERGE_SUM, CLI_MERGE_MAX, CLI_MERGE_OR, CLI_MERGE_UNION,
  CLI_MERGE_RENUMBER, CLI_MERGE_SPECIAL,
} CliMerge;

typedef enum
{
#define CLI_RECORD_ENUM(rec, noun, doc) CLI_REC_##rec,
  MS_REPORT_RECORDS (CLI_RECORD_ENUM)
#undef CLI_RECORD_ENUM
  CLI_N_RECORDS,
  CLI_REC__ = -1,               /* "no target" */
} CliRecord;

/* Each record's fields, numbered from 0: the bits of `present`. */
#define CLI_FIELD_ENUM(rec, name, ...) CLI_F_##rec##_##name,
enum { MS_REPORT_HEADER (CLI_FIELD_ENUM) };
enum { MS_REPORT_CRASH (CLI_FIELD_ENUM) };
enum { MS_REPORT_MERGED_FROM (CLI_FIELD_ENUM) };
enum { MS_REPORT_THREADS (CLI_FIELD_ENUM) };
enum { MS_REPORT_SCOPES (CLI_FIELD_ENUM) };
enum { MS_REPORT_VARIABLES (CLI_FIELD_ENUM) };
enum { MS_REPORT_CONTEXTS (CLI_FIELD_ENUM) };
enum { MS_REPORT_LEAKS (CLI_FIELD_ENUM) };
enum { MS_REPORT_SITES (CLI_FIELD_ENUM) };
enum { MS_REPORT_HEAP_PEAKS (CLI_FIELD_ENUM) };
enum { MS_REPORT_HEAP (CLI_FIELD_ENUM) };
enum { MS_REPORT_TRACE (CLI_FIELD_ENUM) };
#undef CLI_FIELD_ENUM

/* Was member NAME of record REC present in the report? */
#define CLI_HAS(p, rec, name) ((((p)->present) >> CLI_F_##rec##_##name) & 1)

#define CLI_MEMBER(rec, name, type, ...) CLI_MEMBER_##type (name)
#define CLI_MEMBER_UINT(n) gint64 n;
#define CLI_MEMBER_ID(n) gint64 n;
#define CLI_MEMBER_VERSION(n) gint64 n;
#define CLI_MEMBER_REF(n) gint64 n##_id; gint n;
#define CLI_MEMBER_IDS(n) gint64 *n; guint n_##n;
#define CLI_MEMBER_STR(n) const char *n;
#define CLI_MEMBER_ADDR(n) const char *n;
#define CLI_MEMBER_BOOL(n) gboolean n;
#define CLI_MEMBER_EVENTS(n) GArray *n;
#define CLI_MEMBER_SERIES(n) GArray *n;
#define CLI_MEMBER_OBJECT(n)
#define CLI_MEMBER_ARRAY(n)
#define CLI_MEMBER_MAGIC(n)

typedef struct
{
  MS_REPORT_CRASH (CLI_MEMBER)
  guint64 present;
} CliCrash;

typedef struct
{
  MS_REPORT_MERGED_FROM (CLI_MEMBER)
  guint64 present;
} CliInput;

/* One point of a thread's heap over time (threads[].heap_series). */
typedef struct
{
  gint64 t_ns;
  gint64 heap;
  gint64 stack;
} CliSample;

typedef struct
{
  MS_REPORT_THREADS (CLI_MEMBER)  /* heap_series: of CliSample */
  guint64 present;
} CliThread;

typedef struct
{
  MS_REPORT_SCOPES (CLI_MEMBER)
  guint64 present;
} CliScope;

typedef struct
{
  MS_REPORT_VARIABLES (CLI_MEMBER)
  guint64 present;
} CliVar;

typedef struct
{
  MS_REPORT_CONTEXTS (CLI_MEMBER)
  guint64 present;
  /* Derived by the loader. */
  guint depth;
  gint64 leak_bytes;            /* leaked (unreachable) bytes only */
  gint first_site;              /* its allocator calls (sites), most bytes first */
  gboolean known_site;          /* one of them is in instrumented code */
  /* Derived by cli_report_link_tree. */
  gint first_child;             /* children sorted by peak, then id */
  gint next_sibling;
  gint64 incl_heap_allocations; /* sums over the subtree */
  gint64 incl_heap_bytes;
  gint64 incl_heap_live_bytes;
  gint64 incl_leak_bytes;
} CliContext;

/* What the runtime's leak check found about a group of live blocks.  A
 * report written before the check existed says nothing: leaked. */
typedef enum
{
  CLI_LEAKED,                   /* nothing pointed to them at exit */
  CLI_REACHABLE,                /* still pointed to from globals, stacks, TLS */
  CLI_INHERITED,                /* allocated before fork, by the parent */
  CLI_SUPPRESSED,               /* unreachable, but a suppression matched */
  CLI_N_LEAK_KINDS
} CliLeakKind;

typedef struct
{
  MS_REPORT_LEAKS (CLI_MEMBER)
  guint64 present;
  CliLeakKind kind;             /* derived from inherited and reachable */
} CliLeak;

typedef struct
{
  MS_REPORT_SITES (CLI_MEMBER)
  guint64 present;
  /* Derived by the loader. */
  gint next_in_context;         /* the context's next site, most bytes first */
  gint64 leak_bytes;            /* of its live blocks, the leaked bytes */
} CliSite;

typedef struct
{
  MS_REPORT_HEAP_PEAKS (CLI_MEMBER)
  guint64 present;
} CliPeak;

typedef struct
{
  gint64 bytes[CLI_N_LEAK_KINDS];
  gint64 blocks[CLI_N_LEAK_KINDS];
} CliLeakTotals;

typedef struct
{
  MS_REPORT_HEAP (CLI_MEMBER)
  guint64 present;
} CliHeap;

typedef struct
{
  gint64 t_ns;
  gint64 context_id;            /* as written */
  guint context;                /* context index */
  gboolean begin;
  gint64 bytes;                 /* an exit's: its instance's own stack bytes; -1: not written */
} CliEvent;

typedef struct
{
  MS_REPORT_TRACE (CLI_MEMBER)  /* events: of CliEvent */
  guint64 present;
} CliTrace;

typedef struct
{
  char *path;
  MS_REPORT_HEADER (CLI_MEMBER)
  guint64 present;
  CliCrash crash;
  CliHeap heap;
  GArray *inputs;               /* of CliInput: merged_from */
  GArray *threads;              /* of CliThread */
  GArray *scopes;               /* of CliScope */
  GArray *vars;                 /* of CliVar */
  GArray *contexts;             /* of CliContext */
  GArray *leaks;                /* of CliLeak */
  GArray *sites;                /* of CliSite */
  GArray *peaks;                /* of CliPeak: heap_peaks */
  GArray *traces;               /* of CliTrace, NULL when not traced */
  /* Derived by the loader. */
  gint first_root;              /* roots chained through next_sibling */
  gint first_outside_site;      /* sites of allocations outside every scope */
  gboolean has_sites;           /* some allocator call is known (plugin builds) */
  gboolean has_heap;            /* heap fields or a leaks list, heap tracking on */
  gboolean heap_off;            /* "heap": {"enabled": false} */
  gboolean has_context_threads;
  gboolean linked;              /* cli_report_link_tree has run */
  GArray *ids;                  /* of gint64: the IDS lists */
  GStringChunk *strings;
} CliReport;

#define CLI_THREAD(r, i) (&g_array_index ((r)->threads, CliThread, (i)))
#define CLI_SCOPE(r, i) (&g_array_index ((r)->scopes, CliScope, (i)))
#define CLI_VAR(r, i) (&g_array_index ((r)->vars, CliVar, (i)))
#define CLI_CONTEXT(r, i) (&g_array_index ((r)->contexts, CliContext, (i)))
#define CLI_LEAK(r, i) (&g_array_index ((r)->leaks, CliLeak, (i)))
#define CLI_SITE(r, i) (&g_array_index ((r)->sites, CliSite, (i)))
#define CLI_PEAK(r, i) (&g_array_index ((r)->peaks, CliPeak, (i)))

/* The table, as the reader, merge and the schema use it. */
typedef struct
{
  const char *name;
  CliType type;
  CliRecord target;
  CliPresence presence;
  const char *since;
  CliMerge merge;
  gint64 fallback;              /* the value when absent */
  const char *doc;
  gsize offset;                 /* of the member; of NAME_id for a REF */
  gsize aux;                    /* a REF's index, an IDS list's count */
} CliField;

typedef struct
{
  const char *name;             /* as the header's member, or "report" */
  const char *noun;             /* one element */
  const char *doc;
  const CliField *fields;
  guint n_fields;
  gsize size;                   /* of its struct */
  gsize present;                /* where its `present` bits are */
} CliRecordInfo;

/* The `present` bits of the record of kind REC at P. */
#define CLI_PRESENT(rec, p) (&G_STRUCT_MEMBER (guint64, (p), cli_records[rec].present))

extern const CliRecordInfo cli_records[CLI_N_RECORDS];

CliReport *cli_report_new (const char *path);
CliReport *cli_report_load (const char *path, GError **error);
CliReport *cli_report_load_or_exit (const char *path);
void cli_report_free (CliReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliReport, cli_report_free)
GArray *cli_report_array (const CliReport *r, CliRecord rec);
const char *cli_report_intern (CliReport *r, const char *s);
void cli_report_link_tree (CliReport *r);
void cli_report_sort_tree (CliReport *r, gboolean by_stack);
void cli_push_children (const CliReport *r, GArray *stack, gint first);
char *cli_context_path (const CliReport *r, guint ctx, const char *sep);
char *cli_scope_label (const CliReport *r, guint scope);
char *cli_scope_location (const CliReport *r, guint scope);
char *cli_var_label (const CliReport *r, guint var);
char *cli_site_label (const CliSite *s);
void cli_report_leak_totals (const CliReport *r, CliLeakTotals *t);
gint cli_report_thread_index (const CliReport *r, gint64 id);
const char *cli_str (const char *s);
GArray *cli_rank (guint n, gboolean (*keep) (gconstpointer data, guint i), GCompareDataFunc cmp,
                  gconstpointer data, guint limit);

#endif

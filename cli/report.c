/* report.c: reading and checking a memscope report.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report is read in one pass over its text by yajl's event parser
 * (no tree of the document is ever built): each member is looked up in
 * its record's entry of runtime/report-fields.def and stored, checked
 * against its type, into the record's struct.  Then, once: required
 * members, unique ids, references that resolve and a context tree
 * without cycles.  The first problem becomes the one error line the user
 * sees ("memscope: FILE: contexts[3].parent: no context has id 99"), so a
 * truncated or edited report can never crash a command further on.  A
 * text that is not JSON is read again whole, to say what is wrong with it
 * as precisely as json-glib's parser does.
 *
 * Members the table does not list are skipped: a newer runtime may write
 * more.  Members it lists as optional take its default when absent.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <yajl/yajl_parse.h>

#include "report.h"

#define CLI_REPORT_ERROR (cli_report_error_quark ())
G_DEFINE_QUARK (memscope-report-error, cli_report_error)

/* ------------------------------------------------------------ the table */

#define CLI_OFF_UINT(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_ID(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_VERSION(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_REF(S, n) G_STRUCT_OFFSET (S, n##_id)
#define CLI_OFF_IDS(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_STR(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_ADDR(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_BOOL(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_EVENTS(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_SERIES(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_OFF_OBJECT(S, n) 0
#define CLI_OFF_ARRAY(S, n) 0
#define CLI_OFF_MAGIC(S, n) 0
#define CLI_AUX_REF(S, n) G_STRUCT_OFFSET (S, n)
#define CLI_AUX_IDS(S, n) G_STRUCT_OFFSET (S, n_##n)
#define CLI_AUX_UINT(S, n) 0
#define CLI_AUX_ID(S, n) 0
#define CLI_AUX_VERSION(S, n) 0
#define CLI_AUX_STR(S, n) 0
#define CLI_AUX_ADDR(S, n) 0
#define CLI_AUX_BOOL(S, n) 0
#define CLI_AUX_EVENTS(S, n) 0
#define CLI_AUX_SERIES(S, n) 0
#define CLI_AUX_OBJECT(S, n) 0
#define CLI_AUX_ARRAY(S, n) 0
#define CLI_AUX_MAGIC(S, n) 0

#define CLI_STRUCT_header CliReport
#define CLI_STRUCT_crash CliCrash
#define CLI_STRUCT_merged_from CliInput
#define CLI_STRUCT_threads CliThread
#define CLI_STRUCT_scopes CliScope
#define CLI_STRUCT_variables CliVar
#define CLI_STRUCT_contexts CliContext
#define CLI_STRUCT_leaks CliLeak
#define CLI_STRUCT_sites CliSite
#define CLI_STRUCT_heap_peaks CliPeak
#define CLI_STRUCT_heap CliHeap
#define CLI_STRUCT_trace CliTrace

#define CLI_FIELD_INFO(rec, name, type, target, presence, since, merge, fallback, doc) \
  { #name, CLI_T_##type, CLI_REC_##target, CLI_##presence, since, CLI_MERGE_##merge, fallback, doc, \
    CLI_OFF_##type (CLI_STRUCT_##rec, name), CLI_AUX_##type (CLI_STRUCT_##rec, name) },

static const CliField header_fields[] = { MS_REPORT_HEADER (CLI_FIELD_INFO) };
static const CliField crash_fields[] = { MS_REPORT_CRASH (CLI_FIELD_INFO) };
static const CliField merged_from_fields[] = { MS_REPORT_MERGED_FROM (CLI_FIELD_INFO) };
static const CliField threads_fields[] = { MS_REPORT_THREADS (CLI_FIELD_INFO) };
static const CliField scopes_fields[] = { MS_REPORT_SCOPES (CLI_FIELD_INFO) };
static const CliField variables_fields[] = { MS_REPORT_VARIABLES (CLI_FIELD_INFO) };
static const CliField contexts_fields[] = { MS_REPORT_CONTEXTS (CLI_FIELD_INFO) };
static const CliField leaks_fields[] = { MS_REPORT_LEAKS (CLI_FIELD_INFO) };
static const CliField sites_fields[] = { MS_REPORT_SITES (CLI_FIELD_INFO) };
static const CliField heap_peaks_fields[] = { MS_REPORT_HEAP_PEAKS (CLI_FIELD_INFO) };
static const CliField heap_fields[] = { MS_REPORT_HEAP (CLI_FIELD_INFO) };
static const CliField trace_fields[] = { MS_REPORT_TRACE (CLI_FIELD_INFO) };

const CliRecordInfo cli_records[CLI_N_RECORDS] = {
#define CLI_RECORD_INFO(rec, noun, doc) \
  [CLI_REC_##rec] = { #rec, noun, doc, rec##_fields, G_N_ELEMENTS (rec##_fields), sizeof (CLI_STRUCT_##rec), \
                      G_STRUCT_OFFSET (CLI_STRUCT_##rec, present) },
  MS_REPORT_RECORDS (CLI_RECORD_INFO)
};

GArray *
cli_report_array (const CliReport *r, CliRecord rec)
{
  switch (rec)
    {
    case CLI_REC_merged_from:
      return r->inputs;
    case CLI_REC_threads:
      return r->threads;
    case CLI_REC_scopes:
      return r->scopes;
    case CLI_REC_variables:
      return r->vars;
    case CLI_REC_contexts:
      return r->contexts;
    case CLI_REC_leaks:
      return r->leaks;
    case CLI_REC_sites:
      return r->sites;
    case CLI_REC_heap_peaks:
      return r->peaks;
    case CLI_REC_trace:
      return r->traces;
    default:
      return NULL;
    }
}

/* ------------------------------------------------------------- reading */

typedef enum
{
  S_TOP,                        /* the text's value */
  S_RECORD,                     /* a record's object: the header, crash, heap, an element */
  S_ARRAY,                      /* an array of records */
  S_IDS,                        /* an IDS member's array */
  S_EVENTS,                     /* an EVENTS member's array */
  S_EVENT,                      /* one event */
  S_SERIES,                     /* a SERIES member's array */
  S_SAMPLE,                     /* one sample */
  S_SKIP,                       /* a value nobody reads */
} State;

/* Where the reader is.  S_IDS, S_EVENTS and S_EVENT keep their record's
 * rec, base, array, index and field. */
typedef struct
{
  State state;
  CliRecord rec;
  guint8 *base;                 /* the record's struct */
  const char *array;            /* the header's member it is in, for messages; NULL for the header */
  guint index;                  /* the record's element number */
  gint field;                   /* the member being read, -1 for none */
  guint count;                  /* S_ARRAY, S_EVENTS, S_SERIES: elements so far; S_EVENT, S_SAMPLE: its parts */
  guint number;                 /* S_EVENT, S_SAMPLE: its index in the list */
  gint64 event[4];              /* S_EVENT: t_ns, begin, context id, an exit's bytes; S_SAMPLE: t_ns, heap, stack */
} Frame;

typedef struct
{
  CliReport *r;
  GArray *stack;                /* of Frame */
  GError *error;                /* the first problem met */
  const char *top_kind;         /* what the text's value is, NULL before it */
  const char *format;           /* the header's "format", when a string */
  gint last[CLI_N_RECORDS];     /* each record's member met last */
} Reader;

static Frame *
top (Reader *rd)
{
  return &g_array_index (rd->stack, Frame, rd->stack->len - 1);
}

static Frame *
push (Reader *rd, State state)
{
  Frame f = { .state = state, .field = -1 };

  g_array_append_val (rd->stack, f);
  return top (rd);
}

/* A frame for the list in member FIELD of the record the reader is in. */
static Frame *
push_member (Reader *rd, State state, gint field)
{
  Frame f = *top (rd);

  f.state = state;
  f.field = field;
  f.count = 0;
  g_array_append_val (rd->stack, f);
  return top (rd);
}

static void
fail (Reader *rd, const Frame *f, const char *member, const char *format, ...) G_GNUC_PRINTF (4, 5);

/* Records the problem, named "ARRAY[I].MEMBER", "OBJECT.MEMBER" or
 * "MEMBER" after where F is. */
static void
fail (Reader *rd, const Frame *f, const char *member, const char *format, ...)
{
  g_autofree char *what = NULL;
  g_autoptr (GString) where = g_string_new (NULL);
  va_list ap;

  if (rd->error != NULL)
    return;
  va_start (ap, format);
  what = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (f != NULL && f->array != NULL)
    {
      g_string_append (where, f->array);
      if (f->rec != CLI_REC_crash && f->rec != CLI_REC_heap)
        g_string_append_printf (where, "[%u]", f->index);
    }
  if (member != NULL)
    g_string_append_printf (where, "%s%s", where->len > 0 ? "." : "", member);
  g_set_error (&rd->error, CLI_REPORT_ERROR, 0, "%s: %s", where->str, what);
}

/* A record's members take their defaults. */
static void
record_init (CliRecord rec, guint8 *base)
{
  const CliRecordInfo *info = &cli_records[rec];
  guint k;

  for (k = 0; k < info->n_fields; k++)
    {
      const CliField *fd = &info->fields[k];

      switch (fd->type)
        {
        case CLI_T_UINT:
        case CLI_T_ID:
        case CLI_T_VERSION:
          G_STRUCT_MEMBER (gint64, base, fd->offset) = fd->fallback;
          break;
        case CLI_T_BOOL:
          G_STRUCT_MEMBER (gboolean, base, fd->offset) = fd->fallback != 0;
          break;
        case CLI_T_REF:
          G_STRUCT_MEMBER (gint, base, fd->aux) = -1;
          break;
        default:
          break;
        }
    }
}

static void
push_record (Reader *rd, CliRecord rec, guint8 *base, const char *array, guint index)
{
  Frame *f = push (rd, S_RECORD);

  f->rec = rec;
  f->base = base;
  f->array = array;
  f->index = index;
  if (rec != CLI_REC_header)
    record_init (rec, base);
}

/* A scalar, or the start of an object or array, as met. */
typedef enum { V_NULL, V_BOOL, V_INT, V_NUMBER, V_STRING, V_OBJECT, V_ARRAY } VKind;

typedef struct
{
  VKind kind;
  gint64 i;                     /* V_INT, V_BOOL */
  const char *s;                /* V_STRING (NUL-terminated), V_NUMBER: the text */
  gsize len;
  gboolean fractional;          /* V_NUMBER: not a whole number */
} Val;

static const char *
val_kind (const Val *v)
{
  switch (v->kind)
    {
    case V_NULL:
      return "null";
    case V_BOOL:
      return "a boolean";
    case V_INT:
      return "a number";
    case V_NUMBER:
      return v->fractional ? "a fractional number" : "a number";
    case V_STRING:
      return "a string";
    case V_OBJECT:
      return "an object";
    case V_ARRAY:
      return "an array";
    }
  return "?";
}

/* An integer member: an integer literal within 64 bits. */
static gboolean
want_int (Reader *rd, const Frame *f, const char *member, const Val *v)
{
  if (v->kind == V_INT)
    return TRUE;
  if (v->kind == V_NUMBER && !v->fractional)
    fail (rd, f, member, "%.*s is out of range (at most %" G_GINT64_FORMAT ")", (int) v->len, v->s, G_MAXINT64);
  else
    fail (rd, f, member, "expected an integer, got %s", val_kind (v));
  return FALSE;
}

/* V, the value of member F->field of the record F reads. */
static void
member_value (Reader *rd, Frame *f, gint field, const Val *v)
{
  const CliField *fd = &cli_records[f->rec].fields[field];
  guint8 *base = f->base;
  const char *name = fd->name;
  CliReport *r = rd->r;
  Frame *g;

  *CLI_PRESENT (f->rec, base) |= G_GUINT64_CONSTANT (1) << field;
  switch (fd->type)
    {
    case CLI_T_MAGIC:
      /* Checked once the whole text is read: a report's format and
       * version come before anything else it might get wrong. */
      rd->format = v->kind == V_STRING ? cli_report_intern (r, v->s) : NULL;
      break;
    case CLI_T_VERSION:
      if (v->kind == V_INT)
        G_STRUCT_MEMBER (gint64, base, fd->offset) = v->i;
      else
        *CLI_PRESENT (f->rec, base) &= ~(G_GUINT64_CONSTANT (1) << field);
      break;
    case CLI_T_UINT:
    case CLI_T_ID:
      if (!want_int (rd, f, name, v))
        break;
      if (v->i < 0)
        fail (rd, f, name, "negative value %" G_GINT64_FORMAT, v->i);
      else if (fd->type == CLI_T_ID && v->i == 0)
        fail (rd, f, name, "ids are positive, got 0");
      G_STRUCT_MEMBER (gint64, base, fd->offset) = v->i;
      break;
    case CLI_T_REF:
      if (v->kind == V_NULL)
        {
          if (fd->presence == CLI_NONNULL)
            fail (rd, f, name, "a %s needs a %s, got null", cli_records[f->rec].noun, name);
          G_STRUCT_MEMBER (gint64, base, fd->offset) = 0;
        }
      else if (v->kind != V_INT)
        fail (rd, f, name, "expected an id or null, got %s", val_kind (v));
      else if (v->i <= 0)
        fail (rd, f, name, "ids are positive, got %" G_GINT64_FORMAT, v->i);
      else
        G_STRUCT_MEMBER (gint64, base, fd->offset) = v->i;
      break;
    case CLI_T_STR:
    case CLI_T_ADDR:
      if (v->kind == V_NULL)
        G_STRUCT_MEMBER (const char *, base, fd->offset) = NULL;
      else if (v->kind == V_STRING)
        G_STRUCT_MEMBER (const char *, base, fd->offset) = cli_report_intern (r, v->s);
      else
        fail (rd, f, name, "expected a string or null, got %s", val_kind (v));
      break;
    case CLI_T_BOOL:
      if (v->kind == V_BOOL)
        G_STRUCT_MEMBER (gboolean, base, fd->offset) = v->i != 0;
      else
        fail (rd, f, name, "expected true or false, got %s", val_kind (v));
      break;
    case CLI_T_IDS:
      if (v->kind != V_ARRAY)
        {
          fail (rd, f, name, "expected an array of %s ids, got %s", cli_records[fd->target].noun, val_kind (v));
          break;
        }
      /* The list's offset in the pool until the load fixes it. */
      G_STRUCT_MEMBER (gint64 *, base, fd->offset) = GSIZE_TO_POINTER (r->ids->len);
      G_STRUCT_MEMBER (guint, base, fd->aux) = 0;
      push_member (rd, S_IDS, field);
      break;
    case CLI_T_EVENTS:
      if (v->kind != V_ARRAY)
        {
          fail (rd, f, name, "expected an array, got %s", val_kind (v));
          break;
        }
      G_STRUCT_MEMBER (GArray *, base, fd->offset) = g_array_new (FALSE, FALSE, sizeof (CliEvent));
      push_member (rd, S_EVENTS, field);
      break;
    case CLI_T_SERIES:
      if (v->kind != V_ARRAY)
        {
          fail (rd, f, name, "expected an array, got %s", val_kind (v));
          break;
        }
      if (G_STRUCT_MEMBER (GArray *, base, fd->offset) != NULL)
        g_array_unref (G_STRUCT_MEMBER (GArray *, base, fd->offset));
      G_STRUCT_MEMBER (GArray *, base, fd->offset) = g_array_new (FALSE, FALSE, sizeof (CliSample));
      push_member (rd, S_SERIES, field);
      break;
    case CLI_T_OBJECT:
      if (v->kind != V_OBJECT)
        fail (rd, f, name, "expected an object, got %s", val_kind (v));
      else
        push_record (rd, fd->target, fd->target == CLI_REC_crash ? (guint8 *) &r->crash : (guint8 *) &r->heap,
                     name, 0);
      break;
    case CLI_T_ARRAY:
      if (v->kind != V_ARRAY)
        {
          fail (rd, f, name, "expected an array, got %s", val_kind (v));
          break;
        }
      if (fd->target == CLI_REC_trace && r->traces == NULL)
        r->traces = g_array_new (FALSE, TRUE, sizeof (CliTrace));
      /* A member given twice: the last one counts. */
      g_array_set_size (cli_report_array (r, fd->target), 0);
      g = push (rd, S_ARRAY);
      g->rec = fd->target;
      g->array = name;
      break;
    }
}

static void
sample_fail (Reader *rd, const Frame *f, guint number)
{
  fail (rd, f, cli_records[f->rec].fields[f->field].name,
        "sample %u: expected [t_ns, heap bytes, stack bytes], integers >= 0", number);
}

static void
event_fail (Reader *rd, const Frame *f, guint number)
{
  fail (rd, f, cli_records[f->rec].fields[f->field].name, "event %u: expected [t_ns, \"B\" or \"E\", context id]",
        number);
}

/* A value met where the reader is. */
static void
value (Reader *rd, const Val *v)
{
  Frame *f = top (rd);
  gboolean nested = v->kind == V_OBJECT || v->kind == V_ARRAY;

  if (rd->error != NULL)
    return;
  switch (f->state)
    {
    case S_TOP:
      rd->top_kind = val_kind (v);
      if (v->kind == V_OBJECT)
        push_record (rd, CLI_REC_header, (guint8 *) rd->r, NULL, 0);
      else if (nested)
        push (rd, S_SKIP);
      break;
    case S_RECORD:
      {
        gint field = f->field;

        /* Pushing may move the stack: F is not used after. */
        f->field = -1;
        if (field >= 0)
          member_value (rd, f, field, v);
        else if (nested)
          push (rd, S_SKIP);
        break;
      }
    case S_ARRAY:
      {
        GArray *a = cli_report_array (rd->r, f->rec);
        guint i = f->count++;
        Frame at = *f;

        at.index = i;
        if (v->kind != V_OBJECT)
          {
            fail (rd, &at, NULL, "expected an object, got %s", val_kind (v));
            break;
          }
        g_array_set_size (a, i + 1);
        push_record (rd, f->rec, (guint8 *) a->data + i * cli_records[f->rec].size, f->array, i);
        break;
      }
    case S_IDS:
      {
        const CliField *fd = &cli_records[f->rec].fields[f->field];
        guint *n = &G_STRUCT_MEMBER (guint, f->base, fd->aux);

        if (v->kind != V_INT || v->i <= 0)
          fail (rd, f, fd->name, "expected an array of %s ids, element %u is %s", cli_records[fd->target].noun,
                *n, val_kind (v));
        else
          {
            g_array_append_val (rd->r->ids, v->i);
            (*n)++;
          }
        break;
      }
    case S_EVENTS:
      if (v->kind != V_ARRAY)
        event_fail (rd, f, f->count);
      else
        {
          guint number = f->count++;
          Frame *e = push_member (rd, S_EVENT, f->field);

          e->number = number;
        }
      break;
    case S_EVENT:
      {
        guint k = f->count++;

        if (k == 0 && v->kind == V_INT && v->i >= 0)
          f->event[0] = v->i;
        else if (k == 1 && v->kind == V_STRING && (strcmp (v->s, "B") == 0 || strcmp (v->s, "E") == 0))
          f->event[1] = v->s[0] == 'B';
        else if (k == 2 && v->kind == V_INT)
          f->event[2] = v->i;
        else if (k == 3 && f->event[1] == 0 && v->kind == V_INT && v->i >= 0)
          f->event[3] = v->i;
        else
          event_fail (rd, f, f->number);
        break;
      }
    case S_SERIES:
      if (v->kind != V_ARRAY)
        sample_fail (rd, f, f->count);
      else
        {
          guint number = f->count++;
          Frame *e = push_member (rd, S_SAMPLE, f->field);

          e->number = number;
        }
      break;
    case S_SAMPLE:
      {
        guint k = f->count++;

        if (k < 3 && v->kind == V_INT && v->i >= 0)
          f->event[k] = v->i;
        else
          sample_fail (rd, f, f->number);
        break;
      }
    case S_SKIP:
      if (nested)
        push (rd, S_SKIP);
      break;
    }
}

/* The end of the object or array the reader is in. */
static void
end (Reader *rd)
{
  Frame *f = top (rd);

  if (rd->error != NULL)
    return;
  if (f->state == S_RECORD && f->rec != CLI_REC_header)
    {
      const CliRecordInfo *info = &cli_records[f->rec];
      guint64 present = *CLI_PRESENT (f->rec, f->base);
      guint k;

      for (k = 0; k < info->n_fields; k++)
        if (info->fields[k].presence != CLI_OPT && !(present >> k & 1))
          {
            fail (rd, f, NULL, "no \"%s\" member", info->fields[k].name);
            return;
          }
      if (f->rec == CLI_REC_leaks)
        {
          CliLeak *l = (CliLeak *) f->base;

          /* Without "reachable" (reports older than the leak check),
           * every block still live at exit counts as leaked. */
          l->kind = l->inherited ? CLI_INHERITED : l->reachable ? CLI_REACHABLE
            : l->suppressed ? CLI_SUPPRESSED : CLI_LEAKED;
        }
    }
  else if (f->state == S_SAMPLE)
    {
      CliSample x = { f->event[0], f->event[1], f->event[2] };
      const CliField *fd = &cli_records[f->rec].fields[f->field];

      if (f->count != 3)
        {
          sample_fail (rd, f, f->number);
          return;
        }
      g_array_append_val (G_STRUCT_MEMBER (GArray *, f->base, fd->offset), x);
    }
  else if (f->state == S_EVENT)
    {
      CliEvent ev = { f->event[0], f->event[2], 0, f->event[1] == 1, f->count == 4 ? f->event[3] : -1 };
      const CliField *fd = &cli_records[f->rec].fields[f->field];

      if (f->count != 3 && f->count != 4)
        {
          event_fail (rd, f, f->number);
          return;
        }
      g_array_append_val (G_STRUCT_MEMBER (GArray *, f->base, fd->offset), ev);
    }
  g_array_set_size (rd->stack, rd->stack->len - 1);
}

/* ------------------------------------------------------ yajl's events */

static int
on_null (void *ctx)
{
  Val v = { .kind = V_NULL };

  value (ctx, &v);
  return 1;
}

static int
on_boolean (void *ctx, int b)
{
  Val v = { .kind = V_BOOL, .i = b };

  value (ctx, &v);
  return 1;
}

/* Numbers come as their text: an integer literal of at most 18 digits
 * needs no overflow check, anything else goes through strtoll/strtod. */
static int
on_number (void *ctx, const char *s, size_t len)
{
  Val v = { .kind = V_INT, .s = s, .len = len };
  gboolean neg = len > 0 && s[0] == '-';
  gsize i;

  for (i = neg; i < len && s[i] >= '0' && s[i] <= '9'; i++)
    v.i = v.i * 10 + (s[i] - '0');
  if (i == len && len - neg <= 18)
    v.i = neg ? -v.i : v.i;
  else
    {
      char buf[64];
      double d;

      g_strlcpy (buf, s, MIN (len + 1, sizeof buf));
      if (i == len)
        {
          errno = 0;
          v.i = g_ascii_strtoll (buf, NULL, 10);
          if (errno == ERANGE)
            v.kind = V_NUMBER;
        }
      else
        {
          d = g_ascii_strtod (buf, NULL);
          v.kind = V_NUMBER;
          /* Whole but beyond 64 bits (1e23) is out of range. */
          v.fractional = !(d >= 9.2e18 || d <= -9.2e18);
        }
    }
  value (ctx, &v);
  return 1;
}

static int
on_string (void *ctx, const unsigned char *s, size_t len)
{
  g_autofree char *copy = g_strndup ((const char *) s, len);
  Val v = { .kind = V_STRING, .s = copy, .len = len };

  value (ctx, &v);
  return 1;
}

static int
on_start_map (void *ctx)
{
  Val v = { .kind = V_OBJECT };

  value (ctx, &v);
  return 1;
}

static int
on_map_key (void *ctx, const unsigned char *key, size_t len)
{
  Reader *rd = ctx;
  Frame *f;

  if (rd->error != NULL)
    return 1;
  f = top (rd);
  if (f->state == S_RECORD)
    {
      const CliRecordInfo *info = &cli_records[f->rec];
      guint i, k;

      f->field = -1;
      /* Members come in the same order record after record: the one
       * after the previous is tried first. */
      for (i = 0; i < info->n_fields; i++)
        {
          k = (rd->last[f->rec] + 1 + i) % info->n_fields;
          if (strncmp (info->fields[k].name, (const char *) key, len) == 0 && info->fields[k].name[len] == '\0')
            {
              f->field = k;
              rd->last[f->rec] = k;
              break;
            }
        }
    }
  return 1;
}

static int
on_end (void *ctx)
{
  end (ctx);
  return 1;
}

static int
on_start_array (void *ctx)
{
  Val v = { .kind = V_ARRAY };

  value (ctx, &v);
  return 1;
}

static const yajl_callbacks callbacks = {
  on_null, on_boolean, NULL, NULL, on_number, on_string, on_start_map, on_map_key, on_end, on_start_array, on_end,
};

/* ------------------------------------------------- a text that is not JSON */

/* After a parse error: does the text stop inside an unfinished value?
 * Then "truncated" is the useful word, rather than the parser's message
 * about whatever token it expected next. */
static gboolean
looks_truncated (const char *data, gsize len)
{
  gsize i;
  gint64 depth = 0;
  gboolean in_string = FALSE;

  for (i = 0; i < len; i++)
    {
      char ch = data[i];

      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = FALSE;
        }
      else if (ch == '"')
        in_string = TRUE;
      else if (ch == '{' || ch == '[')
        depth++;
      else if (ch == '}' || ch == ']')
        depth--;
    }
  return in_string || depth > 0;
}

static gboolean
blank (const char *s, gsize len)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (!g_ascii_isspace (s[i]))
      return FALSE;
  return TRUE;
}

/* What is wrong with a text yajl refused (its message: WHY), said as
 * json-glib's parser says it, so that the messages stay those users and
 * scripts know. */
static void
text_error (const char *path, GByteArray *kept, const char *why, GError **error)
{
  g_autofree char *data = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  gsize len = 0;

  if (strcmp (path, "-") == 0 && kept == NULL)
    {
      /* Too large to keep: yajl's own words. */
      g_set_error (error, CLI_REPORT_ERROR, 0, "not valid JSON: %s", why);
      return;
    }
  if (kept != NULL)
    {
      len = kept->len;
      data = g_malloc (len + 1);
      if (len > 0)
        memcpy (data, kept->data, len);
      data[len] = '\0';
    }
  else if (!g_file_get_contents (path, &data, &len, NULL))
    {
      g_set_error (error, CLI_REPORT_ERROR, 0, "cannot read it again");
      return;
    }
  if (len == 0 || blank (data, len))
    g_set_error (error, CLI_REPORT_ERROR, 0, "empty file, not a memscope report");
  else if (memchr (data, '\0', len) != NULL)
    g_set_error (error, CLI_REPORT_ERROR, 0, "not JSON (the file contains NUL bytes)");
  else if (!json_parser_load_from_data (parser, data, len, &parse_error))
    {
      if (looks_truncated (data, len))
        g_set_error (error, CLI_REPORT_ERROR, 0, "truncated JSON (the text stops after %" G_GSIZE_FORMAT
                     " bytes, inside an unfinished value)", len);
      else
        g_set_error (error, CLI_REPORT_ERROR, 0, "not valid JSON: %s",
                     g_str_has_prefix (parse_error->message, "<data>:")
                     ? parse_error->message + strlen ("<data>:") : parse_error->message);
    }
  else
    g_set_error (error, CLI_REPORT_ERROR, 0, "not valid JSON: %s", why);
}

/* At most this much of standard input or a pipe is kept for text_error. */
#define KEEP_MAX (64u << 20)

/* Reads PATH ("-": standard input) through yajl; FALSE (and *WHY) when it
 * is not JSON.  What standard input, a pipe or a terminal gave is kept in
 * *KEPT, for text_error, since it cannot be read twice (up to KEEP_MAX:
 * NULL past that). */
static gboolean
parse_file (Reader *rd, const char *path, GByteArray **kept, char **why, GError **error)
{
  yajl_handle h = yajl_alloc (&callbacks, NULL, rd);
  g_autofree unsigned char *buf = g_malloc (1 << 18);
  yajl_status st = yajl_status_ok;
  struct stat sb;
  ssize_t n;
  int fd = strcmp (path, "-") == 0 ? dup (STDIN_FILENO) : g_open (path, O_RDONLY, 0);

  /* Comments are no JSON, but json-glib took them. */
  yajl_config (h, yajl_allow_comments, 1);
  if (fd < 0 || fstat (fd, &sb) < 0 || S_ISDIR (sb.st_mode))
    {
      int err = fd < 0 ? errno : S_ISDIR (sb.st_mode) ? EISDIR : errno;

      g_set_error (error, CLI_REPORT_ERROR, 0, "cannot read: %s",
                   err == ENOENT ? "no such file" : err == EACCES ? "permission denied"
                   : err == EISDIR ? "is a directory" : g_strerror (err));
      if (fd >= 0)
        close (fd);
      yajl_free (h);
      return TRUE;
    }
  if (!S_ISREG (sb.st_mode) || strcmp (path, "-") == 0)
    *kept = g_byte_array_new ();
  while (st == yajl_status_ok && (n = read (fd, buf, 1 << 18)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, CLI_REPORT_ERROR, 0, "cannot read: %s", g_strerror (errno));
          close (fd);
          yajl_free (h);
          return TRUE;
        }
      if (*kept != NULL && (*kept)->len + (gsize) n > KEEP_MAX)
        g_clear_pointer (kept, g_byte_array_unref);
      if (*kept != NULL)
        g_byte_array_append (*kept, buf, (guint) n);
      st = yajl_parse (h, buf, n);
    }
  close (fd);
  if (st == yajl_status_ok)
    st = yajl_complete_parse (h);
  if (st != yajl_status_ok || rd->top_kind == NULL)
    {
      unsigned char *msg = yajl_get_error (h, 0, NULL, 0);

      *why = g_strstrip (g_strdup ((char *) msg));
      yajl_free_error (h, msg);
      yajl_free (h);
      return FALSE;
    }
  yajl_free (h);
  return TRUE;
}

/* ------------------------------------------------ once the text is read */

/* Where each id of one list is.  The runtime numbers every list 1..n, so
 * an array indexed by id answers; other ids (hand-edited reports) go to a
 * hash table.  Values are index + 1, 0 for none. */
typedef struct
{
  guint n;
  guint *dense;                 /* ids 1..n */
  GHashTable *sparse;           /* other ids, created when first needed */
} IdMap;

static guint
idmap_get (const IdMap *m, gint64 id)
{
  if (id > 0 && id <= m->n)
    return m->dense[id];
  if (m->sparse == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (m->sparse, &id));
}

static void
idmap_clear (IdMap *m)
{
  g_free (m->dense);
  if (m->sparse != NULL)
    g_hash_table_destroy (m->sparse);
}

/* The ids of REC's list, each once. */
static void
index_ids (Reader *rd, CliRecord rec, IdMap *m)
{
  GArray *a = cli_report_array (rd->r, rec);
  gsize size = cli_records[rec].size;
  guint i;

  m->n = a->len;
  m->dense = g_new0 (guint, a->len + 1);
  m->sparse = NULL;
  for (i = 0; i < a->len && rd->error == NULL; i++)
    {
      /* The id is every record's first member. */
      gint64 id = *(gint64 *) (a->data + i * size);
      Frame at = { .rec = rec, .array = cli_records[rec].name, .index = i };

      if (idmap_get (m, id) != 0)
        fail (rd, &at, cli_records[rec].fields[0].name, "id %" G_GINT64_FORMAT " is used twice", id);
      else if (id > 0 && id <= m->n)
        m->dense[id] = i + 1;
      else
        {
          if (m->sparse == NULL)
            m->sparse = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_insert (m->sparse, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (i + 1));
        }
    }
}

/* Every REF member of the records of REC (one record at BASE when the
 * record is an object) becomes an index; IDS lists point into the pool. */
static void
resolve_record (Reader *rd, CliRecord rec, guint8 *base, guint n, IdMap *maps)
{
  const CliRecordInfo *info = &cli_records[rec];
  guint i, k;

  for (i = 0; i < n && rd->error == NULL; i++)
    {
      guint8 *p = base + i * info->size;
      Frame at = { .rec = rec, .array = info->name, .index = i };

      for (k = 0; k < info->n_fields && rd->error == NULL; k++)
        {
          const CliField *fd = &info->fields[k];

          if (fd->type == CLI_T_REF)
            {
              gint64 id = G_STRUCT_MEMBER (gint64, p, fd->offset);
              guint v = id != 0 ? idmap_get (&maps[fd->target], id) : 0;

              if (id != 0 && v == 0)
                fail (rd, &at, fd->name, "no %s has id %" G_GINT64_FORMAT, cli_records[fd->target].noun, id);
              G_STRUCT_MEMBER (gint, p, fd->aux) = (gint) v - 1;
            }
          else if (fd->type == CLI_T_IDS)
            {
              gsize at_pool = GPOINTER_TO_SIZE (G_STRUCT_MEMBER (gint64 *, p, fd->offset));

              G_STRUCT_MEMBER (gint64 *, p, fd->offset) = G_STRUCT_MEMBER (guint, p, fd->aux) > 0
                ? &g_array_index (rd->r->ids, gint64, at_pool) : NULL;
            }
          else if (fd->type == CLI_T_EVENTS && G_STRUCT_MEMBER (GArray *, p, fd->offset) != NULL)
            {
              GArray *ev = G_STRUCT_MEMBER (GArray *, p, fd->offset);
              guint e;

              for (e = 0; e < ev->len && rd->error == NULL; e++)
                {
                  CliEvent *x = &g_array_index (ev, CliEvent, e);
                  guint c = idmap_get (&maps[fd->target], x->context_id);

                  if (c == 0)
                    fail (rd, &at, fd->name, "no %s has id %" G_GINT64_FORMAT, cli_records[fd->target].noun,
                          x->context_id);
                  x->context = c - 1;
                }
            }
        }
    }
}

/* Depth of every context; a parent chain that loops is an error.  Each
 * context is walked at most once (state 2 = done), so this is linear. */
static void
compute_depths (Reader *rd)
{
  CliReport *r = rd->r;
  guint n = r->contexts->len;
  g_autofree guint8 *state = g_new0 (guint8, n);
  g_autofree guint *chain = g_new (guint, n);
  guint i;

  for (i = 0; i < n; i++)
    {
      guint len = 0, depth;
      gint c = i;

      while (c >= 0 && state[c] == 0)
        {
          state[c] = 1;
          chain[len++] = c;
          c = CLI_CONTEXT (r, c)->parent;
        }
      if (c >= 0 && state[c] == 1)
        {
          Frame at = { .rec = CLI_REC_contexts, .array = cli_records[CLI_REC_contexts].name, .index = c };

          fail (rd, &at, cli_records[CLI_REC_contexts].fields[CLI_F_contexts_parent].name, "the parent chain of context %" G_GINT64_FORMAT " loops", CLI_CONTEXT (r, c)->id);
          return;
        }
      depth = c >= 0 ? CLI_CONTEXT (r, c)->depth + 1 : 0;
      while (len > 0)
        {
          guint k = chain[--len];

          CLI_CONTEXT (r, k)->depth = depth++;
          state[k] = 2;
        }
    }
}

static char *
site_key (gint context, const char *file, gint64 line, const char *function)
{
  return g_strdup_printf ("%d\037%s\037%" G_GINT64_FORMAT "\037%s", context, file ? file : "", line,
                          function ? function : "");
}

static CliReport *site_report;

static int
site_by_bytes (gconstpointer a, gconstpointer b)
{
  const CliSite *x = CLI_SITE (site_report, *(const guint *) a);
  const CliSite *y = CLI_SITE (site_report, *(const guint *) b);

  if (x->bytes != y->bytes)
    return x->bytes > y->bytes ? -1 : 1;
  if (x->allocations != y->allocations)
    return x->allocations > y->allocations ? -1 : 1;
  return *(const guint *) a < *(const guint *) b ? -1 : 1;
}

/* Each context's allocator calls, most bytes first, and the bytes of
 * each that leaked. */
static void
link_sites (CliReport *r)
{
  guint n = r->sites->len, i;
  g_autofree guint *order = g_new (guint, n + 1);
  g_autoptr (GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  r->first_outside_site = -1;
  for (i = 0; i < r->contexts->len; i++)
    CLI_CONTEXT (r, i)->first_site = -1;
  for (i = 0; i < n; i++)
    {
      CliSite *s = CLI_SITE (r, i);

      order[i] = i;
      s->next_in_context = -1;
      g_hash_table_insert (index, site_key (s->context, s->file, s->line, s->function), GUINT_TO_POINTER (i + 1));
    }
  site_report = r;
  qsort (order, n, sizeof *order, site_by_bytes);
  for (i = n; i-- > 0;)
    {
      CliSite *s = CLI_SITE (r, order[i]);
      gint *head = s->context >= 0 ? &CLI_CONTEXT (r, s->context)->first_site : &r->first_outside_site;

      s->next_in_context = *head;
      *head = order[i];
      if (s->file != NULL)
        {
          r->has_sites = TRUE;
          if (s->context >= 0)
            CLI_CONTEXT (r, s->context)->known_site = TRUE;
        }
    }
  for (i = 0; i < r->leaks->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, i);
      g_autofree char *key = NULL;
      gpointer at;

      if (l->kind != CLI_LEAKED)
        continue;
      key = site_key (l->context, l->site_file, l->site_line, l->site_function);
      at = g_hash_table_lookup (index, key);
      if (at != NULL)
        CLI_SITE (r, GPOINTER_TO_UINT (at) - 1)->leak_bytes += l->bytes;
    }
}

/* What the commands ask of a report as a whole. */
static void
derive (CliReport *r)
{
  gboolean context_heap = FALSE;
  guint i;

  for (i = 0; i < r->contexts->len; i++)
    {
      const CliContext *c = CLI_CONTEXT (r, i);

      context_heap |= CLI_HAS (c, contexts, heap_allocations) || CLI_HAS (c, contexts, heap_bytes)
        || CLI_HAS (c, contexts, heap_live_bytes) || CLI_HAS (c, contexts, heap_peak_bytes);
      r->has_context_threads |= CLI_HAS (c, contexts, threads);
    }
  for (i = 0; i < r->leaks->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, i);

      if (l->context >= 0 && l->kind == CLI_LEAKED)
        CLI_CONTEXT (r, l->context)->leak_bytes += l->bytes;
    }
  link_sites (r);
  r->heap_off = CLI_HAS (r, header, heap) && !r->heap.enabled;
  /* Heap tracking switched off: its zeroed fields mean nothing. */
  r->has_heap = !r->heap_off && (context_heap || CLI_HAS (r, header, leaks) || CLI_HAS (r, header, heap));
}

/* The checks that need the whole report, in the order their messages
 * take precedence. */
static void
check (Reader *rd)
{
  static const CliRecord lists[] = { CLI_REC_threads, CLI_REC_scopes, CLI_REC_variables, CLI_REC_contexts };
  const CliField *header = cli_records[CLI_REC_header].fields;
  CliReport *r = rd->r;
  g_autoptr (GError) body = g_steal_pointer (&rd->error);
  IdMap maps[CLI_N_RECORDS] = { { 0 } };
  guint i, k;

  if (strcmp (rd->top_kind, "an object") != 0)
    {
      g_set_error (&rd->error, CLI_REPORT_ERROR, 0, "not a memscope report (the JSON text is %s, not an object)",
                   rd->top_kind);
      return;
    }
  if (rd->format == NULL)
    fail (rd, NULL, header[CLI_F_header_format].name, "missing: not a memscope report");
  else if (strcmp (rd->format, "memscope") != 0)
    fail (rd, NULL, header[CLI_F_header_format].name, "\"%s\", not a memscope report", rd->format);
  else if (!CLI_HAS (r, header, version))
    fail (rd, NULL, header[CLI_F_header_version].name, "missing or not an integer");
  else if (r->version != MS_REPORT_VERSION)
    fail (rd, NULL, header[CLI_F_header_version].name, "%" G_GINT64_FORMAT " is not supported (this memscope reads version %d)",
          r->version, MS_REPORT_VERSION);
  if (rd->error == NULL && body != NULL)
    rd->error = g_steal_pointer (&body);
  for (k = 0; k < cli_records[CLI_REC_header].n_fields && rd->error == NULL; k++)
    if (cli_records[CLI_REC_header].fields[k].presence == CLI_REQ && !(r->present >> k & 1))
      fail (rd, NULL, cli_records[CLI_REC_header].fields[k].name,
            "missing (a memscope report has \"threads\", \"scopes\", \"variables\" and \"contexts\" arrays)");
  for (i = 0; i < G_N_ELEMENTS (lists) && rd->error == NULL; i++)
    index_ids (rd, lists[i], &maps[lists[i]]);
  if (rd->error == NULL)
    {
      if (CLI_HAS (r, header, crash))
        resolve_record (rd, CLI_REC_crash, (guint8 *) &r->crash, 1, maps);
      for (i = 0; i < CLI_N_RECORDS; i++)
        {
          GArray *a = cli_report_array (r, i);

          if (a != NULL)
            resolve_record (rd, i, (guint8 *) a->data, a->len, maps);
        }
    }
  for (i = 0; i < CLI_N_RECORDS; i++)
    if (maps[i].dense != NULL)
      idmap_clear (&maps[i]);
  if (rd->error == NULL)
    compute_depths (rd);
  if (rd->error == NULL)
    derive (r);
}

/* An empty report, read from @path (or NULL). */
CliReport *
cli_report_new (const char *path)
{
  CliReport *r = g_new0 (CliReport, 1);

  r->path = g_strdup (path);
  r->strings = g_string_chunk_new (4096);
  r->inputs = g_array_new (FALSE, TRUE, sizeof (CliInput));
  r->threads = g_array_new (FALSE, TRUE, sizeof (CliThread));
  r->scopes = g_array_new (FALSE, TRUE, sizeof (CliScope));
  r->vars = g_array_new (FALSE, TRUE, sizeof (CliVar));
  r->contexts = g_array_new (FALSE, TRUE, sizeof (CliContext));
  r->leaks = g_array_new (FALSE, TRUE, sizeof (CliLeak));
  r->sites = g_array_new (FALSE, TRUE, sizeof (CliSite));
  r->peaks = g_array_new (FALSE, TRUE, sizeof (CliPeak));
  r->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  r->first_root = -1;
  r->first_outside_site = -1;
  r->version = MS_REPORT_VERSION;
  record_init (CLI_REC_crash, (guint8 *) &r->crash);
  record_init (CLI_REC_heap, (guint8 *) &r->heap);
  return r;
}

const char *
cli_report_intern (CliReport *r, const char *s)
{
  return s != NULL ? g_string_chunk_insert (r->strings, s) : NULL;
}

CliReport *
cli_report_load (const char *path, GError **error)
{
  static gboolean stdin_read;
  g_autoptr (CliReport) r = NULL;
  g_autofree char *why = NULL;
  g_autoptr (GByteArray) kept = NULL;
  Reader rd = { .stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 16) };
  GError *file_error = NULL;

  if (strcmp (path, "-") == 0)
    {
      if (stdin_read)
        {
          g_array_unref (rd.stack);
          g_set_error (error, CLI_REPORT_ERROR, 0, "standard input is read once: give - for one report only");
          return NULL;
        }
      stdin_read = TRUE;
    }
  r = rd.r = cli_report_new (path);
  memset (rd.last, 0xff, sizeof rd.last);
  push (&rd, S_TOP);
  if (!parse_file (&rd, path, &kept, &why, &file_error))
    {
      g_array_unref (rd.stack);
      g_clear_error (&rd.error);
      text_error (path, kept, why, error);
      return NULL;
    }
  g_array_unref (rd.stack);
  if (file_error != NULL)
    {
      g_propagate_error (error, file_error);
      return NULL;
    }
  check (&rd);
  if (rd.error != NULL)
    {
      g_propagate_error (error, rd.error);
      return NULL;
    }
  return g_steal_pointer (&r);
}

CliReport *
cli_report_load_or_exit (const char *path)
{
  g_autoptr (GError) error = NULL;
  CliReport *r = cli_report_load (path, &error);

  if (r == NULL)
    {
      fflush (stdout);
      fprintf (stderr, "memscope: %s: %s\n", path, error->message);
      exit (CLI_EXIT_BAD_INPUT);
    }
  return r;
}

void
cli_report_free (CliReport *r)
{
  guint i;

  if (r == NULL)
    return;
  for (i = 0; r->traces != NULL && i < r->traces->len; i++)
    if (g_array_index (r->traces, CliTrace, i).events != NULL)
      g_array_unref (g_array_index (r->traces, CliTrace, i).events);
  if (r->traces != NULL)
    g_array_unref (r->traces);
  for (i = 0; i < r->threads->len; i++)
    if (CLI_THREAD (r, i)->heap_series != NULL)
      g_array_unref (CLI_THREAD (r, i)->heap_series);
  g_array_unref (r->inputs);
  g_array_unref (r->threads);
  g_array_unref (r->scopes);
  g_array_unref (r->vars);
  g_array_unref (r->contexts);
  g_array_unref (r->leaks);
  g_array_unref (r->sites);
  g_array_unref (r->peaks);
  g_array_unref (r->ids);
  g_string_chunk_free (r->strings);
  g_free (r->path);
  g_free (r);
}

static CliReport *sort_report;
static gboolean sort_by_stack;

/* Biggest peak (or real stack used) first, then by id, so every listing
 * is stable. */
static int
by_peak_then_id (gconstpointer a, gconstpointer b)
{
  const CliContext *x = CLI_CONTEXT (sort_report, *(const guint *) a);
  const CliContext *y = CLI_CONTEXT (sort_report, *(const guint *) b);
  gint64 vx = sort_by_stack ? x->stack_used_peak : x->peak_memory;
  gint64 vy = sort_by_stack ? y->stack_used_peak : y->peak_memory;

  if (vx != vy)
    return vx > vy ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* The child lists, siblings ordered by peak, or with BY_STACK by the real
 * stack they used (stack_used_peak). */
static void
link_children (CliReport *r, gboolean by_stack)
{
  guint n = r->contexts->len, i;
  g_autofree guint *order = g_new (guint, n + 1);

  for (i = 0; i < n; i++)
    {
      order[i] = i;
      CLI_CONTEXT (r, i)->first_child = CLI_CONTEXT (r, i)->next_sibling = -1;
    }
  sort_report = r;
  sort_by_stack = by_stack;
  qsort (order, n, sizeof *order, by_peak_then_id);
  r->first_root = -1;
  /* Prepending in reverse sorted order leaves every list sorted. */
  for (i = n; i-- > 0;)
    {
      CliContext *c = CLI_CONTEXT (r, order[i]);
      gint *head = c->parent >= 0 ? &CLI_CONTEXT (r, c->parent)->first_child : &r->first_root;

      c->next_sibling = *head;
      *head = order[i];
    }
}

void
cli_report_sort_tree (CliReport *r, gboolean by_stack)
{
  cli_report_link_tree (r);
  link_children (r, by_stack);
}

/* Child lists in display order, and subtree sums for the heap: what the
 * tree walks (tree, top, export, merge) need, and the summary does not. */
void
cli_report_link_tree (CliReport *r)
{
  guint n = r->contexts->len, i;
  g_autofree guint *by_depth = g_new (guint, n + 1);
  g_autofree guint *count = NULL;
  guint max_depth = 0;

  if (r->linked)
    return;
  r->linked = TRUE;
  for (i = 0; i < n; i++)
    {
      CliContext *c = CLI_CONTEXT (r, i);

      c->incl_heap_allocations = c->heap_allocations;
      c->incl_heap_bytes = c->heap_bytes;
      c->incl_heap_live_bytes = c->heap_live_bytes;
      c->incl_leak_bytes = c->leak_bytes;
      max_depth = MAX (max_depth, c->depth);
    }
  link_children (r, FALSE);
  /* Deepest first (a counting sort by depth), adding into parents. */
  count = g_new0 (guint, max_depth + 2);
  for (i = 0; i < n; i++)
    count[CLI_CONTEXT (r, i)->depth + 1]++;
  for (i = 1; i <= max_depth + 1; i++)
    count[i] += count[i - 1];
  for (i = 0; i < n; i++)
    by_depth[count[CLI_CONTEXT (r, i)->depth]++] = i;
  for (i = n; i-- > 0;)
    {
      CliContext *c = CLI_CONTEXT (r, by_depth[i]);

      if (c->parent >= 0)
        {
          CliContext *p = CLI_CONTEXT (r, c->parent);

          p->incl_heap_allocations += c->incl_heap_allocations;
          p->incl_heap_bytes += c->incl_heap_bytes;
          p->incl_heap_live_bytes += c->incl_heap_live_bytes;
          p->incl_leak_bytes += c->incl_leak_bytes;
        }
    }
}

const char *
cli_str (const char *s)
{
  return s != NULL ? s : "?";
}

/* "checksum" for a function, "{block@29} in area" for a block. */
char *
cli_scope_label (const CliReport *r, guint scope)
{
  const CliScope *s = CLI_SCOPE (r, scope);

  if (s->function != NULL && g_strcmp0 (s->function, s->name) != 0)
    return g_strdup_printf ("%s in %s", cli_str (s->name), s->function);
  return g_strdup (cli_str (s->name));
}

char *
cli_scope_location (const CliReport *r, guint scope)
{
  const CliScope *s = CLI_SCOPE (r, scope);

  if (s->file == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, s->file, s->line);
}

char *
cli_var_label (const CliReport *r, guint var)
{
  const CliVar *v = CLI_VAR (r, var);

  return g_strdup_printf ("%s %s", cli_str (v->type), cli_str (v->name));
}

/* An allocator call as LeakSanitizer names a frame: "push leaklist.c:18";
 * "strdup (not instrumented)" for a call outside instrumented code, by
 * the symbol of its function; "(not in instrumented code)" when the
 * report has none. */
char *
cli_site_label (const CliSite *s)
{
  if (s->file == NULL && s->function != NULL)
    return g_strdup_printf ("%s (not instrumented)", s->function);
  if (s->file == NULL)
    return g_strdup ("(not in instrumented code)");
  return g_strdup_printf ("%s %s:%" G_GINT64_FORMAT, cli_str (s->function), s->file, s->line);
}

/* Scope names from the root down to CTX, joined by SEP. */
char *
cli_context_path (const CliReport *r, guint ctx, const char *sep)
{
  const CliContext *c = CLI_CONTEXT (r, ctx);
  g_autofree const char **names = g_new (const char *, c->depth + 2);
  gint i = c->depth + 1, k = ctx;

  names[i] = NULL;
  while (k >= 0)
    {
      names[--i] = cli_str (CLI_SCOPE (r, CLI_CONTEXT (r, k)->scope)->name);
      k = CLI_CONTEXT (r, k)->parent;
    }
  return g_strjoinv (sep, (char **) names);
}

void
cli_report_leak_totals (const CliReport *r, CliLeakTotals *t)
{
  guint i;

  memset (t, 0, sizeof *t);
  for (i = 0; i < r->leaks->len; i++)
    {
      const CliLeak *l = CLI_LEAK (r, i);

      t->bytes[l->kind] += l->bytes;
      t->blocks[l->kind] += l->blocks;
    }
}

/* Ids are 1..n in order in the runtime's reports and in merged ones, so
 * the id is usually the index; anything else is searched for. */
gint
cli_report_thread_index (const CliReport *r, gint64 id)
{
  guint i;

  if (id > 0 && id <= r->threads->len && CLI_THREAD (r, id - 1)->id == id)
    return id - 1;
  for (i = 0; i < r->threads->len; i++)
    if (CLI_THREAD (r, i)->id == id)
      return i;
  return -1;
}

/* Pushes the sibling list starting at FIRST so that the first pops first: appended in list
 * order, then that run reversed (inserting each at the same spot would
 * move the others every time, quadratic in a wide tree). */
void
cli_push_children (const CliReport *r, GArray *stack, gint first)
{
  guint from = stack->len, to;
  gint c;

  for (c = first; c >= 0; c = CLI_CONTEXT (r, c)->next_sibling)
    g_array_append_val (stack, c);
  for (to = stack->len; from + 1 < to; from++, to--)
    {
      gint tmp = g_array_index (stack, gint, from);

      g_array_index (stack, gint, from) = g_array_index (stack, gint, to - 1);
      g_array_index (stack, gint, to - 1) = tmp;
    }
}

/* ------------------------------------------------------------- ranking */

typedef struct
{
  GCompareDataFunc cmp;
  gconstpointer data;
} Ranker;

static int
rank_cmp (const Ranker *k, guint a, guint b)
{
  return k->cmp (&a, &b, (gpointer) k->data);
}

/* A heap whose root is the worst index kept so far. */
static void
sift_down (const Ranker *k, guint *heap, guint n, guint at)
{
  for (;;)
    {
      guint worst = at, l = 2 * at + 1, r = l + 1, tmp;

      if (l < n && rank_cmp (k, heap[l], heap[worst]) > 0)
        worst = l;
      if (r < n && rank_cmp (k, heap[r], heap[worst]) > 0)
        worst = r;
      if (worst == at)
        return;
      tmp = heap[at];
      heap[at] = heap[worst];
      heap[worst] = tmp;
      at = worst;
    }
}

static void
sift_up (const Ranker *k, guint *heap, guint at)
{
  while (at > 0 && rank_cmp (k, heap[at], heap[(at - 1) / 2]) > 0)
    {
      guint parent = (at - 1) / 2, tmp = heap[at];

      heap[at] = heap[parent];
      heap[parent] = tmp;
      at = parent;
    }
}

/* Indices 0..n-1 that KEEP accepts (all when NULL), in CMP order (CMP gets
 * pointers to two guint indices and DATA), the first LIMIT of them (0: all).
 * A summary wants the top 10 of 100,000 contexts: a bounded heap does that
 * in O(n log LIMIT) instead of sorting everything. */
GArray *
cli_rank (guint n, gboolean (*keep) (gconstpointer data, guint i), GCompareDataFunc cmp,
         gconstpointer data, guint limit)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint));
  Ranker k = { cmp, data };
  guint i;

  for (i = 0; i < n; i++)
    {
      guint *heap;

      if (keep != NULL && !keep (data, i))
        continue;
      if (limit == 0 || a->len < limit)
        {
          g_array_append_val (a, i);
          if (limit > 0)
            sift_up (&k, (guint *) a->data, a->len - 1);
          continue;
        }
      heap = (guint *) a->data;
      if (rank_cmp (&k, i, heap[0]) < 0)
        {
          heap[0] = i;
          sift_down (&k, heap, a->len, 0);
        }
    }
  g_array_sort_with_data (a, cmp, (gpointer) data);
  return a;
}

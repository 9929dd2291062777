/* report.c: the JSON report and the human summary.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The report's members are those of report-fields.def, and only those:
 * each is written through its entry there (MsField), which gives its name
 * and its type, so a member the table does not list cannot be written.
 * It reads the registry's records as they are, those made by hand
 * through the C API (kind "manual") among the others, by their ids.
 *
 * The text is written directly, element by element, into one string: no
 * JSON library is loaded, so an instrumented program links and loads
 * nothing beyond GLib, at start-up or at exit.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "crash.h"
#include "options.h"
#include "output.h"
#include "report.h"
#include "snapshot.h"
#include "report-fields.def"

typedef enum
{
  T_UINT, T_ID, T_REF, T_IDS, T_STR, T_ADDR, T_BOOL, T_EVENTS, T_SERIES, T_OBJECT, T_ARRAY, T_MAGIC, T_VERSION,
} FieldType;

typedef enum
{
#define FIELD_ENUM(rec, name, type, ...) F_##rec##_##name,
  MS_REPORT_FIELDS (FIELD_ENUM)
#undef FIELD_ENUM
  N_FIELDS
} MsField;

static const struct
{
  const char *name;
  FieldType type;
} fields[N_FIELDS] = {
#define FIELD_INFO(rec, name, type, ...) { #name, T_##type },
  MS_REPORT_FIELDS (FIELD_INFO)
#undef FIELD_INFO
};

/* The member F of record R. */
#define F(r, name) F_##r##_##name

/* ---- the emitter ------------------------------------------------------------
 *
 * One growing buffer; every member is a key of known length copied from
 * the table (comma, quoted name, colon; the comma skipped for an object's
 * first member), then its value: integers by a formatter of our own,
 * strings escaped in one pass.  Nothing is allocated per record, and room
 * is checked once per member: the report of a big program has millions
 * of members, and a printf for each was most of what a short program
 * paid at exit. */

/* Room enough for any member but a string's text: the longest key, a
 * 20-digit integer, quotes and brackets. */
#define OUT_MEMBER_ROOM 96

/* Bytes rendered before they are written out. */
#define OUT_BUFFER (256 * 1024)

static const struct
{
  const char *key;             /* ,"name": */
  guint8 key_len;
} keys[N_FIELDS] = {
#define FIELD_KEY(rec, name, type, ...) { ",\"" #name "\":", sizeof (",\"" #name "\":") - 1 },
  MS_REPORT_FIELDS (FIELD_KEY)
#undef FIELD_KEY
};

/* The text so far, and whether the object or array being written has an
 * element yet (one flag per level of nesting). */
typedef struct
{
  char *buf;
  gsize len, cap;
  gboolean started[8];
  guint level;
  MsOutput *sink;              /* where a full buffer goes */
} Out;

/* The buffer is written out when full, and grows only for a piece larger
 * than itself: a report of many megabytes never sits in memory whole. */
G_GNUC_NO_INLINE static void
out_grow (Out *o, gsize room)
{
  if (o->len > 0)
    {
      ms_output_append (o->sink, o->buf, o->len);
      o->len = 0;
    }
  if (o->cap < room)
    {
      o->cap = room;
      o->buf = g_realloc (o->buf, o->cap);
    }
}

/* Where the next @room bytes go; the caller sets o->len past what it wrote. */
static inline char *
out_room (Out *o, gsize room)
{
  if (G_UNLIKELY (o->cap - o->len < room))
    out_grow (o, room);
  return o->buf + o->len;
}

static inline void
out_raw (Out *o, const char *text, gsize len)
{
  memcpy (out_room (o, len), text, len);
  o->len += len;
}

#define out_lit(o, literal) out_raw ((o), (literal), sizeof (literal) - 1)

static inline void
out_char (Out *o, char c)
{
  *out_room (o, 1) = c;
  o->len++;
}

static inline void
out_open (Out *o, char bracket)
{
  out_char (o, bracket);
  o->started[++o->level] = FALSE;
}

static inline void
out_close (Out *o, char bracket)
{
  out_char (o, bracket);
  o->level--;
}

static inline void
out_comma (Out *o)
{
  if (o->started[o->level])
    out_char (o, ',');
  o->started[o->level] = TRUE;
}

static const char digit_pairs[201] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

/* @v in decimal at @p (room for 20 digits); returns the end. */
static inline char *
format_u64 (char *p, guint64 v)
{
  guint n = 1;
  char *end;

  if (v < 10)
    {
      *p = (char) ('0' + v);
      return p + 1;
    }
  for (guint64 w = v; w >= 10; w /= 10)
    n++;
  end = p + n;
  p = end;
  while (v >= 100)
    {
      p -= 2;
      memcpy (p, digit_pairs + 2 * (v % 100), 2);
      v /= 100;
    }
  if (v >= 10)
    memcpy (p - 2, digit_pairs + 2 * v, 2);
  else
    p[-1] = (char) ('0' + v);
  return end;
}

/* The member's key, after a comma unless it is the first; returns where
 * its value goes, with OUT_MEMBER_ROOM - key length bytes of room. */
G_ALWAYS_INLINE static inline char *
out_key_at (Out *o, MsField f, FieldType type)
{
  char *p = out_room (o, OUT_MEMBER_ROOM);

  g_assert (fields[f].type == type);
  /* The comma is always written, then overwritten by the key when the
   * member is the first: a copy of constant length either way. */
  *p = ',';
  p += o->started[o->level];
  o->started[o->level] = TRUE;
  memcpy (p, keys[f].key + 1, keys[f].key_len - 1);
  return p + keys[f].key_len - 1;
}

/* The bytes up to @end are written. */
static inline void
out_done (Out *o, const char *end)
{
  o->len = (gsize) (end - o->buf);
}

G_ALWAYS_INLINE static inline void
out_key (Out *o, MsField f, FieldType type)
{
  out_done (o, out_key_at (o, f, type));
}

static void out_string (Out *o, const char *s);

/* The text of a string that is not valid UTF-8, with each invalid
 * sequence replaced by U+FFFD. */
G_GNUC_NO_INLINE static void
out_string_invalid (Out *o, const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);

  out_string (o, valid);
}

/* A JSON string: '"', '\\' and control characters escaped, in one pass
 * over the text; the rare text with a byte above 0x7f is checked for
 * valid UTF-8 once. */
static void
out_string (Out *o, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  gsize n = strlen (s);
  const unsigned char *q = (const unsigned char *) s, *end = q + n;
  char *p = out_room (o, 6 * n + 2);
  gsize at = o->len;           /* after out_room, which may write the buffer out */
  gboolean checked = FALSE;

  *p++ = '"';
  for (; q < end; q++)
    {
      unsigned char c = *q;

      if (G_LIKELY (c >= 0x20 && c < 0x80 && c != '"' && c != '\\'))
        *p++ = (char) c;
      else if (c >= 0x80)
        {
          if (!checked && !g_utf8_validate (s, (gssize) n, NULL))
            {
              o->len = at;
              out_string_invalid (o, s);
              return;
            }
          checked = TRUE;
          *p++ = (char) c;
        }
      else if (c == '"' || c == '\\')
        {
          *p++ = '\\';
          *p++ = (char) c;
        }
      else
        {
          memcpy (p, "\\u00", 4);
          p[4] = hex[c >> 4];
          p[5] = hex[c & 15];
          p += 6;
        }
    }
  *p++ = '"';
  out_done (o, p);
}

G_ALWAYS_INLINE static inline void
put_uint (Out *o, MsField f, guint64 value)
{
  out_done (o, format_u64 (out_key_at (o, f, fields[f].type == T_ID ? T_ID : T_UINT), value));
}

G_ALWAYS_INLINE static inline void
put_ref (Out *o, MsField f, guint64 id)
{
  char *p = out_key_at (o, f, T_REF);

  if (id)
    p = format_u64 (p, id);
  else
    {
      memcpy (p, "null", 4);
      p += 4;
    }
  out_done (o, p);
}

G_ALWAYS_INLINE static inline void
put_str (Out *o, MsField f, const char *value)
{
  char *p = out_key_at (o, f, T_STR);

  if (value)
    {
      out_done (o, p);
      out_string (o, value);
      return;
    }
  memcpy (p, "null", 4);
  out_done (o, p + 4);
}

G_ALWAYS_INLINE static inline void
put_bool (Out *o, MsField f, gboolean value)
{
  char *p = out_key_at (o, f, T_BOOL);

  /* "true" and "fals", then the 'e' that ends both */
  memcpy (p, value ? "true" : "fals", 4);
  p += 4 + !value;
  p[-1] = 'e';
  out_done (o, p);
}

static void
put_addr (Out *o, MsField f, guintptr addr)
{
  char *p = out_key_at (o, f, T_ADDR);

  if (addr)
    {
      char digits[16];
      guint n = 0;

      for (; addr != 0; addr >>= 4)
        digits[n++] = "0123456789abcdef"[addr & 15];
      memcpy (p, "\"0x", 3);
      p += 3;
      while (n > 0)
        *p++ = digits[--n];
      *p++ = '"';
    }
  else
    {
      memcpy (p, "null", 4);
      p += 4;
    }
  out_done (o, p);
}

/* An array member of ids; put_id adds one. */
static inline void
put_ids_begin (Out *o, MsField f)
{
  out_key (o, f, T_IDS);
  out_open (o, '[');
}

static inline void
put_id (Out *o, guint64 id)
{
  char *p = out_room (o, 24);

  *p = ',';
  p += o->started[o->level];
  o->started[o->level] = TRUE;
  out_done (o, format_u64 (p, id));
}

/* A member that is an array of records, or one record; each record is
 * written between record_begin and record_end. */
static inline void
put_array_begin (Out *o, MsField f)
{
  out_key (o, f, T_ARRAY);
  out_open (o, '[');
}

static inline void
put_object_begin (Out *o, MsField f)
{
  out_key (o, f, T_OBJECT);
  out_open (o, '{');
}

static inline void
record_begin (Out *o)
{
  out_comma (o);
  out_open (o, '{');
}

static inline void
record_end (Out *o)
{
  out_close (o, '}');
}

/* Where the compiled code keeps it, over the instances that ran: in memory
 * if any did. */
static const char *
var_storage (const MsVarSite *v)
{
  if (v->counted_somewhere || (v->storage_flags & MEMSCOPE_VAR_IN_FRAME))
    return "stack";
  if (v->storage_flags & MEMSCOPE_VAR_REGISTER)
    return "register";
  return "optimized out";
}

static const char *
var_kind (const MsVarSite *v)
{
  const __memscope_var_desc *d = v->desc;

  if (v->manual)
    return "manual";
  if (d->flags & MEMSCOPE_VAR_PARAM)
    return "param";
  if (d->flags & MEMSCOPE_VAR_VLA)
    return "vla";
  if (d->flags & MEMSCOPE_VAR_ALLOCA)
    return "alloca";
  return "local";
}

/* An element [a,b,c] of the array being written. */
static void
put_triple (Out *o, guint64 a, guint64 b, guint64 c)
{
  char *p;

  out_comma (o);
  p = out_room (o, OUT_MEMBER_ROOM);
  *p++ = '[';
  p = format_u64 (p, a);
  *p++ = ',';
  p = format_u64 (p, b);
  *p++ = ',';
  p = format_u64 (p, c);
  *p++ = ']';
  out_done (o, p);
}

/* A thread's heap over time; the last sample is now (or its end), so
 * that a graph reaches the report. */
static void
put_series (Out *o, const MsSnapshot *snap, const MsThreadRec *t)
{
  const MsSeries *se = t->heap_series;
  guint64 live = ms_rec_current (t), stack = 0;
  guint i;

  out_key (o, F (threads, heap_series), T_SERIES);
  out_open (o, '[');
  for (i = 0; i < se->len; i++)
    {
      put_triple (o, se->samples[i].t_ns, se->samples[i].heap, se->samples[i].stack);
      stack = se->samples[i].stack;
    }
  if (se->len == 0 || se->samples[se->len - 1].heap != live)
    put_triple (o, (guint64) (t->ended_at ? t->ended_at : snap->taken_at), live, stack);
  out_close (o, ']');
  put_uint (o, F (threads, heap_series_culled), se->culled);
  if (se->peak_at != 0)
    put_uint (o, F (threads, heap_peak_at), se->peak_at);
}

static void
build_threads (Out *o, const MsSnapshot *snap)
{
  guint i;

  put_array_begin (o, F (header, threads));
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];

      record_begin (o);
      put_uint (o, F (threads, id), t->id);
      put_uint (o, F (threads, tid), ms_rec_tid (t));
      put_str (o, F (threads, name), ms_rec_name (t));
      put_bool (o, F (threads, is_active), ms_rec_active (t));
      put_uint (o, F (threads, scopes_entered), t->scopes_entered);
      put_uint (o, F (threads, variables_registered), t->variables_registered);
      put_uint (o, F (threads, stack_bytes_peak), t->stack_bytes_peak);
      put_ref (o, F (threads, peak_context), t->peak_context ? t->peak_context->id : 0);
      /* An ended thread is balanced: what it left open (pthread_exit,
       * pthread_cancel without -fexceptions) was closed at its end. */
      put_uint (o, F (threads, open_scopes), t->live ? t->open_frames : 0);
      put_uint (o, F (threads, closed_at_thread_exit), t->live ? 0 : t->open_frames);
      put_uint (o, F (threads, unmatched_exits), t->unmatched_exits);
      put_uint (o, F (threads, lost_events), t->lost_events);
      put_bool (o, F (threads, inherited), t->inherited);
      if (t->manual)
        put_bool (o, F (threads, manual), TRUE);
      put_uint (o, F (threads, thread_id), t->id);
      put_uint (o, F (threads, thread_id_u64), ms_rec_tid (t));
      put_uint (o, F (threads, created_at), t->created_at);
      put_uint (o, F (threads, ended_at), t->ended_at);
      put_uint (o, F (threads, total_allocations), t->heap_allocs);
      put_uint (o, F (threads, total_deallocations), ms_rec_deallocs (t));
      put_uint (o, F (threads, current_memory), ms_rec_current (t));
      put_uint (o, F (threads, peak_memory), t->heap_peak);
      put_uint (o, F (threads, heap_bytes), t->heap_alloc_bytes);
      if (t->stack_hi > t->stack_lo)
        put_uint (o, F (threads, stack_size), t->stack_hi - t->stack_lo);
      if (t->stack_used_peak != 0)
        {
          put_uint (o, F (threads, stack_used_peak), t->stack_used_peak);
          put_ref (o, F (threads, stack_used_peak_context),
                   t->stack_used_peak_context ? t->stack_used_peak_context->id : 0);
        }
      put_uint (o, F (threads, stack_off_entries), t->stack_off_entries);
      if (t->heap_series != NULL && t->heap_series->cap > 0)
        put_series (o, snap, t);
      record_end (o);
    }
  out_close (o, ']');
}


static void
build_scopes (Out *o, const MsSnapshot *snap)
{
  guint i, j;

  put_array_begin (o, F (header, scopes));
  for (i = 0; i < snap->scopes->len; i++)
    {
      const MsScopeSite *s = snap->scopes->pdata[i];
      const MsManualScope *m = s->manual;

      record_begin (o);
      put_uint (o, F (scopes, id), s->id);
      put_str (o, F (scopes, kind), m ? "manual" : s->desc->kind == MEMSCOPE_SCOPE_FUNCTION ? "function" : "block");
      put_str (o, F (scopes, name), ms_scope_site_name (s));
      put_str (o, F (scopes, function), m ? NULL : ms_desc_function (s->desc));
      put_str (o, F (scopes, file), ms_desc_file (s->desc));
      put_uint (o, F (scopes, line), s->desc->line);
      put_ref (o, F (scopes, parent), s->parent ? s->parent->id : 0);
      put_uint (o, F (scopes, depth), s->desc->depth);
      put_uint (o, F (scopes, entries), s->entries);
      put_ids_begin (o, F (scopes, variables));
      for (j = 0; j < s->desc->nvars; j++)
        put_id (o, s->vars[j]->id);
      for (j = 0; m && j < m->vars->len; j++)
        put_id (o, g_array_index (m->vars, guint64, j));
      out_close (o, ']');
      /* a scope made by hand: the bytes of its variables live now */
      put_uint (o, F (scopes, frame_bytes), m ? s->first_context->direct : s->frame_bytes);
      put_uint (o, F (scopes, peak_memory), s->peak);
      put_bool (o, F (scopes, is_active), s->active > 0);
      put_uint (o, F (scopes, heap_allocations), s->heap_allocs);
      put_uint (o, F (scopes, heap_bytes), s->heap_bytes);
      put_uint (o, F (scopes, heap_live_bytes), s->heap_live);
      put_uint (o, F (scopes, heap_peak_bytes), s->heap_peak);
      if (m)
        {
          put_uint (o, F (scopes, lifetime_start), s->first_context->first_seen);
          put_uint (o, F (scopes, lifetime_end), s->first_context->last_seen_closed);
        }
      if (s->inlined)
        put_bool (o, F (scopes, inlined), TRUE);
      if (s->desc->kind == MEMSCOPE_SCOPE_FUNCTION && !s->inlined)
        {
          put_uint (o, F (scopes, stack_frame_bytes), s->stack_frame);
          put_uint (o, F (scopes, stack_frame_static), s->desc->stack_frame);
        }
      record_end (o);
    }
  out_close (o, ']');
}

static void
build_variables (Out *o, const MsSnapshot *snap)
{
  guint i;

  put_array_begin (o, F (header, variables));
  for (i = 0; i < snap->vars->len; i++)
    {
      const MsVarSite *v = snap->vars->pdata[i];

      record_begin (o);
      put_uint (o, F (variables, id), v->id);
      put_str (o, F (variables, name), ms_var_name (v->desc));
      put_str (o, F (variables, type), ms_var_type (v->desc));
      /* A VLA's or an alloca block's size is its largest instance's. */
      put_uint (o, F (variables, size), v->desc->size ? v->desc->size : v->max_size);
      put_str (o, F (variables, kind), var_kind (v));
      put_ref (o, F (variables, scope), v->scope ? v->scope->id : 0);
      put_str (o, F (variables, file), ms_var_file (v->desc));
      put_uint (o, F (variables, line), v->desc->line);
      put_bool (o, F (variables, tracked), !(v->storage_flags & MEMSCOPE_VAR_NOADDR) || v->counted_somewhere);
      if (v->storage_flags & (MEMSCOPE_VAR_IN_FRAME | MEMSCOPE_VAR_REGISTER | MEMSCOPE_VAR_OPTIMIZED_OUT))
        put_str (o, F (variables, storage), var_storage (v));
      put_uint (o, F (variables, instances), v->instances);
      put_uint (o, F (variables, live), v->live);
      put_bool (o, F (variables, is_active), v->live > 0);
      put_addr (o, F (variables, address), (guintptr) v->last_addr);
      put_uint (o, F (variables, heap_blocks), v->heap_blocks);
      put_uint (o, F (variables, heap_bytes), v->heap_bytes);
      put_uint (o, F (variables, heap_owned_blocks), v->heap_owned_blocks);
      put_uint (o, F (variables, heap_owned_bytes), v->heap_owned_bytes);
      if (v->manual)
        {
          put_uint (o, F (variables, access_count), v->manual->access_count);
          put_ref (o, F (variables, thread), v->manual->thread_id <= snap->threads->len ? v->manual->thread_id : 0);
        }
      record_end (o);
    }
  out_close (o, ']');
}

static gint
compare_u64 (const guint64 *a, const guint64 *b)
{
  return *a < *b ? -1 : *a > *b;
}

/* The threads that entered a context, each once, in id order.  They are
 * most often in order already; the others are sorted in @scratch. */
static void
put_thread_ids (Out *o, GArray *threads, GArray *scratch)
{
  const guint64 *ids = threads ? (const guint64 *) threads->data : NULL;
  guint i, n = threads ? threads->len : 0;

  for (i = 1; i < n && ids[i - 1] < ids[i]; i++)
    ;
  if (i < n)
    {
      g_array_set_size (scratch, 0);
      g_array_append_vals (scratch, ids, n);
      g_array_sort (scratch, (GCompareFunc) compare_u64);
      ids = (const guint64 *) scratch->data;
    }
  put_ids_begin (o, F (contexts, threads));
  for (i = 0; i < n; i++)
    if (i == 0 || ids[i] != ids[i - 1])
      put_id (o, ids[i]);
  out_close (o, ']');
}

static void
build_contexts (Out *o, const MsSnapshot *snap)
{
  g_autoptr (GArray) scratch = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint i;

  put_array_begin (o, F (header, contexts));
  for (i = 0; i < snap->contexts->len; i++)
    {
      const MsContext *c = snap->contexts->pdata[i];

      record_begin (o);
      put_uint (o, F (contexts, id), c->id);
      put_ref (o, F (contexts, scope), c->site->id);
      put_ref (o, F (contexts, parent), c->parent ? c->parent->id : 0);
      put_uint (o, F (contexts, entries), c->entries);
      put_uint (o, F (contexts, direct_bytes), c->direct);
      put_uint (o, F (contexts, peak_memory), c->peak);
      put_bool (o, F (contexts, folded), c->folded);
      put_bool (o, F (contexts, is_active), c->active > 0);
      put_uint (o, F (contexts, heap_allocations), c->heap_allocs);
      put_uint (o, F (contexts, heap_bytes), c->heap_bytes);
      put_uint (o, F (contexts, heap_live_bytes), c->heap_live);
      put_uint (o, F (contexts, heap_peak_bytes), c->heap_peak);
      put_thread_ids (o, c->threads, scratch);
      if (c->stack_depth != 0)
        {
          put_uint (o, F (contexts, stack_used_peak), c->stack_used_peak);
          put_uint (o, F (contexts, stack_depth), c->stack_depth);
        }
      record_end (o);
    }
  out_close (o, ']');
}

/* Live heap blocks grouped by allocating context and owning variable,
 * largest first; at exit, the leaks. */
static void
build_heap (Out *o, const MsSnapshot *snap)
{
  guint64 live_blocks = 0, live_bytes = 0, inherited_blocks = 0, inherited_bytes = 0;
  guint64 leaked_blocks = 0, leaked_bytes = 0, suppressed_blocks = 0, suppressed_bytes = 0;
  guint i;

  put_array_begin (o, F (header, leaks));
  for (i = 0; snap->leaks && i < snap->leaks->len; i++)
    {
      const MsLeak *l = &g_array_index (snap->leaks, MsLeak, i);

      if (l->inherited)
        {
          inherited_blocks += l->blocks;
          inherited_bytes += l->bytes;
        }
      else
        {
          live_blocks += l->blocks;
          live_bytes += l->bytes;
          if (l->suppressed)
            {
              suppressed_blocks += l->blocks;
              suppressed_bytes += l->bytes;
            }
          else if (!l->reachable)
            {
              leaked_blocks += l->blocks;
              leaked_bytes += l->bytes;
            }
        }
      record_begin (o);
      put_ref (o, F (leaks, context), l->context ? l->context->id : 0);
      put_ref (o, F (leaks, scope), l->context ? l->context->site->id : 0);
      put_ref (o, F (leaks, variable), l->variable ? l->variable->id : 0);
      put_uint (o, F (leaks, bytes), l->bytes);
      put_uint (o, F (leaks, blocks), l->blocks);
      put_bool (o, F (leaks, inherited), l->inherited);
      put_bool (o, F (leaks, reachable), l->reachable);
      put_bool (o, F (leaks, suppressed), l->suppressed);
      if (l->site != NULL)
        {
          put_str (o, F (leaks, site_file), l->site->file);
          put_uint (o, F (leaks, site_line), l->site->line);
          put_str (o, F (leaks, site_function), l->site->function);
        }
      record_end (o);
    }
  out_close (o, ']');

  put_array_begin (o, F (header, sites));
  for (i = 0; snap->sites && i < snap->sites->len; i++)
    {
      const MsSiteStat *ss = &g_array_index (snap->sites, MsSiteStat, i);

      record_begin (o);
      put_ref (o, F (sites, context), ss->context ? ss->context->id : 0);
      put_str (o, F (sites, file), ss->site ? ss->site->file : NULL);
      put_uint (o, F (sites, line), ss->site ? ss->site->line : 0);
      put_str (o, F (sites, function), ss->site ? ss->site->function : NULL);
      put_uint (o, F (sites, allocations), ss->allocs);
      put_uint (o, F (sites, bytes), ss->bytes);
      put_uint (o, F (sites, live_blocks), ss->live_blocks);
      put_uint (o, F (sites, live_bytes), ss->live_bytes);
      record_end (o);
    }
  out_close (o, ']');

  put_array_begin (o, F (header, heap_peaks));
  for (i = 0; snap->peaks && i < snap->peaks->len; i++)
    {
      const MsPeakStat *p = &g_array_index (snap->peaks, MsPeakStat, i);

      record_begin (o);
      put_ref (o, F (heap_peaks, thread), p->thread->id);
      put_ref (o, F (heap_peaks, context), p->context ? p->context->id : 0);
      put_uint (o, F (heap_peaks, bytes), p->bytes);
      put_uint (o, F (heap_peaks, blocks), p->blocks);
      record_end (o);
    }
  out_close (o, ']');

  put_object_begin (o, F (header, heap));
  put_bool (o, F (heap, enabled), snap->heap_enabled);
  put_uint (o, F (heap, live_blocks), live_blocks);
  put_uint (o, F (heap, live_bytes), live_bytes);
  put_uint (o, F (heap, leaked_blocks), leaked_blocks);
  put_uint (o, F (heap, leaked_bytes), leaked_bytes);
  put_uint (o, F (heap, suppressed_blocks), suppressed_blocks);
  put_uint (o, F (heap, suppressed_bytes), suppressed_bytes);
  put_uint (o, F (heap, inherited_blocks), inherited_blocks);
  put_uint (o, F (heap, inherited_bytes), inherited_bytes);
  put_uint (o, F (heap, outside_allocations), snap->outside_allocs);
  put_uint (o, F (heap, outside_bytes), snap->outside_bytes);
  put_uint (o, F (heap, outside_live_bytes), snap->outside_live);
  put_uint (o, F (heap, outside_peak_bytes), snap->outside_peak);
  record_end (o);
}

guint64
ms_report_leaked_blocks (const MsSnapshot *snap)
{
  guint64 blocks = 0;
  guint i;

  for (i = 0; snap->leaks && i < snap->leaks->len; i++)
    {
      const MsLeak *l = &g_array_index (snap->leaks, MsLeak, i);
      if (!l->inherited && !l->reachable && !l->suppressed)
        blocks += l->blocks;
    }
  return blocks;
}

/* trace=1: per thread, [time, "B" or "E", context] in the order they happened. */
static void
build_trace (Out *o, const MsSnapshot *snap)
{
  guint i, j;

  put_array_begin (o, F (header, trace));
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];

      record_begin (o);
      put_ref (o, F (trace, thread), t->id);
      put_uint (o, F (trace, dropped), t->trace_dropped);
      out_key (o, F (trace, events), T_EVENTS);
      out_open (o, '[');
      for (j = 0; t->trace && j + 2 < t->trace->len; j += 3)
        {
          guint64 what = g_array_index (t->trace, guint64, j + 1);
          char *p;

          out_comma (o);
          p = out_room (o, OUT_MEMBER_ROOM);
          *p++ = '[';
          p = format_u64 (p, g_array_index (t->trace, guint64, j));
          memcpy (p, what >> 63 ? ",\"E\"," : ",\"B\",", 5);
          p = format_u64 (p + 5, what & ~(G_GUINT64_CONSTANT (1) << 63));
          /* An exit: the bytes its instance held itself. */
          if (what >> 63)
            {
              *p++ = ',';
              p = format_u64 (p, g_array_index (t->trace, guint64, j + 2));
            }
          *p++ = ']';
          out_done (o, p);
        }
      out_close (o, ']');
      record_end (o);
    }
  out_close (o, ']');
}

void
ms_report_render (const MsSnapshot *snap, const char *program, int pid, MsOutput *sink)
{
  Out o = { g_malloc (OUT_BUFFER), 0, OUT_BUFFER, { FALSE }, 0, sink };
  const MsCrash *crash = ms_crash_info ();

  out_open (&o, '{');
  out_key (&o, F (header, format), T_MAGIC);
  out_lit (&o, "\"memscope\"");
  out_done (&o, format_u64 (out_key_at (&o, F (header, version), T_VERSION), MS_REPORT_VERSION));
  put_str (&o, F (header, program), program);
  put_uint (&o, F (header, pid), pid);
  put_uint (&o, F (header, taken_at), snap->taken_at);
  if (crash != NULL)
    {
      put_object_begin (&o, F (header, crash));
      put_uint (&o, F (crash, signal), crash->signal);
      put_ref (&o, F (crash, thread), crash->thread);
      put_addr (&o, F (crash, address), crash->address);
      record_end (&o);
    }
  build_threads (&o, snap);
  build_scopes (&o, snap);
  build_variables (&o, snap);
  build_contexts (&o, snap);
  build_heap (&o, snap);
  if (ms_options.trace)
    build_trace (&o, snap);
  out_close (&o, '}');
  out_char (&o, '\n');          /* a text file's last line, a terminal's too */
  ms_output_append (sink, o.buf, o.len);
  g_free (o.buf);
}

/* ---- the summary ----------------------------------------------------------- */

static char *
context_path (const MsContext *c)
{
  GPtrArray *names = g_ptr_array_new ();
  GString *s = g_string_new (NULL);
  guint i;

  for (; c != NULL && c->site != NULL; c = c->parent)
    g_ptr_array_add (names, (gpointer) ms_scope_site_name (c->site));
  for (i = names->len; i > 0; i--)
    g_string_append_printf (s, "%s%s", i == names->len ? "" : " > ", (char *) names->pdata[i - 1]);
  g_ptr_array_free (names, TRUE);
  return g_string_free (s, FALSE);
}

static gint
site_by_peak (gconstpointer a, gconstpointer b)
{
  const MsScopeSite *x = *(MsScopeSite **) a, *y = *(MsScopeSite **) b;

  if (x->peak != y->peak)
    return x->peak < y->peak ? 1 : -1;
  if (x->entries != y->entries)
    return x->entries < y->entries ? 1 : -1;
  return x->id < y->id ? -1 : 1;
}

static gint
var_by_bytes (gconstpointer a, gconstpointer b)
{
  const MsVarSite *x = *(MsVarSite **) a, *y = *(MsVarSite **) b;
  guint64 xs = x->desc->size, ys = y->desc->size;

  if (xs != ys)
    return xs < ys ? 1 : -1;
  if (x->instances != y->instances)
    return x->instances < y->instances ? 1 : -1;
  return x->id < y->id ? -1 : 1;
}

/* 4198 bytes as "4.1 KiB": units of 1024, one decimal, none when it is 0,
 * as the memscope command writes sizes. */
char *
ms_human_size (guint64 n)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double scale = 1024;
  guint u = 0;
  guint64 tenths;

  if (n < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", n);
  for (;;)
    {
      tenths = (guint64) ((double) n * 10 / scale + 0.5);
      if (tenths < 10240 || u + 1 == G_N_ELEMENTS (units))
        break;
      scale *= 1024;
      u++;
    }
  if (tenths % 10 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " %s", tenths / 10, units[u]);
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%u %s", tenths / 10, (guint) (tenths % 10), units[u]);
}

/* The summary's width: a terminal's 80 columns. */
#define SUMMARY_WIDTH 80

/* S in at most WIDTH characters: its end kept, "...y/file.c:12". */
static char *
fit_left (const char *s, glong width)
{
  glong n = g_utf8_strlen (s, -1);

  if (n <= width)
    return g_strdup (s);
  if (width <= 3)
    return g_strdup ("...");
  return g_strconcat ("...", g_utf8_offset_to_pointer (s, n - (width - 3)), NULL);
}

/* S in at most WIDTH characters: its start kept, "char[64] a_long_na...". */
static char *
fit_right (const char *s, glong width)
{
  if (g_utf8_strlen (s, -1) <= width)
    return g_strdup (s);
  if (width <= 3)
    return g_strdup ("...");
  {
    g_autofree char *head = g_utf8_substring (s, 0, width - 3);

    return g_strconcat (head, "...", NULL);
  }
}

/* A context path of at most WIDTH characters: its first scope and its
 * last ones, "main > ... > parse > parse_expr"; where even its last scope
 * is too long, the end of that. */
static char *
path_within (const MsContext *c, glong width)
{
  g_autofree char *full = context_path (c);
  g_auto (GStrv) parts = NULL;
  guint n, k;

  if (g_utf8_strlen (full, -1) <= width)
    return g_steal_pointer (&full);
  parts = g_strsplit (full, " > ", -1);
  n = g_strv_length (parts);
  for (k = n - 1; k >= 1; k--)
    {
      g_autofree char *tail = g_strjoinv (" > ", parts + n - k);
      g_autofree char *s = g_strdup_printf ("%s > ... > %s", parts[0], tail);

      if (g_utf8_strlen (s, -1) <= width)
        return g_steal_pointer (&s);
    }
  /* Its last scope, or the end of that. */
  {
    g_autofree char *last = g_strdup_printf ("... > %s", parts[n - 1]);

    if (n > 1 && g_utf8_strlen (last, -1) <= width)
      return g_steal_pointer (&last);
    return fit_left (parts[n - 1], width);
  }
}

/* A context path of at most 60 characters. */
static char *
short_path (const MsContext *c)
{
  return path_within (c, 60);
}

/* A row of the summary's tables: PREFIX (the figures), then LABEL and
 * LOCATION two spaces apart, in SUMMARY_WIDTH characters: the location
 * shortened on its left (down to 24 characters), then the label on its
 * right. */
static void
append_row (GString *s, const char *prefix, const char *label, const char *location)
{
  glong room = SUMMARY_WIDTH - g_utf8_strlen (prefix, -1) - 2;
  glong lab = g_utf8_strlen (label, -1), loc = g_utf8_strlen (location, -1);
  g_autofree char *l = NULL, *w = NULL;

  if (lab + loc > room)
    loc = MIN (loc, MAX (room - lab, 24));
  w = fit_left (location, loc);
  l = fit_right (label, room - g_utf8_strlen (w, -1));
  g_string_append_printf (s, "%s%s  %s\n", prefix, l, w);
}

/* The recursion on the path to C, as "x512 recursion": the stack a
 * folded context used from its first entry, in frames of its function
 * (as measured, else as GCC laid it out; not knowing it, its entries),
 * as `memscope summary` says it. */
static char *
recursion_note (const MsContext *c)
{
  for (; c != NULL && c->site != NULL; c = c->parent)
    {
      /* The frames the report gives (none for a function that was
       * also inlined: its instances' frames differ). */
      gboolean framed = c->site->desc->kind == MEMSCOPE_SCOPE_FUNCTION && !c->site->inlined;
      guint64 frame = !framed ? 0 : c->site->stack_frame > 0 ? c->site->stack_frame : c->site->desc->stack_frame;

      if (c->folded && frame > 0 && c->stack_used_peak > 0)
        return g_strdup_printf (" (x%" G_GUINT64_FORMAT " recursion)", (c->stack_used_peak + frame / 2) / frame + 1);
      if (c->folded)
        return g_strdup_printf (" (recursion, %" G_GUINT64_FORMAT " entries)", c->entries);
    }
  return g_strdup ("");
}

char *
ms_report_summary (const MsSnapshot *snap, const char *program, int pid, const char *written_to,
                   guint top)
{
  GString *s = g_string_new (NULL);
  g_autoptr (GPtrArray) sites = g_ptr_array_new ();
  g_autoptr (GPtrArray) vars = g_ptr_array_new ();
  guint64 entries = 0, regs = 0, peak = 0;
  const MsThreadRec *peak_thread = NULL;
  guint i;

  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      entries += t->scopes_entered;
      regs += t->variables_registered;
      if (peak_thread == NULL || t->stack_bytes_peak > peak)
        {
          peak = t->stack_bytes_peak;
          peak_thread = t;
        }
    }
  g_string_append_printf (s, "memscope: %s (pid %d): %u thread%s, %u scope sites, %u contexts\n", program, pid,
                          snap->threads->len, snap->threads->len == 1 ? "" : "s", snap->scopes->len,
                          snap->contexts->len);
  g_string_append_printf (s, "memscope: %" G_GUINT64_FORMAT " scopes entered, %" G_GUINT64_FORMAT
                          " variables registered\n", entries, regs);
  {
    guint64 lost = 0, unmatched = 0;

    for (i = 0; i < snap->threads->len; i++)
      {
        const MsThreadRec *t = snap->threads->pdata[i];

        lost += t->lost_events;
        unmatched += t->unmatched_exits;
      }
    /* As memscope summary's: events the figures above miss. */
    if (lost > 0 || unmatched > 0)
      g_string_append_printf (s, "memscope: not counted: %" G_GUINT64_FORMAT " lost event%s, %" G_GUINT64_FORMAT
                              " unmatched exit%s; memscope threads shows where\n", lost, lost == 1 ? "" : "s",
                              unmatched, unmatched == 1 ? "" : "s");
  }
  if (peak_thread != NULL && peak_thread->peak_context != NULL)
    {
      g_autofree char *size = ms_human_size (peak);
      g_autofree char *head = g_strdup_printf ("memscope: stack peak %s of tracked variables (thread %"
                                               G_GUINT64_FORMAT ") in ", size, peak_thread->id);
      g_autofree char *path = short_path (peak_thread->peak_context);

      /* The path on a line of its own when the line would be too long. */
      if (g_utf8_strlen (head, -1) + g_utf8_strlen (path, -1) <= SUMMARY_WIDTH)
        g_string_append_printf (s, "%s%s\n", head, path);
      else
        {
          g_autofree char *own = path_within (peak_thread->peak_context, SUMMARY_WIDTH - 15);

          g_string_append_len (s, head, strlen (head) - 4);
          g_string_append_printf (s, "\nmemscope:   in %s\n", own);
        }
    }
  /* The real stack of each thread that ran instrumented code. */
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      g_autofree char *used = NULL;
      g_autofree char *size = NULL;

      if (t->manual || t->stack_used_peak == 0)
        continue;
      used = ms_human_size (t->stack_used_peak);
      size = ms_human_size (t->stack_hi - t->stack_lo);
      if (t->stack_hi > t->stack_lo)
        g_string_append_printf (s, "memscope: thread %" G_GUINT64_FORMAT " stack: %s of %s used at most (%.1f%%)\n",
                                t->id, used, size, 100.0 * t->stack_used_peak / (t->stack_hi - t->stack_lo));
      else
        g_string_append_printf (s, "memscope: thread %" G_GUINT64_FORMAT " stack: %s used at most\n", t->id, used);
      if (t->stack_used_peak_context != NULL)
        {
          g_autofree char *note = recursion_note (t->stack_used_peak_context);
          g_autofree char *path = path_within (t->stack_used_peak_context,
                                               SUMMARY_WIDTH - strlen ("memscope:   deepest in ") - strlen (note));

          g_string_append_printf (s, "memscope:   deepest in %s%s\n", path, note);
        }
      if (t->stack_off_entries > 0)
        g_string_append_printf (s, "memscope:   %" G_GUINT64_FORMAT " entries on another stack left out\n",
                                t->stack_off_entries);
    }

  for (i = 0; i < snap->scopes->len; i++)
    g_ptr_array_add (sites, snap->scopes->pdata[i]);
  g_ptr_array_sort (sites, site_by_peak);
  g_string_append_printf (s, "memscope: top scopes by peak bytes\n");
  g_string_append_printf (s, "  %10s %10s  %s\n", "peak", "entries", "scope");
  for (i = 0; i < sites->len && i < top; i++)
    {
      const MsScopeSite *site = sites->pdata[i];
      gboolean block = site->desc->kind == MEMSCOPE_SCOPE_BLOCK && !site->manual;
      g_autofree char *where = site->manual ? g_strdup ("(by hand)")
        : g_strdup_printf ("%s:%u", ms_desc_file (site->desc) ? ms_desc_file (site->desc) : "?",
                           site->desc->line);
      g_autofree char *size = ms_human_size (site->peak);
      g_autofree char *prefix = g_strdup_printf ("  %10s %10" G_GUINT64_FORMAT "  ", size, site->entries);
      g_autofree char *label = g_strdup_printf ("%s%s%s", ms_scope_site_name (site), block ? " in " : "",
                                                block ? ms_desc_function (site->desc) : "");

      append_row (s, prefix, label, where);
    }

  for (i = 0; i < snap->vars->len; i++)
    {
      const MsVarSite *v = snap->vars->pdata[i];
      if (v->instances > 0)
        g_ptr_array_add (vars, (gpointer) v);
    }
  g_ptr_array_sort (vars, var_by_bytes);
  g_string_append_printf (s, "memscope: top variables by size\n");
  g_string_append_printf (s, "  %10s %10s  %s\n", "size", "instances", "variable");
  for (i = 0; i < vars->len && i < top; i++)
    {
      const MsVarSite *v = vars->pdata[i];
      g_autofree char *where = v->manual ? g_strdup ("(by hand)")
        : g_strdup_printf ("%s:%u", ms_var_file (v->desc) ? ms_var_file (v->desc) : "?", v->desc->line);
      g_autofree char *size = ms_human_size (v->desc->size);
      g_autofree char *prefix = g_strdup_printf ("  %10s %10" G_GUINT64_FORMAT "  ", size, v->instances);
      g_autofree char *label = g_strdup_printf ("%s %s in %s", ms_var_type (v->desc), ms_var_name (v->desc),
                                                v->scope ? ms_desc_function (v->scope->desc) : "?");

      append_row (s, prefix, label, where);
    }

  if (snap->heap_enabled)
    {
      guint64 allocs = 0, bytes = 0;
      guint shown = 0;
      g_autofree char *total = NULL;

      for (i = 0; i < snap->threads->len; i++)
        {
          const MsThreadRec *t = snap->threads->pdata[i];
          if (t->manual)
            continue;           /* figures recorded by hand, not allocations */
          allocs += t->heap_allocs;
          bytes += t->heap_alloc_bytes;
        }
      total = ms_human_size (bytes);
      {
        g_autofree char *line = g_strdup_printf ("memscope: heap: %" G_GUINT64_FORMAT " allocations, %s; %"
                                                 G_GUINT64_FORMAT " blocks leaked", allocs, total,
                                                 ms_report_leaked_blocks (snap));
        const char *why = " (nothing points to them)";

        g_string_append_printf (s, "%s%s\n", line, strlen (line) + strlen (why) <= SUMMARY_WIDTH ? why : "");
      }
      for (i = 0; snap->leaks && i < snap->leaks->len && shown < top; i++)
        {
          const MsLeak *l = &g_array_index (snap->leaks, MsLeak, i);
          /* 25 columns of figures, then what is left of 80. */
          const glong room = SUMMARY_WIDTH - 25;
          g_autofree char *size = ms_human_size (l->bytes);
          g_autofree char *name = l->variable ? fit_right (ms_var_name (l->variable->desc), 24) : NULL;
          g_autofree char *owner = name ? g_strdup_printf (" (%s)", name) : g_strdup ("");
          g_autofree char *where = NULL, *in = NULL;

          if (l->inherited || l->reachable || l->suppressed)
            continue;
          /* "in " and the continuation line's 2 columns more */
          where = l->context ? path_within (l->context, MAX (room - 5 - (glong) g_utf8_strlen (owner, -1), 20))
            : g_strdup ("(outside any scope)");
          in = g_strdup_printf ("in %s%s", where, owner);
          if (shown++ == 0)
            g_string_append_printf (s, "  %10s %10s  %s\n", "leaked", "blocks", "allocated at, in (owner)");
          g_string_append_printf (s, "  %10s %10" G_GUINT64_FORMAT "  ", size, l->blocks);
          if (l->site != NULL)
            {
              /* "#1 push leaklist.c:18, in main > build (n)", or the
               * context on a line of its own when that is too long. */
              g_autofree char *file = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, l->site->file,
                                                       (guint64) l->site->line);
              g_autofree char *call = g_strdup_printf ("#1 %s %s", l->site->function, file);

              if (g_utf8_strlen (call, -1) + 2 + g_utf8_strlen (in, -1) <= room)
                g_string_append_printf (s, "%s, %s\n", call, in);
              else
                {
                  g_autofree char *fn = fit_right (l->site->function, room / 2);
                  g_autofree char *at = fit_left (file, room - 4 - g_utf8_strlen (fn, -1));
                  g_autofree char *cut = fit_right (in, room - 2);

                  g_string_append_printf (s, "#1 %s %s\n%27s%s\n", fn, at, "", cut);
                }
            }
          else
            {
              g_autofree char *cut = fit_right (in + 3, room);

              g_string_append_printf (s, "%s\n", cut);
            }
        }
    }

  g_string_append_printf (s, "memscope: threads\n");
  g_string_append_printf (s, "  %3s %7s %-15s %8s %10s %10s  %s\n", "id", "tid", "name", "scopes", "stack peak",
                          "stack used", "state");
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      g_autofree char *peak_size = ms_human_size (t->stack_bytes_peak);
      g_autofree char *used = t->stack_used_peak ? ms_human_size (t->stack_used_peak) : g_strdup ("-");

      g_string_append_printf (s, "  %3" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %-15s %8" G_GUINT64_FORMAT
                              " %10s %10s  %s\n",
                              t->id, ms_rec_tid (t), ms_rec_name (t) ? ms_rec_name (t) : "-", t->scopes_entered,
                              peak_size, used, t->manual ? "by hand" : t->live ? "running" : "ended");
    }
  if (written_to != NULL)
    g_string_append_printf (s, "memscope: report written to %s\n", written_to);
  return g_string_free (s, FALSE);
}

/* ---- stack_warn ------------------------------------------------------------ */

/* A stack's size as people give it: 512 KiB, 8 MiB, 8188 KiB; one
 * decimal when no unit divides it. */
static char *
size_words (guint64 bytes)
{
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes >> 20);
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " KiB", bytes >> 10);
  if (bytes >= (1u << 20))
    return g_strdup_printf ("%.1f MiB", bytes / 1048576.0);
  if (bytes >= 1024)
    return g_strdup_printf ("%.1f KiB", bytes / 1024.0);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

char *
ms_report_stack_warnings (const MsSnapshot *snap, guint percent)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; percent > 0 && i < snap->threads->len; i++)
    {
      const MsThreadRec *t = snap->threads->pdata[i];
      guint64 size = t->stack_hi > t->stack_lo ? t->stack_hi - t->stack_lo : 0;
      g_autofree char *words = NULL;
      g_autofree char *path = NULL;

      /* used <= size < 2^57: the products do not overflow. */
      if (size == 0 || t->stack_used_peak > size || t->stack_used_peak * 100 <= (guint64) percent * size)
        continue;
      words = size_words (size);
      path = t->stack_used_peak_context ? context_path (t->stack_used_peak_context) : g_strdup ("?");
      g_string_append_printf (s, "memscope: thread %" G_GUINT64_FORMAT "%s%s%s used %u%% of its %s stack, "
                              "deepest in %s\n", t->id, t->name[0] ? " (" : "", t->name,
                              t->name[0] ? ")" : "", (guint) (t->stack_used_peak * 100 / size), words, path);
    }
  return g_string_free (s, FALSE);
}

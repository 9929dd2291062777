/* split.c: a big report's contexts cut out of its text, to be parsed and read
 * by several processes at once.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * json-glib parses one text on one core, and that parse is most of a
 * command's run on a big report.  Threads do not help: every node the
 * parser makes goes through GLib's slice allocator and every member through
 * a GObject signal, both behind process-wide locks (GLib 2.74), so parsers
 * on two threads mostly wait for each other: two took as long as one.
 * Processes share no locks.  The bulk of a report is its "contexts" array
 * of small records, so:
 *
 *   {"format":"memscope",...,"contexts":[{...},{...},{...},{...}],"heap":{...}}
 *
 *   1. one pass over the text finds the top-level members and the commas
 *      between the contexts, minding only strings ("..." and their
 *      backslash escapes) and bracket depth;
 *   2. the contexts are cut into pieces of about MS_SPLIT_PIECE bytes, at
 *      those commas, each one to be parsed as an array of its own:
 *        [{...},{...}]   [{...},{...}]
 *   3. the rest of the text, with the contexts taken out, is what this
 *      process parses:
 *        {"format":"memscope",...,"contexts":[],"heap":{...}}
 *   4. forked helpers, one per other processor, and this process take
 *      pieces in turn, parse them, read their contexts into memory they
 *      share and free the piece's tree (report.c).
 *
 * Small pieces pay even on one processor: each piece's tree is read and
 * freed while it is still in the processor's cache, and the next one's
 * nodes reuse its memory instead of fresh pages.
 *
 * Parsing a piece gives the elements one parse of the whole text gives in
 * that place.  When anything does not parse, or the text has what the first
 * pass does not follow (single quotes, comments, a repeated or escaped
 * top-level key, more than one value), the caller parses the whole text
 * once, as without splitting: error messages (line and column, "truncated")
 * are always those of one parse.
 *
 * Texts under MS_SPLIT_MIN bytes are parsed whole.  MEMSCOPE_PARSE_CHUNK=BYTES
 * (for the tests, not documented to users) cuts pieces of about BYTES bytes
 * from any report, read by at least one helper whatever the number of
 * processors; 0 turns the splitting off.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memscope-cli.h"

/* Smaller texts parse in a few tens of milliseconds anyway. */
#define MS_SPLIT_MIN (2u << 20)
/* Each helper costs a fork and a start: no more than this many. */
#define MS_SPLIT_MAX_PROCS 8
/* Small pieces: a piece's tree (about twelve times its text) stays in the
 * processor's cache while it is read, then freed for the next one's; and
 * the processes end at about the same time.  On two processors, pieces of
 * 16 to 64 KiB all took 0.37 s for 100,000 contexts, 370 KiB ones 0.45 s. */
#define MS_SPLIT_PIECE (32u << 10)

static gboolean
is_blank (char ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Whether s holds only JSON's white space (or nothing). */
gboolean
ms_json_blank (const char *s, gsize len)
{
  gsize i;

  for (i = 0; i < len; i++)
    if (!is_blank (s[i]))
      return FALSE;
  return TRUE;
}

/* A piece holds at least one element: a blank one would be an empty
 * element ("[1,,2]" or a trailing comma), which one parse refuses. */
static gboolean
add_piece (MsSplit *split, const char *data, gsize start, gsize end, guint n)
{
  MsPiece p = { data + start, end - start, split->n, n };

  if (ms_json_blank (p.text, p.len))
    return FALSE;
  g_array_append_val (split->pieces, p);
  split->n += n;
  return TRUE;
}

/* Top-level keys, raw: one spelled with an escape, or one seen twice,
 * could name the same member as another, which one parse resolves by
 * keeping the last. */
static gboolean
add_key (GHashTable *keys, const char *s, gsize len)
{
  char *key;

  if (memchr (s, '\\', len) != NULL)
    return FALSE;
  key = g_strndup (s, len);
  if (g_hash_table_contains (keys, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (keys, key);
  return TRUE;
}

/* The bytes step 1 stops at outside strings; the others are skipped in a
 * tight loop.  NUL ends the text. */
static const guint8 stop_at[256] = {
  ['\0'] = 1, ['"'] = 1, ['{'] = 1, ['['] = 1, ['}'] = 1, [']'] = 1, [','] = 1, ['\''] = 1, ['/'] = 1,
};

/* Steps 1 and 2: the pieces of the array member KEY, of about PIECE bytes,
 * and where the array is (*OPEN at its '[', *CLOSE at its ']').  FALSE
 * for a text to parse whole. */
static gboolean
scan (MsSplit *split, const char *d, gsize len, const char *key, gsize piece, gsize *open, gsize *close)
{
  g_autoptr (GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gsize i = 0, start = 0, key_len = strlen (key);
  gboolean expect_key = FALSE, is_key = FALSE, in_split = FALSE, have_key = FALSE;
  gint depth = 0;
  guint n = 0;

  *open = *close = 0;
  while (is_blank (d[i]))
    i++;
  if (d[i] != '{')
    return FALSE;
  for (;; i++)
    {
      while (!stop_at[(guchar) d[i]])
        i++;
      switch (d[i])
        {
        case '\0':
          return i == len && depth == 0 && *close > 0;
        case '"':
          {
            gsize s = ++i;

            while (d[i] != '"')
              {
                if (d[i] == '\0' || (d[i] == '\\' && d[++i] == '\0'))
                  return FALSE;
                i++;
              }
            if (depth == 1 && expect_key)
              {
                if (!add_key (keys, d + s, i - s))
                  return FALSE;
                is_key = i - s == key_len && memcmp (d + s, key, key_len) == 0;
                have_key = TRUE;
                expect_key = FALSE;
              }
            break;
          }
        case '{':
        case '[':
          if (++depth == 1)
            {
              /* The top-level object, once. */
              if (d[i] != '{' || have_key || expect_key)
                return FALSE;
              expect_key = TRUE;
            }
          else if (depth == 2 && d[i] == '[' && is_key)
            {
              *open = i;
              in_split = TRUE;
              start = i + 1;
              n = 1;
            }
          break;
        case '}':
        case ']':
          if (depth == 2 && in_split)
            {
              in_split = FALSE;
              if (d[i] != ']')
                return FALSE;
              *close = i;
              /* An empty array: nothing to split. */
              if (split->pieces->len == 0 && n == 1 && ms_json_blank (d + start, i - start))
                return FALSE;
              if (!add_piece (split, d, start, i, n))
                return FALSE;
            }
          if (--depth < 0)
            return FALSE;
          break;
        case ',':
          if (depth == 1)
            expect_key = TRUE;
          else if (depth == 2 && in_split)
            {
              if (i - start < piece)
                n++;
              else
                {
                  if (!add_piece (split, d, start, i, n))
                    return FALSE;
                  start = i + 1;
                  n = 1;
                }
            }
          break;
        default:
          /* ' and /: json-glib takes 'strings' and comments, whose quotes
           * and brackets this pass would misread. */
          return FALSE;
        }
    }
}

static guint
n_processors (void)
{
  return CLAMP (g_get_num_processors (), 1, MS_SPLIT_MAX_PROCS);
}

/* The piece size for a text of LEN bytes, 0 for none; *PROCS is set to
 * the processes to read the pieces in (1: no helper). */
static gsize
piece_size (gsize len, guint *procs)
{
  const char *env = g_getenv ("MEMSCOPE_PARSE_CHUNK");

  *procs = n_processors ();
  if (env != NULL)
    {
      *procs = MAX (*procs, 2);
      return g_ascii_strtoull (env, NULL, 10);
    }
  if (len < MS_SPLIT_MIN)
    return 0;
  return MS_SPLIT_PIECE;
}

/* Steps 1 to 3 for the array member KEY of DATA, or NULL when the text is
 * to be parsed whole.  DATA[LEN] is a NUL, as g_file_get_contents leaves
 * it, and the text has no other.  The pieces point into DATA. */
MsSplit *
ms_split_new (const char *data, gsize len, const char *key)
{
  g_autoptr (MsSplit) split = g_new0 (MsSplit, 1);
  gsize piece = piece_size (len, &split->procs), open, close;

  if (piece == 0 || data[len] != '\0')
    return NULL;
  split->pieces = g_array_new (FALSE, FALSE, sizeof (MsPiece));
  if (!scan (split, data, len, key, piece, &open, &close))
    {
      g_debug ("parsing the text whole: not a text to split");
      return NULL;
    }
  split->rest = g_string_sized_new (len - (close - open) + 1);
  g_string_append_len (split->rest, data, open + 1);
  g_string_append_len (split->rest, data + close, len - close);
  return g_steal_pointer (&split);
}

void
ms_split_free (MsSplit *split)
{
  if (split == NULL)
    return;
  if (split->pieces != NULL)
    g_array_unref (split->pieces);
  if (split->rest != NULL)
    g_string_free (split->rest, TRUE);
  g_free (split);
}

/* The piece's tree: an array of its elements, or NULL when they do not
 * parse as P->n elements. */
JsonNode *
ms_piece_parse (const MsPiece *p)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *text = g_malloc (p->len + 2);
  JsonNode *root;

  text[0] = '[';
  memcpy (text + 1, p->text, p->len);
  text[p->len + 1] = ']';
  if (!json_parser_load_from_data (parser, text, p->len + 2, NULL))
    return NULL;
  root = json_parser_steal_root (parser);
  if (!JSON_NODE_HOLDS_ARRAY (root) || json_array_get_length (json_node_get_array (root)) != p->n)
    {
      json_node_unref (root);
      return NULL;
    }
  return root;
}

/* ------------------------------------------------------------ helpers */

/* Memory the helpers write and this process reads: zeroed, shared across
 * fork, nothing reserved until touched. */
gpointer
ms_shared_new (gsize size)
{
  gpointer p = mmap (NULL, MAX (size, 1), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE,
                     -1, 0);

  return p == MAP_FAILED ? NULL : p;
}

void
ms_shared_free (gpointer p, gsize size)
{
  if (p != NULL)
    munmap (p, MAX (size, 1));
}

struct MsHelpers
{
  guint n_jobs;
  void (*job) (guint k, gpointer data);
  gpointer data;
  gint *next;                   /* shared: the next job to take */
  GArray *pids;
  int done;                     /* read end: EOF once every helper is done */
};

/* Each process takes the next job until none is left. */
static void
run_jobs (MsHelpers *h)
{
  gint k;

  while ((k = g_atomic_int_add (h->next, 1)) < (gint) h->n_jobs)
    h->job (k, h->data);
}

/* Starts N_PROCS - 1 helper processes running JOB (k, DATA) for the jobs k
 * in 0..N_JOBS-1 (each once, by whichever process takes it), while this
 * process goes on.  A helper that cannot be forked is no error: fewer
 * processes share the jobs.  This process must have no other thread. */
MsHelpers *
ms_helpers_start (guint n_procs, guint n_jobs, void (*job) (guint k, gpointer data), gpointer data)
{
  MsHelpers *h = g_new0 (MsHelpers, 1);
  int fds[2];
  guint i;

  h->n_jobs = n_jobs;
  h->job = job;
  h->data = data;
  h->pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  h->done = -1;
  h->next = ms_shared_new (sizeof (gint));
  if (h->next == NULL || pipe (fds) < 0)
    return h;
  /* What is buffered would be written twice, were a helper to flush it. */
  fflush (NULL);
  for (i = 1; i < n_procs; i++)
    {
      pid_t pid = fork ();

      if (pid == 0)
        {
          close (fds[0]);
          run_jobs (h);
          /* Done: said before the exit, which frees all the helper
           * parsed.  No atexit handlers, no stdio. */
          close (fds[1]);
          _exit (0);
        }
      if (pid > 0)
        g_array_append_val (h->pids, pid);
    }
  close (fds[1]);
  h->done = fds[0];
  g_debug ("%u pieces, %u helper processes", n_jobs, h->pids->len);
  return h;
}

/* This process takes jobs too (unless CANCEL: then no more are taken),
 * then waits for the helpers' last ones.  A job a helper did not finish
 * (it crashed) is the caller's to notice. */
void
ms_helpers_finish (MsHelpers *h, gboolean cancel)
{
  char byte;

  if (h->next == NULL)
    {
      guint k;

      for (k = 0; k < h->n_jobs && !cancel; k++)
        h->job (k, h->data);
      return;
    }
  if (cancel)
    g_atomic_int_set (h->next, h->n_jobs);
  run_jobs (h);
  /* Every helper holds the write end until it is done. */
  while (h->done >= 0)
    {
      ssize_t got = read (h->done, &byte, 1);

      if (got == 0 || (got < 0 && errno != EINTR))
        break;
    }
}

/* Reaps the helpers (their exit, freeing what they parsed, is theirs to
 * do: this is called once the report is read). */
void
ms_helpers_free (MsHelpers *h)
{
  guint i;

  if (h == NULL)
    return;
  for (i = 0; i < h->pids->len; i++)
    while (waitpid (g_array_index (h->pids, pid_t, i), NULL, 0) < 0 && errno == EINTR)
      ;
  g_array_unref (h->pids);
  if (h->done >= 0)
    close (h->done);
  ms_shared_free (h->next, sizeof (gint));
  g_free (h);
}

/* leaks.c: which live heap blocks are leaked, as LeakSanitizer decides.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A block is reachable when an aligned word of a root points into it
 * (anywhere in its bytes: interior pointers count), or a word of another
 * reachable block does; every other live block is leaked.  The roots are
 * LeakSanitizer's:
 *
 *   1. globals: the writable PT_LOAD segments of every loaded object;
 *   2. each running thread's stack from its stack pointer up (what lies
 *      below is dead), and its registers; the thread that takes the
 *      snapshot counts from the frame that called into the runtime;
 *   3. each running thread's static TLS and thread descriptor (which
 *      holds its pthread_setspecific values and its DTV: dynamic TLS
 *      blocks are heap blocks, reached through it);
 *   4. blocks the dynamic loader allocated (DTVs, dynamic TLS), as with
 *      LeakSanitizer's use_ld_allocations;
 *   5. blocks whose leak a suppression matched: what they point to is
 *      reachable.
 *
 * A thread that has ended is no root at all, even when glibc keeps its
 * stack for reuse.  The runtime's own memory is never a root:
 * libmemscope's data and bss, its TLS in every thread, its own frames.
 *
 * To read a thread's stack pointer and registers the check at exit stops
 * every other thread, as LeakSanitizer does, though with a signal rather
 * than ptrace: each thread's handler stores its interrupted context and
 * waits on a futex until the scan is over.  A thread that has the signal
 * blocked, or does not answer in time, is scanned whole, stack pointer
 * unknown (LeakSanitizer's fallback too).  While threads are stopped
 * nothing here allocates or takes a lock: a stopped thread may hold
 * malloc's.  A snapshot the program takes while it runs on
 * (memscope_dump) stops no thread, since a handler makes a thread's
 * nanosleep or poll return early: the other threads' stacks are scanned
 * whole, which can only find fewer leaks.
 */
#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash.h"
#include "hotpath.h"
#include "leaks.h"
#include "options.h"
#include "symbols.h"

typedef struct
{
  guintptr lo, hi;
} Range;

/* ---- the runtime's own memory ------------------------------------------------ */

static struct
{
  gboolean ready;
  guintptr tls_lo, tls_hi;       /* libmemscope's TLS block, relative to the thread pointer */
  gsize static_tls;              /* glibc's static TLS size, thread descriptor included; 0: unknown */
  gsize descriptor;              /* sizeof (struct pthread); 0: unknown */
  GPtrArray *suppressions;       /* GPatternSpec*, LeakSanitizer's leak:PATTERN lines */
} ms_leaks;

static __thread guintptr ms_entry_frame __attribute__ ((tls_model ("initial-exec")));
static __thread gboolean ms_entry_at_exit __attribute__ ((tls_model ("initial-exec")));

extern void *__libc_malloc (size_t);
extern void *__libc_stack_end;  /* the initial thread's stack pointer at start-up (ld.so) */

/* Whether one of info's segments holds addr. */
static gboolean
object_holds (struct dl_phdr_info *info, guintptr addr)
{
  int i;

  for (i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      guintptr lo = info->dlpi_addr + ph->p_vaddr;

      if (ph->p_type == PT_LOAD && addr >= lo && addr < lo + ph->p_memsz)
        return TRUE;
    }
  return FALSE;
}

static gboolean
in_own_object (struct dl_phdr_info *info)
{
  return object_holds (info, (guintptr) &ms_leaks);
}

static int
find_own_tls (struct dl_phdr_info *info, size_t size, void *data)
{
  int i;

  if (!in_own_object (info))
    return 0;
  for (i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_TLS && info->dlpi_tls_data != NULL)
      {
        guintptr tp = (guintptr) pthread_self ();
        ms_leaks.tls_lo = (guintptr) info->dlpi_tls_data - tp;
        ms_leaks.tls_hi = ms_leaks.tls_lo + info->dlpi_phdr[i].p_memsz;
      }
  return 1;
}

/* ---- suppressions ------------------------------------------------------------ */

/* LeakSanitizer's matching: '*' is any run of characters, a leading '^'
 * and a trailing '$' anchor; otherwise the pattern may match anywhere. */
static GPatternSpec *
suppression_compile (const char *pattern)
{
  gsize len = strlen (pattern);
  gboolean start = len > 0 && pattern[0] == '^';
  gboolean end = len > (gsize) start && pattern[len - 1] == '$';
  g_autofree char *glob = g_strdup_printf ("%s%.*s%s", start ? "" : "*",
                                           (int) (len - start - end), pattern + start, end ? "" : "*");

  return g_pattern_spec_new (glob);
}

static gboolean
suppression_matches (GPatternSpec *spec, const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;
#if GLIB_CHECK_VERSION(2, 70, 0)
  return g_pattern_spec_match_string (spec, text);
#else
  return g_pattern_match_string (spec, text);
#endif
}

/* The whole file, or NULL with errno set. */
static char *
file_read (const char *path)
{
  GString *text;
  char buf[4096];
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return NULL;
  text = g_string_new (NULL);
  for (;;)
    {
      ssize_t n = read (fd, buf, sizeof buf);

      if (n == 0)
        break;
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          close (fd);
          g_string_free (text, TRUE);
          errno = saved;
          return NULL;
        }
      g_string_append_len (text, buf, n);
    }
  close (fd);
  return g_string_free (text, FALSE);
}

/* Reads the suppressions file (at start-up: a relative name is taken from
 * where the program started).  A problem is one line on stderr and no
 * suppression at all, as if the option were not given. */
static void
suppressions_load (const char *path)
{
  g_autofree char *text = file_read (path);
  g_auto (GStrv) lines = NULL;
  GPtrArray *specs;
  guint i;

  if (text == NULL)
    {
      fprintf (stderr, "memscope: cannot read the suppressions file '%s': %s; no leak is suppressed\n",
               path, g_strerror (errno));
      return;
    }
  specs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_pattern_spec_free);
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!g_str_has_prefix (line, "leak:"))
        {
          fprintf (stderr, "memscope: %s:%u: '%s' is not a suppression (expected leak:PATTERN); "
                   "no leak is suppressed\n", path, i + 1, line);
          g_ptr_array_free (specs, TRUE);
          return;
        }
      g_ptr_array_add (specs, suppression_compile (line + 5));
    }
  ms_leaks.suppressions = specs;
}

/* A context is suppressed when a pattern matches the function or the file
 * of any scope on its chain, innermost to outermost. */
static gboolean
context_suppressed (const MsContext *c)
{
  guint i;

  for (; c != NULL && c->site != NULL; c = c->parent)
    for (i = 0; i < ms_leaks.suppressions->len; i++)
      {
        GPatternSpec *spec = ms_leaks.suppressions->pdata[i];

        if (suppression_matches (spec, ms_desc_function (c->site->desc))
            || suppression_matches (spec, ms_desc_file (c->site->desc)))
          return TRUE;
      }
  return FALSE;
}

static gboolean
site_suppressed (const __memscope_call_site *site)
{
  guint i;

  for (i = 0; i < ms_leaks.suppressions->len; i++)
    if (suppression_matches (ms_leaks.suppressions->pdata[i], site->function)
        || suppression_matches (ms_leaks.suppressions->pdata[i], site->file))
      return TRUE;
  return FALSE;
}

void
ms_leaks_init (void)
{
  void (*static_info) (size_t *, size_t *);
  const guint32 *descriptor;

  if (ms_leaks.ready)
    return;
  ms_leaks.ready = TRUE;
  dl_iterate_phdr (find_own_tls, NULL);
  /* glibc's own answers, as LeakSanitizer reads them. */
  static_info = (void (*) (size_t *, size_t *)) dlsym (RTLD_DEFAULT, "_dl_get_tls_static_info");
  descriptor = dlsym (RTLD_DEFAULT, "_thread_db_sizeof_pthread");
  if (static_info != NULL && descriptor != NULL)
    {
      size_t size = 0, align = 0;

      static_info (&size, &align);
      if (size > *descriptor)
        {
          ms_leaks.static_tls = size;
          ms_leaks.descriptor = *descriptor;
        }
    }
  if (strcmp (ms_options.suppressions, "none") != 0)
    suppressions_load (ms_options.suppressions);
}

/* ---- where the runtime was entered ------------------------------------------- */

guintptr
ms_leaks_enter (guintptr frame, gboolean at_exit)
{
  guintptr saved = ms_entry_frame;

  if (saved == 0)
    {
      ms_entry_frame = frame;
      ms_entry_at_exit = at_exit;
    }
  return saved;
}

void
ms_leaks_leave (guintptr saved)
{
  if (saved == 0)
    ms_entry_frame = 0;
}

/* ---- stopping the other threads ----------------------------------------------- */

#if defined(__x86_64__)
#define MS_NREGS 16                    /* REG_R8 .. REG_RSP */
#define MS_HAVE_CONTEXT 1
static void
context_read (const ucontext_t *uc, guintptr *regs, guintptr *sp)
{
  int i;

  for (i = 0; i < MS_NREGS; i++)
    regs[i] = (guintptr) uc->uc_mcontext.gregs[i];
  *sp = (guintptr) uc->uc_mcontext.gregs[REG_RSP];
}
#elif defined(__aarch64__)
#define MS_NREGS 31
#define MS_HAVE_CONTEXT 1
static void
context_read (const ucontext_t *uc, guintptr *regs, guintptr *sp)
{
  int i;

  for (i = 0; i < MS_NREGS; i++)
    regs[i] = (guintptr) uc->uc_mcontext.regs[i];
  *sp = (guintptr) uc->uc_mcontext.sp;
}
#else
#define MS_NREGS 1
#define MS_HAVE_CONTEXT 0
#endif

enum
{
  SLOT_REQUESTED = 1,
  SLOT_STOPPING,
  SLOT_STOPPED,
  SLOT_ABANDONED,               /* no answer in time: scanned whole */
  SLOT_RESUMED,
  SLOT_DONE,
};

typedef struct
{
  int state;
  pid_t tid;
  guintptr sp;
  guintptr tp;                  /* its thread pointer */
  guintptr regs[MS_NREGS];
} StopSlot;

/* The table handlers look in.  A table is never freed: a handler that runs
 * late (its thread unblocked the signal after the check gave up on it)
 * still reads valid memory, finds its slot no longer requested, and
 * returns. */
static StopSlot *ms_slots;
static guint ms_nslots;
static guint ms_slots_cap;
static int ms_stop_signal;

static long
futex (int *addr, int op, int value, const struct timespec *timeout)
{
  return syscall (SYS_futex, addr, op, value, timeout, NULL, 0);
}

static void
on_stop (int sig, siginfo_t *info, void *context)
{
  int saved_errno = errno;
  StopSlot *slots = __atomic_load_n (&ms_slots, __ATOMIC_ACQUIRE);
  guint n = __atomic_load_n (&ms_nslots, __ATOMIC_ACQUIRE);
  pid_t me = (pid_t) syscall (SYS_gettid);
  guint i;

  for (i = 0; slots != NULL && i < n; i++)
    {
      StopSlot *s = &slots[i];
      int expected = SLOT_REQUESTED;

      if (s->tid != me)
        continue;
      if (!__atomic_compare_exchange_n (&s->state, &expected, SLOT_STOPPING, FALSE,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        break;
#if MS_HAVE_CONTEXT
      context_read (context, s->regs, &s->sp);
#endif
      s->tp = (guintptr) pthread_self ();
      __atomic_store_n (&s->state, SLOT_STOPPED, __ATOMIC_RELEASE);
      futex (&s->state, FUTEX_WAKE_PRIVATE, 1, NULL);
      while (__atomic_load_n (&s->state, __ATOMIC_ACQUIRE) == SLOT_STOPPED)
        futex (&s->state, FUTEX_WAIT_PRIVATE, SLOT_STOPPED, NULL);
      expected = SLOT_RESUMED;
      __atomic_compare_exchange_n (&s->state, &expected, SLOT_DONE, FALSE,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
      break;
    }
  errno = saved_errno;
}

/* A signal for stopping threads: ours from an earlier check if the
 * program left it alone, else a real-time signal nobody handles.  0: none
 * (then no thread is stopped). */
static int
stop_signal (void)
{
  struct sigaction sa, old;
  int sig;

  if (ms_stop_signal != 0 && sigaction (ms_stop_signal, NULL, &old) == 0
      && (old.sa_flags & SA_SIGINFO) && old.sa_sigaction == on_stop)
    return ms_stop_signal;
  ms_stop_signal = 0;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_stop;
  sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
  sigfillset (&sa.sa_mask);
  for (sig = SIGRTMAX; sig > SIGRTMIN + 2; sig--)
    if (sigaction (sig, NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL
        && sigaction (sig, &sa, NULL) == 0)
      {
        ms_stop_signal = sig;
        break;
      }
  return ms_stop_signal;
}

/* Whether thread @tid has @sig blocked (then a stop request would stay
 * pending, and be delivered who knows when). */
static gboolean
signal_blocked (pid_t tid, int sig)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/task/%d/status", (int) tid);
  g_autofree char *text = NULL;
  const char *line;
  guint64 mask;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (line = strstr (text, "\nSigBlk:")) == NULL)
    return TRUE;
  mask = g_ascii_strtoull (line + 8, NULL, 16);
  return (mask >> (sig - 1)) & 1;
}

/* The process's other threads, as the kernel lists them. */
static GArray *
other_threads (void)
{
  GArray *tids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  pid_t me = (pid_t) syscall (SYS_gettid);
  DIR *dir = opendir ("/proc/self/task");
  struct dirent *e;

  while (dir != NULL && (e = readdir (dir)) != NULL)
    {
      pid_t tid = (pid_t) atoi (e->d_name);
      if (tid > 0 && tid != me)
        g_array_append_val (tids, tid);
    }
  if (dir != NULL)
    closedir (dir);
  return tids;
}

static void
slots_prepare (GArray *tids, int sig)
{
  guint i;

  if (tids->len > ms_slots_cap)
    {
      /* The old table stays allocated, see above. */
      ms_slots_cap = MAX (tids->len, 2 * ms_slots_cap);
      __atomic_store_n (&ms_nslots, 0, __ATOMIC_RELEASE);
      __atomic_store_n (&ms_slots, g_new0 (StopSlot, ms_slots_cap), __ATOMIC_RELEASE);
    }
  __atomic_store_n (&ms_nslots, 0, __ATOMIC_RELEASE);
  for (i = 0; i < tids->len; i++)
    {
      StopSlot *s = &ms_slots[i];

      memset (s, 0, sizeof *s);
      s->tid = g_array_index (tids, pid_t, i);
      /* Never left pending in a thread that blocks it. */
      s->state = sig != 0 && !signal_blocked (s->tid, sig) ? SLOT_REQUESTED : SLOT_ABANDONED;
    }
  __atomic_store_n (&ms_nslots, tids->len, __ATOMIC_RELEASE);
}

static void
sleep_ms (long ms)
{
  struct timespec t = { 0, ms * 1000 * 1000 };
  nanosleep (&t, NULL);
}

/* Sends the requests and waits (2 seconds at most) for the answers. */
static void
threads_stop (int sig)
{
  pid_t pid = getpid ();
  guint i, waited;

  for (i = 0; i < ms_nslots; i++)
    if (ms_slots[i].state == SLOT_REQUESTED && syscall (SYS_tgkill, pid, ms_slots[i].tid, sig) != 0)
      ms_slots[i].state = SLOT_ABANDONED;       /* it has just gone */
  for (waited = 0; waited <= 2000; waited++)
    {
      gboolean pending = FALSE;

      for (i = 0; i < ms_nslots; i++)
        {
          int state = __atomic_load_n (&ms_slots[i].state, __ATOMIC_ACQUIRE);
          int expected = SLOT_REQUESTED;

          if (state == SLOT_STOPPING)
            pending = TRUE;
          else if (state == SLOT_REQUESTED && waited == 2000)
            {
              if (!__atomic_compare_exchange_n (&ms_slots[i].state, &expected, SLOT_ABANDONED, FALSE,
                                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
                pending = TRUE;    /* answering just now */
            }
          else if (state == SLOT_REQUESTED)
            pending = TRUE;
        }
      if (!pending)
        return;
      if (waited < 2000)
        sleep_ms (waited < 10 ? 0 : 1);
      else
        waited--;                  /* a thread inside its handler: a moment more */
    }
}

static void
threads_resume (void)
{
  guint i, waited;

  for (i = 0; i < ms_nslots; i++)
    if (__atomic_load_n (&ms_slots[i].state, __ATOMIC_ACQUIRE) == SLOT_STOPPED)
      {
        __atomic_store_n (&ms_slots[i].state, SLOT_RESUMED, __ATOMIC_RELEASE);
        futex (&ms_slots[i].state, FUTEX_WAKE_PRIVATE, 1, NULL);
      }
  /* Before the table may be reused by the next check. */
  for (waited = 0; waited < 1000; waited++)
    {
      gboolean pending = FALSE;

      for (i = 0; i < ms_nslots; i++)
        if (__atomic_load_n (&ms_slots[i].state, __ATOMIC_ACQUIRE) == SLOT_RESUMED)
          pending = TRUE;
      if (!pending)
        break;
      sleep_ms (1);
    }
}

/* ---- scanning ------------------------------------------------------------------- */

typedef struct
{
  GArray *blocks;               /* MsLiveBlock, by address */
  guintptr min, max;            /* no word outside [min, max) can point into one */
  GArray *readable;             /* Range, sorted: what /proc/self/maps shows readable */
  gssize *todo;                 /* reachable blocks still to scan: at most one entry per block */
  gsize ntodo;
  gboolean in_libc;             /* scanning libc's data: its pointers to its own chunks are not
                                 * to the blocks whose bytes those start in (next_chunk) */
} Scan;

static gssize
block_find (const Scan *sc, guintptr p)
{
  gssize lo = 0, hi = (gssize) sc->blocks->len - 1;

  while (lo <= hi)
    {
      gssize mid = (lo + hi) / 2;
      const MsLiveBlock *b = &g_array_index (sc->blocks, MsLiveBlock, mid);

      if (p < b->lo)
        hi = mid - 1;
      else if (p >= b->hi)
        lo = mid + 1;
      else
        return mid;
    }
  return -1;
}

static void
mark (Scan *sc, gssize i)
{
  MsLiveBlock *b = &g_array_index (sc->blocks, MsLiveBlock, i);

  if (b->state != MS_BLOCK_LEAKED)
    return;                   /* reachable already, or a suppressed leak: stays one */
  b->state = MS_BLOCK_REACHABLE;
  sc->todo[sc->ntodo++] = i;
}

static void
scan_words (Scan *sc, guintptr lo, guintptr hi)
{
  guintptr p;

  lo = (lo + sizeof (guintptr) - 1) & ~(guintptr) (sizeof (guintptr) - 1);
  for (p = lo; p + sizeof (guintptr) <= hi; p += sizeof (guintptr))
    {
      guintptr word = *(const guintptr *) p;
      gssize i;

      if (word - sc->min >= sc->max - sc->min)
        continue;
      i = block_find (sc, word);
      if (i < 0)
        {
          /* new T[0] of a type with a destructor: the pointer is just past
           * an 8-byte array cookie that holds 0 (LeakSanitizer's special
           * case). */
          i = block_find (sc, word - 1);
          if (i < 0)
            continue;
          {
            const MsLiveBlock *b = &g_array_index (sc->blocks, MsLiveBlock, i);
            if (b->hi != word || b->hi - b->lo != sizeof (guintptr) || *(const guintptr *) b->lo != 0)
              continue;
          }
        }
      else if (sc->in_libc && word == g_array_index (sc->blocks, MsLiveBlock, i).next_chunk)
        continue;
      mark (sc, i);
    }
}

/* Scans what is mapped readable of [lo, hi), but not [skip_lo, skip_hi). */
static void
scan_range (Scan *sc, guintptr lo, guintptr hi, guintptr skip_lo, guintptr skip_hi)
{
  guint i;

  if (skip_lo < skip_hi && skip_lo < hi && skip_hi > lo)
    {
      scan_range (sc, lo, skip_lo, 0, 0);
      scan_range (sc, skip_hi, hi, 0, 0);
      return;
    }
  for (i = 0; i < sc->readable->len && lo < hi; i++)
    {
      const Range *r = &g_array_index (sc->readable, Range, i);
      guintptr a = MAX (lo, r->lo), b = MIN (hi, r->hi);

      if (a < b)
        scan_words (sc, a, b);
    }
}

static void
flood (Scan *sc)
{
  while (sc->ntodo > 0)
    {
      const MsLiveBlock *b = &g_array_index (sc->blocks, MsLiveBlock, sc->todo[--sc->ntodo]);
      scan_words (sc, b->lo, b->hi);
    }
}

static gboolean
add_readable (const MsMapping *m, gpointer ranges)
{
  if (m->perms[0] == 'r')
    {
      Range r = { m->lo, m->hi };
      g_array_append_val ((GArray *) ranges, r);
    }
  return TRUE;
}

static GArray *
readable_ranges (void)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (Range));

  ms_maps_each (add_readable, ranges);
  return ranges;
}

/* The readable mapping @p is in. */
static Range
mapping_of (const Scan *sc, guintptr p)
{
  Range found = { 0, 0 };
  guint i;

  for (i = 0; i < sc->readable->len; i++)
    {
      const Range *r = &g_array_index (sc->readable, Range, i);

      if (p >= r->lo && p < r->hi)
        found = *r;
    }
  return found;
}

/* Roots 1: the writable segments of every loaded object but ours;
 * libc's apart. */
typedef struct
{
  GArray *globals;              /* Range */
  GArray *libc;                 /* Range */
} Globals;

static int
collect_globals (struct dl_phdr_info *info, size_t size, void *data)
{
  Globals *g = data;
  GArray *globals;
  int i;

  if (in_own_object (info))
    return 0;
  globals = object_holds (info, (guintptr) __libc_malloc) ? g->libc : g->globals;
  for (i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];

      if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) && ph->p_memsz > 0)
        {
          Range r = { info->dlpi_addr + ph->p_vaddr, info->dlpi_addr + ph->p_vaddr + ph->p_memsz };
          g_array_append_val (globals, r);
        }
    }
  return 0;
}

/* A thread as the scan sees it. */
typedef struct
{
  guintptr stack_lo, stack_hi;  /* 0, 0: unknown */
  guintptr sp;                  /* 0: unknown, the whole stack is live */
  guintptr tp;                  /* its thread pointer; 0: unknown */
  const guintptr *regs;
  guint nregs;
} ThreadRoots;

/* Roots 2 and 3 for one thread. */
static void
scan_thread (Scan *sc, const ThreadRoots *t)
{
  guintptr own_lo = 0, own_hi = 0, lo = t->stack_lo, hi = t->stack_hi;

  if (t->tp != 0 && ms_leaks.tls_hi > ms_leaks.tls_lo)
    {
      own_lo = t->tp + ms_leaks.tls_lo;
      own_hi = t->tp + ms_leaks.tls_hi;
    }
  if (t->regs != NULL)
    scan_words (sc, (guintptr) t->regs, (guintptr) (t->regs + t->nregs));
  /* The initial thread's stack goes on past the page glibc ends it at
   * (pthread_getattr_np): to its mapping's end, where the kernel laid out
   * argv, envp and their strings.  putenv over a variable the program
   * started with leaves the new string's only pointer in envp, and
   * LeakSanitizer scans that far too. */
  if ((guintptr) __libc_stack_end >= t->stack_lo && (guintptr) __libc_stack_end < hi)
    hi = MAX (hi, mapping_of (sc, hi - 1).hi);
  if (t->sp > t->stack_lo && t->sp < hi)
    lo = t->sp;               /* below it: out-of-scope values */
  if (lo < hi)
    scan_range (sc, lo, hi, own_lo, own_hi);
  if (t->tp != 0 && ms_leaks.static_tls != 0)
    scan_range (sc, t->tp + ms_leaks.descriptor - ms_leaks.static_tls, t->tp + ms_leaks.descriptor,
                own_lo, own_hi);
}

static int
by_lo (gconstpointer a, gconstpointer b)
{
  const Range *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

typedef struct
{
  void (*fn) (gpointer data);
  gpointer data;
  gboolean done;
} LockedCall;

static int
locked_call (struct dl_phdr_info *info, size_t size, void *arg)
{
  LockedCall *c = arg;

  c->fn (c->data);
  c->done = TRUE;
  return 1;                   /* once */
}

void
ms_leaks_with_loader_lock (void (*fn) (gpointer data), gpointer data)
{
  LockedCall call = { fn, data, FALSE };

  /* dl_iterate_phdr holds the loader's lock (a recursive one) while it
   * calls back. */
  dl_iterate_phdr (locked_call, &call);
  if (!call.done)
    fn (data);
}

void
ms_leaks_classify (GArray *blocks, const MsSnapshot *snap)
{
  Scan sc = { .blocks = blocks };
  g_autoptr (GArray) globals = g_array_new (FALSE, FALSE, sizeof (Range));
  g_autoptr (GArray) libc_globals = g_array_new (FALSE, FALSE, sizeof (Range));
  Globals g = { globals, libc_globals };
  g_autoptr (GArray) tids = NULL;
  g_autoptr (GHashTable) by_tid = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) ended = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) suppressed = g_hash_table_new (NULL, NULL);
  const MsCrash *crash = ms_crash_info ();
  const MsThreadRec *me = ms_self.rec;
  ThreadRoots self = { 0 };
  int sig = 0;
  guint i;

  if (blocks->len == 0)
    return;
  sc.min = g_array_index (blocks, MsLiveBlock, 0).lo;
  for (i = 0; i < blocks->len; i++)
    {
      MsLiveBlock *b = &g_array_index (blocks, MsLiveBlock, i);

      sc.max = MAX (sc.max, b->hi);
      b->state = MS_BLOCK_LEAKED;
      if (ms_leaks.suppressions != NULL && b->context != NULL)
        {
          gpointer known = g_hash_table_lookup (suppressed, b->context);

          if (known == NULL)
            {
              known = GINT_TO_POINTER (context_suppressed (b->context) ? 2 : 1);
              g_hash_table_insert (suppressed, b->context, known);
            }
          b->suppressible = known == GINT_TO_POINTER (2);
        }
      /* The function of the allocator call, as LeakSanitizer matches the
       * frames above malloc (a call outside instrumented code is named by
       * its symbol). */
      if (ms_leaks.suppressions != NULL && !b->suppressible && b->site != NULL)
        {
          gpointer known = g_hash_table_lookup (suppressed, b->site);

          if (known == NULL)
            {
              known = GINT_TO_POINTER (site_suppressed (b->site) ? 2 : 1);
              g_hash_table_insert (suppressed, (gpointer) b->site, known);
            }
          b->suppressible = known == GINT_TO_POINTER (2);
        }
    }
  sc.todo = g_new (gssize, blocks->len);
  sc.ntodo = 0;
  sc.readable = readable_ranges ();
  g_array_sort (sc.readable, by_lo);
  dl_iterate_phdr (collect_globals, &g);

  /* Which recorded thread each running one is; ended ones are no roots.
   * Records registered by hand say nothing of the threads that run. */
  for (i = 0; i < snap->threads->len; i++)
    {
      const MsThreadRec *rec = snap->threads->pdata[i];

      if (rec->manual != NULL)
        continue;
      if (rec->live != NULL)
        g_hash_table_insert (by_tid, GINT_TO_POINTER (rec->tid), (gpointer) rec);
      else
        g_hash_table_add (ended, GINT_TO_POINTER (rec->tid));
    }

  /* This thread: from where the runtime was entered (a crash: where the
   * fault happened). */
  self.sp = crash != NULL ? crash->sp : ms_entry_frame ? ms_entry_frame : (guintptr) __builtin_frame_address (0);
  self.tp = (guintptr) pthread_self ();
  if (crash != NULL)
    {
      self.regs = crash->regs;
      self.nregs = G_N_ELEMENTS (crash->regs);
    }
  if (me != NULL && me->stack_hi != 0)
    {
      self.stack_lo = me->stack_lo;
      self.stack_hi = me->stack_hi;
    }
  else
    {
      pthread_attr_t attr;
      void *addr;
      size_t size;

      if (pthread_getattr_np (pthread_self (), &attr) == 0)
        {
          if (pthread_attr_getstack (&attr, &addr, &size) == 0)
            {
              self.stack_lo = (guintptr) addr;
              self.stack_hi = (guintptr) addr + size;
            }
          pthread_attr_destroy (&attr);
        }
    }

  if (crash == NULL && ms_entry_at_exit)
    {
      /* The others: stopped, as LeakSanitizer stops them. */
      tids = other_threads ();
      for (i = 0; i < tids->len; i++)
        if (!g_hash_table_contains (by_tid, GINT_TO_POINTER (g_array_index (tids, pid_t, i)))
            && g_hash_table_contains (ended, GINT_TO_POINTER (g_array_index (tids, pid_t, i))))
          g_array_remove_index_fast (tids, i--);        /* ending: past its last instrumented act */
      sig = MS_HAVE_CONTEXT ? stop_signal () : 0;
      slots_prepare (tids, sig);
      if (sig != 0)
        threads_stop (sig);
    }

  /* ---- from here until threads_resume: no allocation, no lock ---- */
  for (i = 0; i < globals->len; i++)
    scan_range (&sc, g_array_index (globals, Range, i).lo, g_array_index (globals, Range, i).hi, 0, 0);
  sc.in_libc = TRUE;
  for (i = 0; i < libc_globals->len; i++)
    scan_range (&sc, g_array_index (libc_globals, Range, i).lo, g_array_index (libc_globals, Range, i).hi, 0, 0);
  sc.in_libc = FALSE;
  scan_thread (&sc, &self);
  if (tids == NULL)
    {
      /* A snapshot taken while the program runs on (memscope_dump), where
       * stopping threads would cut their sleeps short, or a copy of a
       * crashed process, where they are not: the other threads' stack
       * pointers are unknown, their whole stacks live. */
      for (i = 0; i < snap->threads->len; i++)
        {
          const MsThreadRec *rec = snap->threads->pdata[i];
          ThreadRoots t = { rec->stack_lo, rec->stack_hi, 0, 0, NULL, 0 };

          if (rec->live == NULL || rec == me)
            continue;
          t.tp = (guintptr) rec->live->pthread;
          scan_thread (&sc, &t);
        }
    }
  for (i = 0; tids != NULL && i < ms_nslots; i++)
    {
      const StopSlot *s = &ms_slots[i];
      const MsThreadRec *rec = g_hash_table_lookup (by_tid, GINT_TO_POINTER (s->tid));
      ThreadRoots t = { 0 };

      if (s->state == SLOT_STOPPED)
        {
          t.sp = s->sp;
          t.tp = s->tp;
          t.regs = s->regs;
          t.nregs = MS_NREGS;
        }
      else if (rec != NULL)
        t.tp = (guintptr) rec->live->pthread;
      if (rec != NULL && rec->stack_hi != 0)
        {
          t.stack_lo = rec->stack_lo;
          t.stack_hi = rec->stack_hi;
        }
      else if (t.sp != 0)
        {
          /* A thread that never ran instrumented code nor allocated:
           * its stack is the mapping its stack pointer is in. */
          Range m = mapping_of (&sc, t.sp);
          t.stack_lo = m.lo;
          t.stack_hi = m.hi;
        }
      scan_thread (&sc, &t);
    }
  flood (&sc);

  /* Roots 4: the loader's blocks. */
  for (i = 0; i < blocks->len; i++)
    if (g_array_index (blocks, MsLiveBlock, i).loader)
      mark (&sc, i);
  flood (&sc);

  /* Roots 5: a suppressed leak keeps what it points to, as under
   * LeakSanitizer. */
  for (i = 0; i < blocks->len; i++)
    {
      MsLiveBlock *b = &g_array_index (blocks, MsLiveBlock, i);
      if (b->state == MS_BLOCK_LEAKED && b->suppressible)
        b->state = MS_BLOCK_SUPPRESSED;
    }
  for (i = 0; i < blocks->len; i++)
    {
      const MsLiveBlock *b = &g_array_index (blocks, MsLiveBlock, i);
      if (b->state == MS_BLOCK_SUPPRESSED)
        scan_words (&sc, b->lo, b->hi);
    }
  flood (&sc);
  if (tids != NULL)
    threads_resume ();
  /* ---- threads run again ---- */

  g_free (sc.todo);
  g_array_free (sc.readable, TRUE);
}

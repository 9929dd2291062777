/* heap.c: every heap allocation of the program, by thread, calling context
 * and owning variable.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libmemscope defines malloc and its family, so that the program, the
 * libraries it calls and glibc's own users (strdup, fopen...) all come here;
 * each call is forwarded to glibc's allocator (__libc_malloc and friends).
 * A tracked block carries a 48-byte header right below the pointer the
 * program sees (and 8 spare bytes after its own, MS_TAIL):
 *
 *     base                                                user
 *     | slot | owner | stats | caller | size+flags | tag | the program's bytes
 *
 * caller is the return address of the allocator's caller: at report time
 * it names the allocator call (file:line) through the call-site entries
 * the plugin writes into each object's memscope_callsites section.
 * tag is the user pointer xor a per-process random cookie.  Only the word
 * at user-8 is read before a block is known to be ours; for glibc's blocks
 * that word is its own chunk size field, always mapped, never equal to the
 * tag.  So blocks allocated before the runtime started, by the dynamic
 * loader, or by the runtime itself (under its recursion guard) pass through
 * untouched, and free and realloc of them go straight to glibc.
 *
 * Each thread keeps its live blocks in a table of its own (MsTable, in
 * its registry record, which outlives it): a live block's slot holds its
 * header's address, and the header the slot's; a free slot holds the next
 * free one, its low bit set.  The table is guarded by a spinlock that only
 * a free from another thread or a report ever contends for.  Counters
 * follow one rule: the allocating thread writes the plain ones; frees from
 * other threads add to separate atomic ones.  No global lock, no lookup:
 * a free is O(1).  Every glibc chunk of a small block stays within 128
 * bytes (glibc's fast bins) for the program's blocks of up to 64 bytes.
 */
#include "config.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

#include "hotpath.h"
#include "leaks.h"
#include "options.h"
#include "registry-private.h"
#include "snapshot.h"
#include "symbols.h"

extern void *__libc_malloc (size_t);
extern void __libc_free (void *);
extern void *__libc_calloc (size_t, size_t);
extern void *__libc_realloc (void *, size_t);
extern void *__libc_memalign (size_t, size_t);

#define MS_EXPORT __attribute__ ((visibility ("default")))

typedef struct MsBlock MsBlock;

/* Lies right below the user pointer; fields in address order. */
struct MsBlock
{
  guintptr *slot;                       /* its entry in its thread's table */
  const __memscope_var_desc *owner;
  MsHeapStats *stats;                   /* where it was allocated (an MsStats) */
  const void *caller;                   /* the allocator's return address */
  guint64 size_flags;
  guintptr tag;
};

#define MS_HEADER sizeof (MsBlock)              /* 48: keeps 16-byte alignment */
/* Asked of glibc beyond the header and the program's bytes.  glibc lends
 * a chunk the first word of the next chunk; the program's bytes must not
 * reach into it, or glibc's own pointers to that next chunk (main_arena's
 * top and bins, in libc's data) would point into them and keep the block
 * "reachable" for the leak check. */
#define MS_TAIL 8
#define MS_SIZE_MASK ((G_GUINT64_CONSTANT (1) << 48) - 1)
#define MS_MAX_SIZE (MS_SIZE_MASK - MS_HEADER - MS_TAIL)
#define MS_FLAG_INHERITED (G_GUINT64_CONSTANT (1) << 63)
#define MS_ALIGN_SHIFT 48                       /* log2 of the header room, 0: MS_HEADER */
#define MS_ALIGN_MASK (G_GUINT64_CONSTANT (0x3f) << MS_ALIGN_SHIFT)

G_STATIC_ASSERT (sizeof (MsBlock) == 48);

/* A slot that holds no block: the next free slot's address | MS_SLOT_FREE
 * (MS_SLOT_FREE alone: none), or 0: never used. */
#define MS_SLOT_FREE ((guintptr) 1)

typedef struct MsSlotChunk MsSlotChunk;
struct MsSlotChunk
{
  MsSlotChunk *next;                    /* the table's older chunks */
  gsize nslots;
  guintptr slots[];
};

#define MS_SLOTS_FIRST 1024
#define MS_SLOTS_MAX (1 << 20)

/* One thread's live blocks (MsThreadRec.heap_blocks), under its
 * heap_lock.  Never freed: its blocks outlive it. */
typedef struct
{
  guintptr *free_slots;                 /* a list through the free slots */
  guintptr *bump, *bump_end;            /* slots never used yet */
  MsSlotChunk *chunks;                  /* newest first */
} MsTable;

static guintptr ms_cookie;
static gboolean ms_heap_on;             /* tracking now (off in a crash report writer) */
static gboolean ms_heap_enabled;        /* tracking was asked for (heap=1) */
static guintptr ms_loader_lo, ms_loader_size;   /* the dynamic loader's code */
static size_t (*real_usable_size) (void *);

/* ---- glibc's allocator, or a lock-free stand-in in a crash report writer -- *
 *
 * The copy of a crashed process that writes its report (crash.c) has only
 * the crashing thread; any lock another thread held at the crash, glibc's
 * arena locks included, stays held.  There every allocation comes from a
 * bump allocator over fresh pages, and nothing is ever freed. */

static guint8 *ms_bump, *ms_bump_end;

static void *
bump_alloc (size_t alignment, size_t size)
{
  guintptr p = ((guintptr) ms_bump + 16 + alignment - 1) & ~(guintptr) (alignment - 1);

  if (size > (gsize) (ms_bump_end - ms_bump) || p + size > (guintptr) ms_bump_end)
    {
      errno = ENOMEM;
      return NULL;
    }
  ((gsize *) p)[-1] = size;
  ms_bump = (guint8 *) (p + size);
  return (void *) p;
}

static inline gboolean
in_bump (const void *p)
{
  return ms_bump_end != NULL && (const guint8 *) p < ms_bump_end
         && (const guint8 *) p >= ms_bump_end - ((gsize) 256 << 20);
}

void
ms_heap_crash_mode (void)
{
  gsize bytes = (gsize) 256 << 20;
  void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

  ms_heap_on = FALSE;
  if (p == MAP_FAILED)
    return;
  ms_bump = p;
  ms_bump_end = ms_bump + bytes;
}

static inline void *
real_malloc (size_t size)
{
  return G_LIKELY (ms_bump == NULL) ? __libc_malloc (size) : bump_alloc (16, size);
}

static inline void *
real_memalign (size_t alignment, size_t size)
{
  return G_LIKELY (ms_bump == NULL) ? __libc_memalign (alignment, size) : bump_alloc (alignment, size);
}

static inline void *
real_calloc (size_t n, size_t size)
{
  return G_LIKELY (ms_bump == NULL) ? __libc_calloc (n, size) : bump_alloc (16, n * size);
}

static inline void
real_free (void *p)
{
  if (G_LIKELY (ms_bump == NULL))
    __libc_free (p);
}

static void *
real_realloc (void *p, size_t size)
{
  void *fresh;
  gsize old;

  if (G_LIKELY (ms_bump == NULL))
    return __libc_realloc (p, size);
  fresh = bump_alloc (16, size);
  if (fresh != NULL && p != NULL)
    {
      old = in_bump (p) ? ((gsize *) p)[-1] : (real_usable_size ? real_usable_size (p) : 0);
      memcpy (fresh, p, MIN (old, size));
    }
  return fresh;
}

static inline MsBlock *
block_of (const void *user)
{
  return (MsBlock *) ((guint8 *) user - MS_HEADER);
}

static inline gboolean
block_is_ours (const void *user)
{
  return user != NULL && ((const guintptr *) user)[-1] == ((guintptr) user ^ ms_cookie);
}

static inline guint64
block_size (const MsBlock *b)
{
  return b->size_flags & MS_SIZE_MASK;
}

/* How far below the user pointer the underlying allocation starts. */
static inline gsize
block_room (const MsBlock *b)
{
  guint shift = (guint) ((b->size_flags & MS_ALIGN_MASK) >> MS_ALIGN_SHIFT);
  return shift ? (gsize) 1 << shift : MS_HEADER;
}

static inline void
spin_lock (int *lock)
{
  while (__atomic_exchange_n (lock, 1, __ATOMIC_ACQUIRE))
    while (__atomic_load_n (lock, __ATOMIC_RELAXED))
      __builtin_ia32_pause ();
}

static inline void
spin_unlock (int *lock)
{
  __atomic_store_n (lock, 0, __ATOMIC_RELEASE);
}

/* Adds to a counter that only this thread writes, in one instruction: a
 * signal handler that allocates on the same thread cannot lose the update
 * (a load, add, store sequence could). */
static inline void
own_add (guint64 *counter, guint64 value)
{
#if defined(__x86_64__)
  __asm__ __volatile__ ("addq %1, %0" : "+m" (*counter) : "er" (value));
#else
  __atomic_add_fetch (counter, value, __ATOMIC_RELAXED);
#endif
}

/* ---- cold: per-context statistics --------------------------------------- */

/* Allocations of one context at one allocator call: its caller's return
 * address, mapped to the call at report time. */
typedef struct
{
  const void *caller;
  guint64 allocs;
  guint64 bytes;
} MsCallerCount;

#define MS_CALLERS 4                    /* in the stats themselves: most contexts call few allocators */
#define MS_CALLER_CHUNK 14

typedef struct MsCallerChunk MsCallerChunk;
struct MsCallerChunk
{
  MsCallerChunk *next;
  guint64 used;
  MsCallerCount c[MS_CALLER_CHUNK];
};

/* heap.c's MsHeapStats, with what only heap.c reads.  Same writing rules. */
typedef struct MsStats MsStats;
struct MsStats
{
  MsHeapStats s;
  MsCallerCount callers[MS_CALLERS];
  MsCallerChunk *more;                  /* further callers, published with a release store */
  MsStats *next_in_thread;              /* the thread's others (MsSeries.stats) */
  guint64 peak_live;                    /* its bytes live at the thread's heap peak */
  guint64 peak_blocks;
};

G_STATIC_ASSERT (G_STRUCT_OFFSET (MsStats, s) == 0);

static MsHeapStats *ms_all_stats;        /* every MsHeapStats, pushed atomically */

/* Memory that lives as long as the process, from the thread's own chunks
 * (never malloc: the runtime's own data is never a heap block). */
static void *
arena_take (MsThread *t, gsize bytes)
{
  void *p;

  if (t->heap_arena_left < bytes)
    {
      gsize chunk = 64 * 1024;
      void *fresh = mmap (NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (fresh == MAP_FAILED)
        return NULL;
      t->heap_arena = fresh;
      t->heap_arena_left = chunk;
    }
  p = t->heap_arena;
  t->heap_arena += bytes;
  t->heap_arena_left -= bytes;
  return p;
}

/* ---- cold: the heap over time ------------------------------------------ *
 *
 * Each thread keeps a series of (time, live heap bytes, live bytes of
 * tracked variables): a sample each time its live heap bytes moved by 1%
 * of their peak or more since the last one, as massif does.  The fast
 * path compares the live bytes with two bounds (MsSeries.hi and lo1); the
 * sample, a clock read, is taken out of line.  Each time the live bytes
 * pass their last peak by 1%, every context's live bytes are noted too:
 * what the heap held at the peak.  Frees by another thread show at the
 * owner's next event. */

#define MS_SERIES_CAP 1024              /* samples per thread */

/* A thread that cannot have a series (no memory) never samples. */
static MsSeries ms_no_series = { .hi = G_MAXUINT64, .lo1 = 0 };

static MsSeries *
series_new (void)
{
  gsize bytes = sizeof (MsSeries) + MS_SERIES_CAP * sizeof (MsSample);
  MsSeries *se = mmap (NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (se == MAP_FAILED)
    return &ms_no_series;
  se->cap = MS_SERIES_CAP;
  se->hi = 1;                           /* the first allocation is a sample */
  se->peak_next = 1;
  return se;
}

/* Full: of each two samples, the higher stays (peaks are what the graph
 * is read for). */
static void
series_cull (MsSeries *se)
{
  guint32 i;

  for (i = 0; 2 * i + 1 < se->len; i++)
    se->samples[i] = se->samples[2 * i].heap >= se->samples[2 * i + 1].heap ? se->samples[2 * i]
                                                                            : se->samples[2 * i + 1];
  se->culled += se->len - i;
  se->len = i;
}

static guint64
stats_live_now (const MsHeapStats *hs)
{
  guint64 freed = hs->freed_local + __atomic_load_n (&hs->freed_remote, __ATOMIC_RELAXED);
  return hs->bytes > freed ? hs->bytes - freed : 0;
}

/* The live heap bytes reached a bound: a sample, and at a new peak what
 * every context of the thread holds. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
series_event (MsThread *t, MsThreadRec *rec, guint64 live)
{
  MsSeries *se = rec->heap_series;
  gint64 now = ms_now_ns ();
  guint64 step;

  if (se == &ms_no_series)
    return;
  if (live >= se->peak_next)
    {
      MsStats *x;

      for (x = se->stats; x != NULL; x = x->next_in_thread)
        {
          x->peak_live = stats_live_now (&x->s);
          x->peak_blocks = x->s.allocs - x->s.frees_local - __atomic_load_n (&x->s.frees_remote, __ATOMIC_RELAXED);
        }
      se->peak_at = now;
      se->peak_bytes = live;
      se->peak_next = live + MAX (live / 100, 1);
    }
  if (se->len == se->cap)
    series_cull (se);
  se->samples[se->len].t_ns = now;
  se->samples[se->len].heap = live;
  se->samples[se->len].stack = t->live;
  se->len++;
  step = MAX (MAX (rec->heap_peak, live) / 100, 1);
  se->hi = MIN (live + step, se->peak_next);
  se->lo1 = live >= step ? live - step + 1 : 0;
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static MsHeapStats *
stats_new (MsThread *t, MsNode *node)
{
  MsHeapStats *hs;
  MsSeries *se;

  if (t->rec->heap_blocks == NULL)
    {
      MsTable *tb = arena_take (t, sizeof (MsTable));

      if (tb == NULL)
        return NULL;
      __atomic_store_n (&t->rec->heap_blocks, tb, __ATOMIC_RELEASE);
    }
  hs = arena_take (t, sizeof (MsStats));
  if (hs == NULL)
    return NULL;
  if (t->rec->heap_series == NULL)
    t->rec->heap_series = series_new ();
  se = t->rec->heap_series;
  if (se != &ms_no_series)
    {
      ((MsStats *) hs)->next_in_thread = se->stats;
      se->stats = hs;
    }
  hs->node = node;
  hs->rec = t->rec;
  hs->next = __atomic_load_n (&ms_all_stats, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n (&ms_all_stats, &hs->next, hs, TRUE,
                                       __ATOMIC_RELEASE, __ATOMIC_RELAXED))
    ;
  node->heap = hs;
  return hs;
}

/* current_stats' every case: the thread's first allocation, a context's
 * first, a thread whose frames overflowed, or no tracking (the runtime's
 * own allocations, a signal handler inside a table update, heap=0, a
 * crash report writer, an ended thread). */
G_GNUC_NO_INLINE static MsHeapStats *
current_stats_slow (MsThread *t)
{
  MsNode *node;

  if (G_UNLIKELY (!ms_heap_on || t->in_runtime || t->dead || t->heap_busy))
    return NULL;
  if (G_UNLIKELY (t->limit == NULL))
    {
      gboolean ok;

      /* The thread's first event: set it up without tracking the set-up. */
      t->in_runtime++;
      ok = ms_thread_ensure (t);
      t->in_runtime--;
      if (!ok)
        return NULL;
    }
  node = ms_current_node (t);
  return G_LIKELY (node->heap != NULL) ? node->heap : stats_new (t, node);
}

/* The statistics the calling thread's next allocation goes to, or NULL
 * when this allocation is not to be tracked.  The steady state: the top
 * frame's context has its statistics (three loads); the boot frame, the
 * overflow frame and an ended thread's frame have none. */
static inline __attribute__ ((always_inline)) MsHeapStats *
current_stats (MsThread *t)
{
  MsHeapStats *hs = t->top->node->heap;

  if (G_LIKELY (hs != NULL && ms_heap_on && (t->in_runtime | t->heap_busy | t->dead) == 0))
    return hs;
  return current_stats_slow (t);
}

/* ---- accounting ---------------------------------------------------------- */

/* Counts an allocation at CALLER beyond the stats' first caller: the
 * other inline slots, then the chunks, a new slot at the first free one.
 * Slots are filled once and never move, so a report reads them without a
 * lock. */
G_GNUC_NO_INLINE static void
caller_count_more (MsThread *t, MsStats *x, const void *caller, guint64 size)
{
  MsCallerChunk *ch, **link;
  guint i;

  for (i = 1; i < MS_CALLERS; i++)
    if (x->callers[i].caller == caller || x->callers[i].caller == NULL)
      {
        if (x->callers[i].caller == NULL)
          __atomic_store_n (&x->callers[i].caller, caller, __ATOMIC_RELEASE);
        own_add (&x->callers[i].allocs, 1);
        own_add (&x->callers[i].bytes, size);
        return;
      }
  for (link = &x->more; (ch = *link) != NULL; link = &ch->next)
    {
      for (i = 0; i < ch->used; i++)
        if (ch->c[i].caller == caller)
          {
            own_add (&ch->c[i].allocs, 1);
            own_add (&ch->c[i].bytes, size);
            return;
          }
      if (ch->used < MS_CALLER_CHUNK)
        break;
    }
  if (ch == NULL)
    {
      ch = arena_take (t, sizeof (MsCallerChunk));
      if (ch == NULL)
        return;
      __atomic_store_n (link, ch, __ATOMIC_RELEASE);
    }
  ch->c[ch->used].caller = caller;
  ch->c[ch->used].allocs = 1;
  ch->c[ch->used].bytes = size;
  __atomic_store_n (&ch->used, ch->used + 1, __ATOMIC_RELEASE);
}

static inline __attribute__ ((always_inline)) void
account_alloc (MsThread *t, MsHeapStats *hs, guint64 size, const void *caller)
{
  MsThreadRec *rec = hs->rec;
  MsStats *x = (MsStats *) hs;
  guint64 live;

  own_add (&hs->allocs, 1);
  own_add (&hs->bytes, size);
  if (G_LIKELY (x->callers[0].caller == caller))
    {
      own_add (&x->callers[0].allocs, 1);
      own_add (&x->callers[0].bytes, size);
    }
  else if (x->callers[0].caller == NULL)
    {
      x->callers[0].allocs = 1;
      x->callers[0].bytes = size;
      __atomic_store_n (&x->callers[0].caller, caller, __ATOMIC_RELEASE);
    }
  else
    caller_count_more (t, x, caller, size);
  live = hs->bytes - hs->freed_local - __atomic_load_n (&hs->freed_remote, __ATOMIC_RELAXED);
  if (live > hs->peak)
    hs->peak = live;
  own_add (&rec->heap_allocs, 1);
  own_add (&rec->heap_alloc_bytes, size);
  live = rec->heap_alloc_bytes - rec->heap_freed_local
         - __atomic_load_n (&rec->heap_freed_remote, __ATOMIC_RELAXED);
  if (live > rec->heap_peak)
    rec->heap_peak = live;
  if (G_UNLIKELY (live >= rec->heap_series->hi))
    series_event (t, rec, live);
}

static inline void
account_free (MsThread *t, MsHeapStats *hs, guint64 size)
{
  MsThreadRec *rec = hs->rec;

  if (rec == t->rec)
    {
      guint64 live;

      own_add (&hs->frees_local, 1);
      own_add (&hs->freed_local, size);
      own_add (&rec->heap_frees_local, 1);
      own_add (&rec->heap_freed_local, size);
      live = rec->heap_alloc_bytes - rec->heap_freed_local
             - __atomic_load_n (&rec->heap_freed_remote, __ATOMIC_RELAXED);
      if (G_UNLIKELY (live < rec->heap_series->lo1))
        series_event (t, rec, live);
    }
  else
    {
      /* Credited back to the thread that allocated it, which may be gone. */
      __atomic_add_fetch (&hs->frees_remote, 1, __ATOMIC_RELAXED);
      __atomic_add_fetch (&hs->freed_remote, size, __ATOMIC_RELAXED);
      __atomic_add_fetch (&rec->heap_frees_remote, 1, __ATOMIC_RELAXED);
      __atomic_add_fetch (&rec->heap_freed_remote, size, __ATOMIC_RELAXED);
    }
}

static void run_deferred (MsThread *t);

/* While a thread holds a list lock it is "busy": a signal handler that
 * allocates on it then gets untracked memory, and one that frees a tracked
 * block has the free deferred until the lock is released, never a
 * deadlock on a lock its own thread holds. */
static inline void
busy_enter (MsThread *t)
{
  t->heap_busy++;
  __asm__ __volatile__ ("" ::: "memory");
}

static inline void
busy_leave (MsThread *t)
{
  __asm__ __volatile__ ("" ::: "memory");
  t->heap_busy--;
  if (G_UNLIKELY (t->ndeferred != 0 && t->heap_busy == 0))
    run_deferred (t);
}

/* ---- slots ------------------------------------------------------------------ */

G_GNUC_NO_INLINE __attribute__ ((cold)) static guintptr *
slot_take_more (MsTable *tb)
{
  if (tb->bump == tb->bump_end)
    {
      gsize n = tb->chunks ? MIN (tb->chunks->nslots * 2, MS_SLOTS_MAX) : MS_SLOTS_FIRST;
      int saved = errno;
      MsSlotChunk *ch = mmap (NULL, sizeof (MsSlotChunk) + n * sizeof (guintptr), PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

      errno = saved;
      if (ch == MAP_FAILED)
        return NULL;
      ch->nslots = n;
      ch->next = tb->chunks;
      tb->chunks = ch;
      tb->bump = ch->slots;
      tb->bump_end = ch->slots + n;
    }
  return tb->bump++;
}

/* Takes a slot of REC's table for the block whose header is at b; FALSE
 * when there is no memory for one. */
static inline __attribute__ ((always_inline)) gboolean
slot_link (MsThread *t, MsThreadRec *rec, MsBlock *b)
{
  MsTable *tb = rec->heap_blocks;
  guintptr *s;

  busy_enter (t);
  spin_lock (&rec->heap_lock);
  s = tb->free_slots;
  if (G_LIKELY (s != NULL))
    tb->free_slots = (guintptr *) (*s - MS_SLOT_FREE);
  else
    s = slot_take_more (tb);
  if (G_LIKELY (s != NULL))
    {
      *s = (guintptr) b;
      b->slot = s;
    }
  spin_unlock (&rec->heap_lock);
  busy_leave (t);
  return s != NULL;
}

/* Gives the block's slot back to REC's table. */
static inline __attribute__ ((always_inline)) void
slot_unlink (MsThread *t, MsThreadRec *rec, MsBlock *b)
{
  MsTable *tb = rec->heap_blocks;
  guintptr *s = b->slot;

  busy_enter (t);
  spin_lock (&rec->heap_lock);
  *s = (guintptr) tb->free_slots | MS_SLOT_FREE;
  tb->free_slots = s;
  spin_unlock (&rec->heap_lock);
  busy_leave (t);
}

/* Calls fn on every live block of REC's table; the caller holds its lock. */
static void
table_each (MsThreadRec *rec, void (*fn) (MsBlock *b, gpointer data), gpointer data)
{
  MsTable *tb = __atomic_load_n (&rec->heap_blocks, __ATOMIC_ACQUIRE);
  MsSlotChunk *ch;
  gsize j;

  for (ch = tb ? tb->chunks : NULL; ch != NULL; ch = ch->next)
    for (j = 0; j < ch->nslots; j++)
      {
        guintptr w = ch->slots[j];

        if (w != 0 && !(w & MS_SLOT_FREE))
          fn ((MsBlock *) w, data);
      }
}

/* A block that cannot have a slot (no memory for the table): given back. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void *
block_drop (MsThread *t, MsHeapStats *hs, void *base, guint64 size)
{
  account_free (t, hs, size);
  real_free (base);
  errno = ENOMEM;
  return NULL;
}

/* Hides where a pointer comes from: what is computed from it afterwards
 * is computed afresh, not kept in a register from before. */
#define launder(p) __asm__ ("" : "+r" (p))

/* Turns freshly allocated memory at base (room bytes below the user
 * pointer, shift its log2 or 0) into a tracked block. */
static inline __attribute__ ((always_inline)) void *
block_start (MsThread *t, MsHeapStats *hs, void *base, gsize room, guint shift, guint64 size, const void *caller)
{
  MsBlock *b = (MsBlock *) ((guint8 *) base + room - MS_HEADER);

  /* Counted first, and the slot taken before the user pointer is made: a
   * sample of the heap over time (series_event) and a new chunk of the
   * table are taken out of line, and no pointer into the program's bytes
   * must be kept in a register across such a call, whose frame would
   * leave a stale copy of it on the stack for the leak check to find. */
  account_alloc (t, hs, size, caller);
  b->owner = NULL;
  b->stats = hs;
  b->caller = caller;
  b->size_flags = size | ((guint64) shift << MS_ALIGN_SHIFT);
  b->tag = ((guintptr) b + MS_HEADER) ^ ms_cookie;
  if (G_UNLIKELY (!slot_link (t, hs->rec, b)))
    return block_drop (t, hs, base, size);
  launder (b);
  return (guint8 *) b + MS_HEADER;
}

/* Untracks a block; returns the underlying allocation. */
static inline __attribute__ ((always_inline)) void *
block_end (MsThread *t, void *user)
{
  MsBlock *b = block_of (user);
  MsHeapStats *hs = b->stats;
  guint64 flags = b->size_flags;
  void *base = (guint8 *) user - (G_LIKELY ((flags & MS_ALIGN_MASK) == 0) ? MS_HEADER : block_room (b));

  slot_unlink (t, hs->rec, b);
  b->tag = 0;                  /* a second free is no longer ours: glibc judges it */
  /* Last, as in block_start: nothing but the base is live across it. */
  if (!(flags & MS_FLAG_INHERITED))
    account_free (t, hs, flags & MS_SIZE_MASK);
  return base;
}

/* ---- the allocator entry points ------------------------------------------ */

static void *
tracked_malloc (MsThread *t, MsHeapStats *hs, size_t size, const void *caller)
{
  void *base;

  if (size > MS_MAX_SIZE)
    {
      errno = ENOMEM;
      return NULL;
    }
  base = real_malloc (size + MS_HEADER + MS_TAIL);
  return base ? block_start (t, hs, base, MS_HEADER, 0, size, caller) : NULL;
}

/* alignment: a power of two above 16. */
static void *
tracked_memalign (MsThread *t, MsHeapStats *hs, size_t alignment, size_t size, const void *caller)
{
  gsize room = MAX (alignment, 64);
  guint shift = (guint) __builtin_ctzl (room);
  void *base;

  if (size > MS_SIZE_MASK - room - MS_TAIL)
    {
      errno = ENOMEM;
      return NULL;
    }
  base = real_memalign (room, size + room + MS_TAIL);
  return base ? block_start (t, hs, base, room, shift, size, caller) : NULL;
}

/* Each entry point passes on the return address of its own caller: the
 * allocator call in the program (or in the library that allocates). */
static inline __attribute__ ((always_inline)) void *
do_malloc (size_t size, const void *caller)
{
  MsThread *t = &ms_self;
  MsHeapStats *hs = current_stats (t);
  void *base;

  if (G_UNLIKELY (hs == NULL))
    return real_malloc (size);
  if (G_UNLIKELY (size > MS_MAX_SIZE))
    {
      errno = ENOMEM;
      return NULL;
    }
  base = real_malloc (size + MS_HEADER + MS_TAIL);
  if (G_UNLIKELY (base == NULL))
    return NULL;
  return block_start (t, hs, base, MS_HEADER, 0, size, caller);
}

MS_EXPORT void *
malloc (size_t size)
{
  return do_malloc (size, __builtin_return_address (0));
}

/* A free that cannot be made now: a signal handler interrupted this
 * thread inside a table update. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
free_later (MsThread *t, void *user)
{
  if (t->ndeferred < G_N_ELEMENTS (t->deferred))
    t->deferred[t->ndeferred++] = user;
  /* else: kept, and still reported live */
}

MS_EXPORT void
free (void *user)
{
  MsThread *t = &ms_self;

  if (user == NULL)
    return;
  if (!block_is_ours (user))
    {
      real_free (user);
      return;
    }
  if (G_UNLIKELY (ms_bump != NULL))
    return;                   /* a crash report writer: nothing is freed */
  if (G_UNLIKELY (t->heap_busy))
    {
      free_later (t, user);
      return;
    }
  __libc_free (block_end (t, user));
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static void
run_deferred (MsThread *t)
{
  while (t->ndeferred > 0 && t->heap_busy == 0)
    free (t->deferred[--t->ndeferred]);
}

MS_EXPORT void *
calloc (size_t n, size_t size)
{
  MsThread *t = &ms_self;
  const void *caller = __builtin_return_address (0);
  MsHeapStats *hs;
  size_t total;
  void *base;

  if (__builtin_mul_overflow (n, size, &total))
    {
      errno = ENOMEM;
      return NULL;
    }
  hs = current_stats (t);
  if (hs == NULL)
    return real_calloc (n, size);
  if (total > MS_MAX_SIZE)
    {
      errno = ENOMEM;
      return NULL;
    }
  base = real_calloc (1, total + MS_HEADER + MS_TAIL);
  return base ? block_start (t, hs, base, MS_HEADER, 0, total, caller) : NULL;
}

static void *
do_realloc (void *user, size_t size, const void *caller)
{
  MsThread *t = &ms_self;
  MsHeapStats *hs;
  MsBlock *b;
  void *base, *fresh;
  guint64 old_size;

  if (user == NULL)
    return do_malloc (size, caller);
  if (!block_is_ours (user))
    return real_realloc (user, size);
  if (size == 0)
    {
      free (user);
      return NULL;
    }
  b = block_of (user);
  old_size = block_size (b);
  hs = current_stats (t);
  if (hs == NULL || (b->size_flags & MS_ALIGN_MASK) != 0 || size > MS_MAX_SIZE)
    {
      /* Move it: a block over-aligned (its header flags say), or reallocated
       * while untracked. */
      fresh = hs ? tracked_malloc (t, hs, size, caller) : real_malloc (size);
      if (fresh == NULL)
        return NULL;
      memcpy (fresh, user, MIN (old_size, size));
      free (user);
      return fresh;
    }
  /* Counted as a free of the old block and an allocation of the new one,
   * in the calling context (as heaptrack does). */
  base = block_end (t, user);
  fresh = real_realloc (base, size + MS_HEADER + MS_TAIL);
  if (fresh == NULL)
    {
      /* The old block is intact: track it again, as it was. */
      MsBlock *again;
      const void *was = b->caller;
      user = block_start (t, b->stats, base, MS_HEADER, 0, old_size, was);
      again = block_of (user);
      again->owner = b->owner;
      return NULL;
    }
  {
    const __memscope_var_desc *owner = block_of ((guint8 *) fresh + MS_HEADER)->owner;
    user = block_start (t, hs, fresh, MS_HEADER, 0, size, caller);
    block_of (user)->owner = owner;   /* the owner moves with the block */
  }
  return user;
}

MS_EXPORT void *
realloc (void *user, size_t size)
{
  return do_realloc (user, size, __builtin_return_address (0));
}

MS_EXPORT void *
reallocarray (void *user, size_t n, size_t size)
{
  size_t total;

  if (__builtin_mul_overflow (n, size, &total))
    {
      errno = ENOMEM;
      return NULL;
    }
  return do_realloc (user, total, __builtin_return_address (0));
}

static void *
aligned (size_t alignment, size_t size, const void *caller)
{
  MsThread *t = &ms_self;
  MsHeapStats *hs;

  if (alignment <= 16)
    return do_malloc (size, caller);
  if (alignment & (alignment - 1))
    alignment = (size_t) 1 << (64 - __builtin_clzl (alignment));  /* as glibc's memalign */
  hs = current_stats (t);
  return hs ? tracked_memalign (t, hs, alignment, size, caller) : real_memalign (alignment, size);
}

MS_EXPORT int
posix_memalign (void **out, size_t alignment, size_t size)
{
  void *p;
  int saved = errno;

  if (alignment % sizeof (void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0)
    return EINVAL;
  p = aligned (alignment, size, __builtin_return_address (0));
  if (p == NULL)
    {
      int err = errno;
      errno = saved;
      return err ? err : ENOMEM;
    }
  *out = p;
  return 0;
}

MS_EXPORT void *
aligned_alloc (size_t alignment, size_t size)
{
  return aligned (alignment, size, __builtin_return_address (0));
}

MS_EXPORT void *
memalign (size_t alignment, size_t size)
{
  return aligned (alignment, size, __builtin_return_address (0));
}

MS_EXPORT void *
valloc (size_t size)
{
  return aligned ((size_t) sysconf (_SC_PAGESIZE), size, __builtin_return_address (0));
}

MS_EXPORT void *
pvalloc (size_t size)
{
  size_t page = (size_t) sysconf (_SC_PAGESIZE);

  if (size > SIZE_MAX - page)
    {
      errno = ENOMEM;
      return NULL;
    }
  return aligned (page, size ? (size + page - 1) & ~(page - 1) : page, __builtin_return_address (0));
}

/* strdup and strndup here rather than glibc's, so that the block they
 * allocate is the program's call's: glibc's would call malloc from libc. */
MS_EXPORT char *
strdup (const char *s)
{
  size_t n = strlen (s) + 1;
  char *p = do_malloc (n, __builtin_return_address (0));

  if (p != NULL)
    memcpy (p, s, n);
  return p;
}

MS_EXPORT char *
strndup (const char *s, size_t max)
{
  size_t n = strnlen (s, max);
  char *p = do_malloc (n + 1, __builtin_return_address (0));

  if (p != NULL)
    {
      memcpy (p, s, n);
      p[n] = '\0';
    }
  return p;
}

/* C++'s operator new, for the same reason: libstdc++'s would call malloc
 * from libstdc++.  Only the allocation is done here; when it fails, the
 * library's own operator new runs (the new-handler, std::bad_alloc). */
typedef void *(*MsNewFn) (size_t);
typedef void *(*MsNewNothrowFn) (size_t, const void *);
typedef void *(*MsNewAlignedFn) (size_t, size_t);

static void *
next_new (const char *symbol, size_t size)
{
  MsNewFn real = (MsNewFn) dlsym (RTLD_NEXT, symbol);

  return real != NULL ? real (size) : NULL;
}

static void *
next_new_nothrow (const char *symbol, size_t size, const void *nothrow)
{
  MsNewNothrowFn real = (MsNewNothrowFn) dlsym (RTLD_NEXT, symbol);

  return real != NULL ? real (size, nothrow) : NULL;
}

static void *
next_new_aligned (const char *symbol, size_t size, size_t alignment)
{
  MsNewAlignedFn real = (MsNewAlignedFn) dlsym (RTLD_NEXT, symbol);

  return real != NULL ? real (size, alignment) : NULL;
}

#define MS_NEW(symbol)                                                         \
  MS_EXPORT void *symbol (size_t size);                                        \
  MS_EXPORT void *                                                             \
  symbol (size_t size)                                                         \
  {                                                                            \
    void *p = do_malloc (size, __builtin_return_address (0));                  \
    return p != NULL ? p : next_new (#symbol, size);                           \
  }
#define MS_NEW_NOTHROW(symbol)                                                 \
  MS_EXPORT void *symbol (size_t size, const void *nothrow);                   \
  MS_EXPORT void *                                                             \
  symbol (size_t size, const void *nothrow)                                    \
  {                                                                            \
    void *p = do_malloc (size, __builtin_return_address (0));                  \
    return p != NULL ? p : next_new_nothrow (#symbol, size, nothrow);          \
  }
#define MS_NEW_ALIGNED(symbol)                                                 \
  MS_EXPORT void *symbol (size_t size, size_t alignment);                      \
  MS_EXPORT void *                                                             \
  symbol (size_t size, size_t alignment)                                       \
  {                                                                            \
    void *p = aligned (alignment, size, __builtin_return_address (0));         \
    return p != NULL ? p : next_new_aligned (#symbol, size, alignment);        \
  }

MS_NEW (_Znwm)                          /* operator new (size_t) */
MS_NEW (_Znam)                          /* operator new[] (size_t) */
MS_NEW_NOTHROW (_ZnwmRKSt9nothrow_t)    /* operator new (size_t, nothrow_t) */
MS_NEW_NOTHROW (_ZnamRKSt9nothrow_t)
MS_NEW_ALIGNED (_ZnwmSt11align_val_t)   /* operator new (size_t, align_val_t) */
MS_NEW_ALIGNED (_ZnamSt11align_val_t)

MS_EXPORT size_t
malloc_usable_size (void *user)
{
  size_t (*real) (void *) = real_usable_size;

  if (user == NULL)
    return 0;
  if (in_bump (user))
    return ((gsize *) user)[-1];
  if (real == NULL)
    return 0;
  if (!block_is_ours (user))
    return real (user);
  return real ((guint8 *) user - block_room (block_of (user))) - block_room (block_of (user));
}

/* ---- variables owning blocks ----------------------------------------------- */

void
__memscope_heap_owner (const __memscope_var_desc *var, const void *user)
{
  MsThread *t = &ms_self;
  MsFrame *f;
  MsBlock *b;

  if (!block_is_ours (user) || var == NULL)
    return;
  b = block_of (user);
  b->owner = var;
  if (t->limit == NULL || t->overflow)
    return;
  /* Count it for the variable's context: the innermost frame whose site
   * declares it (nearly always the top one). */
  for (f = t->top; f > t->frames; f--)
    {
      MsVarStat *s = ms_var_stat (f->node, var);

      if (s != NULL)
        {
          s->heap_blocks++;
          s->heap_bytes += block_size (b);
          return;
        }
    }
}

/* ---- set-up, fork ---------------------------------------------------------- */

static int
find_loader (struct dl_phdr_info *info, size_t size, void *data)
{
  guintptr base = (guintptr) getauxval (AT_BASE), lo = ~(guintptr) 0, hi = 0;
  int i;

  if (base == 0 || info->dlpi_addr != base)
    return 0;
  for (i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_LOAD)
      {
        lo = MIN (lo, info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
        hi = MAX (hi, info->dlpi_addr + info->dlpi_phdr[i].p_vaddr + info->dlpi_phdr[i].p_memsz);
      }
  if (lo < hi)
    {
      ms_loader_lo = lo;
      ms_loader_size = hi - lo;
    }
  return 1;
}

void
ms_heap_init (void)
{
  guintptr cookie = 0;

  ms_guard_enter ();
  real_usable_size = (size_t (*) (void *)) dlsym (RTLD_NEXT, "malloc_usable_size");
  ms_guard_leave ();
  if (getrandom (&cookie, sizeof cookie, GRND_NONBLOCK) != sizeof cookie)
    cookie = (guintptr) ms_now_ns () * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ (guintptr) &cookie;
  ms_cookie = cookie | 1;
  dl_iterate_phdr (find_loader, NULL);
  ms_heap_enabled = ms_heap_on = ms_options.heap;
}

/* No list may be mid-update in the child: hold every list lock across fork. */
void
ms_heap_fork_prepare (void)
{
  MsSnapshot *snap = ms_snapshot_peek ();
  guint i;

  for (i = 0; snap && i < snap->threads->len; i++)
    spin_lock (&((MsThreadRec *) snap->threads->pdata[i])->heap_lock);
}

void
ms_heap_fork_parent (void)
{
  MsSnapshot *snap = ms_snapshot_peek ();
  guint i;

  for (i = 0; snap && i < snap->threads->len; i++)
    spin_unlock (&((MsThreadRec *) snap->threads->pdata[i])->heap_lock);
}

static void
mark_inherited (MsBlock *b, gpointer data)
{
  b->size_flags |= MS_FLAG_INHERITED;
}

/* In the child, every block alive at the fork belongs to the parent's
 * history: mark it inherited (reported apart, not freed against the
 * child's counters). */
void
ms_heap_fork_child (void)
{
  MsSnapshot *snap = ms_snapshot_peek ();
  MsHeapStats *hs;
  guint i;

  /* The child's counters count the child's own work. */
  for (hs = ms_all_stats; hs != NULL; hs = hs->next)
    {
      MsStats *x = (MsStats *) hs;
      MsCallerChunk *ch;

      hs->allocs = hs->bytes = hs->frees_local = hs->freed_local = hs->peak = 0;
      hs->frees_remote = hs->freed_remote = 0;
      for (i = 0; i < MS_CALLERS; i++)
        x->callers[i].allocs = x->callers[i].bytes = 0;
      for (ch = x->more; ch != NULL; ch = ch->next)
        for (i = 0; i < ch->used; i++)
          ch->c[i].allocs = ch->c[i].bytes = 0;
    }
  for (i = 0; snap && i < snap->threads->len; i++)
    {
      MsThreadRec *rec = snap->threads->pdata[i];

      table_each (rec, mark_inherited, NULL);
      if (rec->heap_series != NULL && rec->heap_series != &ms_no_series)
        {
          MsSeries *se = rec->heap_series;
          MsStats *x;

          se->len = 0;
          se->culled = 0;
          se->peak_at = 0;
          se->peak_bytes = 0;
          se->hi = se->peak_next = 1;
          se->lo1 = 0;
          for (x = se->stats; x != NULL; x = x->next_in_thread)
            x->peak_live = x->peak_blocks = 0;
        }
      rec->heap_allocs = rec->heap_alloc_bytes = rec->heap_peak = 0;
      rec->heap_frees_local = rec->heap_freed_local = 0;
      rec->heap_frees_remote = rec->heap_freed_remote = 0;
      spin_unlock (&rec->heap_lock);
    }
}

/* ---- allocator calls: from return addresses to file:line ------------------ *
 *
 * The plugin gives every allocator call in instrumented code an entry in
 * the section memscope_callsites of its object (memscope-abi.h).  At report
 * time each loaded object's section is found by its section headers, read
 * from the object's file (section headers are not loaded), and its
 * entries are read in memory, where the loader has relocated them.  A
 * block's site is the entry whose call is the last one before the block's
 * return address, at most 16 bytes before it (the longest call).  The ELF
 * headers are read by hand: a few fixed structs of <elf.h>, where a
 * library would be one more thing every instrumented program loads. */

typedef struct
{
  GPtrArray *calls;             /* const __memscope_call_site *, by call */
  guint objects;                /* objects seen so far */
} Sites;

static gboolean
read_at (int fd, void *buf, gsize len, guint64 offset)
{
  guint8 *p = buf;

  while (len > 0)
    {
      gssize n = pread (fd, p, len, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= n;
      offset += n;
    }
  return TRUE;
}

/* Where the object's memscope_callsites section is loaded, from its file. */
static gboolean
find_sites_section (const char *path, guint64 *addr, guint64 *size)
{
  Elf64_Ehdr eh;
  Elf64_Shdr *sh = NULL, *names;
  char *strtab = NULL;
  gboolean found = FALSE;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  guint i;

  if (fd < 0)
    return FALSE;
  if (!read_at (fd, &eh, sizeof eh, 0) || memcmp (eh.e_ident, ELFMAG, SELFMAG) != 0
      || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof (Elf64_Shdr) || eh.e_shnum == 0
      || eh.e_shstrndx >= eh.e_shnum)
    goto out;
  sh = g_new (Elf64_Shdr, eh.e_shnum);
  if (!read_at (fd, sh, (gsize) eh.e_shnum * sizeof (Elf64_Shdr), eh.e_shoff))
    goto out;
  names = &sh[eh.e_shstrndx];
  if (names->sh_size == 0 || names->sh_size > 16 << 20)
    goto out;
  strtab = g_malloc (names->sh_size + 1);
  if (!read_at (fd, strtab, names->sh_size, names->sh_offset))
    goto out;
  strtab[names->sh_size] = '\0';
  for (i = 0; i < eh.e_shnum && !found; i++)
    if (sh[i].sh_name < names->sh_size && strcmp (strtab + sh[i].sh_name, "memscope_callsites") == 0
        && (sh[i].sh_flags & SHF_ALLOC) && sh[i].sh_type == SHT_PROGBITS)
      {
        *addr = sh[i].sh_addr;
        *size = sh[i].sh_size;
        found = TRUE;
      }
out:
  g_free (strtab);
  g_free (sh);
  close (fd);
  return found;
}

static int
add_object_sites (struct dl_phdr_info *info, size_t size, void *data)
{
  Sites *si = data;
  const char *path = info->dlpi_name;
  guint64 addr, bytes, lo, hi, n, i;
  gboolean loaded = FALSE;
  int k;

  /* The program comes first, without a name. */
  if (si->objects++ == 0 && (path == NULL || path[0] == '\0'))
    path = "/proc/self/exe";
  if (path == NULL || path[0] != '/' || !find_sites_section (path, &addr, &bytes))
    return 0;
  lo = info->dlpi_addr + addr;
  hi = lo + bytes;
  for (k = 0; k < info->dlpi_phnum; k++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[k];

      if (ph->p_type == PT_LOAD && lo >= info->dlpi_addr + ph->p_vaddr
          && hi <= info->dlpi_addr + ph->p_vaddr + ph->p_memsz)
        loaded = TRUE;
    }
  if (!loaded)
    return 0;
  n = bytes / sizeof (__memscope_call_site);
  for (i = 0; i < n; i++)
    g_ptr_array_add (si->calls, (gpointer) ((const __memscope_call_site *) (guintptr) lo + i));
  return 0;
}

static gint
call_by_address (gconstpointer a, gconstpointer b)
{
  const __memscope_call_site *x = *(const __memscope_call_site **) a, *y = *(const __memscope_call_site **) b;

  return x->call < y->call ? -1 : x->call > y->call;
}

/* Every allocator call of the loaded objects, by address. */
static GPtrArray *
sites_load (void)
{
  Sites si = { g_ptr_array_new (), 0 };

  dl_iterate_phdr (add_object_sites, &si);
  g_ptr_array_sort (si.calls, call_by_address);
  return si.calls;
}

/* The allocator call in instrumented code that returns to CALLER, or NULL. */
static const __memscope_call_site *
site_in_table (GPtrArray *calls, const void *caller)
{
  guint lo = 0, hi = calls->len;

  if (caller == NULL)
    return NULL;
  /* The first entry at or after CALLER. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((const guint8 *) ((const __memscope_call_site *) calls->pdata[mid])->call < (const guint8 *) caller)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return NULL;
  {
    const __memscope_call_site *s = calls->pdata[lo - 1];

    return (guintptr) caller - (guintptr) s->call <= 16 ? s : NULL;
  }
}

/* The allocator call that returns to CALLER, in context C: from the
 * plugin's table; outside every scope (a program run with the runtime
 * preloaded, code before main), else the function it is in, by symbol
 * (symbols.c); NULL when not known.  Within a context, the context says
 * where the block comes from. */
static const __memscope_call_site *
site_of (GPtrArray *calls, const void *caller, const MsContext *c)
{
  const __memscope_call_site *s = site_in_table (calls, caller);

  return s != NULL || (c != NULL && c->site != NULL) ? s : ms_symbols_site (caller);
}

/* snap->sites, one per context and allocator call, and their index. */
typedef struct
{
  MsContext *context;
  const __memscope_call_site *site;
} SiteKey;

static guint
site_key_hash (gconstpointer k)
{
  const SiteKey *x = k;

  return (guint) (((guintptr) x->context * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)
                   ^ (guintptr) x->site * G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)) >> 32);
}

static gboolean
site_key_equal (gconstpointer a, gconstpointer b)
{
  const SiteKey *x = a, *y = b;

  return x->context == y->context && x->site == y->site;
}

static MsSiteStat *
site_stat (MsSnapshot *snap, GHashTable *index, MsContext *c, const __memscope_call_site *site)
{
  SiteKey key = { c, site };
  gpointer at = g_hash_table_lookup (index, &key);

  if (at == NULL)
    {
      MsSiteStat fresh = { .context = c, .site = site };
      SiteKey *k = g_new (SiteKey, 1);

      *k = key;
      g_array_append_val (snap->sites, fresh);
      at = GUINT_TO_POINTER (snap->sites->len);
      g_hash_table_insert (index, k, at);
    }
  return &g_array_index (snap->sites, MsSiteStat, GPOINTER_TO_UINT (at) - 1);
}

static gint
site_by_bytes (gconstpointer a, gconstpointer b)
{
  const MsSiteStat *x = a, *y = b;

  if (x->bytes != y->bytes)
    return x->bytes < y->bytes ? 1 : -1;
  if (x->allocs != y->allocs)
    return x->allocs < y->allocs ? 1 : -1;
  return 0;
}

/* ---- snapshot ---------------------------------------------------------------- */

static guint64
stats_live (const MsHeapStats *hs)
{
  guint64 freed = hs->freed_local + __atomic_load_n (&hs->freed_remote, __ATOMIC_RELAXED);
  return hs->bytes > freed ? hs->bytes - freed : 0;
}

static MsContext *
stats_context (const MsHeapStats *hs, GHashTable *node_to_context)
{
  return hs->ctx ? hs->ctx : g_hash_table_lookup (node_to_context, hs->node);
}

static gint
leak_by_bytes (gconstpointer a, gconstpointer b)
{
  const MsLeak *x = a, *y = b;

  if (x->inherited != y->inherited)
    return x->inherited ? 1 : -1;
  if (x->reachable != y->reachable)
    return x->reachable ? 1 : -1;
  if (x->suppressed != y->suppressed)
    return x->suppressed ? 1 : -1;
  if (x->bytes != y->bytes)
    return x->bytes < y->bytes ? 1 : -1;
  if (x->blocks != y->blocks)
    return x->blocks < y->blocks ? 1 : -1;
  return 0;
}

static gboolean
leak_same_group (const MsLeak *l, const MsContext *c, const MsVarSite *v, const MsLeak *key)
{
  return l->context == c && l->variable == v && l->inherited == key->inherited
         && l->reachable == key->reachable && l->suppressed == key->suppressed && l->site == key->site;
}

static gint
live_by_address (gconstpointer a, gconstpointer b)
{
  const MsLiveBlock *x = a, *y = b;
  return x->lo < y->lo ? -1 : x->lo > y->lo;
}

typedef struct
{
  MsSnapshot *snap;
  GHashTable *node_to_context;
  GPtrArray *calls;             /* sites_load */
  GHashTable *site_index;       /* SiteKey -> index in snap->sites + 1 */
  GArray *blocks;               /* MsLiveBlock */
} Collect;

/* A block the dynamic loader allocates (a thread's DTV, dynamic TLS) is
 * reachable by definition, as to LeakSanitizer: glibc keeps an ended
 * thread's DTV with its cached stack, where no root points. */
static void
collect_block (MsBlock *b, gpointer data)
{
  Collect *co = data;
  MsContext *c = stats_context (b->stats, co->node_to_context);
  MsLiveBlock lb = {
    .lo = (guintptr) (b + 1),
    .hi = (guintptr) (b + 1) + MAX (block_size (b), 1),   /* malloc (0) is one byte to LeakSanitizer */
    .block = b,
    .context = c != NULL && c->site != NULL ? c : NULL,
    .site = site_of (co->calls, b->caller, c),
    .loader = (guintptr) b->caller - ms_loader_lo < ms_loader_size,
  };

  g_array_append_val (co->blocks, lb);
}

/* Every live block, grouped by allocating context, owning variable,
 * inheritance and what the leak check (leaks.c) found.  All lists stay
 * locked meanwhile: no block may be freed while its bytes are read.  Runs
 * with the loader's lock held, taken before the lists' locks. */
static void
collect_live_blocks (gpointer data)
{
  Collect *co = data;
  MsSnapshot *snap = co->snap;
  MsThread *t = &ms_self;
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (MsLiveBlock));
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (MsLeak));
  GHashTable *index = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint i, j;

  co->blocks = blocks;
  busy_enter (t);
  for (i = 0; i < snap->threads->len; i++)
    {
      MsThreadRec *rec = snap->threads->pdata[i];

      spin_lock (&rec->heap_lock);
      table_each (rec, collect_block, co);
    }
  g_array_sort (blocks, live_by_address);
  ms_leaks_classify (blocks, snap);

  for (i = 0; i < blocks->len; i++)
    {
      const MsLiveBlock *lb = &g_array_index (blocks, MsLiveBlock, i);
      MsBlock *b = lb->block;
      MsContext *c = lb->context;
      MsVarSite *v = b->owner ? ms_var_site_lookup (b->owner) : NULL;
      MsLeak key = {
        .inherited = (b->size_flags & MS_FLAG_INHERITED) != 0,
        .reachable = lb->state == MS_BLOCK_REACHABLE,
        .suppressed = lb->state == MS_BLOCK_SUPPRESSED,
        .site = lb->site,
      };
      gsize h = (gsize) c * 31 + (gsize) v * 7 + (gsize) key.site * 13 + key.inherited * 2 + key.reachable
                + key.suppressed * 4;
      MsLeak *group = NULL;

      for (j = GPOINTER_TO_UINT (g_hash_table_lookup (index, (gpointer) h)); j > 0;
           j = GPOINTER_TO_UINT (g_hash_table_lookup (index, (gpointer) ++h)))
        if (leak_same_group (&g_array_index (groups, MsLeak, j - 1), c, v, &key))
          {
            group = &g_array_index (groups, MsLeak, j - 1);
            break;
          }
      if (group == NULL)
        {
          key.context = c;
          key.variable = v;
          g_array_append_val (groups, key);
          g_hash_table_insert (index, (gpointer) h, GUINT_TO_POINTER (groups->len));
          group = &g_array_index (groups, MsLeak, groups->len - 1);
        }
      group->bytes += block_size (b);
      group->blocks++;
      if (!key.inherited)
        {
          MsSiteStat *ss = site_stat (snap, co->site_index, c, key.site);

          ss->live_blocks++;
          ss->live_bytes += block_size (b);
        }
      if (v != NULL)
        {
          v->heap_owned_blocks++;
          v->heap_owned_bytes += block_size (b);
        }
    }
  for (i = 0; i < snap->threads->len; i++)
    spin_unlock (&((MsThreadRec *) snap->threads->pdata[i])->heap_lock);
  busy_leave (t);

  g_array_sort (groups, leak_by_bytes);
  g_array_append_vals (snap->leaks, groups->data, groups->len);
  g_array_free (groups, TRUE);
  g_array_free (blocks, TRUE);
  g_hash_table_destroy (index);
}

static gint
peak_by_thread_then_bytes (gconstpointer a, gconstpointer b)
{
  const MsPeakStat *x = a, *y = b;

  if (x->thread->id != y->thread->id)
    return x->thread->id < y->thread->id ? -1 : 1;
  if (x->bytes != y->bytes)
    return x->bytes < y->bytes ? 1 : -1;
  return 0;
}

/* What each thread's contexts held at its heap peak, into snap->peaks. */
static void
collect_peaks (MsSnapshot *snap, GHashTable *node_to_context)
{
  GHashTable *index = g_hash_table_new (NULL, NULL);   /* context -> index + 1 */
  guint i;

  if (snap->peaks == NULL)
    snap->peaks = g_array_new (FALSE, TRUE, sizeof (MsPeakStat));
  g_array_set_size (snap->peaks, 0);
  for (i = 0; i < snap->threads->len; i++)
    {
      MsThreadRec *rec = snap->threads->pdata[i];
      MsSeries *se = rec->heap_series;
      const MsStats *x;

      if (se == NULL || se == &ms_no_series || se->peak_at == 0)
        continue;
      g_hash_table_remove_all (index);
      for (x = se->stats; x != NULL; x = x->next_in_thread)
        {
          MsContext *c = stats_context (&x->s, node_to_context);
          MsPeakStat *p;
          gpointer at;

          if (x->peak_live == 0)
            continue;
          if (c != NULL && c->site == NULL)
            c = NULL;
          /* A context met twice (nodes merged into it) adds up. */
          at = g_hash_table_lookup (index, c);
          if (at == NULL)
            {
              MsPeakStat fresh = { .thread = rec, .context = c };

              g_array_append_val (snap->peaks, fresh);
              at = GUINT_TO_POINTER (snap->peaks->len);
              g_hash_table_insert (index, c, at);
            }
          p = &g_array_index (snap->peaks, MsPeakStat, GPOINTER_TO_UINT (at) - 1);
          p->bytes += x->peak_live;
          p->blocks += x->peak_blocks;
        }
    }
  g_hash_table_destroy (index);
  g_array_sort (snap->peaks, peak_by_thread_then_bytes);
}

/* The allocations of HS by allocator call, into snap->sites. */
static void
stats_sites (MsSnapshot *snap, Collect *co, const MsHeapStats *hs, MsContext *c)
{
  const MsStats *x = (const MsStats *) hs;
  const MsCallerChunk *ch;
  guint i;

  for (i = 0; i < MS_CALLERS; i++)
    {
      const void *caller = __atomic_load_n (&x->callers[i].caller, __ATOMIC_ACQUIRE);

      if (caller != NULL && x->callers[i].allocs > 0)
        {
          MsSiteStat *ss = site_stat (snap, co->site_index, c, site_of (co->calls, caller, c));

          ss->allocs += x->callers[i].allocs;
          ss->bytes += x->callers[i].bytes;
        }
    }
  for (ch = __atomic_load_n (&x->more, __ATOMIC_ACQUIRE); ch != NULL; ch = __atomic_load_n (&ch->next, __ATOMIC_ACQUIRE))
    {
      guint64 used = __atomic_load_n (&ch->used, __ATOMIC_ACQUIRE);

      for (i = 0; i < used; i++)
        if (ch->c[i].allocs > 0)
          {
            MsSiteStat *ss = site_stat (snap, co->site_index, c, site_of (co->calls, ch->c[i].caller, c));

            ss->allocs += ch->c[i].allocs;
            ss->bytes += ch->c[i].bytes;
          }
    }
}

void
ms_heap_snapshot (MsSnapshot *snap, GHashTable *node_to_context)
{
  MsHeapStats *hs;
  guint i;

  Collect co = { snap, node_to_context, sites_load (),
                 g_hash_table_new_full (site_key_hash, site_key_equal, g_free, NULL), NULL };

  snap->heap_enabled = ms_heap_enabled;
  if (snap->leaks == NULL)
    snap->leaks = g_array_new (FALSE, TRUE, sizeof (MsLeak));
  g_array_set_size (snap->leaks, 0);
  if (snap->sites == NULL)
    snap->sites = g_array_new (FALSE, TRUE, sizeof (MsSiteStat));
  g_array_set_size (snap->sites, 0);
  snap->outside_allocs = snap->outside_bytes = snap->outside_live = snap->outside_peak = 0;
  for (i = 0; i < snap->contexts->len; i++)
    {
      MsContext *c = snap->contexts->pdata[i];
      c->heap_allocs = c->heap_bytes = c->heap_live = c->heap_peak = 0;
    }
  for (i = 0; i < snap->scopes->len; i++)
    {
      MsScopeSite *s = snap->scopes->pdata[i];
      s->heap_allocs = s->heap_bytes = s->heap_live = s->heap_peak = 0;
    }
  for (i = 0; i < snap->vars->len; i++)
    {
      MsVarSite *v = snap->vars->pdata[i];
      v->heap_owned_blocks = v->heap_owned_bytes = 0;
    }

  for (hs = __atomic_load_n (&ms_all_stats, __ATOMIC_ACQUIRE); hs != NULL; hs = hs->next)
    {
      MsContext *c = stats_context (hs, node_to_context);

      stats_sites (snap, &co, hs, c != NULL && c->site != NULL ? c : NULL);
      if (c == NULL || c->site == NULL)
        {
          snap->outside_bytes += hs->bytes;
          snap->outside_live += stats_live (hs);
          snap->outside_allocs += hs->allocs;
          snap->outside_peak = MAX (snap->outside_peak, hs->peak);
          continue;
        }
      /* A context shared by several threads: counts add up, peaks are the
       * largest of any one thread's. */
      c->heap_allocs += hs->allocs;
      c->heap_bytes += hs->bytes;
      c->heap_live += stats_live (hs);
      c->heap_peak = MAX (c->heap_peak, hs->peak);
    }
  for (i = 0; i < snap->contexts->len; i++)
    {
      MsContext *c = snap->contexts->pdata[i];
      c->site->heap_allocs += c->heap_allocs;
      c->site->heap_bytes += c->heap_bytes;
      c->site->heap_live += c->heap_live;
      c->site->heap_peak = MAX (c->site->heap_peak, c->heap_peak);
    }
  ms_leaks_with_loader_lock (collect_live_blocks, &co);
  g_array_sort (snap->sites, site_by_bytes);
  collect_peaks (snap, node_to_context);
  g_ptr_array_free (co.calls, TRUE);
  g_hash_table_destroy (co.site_index);
}

void
_memscope_guard_enter (void)
{
  ms_guard_enter ();
}

void
_memscope_guard_leave (int *unused)
{
  ms_guard_leave ();
}

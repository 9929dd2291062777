/* heap.c: every heap allocation of the program, by thread, calling context
 * and owning variable.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libmemscope defines malloc and its family, so that the program, the
 * libraries it calls and glibc's own users (strdup, fopen...) all come here;
 * each call is forwarded to glibc's allocator (__libc_malloc and friends).
 * A tracked block carries a 16-byte header right below the pointer the
 * program sees, and its record lies out of band, in a slot of its
 * thread's table:
 *
 *     base         user
 *     | slot | tag | the program's bytes
 *
 *     slot: | block | owner | stats | caller | size+flags |
 *
 * The program's heap keeps its density that way (Lua's 56-byte tables
 * take glibc chunks of 80 bytes, not 112; plain: 64).  The records take
 * the memory back elsewhere, and a free reads its block's record, which
 * is cold when the block is old (README, How it compares).
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
 * header's address and its record, and the header the slot's; a free
 * slot holds the next free one, its low bit set.  Only the owner takes
 * slots and gives its own blocks' slots back, with plain loads and
 * stores; a free from another thread pushes the slot onto the owner's
 * `returned` stack (one compare-and-swap), which the owner takes whole
 * when its own list runs dry.  Counters follow one rule: the allocating thread writes the plain
 * ones; frees from other threads add to separate atomic ones.  No lock,
 * no lookup: a free is O(1).
 *
 * The gate.  A report must not read a block while it is freed, nor a table
 * while it changes, and no lock may be taken per call.  Each heap operation
 * marks its thread's table busy (a plain store), then reads ms_gate: a
 * report closes the gate, runs a process-wide memory barrier (membarrier),
 * then waits until no table is busy.  Either the operation sees the gate
 * closed, and waits for it to open, or the report sees it busy (Dekker's
 * handshake, the barrier on the rare side only).  busy also makes the
 * allocator safe in signal handlers: a handler that interrupts an operation
 * gets untracked memory, and a free it makes of a tracked block is deferred
 * to the end of that operation.
 */
#include "config.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <linux/futex.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <stdio.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "heap.h"
#include "hotpath.h"
#include "hotpath-layout.h"
#include "leaks.h"
#include "options.h"
#include "registry-private.h"
#include "snapshot.h"
#include "symbols.h"
#include "unload.h"

extern void *__libc_malloc (size_t);
extern void __libc_free (void *);
extern void *__libc_calloc (size_t, size_t);
extern void *__libc_realloc (void *, size_t);
extern void *__libc_memalign (size_t, size_t);

/* glibc's memset, memcpy and strlen, which a program's own definitions of
 * those names cannot replace: glibc's free, strdup and realloc never call a
 * program's memset or memcpy, and an instrumented one would count calls
 * the program never made.  The fortified entry points and __rawmemchr are
 * glibc's alone; declared under other names (their asm labels), so that
 * GCC does not fold them back into calls of the plain ones. */
extern void *ms_memset_chk (void *, int, size_t, size_t) __asm__ ("__memset_chk");
extern void *ms_memcpy_chk (void *, const void *, size_t, size_t) __asm__ ("__memcpy_chk");
extern void *ms_rawmemchr (const void *, int) __asm__ ("__rawmemchr");
#define libc_memset(p, c, n) ms_memset_chk ((p), (c), (n), (n))
#define libc_memcpy(d, s, n) ms_memcpy_chk ((d), (s), (n), (n))

static inline size_t
libc_strlen (const char *s)
{
  return (size_t) ((const char *) ms_rawmemchr (s, 0) - s);
}

/* strnlen, without the program's memchr or strnlen: a loop, which GCC
 * makes no library call of. */
static size_t
libc_strnlen (const char *s, size_t max)
{
  size_t n = 0;

  while (n < max && s[n] != '\0')
    n++;
  return n;
}

#define MS_EXPORT __attribute__ ((visibility ("default")))
#define barrier() __asm__ __volatile__ ("" ::: "memory")

typedef struct MsBlock MsBlock;
typedef struct MsSlot MsSlot;

/* A block's record, in its thread's table. */
struct MsSlot
{
  guintptr block;                       /* its header (an MsBlock *); a free slot: the
                                         * next free one | MS_SLOT_FREE */
  const __memscope_var_desc *owner;
  MsHeapStats *stats;                   /* where it was allocated (an MsStats) */
  const void *caller;                   /* the allocator's return address */
  guint64 size_flags;
};

/* Lies right below the user pointer; fields in address order. */
struct MsBlock
{
  MsSlot *slot;                         /* its record */
  guintptr tag;
};

#define MS_HEADER sizeof (MsBlock)              /* 16: keeps 16-byte alignment */
/* glibc lends a chunk the first word of the next chunk, and its own
 * pointers to that next chunk (main_arena's top and bins, in libc's data)
 * point there: the leak check must not take them for pointers into the
 * block.  An over-aligned block asks for MS_TAIL bytes more, which keep
 * its bytes out of that word; malloc, calloc and realloc ask for less
 * (block_request), and where the next chunk starts inside a block the
 * check knows where (MsLiveBlock.next_chunk) and leaves libc's pointers
 * to it out. */
#define MS_TAIL 8
#define MS_SIZE_MASK ((G_GUINT64_CONSTANT (1) << 48) - 1)
#define MS_MAX_SIZE (MS_SIZE_MASK - MS_HEADER - MS_TAIL)
#define MS_FLAG_INHERITED (G_GUINT64_CONSTANT (1) << 63)
#define MS_ALIGN_SHIFT 48                       /* log2 of the header room, 0: MS_HEADER */
#define MS_ALIGN_MASK (G_GUINT64_CONSTANT (0x3f) << MS_ALIGN_SHIFT)

G_STATIC_ASSERT (sizeof (MsBlock) == 16);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsBlock, slot) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsSlot, owner) == MS_S_OWNER);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsSlot, size_flags) == MS_S_SIZE_FLAGS);
G_STATIC_ASSERT (MS_SIZE_MASK == (G_GUINT64_CONSTANT (1) << 48) - 1);

/* A slot that holds no block: the next free slot's address | MS_SLOT_FREE
 * (MS_SLOT_FREE alone: none), or 0: never used. */
#define MS_SLOT_FREE ((guintptr) 1)

typedef struct MsSlotChunk MsSlotChunk;
struct MsSlotChunk
{
  MsSlotChunk *next;                    /* the table's older chunks */
  gsize nslots;
  MsSlot slots[];
};

#define MS_SLOTS_FIRST 1024
#define MS_SLOTS_MAX (1 << 20)

/* One thread's live blocks (MsThreadRec.heap_blocks).  Never freed: its
 * blocks outlive it. */
typedef struct
{
  int busy;                             /* inside a heap operation (the gate) */
  MsSlot *free_slots;                   /* owner only: a list through its free slots */
  MsSlot *bump, *bump_end;              /* owner only: slots never used yet */
  MsSlot *returned;                     /* slots other threads freed, a lock-free stack */
  MsSlotChunk *chunks;                  /* newest first */
} MsTable;

#define MS_GATE_OFF 1                   /* not tracking: heap=0, before start-up, a crash report writer */
#define MS_GATE_FROZEN 2                /* a report reads the tables */

static int ms_gate = MS_GATE_OFF;
static int ms_remote_busy;              /* threads without a table of their own, freeing */
static MsThread *ms_freezer;            /* the thread whose report closed the gate */
/* Both read by __memscope_tramp_owner too (tramp-x86_64.S). */
G_GNUC_INTERNAL guintptr ms_cookie;
G_GNUC_INTERNAL gboolean ms_heap_enabled;       /* tracking was asked for (heap=1) */
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

  __atomic_or_fetch (&ms_gate, MS_GATE_OFF, __ATOMIC_SEQ_CST);
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
      libc_memcpy (fresh, p, MIN (old, size));
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
  return b->slot->size_flags & MS_SIZE_MASK;
}

/* How far below the user pointer the underlying allocation starts. */
static inline gsize
block_room (const MsBlock *b)
{
  guint shift = (guint) ((b->slot->size_flags & MS_ALIGN_MASK) >> MS_ALIGN_SHIFT);
  return shift ? (gsize) 1 << shift : MS_HEADER;
}

/* What malloc, calloc and realloc ask of glibc for a block of size
 * bytes: its header and its bytes, at least 16 of them, so that the next
 * chunk never starts at the user pointer (a pointer to a block's start is
 * always one to it), only past it, 16-byte aligned.  Not MS_TAIL more: on
 * glibc's 16-byte granule that would cost each block of 24, 40, 56...
 * bytes 16 more (Lua's tables are 56). */
static inline gsize
block_request (gsize size)
{
  return MS_HEADER + MAX (size, 16);
}

/* ---- cold: the gate ------------------------------------------------------- */

/* membarrier's command at hand (0: none, then mprotect's shootdown does). */
static int ms_barrier_cmd;
static guint8 *ms_barrier_page;

static void
barrier_init (void)
{
  long cmds = syscall (SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

  if (cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED)
      && syscall (SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0)
    ms_barrier_cmd = MEMBARRIER_CMD_PRIVATE_EXPEDITED;
  else if (cmds > 0 && (cmds & MEMBARRIER_CMD_GLOBAL))
    ms_barrier_cmd = MEMBARRIER_CMD_GLOBAL;
}

/* A full memory barrier on every thread of the process: each one that runs
 * gets an interrupt, and one that does not runs none of our code meanwhile.
 * Without membarrier, taking write access from a page every thread may
 * have cached does the same (the kernel interrupts them to flush it). */
static void
process_barrier (void)
{
  if (ms_barrier_cmd != 0 && syscall (SYS_membarrier, ms_barrier_cmd, 0, 0) == 0)
    return;
  if (ms_barrier_page == NULL)
    {
      void *p = mmap (NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        return;
      ms_barrier_page = p;
    }
  __atomic_add_fetch (ms_barrier_page, 1, __ATOMIC_SEQ_CST);
  mprotect (ms_barrier_page, 4096, PROT_READ);
  mprotect (ms_barrier_page, 4096, PROT_READ | PROT_WRITE);
}

/* Waits for the gate to open again (never on the thread that closed it). */
static void
gate_wait (int gate)
{
  int saved = errno;

  syscall (SYS_futex, &ms_gate, FUTEX_WAIT_PRIVATE, gate, NULL, NULL, 0);
  errno = saved;
}

/* Waits until *busy is 0.  A thread stays busy for a few instructions, or
 * for one call to glibc's allocator; one that stays so much longer died
 * inside an operation, and is given up on. */
static void
wait_idle (const int *busy)
{
  gint64 deadline = 0;
  guint spins = 0;

  while (__atomic_load_n (busy, __ATOMIC_ACQUIRE) != 0)
    {
      if (++spins < 64)
        {
          __builtin_ia32_pause ();
          continue;
        }
      if (deadline == 0)
        deadline = ms_now_ns () + G_GINT64_CONSTANT (1000000000);
      else if (ms_now_ns () > deadline)
        return;
      sched_yield ();
    }
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
  MsTable *table;                       /* its thread's: where its blocks' slots are */
};

G_STATIC_ASSERT (G_STRUCT_OFFSET (MsStats, s) == 0);

static MsHeapStats *ms_all_stats;        /* every MsHeapStats, pushed atomically */

/* Memory that lives as long as the process, from the thread's own chunks
 * (never malloc: the runtime's own data is never a heap block). */
static void *
arena_take (MsThread *t, gsize bytes)
{
  void *p;

  if (t->heap.arena_left < bytes)
    {
      gsize chunk = 64 * 1024;
      void *fresh = mmap (NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (fresh == MAP_FAILED)
        return NULL;
      t->heap.arena = fresh;
      t->heap.arena_left = chunk;
    }
  p = t->heap.arena;
  t->heap.arena += bytes;
  t->heap.arena_left -= bytes;
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

#define MS_SERIES_MIN_STEP 1024   /* bytes: the least move a sample is taken for */

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
  /* 1% of the peak, and at least MS_SERIES_MIN_STEP: a small heap that
   * moves by a few bytes with each allocation would otherwise take a
   * sample, and read the clock, at nearly every malloc and free. */
  step = MAX (MAX (rec->heap_peak, live) / 100, MS_SERIES_MIN_STEP);
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
  ((MsStats *) hs)->table = t->rec->heap_blocks;
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

static void run_deferred (MsThread *t);

/* busy is 1 during an operation; a signal handler that defers a free
 * meanwhile adds 2.  Ending it is one decrement, which a handler cannot
 * split: if something is left, frees were deferred. */
static inline __attribute__ ((always_inline)) gboolean
op_done (MsTable *tb)
{
  gboolean left;

#if defined(__x86_64__)
  __asm__ __volatile__ ("subl $1, %0" : "+m" (tb->busy), "=@ccnz" (left) : : "memory");
#else
  barrier ();
  left = __atomic_sub_fetch (&tb->busy, 1, __ATOMIC_RELAXED) != 0;
#endif
  return left;
}

/* An operation ended with frees deferred: the table is idle now. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
deferred_now (MsThread *t, MsTable *tb)
{
  tb->busy = 0;
  run_deferred (t);
}

/* Ends an operation: the table is no longer busy, and the frees a signal
 * handler deferred meanwhile are made. */
static inline __attribute__ ((always_inline)) void
op_end (MsThread *t, MsTable *tb)
{
  if (G_UNLIKELY (op_done (tb)))
    deferred_now (t, tb);
}

/* The calling thread's table, or NULL. */
static inline MsTable *
own_table (MsThread *t)
{
  return t->rec != NULL ? __atomic_load_n ((MsTable **) &t->rec->heap_blocks, __ATOMIC_RELAXED) : NULL;
}

/* op_begin's every case: the thread's first allocation, a context's first,
 * a thread whose frames overflowed, a closed gate, or no tracking (the
 * runtime's own allocations, a signal handler inside an operation, heap=0,
 * a crash report writer, an ended thread). */
G_GNUC_NO_INLINE static MsHeapStats *
op_begin_slow (MsThread *t)
{
  MsHeapStats *hs = NULL;
  int saved = errno;

  for (;;)
    {
      int gate = __atomic_load_n (&ms_gate, __ATOMIC_ACQUIRE);
      MsTable *tb = own_table (t);
      MsNode *node;

      if ((gate & MS_GATE_OFF) || t->in_runtime || t->dead || (tb != NULL && tb->busy))
        break;
      if (gate & MS_GATE_FROZEN)
        {
          if (ms_freezer == t)
            break;
          gate_wait (gate);
          continue;
        }
      if (G_UNLIKELY (t->limit == NULL))
        {
          gboolean ok;

          /* The thread's first event: set it up without tracking the set-up. */
          ms_guard_enter ();
          ok = ms_thread_ensure (t);
          ms_guard_leave ();
          if (!ok)
            break;
        }
      node = ms_current_node (t);
      hs = G_LIKELY (node->heap != NULL) ? node->heap : stats_new (t, node);
      if (hs == NULL)
        break;
      tb = ((MsStats *) hs)->table;
      tb->busy = 1;
      barrier ();
      if (__atomic_load_n (&ms_gate, __ATOMIC_RELAXED) == 0)
        break;
      op_end (t, tb);
      hs = NULL;
    }
  errno = saved;
  return hs;
}

/* Begins an operation: returns the statistics the calling thread's next
 * allocation goes to, with its table busy and the gate open, or NULL when
 * this allocation is not to be tracked (and nothing is busy).  The steady
 * state: the top frame's context has its statistics (three loads); the
 * boot frame, the overflow frame and an ended thread's frame have none. */
static inline __attribute__ ((always_inline)) MsHeapStats *
op_begin (MsThread *t)
{
  MsHeapStats *hs = t->top->node->heap;

  if (G_LIKELY (hs != NULL && (t->in_runtime | t->dead) == 0))
    {
      MsTable *tb = ((MsStats *) hs)->table;

      if (G_LIKELY (tb->busy == 0))
        {
          tb->busy = 1;
          barrier ();
          if (G_LIKELY (__atomic_load_n (&ms_gate, __ATOMIC_RELAXED) == 0))
            return hs;
          op_end (t, tb);
        }
    }
  if (__atomic_load_n (&ms_gate, __ATOMIC_RELAXED) & MS_GATE_OFF)
    return NULL;              /* heap=0: no call */
  return op_begin_slow (t);
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

/* The context's most live at once, after an allocation counted in it. */
static inline __attribute__ ((always_inline)) void
stats_peak_note (MsHeapStats *hs)
{
  guint64 live = hs->bytes - hs->freed_local - __atomic_load_n (&hs->freed_remote, __ATOMIC_RELAXED);

  if (live > hs->peak)
    hs->peak = live;
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
  else if (x->callers[1].caller == caller)
    {
      own_add (&x->callers[1].allocs, 1);
      own_add (&x->callers[1].bytes, size);
    }
  else if (x->callers[2].caller == caller)
    {
      own_add (&x->callers[2].allocs, 1);
      own_add (&x->callers[2].bytes, size);
    }
  else if (x->callers[0].caller == NULL)
    {
      x->callers[0].allocs = 1;
      x->callers[0].bytes = size;
      __atomic_store_n (&x->callers[0].caller, caller, __ATOMIC_RELEASE);
    }
  else
    caller_count_more (t, x, caller, size);
  stats_peak_note (hs);
  own_add (&rec->heap_allocs, 1);
  own_add (&rec->heap_alloc_bytes, size);
  live = rec->heap_alloc_bytes - rec->heap_freed_local
         - __atomic_load_n (&rec->heap_freed_remote, __ATOMIC_RELAXED);
  if (live > rec->heap_peak)
    rec->heap_peak = live;
  if (G_UNLIKELY (live >= rec->heap_series->hi))
    series_event (t, rec, live);
}

/* A free by the thread that allocated the block, counted: the thread's
 * live bytes now. */
static inline __attribute__ ((always_inline)) guint64
count_free_local (MsThreadRec *rec, MsHeapStats *hs, guint64 size)
{
  own_add (&hs->frees_local, 1);
  own_add (&hs->freed_local, size);
  own_add (&rec->heap_frees_local, 1);
  own_add (&rec->heap_freed_local, size);
  return rec->heap_alloc_bytes - rec->heap_freed_local - __atomic_load_n (&rec->heap_freed_remote, __ATOMIC_RELAXED);
}

/* The same, and a sample of the series when the live bytes fell past its
 * lower bound. */
static inline __attribute__ ((always_inline)) void
account_free_local (MsThread *t, MsHeapStats *hs, guint64 size)
{
  MsThreadRec *rec = hs->rec;
  guint64 live = count_free_local (rec, hs, size);

  if (G_UNLIKELY (live < rec->heap_series->lo1))
    series_event (t, rec, live);
}

static inline void
account_free (MsThread *t, MsHeapStats *hs, guint64 size)
{
  MsThreadRec *rec = hs->rec;

  if (rec == t->rec)
    account_free_local (t, hs, size);
  else
    {
      /* Credited back to the thread that allocated it, which may be gone. */
      __atomic_add_fetch (&hs->frees_remote, 1, __ATOMIC_RELAXED);
      __atomic_add_fetch (&hs->freed_remote, size, __ATOMIC_RELAXED);
      __atomic_add_fetch (&rec->heap_frees_remote, 1, __ATOMIC_RELAXED);
      __atomic_add_fetch (&rec->heap_freed_remote, size, __ATOMIC_RELAXED);
    }
}

/* ---- slots ------------------------------------------------------------------ */

/* The owner's free slots ran out: the ones other threads gave back, else
 * one never used, else a new chunk. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static MsSlot *
slot_take_more (MsTable *tb)
{
  MsSlot *s = __atomic_exchange_n (&tb->returned, NULL, __ATOMIC_ACQUIRE);

  if (s != NULL)
    {
      tb->free_slots = (MsSlot *) (s->block - MS_SLOT_FREE);
      return s;
    }
  if (tb->bump == tb->bump_end)
    {
      gsize n = tb->chunks ? MIN (tb->chunks->nslots * 2, MS_SLOTS_MAX) : MS_SLOTS_FIRST;
      int saved = errno;
      MsSlotChunk *ch = mmap (NULL, sizeof (MsSlotChunk) + n * sizeof (MsSlot), PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

      errno = saved;
      if (ch == MAP_FAILED)
        return NULL;
      ch->nslots = n;
      ch->next = tb->chunks;
      tb->bump = ch->slots;
      tb->bump_end = ch->slots + n;
      __atomic_store_n (&tb->chunks, ch, __ATOMIC_RELEASE);
    }
  return tb->bump++;
}

/* Takes S, the first of the owner's free slots, off its list. */
static inline __attribute__ ((always_inline)) void
slot_unlink (MsTable *tb, MsSlot *s)
{
  tb->free_slots = (MsSlot *) (s->block - MS_SLOT_FREE);
}

/* A slot of the owner's table, busy; NULL when there is no memory. */
static inline __attribute__ ((always_inline)) MsSlot *
slot_take (MsTable *tb)
{
  MsSlot *s = tb->free_slots;

  if (G_LIKELY (s != NULL))
    {
      slot_unlink (tb, s);
      return s;
    }
  return slot_take_more (tb);
}

/* Gives a slot back to the owner's own list: the owner's, busy. */
static inline __attribute__ ((always_inline)) void
slot_give (MsTable *tb, MsSlot *s)
{
  s->block = (guintptr) tb->free_slots | MS_SLOT_FREE;
  tb->free_slots = s;
}

/* Gives a slot back to another thread's table. */
static void
slot_return (MsTable *owner, MsSlot *s)
{
  MsSlot *old = __atomic_load_n (&owner->returned, __ATOMIC_RELAXED);

  do
    s->block = (guintptr) old | MS_SLOT_FREE;
  while (!__atomic_compare_exchange_n (&owner->returned, &old, s, TRUE, __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

/* Calls fn on every live block of REC's table; the gate is closed, or
 * this is a fork's child. */
static void
table_each (MsThreadRec *rec, void (*fn) (MsBlock *b, gpointer data), gpointer data)
{
  MsTable *tb = __atomic_load_n ((MsTable **) &rec->heap_blocks, __ATOMIC_ACQUIRE);
  MsSlotChunk *ch;
  gsize j, n;

  for (ch = tb ? __atomic_load_n (&tb->chunks, __ATOMIC_ACQUIRE) : NULL; ch != NULL; ch = ch->next)
    {
      /* The newest chunk's slots past bump were never used: not read (nor
       * faulted in). */
      n = tb->bump >= ch->slots && tb->bump <= ch->slots + ch->nslots ? (gsize) (tb->bump - ch->slots)
                                                                       : ch->nslots;
      for (j = 0; j < n; j++)
        {
          guintptr w = ch->slots[j].block;

          if (w != 0 && !(w & MS_SLOT_FREE))
            fn ((MsBlock *) w, data);
        }
    }
}

/* ---- blocks ------------------------------------------------------------------ */

/* No block after all (glibc's allocator failed, or no slot): ends the
 * operation op_begin began; errno: the error, or 0 to keep glibc's. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void *
op_fail (int err)
{
  MsThread *t = &ms_self;
  MsTable *tb = own_table (t);

  if (tb != NULL)
    op_end (t, tb);
  if (err != 0)
    errno = err;
  return NULL;
}

/* A block that cannot have a slot: given back. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void *
block_drop (MsThread *t, MsHeapStats *hs, void *base, guint64 size)
{
  account_free (t, hs, size);
  real_free (base);
  return op_fail (ENOMEM);
}

/* Hides where a pointer comes from: what is computed from it afterwards
 * is computed afresh, not kept in a register from before. */
#define launder(p) __asm__ ("" : "+r" (p))

/* The header of a new block at b, in its slot, as the program's: the
 * tag last but the slot's pointer to it. */
static inline __attribute__ ((always_inline)) void
block_fill (MsBlock *b, MsSlot *slot, MsHeapStats *hs, const void *caller, guint64 size_flags)
{
  slot->owner = NULL;
  slot->stats = hs;
  slot->caller = caller;
  slot->size_flags = size_flags;
  b->slot = slot;
  b->tag = ((guintptr) b + MS_HEADER) ^ ms_cookie;
  slot->block = (guintptr) b;
}

/* Turns freshly allocated memory at base (room bytes below the user
 * pointer, shift its log2 or 0) into a tracked block, and ends the
 * operation op_begin began. */
static inline __attribute__ ((always_inline)) void *
block_start (MsThread *t, MsHeapStats *hs, void *base, gsize room, guint shift, guint64 size, const void *caller)
{
  MsTable *tb = ((MsStats *) hs)->table;
  MsBlock *b = (MsBlock *) ((guint8 *) base + room - MS_HEADER);
  MsSlot *slot;

  if (G_UNLIKELY (base == NULL))
    return op_fail (0);
  /* Counted first, and the slot taken before the user pointer is made: a
   * sample of the heap over time (series_event) and a new chunk of the
   * table are taken out of line, and no pointer into the program's bytes
   * must be kept in a register across such a call, whose frame would
   * leave a stale copy of it on the stack for the leak check to find. */
  account_alloc (t, hs, size, caller);
  slot = slot_take (tb);
  if (G_UNLIKELY (slot == NULL))
    return block_drop (t, hs, base, size);
  block_fill (b, slot, hs, caller, size | ((guint64) shift << MS_ALIGN_SHIFT));
  op_end (t, tb);
  launder (b);
  return (guint8 *) b + MS_HEADER;
}

/* block_start, out of line: malloc's every case but its steady state. */
G_GNUC_NO_INLINE static void *
block_start_out (MsThread *t, MsHeapStats *hs, void *base, guint64 size, const void *caller)
{
  return block_start (t, hs, base, MS_HEADER, 0, size, caller);
}

/* The operation a block was started in ended with frees a signal handler
 * deferred meanwhile: made now, then the block's user pointer. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void *
block_end_deferred (MsThread *t, MsTable *tb, MsBlock *b)
{
  deferred_now (t, tb);
  launder (b);
  return (guint8 *) b + MS_HEADER;
}

/* block_start for malloc's block (at base, MS_HEADER below the user
 * pointer) in its steady state: the context's first caller again, a free
 * slot at hand, the thread's live bytes under the series' bound.  Every
 * other case is checked before anything is counted and goes to
 * block_start_out, and frees deferred meanwhile to block_end_deferred,
 * both as tail calls: malloc calls nothing else after glibc's malloc, and
 * keeps only what it needs across that call in saved registers. */
static inline __attribute__ ((always_inline)) void *
block_start_steady (MsThread *t, MsHeapStats *hs, void *base, guint64 size, const void *caller)
{
  MsStats *x = (MsStats *) hs;
  MsThreadRec *rec = hs->rec;
  MsTable *tb = x->table;
  MsBlock *b = (MsBlock *) base;
  MsSlot *slot = tb->free_slots;
  guint64 live = rec->heap_alloc_bytes + size - rec->heap_freed_local
                 - __atomic_load_n (&rec->heap_freed_remote, __ATOMIC_RELAXED);

  if (G_UNLIKELY (base == NULL || slot == NULL || x->callers[0].caller != caller
                  || live >= rec->heap_series->hi))
    return block_start_out (t, hs, base, size, caller);
  /* account_alloc's counts, for its first caller. */
  own_add (&hs->allocs, 1);
  own_add (&hs->bytes, size);
  own_add (&x->callers[0].allocs, 1);
  own_add (&x->callers[0].bytes, size);
  stats_peak_note (hs);
  own_add (&rec->heap_allocs, 1);
  own_add (&rec->heap_alloc_bytes, size);
  if (live > rec->heap_peak)
    rec->heap_peak = live;
  slot_unlink (tb, slot);
  block_fill (b, slot, hs, caller, size);
  if (G_UNLIKELY (op_done (tb)))
    return block_end_deferred (t, tb, b);
  launder (b);
  return (guint8 *) b + MS_HEADER;
}

/* Clears bytes from..size of a new block (at user, base the address glibc
 * returned), those among its first malloc_fill: glibc hands out memory as
 * freed blocks left it, and writes its free lists' links (fd, bk) into
 * free chunks, which merge and split later; a program that writes only
 * part of the new block would leave such pointers for the leak check to
 * follow, and blocks leaked since would count as reachable
 * (testsuite/leaks/reuse-1.c, links-1.c).  Not in a chunk glibc mapped
 * for it alone (flag 2 of its size word): fresh pages, zero. */
static inline void
fill_new (const void *base, void *user, guint64 from, guint64 size)
{
  guint64 to = MIN (size, (guint64) ms_options.malloc_fill);

  if (from < to && (((const gsize *) base)[-1] & 2) == 0)
    libc_memset ((guint8 *) user + from, 0, to - from);
}

/* What malloc_usable_size answers: glibc's usable size, less the header
 * of a tracked block.  A program may use those bytes past the size it
 * asked for (SQLite does), and realloc keeps them as glibc's does. */
static size_t
usable_size (void *user)
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

/* ---- the allocator entry points ------------------------------------------ */

/* alignment: a power of two above 16. */
static void *
tracked_memalign (MsThread *t, MsHeapStats *hs, size_t alignment, size_t size, const void *caller)
{
  gsize room = alignment;                       /* above 16: the header fits below the user pointer */
  guint shift = (guint) __builtin_ctzl (room);

  void *base;

  if (size > MS_SIZE_MASK - room - MS_TAIL)
    return op_fail (ENOMEM);
  base = real_memalign (room, size + room + MS_TAIL);
  if (base != NULL)
    fill_new (base, (guint8 *) base + room, 0, size);
  return block_start (t, hs, base, room, shift, size, caller);
}

/* Each entry point passes on the return address of its own caller: the
 * allocator call in the program (or in the library that allocates).  A
 * tracked operation runs with the gate open: never in a crash report
 * writer, whose bump allocator real_malloc would pick. */
static inline __attribute__ ((always_inline)) void *
do_malloc (size_t size, const void *caller)
{
  MsThread *t = &ms_self;
  MsHeapStats *hs = op_begin (t);
  void *base;

  if (G_UNLIKELY (hs == NULL))
    return real_malloc (size);
  if (G_UNLIKELY (size > MS_MAX_SIZE))
    return op_fail (ENOMEM);
  base = __libc_malloc (block_request (size));
  if (G_LIKELY (base != NULL))
    fill_new (base, (guint8 *) base + MS_HEADER, 0, size);
  return block_start_steady (t, hs, base, size, caller);
}

MS_EXPORT void *
malloc (size_t size)
{
  return do_malloc (size, __builtin_return_address (0));
}

/* This library's malloc, whatever the program's is. */
extern __typeof (malloc) ms_own_malloc
  __attribute__ ((copy (malloc), alias ("malloc"), visibility ("hidden")));

static int ms_foreign = -1;     /* the program's malloc is another's; -1: not known yet */

/* Whether the program allocates with a malloc of its own (bash's
 * lib/malloc) or of a library before this one (tcmalloc): then strdup,
 * strndup, reallocarray and operator new are the next library's (glibc's,
 * libstdc++'s), which call that malloc, as they would without memscope,
 * so that the program's free gets its own blocks. */
static gboolean
foreign_malloc (void)
{
  int f = __atomic_load_n (&ms_foreign, __ATOMIC_RELAXED);

  if (G_UNLIKELY (f < 0))
    {
      void *global = dlsym (RTLD_DEFAULT, "malloc");

      f = global != NULL && global != (void *) ms_own_malloc;
      __atomic_store_n (&ms_foreign, f, __ATOMIC_RELAXED);
    }
  return f;
}

/* The next library's definition of SYMBOL, looked up once, into *CACHE. */
static void *
next_fn (void **cache, const char *symbol)
{
  void *fn = __atomic_load_n (cache, __ATOMIC_RELAXED);

  if (fn == NULL)
    {
      fn = dlsym (RTLD_NEXT, symbol);
      __atomic_store_n (cache, fn, __ATOMIC_RELAXED);
    }
  return fn;
}

/* A free that cannot be made now: a signal handler interrupted this
 * thread inside an operation (busy), or this thread's report (the gate
 * closed by it).  Made when the operation ends, or the gate opens. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
free_later (MsThread *t, MsTable *tb, void *user)
{
  if (t->heap.ndeferred < G_N_ELEMENTS (t->heap.deferred))
    t->heap.deferred[t->heap.ndeferred++] = user;
  /* else: kept, and still reported live */
  if (tb != NULL && tb->busy != 0)
    tb->busy += 2;            /* op_done tells the operation it interrupted */
}

/* free's every case but the steady state's: a block of another thread, an
 * inherited or over-aligned one, a closed gate, a signal handler inside an
 * operation, a crash report writer. */
G_GNUC_NO_INLINE static void
free_slow (MsThread *t, void *user)
{
  MsBlock *b = block_of (user);

  for (;;)
    {
      MsTable *own = own_table (t);
      void *base = NULL;
      int gate;

      if (ms_bump != NULL)
        return;               /* a crash report writer: nothing is freed */
      if (own != NULL)
        {
          if (own->busy)
            {
              free_later (t, own, user);
              return;
            }
          own->busy = 1;
          barrier ();
        }
      else
        __atomic_add_fetch (&ms_remote_busy, 1, __ATOMIC_SEQ_CST);   /* a full barrier too */
      gate = __atomic_load_n (&ms_gate, __ATOMIC_RELAXED);
      if (!(gate & MS_GATE_FROZEN))
        {
          MsSlot *slot = b->slot;
          MsStats *x = (MsStats *) slot->stats;
          guint64 flags = slot->size_flags;

          base = (guint8 *) user - block_room (b);
          b->tag = 0;         /* a second free is no longer ours: glibc judges it */
          if (x->table == own)
            slot_give (own, slot);
          else
            slot_return (x->table, slot);
          if (!(flags & MS_FLAG_INHERITED))
            account_free (t, &x->s, flags & MS_SIZE_MASK);
        }
      if (own != NULL)
        op_end (t, own);
      else
        __atomic_sub_fetch (&ms_remote_busy, 1, __ATOMIC_RELEASE);
      if (base != NULL)
        {
          real_free (base);
          return;
        }
      if (ms_freezer == t)
        {
          free_later (t, own, user);   /* made when the gate opens */
          return;
        }
      gate_wait (gate);
    }
}

/* The end of free's steady state, where the thread's live heap reached the
 * series' lower bound (REC and LIVE given; nothing but the header is live
 * across the sample) or the operation ended with frees a signal handler
 * deferred (REC NULL: ended already): the rest of the operation, then
 * glibc's free of the block at B. */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
free_finish (MsThread *t, MsThreadRec *rec, guint64 live, MsTable *tb, MsBlock *b)
{
  if (rec != NULL)
    {
      series_event (t, rec, live);
      op_end (t, tb);
    }
  else
    deferred_now (t, tb);
  __libc_free (b);
}

/* free's slow path, after the operation it began (out of line, as
 * free_finish). */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
free_slow_ending (MsThread *t, MsTable *tb, void *user)
{
  op_end (t, tb);
  free_slow (t, user);
}

MS_EXPORT void
free (void *user)
{
  MsThread *t = &ms_self;
  MsBlock *b;
  MsSlot *slot;
  MsStats *x;
  MsTable *tb;

  if (user == NULL)
    return;
  if (!block_is_ours (user))
    {
      real_free (user);
      return;
    }
  b = block_of (user);
  slot = b->slot;
  x = (MsStats *) slot->stats;
  tb = x->table;
  /* The steady state: a block of this thread's, no signal handler inside
   * an operation, the gate open. */
  if (G_LIKELY (x->s.rec == t->rec && tb->busy == 0))
    {
      guint64 flags;

      tb->busy = 1;
      barrier ();
      flags = slot->size_flags;
      /* Flags clear: not inherited, not over-aligned; the word is the size. */
      if (G_LIKELY (__atomic_load_n (&ms_gate, __ATOMIC_RELAXED) == 0 && flags <= MS_SIZE_MASK))
        {
          MsThreadRec *rec = x->s.rec;
          guint64 live;

          slot_give (tb, slot);
          b->tag = 0;         /* a second free is no longer ours: glibc judges it */
          live = count_free_local (rec, &x->s, flags);
          /* Whatever else is to be done, out of line: free calls nothing
           * but glibc's free, as its last act, and saves no register.  The
           * gate was open: this is no crash report writer. */
          if (G_UNLIKELY (live < rec->heap_series->lo1))
            free_finish (t, rec, live, tb, b);
          else if (G_UNLIKELY (op_done (tb)))
            free_finish (t, NULL, 0, tb, b);
          else
            __libc_free (b);
          return;
        }
      free_slow_ending (t, tb, user);
      return;
    }
  free_slow (t, user);
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static void
run_deferred (MsThread *t)
{
  MsTable *tb = own_table (t);

  while (t->heap.ndeferred > 0 && (tb == NULL || tb->busy == 0))
    free (t->heap.deferred[--t->heap.ndeferred]);
}

MS_EXPORT void *
calloc (size_t n, size_t size)
{
  MsThread *t = &ms_self;
  const void *caller = __builtin_return_address (0);
  MsHeapStats *hs;
  size_t total;

  if (__builtin_mul_overflow (n, size, &total))
    {
      errno = ENOMEM;
      return NULL;
    }
  hs = op_begin (t);
  if (hs == NULL)
    return real_calloc (n, size);
  if (total > MS_MAX_SIZE)
    return op_fail (ENOMEM);
  return block_start (t, hs, __libc_calloc (1, block_request (total)), MS_HEADER, 0, total, caller);
}

/* realloc's every case but the steady state's: a block of another thread,
 * an inherited or over-aligned one, a size too big, no tracking now.  The
 * block moves: a new one (tracked if the calling context is), the bytes,
 * the old one freed; the owning variable goes with it. */
G_GNUC_NO_INLINE static void *
realloc_move (void *user, size_t size, const void *caller)
{
  MsBlock *b = block_of (user);
  const __memscope_var_desc *owner = b->slot->owner;
  guint64 kept = usable_size (user);
  void *fresh = do_malloc (size, caller);

  if (fresh == NULL)
    return NULL;
  libc_memcpy (fresh, user, MIN (kept, size));
  if (block_is_ours (fresh))
    block_of (fresh)->slot->owner = owner;
  free (user);
  return fresh;
}

/* realloc of a block (user not NULL: realloc's own case; reallocarray's
 * every case).  Out of line, so that realloc (NULL, n), a malloc, saves
 * only malloc's registers. */
G_GNUC_NO_INLINE static void *
do_realloc (void *user, size_t size, const void *caller)
{
  MsThread *t = &ms_self;
  MsHeapStats *hs;
  MsBlock *b;
  MsSlot *slot;
  MsStats *x;
  guint64 flags, kept;
  guint8 *fresh;

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
  slot = b->slot;
  x = (MsStats *) slot->stats;
  flags = slot->size_flags;
  if (x->s.rec != t->rec || flags > MS_SIZE_MASK || size > MS_MAX_SIZE)
    return realloc_move (user, size, caller);
  hs = op_begin (t);
  if (hs == NULL)
    return realloc_move (user, size, caller);
  /* Counted as a free of the old block and an allocation of the new one,
   * in the calling context (as heaptrack does).  glibc copies the header
   * with the bytes: the slot, and the owner in it, move with the block.
   * The table stays busy meanwhile: no report reads the slot. */
  /* glibc keeps the old block's usable bytes, those past its size too,
   * which a program told of them by malloc_usable_size may have used. */
  kept = real_usable_size != NULL ? real_usable_size (b) - MS_HEADER : flags;
  b->tag = 0;                 /* if glibc moves it, the old address is no longer ours */
  fresh = __libc_realloc (b, block_request (size));
  if (fresh == NULL)
    {
      b->tag = (guintptr) user ^ ms_cookie;   /* the old block is intact */
      return op_fail (0);
    }
  /* What it grew by, where glibc took a free neighbour or moved it. */
  fill_new (fresh, fresh + MS_HEADER, kept, size);
  b = (MsBlock *) fresh;
  account_free_local (t, &x->s, flags);
  account_alloc (t, hs, size, caller);
  slot->stats = hs;
  slot->caller = caller;
  slot->size_flags = size;
  b->tag = (guintptr) (fresh + MS_HEADER) ^ ms_cookie;
  slot->block = (guintptr) b;
  op_end (t, ((MsStats *) hs)->table);
  launder (b);
  return (guint8 *) b + MS_HEADER;
}

/* realloc (NULL, n), out of line as do_realloc: realloc itself only
 * chooses, and saves no register. */
G_GNUC_NO_INLINE static void *
realloc_null (size_t size, const void *caller)
{
  return do_malloc (size, caller);
}

MS_EXPORT void *
realloc (void *user, size_t size)
{
  if (user == NULL)
    return realloc_null (size, __builtin_return_address (0));
  return do_realloc (user, size, __builtin_return_address (0));
}

MS_EXPORT void *
reallocarray (void *user, size_t n, size_t size)
{
  size_t total;

  if (G_UNLIKELY (foreign_malloc ()))
    {
      static void *next;

      return ((void *(*) (void *, size_t, size_t)) next_fn (&next, "reallocarray")) (user, n, size);
    }
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
  hs = op_begin (t);
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
  size_t n;
  char *p;

  if (G_UNLIKELY (foreign_malloc ()))
    {
      static void *next;

      return ((char *(*) (const char *)) next_fn (&next, "strdup")) (s);
    }
  n = libc_strlen (s) + 1;
  p = do_malloc (n, __builtin_return_address (0));

  if (p != NULL)
    libc_memcpy (p, s, n);
  return p;
}

MS_EXPORT char *
strndup (const char *s, size_t max)
{
  size_t n;
  char *p;

  if (G_UNLIKELY (foreign_malloc ()))
    {
      static void *next;

      return ((char *(*) (const char *, size_t)) next_fn (&next, "strndup")) (s, max);
    }
  n = libc_strnlen (s, max);
  p = do_malloc (n + 1, __builtin_return_address (0));

  if (p != NULL)
    {
      libc_memcpy (p, s, n);
      p[n] = '\0';
    }
  return p;
}

/* C++'s operator new, for the same reason: libstdc++'s would call malloc
 * from libstdc++.  Only the allocation is done here; when it fails, or the
 * program's malloc is not this library's, the library's own operator new
 * runs (the new-handler, std::bad_alloc). */
#define MS_NEW(symbol)                                                         \
  MS_EXPORT void *symbol (size_t size);                                        \
  MS_EXPORT void *                                                             \
  symbol (size_t size)                                                         \
  {                                                                            \
    static void *next;                                                         \
    void *p = G_UNLIKELY (foreign_malloc ()) ? NULL                            \
              : do_malloc (size, __builtin_return_address (0));                \
    return p != NULL ? p                                                       \
           : ((void *(*) (size_t)) next_fn (&next, #symbol)) (size);           \
  }
#define MS_NEW_NOTHROW(symbol)                                                 \
  MS_EXPORT void *symbol (size_t size, const void *nothrow);                   \
  MS_EXPORT void *                                                             \
  symbol (size_t size, const void *nothrow)                                    \
  {                                                                            \
    static void *next;                                                         \
    void *p = G_UNLIKELY (foreign_malloc ()) ? NULL                            \
              : do_malloc (size, __builtin_return_address (0));                \
    return p != NULL ? p                                                       \
           : ((void *(*) (size_t, const void *)) next_fn (&next, #symbol)) (size, nothrow); \
  }
#define MS_NEW_ALIGNED(symbol)                                                 \
  MS_EXPORT void *symbol (size_t size, size_t alignment);                      \
  MS_EXPORT void *                                                             \
  symbol (size_t size, size_t alignment)                                       \
  {                                                                            \
    static void *next;                                                         \
    void *p = G_UNLIKELY (foreign_malloc ()) ? NULL                            \
              : aligned (alignment, size, __builtin_return_address (0));       \
    return p != NULL ? p                                                       \
           : ((void *(*) (size_t, size_t)) next_fn (&next, #symbol)) (size, alignment); \
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
  return usable_size (user);
}

/* ---- variables owning blocks ----------------------------------------------- */

void
__memscope_heap_owner (const __memscope_var_desc *var, const void *user)
{
  ms_heap_owner_note (var, user);
}

/* This library's own __memscope_heap_owner, whatever the name resolves to
 * (a program may define its own: testsuite/plugin/heapvar-2.c records the
 * calls that way). */
extern __typeof__ (__memscope_heap_owner) ms_heap_owner_own
  __attribute__ ((alias ("__memscope_heap_owner"), visibility ("hidden")));

/* __memscope_heap_owner's work, on the general registers only, so that
 * the plugin's trampoline can call it without saving the vector state
 * around it (an XSAVE and an XRSTOR per call cost more than the rest of
 * an allocation): the helpers it would call are written out here, since
 * GCC does not inline across a change of target options. */
/* Whether the word below USER may be read.  USER is what a function with
 * the malloc attribute returned, which need not be a heap block or NULL:
 * iconv_open fails with (iconv_t) -1.  A block of ours is 16-byte aligned
 * and in user space; below one that starts a page lies the page before,
 * which holds its header, but below another pointer that page may not be
 * mapped: mincore says (a system call, only for a pointer at a page's
 * start: over-aligned blocks). */
__attribute__ ((target ("general-regs-only"))) static inline gboolean
below_readable (const void *user)
{
  guintptr u = (guintptr) user;
  unsigned char in_core;
  long ret;

  if ((u & 15) != 0 || u < 4096 || u >= ((guintptr) 1 << 56))
    return FALSE;
  if ((u & 4095) != 0)
    return TRUE;
  /* mincore fails (ENOMEM) on a page that is not mapped. */
  __asm__ __volatile__ ("syscall"
                        : "=a" (ret)
                        : "0" ((long) SYS_mincore), "D" (u - 4096), "S" ((long) 4096),
                          "d" (&in_core)
                        : "rcx", "r11", "memory");
  return ret == 0;
}

__attribute__ ((target ("general-regs-only"))) void
ms_heap_owner_note (const __memscope_var_desc *var, const void *user)
{
  MsThread *t = &ms_self;
  MsFrame *f;
  MsBlock *b;

  /* block_is_ours, block_of: none without tracking */
  if (var == NULL || !ms_heap_enabled || !below_readable (user)
      || ((const guintptr *) user)[-1] != ((guintptr) user ^ ms_cookie))
    return;
  b = (MsBlock *) ((guint8 *) user - MS_HEADER);
  b->slot->owner = var;
  if (t->limit == NULL || t->overflow)
    return;
  /* Count it for the variable's context: the innermost frame whose site
   * declares it (nearly always the top one; ms_var_stat). */
  for (f = t->top; f > t->frames; f--)
    {
      MsNode *node = f->node;
      uintptr_t off = (uintptr_t) var - (uintptr_t) node->var_base;

      if (off < node->vars_bytes)
        {
          MsVarStat *s = (MsVarStat *) ((guint8 *) node->vars + off);
          s->heap_blocks++;
          s->heap_bytes += b->slot->size_flags & MS_SIZE_MASK;
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

/* Whether a valgrind tool that replaces the allocator runs the program
 * (memcheck, massif, helgrind, drd and DHAT preload a vgpreload_TOOL
 * library; callgrind and cachegrind only vgpreload_core).  It redirects
 * calls to this library's malloc and free to its own, and its blocks have
 * no header: the heap is then left to it. */
static int
find_valgrind_allocator (struct dl_phdr_info *info, size_t size, void *data)
{
  const char *name = info->dlpi_name != NULL ? info->dlpi_name : "";
  const char *base = strrchr (name, '/') != NULL ? strrchr (name, '/') + 1 : name;

  (void) size;
  if (g_str_has_prefix (base, "vgpreload_") && !g_str_has_prefix (base, "vgpreload_core"))
    *(gboolean *) data = TRUE;
  return 0;
}

void
ms_heap_init (void)
{
  guintptr cookie = 0;
  gboolean valgrind = FALSE;

  ms_guard_enter ();
  real_usable_size = (size_t (*) (void *)) dlsym (RTLD_NEXT, "malloc_usable_size");
  ms_guard_leave ();
  if (getrandom (&cookie, sizeof cookie, GRND_NONBLOCK) != sizeof cookie)
    cookie = (guintptr) ms_now_ns () * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ (guintptr) &cookie;
  ms_cookie = cookie | 1;
  dl_iterate_phdr (find_loader, NULL);
  dl_iterate_phdr (find_valgrind_allocator, &valgrind);
  if (valgrind)
    __atomic_store_n (&ms_foreign, 1, __ATOMIC_RELAXED);
  ms_heap_enabled = ms_options.heap && !valgrind;
  if (ms_heap_enabled)
    {
      barrier_init ();
      __atomic_and_fetch (&ms_gate, ~MS_GATE_OFF, __ATOMIC_SEQ_CST);
    }
}

/* Nothing is held across fork: a table another thread was changing at the
 * fork is one it never touches again in the child, and each of its changes
 * leaves every slot either free or pointing at a whole header. */
void
ms_heap_fork_prepare (void)
{
}

void
ms_heap_fork_parent (void)
{
}

static void
mark_inherited (MsBlock *b, gpointer data)
{
  b->slot->size_flags |= MS_FLAG_INHERITED;
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
      /* Threads that were inside an operation at the fork are gone. */
      if (rec->heap_blocks != NULL && rec->heap_blocks != own_table (&ms_self))
        ((MsTable *) rec->heap_blocks)->busy = 0;
    }
  ms_remote_busy = 0;
  ms_freezer = NULL;
  __atomic_and_fetch (&ms_gate, ~MS_GATE_FROZEN, __ATOMIC_SEQ_CST);
}

/* ---- allocator calls: from return addresses to file:line ------------------ *
 *
 * The plugin gives every allocator call in instrumented code an entry in
 * the section memscope_callsites of its object (memscope-abi.h).  At report
 * time each loaded object's section is found by its section headers, read
 * from the object's file (section headers are not loaded), and its
 * entries are read in memory, once: their fields are relative (no
 * relocation), and the runtime keeps a copy of them as pointers.  A
 * block's site is the entry whose call is the last one before the block's
 * return address, at most 16 bytes before it (the longest call).  The ELF
 * headers are read by hand: a few fixed structs of <elf.h>, where a
 * library would be one more thing every instrumented program loads. */

typedef struct
{
  GPtrArray *calls;             /* const __memscope_call_site *, by call */
  guint objects;                /* objects seen so far */
} Sites;

/* The loaded sections' entries as pointers, by the section's address:
 * kept until exit, since snapshots keep pointers to them. */
static GHashTable *ms_site_copies;
G_LOCK_DEFINE_STATIC (ms_site_copies);

static const __memscope_call_site *
sites_copy (guint64 lo, guint64 n)
{
  __memscope_call_site *copy;
  guint64 i;

  G_LOCK (ms_site_copies);
  if (ms_site_copies == NULL)
    ms_site_copies = g_hash_table_new (NULL, NULL);
  copy = g_hash_table_lookup (ms_site_copies, (gpointer) (guintptr) lo);
  if (copy == NULL && n > 0)
    {
      const __memscope_call_site *from = (const __memscope_call_site *) (guintptr) lo;

      copy = g_new (__memscope_call_site, n);
      for (i = 0; i < n; i++)
        {
          copy[i].call = MEMSCOPE_CALL_SITE_FIELD (&from[i], call);
          copy[i].file = MEMSCOPE_CALL_SITE_FIELD (&from[i], file);
          copy[i].line = from[i].line;
          copy[i].function = MEMSCOPE_CALL_SITE_FIELD (&from[i], function);
        }
      g_hash_table_insert (ms_site_copies, (gpointer) (guintptr) lo, copy);
    }
  G_UNLOCK (ms_site_copies);
  return copy;
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
  if (!ms_pread_all (fd, &eh, sizeof eh, 0) || memcmp (eh.e_ident, ELFMAG, SELFMAG) != 0
      || eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof (Elf64_Shdr) || eh.e_shnum == 0
      || eh.e_shstrndx >= eh.e_shnum)
    goto out;
  sh = g_new (Elf64_Shdr, eh.e_shnum);
  if (!ms_pread_all (fd, sh, (gsize) eh.e_shnum * sizeof (Elf64_Shdr), eh.e_shoff))
    goto out;
  names = &sh[eh.e_shstrndx];
  if (names->sh_size == 0 || names->sh_size > 16 << 20)
    goto out;
  strtab = g_malloc (names->sh_size + 1);
  if (!ms_pread_all (fd, strtab, names->sh_size, names->sh_offset))
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
  const __memscope_call_site *copy;
  gboolean loaded = FALSE;
  g_autofree char *file = NULL;
  int k;

  /* The program comes first, without a name. */
  if (si->objects++ == 0 && (path == NULL || path[0] == '\0'))
    path = "/proc/self/exe";
  else
    path = file = ms_object_file (info);
  if (path == NULL || !find_sites_section (path, &addr, &bytes))
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
  copy = sites_copy (lo, n);
  for (i = 0; i < n; i++)
    g_ptr_array_add (si->calls, (gpointer) &copy[i]);
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
  ms_unload_each (add_object_sites, &si);
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

/* The context of a thread's statistics: the one its node merged into while
 * the thread runs (none for a thread that vanished unmerged, whose memory
 * may be gone), the one it was handed at the thread's end after. */
static MsContext *
stats_context (const MsHeapStats *hs)
{
  if (hs->ctx != NULL)
    return hs->ctx;
  return hs->rec->live != NULL ? ms_node_context (hs->rec, hs->node) : NULL;
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
  GPtrArray *calls;             /* sites_load */
  GHashTable *site_index;       /* SiteKey -> index in snap->sites + 1 */
  GArray *blocks;               /* MsLiveBlock */
} Collect;

/* Where glibc's chunk after b's starts, when that is inside b's bytes
 * (MS_TAIL); else 0.  glibc's chunk header: its size, flags in the low 3
 * bits, in the word below the address malloc returned (base). */
static guintptr
next_chunk (const MsBlock *b)
{
  const guint8 *user = (const guint8 *) (b + 1);
  const guint8 *base = user - block_room (b);
  gsize word = ((const gsize *) base)[-1];
  guintptr next = (guintptr) base - 2 * sizeof (gsize) + (word & ~(gsize) 7);

  if ((word & 2) != 0)
    return 0;                 /* mmapped: glibc keeps no pointer past it */
  return next > (guintptr) user && next < (guintptr) user + block_size (b) ? next : 0;
}

/* A block the dynamic loader allocates (a thread's DTV, dynamic TLS) is
 * reachable by definition, as to LeakSanitizer: glibc keeps an ended
 * thread's DTV with its cached stack, where no root points. */
static void
collect_block (MsBlock *b, gpointer data)
{
  Collect *co = data;
  MsContext *c = stats_context (b->slot->stats);
  MsLiveBlock lb = {
    .lo = (guintptr) (b + 1),
    .hi = (guintptr) (b + 1) + MAX (block_size (b), 1),   /* malloc (0) is one byte to LeakSanitizer */
    .next_chunk = next_chunk (b),
    .block = b,
    .context = c != NULL && c->site != NULL ? c : NULL,
    .site = site_of (co->calls, b->slot->caller, c),
    .loader = (guintptr) b->slot->caller - ms_loader_lo < ms_loader_size,
  };

  g_array_append_val (co->blocks, lb);
}

/* Closes the gate: from its return until heap_thaw no table changes and no
 * tracked block is given back. */
static void
heap_freeze (MsSnapshot *snap)
{
  MsTable *mine = own_table (&ms_self);
  guint i;

  if (ms_bump != NULL)
    return;                   /* a crash report writer runs alone */
  __atomic_or_fetch (&ms_gate, MS_GATE_FROZEN, __ATOMIC_SEQ_CST);
  ms_freezer = &ms_self;
  process_barrier ();
  for (i = 0; i < snap->threads->len; i++)
    {
      MsThreadRec *rec = snap->threads->pdata[i];
      MsTable *tb = __atomic_load_n ((MsTable **) &rec->heap_blocks, __ATOMIC_ACQUIRE);

      /* This thread's own table: busy only if the report interrupted an
       * operation of its own (a signal handler), which cannot wait for it. */
      if (tb != NULL && tb != mine)
        wait_idle (&tb->busy);
    }
  wait_idle (&ms_remote_busy);
}

static void
heap_thaw (void)
{
  MsThread *t = &ms_self;
  MsTable *mine = own_table (t);

  if (ms_bump != NULL)
    return;
  ms_freezer = NULL;
  __atomic_and_fetch (&ms_gate, ~MS_GATE_FROZEN, __ATOMIC_SEQ_CST);
  syscall (SYS_futex, &ms_gate, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
  if (t->heap.ndeferred != 0 && (mine == NULL || mine->busy == 0))
    run_deferred (t);
}

/* Every live block, grouped by allocating context, owning variable,
 * inheritance and what the leak check (leaks.c) found.  The gate stays
 * closed meanwhile: no block may be freed while its bytes are read.  Runs
 * with the loader's lock held, taken before the gate is closed. */
static void
collect_live_blocks (gpointer data)
{
  Collect *co = data;
  MsSnapshot *snap = co->snap;
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (MsLiveBlock));
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (MsLeak));
  GHashTable *index = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint i, j;

  co->blocks = blocks;
  heap_freeze (snap);
  for (i = 0; i < snap->threads->len; i++)
    {
      MsThreadRec *rec = snap->threads->pdata[i];

      table_each (rec, collect_block, co);
    }
  g_array_sort (blocks, live_by_address);
  ms_leaks_classify (blocks, snap);

  for (i = 0; i < blocks->len; i++)
    {
      const MsLiveBlock *lb = &g_array_index (blocks, MsLiveBlock, i);
      MsBlock *b = lb->block;
      MsContext *c = lb->context;
      MsVarSite *v = b->slot->owner ? ms_var_site_lookup (b->slot->owner) : NULL;
      MsLeak key = {
        .inherited = (b->slot->size_flags & MS_FLAG_INHERITED) != 0,
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
  heap_thaw ();

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
collect_peaks (MsSnapshot *snap)
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
          MsContext *c = stats_context (&x->s);
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
ms_heap_snapshot (MsSnapshot *snap)
{
  MsHeapStats *hs;
  guint i;

  Collect co = { snap, sites_load (),
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
      MsContext *c = stats_context (hs);

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
  /* Without tracking no block is live: nothing to scan for. */
  if (ms_heap_enabled)
    ms_leaks_with_loader_lock (collect_live_blocks, &co);
  g_array_sort (snap->sites, site_by_bytes);
  collect_peaks (snap);
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

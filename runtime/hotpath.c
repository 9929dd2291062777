/* hotpath.c: the instrumentation entry points the plugin's calls land in.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Steady state, per event: a few loads and stores on the calling thread's
 * own state (initial-exec TLS plus memory it mapped).  No lock, no
 * allocation, no string, no GLib call.  Everything else (first event of a
 * thread, a new calling context, overflow, unbalanced control flow) is in
 * G_GNUC_NO_INLINE cold functions so the fast paths need no prologue.
 *
 * Async-signal safety: a handler that runs instrumented code pushes on top
 * of whatever the interrupted code has published.  A push fills its slot,
 * publishes the new top, then stores the slot's identity again: a handler
 * that ran in between and reused the slot cannot leave its frame behind.
 *
 * Frames that a longjmp or an unwinding skipped stay pushed until a path
 * that can afford a look at the stack pointer sees them: a returns-twice
 * call's resync, an enter that misses its context cache.  The cache-hit
 * enter trusts the frame stack; an exit matches by descriptor only (the
 * plugin's exits are often tail calls, made from the caller's stack
 * pointer).
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "crash.h"
#include "heap.h"
#include "hotpath.h"
#include "hotpath-layout.h"
#include "options.h"

G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, top) == MS_T_TOP);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, limit) == MS_T_LIMIT);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, var_top) == MS_T_VAR_TOP);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, live) == MS_T_LIVE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, lookup) == MS_T_LOOKUP);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, stack_lo) == MS_T_STACK_LO);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, stack_hi) == MS_T_STACK_HI);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, off_stack) == MS_T_OFF_STACK);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, checked_limit) == MS_T_CHECKED_LIMIT);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, allocating) == MS_T_ALLOCATING);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, overflow) == MS_T_OVERFLOW);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, vars_bytes) == MS_N_VARS_BYTES);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, var_base) == MS_N_VAR_BASE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, vars) == MS_N_VARS);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsVarStat, heap_blocks) == MS_V_HEAP_BLOCKS);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsVarStat, heap_bytes) == MS_V_HEAP_BYTES);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, sp_min) == MS_N_SP_MIN);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, site) == MS_N_SITE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, parent) == MS_N_PARENT);
G_STATIC_ASSERT (sizeof (MsLookup) == 24);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsFrame, saved_hwm) == MS_F_SAVED_HWM);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, hwm) == MS_T_HWM);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, peak_live) == MS_T_PEAK_LIVE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsThread, peak_node) == MS_T_PEAK_NODE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, peak) == MS_N_PEAK);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, sub_peak) == MS_N_SUB_PEAK);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, sp_self) == MS_N_SP_SELF);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsFrame, base_live) == MS_F_BASE_LIVE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsFrame, var_top) == MS_F_VAR_TOP);
G_STATIC_ASSERT (G_STRUCT_OFFSET (__memscope_scope_desc, counted_bytes) == MS_D_COUNTED);
G_STATIC_ASSERT (G_STRUCT_OFFSET (__memscope_scope_desc, flags) == MS_D_FLAGS);
G_STATIC_ASSERT (G_STRUCT_OFFSET (__memscope_scope_desc, site) == MS_D_SITE);
G_STATIC_ASSERT (MEMSCOPE_SCOPE_RELATIVE == MS_SCOPE_RELATIVE);
G_STATIC_ASSERT (MEMSCOPE_SCOPE_SLOTS == MS_SLOTS);
G_STATIC_ASSERT (MEMSCOPE_SCOPE_SLOT_SHIFT == MS_SLOT_SHIFT);
G_STATIC_ASSERT (sizeof (MsFrame) == MS_FRAME_SIZE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsFrame, node) == MS_F_NODE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsFrame, sp) == MS_F_SP);

gboolean ms_started;
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsFrame, key) == MS_F_KEY);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, desc) == MS_N_DESC);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, cache) == MS_N_CACHE);
G_STATIC_ASSERT (G_STRUCT_OFFSET (MsNode, entries) == MS_N_ENTRIES);

#define MS_MAX_FRAMES (1u << 20)      /* open scope instances per thread */
#define MS_MAX_VARS (1u << 20)        /* live variable instances per thread */
#define MS_MIN_SLOTS (1u << 12)       /* the least of either, where address space is short */
#define MS_ARENA_CHUNK (1u << 20)     /* context nodes are carved from these */
#define MS_MAX_SITE_VARS (1u << 16)   /* sanity bound on a descriptor's nvars */

#define barrier() __asm__ __volatile__ ("" ::: "memory")

/* Moves a thread's top frame pointer by one frame, in one instruction: a
 * read-modify-write a signal handler cannot split, and one instruction
 * less than computing the new top and storing it. */
#if defined(__x86_64__)
#define top_up(t) __asm__ __volatile__ ("addq %1, %0" : "+m" ((t)->top) : "i" (sizeof (MsFrame)) : "memory")
#define top_down(t) __asm__ __volatile__ ("subq %1, %0" : "+m" ((t)->top) : "i" (sizeof (MsFrame)) : "memory")
#else
#define top_up(t) do { barrier (); (t)->top++; barrier (); } while (0)
#define top_down(t) do { barrier (); (t)->top--; barrier (); } while (0)
#endif

/* A descriptor no instrumentation passes: the lookup cache of a fresh node
 * points at ms_nil_node, whose desc never matches. */
static const __memscope_scope_desc ms_nil_desc = { .abi_version = 0 };
static MsNode ms_nil_node = {
  .desc = &ms_nil_desc,
  .index = G_MAXUINT32,         /* no thread's: never merged */
  .cache = { [0 ... MS_NODE_CACHE - 1] = &ms_nil_node },
};

/* Before a thread's first event (and after its teardown) top points here:
 * exit compares against ms_nil_desc and takes the cold path; enter sees
 * limit == NULL and takes the cold path.  Never written.  Exported: an
 * executable's own definition of the thread state starts there too. */
MsFrame ms_boot_frame __asm__ (G_STRINGIFY (MS_BOOT_FRAME_SYM)) __attribute__ ((visibility ("default"))) = {
  .node = &ms_nil_node, .sp = UINTPTR_MAX, .key = (uintptr_t) &ms_nil_desc,
};

/* The thread state, under the name the plugin's inline fast paths read it
 * by (hotpath-layout.h, MS_THREAD_SYM), preemptible: where the executable
 * defines it, every module uses the executable's. */
__thread MsThread ms_self = {
  .top = &ms_boot_frame,
};
G_STATIC_ASSERT (MEMSCOPE_ABI_VERSION == 7);  /* the names above carry it */
G_STATIC_ASSERT (sizeof (MsThread) == MS_THREAD_SIZE);
G_STATIC_ASSERT (_Alignof (MsThread) == MS_THREAD_ALIGN);

/* Stores the stack pointer into the sp of the frame above top, without a
 * register copy: the cache-hit enter spends no instruction on reading it. */
#if defined(__x86_64__)
#define store_sp_above(top) \
  __asm__ __volatile__ ("movq %%rsp, %c1(%0)" \
                        : : "r" (top), "i" (sizeof (MsFrame) + G_STRUCT_OFFSET (MsFrame, sp)) : "memory")
#else
#define store_sp_above(top) ((top)[1].sp = current_sp ())
#endif

static inline uintptr_t
current_sp (void)
{
  uintptr_t sp;
#if defined(__x86_64__)
  __asm__ ("mov %%rsp, %0" : "=r" (sp));
#elif defined(__aarch64__)
  __asm__ ("mov %0, sp" : "=r" (sp));
#else
  sp = (uintptr_t) __builtin_frame_address (0);
#endif
  return sp;
}

/* The trampolines save only the general registers before they reach C
 * (this file is compiled with -mgeneral-regs-only): whatever may touch the
 * vector registers (libc, GLib, the vDSO) is called through ms_vcall, which
 * saves and restores the whole extended state (tramp-x86_64.S). */
#if defined(__x86_64__)
#include <cpuid.h>

G_GNUC_INTERNAL guintptr ms_vcall (gpointer fn, guintptr a, guintptr b, guintptr c);
G_GNUC_INTERNAL void ms_vcall_setup (void);
G_GNUC_INTERNAL guint64 ms_xsave_bytes;      /* what ms_vcall reserves for the state */
G_GNUC_INTERNAL guint8 ms_have_xsave;        /* 0: fxsave (x87 and SSE only), 1: xsave, 2: xsavec */

/* Called by ms_vcall before its first save: how big the extended state is
 * with the features the kernel enabled (CPUID leaf 0xd), plus the room to
 * align it to 64 bytes, and how to save it.  XSAVEC (compacted, leaving
 * out the components in their initial state: most often the upper halves
 * of the AVX-512 registers) where the processor has it; xrstor reads
 * either format. */
void
ms_vcall_setup (void)
{
  unsigned a, b, c, d;
  guint64 bytes = 512;

  if (__get_cpuid (1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && __get_cpuid_max (0, NULL) >= 0xd)
    {
      __cpuid_count (0xd, 0, a, b, c, d);
      if (b >= 576)
        {
          bytes = b;
          ms_have_xsave = 1;
          /* Sub-leaf 1: EAX bit 1, XSAVEC; EBX, the compacted size of
           * what XCR0 and IA32_XSS enable (more than user state needs). */
          __cpuid_count (0xd, 1, a, b, c, d);
          if ((a & 2) && b >= 576)
            {
              bytes = MAX (bytes, b);
              ms_have_xsave = 2;
            }
        }
    }
  ms_xsave_bytes = bytes + 64;
}

#define VCALL3(fn, a, b, c) ms_vcall ((gpointer) (fn), (guintptr) (a), (guintptr) (b), (guintptr) (c))
#else
#define VCALL3(fn, a, b, c) ((guintptr (*) (guintptr, guintptr, guintptr)) (fn)) ((guintptr) (a), (guintptr) (b), (guintptr) (c))
#endif

gint64
ms_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* ---- ticks: the time of a context's first entry and of a traced event ---- *
 *
 * The time stamp counter where it runs at a constant rate (CPUID
 * 0x80000007, EDX bit 8: invariant TSC): one instruction, which touches no
 * vector register, so that making a context (at its first entry, from the
 * trampolines) needs no save of the vector state around clock_gettime
 * (ms_vcall: an XSAVEC and an XRSTOR per context, some 5% of a short
 * SQLite test script's time); CLOCK_MONOTONIC nanoseconds where it does
 * not.  ms_ticks_ns turns a reading into CLOCK_MONOTONIC nanoseconds on the
 * line between the two anchors around it: pairs of readings of both
 * clocks, one taken at the first thread's set-up, before any reading, and
 * one each time a snapshot starts.  CLOCK_MONOTONIC is slewed (NTP) and
 * the counter is not: the nearer the anchors, the less a changing slew
 * moves a time between them. */
static gboolean ms_tsc;
static pthread_once_t ms_ticks_once = PTHREAD_ONCE_INIT;

#if defined(__x86_64__)
/* The anchors, in the order taken (both clocks increasing); when full,
 * the odd-numbered ones are dropped (the first stays), so that a run of
 * any length keeps anchors over its whole span, further apart; a time
 * converted between two dropped ones moves then by what the slew changed
 * between them. */
static MsTicksAnchor ms_anchors[MS_TICKS_ANCHORS];
static guint ms_nanchors;
static pthread_mutex_t ms_anchors_lock = PTHREAD_MUTEX_INITIALIZER;

/* Both clocks at once: the counter halfway through the clock's reading,
 * the closest of a few tries (a preemption between the reads would move
 * the pair by half of it). */
static void
ticks_pair (guint64 *tsc, gint64 *ns)
{
  guint64 best = G_MAXUINT64;

  for (int i = 0; i < 5; i++)
    {
      guint64 a = __builtin_ia32_rdtsc ();
      gint64 now = ms_now_ns ();
      guint64 b = __builtin_ia32_rdtsc ();

      if (b >= a && b - a < best)
        {
          best = b - a;
          *ns = now;
          *tsc = a + (b - a) / 2;
        }
    }
  if (best == G_MAXUINT64)
    {
      *tsc = __builtin_ia32_rdtsc ();
      *ns = ms_now_ns ();
    }
}
#endif

/* Once, under ms_vcall (thread_setup). */
static void
ticks_setup (void)
{
#if defined(__x86_64__)
  unsigned a, b, c, d;

  if (__get_cpuid_max (0x80000000, NULL) >= 0x80000007)
    {
      __cpuid (0x80000007, a, b, c, d);
      if (d & (1u << 8))
        {
          ticks_pair (&ms_anchors[0].tsc, &ms_anchors[0].ns);
          ms_nanchors = 1;
          __atomic_store_n (&ms_tsc, TRUE, __ATOMIC_RELEASE);
        }
    }
#endif
}

static inline guint64
ms_ticks (void)
{
#if defined(__x86_64__)
  if (G_LIKELY (ms_tsc))
    return __builtin_ia32_rdtsc ();
#endif
  return (guint64) VCALL3 (ms_now_ns, 0, 0, 0);
}

void
ms_ticks_scale (MsTicksScale *s)
{
  s->n = 0;
  /* A snapshot's thread may have made no context of its own. */
  s->tsc = __atomic_load_n (&ms_tsc, __ATOMIC_ACQUIRE);
  if (!s->tsc)
    return;
#if defined(__x86_64__)
  {
    MsTicksAnchor now;

    ticks_pair (&now.tsc, &now.ns);
    pthread_mutex_lock (&ms_anchors_lock);
    if (now.tsc > ms_anchors[ms_nanchors - 1].tsc && now.ns > ms_anchors[ms_nanchors - 1].ns)
      {
        if (ms_nanchors == MS_TICKS_ANCHORS)
          {
            guint i;

            for (i = 1; 2 * i < MS_TICKS_ANCHORS; i++)
              ms_anchors[i] = ms_anchors[2 * i];
            ms_nanchors = i;
          }
        ms_anchors[ms_nanchors++] = now;
      }
    s->n = ms_nanchors;
    memcpy (s->anchors, ms_anchors, ms_nanchors * sizeof ms_anchors[0]);
    pthread_mutex_unlock (&ms_anchors_lock);
  }
#endif
}

gint64
ms_ticks_ns (const MsTicksScale *s, guint64 ticks)
{
  const MsTicksAnchor *a, *b;
  guint lo, hi;
  gint64 d;

  if (!s->tsc)
    return (gint64) ticks;    /* nanoseconds already */
  if (s->n < 2)
    return s->n ? s->anchors[0].ns : 0;   /* no interval to scale by (a counter that went back) */
  /* The last anchor at or before the reading (the first one for an
   * earlier reading), and the next. */
  lo = 0;
  hi = s->n - 1;
  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;

      if (s->anchors[mid].tsc <= ticks)
        lo = mid;
      else
        hi = mid;
    }
  a = &s->anchors[lo];
  b = &s->anchors[lo + 1];
  if (ticks >= a->tsc)
    d = (gint64) ((unsigned __int128) (ticks - a->tsc) * (guint64) (b->ns - a->ns)
                  / (b->tsc - a->tsc));
  else
    d = -(gint64) ((unsigned __int128) (a->tsc - ticks) * (guint64) (b->ns - a->ns)
                   / (b->tsc - a->tsc));
  return a->ns + d;
}

/* ---- cold: per-thread set-up and teardown -------------------------------- */

static pthread_key_t ms_thread_key;
static pthread_once_t ms_thread_key_once = PTHREAD_ONCE_INIT;

static void
thread_key_destroy (void *data)
{
  ms_thread_teardown (data);
}

static void
thread_key_create (void)
{
  pthread_key_create (&ms_thread_key, thread_key_destroy);
}

static void *
map_noreserve (gsize bytes)
{
  void *p = mmap (NULL, bytes, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* The bytes of a thread's stacks (map_reserve). */
static gsize
stacks_size (guint32 nframes, guint32 nvars)
{
  return (gsize) nframes * sizeof (MsFrame) + MS_LOOKUP_SIZE * sizeof (MsLookup)
         + (gsize) nvars * sizeof (MsVarSlot);
}

/* The size of T's one mapping (thread_setup). */
static gsize
stacks_bytes (const MsThread *t)
{
  return stacks_size ((guint32) (t->frames_bytes / sizeof (MsFrame)),
                      (guint32) (t->vars_bytes / sizeof (MsVarSlot)));
}

/* A thread's *NFRAMES frames, its lookup cache and its *NVARS variable
 * slots, in that order, in one mapping: a thread costs the process one
 * (vm.max_map_count), often joined to its neighbours.  Address space
 * only, touched as used, but it counts against RLIMIT_AS and RLIMIT_DATA:
 * where that is short, fewer of both, down to MS_MIN_SLOTS; *NFRAMES and
 * *NVARS say how many. */
static guint8 *
map_reserve (guint32 *nframes, guint32 *nvars)
{
  for (;;)
    {
      guint8 *p = map_noreserve (stacks_size (*nframes, *nvars));

      if (p != NULL)
        return p;
      if (*nframes / 2 < MS_MIN_SLOTS || *nvars / 2 < MS_MIN_SLOTS)
        return NULL;
      *nframes /= 2;
      *nvars /= 2;
    }
}

/* A thread that has filled its first chunk makes contexts by thousands:
 * its later chunks come from here, where one fault per huge page costs far
 * less than one per page (a fault dominated what creating a context cost). */
void *
ms_map_huge (gsize bytes)
{
  guint8 *p = map_noreserve (bytes + MS_HUGE_PAGE);
  guint8 *aligned;
  gsize head;

  if (p == NULL)
    return NULL;
  aligned = (guint8 *) (((guintptr) p + MS_HUGE_PAGE - 1) & ~(guintptr) (MS_HUGE_PAGE - 1));
  head = aligned - p;
  if (head != 0)
    munmap (p, head);
  munmap (aligned + bytes, MS_HUGE_PAGE - head);
#ifdef MADV_HUGEPAGE
  madvise (aligned, bytes, MADV_HUGEPAGE);
#endif
  return aligned;
}

/* Chunks are given back all at once at thread teardown: each one starts
 * with a link to the previous one.  Linked in one compare-and-swap, so that
 * a signal handler's chunk (arena_alloc_apart) linked in between is kept. */
static void
chunk_link (MsThread *t, MsChunk *c)
{
  MsChunk *old = __atomic_load_n (&t->chunks, __ATOMIC_RELAXED);

  do
    c->prev = old;
  while (!__atomic_compare_exchange_n (&t->chunks, &old, c, TRUE, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED));
}

/* bytes of zeroed memory in a mapping of their own, or NULL: for a signal
 * handler that interrupted this thread while it was allocating from its
 * arena, whose state is then half updated. */
static void *
arena_alloc_apart (MsThread *t, gsize bytes)
{
  gsize chunk = (bytes + sizeof (MsChunk) + 4095) & ~(gsize) 4095;
  guint8 *fresh = (guint8 *) VCALL3 (map_noreserve, chunk, 0, 0);

  if (fresh == NULL)
    return NULL;
  ((MsChunk *) fresh)->bytes = chunk;
  chunk_link (t, (MsChunk *) fresh);
  return fresh + sizeof (MsChunk);
}

/* bytes of zeroed memory from the thread's arena, or NULL. */
static void *
arena_alloc (MsThread *t, gsize bytes)
{
  void *p;

  bytes = (bytes + 15) & ~(gsize) 15;
  if (bytes > t->arena_left)
    {
      gsize chunk;
      guint8 *fresh;

      /* mmap and madvise through libc: its code may touch the vector
       * registers (node_alloc runs from the trampolines). */
      if (t->chunks == NULL)
        {
          chunk = MAX (MS_ARENA_CHUNK, bytes + sizeof (MsChunk));
          fresh = (guint8 *) VCALL3 (map_noreserve, chunk, 0, 0);
        }
      else
        {
          chunk = (bytes + sizeof (MsChunk) + MS_HUGE_PAGE - 1) & ~(gsize) (MS_HUGE_PAGE - 1);
          fresh = (guint8 *) VCALL3 (ms_map_huge, chunk, 0, 0);
        }
      if (fresh == NULL)
        return NULL;
      ((MsChunk *) fresh)->bytes = chunk;
      chunk_link (t, (MsChunk *) fresh);
      t->arena = fresh + sizeof (MsChunk);
      t->arena_left = chunk - sizeof (MsChunk);
    }
  p = t->arena;
  t->arena += bytes;
  t->arena_left -= bytes;
  return p;
}

static MsNode *
node_alloc_cold (MsThread *t, const __memscope_scope_desc *desc, MsNode *parent, gboolean apart)
{
  guint32 nvars = desc && desc->nvars <= MS_MAX_SITE_VARS ? desc->nvars : 0;
  /* Statistics for the variables the code names at run time only (the
   * plugin says how many, from the first; a descriptor that does not,
   * every one). */
  guint32 named = desc ? MEMSCOPE_SCOPE_STATS (desc->flags) : 0;
  guint32 nstats = named != 0 ? MIN (named - 1, nvars) : nvars;
  gsize bytes = sizeof (MsNode) + nstats * sizeof (MsVarStat);
  MsNode *n = apart ? arena_alloc_apart (t, bytes) : arena_alloc (t, bytes);

  if (n == NULL)
    return NULL;
  /* mmap hands out zeroed memory: only the non-zero fields need storing. */
  n->desc = desc;
  n->site = desc ? ms_desc_site (desc) : NULL;
  n->parent = parent;
  n->sp_min = UINTPTR_MAX;
  /* Every slot: the nil node.  A loop of stores, not memcpy: a compiler
   * tuned for some processors calls libc's for 256 bytes, whose vector
   * code would run here without ms_vcall. */
  for (guint i = 0; i < MS_NODE_CACHE; i++)
    n->cache[i] = &ms_nil_node;
  n->nvars = nvars;
  n->vars_bytes = (guintptr) nstats * sizeof (__memscope_var_desc);
  n->var_base = nvars ? ms_desc_vars (desc) : NULL;
  n->created_at = ms_ticks ();
  /* One instruction: a handler's node in between gets an index of its own. */
  n->index = (guint32) __atomic_fetch_add (&t->nodes, 1, __ATOMIC_RELAXED);
  return n;
}

/* Without ms_vcall: node_alloc_cold reaches libc only through it (a new
 * arena chunk, the clock where there is no usable time stamp counter);
 * testsuite/runtime/hotcalls.sh checks what the hot path's code calls. */
static MsNode *
node_alloc (MsThread *t, const __memscope_scope_desc *desc, MsNode *parent, gboolean apart)
{
  return node_alloc_cold (t, desc, parent, apart);
}

/* Notes that parent's instances enter target, an ancestor, by folding a
 * recursion (once per pair): a report works out parent's peak with it. */
static void
fold_note_cold (MsThread *t, MsNode *parent, MsNode *target)
{
  MsFold *f;

  for (f = parent->folds; f != NULL; f = f->next)
    if (f->target == target)
      return;
  f = arena_alloc (t, sizeof (MsFold));
  if (f == NULL)
    return;
  f->target = target;
  f->next = parent->folds;
  barrier ();                  /* a snapshot may walk the list concurrently */
  parent->folds = f;
}

static gboolean thread_setup (MsThread *t);
static inline MsFrame *spare_frame (MsThread *t);

/* The signals a handler may catch at any point, blocked (the previous mask
 * in *old) while the runtime holds its registry lock: a handler that left
 * by siglongjmp would leave the lock held, and the next thread or the
 * report would wait for it forever.  The synchronous ones stay: blocked,
 * the kernel would kill the process at the first. */
static void
async_signals_block (sigset_t *old)
{
  static const int sync_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS, SIGABRT };
  sigset_t all;
  guint i;

  sigfillset (&all);
  for (i = 0; i < G_N_ELEMENTS (sync_signals); i++)
    sigdelset (&all, sync_signals[i]);
  pthread_sigmask (SIG_BLOCK, &all, old);
}

/* Returns FALSE when the thread cannot be tracked (torn down, being set
 * up, or no memory). */
static gboolean
thread_init (MsThread *t)
{
  gboolean ok;
  int saved_errno;
  sigset_t mask;

  /* A signal handler running instrumented code while this thread sets
   * itself up (under the registry lock) must not start over. */
  if (t->dead || t->initializing)
    return FALSE;
  t->initializing = 1;
  barrier ();
  /* A handler may have set the thread up between our caller's test and
   * the store above. */
  if (t->limit != NULL)
    {
      t->initializing = 0;
      return TRUE;
    }
  saved_errno = errno;
  async_signals_block (&mask);
  /* The set-up's own calls (GLib's allocations, into a malloc of the
   * program's own) are not the program's events. */
  ms_guard_enter ();
  ok = (gboolean) VCALL3 (thread_setup, t, 0, 0);
  barrier ();
  t->initializing = 0;
  ms_guard_leave ();
  barrier ();
  /* A signal that came meanwhile is handled here, the thread set up. */
  pthread_sigmask (SIG_SETMASK, &mask, NULL);
  errno = saved_errno;
  return ok;
}

/* ---- stacks above the thread's own ------------------------------------- *
 *
 * The fast paths test an entry's stack pointer against its context's
 * lowest entry only (an entry below goes slow, where node_note_sp checks
 * both bounds), so an entry on a stack that lies above the thread's own
 * would pass for one on it.  A thread that can run on such a stack (its
 * alternate signal stack, a coroutine's it switched to) leaves the inline
 * paths at every enter, as while tracing, for the trampolines, which check
 * a function's entry against the stack's top before their own fast path
 * (checked_limit); C takes the rest.  The interposers below see every way
 * a C program gets there but a hand-written stack switch. */

static gboolean
above_own_stack (MsThread *t, guintptr hi)
{
  return t->stack_hi != 0 && hi > t->stack_hi;
}

static void
thread_limit_set (MsThread *t)
{
  gboolean above = above_own_stack (t, t->alt_hi) || above_own_stack (t, t->switched_hi);
  gboolean own = t->in_runtime > 0;     /* the runtime's own work (ms_guard_enter) */

  t->checked_limit = t->trace == NULL && above && !own ? t->frames_end : NULL;
  barrier ();
  t->limit = t->trace != NULL || above || own ? t->frames : t->frames_end;
}

void
ms_thread_guard_changed (MsThread *t)
{
  barrier ();
  if (t->limit != NULL)
    thread_limit_set (t);
}

/* The thread's alternate signal stack is now SS, or whatever the kernel
 * says when SS is NULL. */
static void
alt_stack_note (MsThread *t, const stack_t *ss)
{
  stack_t cur;

  if (ss == NULL)
    {
      if (syscall (SYS_sigaltstack, NULL, &cur) != 0)
        return;
      ss = &cur;
    }
  t->alt_hi = (ss->ss_flags & SS_DISABLE) ? 0 : (guintptr) ss->ss_sp + ss->ss_size;
}

/* Tracked from the thread's first event on (thread_setup asks the kernel
 * then); glibc's sigaltstack is this system call. */
MEMSCOPE_EXPORT int
sigaltstack (const stack_t *ss, stack_t *old)
{
  MsThread *t = &ms_self;
  int saved_errno = errno;
  long r = syscall (SYS_sigaltstack, ss, old);

  if (r == 0 && ss != NULL && t->limit != NULL && !t->dead)
    {
      alt_stack_note (t, ss);
      thread_limit_set (t);
      errno = saved_errno;
    }
  return (int) r;
}

/* A switch to the context UC: noted when it resumes above the thread's
 * stack; from then on the thread stays on the slow path (a coroutine's
 * return to its uc_link switches inside libc, unseen). */
static void
context_switch_note (const ucontext_t *uc)
{
  MsThread *t = &ms_self;
  guintptr sp = (guintptr) uc->uc_mcontext.gregs[REG_RSP];

  if (sp > t->switched_hi)
    t->switched_hi = sp;
  if (t->limit != NULL && !t->dead && above_own_stack (t, sp))
    thread_limit_set (t);
}

MEMSCOPE_EXPORT int
swapcontext (ucontext_t *oucp, const ucontext_t *ucp)
{
  static int (*real) (ucontext_t *, const ucontext_t *);

  if (real == NULL)
    real = (int (*) (ucontext_t *, const ucontext_t *)) dlsym (RTLD_NEXT, "swapcontext");
  if (ucp != NULL)
    context_switch_note (ucp);
  return real (oucp, ucp);
}

MEMSCOPE_EXPORT int
setcontext (const ucontext_t *ucp)
{
  static int (*real) (const ucontext_t *);

  if (real == NULL)
    real = (int (*) (const ucontext_t *)) dlsym (RTLD_NEXT, "setcontext");
  if (ucp != NULL)
    context_switch_note (ucp);
  return real (ucp);
}

static gboolean
thread_setup (MsThread *t)
{
  pthread_once (&ms_ticks_once, ticks_setup);   /* before the first reading */
  guint32 nframes = MS_MAX_FRAMES, nvars = MS_MAX_VARS;
  struct rlimit limit;
  guint8 *base;

  /* Under a limit on the address space or the data (ulimit -v, -d), at
   * most a sixteenth of it for the frames and a thirty-second for the
   * variables: the program needs the rest. */
  for (guint i = 0; i < 2; i++)
    if (getrlimit (i == 0 ? RLIMIT_AS : RLIMIT_DATA, &limit) == 0
        && limit.rlim_cur != RLIM_INFINITY)
      {
        while (nframes > MS_MIN_SLOTS && (gsize) nframes * sizeof (MsFrame) > limit.rlim_cur / 16)
          nframes /= 2;
        while (nvars > MS_MIN_SLOTS && (gsize) nvars * sizeof (MsVarSlot) > limit.rlim_cur / 32)
          nvars /= 2;
      }
  base = map_reserve (&nframes, &nvars);
  if (base == NULL)
    goto fail;
  t->frames_bytes = (gsize) nframes * sizeof (MsFrame);
  t->vars_bytes = (gsize) nvars * sizeof (MsVarSlot);
  t->frames = (MsFrame *) base;
  t->frames_end = t->frames + nframes - 2;     /* the last one is the spare */
  t->lookup = (MsLookup *) (base + t->frames_bytes);
  t->vars = (MsVarSlot *) (base + t->frames_bytes + MS_LOOKUP_SIZE * sizeof (MsLookup));
  t->root = node_alloc (t, &ms_nil_desc, NULL, FALSE);
  if (t->root == NULL)
    goto fail;
  t->frames[0].node = t->root;
  t->frames[0].sp = UINTPTR_MAX;
  t->frames[0].key = (uintptr_t) &ms_nil_desc;
  spare_frame (t)->node = &ms_nil_node;
  spare_frame (t)->sp = UINTPTR_MAX;
  spare_frame (t)->key = (uintptr_t) &ms_nil_desc;
  t->var_top = 0;
  t->var_cap = nvars;
  t->tid = gettid ();
  t->pthread = pthread_self ();
  t->created_at = ms_now_ns ();

  pthread_once (&ms_thread_key_once, thread_key_create);
  pthread_setspecific (ms_thread_key, t);
  ms_thread_attach (t);       /* also finds the thread's stack */
  /* The program's alternate stack, from before its first event: not
   * memscope's own (crash.c puts that below the thread's stack where
   * there is room; only a handler of the program's that asks for an
   * alternate stack without giving one runs there). */
  alt_stack_note (t, NULL);
  ms_crash_thread_start (t);

  if (ms_options.trace && ms_options.trace_events > 0)
    {
      t->trace_cap = (guint32) MIN (ms_options.trace_events, G_MAXUINT32 / 3);
      t->trace = map_noreserve ((gsize) t->trace_cap * 3 * sizeof (guint64));
      if (t->trace == NULL)
        t->trace_cap = 0;
    }
  barrier ();
  t->top = t->frames;
  thread_limit_set (t);
  return TRUE;

fail:
  if (t->frames)
    munmap (t->frames, stacks_bytes (t));
  t->frames = NULL;
  t->vars = NULL;
  t->lookup = NULL;
  t->dead = 1;
  return FALSE;
}

gboolean
ms_thread_ensure (MsThread *t)
{
  return t->limit != NULL || thread_init (t);
}

MsNode *
ms_current_node (MsThread *t)
{
  MsNode *node = ms_thread_open_top (t)->node;

  return node == &ms_nil_node || node == NULL ? t->root : node;
}

/* ---- trace=1 ------------------------------------------------------------ */

/* Appends an event to the thread's bounded buffer: the first trace_events
 * events are kept, later ones only counted.  An exit carries the bytes its
 * instance held itself (its counted bytes and what it registered: a VLA's
 * size is this instance's). */
G_GNUC_NO_INLINE __attribute__ ((cold)) static void
trace_record (MsThread *t, const MsNode *node, guintptr exit, guint64 bytes)
{
  guint32 i = t->trace_len;

  if (i >= t->trace_cap)
    {
      t->trace_dropped++;
      return;
    }
  t->trace[3 * i] = ms_ticks ();
  t->trace[3 * i + 1] = (guintptr) node | exit;
  t->trace[3 * i + 2] = bytes;
  t->trace_len = i + 1;
}

/* ---- frame pop, shared by exit and every resynchronisation ------------- */

static void frame_pop_traced (MsThread *t, MsFrame *top);

/* The descriptor the frame's instance was entered with. */
static inline const __memscope_scope_desc *
frame_desc (const MsFrame *f)
{
  return (const __memscope_scope_desc *) (f->key & ~(MS_FRAME_REGISTERED | MS_FRAME_TRACED));
}

/* Live grew: the window's and the thread's most. */
static inline void
live_grew (MsThread *t, MsNode *node)
{
  if (t->live > t->hwm)
    t->hwm = t->live;
  if (G_UNLIKELY (t->live > t->peak_live))
    {
      t->peak_live = t->live;
      t->peak_node = node;
    }
}

/* A frame starts measuring: the window it opens starts at what is live. */
static inline void
frame_measure (MsThread *t, MsFrame *f)
{
  f->saved_hwm = t->hwm;
  t->hwm = t->live;
}

/* Closes a measured frame whose instance started with base bytes live: its
 * peak goes to its context and to the context it was entered from (which
 * is not its parent when a recursion was folded), the enclosing window
 * gets the thread's most back, and what it held is released.  The traced
 * case is a tail call, so that no path here needs a stack frame. */
static inline void
frame_pop_measured (MsThread *t, MsFrame *top, guint64 base)
{
  MsNode *node = top->node, *from = top[-1].node;
  guint64 live = t->live;
  guint64 max = MAX (t->hwm, live);
  guint64 peak = max - base;

  if (peak > node->peak)
    node->peak = peak;
  if (peak > from->sub_peak)
    from->sub_peak = peak;
  if (ms_frame_registered (top))
    {
      guint64 direct = live - base;

      if (direct > node->direct_bytes)
        node->direct_bytes = direct;
      t->var_top = top->var_top;
    }
  t->hwm = MAX (top->saved_hwm, max);
  t->live = base;
  barrier ();
  t->top = top - 1;
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static void
frame_pop_traced (MsThread *t, MsFrame *top)
{
  trace_record (t, top->node, 1, t->live > top->base_live ? t->live - top->base_live : 0);
  frame_pop_measured (t, top, top->base_live);
}

/* Closes the top frame. */
static inline void
frame_pop (MsThread *t, MsFrame *top)
{
  guint64 counted;

  if (ms_frame_registered (top))
    {
      if (G_UNLIKELY (t->trace != NULL))
        frame_pop_traced (t, top);
      else
        frame_pop_measured (t, top, top->base_live);
      return;
    }
  counted = ms_frame_counted (top);
  if (counted != 0)
    {
      frame_pop_measured (t, top, t->live - counted);
      return;
    }
  barrier ();
  t->top = top - 1;
}

/* Whether the frame is an instance entered with scope: by its key, or by
 * its node when a signal handler that ran between the filling of the slot
 * and its publication left its own key there (the push stores the node
 * and the stack pointer again, not the key: tramp-x86_64.S). */
static inline gboolean
frame_is (const MsFrame *f, const __memscope_scope_desc *scope)
{
  return frame_desc (f) == scope || f->node->desc == scope;
}

/* Pops every frame above `keep`. */
static void
pop_to (MsThread *t, MsFrame *keep)
{
  while (t->top > keep)
    frame_pop (t, t->top);
}

static MsNode *child_find (MsThread *t, MsNode *parent, const __memscope_scope_desc *desc);

/* The child entered through desc's slot.  The slots are paired (s and
 * s ^ 1, its buddy), and the trampolines look in the buddy when the slot
 * misses: the child the slot held moves there, so that two siblings of one
 * slot entered in turn both hit, unless the buddy holds a child of its own
 * slot (a slot's own children come first).  A node never entered (the nil
 * node) holds nothing.  A child of another descriptor is a recursion
 * folded onto another instance of its site, the parent or an ancestor of
 * it: it is child_find's answer for every instance of that site (no child
 * of the parent has it), and the inline paths find it by its site, when
 * it is not a child of the parent (tramp-x86_64.S, BUDDY). */
static inline void
cache_remember (MsNode *parent, const __memscope_scope_desc *desc, MsNode *child)
{
  guint slot = MEMSCOPE_SCOPE_SLOT (desc->flags);
  MsNode *buddy = parent->cache[slot ^ 1];

  if (parent->cache[slot] == child
      || (child->desc != desc
          && (child->parent == parent || child->site != ms_desc_site (desc))))
    return;
  if (buddy->entries == 0 || MEMSCOPE_SCOPE_SLOT (buddy->desc->flags) != (slot ^ 1))
    parent->cache[slot ^ 1] = parent->cache[slot];
  parent->cache[slot] = child;
}

static inline MsLookup *
lookup_slot (MsThread *t, const MsNode *parent, const __memscope_scope_desc *desc)
{
  /* The same hash as tramp-x86_64.S's. */
  guintptr h = ((guintptr) parent >> 4) * MS_LOOKUP_MUL ^ ((guintptr) desc >> 3);

  return &t->lookup[(h ^ (h >> MS_LOOKUP_BITS)) & (MS_LOOKUP_SIZE - 1)];
}

static MsNode *
child_lookup (MsThread *t, MsNode *parent, const __memscope_scope_desc *desc)
{
  MsLookup *slot = lookup_slot (t, parent, desc);
  MsNode *c;

  if (slot->parent == parent && slot->desc == desc)
    {
      cache_remember (parent, desc, slot->child);
      return slot->child;
    }
  c = child_find (t, parent, desc);
  if (c != NULL)
    {
      slot->parent = parent;
      slot->desc = desc;
      slot->child = c;
    }
  return c;
}

/* The child context of parent for desc: an existing child, a recursive
 * ancestor to fold onto, or a new node. */
static MsNode *
child_find (MsThread *t, MsNode *parent, const __memscope_scope_desc *desc)
{
  gboolean current = desc->abi_version == MEMSCOPE_ABI_VERSION;
  const __memscope_scope_desc *site = current ? ms_desc_site (desc) : NULL;
  gboolean interrupting;
  MsNode *c;

  for (c = parent->first_child; c != NULL; c = c->next_sibling)
    if (c->desc == desc)
      {
        cache_remember (parent, desc, c);
        return c;
      }
  /* Recursion folds onto the first occurrence of the site, whichever
   * instance of it (an inlined copy, the function itself) that was.  A
   * node keeps its descriptor's site (node_alloc_cold): one comparison an
   * ancestor, however deep the context.  Every node but the root (the nil
   * descriptor, its own site) is of the runtime's ABI (below), and a
   * descriptor of another has no site here. */
  for (c = parent; c != NULL; c = c->parent)
    if (c->desc == desc || c->site == site)
      {
        c->folded = 1;
        if (c != parent && !t->allocating)
          {
            t->allocating = (guintptr) __builtin_frame_address (0);
            barrier ();
            VCALL3 (fold_note_cold, t, parent, c);
            barrier ();
            t->allocating = 0;
          }
        cache_remember (parent, desc, c);
        return c;
      }
  if (!current)
    return NULL;
  /* A signal handler that interrupted a node allocation of this thread
   * (allocating set) finds the arena half updated: its node gets a mapping
   * of its own, and leaves allocating to the code it interrupted.  Either
   * links its node into the parent's list in one compare-and-swap, so that
   * the other's, linked in between, stays (a snapshot may walk the list
   * concurrently, too). */
  interrupting = t->allocating != 0;
  if (!interrupting)
    {
      t->allocating = (guintptr) __builtin_frame_address (0);
      barrier ();
    }
  c = node_alloc (t, desc, parent, interrupting);
  if (c != NULL)
    {
      MsNode *head = __atomic_load_n (&parent->first_child, __ATOMIC_RELAXED);

      do
        c->next_sibling = head;
      while (!__atomic_compare_exchange_n (&parent->first_child, &head, c, TRUE,
                                           __ATOMIC_RELEASE, __ATOMIC_RELAXED));
      cache_remember (parent, desc, c);
    }
  if (!interrupting)
    {
      barrier ();
      t->allocating = 0;
    }
  return c;
}

/* The push of the slow paths; __memscope_enter has its own copy, which
 * stores the stack pointer without reading it. */
static inline void
frame_push (MsThread *t, MsFrame *top, MsNode *child, const __memscope_scope_desc *desc, uintptr_t sp)
{
  MsFrame *slot = top + 1;

  child->entries++;
  slot->node = child;
  slot->sp = sp;
  slot->key = (uintptr_t) desc;       /* the instance entered: a folded node may be another's */
  barrier ();
  top_up (t);                 /* t->top = slot */
  /* A handler that interrupted before the publication may have reused the
   * slot: its node, stack pointer and key are replaced by ours.  The rest
   * is filled in only once the frame registers or measures something. */
  slot->node = child;
  slot->sp = sp;
  slot->key = (uintptr_t) desc;
}

/* An enter that cannot be recorded (frame stack full, no memory for a new
 * context, a descriptor of another ABI) still needs its exit matched: top
 * moves to a spare frame whose context never matches, so every event goes
 * to the cold paths until the dropped instances have all exited.
 *
 * A signal handler may run between any two of these stores, and leave by
 * siglongjmp: saved_top is never the spare frame, and top is the spare one
 * only while saved_top holds the real top, so that every state in between
 * is one the next dropped exit, resync or teardown puts right. */
static inline MsFrame *
spare_frame (MsThread *t)
{
  return t->frames_end + 1;
}

static void
overflow_push (MsThread *t)
{
  MsFrame *top = t->top;

  if (top != spare_frame (t))
    {
      t->saved_top = top;
      barrier ();
      t->top = spare_frame (t);
      barrier ();
    }
  t->overflow++;
}

/* Top comes back from the spare frame once no dropped instance is left
 * open (or where a handler left while an overflow ended). */
static inline void
overflow_restore_top (MsThread *t)
{
  if (t->overflow == 0 && t->top == spare_frame (t))
    t->top = t->saved_top;
}

static void
overflow_pop_all (MsThread *t)
{
  t->overflow = 0;
  barrier ();
  overflow_restore_top (t);
}

MsFrame *
ms_thread_open_top (MsThread *t)
{
  MsFrame *top = g_atomic_pointer_get (&t->top);

  return t->frames != NULL && top == spare_frame (t) ? t->saved_top : top;
}

static inline gboolean
on_own_stack (MsThread *t, uintptr_t sp)
{
  return sp >= t->stack_lo && sp < t->stack_hi;
}

/* Whether sp lies on the thread's alternate signal stack (one system call:
 * only asked when the stack pointer went up past open frames). */
static gboolean
on_alternate_stack (uintptr_t sp)
{
  stack_t ss;

  if (sigaltstack (NULL, &ss) != 0 || (ss.ss_flags & SS_DISABLE))
    return FALSE;
  return sp >= (uintptr_t) ss.ss_sp && sp < (uintptr_t) ss.ss_sp + ss.ss_size;
}

/* A node allocation whose frame lies below sp on the same stack was left
 * by a jump (a signal handler's siglongjmp out of code that was allocating
 * one) and is over; a handler that interrupted a live one runs below it,
 * or on another stack. */
static inline void
allocation_left (MsThread *t, uintptr_t sp)
{
  if (G_UNLIKELY (t->allocating != 0) && t->allocating < sp
      && on_own_stack (t, t->allocating) == on_own_stack (t, sp))
    t->allocating = 0;
}

/* Before frames a jump left are popped (a longjmp, or a signal handler's
 * siglongjmp out of whatever it interrupted): the interrupted code may
 * have been between its store of live and its store of top (a push or a
 * pop of counted bytes, a variable's registration).  live is recounted
 * from what the open frames hold, their counted bytes and their
 * variables, so that no frame's bytes are released twice or left behind. */
static void
live_recount (MsThread *t)
{
  guint64 live = 0;
  MsFrame *f;
  guint32 i;

  for (f = t->frames + 1; f <= t->top; f++)
    live += ms_frame_counted (f);
  for (i = 0; i < t->var_top; i++)
    live += t->vars[i].size;
  t->live = live;
  if (t->hwm < live)
    t->hwm = live;
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static gboolean
enter_slow (const __memscope_scope_desc *scope, uintptr_t sp)
{
  MsThread *t = &ms_self;
  MsNode *child;

  /* The runtime's own call into the program's code (ms_guard_enter), or
   * its dependencies' before it started: no event of the program's, nor
   * a lost one.  Its exit is dropped with it. */
  if (t->in_runtime > 0 || G_UNLIKELY (!__atomic_load_n (&ms_started, __ATOMIC_RELAXED)))
    {
      if (t->limit != NULL)
        overflow_push (t);
      return FALSE;
    }
  if (scope == NULL || t->initializing)
    {
      t->lost_events++;
      return FALSE;
    }
  if (t->limit == NULL && !thread_init (t))
    return FALSE;
  overflow_restore_top (t);
  allocation_left (t, sp);
  /* Frames recorded deeper than the caller's stack pointer on the same
   * stack are dead: a longjmp or an unwinding the instrumentation did not
   * see left them.  Unless this is a signal handler on an alternate stack
   * above the interrupted one: then they are very much alive, as are the
   * thread's own frames under a coroutine's above its stack. */
  if (t->top > t->frames && t->top->sp < sp && !on_alternate_stack (sp)
      && on_own_stack (t, t->top->sp) == on_own_stack (t, sp))
    {
      live_recount (t);
      while (t->top > t->frames && t->top->sp < sp
             && on_own_stack (t, t->top->sp) == on_own_stack (t, sp))
        frame_pop (t, t->top);
    }
  if (t->top >= t->frames_end)
    {
      t->lost_events++;
      overflow_push (t);
      return FALSE;
    }
  child = child_lookup (t, t->top->node, scope);
  if (child == NULL)
    {
      t->lost_events++;
      overflow_push (t);
      return FALSE;
    }
  frame_push (t, t->top, child, scope, sp);
  if (t->trace != NULL)
    {
      /* Traced frames always look as if they registered something, so
       * that their exits take frame_pop's recording path too. */
      t->top->base_live = t->live;
      t->top->var_top = t->var_top;
      frame_measure (t, t->top);
      barrier ();
      t->top->key |= MS_FRAME_REGISTERED | MS_FRAME_TRACED;
      trace_record (t, child, 0, 0);
    }
  return TRUE;
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static void
exit_slow (const __memscope_scope_desc *scope)
{
  MsThread *t = &ms_self;
  MsFrame *f;

  if (t->limit == NULL)
    {
      if (t->in_runtime > 0)
        return;               /* the runtime's own (enter_slow) */
      if (t->initializing || t->dead)
        t->lost_events++;     /* a handler's exit, its enter was dropped */
      else
        t->unmatched_exits++;
      return;
    }
  if (t->overflow > 0)
    {
      /* The matching enter was dropped. */
      t->overflow--;
      barrier ();
      overflow_restore_top (t);
      return;
    }
  overflow_restore_top (t);
  /* No stack pointer test here: instrumented code often calls exit as a
   * tail call, from its caller's stack pointer. */
  for (f = t->top; f > t->frames; f--)
    if (frame_is (f, scope))
      {
        if (f != t->top)
          live_recount (t);
        pop_to (t, f);
        frame_pop (t, f);
        return;
      }
  t->unmatched_exits++;
}

/* The node's cache missed (the common miss: a loop entering several scopes
 * in turn).  Dead frames on top go the slow way, which pops them. */
G_GNUC_NO_INLINE static gboolean
enter_miss (const __memscope_scope_desc *scope, uintptr_t sp)
{
  MsThread *t = &ms_self;
  MsNode *child;

  if (G_UNLIKELY (scope == NULL || t->top->sp < sp))
    return enter_slow (scope, sp);
  child = child_lookup (t, t->top->node, scope);
  if (G_UNLIKELY (child == NULL))
    return enter_slow (scope, sp);
  frame_push (t, t->top, child, scope, sp);
  return TRUE;
}

/* An exit whose descriptor is not the top frame's key: the frame registered
 * something (the common case, out of line so that the exit of a frame
 * without variables stays a leaf of a few instructions), or the exits are
 * out of order. */
G_GNUC_NO_INLINE static void
exit_other (const __memscope_scope_desc *scope)
{
  MsThread *t = &ms_self;
  MsFrame *top = t->top;

  if (top->key == ((uintptr_t) scope | MS_FRAME_REGISTERED))
    frame_pop_measured (t, top, top->base_live);
  else
    exit_slow (scope);
}

/* ---- the entry points --------------------------------------------------- */

/* The fixed-size variables the plugin counts are live for the whole
 * instance: they start what it holds, and its measured window.  A traced
 * frame measures from its push on: it only adds them. */
static inline void
frame_add_counted (MsThread *t, MsFrame *top, guint64 bytes)
{
  if (!ms_frame_registered (top))
    top->saved_hwm = t->hwm;
  t->live += bytes;
  if (!ms_frame_registered (top))
    t->hwm = t->live;
  live_grew (t, top->node);
}

/* The top frame registers its first variable at run time: it keeps its
 * baseline (what was live before it, its counted bytes excepted) and
 * where its variables start, and measures from now on if it did not. */
static inline void
frame_register (MsThread *t, MsFrame *top)
{
  guint64 counted = ms_frame_counted (top);

  top->base_live = t->live - counted;
  top->var_top = t->var_top;
  if (counted == 0)
    frame_measure (t, top);
  barrier ();
  top->key |= MS_FRAME_REGISTERED;
}

/* A function's frame entered at sp: the node's lowest and first entries,
 * when sp is on the thread's own stack (tramp-x86_64.S keeps sp_min up to
 * date on its fast path). */
static inline void
node_note_sp (MsThread *t, MsNode *node, uintptr_t sp)
{
  if (!on_own_stack (t, sp))
    {
      t->off_stack++;
      return;
    }
  if (sp < node->sp_min)
    node->sp_min = sp;
  if (node->sp_first == 0)
    node->sp_first = sp;
  /* Entered from an instance of itself: one instance's frame. */
  if (t->top > t->frames && t->top[-1].node == node && t->top[-1].sp > sp
      && t->top[-1].sp - sp > node->sp_self)
    node->sp_self = t->top[-1].sp - sp;
}

/* An enter whose stack pointer, sp, is the one at the instrumentation
 * point: the C entry points read it themselves, the trampolines hand it
 * over (tramp-x86_64.S). */
static inline void
enter_at (const __memscope_scope_desc *scope, uintptr_t sp)
{
  MsThread *t = &ms_self;
  MsFrame *top = t->top;
  MsNode *child;
  gboolean pushed = TRUE;

  /* A block or an inlined body starts in the middle of its function, at
   * whatever stack pointer the code has there: it records its function's
   * (tramp-x86_64.S, ENTER). */
  if (scope != NULL && (scope->kind == MEMSCOPE_SCOPE_BLOCK || (scope->flags & MEMSCOPE_SCOPE_INLINED))
      && top > t->frames && top <= t->frames_end && top->sp != UINTPTR_MAX)
    sp = MAX (sp, top->sp);
  if (G_UNLIKELY (top >= t->limit))
    pushed = enter_slow (scope, sp);
  else
    {
      guint slot = MEMSCOPE_SCOPE_SLOT (scope->flags);

      child = top->node->cache[slot];
      if (G_UNLIKELY (child->desc != scope))
        child = top->node->cache[slot ^ 1];
      if (G_UNLIKELY (child->desc != scope))
        child = NULL;
      if (child != NULL)
        frame_push (t, top, child, scope, sp);
      else
        pushed = enter_miss (scope, sp);
    }
  if (pushed && scope->counted_bytes != 0)
    frame_add_counted (t, t->top, scope->counted_bytes);
  if (pushed && scope->kind == MEMSCOPE_SCOPE_FUNCTION && !(scope->flags & MEMSCOPE_SCOPE_INLINED))
    node_note_sp (t, t->top->node, sp);
}

/* The C entry points record the caller's stack pointer at the call, as the
 * trampolines do: their own CFA. */
#define caller_sp() ((uintptr_t) __builtin_dwarf_cfa ())

void
__memscope_enter (const __memscope_scope_desc *scope)
{
  enter_at (scope, caller_sp ());
}

static inline void
exit_at (const __memscope_scope_desc *scope)
{
  MsFrame *top = ms_self.top;

  if (G_UNLIKELY (top->key != (uintptr_t) scope))
    {
      exit_other (scope);
      return;
    }
  top_down (&ms_self);        /* ms_self.top = top - 1 */
}

void
__memscope_exit (const __memscope_scope_desc *scope)
{
  exit_at (scope);
}

G_GNUC_NO_INLINE __attribute__ ((cold)) static void
var_slow (const __memscope_var_desc *var, const void *addr, guint64 size)
{
  MsThread *t = &ms_self;

  if (t->in_runtime > 0)
    return;                   /* in the runtime's own call (enter_slow) */
  if (t->limit == NULL)
    thread_init (t);
  /* No enclosing scope matches the descriptor, or the variable stack is
   * full: the registration is dropped and counted. */
  t->lost_events++;
}

static inline void
var_push (const __memscope_var_desc *var, const void *addr, guint64 size)
{
  MsThread *t = &ms_self;
  MsFrame *top = t->top;
  MsNode *node = top->node;
  MsVarStat *stat = ms_var_stat (node, var);
  guint32 vt = t->var_top;
  MsVarSlot *slot;

  if (G_UNLIKELY (stat == NULL || vt >= t->var_cap))
    {
      var_slow (var, addr, size);
      return;
    }
  if (!ms_frame_registered (top))
    frame_register (t, top);
  slot = &t->vars[vt];
  slot->desc = var;
  slot->addr = addr;
  slot->size = size;
  barrier ();
  t->var_top = vt + 1;

  stat->instances++;
  stat->last_addr = addr;
  if (size > stat->max_size)
    stat->max_size = size;
  t->live += size;
  live_grew (t, node);
}

void
__memscope_var (const __memscope_var_desc *var, const void *addr)
{
  var_push (var, addr, var->size);
}

void
__memscope_var_dyn (const __memscope_var_desc *var, const void *addr, uint64_t size)
{
  var_push (var, addr, size);
}

/* An alloca() block lives until its function returns, not until the block
 * that called alloca closes: its slot goes below every variable of the
 * blocks open inside the function, and those blocks' baselines move up by
 * its size, so closing them keeps it live.  Called from the trampolines
 * without the vector state saved around it (an XSAVE and an XRSTOR cost
 * more than the rest): GMP allocates its temporaries with alloca, in
 * nearly every call of its division. */
G_GNUC_NO_INLINE void
__memscope_alloca (const __memscope_var_desc *var, const void *addr, uint64_t size)
{
  MsThread *t = &ms_self;
  MsFrame *fn, *f;
  guint32 pos;
  guint64 live_before, live_after;
  MsVarStat *stat = NULL;

  if (t->limit == NULL || t->var_top >= t->var_cap || t->overflow > 0)
    {
      var_slow (var, addr, size);
      return;
    }
  for (fn = t->top; fn > t->frames; fn--)
    if ((stat = ms_var_stat (fn->node, var)) != NULL)
      break;
  if (fn == t->frames)
    {
      var_slow (var, addr, size);
      return;
    }

  /* The frames above fn: what was live when each started (a registered
   * one keeps it, a counted one started its counted bytes ago), the lowest
   * measured one, and where their variables start. */
  live_before = t->live;
  live_after = live_before + size;
  {
    guint64 base = live_before;
    MsFrame *lowest = NULL;

    pos = t->var_top;
    for (f = t->top; f > fn; f--)
      {
        if (ms_frame_registered (f))
          {
            base = f->base_live;
            pos = f->var_top;
            lowest = f;
          }
        else if (ms_frame_counted (f) != 0)
          {
            base -= ms_frame_counted (f);
            lowest = f;
          }
      }
    if (!ms_frame_registered (fn))
      {
        /* fn holds the block until it returns: it becomes a registered
         * frame.  If it was not measured, it is from now on: the window of
         * the lowest measured frame above it (or the current one) may
         * reach back before fn started; it hands that back to the
         * enclosing window when fn closes, and restarts from what was live
         * then.  What fn's children reached before now is in their own
         * contexts' peaks (snapshot.c). */
        guint64 counted = ms_frame_counted (fn);

        fn->base_live = base - counted;
        fn->var_top = pos;
        if (counted == 0)
          {
            if (lowest != NULL)
              {
                fn->saved_hwm = lowest->saved_hwm;
                lowest->saved_hwm = base;
              }
            else
              {
                fn->saved_hwm = t->hwm;
                t->hwm = live_before;
              }
          }
        barrier ();
        fn->key |= MS_FRAME_REGISTERED;
      }
  }
  /* The slot goes where the frames above fn start their variables; the
   * registered ones among them start after it now, and keep it live when
   * they close (the others release only their counted bytes). */
  for (guint32 i = t->var_top; i > pos; i--)
    {
      t->vars[i] = t->vars[i - 1];
      /* A loop GCC makes no memmove of: this runs from the trampolines,
       * which save only the general registers, and libc's memmove uses
       * the vector ones. */
      __asm__ ("" ::: "memory");
    }
  t->vars[pos].desc = var;
  t->vars[pos].addr = addr;
  t->vars[pos].size = size;
  for (f = fn + 1; f <= t->top; f++)
    if (ms_frame_registered (f))
      {
        f->base_live += size;
        f->var_top++;
      }
  barrier ();
  t->var_top++;
  t->live = live_after;
  live_grew (t, fn->node);

  stat->instances++;
  stat->last_addr = addr;
  if (size > stat->max_size)
    stat->max_size = size;
}

/* After a returns-twice call came back: the frames of every scope the
 * longjmp skipped are still pushed.  Keep the topmost frame of this scope
 * site whose recorded stack pointer is at or above ours; pop the rest. */
static void
resync_at (const __memscope_scope_desc *scope, uintptr_t sp)
{
  MsThread *t = &ms_self;
  MsFrame *f;

  if (t->limit == NULL)
    return;
  overflow_pop_all (t);
  allocation_left (t, sp);
  for (f = t->top; f > t->frames; f--)
    if (frame_is (f, scope) && f->sp >= sp)
      {
        if (f != t->top)
          live_recount (t);
        pop_to (t, f);
        return;
      }
}

G_GNUC_NO_INLINE void
__memscope_resync (const __memscope_scope_desc *scope)
{
  resync_at (scope, caller_sp ());
}

/* ---- the trampolines' way into C (tramp-x86_64.S) ------------------------ *
 *
 * The plugin's calls land in the trampolines, which save every general
 * register they do not own and come here with the descriptor and the stack
 * pointer at the instrumentation point. */

G_GNUC_INTERNAL void ms_tramp_enter_c (const __memscope_scope_desc *scope, uintptr_t sp);
G_GNUC_INTERNAL void ms_tramp_exit_c (const __memscope_scope_desc *scope);
G_GNUC_INTERNAL void ms_tramp_count_c (const __memscope_scope_desc *scope, uintptr_t sp);
G_GNUC_INTERNAL void ms_tramp_resync_c (const __memscope_scope_desc *scope, uintptr_t sp);
G_GNUC_INTERNAL void ms_tramp_dyn_c (const __memscope_var_desc *var, uintptr_t sp, const void *addr, guint64 size);
G_GNUC_INTERNAL void ms_tramp_owner_c (const __memscope_var_desc *var, uintptr_t sp, const void *block);

void
ms_tramp_enter_c (const __memscope_scope_desc *scope, uintptr_t sp)
{
  enter_at (scope, sp);
}

void
ms_tramp_exit_c (const __memscope_scope_desc *scope)
{
  exit_at (scope);
}

/* A count the trampoline could not make: the enter's slow paths (a new
 * context, the thread's first event, overflow, tracing), then the exit. */
void
ms_tramp_count_c (const __memscope_scope_desc *scope, uintptr_t sp)
{
  MsThread *t = &ms_self;
  guint64 overflow = t->overflow;

  enter_at (scope, sp);
  if (t->overflow > overflow || (t->limit != NULL && frame_desc (t->top) == scope))
    exit_at (scope);
}

void
ms_tramp_resync_c (const __memscope_scope_desc *scope, uintptr_t sp)
{
  resync_at (scope, sp);
}

void
ms_tramp_dyn_c (const __memscope_var_desc *var, uintptr_t sp, const void *addr, guint64 size)
{
  if (var->flags & MEMSCOPE_VAR_ALLOCA)
    __memscope_alloca (var, addr, size);
  else
    var_push (var, addr, size);
}

void
ms_tramp_owner_c (const __memscope_var_desc *var, uintptr_t sp, const void *block)
{
  /* The call by name, as the plugin's contract has it, where the program
   * defines the function itself; this library's own on the general
   * registers, without saving the vector state. */
  if (G_LIKELY (__memscope_heap_owner == ms_heap_owner_own))
    ms_heap_owner_note (var, block);
  else
    VCALL3 (__memscope_heap_owner, var, block, 0);
}

static void
arena_release (MsThread *t)
{
  while (t->chunks != NULL)
    {
      MsChunk *c = t->chunks;
      t->chunks = c->prev;
      munmap (c, c->bytes);
    }
  t->arena = NULL;
  t->arena_left = 0;
}

/* ---- teardown ----------------------------------------------------------- */

/* At thread exit (pthread key destructor): close what is still open, hand
 * the thread's data to the shared registry, give back the memory.  Later
 * events on this thread (other destructors) are dropped. */
void
ms_thread_teardown (MsThread *t)
{
  if (t->limit == NULL)
    return;
  t->dead = 1;                /* from now on, no event sets the thread up again */
  barrier ();                 /* before limit: a handler seeing limit == NULL with
                               * dead == 0 would set the thread up again, in here */
  t->limit = NULL;
  barrier ();
  overflow_pop_all (t);
  t->still_open = (guint64) (t->top - t->frames);
  pop_to (t, t->frames);
  t->ended_at = ms_now_ns ();
  {
    sigset_t mask;

    async_signals_block (&mask);
    ms_thread_detach (t);     /* merges into the registry, under its lock */
    pthread_sigmask (SIG_SETMASK, &mask, NULL);
  }
  ms_crash_thread_stop (t);
  {
    /* A signal handler may still run instrumented code on this thread:
     * nothing it can reach may point into what is given back below. */
    MsFrame *frames = t->frames;
    guint64 *trace = t->trace;

    t->top = &ms_boot_frame;
    t->var_cap = 0;
    t->var_top = 0;
    t->trace = NULL;
    t->lookup = NULL;
    t->frames = NULL;
    t->vars = NULL;
    t->root = NULL;
    barrier ();
    munmap (frames, stacks_bytes (t));
    if (trace != NULL)
      munmap (trace, (gsize) t->trace_cap * 3 * sizeof (guint64));
    arena_release (t);
  }
}

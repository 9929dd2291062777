/* snapshot.c: merges per-thread calling-context trees into the shared
 * registry of sites, contexts and threads.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A thread's data reaches the registry twice: read in place by every
 * snapshot while the thread runs (its owner keeps writing; we read words it
 * published), and merged for good into the fin_* fields when it ends, after
 * which its memory is given back.  Per-thread trees fold recursion, so the
 * merged tree is bounded by the number of distinct non-recursive chains.
 * Records made by hand through the C API (registry.c) sit among the
 * others, with ids from the same counters; a snapshot leaves them as they
 * are.
 */
#include "config.h"

#include <pthread.h>
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "heap.h"
#include "snapshot.h"

static gboolean ms_threads_frozen;   /* a crash report writer: the other threads exist no more,
                                      * but their memory does, as it was at the crash */
static MsSnapshot ms_reg;
static GHashTable *ms_scope_sites;   /* desc -> MsScopeSite */
static GHashTable *ms_var_sites;     /* desc -> MsVarSite */
static GHashTable *ms_site_names;    /* MsScopeSite -> "{block@N}" */

void
ms_registry_init (MsSnapshot *reg)
{
  reg->threads = g_ptr_array_new ();
  reg->scopes = g_ptr_array_new ();
  reg->vars = g_ptr_array_new ();
  reg->contexts = g_ptr_array_new ();
  reg->root = g_new0 (MsContext, 1);
}

static void
registry_ensure (void)
{
  if (ms_reg.root != NULL)
    return;
  ms_registry_init (&ms_reg);
  ms_scope_sites = g_hash_table_new (NULL, NULL);
  ms_var_sites = g_hash_table_new (NULL, NULL);
  ms_site_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

void
ms_registry_lock (void)
{
  ms_guard_enter ();
  g_mutex_lock (&ms_reg.lock);
  registry_ensure ();
}

void
ms_registry_unlock (void)
{
  g_mutex_unlock (&ms_reg.lock);
  ms_guard_leave ();
}

MsSnapshot *
ms_registry_global (void)
{
  ms_registry_lock ();
  ms_registry_unlock ();
  return &ms_reg;
}

/* ---- sites and contexts ------------------------------------------------- */

static MsScopeSite *scope_site_get (const __memscope_scope_desc *desc);

/* An instance descriptor of a known site: its variables' descriptors are
 * the site's variables too. */
static MsScopeSite *
scope_instance_add (MsScopeSite *site, const __memscope_scope_desc *desc)
{
  guint32 i;

  g_hash_table_insert (ms_scope_sites, (gpointer) desc, site);
  site->inlined |= (desc->flags & MEMSCOPE_SCOPE_INLINED) != 0;
  for (i = 0; i < desc->nvars && i < site->desc->nvars; i++)
    g_hash_table_insert (ms_var_sites, (gpointer) &ms_desc_vars (desc)[i], site->vars[i]);
  return site;
}

static MsScopeSite *
scope_site_get (const __memscope_scope_desc *desc)
{
  MsScopeSite *site = g_hash_table_lookup (ms_scope_sites, desc);
  guint32 i;

  if (site != NULL)
    return site;
  if (ms_desc_site (desc) != desc)
    return scope_instance_add (scope_site_get (ms_desc_site (desc)), desc);
  site = g_new0 (MsScopeSite, 1);
  site->desc = desc;
  g_hash_table_insert (ms_scope_sites, (gpointer) desc, site);
  /* The lexical parent first, so that parents get the smaller ids. */
  if (ms_desc_parent (desc) != NULL && ms_desc_parent (desc)->abi_version == MEMSCOPE_ABI_VERSION)
    site->parent = scope_site_get (ms_desc_parent (desc));
  site->id = ms_reg.scopes->len + 1;
  g_ptr_array_add (ms_reg.scopes, site);

  site->inlined = (desc->flags & MEMSCOPE_SCOPE_INLINED) != 0;
  site->vars = g_new0 (MsVarSite *, desc->nvars + 1);
  for (i = 0; i < desc->nvars; i++)
    {
      const __memscope_var_desc *vd = &ms_desc_vars (desc)[i];
      MsVarSite *v = g_new0 (MsVarSite, 1);

      v->desc = vd;
      v->storage_flags = vd->flags;
      v->scope = site;
      v->id = ++ms_reg.last_var_id;
      g_ptr_array_add (ms_reg.vars, v);
      g_hash_table_insert (ms_var_sites, (gpointer) vd, v);
      site->vars[i] = v;
      if (!(vd->flags & (MEMSCOPE_VAR_VLA | MEMSCOPE_VAR_ALLOCA)))
        site->frame_bytes += vd->size;
    }
  return site;
}

/* A zeroed context.  Contexts live as long as the registry, so they come
 * from slabs, not one allocation each: a report at exit may make tens of
 * thousands of them.  The first slab is small; the later ones are huge
 * pages (ms_map_huge), where the faults of a program with many contexts
 * cost less, and come zeroed.  A slab from g_new is cleared when each
 * context is handed out (small stores) rather than at once (a string
 * instruction per byte). */
static MsContext *
context_alloc (void)
{
  static MsContext *slab;
  static guint slab_left;
  static gboolean zeroed;

  if (slab_left == 0)
    {
      static gboolean first_done;

      slab = first_done ? ms_map_huge (MS_HUGE_PAGE) : NULL;
      if (slab != NULL)
        {
          slab_left = MS_HUGE_PAGE / sizeof (MsContext);
          zeroed = TRUE;
        }
      else
        {
          slab_left = 256;
          slab = g_new (MsContext, slab_left);
          zeroed = FALSE;
        }
      first_done = TRUE;
    }
  slab_left--;
  if (!zeroed)
    memset (slab, 0, sizeof *slab);
  return slab++;
}

static MsContext *
context_child (MsContext *parent, const __memscope_scope_desc *desc)
{
  MsContext *c;

  desc = ms_desc_site (desc);
  for (c = parent->first_child; c != NULL; c = c->next_sibling)
    if (c->site->desc == desc)
      return c;
  c = context_alloc ();
  c->site = scope_site_get (desc);
  c->parent = parent;
  c->next_sibling = parent->first_child;
  parent->first_child = c;
  c->id = ms_reg.contexts->len + 1;
  g_ptr_array_add (ms_reg.contexts, c);
  if (c->site->first_context == NULL)
    c->site->first_context = c;
  return c;
}

const char *
ms_scope_site_name (const MsScopeSite *site)
{
  char *name;

  if (site->manual)
    return site->desc->function;
  if (site->desc->kind == MEMSCOPE_SCOPE_FUNCTION)
    return ms_desc_function (site->desc) ? ms_desc_function (site->desc) : "?";
  name = g_hash_table_lookup (ms_site_names, site);
  if (name == NULL)
    {
      name = g_strdup_printf ("{block@%u}", site->desc->line);
      g_hash_table_insert (ms_site_names, (gpointer) site, name);
    }
  return name;
}

/* ---- merging a thread's tree -------------------------------------------- */

typedef struct
{
  MsThreadRec *rec;            /* the thread's */
  guint64 thread;              /* its id */
  gboolean final;              /* into the fin_* fields (the thread ended) */
  guint64 entries;             /* sums over the thread's tree */
  guint64 registrations;
  guint64 nodes;
  struct MergeVisit *order;    /* the tree in pre-order (merge_tree), for stack_measure */
  guint norder;
  MsTicksScale ticks;          /* the nodes' times to nanoseconds */
} MergeState;

/* A node in pre-order, and its parent's place in that order. */
typedef struct MergeVisit
{
  const MsNode *node;
  guint parent;
} MergeVisit;

/* Thread lists of contexts (MsContext.threads, fin_threads).  Most
 * contexts are entered by one thread: their list is that thread's own
 * one-element array, shared, until a second thread comes (then it gets an
 * array of its own).  An array is shared when it is its first thread's
 * own.  Only the snapshot's lists are shared; fin_threads are the
 * context's own. */
static GPtrArray *ms_thread_lists;   /* thread id - 1 -> GArray { id } */

static GArray *
thread_list_shared (guint64 thread)
{
  if (ms_thread_lists == NULL)
    ms_thread_lists = g_ptr_array_new ();
  while (ms_thread_lists->len < thread)
    {
      guint64 id = ms_thread_lists->len + 1;
      GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (guint64), 1);

      g_array_append_val (a, id);
      g_ptr_array_add (ms_thread_lists, a);
    }
  return ms_thread_lists->pdata[thread - 1];
}

static gboolean
thread_list_is_shared (const GArray *a)
{
  guint64 first;

  if (a == NULL || a->len != 1 || ms_thread_lists == NULL)
    return FALSE;
  first = g_array_index (a, guint64, 0);
  return first >= 1 && first <= ms_thread_lists->len && ms_thread_lists->pdata[first - 1] == a;
}

/* Adds @thread to *@list, once in a row: the report sorts the ids and
 * writes each once. */
static void
thread_list_add (GArray **list, guint64 thread, gboolean shareable)
{
  GArray *a = *list;

  if (a != NULL && a->len > 0 && g_array_index (a, guint64, a->len - 1) == thread)
    return;
  if (a == NULL && shareable)
    {
      *list = thread_list_shared (thread);
      return;
    }
  if (a == NULL || thread_list_is_shared (a))
    {
      GArray *own = g_array_new (FALSE, FALSE, sizeof (guint64));

      if (a != NULL)
        g_array_append_vals (own, a->data, a->len);
      *list = a = own;
    }
  g_array_append_val (a, thread);
}

/* What an instance that ran says of where the variable lives. */
static void
var_instance_ran (MsVarSite *v, const __memscope_var_desc *d)
{
  const guint32 storage = MEMSCOPE_VAR_IN_FRAME | MEMSCOPE_VAR_REGISTER | MEMSCOPE_VAR_OPTIMIZED_OUT;

  if (!v->ran)
    v->storage_flags = d->flags & ~storage;
  v->ran = TRUE;
  v->storage_flags |= d->flags & storage;
  v->counted_somewhere |= ms_var_counted_statically (d);
}

/* A thread's nodes, by index, name the contexts they merge into in its
 * record (node_contexts): contexts live as long as the registry, and a
 * node always merges into the same one.  Under the registry lock; the
 * nodes themselves are only read (after a fork their pages are shared
 * with the child: writing to them would copy them). */
static void
node_context_set (MsThreadRec *rec, const MsNode *n, MsContext *c)
{
  if (rec->node_contexts == NULL)
    rec->node_contexts = g_ptr_array_new ();
  if (n->index >= rec->node_contexts->len)
    g_ptr_array_set_size (rec->node_contexts, n->index + 1);
  rec->node_contexts->pdata[n->index] = c;
}

MsContext *
ms_node_context (const MsThreadRec *rec, const MsNode *n)
{
  const GPtrArray *a = rec->node_contexts;

  return n != NULL && a != NULL && n->index < a->len ? a->pdata[n->index] : NULL;
}

/* The ancestors n's instances entered by folding a recursion, as contexts:
 * merge_tree reaches a node after its ancestors. */
static void
merge_folds (MergeState *st, const MsNode *n, MsContext *c)
{
  const MsFold *f;

  for (f = g_atomic_pointer_get ((MsFold **) &n->folds); f != NULL; f = f->next)
    {
      MsContext *target = ms_node_context (st->rec, f->target);

      if (target == NULL || target == c)
        continue;
      if (c->folds == NULL)
        c->folds = g_ptr_array_new ();
      if (!g_ptr_array_find (c->folds, target, NULL))
        g_ptr_array_add (c->folds, target);
    }
}

static void
merge_node (MergeState *st, const MsNode *n, MsContext *c)
{
  guint32 i;

  node_context_set (st->rec, n, c);
  st->entries += n->entries;
  st->nodes++;
  {
    gint64 created = ms_ticks_ns (&st->ticks, n->created_at);

    if (c->first_seen == 0 || created < c->first_seen)
      c->first_seen = created;
  }
  if (st->final && n->heap != NULL)
    {
      /* The node goes away with its thread; its blocks may not. */
      n->heap->ctx = c;
      n->heap->node = NULL;
    }
  thread_list_add (st->final ? &c->fin_threads : &c->threads, st->thread, !st->final);
  if (st->final)
    {
      c->fin_entries += n->entries;
      c->fin_direct = MAX (c->fin_direct, n->direct_bytes);
      c->fin_peak = MAX (c->fin_peak, n->peak);
      c->fin_sub_peak = MAX (c->fin_sub_peak, n->sub_peak);
      c->fin_folded |= n->folded;
    }
  else
    {
      c->entries += n->entries;
      c->direct = MAX (c->direct, n->direct_bytes);
      c->peak = MAX (c->peak, n->peak);
      c->sub_peak = MAX (c->sub_peak, n->sub_peak);
      c->folded |= n->folded;
    }
  if (n->entries > 0)
    c->counted = MAX (c->counted, n->desc->counted_bytes);
  merge_folds (st, n, c);
  for (i = 0; c->site != NULL && i < n->nvars && i < c->site->desc->nvars; i++)
    {
      static const MsVarStat none;   /* a variable the code never names */
      MsVarSite *v = c->site->vars[i];
      const MsVarStat *found = ms_var_stat ((MsNode *) n, &n->var_base[i]);
      const MsVarStat *s = found != NULL ? found : &none;
      guint64 instances = s->instances;

      if (n->entries > 0 && i < n->desc->nvars)
        var_instance_ran (v, &n->var_base[i]);
      if (ms_var_counted_statically (&n->var_base[i]))
        instances += n->entries;
      if (instances == 0 && s->heap_blocks == 0)
        continue;
      st->registrations += instances;
      v->max_size = MAX (v->max_size, s->max_size);
      if (st->final)
        {
          v->fin_instances += instances;
          v->fin_last_addr = s->last_addr;
          v->fin_heap_blocks += s->heap_blocks;
          v->fin_heap_bytes += s->heap_bytes;
        }
      else
        {
          v->instances += instances;
          v->last_addr = s->last_addr;
          v->heap_blocks += s->heap_blocks;
          v->heap_bytes += s->heap_bytes;
        }
    }
}

/* Depth-first over the thread's tree with an explicit stack: a chain of
 * thousands of distinct functions must not exhaust the C stack. */
static void
merge_tree (MergeState *st, const MsNode *root)
{
  typedef struct
  {
    const MsNode *node;
    MsContext *ctx;
    guint parent;              /* its parent's place in st->order */
  } Todo;
  guint len = 0, cap = 64, ocap = 256;
  Todo *todo = g_new (Todo, cap);

  /* Pre-order, with an explicit stack: each node is read once, here, and
   * stack_measure works from the order it leaves.  Every node but the root
   * has a descriptor of the runtime's ABI (child_find makes no other). */
  st->order = g_new (MergeVisit, ocap);
  st->norder = 0;
  todo[len++] = (Todo) { root, ms_reg.root, 0 };
  while (len > 0)
    {
      const MsNode *n = todo[len - 1].node, *c;
      MsContext *ctx = todo[len - 1].ctx;
      guint at = st->norder;

      if (st->norder == ocap)
        st->order = g_renew (MergeVisit, st->order, ocap *= 2);
      st->order[st->norder++] = (MergeVisit) { n, todo[len - 1].parent };
      len--;
      if (n == root)
        node_context_set (st->rec, n, ctx);
      else
        merge_node (st, n, ctx);
      for (c = g_atomic_pointer_get ((MsNode **) &n->first_child); c != NULL; c = c->next_sibling)
        {
          MsContext *child = context_child (ctx, c->desc);

          /* An inlined copy's descriptor stands for its site's: its
           * variables' descriptors become the site's too. */
          if (c->site != c->desc)
            scope_site_get (c->desc);
          if (len == cap)
            todo = g_renew (Todo, todo, cap *= 2);
          todo[len++] = (Todo) { c, child, at };
        }
    }
  g_free (todo);
}

/* ---- real stack ---------------------------------------------------------- */

static gboolean
is_function_frame (const MsNode *n)
{
  return n->desc != NULL && n->desc->kind == MEMSCOPE_SCOPE_FUNCTION
         && !(n->desc->flags & MEMSCOPE_SCOPE_INLINED);
}

/* The stack figures of one thread's tree, from the stack pointers at the
 * entries of its functions (MsNode.sp_min, sp_first).  Blocks and inlined
 * bodies record nothing of their own: they belong to their function's
 * frame. */
static void
stack_measure (MergeState *st, MsThreadRec *rec, const MsThread *t)
{
  const MergeVisit *order = st->order;
  guintptr *below;
  guint i;

  /* The lowest entry below each node, in its descendants: children come
   * after their parents. */
  below = g_new (guintptr, st->norder);
  for (i = 0; i < st->norder; i++)
    below[i] = UINTPTR_MAX;
  for (i = st->norder; i-- > 1;)
    {
      const MergeVisit *v = &order[i];
      below[v->parent] = MIN (below[v->parent], MIN (v->node->sp_min, below[i]));
    }

  rec->stack_used_peak = 0;
  rec->stack_used_peak_context = NULL;
  for (i = 1; i < st->norder; i++)
    {
      const MsNode *n = order[i].node;
      MsContext *c = ms_node_context (rec, n);

      if (c == NULL)
        continue;
      /* Where the context's instances start and the lowest entry within
       * them.  A recursive context's first entry came from its parent, and
       * its lower ones are its own recursion: from the first to the lowest
       * of all.  Another's entries may lie at many depths (behind a VLA, a
       * library function calling back): its lowest pairs with the lowest
       * below it, which is never more than one instance used. */
      {
        guintptr top = n->folded ? n->sp_first : n->sp_min;
        guintptr low = n->folded ? MIN (n->sp_min, below[i]) : below[i];

        if (top != 0 && top != UINTPTR_MAX)
          {
            if (low <= top)
              c->stack_used_peak = MAX (c->stack_used_peak, top - low);
            if (rec->stack_hi > top)
              c->stack_depth = MAX (c->stack_depth, rec->stack_hi - top);
          }
      }
      if (n->sp_min != UINTPTR_MAX && rec->stack_hi > n->sp_min
          && rec->stack_hi - n->sp_min > rec->stack_used_peak)
        {
          rec->stack_used_peak = rec->stack_hi - n->sp_min;
          rec->stack_used_peak_context = c;
        }
      /* The frame of the nearest function above, p, as far as this entry
       * shows it.  A context's entries may lie at many depths (recursion,
       * folded or not, as in a mutual one; callers reached through code
       * memscope does not see), and only the first and the lowest are
       * kept: the caller's lowest entry pairs with the callee's lowest
       * entry made from the caller, which is its lowest when it is not
       * recursive, its first when it is (the first entry of a context
       * always comes from its parent, the lowest of a recursive one from
       * itself).  The distance is never more than what one instance of p
       * took, and is that whenever p's lowest instance made that call, as
       * in a caller always entered at one depth whose frame grows (VLA,
       * alloca). */
      /* A recursion into itself measures its own frame (node_note_sp). */
      if (n->sp_self != 0 && c->site != NULL)
        c->site->stack_frame = MAX (c->site->stack_frame, n->sp_self);
      if (is_function_frame (n))
        {
          const MsNode *p = n->parent;
          guintptr to = n->folded ? n->sp_first : n->sp_min;

          while (p != NULL && p->desc != NULL && !is_function_frame (p))
            p = p->parent;
          if (p != NULL && p->desc != NULL && p->sp_min != UINTPTR_MAX
              && to != 0 && to != UINTPTR_MAX && p->sp_min > to)
            {
              MsContext *pc = ms_node_context (rec, p);
              if (pc != NULL && pc->site != NULL)
                pc->site->stack_frame = MAX (pc->site->stack_frame, p->sp_min - to);
            }
        }
    }
  rec->stack_off_entries = t->off_stack;
  g_free (below);
  g_clear_pointer (&st->order, g_free);
  st->norder = 0;
}

/* ---- threads ------------------------------------------------------------ */

static MsThreadRec *
thread_rec (guint64 id)
{
  return id >= 1 && id <= ms_reg.threads->len ? ms_reg.threads->pdata[id - 1] : NULL;
}

void
ms_thread_attach (MsThread *t)
{
  MsThreadRec *rec;

  ms_registry_lock ();
  rec = g_new0 (MsThreadRec, 1);
  rec->id = ms_reg.threads->len + 1;
  rec->tid = t->tid;
  rec->created_at = t->created_at;
  rec->live = t;
  {
    pthread_attr_t attr;
    void *addr;
    size_t size;

    if (pthread_getattr_np (pthread_self (), &attr) == 0)
      {
        if (pthread_attr_getstack (&attr, &addr, &size) == 0)
          {
            rec->stack_lo = (guintptr) addr;
            rec->stack_hi = (guintptr) addr + size;
          }
        pthread_attr_destroy (&attr);
      }
    t->stack_lo = rec->stack_lo;
    t->stack_hi = rec->stack_hi;
  }
  g_ptr_array_add (ms_reg.threads, rec);
  t->id = rec->id;
  t->rec = rec;
  ms_registry_unlock ();
}

static void
thread_name (MsThreadRec *rec, MsThread *t)
{
  char buf[16] = "";

  if (pthread_getname_np (t->pthread, buf, sizeof buf) == 0)
    memcpy (rec->name, buf, sizeof buf);
}

/* The thread's trace with context ids instead of its own nodes. */
static void
trace_convert (MsThreadRec *rec, const MsThread *t, const MsTicksScale *ticks)
{
  guint32 i, len = t->trace_len;

  if (rec->trace == NULL)
    rec->trace = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_set_size (rec->trace, 0);
  for (i = 0; i < len; i++)
    {
      guint64 event[3];
      guintptr word = (guintptr) t->trace[3 * i + 1];
      MsContext *c = ms_node_context (rec, (const MsNode *) (word & ~(guintptr) 1));

      if (c == NULL || c->site == NULL)
        continue;
      event[0] = (guint64) ms_ticks_ns (ticks, t->trace[3 * i]);
      event[1] = c->id | ((guint64) (word & 1) << 63);
      event[2] = t->trace[3 * i + 2];
      g_array_append_vals (rec->trace, event, 3);
    }
  rec->trace_dropped = t->trace_dropped;
}

/* Folds a thread's tree into the registry.  final: for good (the thread is
 * ending).  Otherwise into the snapshot fields, also marking what is open. */
static void
thread_merge (MsThreadRec *rec, MsThread *t, gboolean final)
{
  MergeState st = { .rec = rec, .final = final, .thread = rec->id };
  MsFrame *top, *f;
  guint32 i, var_top;

  ms_ticks_scale (&st.ticks);
  merge_tree (&st, t->root);
  stack_measure (&st, rec, t);
  rec->scopes_entered = st.entries;
  rec->variables_registered = st.registrations;
  rec->contexts = st.nodes;
  rec->stack_bytes_peak = t->peak_live;
  rec->peak_context = ms_node_context (rec, t->peak_node);
  rec->unmatched_exits = t->unmatched_exits;
  rec->lost_events = t->lost_events;
  if (t->trace != NULL)
    trace_convert (rec, t, &st.ticks);
  if (final)
    {
      /* The thread's nodes go with it (its heap statistics keep their
       * contexts themselves). */
      rec->open_frames = t->still_open;
      g_clear_pointer (&rec->node_contexts, g_ptr_array_unref);
      return;
    }

  /* What is open now: frames 1..top, variables 0..var_top.  The owner may
   * be pushing and popping meanwhile; each slot read holds a published or a
   * stale-but-valid pointer. */
  top = ms_thread_open_top (t);
  /* Open instances have not handed their peaks to their contexts yet:
   * work them out from the top down, as their exits would (hotpath.h,
   * MsFrame): the innermost measured frame's window is the thread's hwm, a
   * lower one's also what the windows above it saved. */
  rec->open_frames = 0;
  if (t->limit != NULL && top >= t->frames && top <= t->frames_end)
    {
      guint64 above = t->live, max = MAX (t->hwm, t->live);

      for (f = top; f > t->frames; f--)
        {
          MsContext *c = ms_node_context (rec, f->node);
          gboolean registered = ms_frame_registered (f);
          guint64 counted = ms_frame_counted (f);
          gboolean measured = registered || counted != 0;
          guint64 base = registered ? f->base_live : above - MIN (counted, above);

          if (c != NULL)
            {
              c->active++;
              rec->open_frames++;
              for (i = 0; c->site != NULL && i < c->site->desc->nvars; i++)
                if (ms_var_counted_statically (&ms_desc_vars (c->site->desc)[i]))
                  c->site->vars[i]->live++;
              if (measured && max >= base)
                {
                  MsContext *from = ms_node_context (rec, f[-1].node);

                  c->peak = MAX (c->peak, max - base);
                  if (from != NULL)
                    from->sub_peak = MAX (from->sub_peak, max - base);
                }
              if (registered && above >= base)
                c->direct = MAX (c->direct, above - base);
            }
          if (measured)
            max = MAX (max, f->saved_hwm);
          above = base;
        }
    }
  var_top = MIN (t->var_top, t->var_cap);
  for (i = 0; i < var_top; i++)
    {
      MsVarSite *v = g_hash_table_lookup (ms_var_sites, t->vars[i].desc);
      if (v != NULL)
        v->live++;
    }
  thread_name (rec, t);
}

void
ms_thread_detach (MsThread *t)
{
  MsThreadRec *rec;

  ms_registry_lock ();
  rec = thread_rec (t->id);
  if (rec != NULL && rec->live == t)
    {
      thread_name (rec, t);
      thread_merge (rec, t, TRUE);
      rec->ended_at = t->ended_at;
      rec->live = NULL;
    }
  ms_registry_unlock ();
}

/* In a child after fork only the forking thread goes on.  The others' data
 * is still mapped (the child got a copy): merge it and mark them ended. */
void
ms_after_fork_child (MsThread *self)
{
  guint i;

  g_mutex_init (&ms_reg.lock);
  ms_registry_lock ();
  for (i = 0; i < ms_reg.threads->len; i++)
    {
      MsThreadRec *rec = ms_reg.threads->pdata[i];

      rec->inherited = TRUE;
      if (rec->live == self)
        {
          self->tid = gettid ();
          rec->tid = self->tid;
        }
      if (rec->live == NULL || rec->live == self)
        continue;
      thread_merge (rec, rec->live, TRUE);
      rec->ended_at = ms_now_ns ();
      rec->live = NULL;
    }
  ms_registry_unlock ();
}

void
ms_after_crash_child (void)
{
  ms_threads_frozen = TRUE;
  g_mutex_init (&ms_reg.lock);
}

/* ---- snapshots ---------------------------------------------------------- */

MsSnapshot *
ms_snapshot_peek (void)
{
  return ms_reg.root ? &ms_reg : NULL;
}

MsVarSite *
ms_var_site_lookup (const __memscope_var_desc *desc)
{
  return g_hash_table_lookup (ms_var_sites, desc);
}

/* The peaks of instances nothing measured (hotpath.h, MsFrame): a scope
 * without counted bytes that registered nothing holds nothing itself, so
 * one of its instances peaks at its children's most; a scope with counted
 * bytes holds them throughout.  Contexts come after their parents in
 * ms_reg.contexts, so one pass from the end reaches every child before
 * its parent.  A recursion folded onto an ancestor without counted bytes
 * counts that ancestor's peak (its measured instances were recorded in
 * sub_peak already): a second pass hands what the first found up to the
 * ancestors, rarely a third. */
static void
peaks_settle (void)
{
  gboolean changed = TRUE;

  for (int round = 0; changed && round < 8; round++)
    {
      changed = FALSE;
      for (guint i = ms_reg.contexts->len; i-- > 0;)
        {
          MsContext *c = ms_reg.contexts->pdata[i], *child;
          guint64 sub = c->sub_peak, peak;

          if (c->entries == 0)
            continue;
          for (child = c->first_child; child != NULL; child = child->next_sibling)
            sub = MAX (sub, child->peak);
          for (guint j = 0; c->folds != NULL && j < c->folds->len; j++)
            {
              MsContext *target = c->folds->pdata[j];

              if (target->counted == 0)
                sub = MAX (sub, target->peak);
            }
          peak = c->counted + sub;
          if (peak > c->peak)
            {
              c->peak = peak;
              changed = TRUE;
            }
          if (c->counted > c->direct)
            c->direct = c->counted;
        }
    }
  /* No instance ever held more than its thread had live at once.  A
   * recursion folded onto an ancestor hands the peaks of the contexts on
   * its cycle round it above, each adding its own bytes again (libxml2's
   * xmlCatalogXMLResolveURI: 23,624 bytes where its thread had at most
   * 20,824): the most any thread had bounds them. */
  guint64 most = 0;
  for (guint i = 0; i < ms_reg.threads->len; i++)
    most = MAX (most, ((MsThreadRec *) ms_reg.threads->pdata[i])->stack_bytes_peak);
  for (guint i = 0; i < ms_reg.contexts->len; i++)
    {
      MsContext *c = ms_reg.contexts->pdata[i];

      if (!c->site->manual && c->peak > most)
        c->peak = most;
    }
}

/* Whether the thread of REC still runs, with its memory (see
 * ms_snapshot_take). */
static gboolean
thread_still_there (const MsThreadRec *rec)
{
  return rec->live != NULL
         && (ms_threads_frozen || rec->tid == gettid ()
             || syscall (SYS_tgkill, getpid (), rec->tid, 0) == 0 || errno != ESRCH);
}

guint64
ms_snapshot_contexts_bound (void)
{
  guint64 n = ms_reg.contexts->len;

  for (guint i = 0; i < ms_reg.threads->len; i++)
    {
      const MsThreadRec *rec = ms_reg.threads->pdata[i];
      if (thread_still_there (rec))
        n += rec->live->nodes;
    }
  return n;
}

const MsSnapshot *
ms_snapshot_take (void)
{
  gint64 now = ms_now_ns ();
  guint i;

  for (i = 0; i < ms_reg.contexts->len; i++)
    {
      MsContext *c = ms_reg.contexts->pdata[i];
      if (c->site->manual)
        continue;
      c->entries = c->fin_entries;
      c->direct = c->fin_direct;
      c->peak = c->fin_peak;
      c->sub_peak = c->fin_sub_peak;
      c->folded = c->fin_folded;
      c->active = 0;
      if (thread_list_is_shared (c->threads))
        c->threads = NULL;
      if (c->fin_threads != NULL && c->fin_threads->len > 0)
        {
          if (c->threads == NULL)
            c->threads = g_array_new (FALSE, FALSE, sizeof (guint64));
          g_array_set_size (c->threads, 0);
          g_array_append_vals (c->threads, c->fin_threads->data, c->fin_threads->len);
        }
      else if (c->threads != NULL)
        g_array_set_size (c->threads, 0);
    }
  for (i = 0; i < ms_reg.vars->len; i++)
    {
      MsVarSite *v = ms_reg.vars->pdata[i];
      if (v->manual)
        continue;
      v->instances = v->fin_instances;
      v->last_addr = v->fin_last_addr;
      v->live = 0;
      v->heap_blocks = v->fin_heap_blocks;
      v->heap_bytes = v->fin_heap_bytes;
    }
  for (i = 0; i < ms_reg.threads->len; i++)
    {
      MsThreadRec *rec = ms_reg.threads->pdata[i];

      /* A thread whose first instrumented event came after its
       * thread-specific data was destroyed (a signal handler at its very
       * end) got no teardown: once it is gone, its memory may be too. */
      if (rec->live != NULL && !thread_still_there (rec))
        {
          rec->live = NULL;
          g_clear_pointer (&rec->node_contexts, g_ptr_array_unref);
          rec->ended_at = now;
          continue;
        }
      if (rec->live != NULL && rec->live->root != NULL)
        thread_merge (rec, rec->live, FALSE);
    }
  ms_heap_snapshot (&ms_reg);

  peaks_settle ();

  /* Sites sum their contexts; a context opened for the first time since the
   * last snapshot and now closed was last seen closed now. */
  for (i = 0; i < ms_reg.scopes->len; i++)
    {
      MsScopeSite *s = ms_reg.scopes->pdata[i];
      s->entries = 0;
      s->peak = 0;
      s->active = 0;
    }
  for (i = 0; i < ms_reg.contexts->len; i++)
    {
      MsContext *c = ms_reg.contexts->pdata[i];
      c->site->entries += c->entries;
      c->site->peak = MAX (c->site->peak, c->peak);
      c->site->active += c->active;
      if (c->site->manual)
        continue;
      /* Exits carry no timestamp (a clock read per exit would cost the hot
       * path): a context found closed with new entries was last closed at
       * the latest by now. */
      if (c->active == 0 && c->entries > 0 && (c->last_seen_closed == 0 || c->entries != c->seen_entries))
        c->last_seen_closed = now;
      c->seen_entries = c->entries;
    }
  for (i = 0; i < ms_reg.vars->len; i++)
    {
      MsVarSite *v = ms_reg.vars->pdata[i];
      if (v->instances > 0 && v->first_seen == 0 && !v->manual)
        v->first_seen = now;
      if (v->instances > 0 && !v->manual)
        v->last_seen = now;
    }
  ms_reg.taken_at = now;
  return &ms_reg;
}

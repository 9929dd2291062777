/* unload.c: an instrumented library's descriptors outlive its dlclose.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The report reads the descriptor of every scope entered (its name, file,
 * line and variables) when it is written, at exit or at a crash; the plugin
 * puts the descriptors in a library's read-only segments, which dlclose
 * unmaps.  memscope's dlclose copies the read-only segments of every
 * instrumented library that the call may unload (each one opened since the
 * program started: the closed one, its dependencies, one whose symbols it
 * bound), and maps the copies back at the same addresses for those that
 * are gone once it returns, so that every descriptor the threads' context
 * nodes point at stays readable.  Only a library that calls the runtime
 * (an undefined __memscope symbol) is kept, and only its non-writable
 * segments: their address range stays taken until the process ends, its
 * constants as data, its code as a reservation that holds no memory.
 */
#include "config.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <glib.h>

#include "hotpath.h"
#include "memscope-abi.h"
#include "symbols.h"
#include "unload.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define MS_KEPT_MAX 16

typedef struct
{
  guintptr lo, hi;              /* the segment's pages */
  void *copy;                   /* their bytes, mapped elsewhere until dlclose returns;
                                   NULL: code, whose addresses only are kept */
} Kept;

/* A library kept, as dl_iterate_phdr described it. */
typedef struct
{
  struct dl_phdr_info info;
  ElfW (Phdr) *phdr;
  char *path;
} Gone;

/* A library the dlclose may unload. */
typedef struct
{
  Kept kept[MS_KEPT_MAX];
  guint n;
  Gone gone;                    /* its description, for ms_unload_each */
} Closing;

static char ms_lost[256];       /* a library whose copy could not be mapped back */

static GMutex ms_gone_lock;
static GArray *ms_initial;      /* guintptr: dlpi_addr of the objects loaded at start */
static GArray *ms_gone;         /* Gone: the libraries kept */

void
ms_unload_each (int (*fn) (struct dl_phdr_info *info, size_t size, void *data), void *data)
{
  g_mutex_lock (&ms_gone_lock);
  for (guint i = 0; ms_gone != NULL && i < ms_gone->len; i++)
    {
      Gone *g = &g_array_index (ms_gone, Gone, i);

      if (fn (&g->info, sizeof g->info, data) != 0)
        break;
    }
  g_mutex_unlock (&ms_gone_lock);
}

const char *
ms_unload_lost (void)
{
  return ms_lost[0] != '\0' ? ms_lost : NULL;
}

/* The mapping that holds an object's first segment: its file. */
typedef struct
{
  guintptr at;
  char *file;
} ObjectFile;

static gboolean
find_file (const MsMapping *m, gpointer data)
{
  ObjectFile *o = data;

  if (o->at < m->lo || o->at >= m->hi)
    return TRUE;
  if (m->path[0] == '/')
    o->file = g_strdup (m->path);
  return FALSE;
}

char *
ms_object_file (const struct dl_phdr_info *info)
{
  ObjectFile o = { 0, NULL };

  if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0')
    return NULL;
  if (info->dlpi_name[0] == '/')
    return g_strdup (info->dlpi_name);
  for (guint k = 0; k < info->dlpi_phnum && o.at == 0; k++)
    if (info->dlpi_phdr[k].p_type == PT_LOAD)
      o.at = info->dlpi_addr + info->dlpi_phdr[k].p_vaddr;
  if (o.at != 0)
    ms_maps_each (find_file, &o);
  return o.file;
}

/* A dynamic section's address: the loader has relocated it in place, or
 * not (a read-only dynamic section). */
static guintptr
dyn_address (const struct dl_phdr_info *info, ElfW (Addr) value)
{
  return value < info->dlpi_addr ? info->dlpi_addr + value : value;
}

/* Whether the object refers to a __memscope symbol it does not define:
 * instrumented code calls the trampolines and reads the thread's state.
 * The undefined symbols come before those in the GNU hash table
 * (symoffset), or are among all of them (DT_HASH's nchain). */
static gboolean
calls_runtime (const struct dl_phdr_info *info)
{
  const ElfW (Dyn) *dyn = NULL;
  const ElfW (Sym) *symtab = NULL;
  const char *strtab = NULL;
  const guint32 *gnu_hash = NULL, *hash = NULL;
  gsize strsz = 0, nsyms;

  for (guint k = 0; k < info->dlpi_phnum; k++)
    if (info->dlpi_phdr[k].p_type == PT_DYNAMIC)
      dyn = (const ElfW (Dyn) *) (info->dlpi_addr + info->dlpi_phdr[k].p_vaddr);
  if (dyn == NULL)
    return FALSE;
  for (; dyn->d_tag != DT_NULL; dyn++)
    switch (dyn->d_tag)
      {
      case DT_SYMTAB:
        symtab = (const ElfW (Sym) *) dyn_address (info, dyn->d_un.d_ptr);
        break;
      case DT_STRTAB:
        strtab = (const char *) dyn_address (info, dyn->d_un.d_ptr);
        break;
      case DT_STRSZ:
        strsz = dyn->d_un.d_val;
        break;
      case DT_GNU_HASH:
        gnu_hash = (const guint32 *) dyn_address (info, dyn->d_un.d_ptr);
        break;
      case DT_HASH:
        hash = (const guint32 *) dyn_address (info, dyn->d_un.d_ptr);
        break;
      default:
        break;
      }
  if (symtab == NULL || strtab == NULL)
    return FALSE;
  nsyms = gnu_hash != NULL ? gnu_hash[1] : hash != NULL ? hash[1] : 0;
  for (gsize i = 1; i < nsyms; i++)
    if (symtab[i].st_shndx == SHN_UNDEF && symtab[i].st_name < strsz
        && strncmp (strtab + symtab[i].st_name, "__memscope", 10) == 0)
      return TRUE;
  return FALSE;
}

static int
note_initial (struct dl_phdr_info *info, size_t size, void *data)
{
  (void) size;
  (void) data;
  g_array_append_val (ms_initial, info->dlpi_addr);
  return 0;
}

void
ms_unload_init (void)
{
  if (ms_initial != NULL)
    return;
  ms_guard_enter ();
  ms_initial = g_array_new (FALSE, FALSE, sizeof (guintptr));
  dl_iterate_phdr (note_initial, NULL);
  ms_guard_leave ();
}

static gboolean
initial (const struct dl_phdr_info *info)
{
  for (guint i = 0; i < ms_initial->len; i++)
    if (g_array_index (ms_initial, guintptr, i) == info->dlpi_addr)
      return TRUE;
  return FALSE;
}

/* dl_iterate_phdr's callback, under the loader's lock: a copy of the
 * non-writable segments of each instrumented library opened since the
 * start, into the GArray of Closing.  Its code is not copied when its
 * constants lie in a segment of their own (GNU ld's -z separate-code, the
 * default): the code's addresses are only kept from other mappings, so
 * that the allocator calls recorded there stay the library's. */
static int
copy_segments (struct dl_phdr_info *info, size_t size, void *data)
{
  GArray *closing = data;
  Closing c = { 0 };
  guintptr page = 4096;
  gboolean constants = FALSE;

  (void) size;
  if (info->dlpi_name == NULL || info->dlpi_name[0] == '\0' || initial (info) || !calls_runtime (info))
    return 0;
  for (guint k = 0; k < info->dlpi_phnum; k++)
    if (info->dlpi_phdr[k].p_type == PT_LOAD && !(info->dlpi_phdr[k].p_flags & (PF_W | PF_X)))
      constants = TRUE;
  for (guint k = 0; k < info->dlpi_phnum && c.n < MS_KEPT_MAX; k++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[k];
      Kept *kp = &c.kept[c.n];

      if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W) || ph->p_memsz == 0)
        continue;
      kp->lo = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
      kp->hi = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + page - 1) & ~(page - 1);
      kp->copy = NULL;
      if (!constants || !(ph->p_flags & PF_X))
        {
          kp->copy = mmap (NULL, kp->hi - kp->lo, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          if (kp->copy == MAP_FAILED)
            continue;
          memcpy (kp->copy, (const void *) kp->lo, kp->hi - kp->lo);
        }
      c.n++;
    }
  if (c.n == 0)
    return 0;
  c.gone.info = *info;
  c.gone.phdr = g_memdup2 (info->dlpi_phdr, info->dlpi_phnum * sizeof *info->dlpi_phdr);
  c.gone.path = ms_object_file (info);
  c.gone.info.dlpi_phdr = c.gone.phdr;
  c.gone.info.dlpi_name = c.gone.path;
  g_array_append_val (closing, c);
  return 0;
}

/* Whether an object is still loaded where the closed library was. */
static int
still_loaded (struct dl_phdr_info *info, size_t size, void *data)
{
  const Closing *c = data;

  (void) size;
  for (guint k = 0; k < info->dlpi_phnum; k++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[k];
      guintptr at = info->dlpi_addr + ph->p_vaddr;

      if (ph->p_type == PT_LOAD && at < c->kept[0].hi && at + ph->p_memsz > c->kept[0].lo)
        return 1;
    }
  return 0;
}

/* Maps the copies back where the library's segments were, and records the
 * library among those kept; FALSE if another mapping took a range first
 * (another thread's, between the unmapping and now). */
static gboolean
map_back (Closing *c)
{
  for (guint i = 0; i < c->n; i++)
    {
      Kept *kp = &c->kept[i];
      gsize len = kp->hi - kp->lo;
      int prot = kp->copy != NULL ? PROT_READ | PROT_WRITE : PROT_NONE;
      void *p = mmap ((void *) kp->lo, len, prot,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);

      if (p != (void *) kp->lo)
        {
          /* (A kernel before 4.17 takes the flag for a hint.) */
          if (p != MAP_FAILED)
            munmap (p, len);
          return FALSE;
        }
      if (kp->copy != NULL)
        {
          memcpy (p, kp->copy, len);
          mprotect (p, len, PROT_READ);
        }
    }
  ms_guard_enter ();
  g_mutex_lock (&ms_gone_lock);
  if (ms_gone == NULL)
    ms_gone = g_array_new (FALSE, FALSE, sizeof (Gone));
  g_array_append_val (ms_gone, c->gone);
  g_mutex_unlock (&ms_gone_lock);
  ms_guard_leave ();
  c->gone.phdr = NULL;
  c->gone.path = NULL;
  return TRUE;
}

MEMSCOPE_EXPORT int
dlclose (void *handle)
{
  static int (*real) (void *);
  GArray *closing;
  int r;

  if (real == NULL)
    real = (int (*) (void *)) dlsym (RTLD_NEXT, "dlclose");
  ms_unload_init ();
  ms_guard_enter ();
  closing = g_array_new (FALSE, FALSE, sizeof (Closing));
  dl_iterate_phdr (copy_segments, closing);
  ms_guard_leave ();
  r = real (handle);
  for (guint i = 0; i < closing->len; i++)
    {
      Closing *c = &g_array_index (closing, Closing, i);

      if (!dl_iterate_phdr (still_loaded, c) && !map_back (c))
        g_strlcpy (ms_lost, c->gone.path != NULL ? c->gone.path : "a library", sizeof ms_lost);
      for (guint k = 0; k < c->n; k++)
        if (c->kept[k].copy != NULL)
          munmap (c->kept[k].copy, c->kept[k].hi - c->kept[k].lo);
    }
  ms_guard_enter ();
  for (guint i = 0; i < closing->len; i++)
    {
      g_free (g_array_index (closing, Closing, i).gone.phdr);
      g_free (g_array_index (closing, Closing, i).gone.path);
    }
  g_array_free (closing, TRUE);
  ms_guard_leave ();
  return r;
}

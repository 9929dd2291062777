/* symbols.c: the function an allocator call outside instrumented code is in.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A block allocated by code the plugin did not instrument (a library, or
 * a whole program run with the runtime preloaded) knows only its return
 * address.  At report time that address is looked up in the symbol table
 * of the object it lies in, as LeakSanitizer's symbolizer does without
 * debug information: .symtab when the file has one, else .dynsym; a
 * stripped object's static function is named by its object and offset
 * (`prog+0x1139`).  Each object's table is read once, from its file,
 * when an address first falls in it; each function gets one site, so
 * allocations group by calling function.  Nothing here runs before the
 * first report. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "symbols.h"

typedef struct
{
  guintptr lo, hi;              /* the function's loaded addresses */
  const char *name;
} MsSym;

typedef struct
{
  guintptr lo, hi;              /* where the object's segments are loaded */
  guintptr bias;
  char *path;
  GArray *syms;                 /* MsSym by lo; NULL until first looked up */
  char *strtab;
} MsObject;

static GMutex ms_symbols_lock;
static GPtrArray *ms_objects;   /* MsObject * */
static GHashTable *ms_fn_sites; /* function (or address) -> __memscope_call_site * */

gboolean
ms_pread_all (int fd, void *buf, gsize len, guint64 offset)
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

gboolean
ms_maps_each (gboolean (*fn) (const MsMapping *m, gpointer data), gpointer data)
{
  g_autofree char *maps = NULL;
  char *line, *save = NULL;

  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL))
    return FALSE;
  /* lo-hi perms offset dev inode path */
  for (line = strtok_r (maps, "\n", &save); line != NULL; line = strtok_r (NULL, "\n", &save))
    {
      unsigned long lo, hi;
      MsMapping m;
      int end = 0;

      if (sscanf (line, "%lx-%lx %4s %*s %*s %*s %n", &lo, &hi, m.perms, &end) < 3)
        continue;
      m.lo = lo;
      m.hi = hi;
      m.path = end > 0 ? line + end : "";
      if (!fn (&m, data))
        break;
    }
  return TRUE;
}

static gint
sym_by_lo (gconstpointer a, gconstpointer b)
{
  const MsSym *x = a, *y = b;

  if (x->lo != y->lo)
    return x->lo < y->lo ? -1 : 1;
  /* Of aliases, the longest first (a function over its local label). */
  return x->hi > y->hi ? -1 : x->hi < y->hi;
}

/* Reads one symbol table of type @type (and its string table). */
static gboolean
read_table (MsObject *o, int fd, const Elf64_Ehdr *eh, const Elf64_Shdr *sh, guint32 type)
{
  guint i;

  for (i = 0; i < eh->e_shnum; i++)
    {
      const Elf64_Shdr *tab = &sh[i], *str;
      Elf64_Sym *syms;
      gsize n, k;

      if (tab->sh_type != type || tab->sh_entsize != sizeof (Elf64_Sym) || tab->sh_link >= eh->e_shnum)
        continue;
      str = &sh[tab->sh_link];
      if (tab->sh_size > 256 << 20 || str->sh_size > 256 << 20 || str->sh_size == 0)
        return FALSE;
      n = tab->sh_size / sizeof (Elf64_Sym);
      syms = g_new (Elf64_Sym, n);
      o->strtab = g_malloc (str->sh_size + 1);
      if (!ms_pread_all (fd, syms, n * sizeof (Elf64_Sym), tab->sh_offset)
          || !ms_pread_all (fd, o->strtab, str->sh_size, str->sh_offset))
        {
          g_free (syms);
          g_clear_pointer (&o->strtab, g_free);
          return FALSE;
        }
      o->strtab[str->sh_size] = '\0';
      for (k = 0; k < n; k++)
        {
          guint t = ELF64_ST_TYPE (syms[k].st_info);
          MsSym s;

          if ((t != STT_FUNC && t != STT_GNU_IFUNC) || syms[k].st_shndx == SHN_UNDEF
              || syms[k].st_value == 0 || syms[k].st_name >= str->sh_size)
            continue;
          s.lo = o->bias + syms[k].st_value;
          s.hi = s.lo + MAX (syms[k].st_size, 1);
          s.name = o->strtab + syms[k].st_name;
          g_array_append_val (o->syms, s);
        }
      g_free (syms);
      return TRUE;
    }
  return FALSE;
}

static void
object_load (MsObject *o)
{
  Elf64_Ehdr eh;
  Elf64_Shdr *sh = NULL;
  int fd;

  o->syms = g_array_new (FALSE, FALSE, sizeof (MsSym));
  fd = open (o->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  if (ms_pread_all (fd, &eh, sizeof eh, 0) && memcmp (eh.e_ident, ELFMAG, SELFMAG) == 0
      && eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_shentsize == sizeof (Elf64_Shdr) && eh.e_shnum > 0
      && eh.e_shnum < 65280)
    {
      sh = g_new (Elf64_Shdr, eh.e_shnum);
      if (ms_pread_all (fd, sh, (gsize) eh.e_shnum * sizeof (Elf64_Shdr), eh.e_shoff)
          && !read_table (o, fd, &eh, sh, SHT_SYMTAB))
        read_table (o, fd, &eh, sh, SHT_DYNSYM);
    }
  g_free (sh);
  close (fd);
  g_array_sort (o->syms, sym_by_lo);
}

static int
add_object (struct dl_phdr_info *info, size_t size, void *data)
{
  guint *count = data;
  const char *path = info->dlpi_name;
  guintptr lo = UINTPTR_MAX, hi = 0;
  MsObject *o;
  int k;

  /* The program comes first, without a name. */
  if ((*count)++ == 0 && (path == NULL || path[0] == '\0'))
    path = "/proc/self/exe";
  if (path == NULL || path[0] != '/')
    return 0;                   /* the vDSO */
  for (k = 0; k < info->dlpi_phnum; k++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[k];

      if (ph->p_type != PT_LOAD)
        continue;
      lo = MIN (lo, info->dlpi_addr + ph->p_vaddr);
      hi = MAX (hi, info->dlpi_addr + ph->p_vaddr + ph->p_memsz);
    }
  if (lo >= hi)
    return 0;
  o = g_new0 (MsObject, 1);
  o->lo = lo;
  o->hi = hi;
  o->bias = info->dlpi_addr;
  /* The program's own name, for an address without a symbol. */
  o->path = strcmp (path, "/proc/self/exe") == 0 ? g_file_read_link (path, NULL) : NULL;
  if (o->path == NULL)
    o->path = g_strdup (path);
  g_ptr_array_add (ms_objects, o);
  return 0;
}

static MsObject *
object_of (guintptr pc)
{
  guint i;

  for (i = 0; i < ms_objects->len; i++)
    {
      MsObject *o = ms_objects->pdata[i];

      if (pc >= o->lo && pc < o->hi)
        return o;
    }
  return NULL;
}

/* The function holding @pc: the last symbol at or below it that covers it. */
static const MsSym *
sym_of (MsObject *o, guintptr pc)
{
  guint lo = 0, hi;

  if (o->syms == NULL)
    object_load (o);
  hi = o->syms->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (o->syms, MsSym, mid).lo <= pc)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* Symbols may nest (a function and a local one inside it): the
   * nearest one that covers @pc. */
  while (lo > 0)
    {
      const MsSym *s = &g_array_index (o->syms, MsSym, --lo);

      if (pc < s->hi)
        return s;
      if (pc - s->lo > 1 << 20)
        break;
    }
  return NULL;
}

static const char *
base_name (const char *path)
{
  const char *slash = strrchr (path, '/');

  return slash ? slash + 1 : path;
}

const __memscope_call_site *
ms_symbols_site (const void *caller)
{
  /* The call is the instruction before the return address (a call to a
   * noreturn function may be the last of its function). */
  guintptr pc = (guintptr) caller - 1;
  __memscope_call_site *site;
  const MsSym *s;
  MsObject *o;
  gpointer key;

  if (caller == NULL)
    return NULL;
  g_mutex_lock (&ms_symbols_lock);
  if (ms_objects == NULL)
    {
      guint count = 0;

      ms_objects = g_ptr_array_new ();
      ms_fn_sites = g_hash_table_new (NULL, NULL);
      dl_iterate_phdr (add_object, &count);
    }
  o = object_of (pc);
  s = o ? sym_of (o, pc) : NULL;
  key = (gpointer) (s ? s->lo : pc);
  site = g_hash_table_lookup (ms_fn_sites, key);
  if (site == NULL)
    {
      site = g_new0 (__memscope_call_site, 1);
      site->call = key;
      if (s != NULL)
        site->function = s->name;
      else if (o != NULL)
        site->function = g_strdup_printf ("%s+0x%" G_GINT64_MODIFIER "x", base_name (o->path),
                                          (guint64) (pc - o->bias));
      else
        site->function = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", (guint64) pc);
      g_hash_table_insert (ms_fn_sites, key, site);
    }
  g_mutex_unlock (&ms_symbols_lock);
  return site;
}

/* preload.c: `memscope run` on a program not built with memscope.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program built with memscope-gcc (or -specs) lists libmemscope among its
 * DT_NEEDED libraries.  One that does not still gets its heap tracked when
 * the runtime is preloaded (LD_PRELOAD): threads, allocations, leaks; its
 * scopes and variables need the plugin.  The decision reads the program's
 * ELF headers, never runs it: a static program (no PT_INTERP) cannot be
 * preloaded, and a script is left alone (the programs it starts inherit
 * nothing from us but MEMSCOPE_OPTIONS).  A library the program loads that
 * needs libmemscope finds the preloaded copy by its soname.
 */
#include "config.h"

#include <elf.h>
#include <string.h>

#include "preload.h"

/* The file offset of virtual address @vaddr, or 0. */
static guint64
file_offset (const guint8 *data, gsize len, const Elf64_Ehdr *eh, guint64 vaddr)
{
  for (guint i = 0; i < eh->e_phnum; i++)
    {
      const Elf64_Phdr *ph = (const Elf64_Phdr *) (data + eh->e_phoff + (gsize) i * eh->e_phentsize);
      if (ph->p_type == PT_LOAD && vaddr >= ph->p_vaddr && vaddr - ph->p_vaddr < ph->p_filesz)
        return vaddr - ph->p_vaddr + ph->p_offset;
    }
  return 0;
}

static CliPreload
decide_elf (const guint8 *data, gsize len)
{
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *) data;
  const Elf64_Phdr *dyn = NULL;
  gboolean interp = FALSE;
  guint64 strtab = 0, strsz = 0;

  if (len < sizeof *eh || memcmp (eh->e_ident, ELFMAG, SELFMAG) != 0)
    return CLI_PRELOAD_NO;
  /* Only the ELF class memscope builds for; anything else runs as is. */
  if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_phentsize != sizeof (Elf64_Phdr)
      || eh->e_phoff > len || (guint64) eh->e_phnum * sizeof (Elf64_Phdr) > len - eh->e_phoff)
    return CLI_PRELOAD_NO;
  for (guint i = 0; i < eh->e_phnum; i++)
    {
      const Elf64_Phdr *ph = (const Elf64_Phdr *) (data + eh->e_phoff + (gsize) i * sizeof (Elf64_Phdr));
      if (ph->p_type == PT_INTERP)
        interp = TRUE;
      else if (ph->p_type == PT_DYNAMIC)
        dyn = ph;
    }
  if (!interp || dyn == NULL)
    return CLI_PRELOAD_STATIC;
  if (dyn->p_offset > len || dyn->p_filesz > len - dyn->p_offset)
    return CLI_PRELOAD_NO;
  const Elf64_Dyn *d = (const Elf64_Dyn *) (data + dyn->p_offset);
  gsize n = dyn->p_filesz / sizeof (Elf64_Dyn);
  for (gsize i = 0; i < n && d[i].d_tag != DT_NULL; i++)
    if (d[i].d_tag == DT_STRTAB)
      strtab = file_offset (data, len, eh, d[i].d_un.d_ptr);
    else if (d[i].d_tag == DT_STRSZ)
      strsz = d[i].d_un.d_val;
  if (strtab == 0 || strtab > len || strsz > len - strtab)
    return CLI_PRELOAD_NO;
  for (gsize i = 0; i < n && d[i].d_tag != DT_NULL; i++)
    if (d[i].d_tag == DT_NEEDED && d[i].d_un.d_val < strsz)
      {
        const char *name = (const char *) data + strtab + d[i].d_un.d_val;
        if (strncmp (name, "libmemscope.so", 14) == 0)
          return CLI_PRELOAD_NO;
      }
  return CLI_PRELOAD_YES;
}

CliPreload
cli_preload_decide (const char *prog)
{
  g_autofree char *path = strchr (prog, '/') ? g_strdup (prog) : g_find_program_in_path (prog);
  g_autoptr (GMappedFile) file = NULL;

  if (path == NULL || (file = g_mapped_file_new (path, FALSE, NULL)) == NULL)
    return CLI_PRELOAD_NO;      /* exec will say why it cannot run it */
  return decide_elf ((const guint8 *) g_mapped_file_get_contents (file), g_mapped_file_get_length (file));
}

char *
cli_preload_runtime (void)
{
  const char *dir = g_getenv ("MEMSCOPE_LIBDIR");

  return g_build_filename (dir && *dir ? dir : MEMSCOPE_LIBDIR, "libmemscope.so.0", NULL);
}

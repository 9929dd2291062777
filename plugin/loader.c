/* loader.c: the memscope.so that -fplugin= names; it hands over to the
 * build of the plugin made for the GCC that loads it.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GCC plugin is built against the internal headers of one GCC major and
 * loads into no other.  memscope is built once per GCC major (configure
 * --with-gcc), each build in the folder gcc-MAJOR beside this file:
 *
 *   $(pkglibdir)/memscope.so            this loader (C, no GCC header)
 *   $(pkglibdir)/gcc-11/memscope.so     the plugin built for GCC 11
 *   $(pkglibdir)/gcc-12/memscope.so     the plugin built for GCC 12
 *
 * so that one path (pkg-config's `plugin`, the spec file, the wrappers)
 * serves whichever GCC runs.  cc1 dlopens this file, checks that it is GPL
 * compatible and calls plugin_init with its own version; we take the major
 * from that version, dlopen the matching build the way cc1 does (its GCC
 * symbols resolve against cc1, which exports them for plugins) and call its
 * plugin_init with the same arguments.  The build keeps the short name
 * `memscope.so`, so the -fplugin-arg-memscope-* keys are unchanged, and its
 * own version check still compares the exact GCC builds.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* plugin.h's two structures, unchanged since GCC 4.5: we read only the
   full name and the base version, and pass both pointers on.  */
struct plugin_name_args
{
  char *base_name;
  const char *full_name;
};

struct plugin_gcc_version
{
  const char *basever;
};

typedef int (*plugin_init_func) (struct plugin_name_args *,
                                 struct plugin_gcc_version *);

int plugin_is_GPL_compatible;

int plugin_init (struct plugin_name_args *info,
                 struct plugin_gcc_version *version);

int
plugin_init (struct plugin_name_args *info, struct plugin_gcc_version *version)
{
  const char *full = info->full_name;
  const char *slash = strrchr (full, '/');
  int dirlen = slash ? (int) (slash - full) : 1;
  const char *dir = slash ? full : ".";
  int major = atoi (version->basever);
  char path[4096];

  if (snprintf (path, sizeof path, "%.*s/gcc-%d/memscope.so", dirlen, dir,
                major) >= (int) sizeof path)
    {
      fprintf (stderr, "memscope: %s: the plugin's folder name is too long\n",
               full);
      return 1;
    }
  if (access (path, R_OK) != 0)
    {
      fprintf (stderr,
               "memscope: no build of the plugin for GCC %d (%s) at %s; "
               "this memscope has builds for GCC %s (configure --with-gcc)\n",
               major, version->basever, path, MEMSCOPE_GCC_MAJORS);
      return 1;
    }
  /* Like cc1: every symbol now, and visible to what loads later.  */
  void *handle = dlopen (path, RTLD_NOW | RTLD_GLOBAL);
  if (!handle)
    {
      fprintf (stderr, "memscope: cannot load %s: %s\n", path, dlerror ());
      return 1;
    }
  /* The loader may not make a plugin of one that is not GPL compatible.  */
  plugin_init_func init = (plugin_init_func) dlsym (handle, "plugin_init");
  if (!dlsym (handle, "plugin_is_GPL_compatible") || !init)
    {
      fprintf (stderr, "memscope: %s is not a GCC plugin\n", path);
      return 1;
    }
  /* Never closed: GCC keeps pointers into it until the end.  */
  return init (info, version);
}

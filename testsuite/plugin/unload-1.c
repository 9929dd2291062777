/* unload-1.c: open a library, call it, close it, twice; the report,
 * written at exit or at a crash, still names the library's scopes.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What holds ADDRESS now: "gone" (nothing), "reserved" (a mapping that
   cannot be read) or "kept". */
static const char *
mapped (const void *address)
{
  FILE *maps = fopen ("/proc/self/maps", "r");
  uintptr_t lo, hi, a = (uintptr_t) address;
  char line[512], perms[8];
  const char *found = "gone";

  while (maps != NULL && fgets (line, sizeof line, maps) != NULL)
    if (sscanf (line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && a >= lo && a < hi)
      found = perms[0] == 'r' ? "kept" : "reserved";
  if (maps != NULL)
    fclose (maps);
  return found;
}

static int
round_trip (const char *path, int n)
{
  void *lib = dlopen (path, RTLD_NOW);
  const char *(*name) (void);
  int (*work) (int, void **);
  const char *text;
  void *keep = NULL;
  int s;

  if (lib == NULL)
    {
      fprintf (stderr, "%s\n", dlerror ());
      return -1;
    }
  name = (const char *(*) (void)) dlsym (lib, "lib_name");
  work = (int (*) (int, void **)) dlsym (lib, "lib_work");
  text = name ();
  s = work (n, &keep);
  if (dlclose (lib) != 0)
    return -1;
  /* The read-only data of an instrumented library stays mapped, its code's
     addresses taken. */
  printf ("%s: %d, read-only data %s, code %s\n", text == NULL ? "?" : "lib", s,
          mapped (text), mapped ((const void *) work));
  free (keep);
  return s;
}

/* A library opened twice and closed once stays loaded. */
static int
nested (const char *path)
{
  void *outer = dlopen (path, RTLD_NOW);
  int s = round_trip (path, 3);

  if (outer == NULL || s < 0)
    return -1;
  return dlclose (outer);
}

/* Each library given, opened and closed twice, or with "nested:" opened
   around a round trip; after "crash", a SIGSEGV. */
int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "crash") == 0)
      *(volatile int *) NULL = 0;
    else if (strncmp (argv[i], "nested:", 7) == 0)
      {
        if (nested (argv[i] + 7) < 0)
          return 1;
      }
    else if (round_trip (argv[i], i) < 0 || round_trip (argv[i], i + 1) < 0)
      return 1;
  return 0;
}

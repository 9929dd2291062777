/* scenario.c: drives the instrumentation entry points with hand-made
 * descriptors, the way plugin-generated code does, one scenario per run.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: scenario NAME [ARG]; the report is checked by the calling script.
 * Built without the plugin: every call here is written by hand.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memscope-abi.h"
#include "memscope.h"

#define ABI MEMSCOPE_ABI_VERSION

static const __memscope_var_desc main_vars[] = {
  { "argc", "int", "scenario.c", 20, MEMSCOPE_VAR_PARAM | MEMSCOPE_VAR_NOADDR, 4 },
  { "buf", "char[64]", "scenario.c", 22, 0, 64 },
  { "n", "int", "scenario.c", 23, MEMSCOPE_VAR_NOADDR, 4 },
};
static const __memscope_scope_desc main_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "main", "scenario.c", 20, 0, NULL, 3, 0, main_vars
};

static const __memscope_var_desc block_vars[] = {
  { "p", "struct point", "scenario.c", 31, 0, 16 },
};
static const __memscope_scope_desc block_scope = {
  ABI, MEMSCOPE_SCOPE_BLOCK, "main", "scenario.c", 30, 1, &main_scope, 1, 0, block_vars
};

static const __memscope_var_desc rec_vars[] = {
  { "frame", "long[3]", "scenario.c", 41, 0, 24 },
  { "tmp", "char[*]", "scenario.c", 42, MEMSCOPE_VAR_VLA, 0 },
  { "alloca", "void", "scenario.c", 43, MEMSCOPE_VAR_ALLOCA, 0 },
};
static const __memscope_scope_desc rec_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "rec", "scenario.c", 40, 0, NULL, 3, 0, rec_vars
};

static const __memscope_scope_desc leaf_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "leaf", "scenario.c", 50, 0, NULL, 0, 0, NULL
};

static const __memscope_var_desc worker_vars[] = {
  { "slot", "int[8]", "scenario.c", 61, 0, 32 },
};
static const __memscope_scope_desc worker_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "worker", "scenario.c", 60, 0, NULL, 1, 0, worker_vars
};

static const __memscope_scope_desc bad_abi_scope = {
  ABI + 100, MEMSCOPE_SCOPE_FUNCTION, "future", "scenario.c", 70, 0, NULL, 0, 0, NULL
};

/* As the plugin describes them: an inlined body whose array the compiled
 * code keeps in the frame (counted through counted_bytes, no registration)
 * and whose scalar it keeps in a register. */
static const __memscope_var_desc inl_vars[] = {
  { "buf", "char[16]", "scenario.c", 81, MEMSCOPE_VAR_IN_FRAME, 16, -40 },
  { "i", "int", "scenario.c", 82, MEMSCOPE_VAR_NOADDR | MEMSCOPE_VAR_REGISTER, 4, 0 },
};
static const __memscope_scope_desc inl_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "inl", "scenario.c", 80, 0, NULL, 2, MEMSCOPE_SCOPE_INLINED, inl_vars, 16
};

/* As the plugin describes them since it says how many variables its code
 * names (MEMSCOPE_SCOPE_STATS: one more than the count): a register, then
 * a VLA the code registers; `late`, after them, is a VLA the code never
 * names, which a registration by hand cannot reach. */
static const __memscope_var_desc named_vars[] = {
  { "r", "int", "scenario.c", 91, MEMSCOPE_VAR_NOADDR | MEMSCOPE_VAR_REGISTER, 4, 0 },
  { "tmp", "char[*]", "scenario.c", 92, MEMSCOPE_VAR_VLA, 0, 0 },
  { "late", "char[*]", "scenario.c", 93, MEMSCOPE_VAR_VLA, 0, 0 },
};
static const __memscope_scope_desc named_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "named", "scenario.c", 90, 0, NULL, 3,
  3u << MEMSCOPE_SCOPE_STATS_SHIFT, named_vars
};

static char sink[4096];

/* main scope with buf registered, then `body`, then the exit. */
#define IN_MAIN(body)                                  \
  do                                                   \
    {                                                  \
      __memscope_enter (&main_scope);                  \
      __memscope_var (&main_vars[1], sink);            \
      body;                                            \
      __memscope_exit (&main_scope);                   \
    }                                                  \
  while (0)

static void
block_once (void)
{
  __memscope_enter (&block_scope);
  __memscope_var (&block_vars[0], sink + 64);
  __memscope_exit (&block_scope);
}

__attribute__ ((noinline)) static void
leaf (void)
{
  __memscope_enter (&leaf_scope);
  __asm__ volatile ("" ::: "memory");
  __memscope_exit (&leaf_scope);
}

/* Recursion n deep: each level registers 24 bytes and `vla` more. */
__attribute__ ((noinline)) static void
rec (int n, unsigned vla)
{
  __memscope_enter (&rec_scope);
  __memscope_var (&rec_vars[0], sink + 128);
  if (vla)
    __memscope_var_dyn (&rec_vars[1], sink + 256, vla);
  if (n > 1)
    rec (n - 1, vla);
  else
    leaf ();
  __memscope_exit (&rec_scope);
}

static jmp_buf env;

__attribute__ ((noinline)) static void
jump_from_deep (int n)
{
  __memscope_enter (&rec_scope);
  __memscope_var (&rec_vars[0], sink + 128);
  if (n > 1)
    jump_from_deep (n - 1);
  longjmp (env, 1);
}

__attribute__ ((noinline)) static void
exit_from_deep (int n, int status)
{
  __memscope_enter (&rec_scope);
  __memscope_var (&rec_vars[0], sink + 128);
  if (n > 1)
    exit_from_deep (n - 1, status);
  exit (status);
}

static void *
worker (void *arg)
{
  int i, rounds = GPOINTER_TO_INT (arg);

  for (i = 0; i < rounds; i++)
    {
      __memscope_enter (&worker_scope);
      __memscope_var (&worker_vars[0], sink + 512);
      leaf ();
      __memscope_exit (&worker_scope);
    }
  return NULL;
}

/* alloca registered from a block: lives until the function exits. */
__attribute__ ((noinline)) static void
alloca_in_block (void)
{
  __memscope_enter (&rec_scope);
  __memscope_enter (&block_scope);
  __memscope_var (&block_vars[0], sink + 64);
  __memscope_alloca (&rec_vars[2], sink + 1024, 100);
  __memscope_exit (&block_scope);
  __memscope_enter (&block_scope);
  __memscope_var (&block_vars[0], sink + 64);
  __memscope_exit (&block_scope);
  __memscope_exit (&rec_scope);
}

static void *
wait_forever (void *arg)
{
  for (;;)
    pause ();
  return arg;
}

int
main (int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : "";
  int i;

  if (strcmp (name, "nesting") == 0)
    IN_MAIN ({
      block_once ();
      block_once ();
    });
  else if (strcmp (name, "recursion") == 0)
    IN_MAIN (rec (5, 0));
  else if (strcmp (name, "inlined") == 0)
    IN_MAIN ({
      __memscope_enter (&inl_scope);
      __memscope_exit (&inl_scope);
      __memscope_enter (&inl_scope);
      __memscope_exit (&inl_scope);
    });
  else if (strcmp (name, "vla") == 0)
    IN_MAIN ({
      rec (3, 100);
      rec (1, 7);
    });
  else if (strcmp (name, "named") == 0)
    IN_MAIN ({
      int i;

      for (i = 0; i < 3; i++)
        {
          __memscope_enter (&named_scope);
          __memscope_var_dyn (&named_vars[1], sink + 256, 40);
          __memscope_var_dyn (&named_vars[2], sink + 512, 8);
          __memscope_exit (&named_scope);
        }
    });
  else if (strcmp (name, "alloca") == 0)
    IN_MAIN (alloca_in_block ());
  else if (strcmp (name, "unbalanced") == 0)
    {
      /* An exit for a scope that is not open, an exit that skips an open
       * block, and an exit before anything was entered. */
      __memscope_exit (&leaf_scope);
      __memscope_enter (&main_scope);
      __memscope_exit (&block_scope);
      __memscope_enter (&block_scope);
      __memscope_exit (&main_scope);
    }
  else if (strcmp (name, "longjmp") == 0)
    IN_MAIN ({
      if (setjmp (env) == 0)
        jump_from_deep (6);
      __memscope_resync (&main_scope);
      leaf ();
    });
  else if (strcmp (name, "longjmp-noresync") == 0)
    IN_MAIN ({
      if (setjmp (env) == 0)
        jump_from_deep (6);
      /* No resync: the next enter notices the dead frames by their stack
       * pointers. */
      leaf ();
    });
  else if (strcmp (name, "exit-deep") == 0)
    IN_MAIN (exit_from_deep (4, argc > 2 ? atoi (argv[2]) : 0));
  else if (strcmp (name, "threads") == 0)
    {
      pthread_t th[4];
      int rounds = argc > 2 ? atoi (argv[2]) : 1000;

      IN_MAIN ({
        for (i = 0; i < 4; i++)
          pthread_create (&th[i], NULL, worker, GINT_TO_POINTER (rounds));
        for (i = 0; i < 4; i++)
          pthread_join (th[i], NULL);
      });
    }
  else if (strcmp (name, "named-thread") == 0)
    {
      pthread_setname_np (pthread_self (), "boss");
      IN_MAIN (block_once ());
    }
  else if (strcmp (name, "fork") == 0)
    IN_MAIN ({
      pid_t pid;
      int status = 0;

      block_once ();
      pid = fork ();
      if (pid == 0)
        {
          leaf ();
          leaf ();
          __memscope_exit (&main_scope);
          exit (7);
        }
      waitpid (pid, &status, 0);
      printf ("child %d status %d\n", (int) pid, WEXITSTATUS (status));
    });
  else if (strcmp (name, "bad-abi") == 0)
    IN_MAIN ({
      __memscope_enter (&bad_abi_scope);
      leaf ();
      __memscope_exit (&bad_abi_scope);
    });
  else if (strcmp (name, "before-init") == 0)
    ; /* the constructor below did the work */
  else if (strcmp (name, "deep") == 0)
    IN_MAIN (rec (argc > 2 ? atoi (argv[2]) : 100000, 0));
  else if (strcmp (name, "dump") == 0)
    {
      g_autoptr (GError) error = NULL;

      IN_MAIN ({
        block_once ();
        if (!memscope_dump (argv[2], &error))
          {
            fprintf (stderr, "dump failed: %s\n", error->message);
            return 3;
          }
      });
    }
  else if (strcmp (name, "noop") == 0)
    ;
  else if (strcmp (name, "exit-with-thread") == 0)
    {
      /* A thread still waiting when main returns. */
      pthread_t th;

      pthread_create (&th, NULL, wait_forever, NULL);
    }
  else if (strcmp (name, "rlimit") == 0 && argc >= 5)
    {
      /* rlimit as|data BYTES hard|soft [DUMP]: the program lowers its
       * own memory limit (the soft one alone, or both), then takes a
       * report itself if DUMP is given, and ends with status 3. */
      int resource = strcmp (argv[2], "data") == 0 ? RLIMIT_DATA : RLIMIT_AS;
      rlim_t bytes = strtoull (argv[3], NULL, 0);
      struct rlimit limit = { bytes, strcmp (argv[4], "hard") == 0 ? bytes : RLIM_INFINITY };
      g_autoptr (GError) error = NULL;

      IN_MAIN ({
        block_once ();
        if (setrlimit (resource, &limit) != 0)
          {
            perror ("setrlimit");
            return 77;
          }
        if (argc > 5 && !memscope_dump (argv[5], &error))
          printf ("dump failed: %s\n", error->message);
      });
      printf ("scenario %s done\n", name);
      return 3;
    }
  else if (strcmp (name, "chdir") == 0)
    IN_MAIN ({
      if (chdir ("/") != 0)
        return 4;
    });
  else
    {
      fprintf (stderr, "unknown scenario '%s'\n", name);
      return 2;
    }
  printf ("scenario %s done\n", name);
  return 0;
}

/* Instrumented code may run before the runtime's own constructor and after
 * its report (other constructors and destructors). */
__attribute__ ((constructor (101))) static void
early (void)
{
  __memscope_enter (&leaf_scope);
  __memscope_exit (&leaf_scope);
}

__attribute__ ((destructor (101))) static void
late (void)
{
  __memscope_enter (&leaf_scope);
  __memscope_exit (&leaf_scope);
}

/* heap.c: heap allocations seen by the runtime, driven with hand-made
 * descriptors, one scenario per run (checked by heap.sh).
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memscope-abi.h"

/* The overflow checks below ask for impossible sizes on purpose. */
#pragma GCC diagnostic ignored "-Walloc-size-larger-than="

#define ABI MEMSCOPE_ABI_VERSION

static const __memscope_var_desc main_vars[] = {
  { "table", "struct node *", "heap.c", 11, MEMSCOPE_VAR_NOADDR, 8 },
};
static const __memscope_scope_desc main_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "main", "heap.c", 10, 0, NULL, 1, 0, main_vars
};
static const __memscope_var_desc worker_vars[] = {
  { "buf", "char *", "heap.c", 21, MEMSCOPE_VAR_NOADDR, 8 },
};
static const __memscope_scope_desc worker_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "worker", "heap.c", 20, 0, NULL, 1, 0, worker_vars
};
static const __memscope_var_desc leaker_vars[] = {
  { "p", "struct node *", "heap.c", 31, MEMSCOPE_VAR_NOADDR, 8 },
  { "s", "char *", "heap.c", 32, MEMSCOPE_VAR_NOADDR, 8 },
};
static const __memscope_scope_desc leaker_scope = {
  ABI, MEMSCOPE_SCOPE_FUNCTION, "leaker", "heap.c", 30, 0, NULL, 2, 0, leaker_vars
};

#define ROUNDS 100
static void *volatile sink;
static void *shared[2][ROUNDS];

/* worker n: ROUNDS blocks of 100 bytes; frees the even ones itself, leaves
 * the odd ones for main to free. */
static void *
worker (void *arg)
{
  long n = (long) arg;
  int i;

  __memscope_enter (&worker_scope);
  for (i = 0; i < ROUNDS; i++)
    {
      char *buf = malloc (100);
      __memscope_heap_owner (&worker_vars[0], buf);
      memset (buf, i, 100);
      shared[n][i] = buf;
    }
  for (i = 0; i < ROUNDS; i += 2)
    free (shared[n][i]);
  __memscope_exit (&worker_scope);
  return NULL;
}

static void
leaker (void)
{
  void *p, *s;

  __memscope_enter (&leaker_scope);
  p = malloc (1000);
  __memscope_heap_owner (&leaker_vars[0], p);
  s = strdup ("a string of 25 characters");
  __memscope_heap_owner (&leaker_vars[1], s);
  sink = malloc (7);                  /* leaked with no owner */
  __memscope_exit (&leaker_scope);
}

static volatile sig_atomic_t alarms;

static void
on_alarm (int sig)
{
  void *volatile p = malloc (64);
  free (p);
  alarms++;
}

static int
check (int ok, const char *what)
{
  if (!ok)
    {
      printf ("FAILED: %s\n", what);
      exit (99);
    }
  return ok;
}

int
main (int argc, char **argv)
{
  const char *name = argc > 1 ? argv[1] : "";

  /* stdout's buffer, allocated outside any scope. */
  printf ("heap %s\n", name);
  __memscope_enter (&main_scope);
  if (strcmp (name, "threads") == 0)
    {
      pthread_t th[2];
      long i, j;

      for (i = 0; i < 2; i++)
        pthread_create (&th[i], NULL, worker, (void *) i);
      for (i = 0; i < 2; i++)
        pthread_join (th[i], NULL);
      /* Cross-thread frees: credited back to the workers. */
      for (i = 0; i < 2; i++)
        for (j = 1; j < ROUNDS; j += 2)
          free (shared[i][j]);
    }
  else if (strcmp (name, "realloc") == 0)
    {
      char *p = realloc (NULL, 10);      /* an allocation */
      char *q;

      check (p != NULL, "realloc(NULL)");
      memcpy (p, "0123456789", 10);
      p = realloc (p, 5000);             /* grow */
      check (memcmp (p, "0123456789", 10) == 0, "grown contents");
      p = realloc (p, 20);               /* shrink */
      check (memcmp (p, "0123456789", 10) == 0, "shrunk contents");
      check (malloc_usable_size (p) >= 20, "usable size");
      q = realloc (p, 0);                /* frees */
      check (q == NULL, "realloc to 0");
      p = reallocarray (NULL, 4, 25);
      check (p != NULL, "reallocarray");
      sink = reallocarray (p, (size_t) -1 / 2, argc + 2);
      check (sink == NULL && errno == ENOMEM, "reallocarray overflow");
      free (p);
    }
  else if (strcmp (name, "aligned") == 0)
    {
      void *a = NULL, *b, *c, *d, *e;
      long page = sysconf (_SC_PAGESIZE);

      check (posix_memalign (&a, 64, 100) == 0 && ((uintptr_t) a & 63) == 0, "posix_memalign 64");
      check (posix_memalign (&b, 3, 100) == EINVAL, "posix_memalign EINVAL");
      b = aligned_alloc (4096, 4096);
      check (b && ((uintptr_t) b & 4095) == 0, "aligned_alloc 4096");
      c = memalign (32, 50);
      check (c && ((uintptr_t) c & 31) == 0, "memalign 32");
      d = valloc (10);
      check (d && ((uintptr_t) d % page) == 0, "valloc");
      e = pvalloc (10);
      check (e && ((uintptr_t) e % page) == 0, "pvalloc");
      check (malloc_usable_size (a) >= 100 && malloc_usable_size (c) >= 50, "usable sizes");
      memset (a, 1, 100);
      memset (b, 2, 4096);
      a = realloc (a, 200);              /* an over-aligned block moves */
      check (a != NULL, "realloc aligned");
      free (a);
      free (b);
      free (c);
      free (d);
      free (e);
    }
  else if (strcmp (name, "calloc") == 0)
    {
      unsigned char *z = calloc (100, 10);
      int i, zero = 1;

      for (i = 0; i < 1000; i++)
        zero &= z[i] == 0;
      check (zero, "calloc zeroes");
      errno = 0;
      sink = calloc ((size_t) -1 / 2, argc + 2);
      check (sink == NULL && errno == ENOMEM, "calloc overflow");
      free (z);
    }
  else if (strcmp (name, "leak") == 0)
    leaker ();
  else if (strcmp (name, "fork") == 0)
    {
      void *before = malloc (300);       /* live across the fork */
      sink = before;
      pid_t pid = fork ();
      int status = 0;

      if (pid == 0)
        {
          sink = malloc (40);            /* the child's own leak */
          __memscope_exit (&main_scope);
          exit (0);
        }
      waitpid (pid, &status, 0);
      printf ("child %d\n", (int) pid);
      free (sink);
    }
  else if (strcmp (name, "signal") == 0)
    {
      /* A handler that allocates and frees, interrupting a thread that is
       * itself allocating and freeing: never a deadlock, nothing lost. */
      struct sigaction sa;
      struct itimerval every = { { 0, 50 }, { 0, 50 } }, off = { { 0, 0 }, { 0, 0 } };
      int i;

      memset (&sa, 0, sizeof sa);
      sa.sa_handler = on_alarm;
      sa.sa_flags = SA_RESTART;
      sigaction (SIGALRM, &sa, NULL);
      setitimer (ITIMER_REAL, &every, NULL);
      for (i = 0; i < 300000; i++)
        {
          sink = malloc (i % 500 + 1);
          free (sink);
        }
      setitimer (ITIMER_REAL, &off, NULL);
      printf ("handled %d\n", alarms > 0);
    }
  else if (strcmp (name, "density") == 0)
    {
      /* How far apart blocks of each size lie: 256 of them in turn, the
       * distance between one and the next that occurs most (once glibc's
       * free lists of that size are used up, blocks come one after the
       * other from its top chunk).  heap.sh compares the distances with
       * glibc's own, under heap=0. */
      static const size_t sizes[] = { 1, 8, 24, 40, 56, 64, 100, 1000 };
      static char *kept[sizeof sizes / sizeof sizes[0]][256];
      size_t i, j, k;

      for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        {
          ptrdiff_t best = 0;
          int best_n = 0;

          for (j = 0; j < 256; j++)
            kept[i][j] = malloc (sizes[i]);
          for (j = 1; j < 256; j++)
            {
              ptrdiff_t d = kept[i][j] - kept[i][j - 1];
              int n = 0;

              for (k = 1; k < 256; k++)
                n += kept[i][k] - kept[i][k - 1] == d;
              if (n > best_n)
                best = d, best_n = n;
            }
          printf ("%zu:%td\n", sizes[i], best);
        }
      for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (j = 0; j < 256; j++)
          free (kept[i][j]);
    }
  else if (strcmp (name, "none") != 0)
    {
      printf ("unknown scenario\n");
      return 2;
    }
  __memscope_exit (&main_scope);
  return 0;
}

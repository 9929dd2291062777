/* processes-1.c: fork, vfork, posix_spawn and exec from inside nested
   scopes.  Each process prints its pid; each instrumented one writes its
   own report.
   Usage: processes-1 child N | fork | vfork | spawn | exec PROGRAM ARGS...
   Copyright (C) 2026 The memscope authors
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* KEEP (p): p's address escapes into an empty asm that may read and write
   memory, so plain gcc -O2 keeps the object p points to (an array in the
   frame, a heap block and its malloc and free) and the accesses to it.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

extern char **environ;
static const char *self;

__attribute__ ((noinline)) static long
work (int n)
{
  long total = 0;
  for (int i = 0; i < n; i++)
    {
      char scratch[32];
      memset (scratch, i, sizeof scratch);
      KEEP (scratch);
      total += scratch[3];
    }
  return total;
}

static int
status_of (pid_t pid)
{
  int st;
  if (waitpid (pid, &st, 0) != pid)
    return -1;
  return WIFEXITED (st) ? WEXITSTATUS (st) : 128 + WTERMSIG (st);
}

__attribute__ ((noinline)) static void
do_fork (void)
{
  char frame[64];
  memset (frame, 1, sizeof frame);
  KEEP (frame);
  fflush (stdout);
  pid_t pid = fork ();
  if (pid == 0)
    {
      printf ("forked child %d: %ld\n", (int) getpid (), work (5));
      exit (3);
    }
  printf ("fork: child %d status %d, parent %d: %ld\n", (int) pid, status_of (pid), (int) getpid (), work (2) + frame[0]);
}

__attribute__ ((noinline)) static void
do_vfork (void)
{
  char frame[64];
  char *args[] = { (char *) self, (char *) "child", (char *) "4", NULL };
  memset (frame, 1, sizeof frame);
  KEEP (frame);
  fflush (stdout);
  pid_t pid = vfork ();
  if (pid == 0)
    {
      execv (self, args);
      _exit (127);
    }
  printf ("vfork+exec: child %d status %d\n", (int) pid, status_of (pid));
  pid = vfork ();
  if (pid == 0)
    _exit (5);
  printf ("vfork+_exit: child %d status %d, parent %d: %ld\n", (int) pid, status_of (pid), (int) getpid (), work (2) + frame[0]);
}

__attribute__ ((noinline)) static void
do_spawn (void)
{
  char frame[64];
  char *args[] = { (char *) self, (char *) "child", (char *) "6", NULL };
  pid_t pid;
  memset (frame, 1, sizeof frame);
  KEEP (frame);
  fflush (stdout);
  if (posix_spawn (&pid, self, NULL, NULL, args, environ) != 0)
    abort ();
  printf ("spawn: child %d status %d, parent %d: %ld\n", (int) pid, status_of (pid), (int) getpid (), work (2) + frame[0]);
}

__attribute__ ((noinline)) static void
do_exec (char **args)
{
  char frame[64];
  memset (frame, 1, sizeof frame);
  KEEP (frame);
  printf ("exec: pid %d\n", (int) getpid ());
  fflush (stdout);
  execv (args[0], args);
  perror ("execv");
  exit (127);
}

int
main (int argc, char **argv)
{
  self = argv[0];
  if (argc > 2 && strcmp (argv[1], "child") == 0)
    {
      int n = atoi (argv[2]);
      printf ("child %d: %ld\n", (int) getpid (), work (n));
      return n;
    }
  if (argc > 1 && strcmp (argv[1], "fork") == 0)
    do_fork ();
  else if (argc > 1 && strcmp (argv[1], "vfork") == 0)
    do_vfork ();
  else if (argc > 1 && strcmp (argv[1], "spawn") == 0)
    do_spawn ();
  else if (argc > 2 && strcmp (argv[1], "exec") == 0)
    do_exec (argv + 2);
  else
    return 2;
  return 0;
}

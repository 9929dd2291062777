/* setjmp-2.c: every returns-twice call gets its resync but vfork, whose
   child runs in the parent's memory (the runtime's state included).
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
static jmp_buf env;
static sigjmp_buf senv;

__attribute__ ((noinline)) static void
leave (int how)
{
  char frame[24];
  frame[0] = (char) how; KEEP (frame);
  if (how == 1)
    longjmp (env, 1);
  siglongjmp (senv, 2);
}

int
main (void)
{
  int got = 0, status = -1;
  pid_t child;

  if (setjmp (env) == 0)
    leave (1);
  else
    got += 1;
  if (sigsetjmp (senv, 1) == 0)
    leave (2);
  else
    got += 2;
  child = vfork ();
  if (child == 0)
    _exit (7);
  waitpid (child, &status, 0);
  printf ("%d %d\n", got, WEXITSTATUS (status));
  return 0;
}

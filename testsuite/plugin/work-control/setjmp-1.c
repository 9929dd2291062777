/* setjmp-1.c: a longjmp across instrumented frames; the resync after
   setjmp returns leaves the runtime's scope stack consistent.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;

static void
dive (int n)
{
  char frame[32];
  frame[0] = (char) n;
  if (n == 0)
    longjmp (env, frame[0] + 1);
  dive (n - 1);
}

static int
catcher (void)
{
  int buf[4] = { 0, 0, 0, 0 };
  int got = setjmp (env);
  if (got == 0)
    {
      char deep[16];
      deep[0] = 1;
      dive (5 + deep[0]);
    }
  return got + buf[0];
}

int
main (void)
{
  int a = catcher ();
  int b = catcher ();
  printf ("%d %d\n", a, b);
  return 0;
}

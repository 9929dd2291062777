/* setjmp-1.c: a longjmp across instrumented frames; the resync after
   setjmp returns leaves the runtime's scope stack consistent.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdio.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
static jmp_buf env;

static void
dive (int n)
{
  char frame[32];
  frame[0] = (char) n; KEEP (frame);
  if (n == 0)
    longjmp (env, frame[0] + 1);
  dive (n - 1);
}

/* Called once the longjmp came back: a child of catcher, not of the dive
   frames the longjmp left.  */
__attribute__ ((noinline)) static int
after (int got)
{
  char note[64];
  note[0] = (char) got; KEEP (note);
  return note[0] - got;
}

static int
catcher (void)
{
  int buf[4] = { 0, 0, 0, 0 }; KEEP (buf);
  int got = setjmp (env);
  if (got == 0)
    {
      char deep[16];
      deep[0] = 1; KEEP (deep);
      dive (5 + deep[0]);
    }
  if (got != 0)
    got += after (got);
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

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that plain gcc -O2 keeps the arrays in memory and dive
   a real recursion (it would otherwise fold the arrays away and turn the
   tail recursion into a loop).  Lines up to 35 keep their numbers: the
   block scope is named after its line.  */

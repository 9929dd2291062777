/* frames-1.c: call shapes whose frames -fstack-usage knows: a deep chain,
   big arrays, arguments passed on the stack, varargs, recursion (with a
   callee at the bottom, alone, and mutual), calls through pointers.
   Functions named leaf_* call no instrumented function: nothing below them
   shows their frame.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline))
/* The address of a buffer escapes into an asm that may read and write
   memory: plain gcc -O2 keeps the buffer. */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

static volatile int sink;

NOINLINE static int
leaf_add (int x)
{
  return x + sink;
}

NOINLINE static int
leaf_buffer (int x)
{
  char buf[40];
  memset (buf, x, sizeof buf);
  KEEP (buf);
  return buf[x & 31];
}

/* A chain of eight, each frame its own size. */
#define LINK(name, next, size)                  \
  NOINLINE static int                           \
  name (int x)                                  \
  {                                             \
    char buf[size];                             \
    memset (buf, x, sizeof buf);                \
    KEEP (buf);                                 \
    return next (x + buf[x % size]) + buf[1];   \
  }
LINK (chain8, leaf_buffer, 24)
LINK (chain7, chain8, 200)
LINK (chain6, chain7, 17)
LINK (chain5, chain6, 1000)
LINK (chain4, chain5, 64)
LINK (chain3, chain4, 9)
LINK (chain2, chain3, 512)
LINK (chain1, chain2, 130)

/* Big arrays. */
NOINLINE static int
big_arrays (int x)
{
  char bytes[65536];
  int words[3000];
  memset (bytes, x, sizeof bytes);
  memset (words, x, sizeof words);
  KEEP (bytes);
  KEEP (words);
  return leaf_add (bytes[x] + words[x]);
}

/* Twelve arguments: six of them on the stack; and a structure by value. */
struct wide { long v[13]; };

NOINLINE static long
twelve (int a, int b, int c, int d, int e, int f, int g, int h, int i, int j, int k, int l)
{
  return leaf_add (a + b + c + d + e + f + g + h + i + j + k + l);
}

NOINLINE static long
by_value (struct wide w, int x)
{
  return leaf_add ((int) w.v[x % 13]);
}

NOINLINE static long
pass_many (int x)
{
  struct wide w;
  for (int i = 0; i < 13; i++)
    w.v[i] = x + i;
  return twelve (x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6, x + 7, x + 8, x + 9, x + 10, x + 11)
         + by_value (w, x);
}

/* Varargs: the variadic function calls on, and is called with many
   arguments. */
NOINLINE static int
vsum (int n, ...)
{
  va_list ap;
  int total = 0;
  va_start (ap, n);
  for (int i = 0; i < n; i++)
    total += leaf_add (va_arg (ap, int));
  va_end (ap);
  return total;
}

NOINLINE static int
call_vsum (int x)
{
  return vsum (10, x, x + 1, x + 2, x + 3, x + 4, x + 5, x + 6, x + 7, x + 8, x + 9);
}

/* Recursion: a callee at the bottom; alone; mutual. */
NOINLINE static int
down (int n)
{
  char pad[96];
  memset (pad, n, sizeof pad);
  KEEP (pad);
  if (n == 0)
    return leaf_buffer (pad[5]);
  return down (n - 1) * 3 + pad[n % 96];
}

NOINLINE static int
alone (int n)
{
  char pad[48];
  memset (pad, n, sizeof pad);
  KEEP (pad);
  if (n == 0)
    return pad[7];
  return alone (n - 1) * 5 + pad[n % 48];
}

NOINLINE static int odd (int n);

NOINLINE static int
even (int n)
{
  char pad[32];
  memset (pad, n, sizeof pad);
  KEEP (pad);
  if (n == 0)
    return leaf_add (pad[3]);
  return odd (n - 1) * 7 + pad[n % 32];
}

NOINLINE static int
odd (int n)
{
  char pad[160];
  memset (pad, n, sizeof pad);
  KEEP (pad);
  if (n == 0)
    return leaf_add (pad[3]);
  return even (n - 1) * 11 + pad[n % 160];
}

/* Calls through pointers. */
NOINLINE static int
via_a (int x)
{
  char buf[300];
  memset (buf, x, sizeof buf);
  KEEP (buf);
  return leaf_add (buf[x % 300]);
}

NOINLINE static int
via_b (int x)
{
  return leaf_buffer (x) + 1;
}

static int (*const volatile table[]) (int) = { via_a, via_b };

NOINLINE static int
dispatch (int x)
{
  int total = 0;
  for (int i = 0; i < 2; i++)
    total += table[i] (x);
  return total;
}

int
main (int argc, char **argv)
{
  int x = argc + (argv[0][0] == 0);

  (void) argv;
  printf ("chain %d\n", chain1 (x));
  printf ("big %d\n", big_arrays (x));
  printf ("many %ld\n", pass_many (x));
  printf ("varargs %d\n", call_vsum (x));
  printf ("down %d alone %d even %d\n", down (6), alone (9), even (7));
  printf ("pointers %d\n", dispatch (x));
  return 0;
}

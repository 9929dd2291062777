/* vars-1.c: variable names, types as C spells them, sizes, kinds.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
struct point { int x, y; };
typedef struct point point_t;
union u { int i; double d; };
enum color { RED, GREEN };

static int
sum (int n, ...)
{
  va_list ap;
  int s = 0;
  va_start (ap, n);
  for (int i = 0; i < n; i++)
    s += va_arg (ap, int);
  va_end (ap);
  return s;
}

static int
kinds (const char *msg, struct point by_value)
{
  char buf[64];
  point_t pt = { 1, 2 };
  point_t *pp = &pt;
  union u un;
  enum color c = GREEN;
  int matrix[3][4];
  const char *names[2] = { msg, msg };
  int (*fp) (int, ...) = sum;
  int scalar = 5;
  int *addr = &scalar;
  static int counter;
  extern int unused_extern;

  un.i = 3;
  memset (matrix, 0, sizeof matrix);
  snprintf (buf, sizeof buf, "%s", msg);
  KEEP (&by_value);
  KEEP (pp);
  KEEP (&un);
  KEEP (matrix);
  KEEP (names);
  KEEP (addr);
  counter++;
  return (buf[0] + pp->x + un.i + c + matrix[1][1] + (names[1] == msg)
          + fp (2, 1, 2) + *addr + by_value.y);
}

int
main (void)
{
  struct point p = { 3, 4 };
  int k = kinds ("hi", p);
  /* sum's call is main's own: no scheduling into kinds' inlined code.  */
  __asm__ __volatile__ ("" : : : "memory");
  printf ("%d %d\n", k, sum (2, 5, 6));
  return 0;
}

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that plain gcc -O2 keeps in memory what the source
   keeps there (it would otherwise fold kinds' structs, arrays and scalar
   away).  Lines up to 36 keep their numbers: the report gives them.  */

/* ownstring-1.c: a program that defines memset, memcpy, strlen and strnlen
 * itself (instrumented, as the rest of it).  The runtime's malloc,
 * realloc, strdup and strndup must not call them: glibc's do not, and each call
 * would count as an entry of the program's scope it never made.  Each
 * function counts its calls (volatile: glibc declares free and strdup
 * leaf functions, which the compiler trusts not to call back into this
 * file); main prints how many calls were made while it ran, which must be
 * the plain build's: the runtime's set-up before main calls memcpy and
 * strlen through GLib, as any library the program loads may.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* Declared here, not from <string.h>: a function declared in a system
 * header is left uninstrumented, and the report is to show these.  */
void *memset (void *s, int c, size_t n);
void *memcpy (void *restrict d, const void *restrict s, size_t n);
size_t strlen (const char *s);
size_t strnlen (const char *s, size_t max);
char *strdup (const char *s);
char *strndup (const char *s, size_t max);

static volatile unsigned long n_memset, n_memcpy, n_strlen, n_strnlen;

void *
memset (void *s, int c, size_t n)
{
  volatile unsigned char *p = s;

  n_memset++;
  while (n-- > 0)
    *p++ = (unsigned char) c;
  return s;
}

void *
memcpy (void *restrict d, const void *restrict s, size_t n)
{
  volatile unsigned char *q = d;
  const unsigned char *p = s;

  n_memcpy++;
  while (n-- > 0)
    *q++ = *p++;
  return d;
}

size_t
strlen (const char *s)
{
  volatile const char *p = s;

  n_strlen++;
  while (*p != '\0')
    p++;
  return (size_t) (p - s);
}

size_t
strnlen (const char *s, size_t max)
{
  volatile const char *p = s;

  n_strnlen++;
  while ((size_t) (p - s) < max && *p != '\0')
    p++;
  return (size_t) (p - s);
}

int
main (void)
{
  char buf[32];
  size_t total = 0;
  unsigned long at_start[4] = { n_memset, n_memcpy, n_strlen, n_strnlen };

  for (int i = 0; i < 100; i++)
    {
      char *a = malloc (100 + i);       /* malloc clears it (malloc_fill) */
      char *b = strdup ("memscope");    /* strlen and memcpy, in strdup */
      char *c = strndup ("memscope", 3);        /* strnlen and memcpy */
      char *d = realloc (malloc (40), 4000);    /* realloc clears what it adds */

      memset (a, 'x', 10);              /* the program's own calls: one each */
      memcpy (d, b, 9);
      total += strlen (d) + strnlen (c, 8);
      free (a);
      free (b);
      free (c);
      free (d);
    }
  memset (buf, 0, sizeof buf);
  printf ("%zu; memset %lu, memcpy %lu, strlen %lu, strnlen %lu\n",
          total, n_memset - at_start[0], n_memcpy - at_start[1],
          n_strlen - at_start[2], n_strnlen - at_start[3]);
  return 0;
}

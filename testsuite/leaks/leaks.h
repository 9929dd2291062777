/* leaks.h: helpers of the leak programs (testsuite/leaks/*.c, *.cc).
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both LeakSanitizer and memscope scan memory conservatively: a stale copy
 * of a pointer anywhere they look keeps its block.  So each program
 * allocates in functions of its own that return nothing, keeps what it
 * keeps in volatile or global places, and overwrites the dead stack below
 * main before it ends: what leaks is then known by construction. */
#ifndef LEAKS_H
#define LEAKS_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__ ((noinline, noclone))

/* The compiler must assume the memory at p is read and written here: the
 * allocation and the stores into it stay. */
static inline void
use (const void *p)
{
  __asm__ __volatile__ ("" : : "r" (p) : "memory");
}

/* Overwrites the dead stack below the caller (and the scratch registers). */
NOINLINE static void
clear_stack (void)
{
  char buf[64 * 1024];

  memset (buf, 0, sizeof buf);
  __asm__ __volatile__ ("" : : "r" (buf) : "memory");
}

/* n zeroed bytes: no stale pointer inside a fresh block. */
NOINLINE static void *
alloc (size_t n)
{
  void *p = malloc (n);

  memset (p, 0, n);
  use (p);
  return p;
}

/* Allocates n bytes and drops them: whatever registers the allocation
 * used are restored when this returns. */
NOINLINE static void
drop (size_t n)
{
  use (alloc (n));
}

#endif

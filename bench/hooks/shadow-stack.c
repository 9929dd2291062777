/* shadow-stack.c: the cheapest useful -finstrument-functions hooks.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The floor of any per-call tracking, for make bench (bench/lib.sh): each
 * thread keeps a stack of (function, call site) pairs in an initial-exec TLS
 * array; enter pushes, exit pops.  Built as a shared object, and called
 * through the GOT (the instrumented code is built with -fno-plt), as
 * libmemscope is.  Deeper calls than the array holds are counted, not
 * stored, so the pops stay balanced.
 */
#include <stddef.h>

#define DEPTH 4096

struct frame
{
  void *fn;
  void *site;
};

#define TLS __thread __attribute__ ((tls_model ("initial-exec"), visibility ("hidden")))

/* Not static: GCC would drop stores to an array that nothing reads. */
TLS struct frame shadow_stack[DEPTH];
TLS size_t shadow_top;

void __cyg_profile_func_enter (void *fn, void *site)
  __attribute__ ((no_instrument_function, visibility ("default")));
void __cyg_profile_func_exit (void *fn, void *site)
  __attribute__ ((no_instrument_function, visibility ("default")));

void
__cyg_profile_func_enter (void *fn, void *site)
{
  size_t t = shadow_top;

  if (__builtin_expect (t < DEPTH, 1))
    {
      shadow_stack[t].fn = fn;
      shadow_stack[t].site = site;
    }
  shadow_top = t + 1;
}

void
__cyg_profile_func_exit (void *fn, void *site)
{
  (void) fn;
  (void) site;
  shadow_top--;
}

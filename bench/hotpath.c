/* hotpath.c: the instrumentation entry points in tight loops, called from
 * this object as plugin-generated code calls them.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: hotpath MODE N
 *   empty              a call of an empty function (the C modes' baseline)
 *   pair, var          the C entry points: a block's enter and exit, without
 *                      and with a 64-byte array registered by __memscope_var
 *   recursion          a recursion calling them, 100 deep
 *   loop               the loop alone (the trampoline modes' baseline)
 *   tfn, tblock, tvar  the trampolines as the plugin calls them (lea of the
 *                      descriptor into %r11, call through the GOT): a
 *                      function's enter and exit, a block's without
 *                      variables, a block's with a counted 64-byte array
 * Prints nanoseconds per iteration; bench/hotpath.sh turns callgrind
 * instruction counts into instructions per event.  Built with
 * -mno-red-zone: the trampoline calls of the inline asm push below the
 * stack pointer, where GCC would otherwise keep data in a leaf function.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memscope-abi.h"

#define ABI MEMSCOPE_ABI_VERSION

static const __memscope_scope_desc fn_scope = { ABI, MEMSCOPE_SCOPE_FUNCTION, "loop", "hotpath.c", 1, 0, NULL, 0, 0, NULL };
static const __memscope_var_desc block_vars[] = { { "buf", "char[64]", "hotpath.c", 3, 0, 64 } };
static const __memscope_scope_desc block_scope = { ABI, MEMSCOPE_SCOPE_BLOCK, "loop", "hotpath.c", 2, 1, &fn_scope, 1, 0, block_vars };
static const __memscope_var_desc rec_vars[] = { { "frame", "int[4]", "hotpath.c", 5, 0, 16 } };
static const __memscope_scope_desc rec_scope = { ABI, MEMSCOPE_SCOPE_FUNCTION, "rec", "hotpath.c", 4, 0, NULL, 1, 0, rec_vars };

/* The trampolines' descriptors, in the cache slots the calls name. */
#define SLOT(s) ((s) << MEMSCOPE_SCOPE_SLOT_SHIFT)
static const __memscope_scope_desc t_fn_scope = {
  .abi_version = ABI, .kind = MEMSCOPE_SCOPE_FUNCTION, .function = "callee", .file = "hotpath.c",
  .line = 6, .flags = SLOT (0), .stack_frame = 8,
};
static const __memscope_scope_desc t_block_scope = {
  .abi_version = ABI, .kind = MEMSCOPE_SCOPE_BLOCK, .function = "loop", .file = "hotpath.c",
  .line = 7, .depth = 1, .parent = &fn_scope, .flags = SLOT (1),
};
static const __memscope_var_desc t_vars[] = {
  { "buf", "char[64]", "hotpath.c", 9, MEMSCOPE_VAR_IN_FRAME, 64, -80 },
};
static const __memscope_scope_desc t_var_scope = {
  .abi_version = ABI, .kind = MEMSCOPE_SCOPE_BLOCK, .function = "loop", .file = "hotpath.c",
  .line = 8, .depth = 1, .parent = &fn_scope, .nvars = 1, .flags = SLOT (2), .vars = t_vars,
  .counted_bytes = 64,
};

/* One trampoline call as the plugin emits it.  The _x kinds may clobber
 * %rax and %r10, the others only %r11 and the flags. */
#define TRAMP(name, desc)                                                 \
  __asm__ volatile ("lea %c0(%%rip), %%r11\n\t"                          \
                    "call *" name "@GOTPCREL(%%rip)"                      \
                    : : "i" (desc) : "r11", "rax", "r10", "cc", "memory")

__attribute__ ((noinline)) static void
empty (void)
{
  __asm__ volatile ("" ::: "memory");
}

__attribute__ ((noinline)) static unsigned
rec (unsigned n)
{
  int frame[4];
  unsigned r;

  __memscope_enter (&rec_scope);
  __memscope_var (&rec_vars[0], frame);
  frame[0] = n;
  __asm__ volatile ("" : : "r" (frame) : "memory");
  r = n ? rec (n - 1) + frame[0] : 0;
  __memscope_exit (&rec_scope);
  return r;
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "pair";
  long i, n = argc > 2 ? atol (argv[2]) : 10000000;
  char buf[64];
  double t0, t1;
  unsigned sink = 0;

  __memscope_enter (&fn_scope);   /* the loop runs inside a function scope */
  t0 = now ();
  if (strcmp (mode, "empty") == 0)
    for (i = 0; i < n; i++)
      empty ();
  else if (strcmp (mode, "pair") == 0)
    for (i = 0; i < n; i++)
      {
        __memscope_enter (&block_scope);
        __memscope_exit (&block_scope);
      }
  else if (strcmp (mode, "var") == 0)
    for (i = 0; i < n; i++)
      {
        __memscope_enter (&block_scope);
        __memscope_var (&block_vars[0], buf);
        __memscope_exit (&block_scope);
      }
  else if (strcmp (mode, "recursion") == 0)
    for (i = 0; i < n / 100; i++)
      sink += rec (99);
  else if (strcmp (mode, "loop") == 0)
    for (i = 0; i < n; i++)
      __asm__ volatile ("" ::: "memory");
  else if (strcmp (mode, "tfn") == 0)
    for (i = 0; i < n; i++)
      {
        TRAMP ("__memscope_tramp_enter_x_0", &t_fn_scope);
        TRAMP ("__memscope_tramp_exit_x", &t_fn_scope);
      }
  else if (strcmp (mode, "tblock") == 0)
    for (i = 0; i < n; i++)
      {
        TRAMP ("__memscope_tramp_enter_m_1", &t_block_scope);
        TRAMP ("__memscope_tramp_exit", &t_block_scope);
      }
  else if (strcmp (mode, "tvar") == 0)
    for (i = 0; i < n; i++)
      {
        TRAMP ("__memscope_tramp_enter_vm_2", &t_var_scope);
        TRAMP ("__memscope_tramp_exit", &t_var_scope);
      }
  else
    {
      fprintf (stderr, "unknown mode %s\n", mode);
      return 2;
    }
  t1 = now ();
  __memscope_exit (&fn_scope);
  printf ("%s: %.2f ns per iteration (%u)\n", mode, (t1 - t0) / n, sink);
  return 0;
}

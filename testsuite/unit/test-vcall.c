/* test-vcall.c: the program's vector registers survive the runtime's calls.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trampolines save only the general registers: a scope's enter can sit
 * where the compiled code keeps values in vector registers, which no call
 * of its own would allow.  The runtime's code that may touch them (libc,
 * GLib, a function the program defines in the runtime's place) runs
 * through ms_vcall, which saves the whole extended state around it: with
 * XSAVEC where the processor has it, else XSAVE, else FXSAVE.  Linked with
 * the static runtime, whose internal ms_vcall it calls as the trampolines
 * do, with ymm0-15 (and zmm16-31 under AVX-512) holding known bytes; the
 * function called sets every one of them.  Without ms_vcall in between,
 * the same call must change them, or the test could not fail.
 */
#include <glib.h>

#if !defined(__x86_64__)
int
main (void)
{
  g_print ("1..0 # SKIP ms_vcall is x86-64's\n");
  return 0;
}
#else
#include <cpuid.h>
#include <stdint.h>
#include <string.h>

extern uintptr_t ms_vcall (void *fn, uintptr_t a, uintptr_t b, uintptr_t c);

typedef struct
{
  guint8 ymm[16][32];
  guint8 zmm[16][64];            /* zmm16-31, under AVX-512 */
} Regs;

static gboolean have_avx512;

/* Sets every vector register to all ones, as code built with AVX would
 * leave them; returns its arguments' sum, which ms_vcall hands back. */
static uintptr_t
clobber (uintptr_t a, uintptr_t b, uintptr_t c)
{
  __asm__ volatile ("vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n\t"
                    "vmovdqa %%ymm0, %%ymm1\n\tvmovdqa %%ymm0, %%ymm2\n\tvmovdqa %%ymm0, %%ymm3\n\t"
                    "vmovdqa %%ymm0, %%ymm4\n\tvmovdqa %%ymm0, %%ymm5\n\tvmovdqa %%ymm0, %%ymm6\n\t"
                    "vmovdqa %%ymm0, %%ymm7\n\tvmovdqa %%ymm0, %%ymm8\n\tvmovdqa %%ymm0, %%ymm9\n\t"
                    "vmovdqa %%ymm0, %%ymm10\n\tvmovdqa %%ymm0, %%ymm11\n\tvmovdqa %%ymm0, %%ymm12\n\t"
                    "vmovdqa %%ymm0, %%ymm13\n\tvmovdqa %%ymm0, %%ymm14\n\tvmovdqa %%ymm0, %%ymm15"
                    ::: "memory");
  if (have_avx512)
    __asm__ volatile (".irp r, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n\t"
                      "vpternlogd $0xff, %%zmm\\r, %%zmm\\r, %%zmm\\r\n\t"
                      ".endr" ::: "memory");
  return a + b + c;
}

/* Loads IN into the registers, calls FN (a, b, c) (ms_vcall's signature)
 * with the stack aligned and the red zone stepped over, and stores the
 * registers into OUT: what a trampoline's caller would find after it. */
__attribute__ ((target ("avx512f"), noinline)) static uintptr_t
call_with (const Regs *in, Regs *out, void *fn, void *arg0, uintptr_t a, uintptr_t b)
{
  register void *rdi __asm__ ("rdi") = arg0;
  register uintptr_t rsi __asm__ ("rsi") = a;
  register uintptr_t rdx __asm__ ("rdx") = b;
  register uintptr_t rcx __asm__ ("rcx") = 3;
  uintptr_t ret;

  __asm__ volatile (".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
                    "vmovdqu \\i*32(%[in]), %%ymm\\i\n\t"
                    ".endr\n\t"
                    "testb %[wide], %[wide]\n\t"
                    "jz 1f\n\t"
                    ".irp i, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n\t"
                    "vmovdqu64 512+(\\i-16)*64(%[in]), %%zmm\\i\n\t"
                    ".endr\n"
                    "1:\n\t"
                    "movq %%rsp, %%rbx\n\t"
                    "subq $128, %%rsp\n\t"
                    "andq $-16, %%rsp\n\t"
                    "call *%[fn]\n\t"
                    "movq %%rbx, %%rsp\n\t"
                    ".irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
                    "vmovdqu %%ymm\\i, \\i*32(%[out])\n\t"
                    ".endr\n\t"
                    "testb %[wide], %[wide]\n\t"
                    "jz 2f\n\t"
                    ".irp i, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n\t"
                    "vmovdqu64 %%zmm\\i, 512+(\\i-16)*64(%[out])\n\t"
                    ".endr\n"
                    "2:"
                    : "+r" (rdi), "+r" (rsi), "+r" (rdx), "+r" (rcx), "=&a" (ret)
                    : [in] "r" (in), [out] "r" (out), [fn] "r" (fn), [wide] "q" ((char) have_avx512)
                    : "rbx", "r8", "r9", "r10", "r11", "memory", "cc",
                      "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                      "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
                      "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23",
                      "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", "xmm29", "xmm30", "xmm31");
  return ret;
}

static void
fill (Regs *r)
{
  for (gsize i = 0; i < sizeof *r; i++)
    ((guint8 *) r)[i] = (guint8) (i * 7 + 1);
}

static gboolean
have_avx (void)
{
  unsigned a, b, c, d;

  return __get_cpuid (1, &a, &b, &c, &d) && (c & bit_AVX) && (c & bit_OSXSAVE);
}

static void
test_kept (void)
{
  Regs in, out;

  if (!have_avx ())
    {
      g_test_skip ("no AVX");
      return;
    }
  fill (&in);
  memset (&out, 0, sizeof out);
  g_assert_cmpuint (call_with (&in, &out, (void *) ms_vcall, (void *) clobber, 1, 2), ==, 6);
  g_assert_cmpmem (out.ymm, sizeof out.ymm, in.ymm, sizeof in.ymm);
  if (have_avx512)
    g_assert_cmpmem (out.zmm, sizeof out.zmm, in.zmm, sizeof in.zmm);
}

/* The control: the same call without ms_vcall changes them. */
static void
test_control (void)
{
  Regs in, out;

  if (!have_avx ())
    {
      g_test_skip ("no AVX");
      return;
    }
  fill (&in);
  memset (&out, 0, sizeof out);
  g_assert_cmpuint (call_with (&in, &out, (void *) clobber, (void *) 1, 2, 3), ==, 6);
  for (int i = 0; i < 16; i++)
    for (int j = 0; j < 32; j++)
      g_assert_cmpuint (out.ymm[i][j], ==, 0xff);
  if (have_avx512)
    for (int i = 0; i < 16; i++)
      for (int j = 0; j < 64; j++)
        g_assert_cmpuint (out.zmm[i][j], ==, 0xff);
}

int
main (int argc, char **argv)
{
  unsigned a, b, c, d;

  g_test_init (&argc, &argv, NULL);
  have_avx512 = have_avx () && __get_cpuid_count (7, 0, &a, &b, &c, &d) && (b & bit_AVX512F)
                /* and the kernel saves the AVX-512 state: XCR0 bits 5-7 */
                && ({ unsigned lo, hi; __asm__ ("xgetbv" : "=a" (lo), "=d" (hi) : "c" (0)); (lo & 0xe0) == 0xe0; });
  g_test_message ("AVX-512: %s", have_avx512 ? "yes, zmm16-31 checked too" : "no");
  g_test_add_func ("/vcall/vector-registers-kept", test_kept);
  g_test_add_func ("/vcall/control-without-vcall", test_control);
  return g_test_run ();
}
#endif

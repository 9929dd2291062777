#!/bin/sh
# basic.sh: leaks of one thread: hidden pointers, globals, heap graphs, cycles, interior pointers, realloc chains, allocator variants, libc's own blocks.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each program's leak, known by construction, is written here: BYTES and
# BLOCKS.  See lib.sh for how each is checked against LeakSanitizer.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

#     name         source         bytes blocks  what
check hidden-1     hidden-1.c       102      3  "three pointers XORed into a global"
check hidden-2     hidden-2.c       192      8  "a list whose head is XORed"
check globals-1    globals-1.c      112      2  "kept by a global pointer, array and struct field"
check globals-2    globals-2.c      256      1  "kept from .bss and .data"
check interior-1   interior-1.c     196      3  "interior pointers keep, one past the end does not"
check unaligned-1  unaligned-1.c    144      2  "unaligned pointers keep nothing"
check heap-1       heap-1.c         192      3  "chains of blocks, kept and dropped"
check heap-2       heap-2.c         480     15  "a dropped tree, a kept one"
check heap-3       heap-3.c          56      1  "a block shared by a leaked and a kept one"
check cycles-1     cycles-1.c       464     12  "unreachable cycles"
check cycles-2     cycles-2.c       264      7  "a self-pointer, a dropped doubly linked list"
check lists-1      lists-1.c        240     20  "a dropped list with strdup'ed names"
check lists-2      lists-2.c         17      1  "a strdup overwritten in a kept list"
check realloc-1    realloc-1.c     4096      1  "a realloc chain to 4096 bytes, dropped"
check realloc-2    realloc-2.c      100      3  "realloc shrinking, from NULL, reallocarray"
check calloc-1     calloc-1.c       120      1  "calloc"
check aligned-1    aligned-1.c      356      2  "posix_memalign, aligned_alloc, memalign"
check many-1       many-1.c       32020   1000  "a thousand blocks dropped, a thousand kept"
check libc-1       libc-1.c         164      2  "open streams and setenv stay reachable, getline's buffer leaks"
check mmap-1       mmap-1.c         200      1  "a pointer only in the program's own mapping"
check tls-1        tls-1.c           88      1  "main's __thread and pthread_setspecific values keep"
check peak-1       peak-1.c         300      3  "a working set freed after its peak"
check peak-3       peak-3.c         528      6  "working sets of 8, 200 and 56 bytes, freed: the next chunk starts in the last block"
check suppress-1   suppress-1.c     188      3  "leaks from three functions (suppressions.sh)"
check reuse-1      reuse-1.c       4400    110  "pointers left in freed bytes, and in a realloc's tail, that kept blocks reuse"
check links-1      links-1.c      17720      5  "glibc's free-list links in blocks handed out again"
check environ-1    environ-1.c       24      1  "putenv over a starting variable: the pointer in envp, past the stack's last page"

# malloc_fill: less of reuse-1's leak is found where fewer bytes of new
# blocks are cleared.  glibc hands a freed 64- or 200-byte holder to the
# next block of its size (its per-thread cache is last in, first out):
# malloc_fill=0 finds neither size's 25 blocks, malloc_fill=64 the 64-byte
# holders' but not the 200-byte ones'.  The larger holders and the shrunk
# one's tails are reused as the heap's layout has it: each finds 0 to 60
# more.  And links-1's blocks are kept by glibc's links with malloc_fill=0
# (but perhaps the first, whose layout what was freed before main decides).
for fill in 0 64; do
  rm -f reuse-1.fill.json
  MEMSCOPE_OPTIONS="output=$tap_tmp/reuse-1.fill.json:malloc_fill=$fill" ./reuse-1-ms
  low=$([ "$fill" = 0 ] && echo 0 || echo 25)
  is "$(jq -r --argjson low "$low" '.heap.leaked_blocks | . >= $low and . <= $low + 60' \
          reuse-1.fill.json 2>&1)" true \
    "reuse-1: malloc_fill=$fill finds $low to $((low + 60)) of the 110 blocks"
done
# The test environment's MALLOC_PERTURB_ has glibc fill what its malloc
# hands out, past its per-thread cache (as links-1's sizes are), which
# clears the links too: links-1 runs without it here.
for fill in 0 4096; do
  rm -f links-1.fill.json
  env -u MALLOC_PERTURB_ MEMSCOPE_OPTIONS="output=$tap_tmp/links-1.fill.json:malloc_fill=$fill" ./links-1-ms
  if [ "$fill" = 0 ]; then
    is "$(jq -r '.heap.leaked_blocks <= 1' links-1.fill.json 2>&1)" true \
      "links-1, without MALLOC_PERTURB_: malloc_fill=0 finds at most 1 of the 5 blocks (glibc's links keep them)"
  else
    is "$(jq -r '.heap.leaked_blocks' links-1.fill.json 2>&1)" 5 \
      "links-1, without MALLOC_PERTURB_: malloc_fill=$fill finds the 5 blocks"
  fi
done

done_testing

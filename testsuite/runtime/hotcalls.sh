#!/bin/sh
# hotcalls.sh: what the hot path's C code calls outside the library.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# runtime/hotpath.c runs from the trampolines, which save only the general
# registers: it is compiled with -mgeneral-regs-only, and whatever it calls
# that may touch the vector registers (libc, the vDSO) must go through
# ms_vcall, which saves the whole extended state.  A compiler may also call
# libc where the source does not (a struct copy becomes memcpy under some
# -mtune).  Every call from hotpath.c's code to a function it does not
# define is listed here with the reason it is safe; a new one fails until
# it is looked at and added.
. "$top_srcdir/testsuite/tap.sh"

lib=$top_builddir/runtime/.libs/libmemscope-hot.a
command -v objdump >/dev/null 2>&1 || skip_all "objdump not installed (binutils)"
[ -f "$lib" ] || skip_all "no $lib (a build without the hot path's own library)"
case $(uname -m) in x86_64) ;; *) skip_all "the trampolines are x86-64 only" ;; esac

# FUNCTION CALLEE: why it is safe.
allowed='
ms_tramp_owner_c ms_heap_owner_note
thread_init __errno_location
thread_init pthread_sigmask
thread_init sigfillset
thread_init sigdelset
enter_slow sigaltstack
map_noreserve mmap
ms_map_huge mmap
ms_map_huge munmap
ms_map_huge madvise
ms_now_ns clock_gettime
ticks_pair clock_gettime
ms_ticks_scale memcpy
ms_ticks_scale pthread_mutex_lock
ms_ticks_scale pthread_mutex_unlock
thread_setup clock_gettime
thread_setup getrlimit
thread_setup gettid
thread_setup mmap
thread_setup munmap
thread_setup pthread_once
thread_setup pthread_self
thread_setup pthread_setspecific
thread_setup syscall
thread_key_create pthread_key_create
ms_thread_teardown clock_gettime
ms_thread_teardown munmap
ms_thread_teardown pthread_sigmask
ms_thread_teardown sigdelset
ms_thread_teardown sigfillset
sigaltstack __errno_location
sigaltstack syscall
setcontext dlsym
swapcontext dlsym
'
# Why: ms_heap_owner_note is this library's general-registers-only code
# (a program's own __memscope_heap_owner goes through ms_vcall);
# thread_init's signal mask calls are system calls and bit operations (as
# is sigaltstack's syscall, which the enter that finds an alternate stack
# makes); mmap,
# munmap and madvise, the clock and thread_setup's calls run under ms_vcall
# (arena_alloc, thread_init, trace_record) or from ordinary C (a snapshot,
# a thread's teardown from its key destructor, the interposers called by
# the program; ms_ticks_scale is a snapshot's).  ms_vcall itself, and the trampolines, are the hot
# library's own code.

so=$top_builddir/runtime/.libs/libmemscope.so
[ -f "$so" ] || skip_all "no $so (a static-only build)"
# The functions hotpath.c defines (the hot library's own archive), then
# every call or jump of theirs in the shared library to a function it does
# not define: FUNCTION CALLEE, the compiler's suffixes (.part.0,
# .constprop.0, .cold) and the linker's (@plt, @GLIBC_2.2.5) taken off.
objdump -d --no-show-raw-insn "$lib" >"$tap_tmp/own.dis" 2>"$tap_tmp/err"
objdump -d --no-show-raw-insn "$so" >"$tap_tmp/so.dis" 2>>"$tap_tmp/err"
ok "objdump reads the hot library and libmemscope.so" test -s "$tap_tmp/own.dis" -a -s "$tap_tmp/so.dis"
awk '/^[0-9a-f]+ <[^>]*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); sub(/\..*/, "", fn); print fn }' \
  "$tap_tmp/own.dis" | sort -u >"$tap_tmp/own"
awk -v ownfile="$tap_tmp/own" '
  BEGIN { while ((getline l < ownfile) > 0) own[l] = 1 }
  /^[0-9a-f]+ <[^>]*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); sub(/\..*/, "", fn); next }
  (fn in own) && /\t(call|jmp)/ && match($0, /<[^>]*>/) {
    callee = substr($0, RSTART + 1, RLENGTH - 2)
    sub(/[-+]0x[0-9a-f]+$/, "", callee); sub(/@.*/, "", callee); sub(/\..*/, "", callee)
    if (!(callee in own) || callee == "sigaltstack")
      print fn, callee
  }' "$tap_tmp/so.dis" | sort -u >"$tap_tmp/outside"
printf '%s\n' "$allowed" | sed '/^$/d' | sort -u >"$tap_tmp/allowed"
ok "hotpath.c calls functions outside it ($(wc -l <"$tap_tmp/outside") pairs)" test -s "$tap_tmp/outside"
comm -23 "$tap_tmp/outside" "$tap_tmp/allowed" >"$tap_tmp/new"
if [ -s "$tap_tmp/new" ]; then
  diag "not in the list (add each with its reason, or go through ms_vcall):" "$(cat "$tap_tmp/new")"
fi
ok "every call out of the hot path's code is one known to be safe" test ! -s "$tap_tmp/new"
# A context is made from the trampolines without ms_vcall: its code calls
# nothing outside the hot library.
ok "node_alloc_cold and arena_alloc call nothing outside the hot library" \
  test -z "$(grep -E '^(node_alloc_cold|arena_alloc) ' "$tap_tmp/outside")"
done_testing

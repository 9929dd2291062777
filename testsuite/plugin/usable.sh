#!/bin/sh
# testsuite/plugin/usable.sh: the bytes malloc_usable_size grants past a
# block's size survive realloc, as with glibc alone (usable-1.c).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

for opt in -O0 -O2; do
  exe=usable-1$opt
  compile $exe usable-1.c $opt -pthread || continue
  run_report $exe || continue
  same_output $exe "kept: 64 of 64, then 64 of 64" 0
  is "$(cat "$work/$exe.err")" "" "$exe: nothing on stderr"
  check $exe.json "no leak" '.heap.leaked_blocks' '0'
done

done_testing

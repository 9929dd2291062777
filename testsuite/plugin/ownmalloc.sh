#!/bin/sh
# testsuite/plugin/ownmalloc.sh: a program with a malloc family of its own
# (bash's lib/malloc, or tcmalloc linked before the runtime).  The
# runtime's strdup, strndup, reallocarray and operator new must then be
# glibc's and libstdc++'s, which call the program's malloc: the program's
# free gets its own blocks.  Before, they allocated from glibc through the
# runtime, and the program's free aborted (bash: `echo ~nosuchuser`,
# `bash -i`, both SIGABRT).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

for opt in -O0 -O2; do
  exe=ownmalloc-1$opt
  compile $exe ownmalloc-1.c $opt || continue
  run_report $exe strdup strndup reallocarray || continue
  same_output $exe "strdup: hello, 1 block of its own
strndup: hello, 1 block of its own
reallocarray: hello, 1 block of its own" 0
  is "$(cat "$work/$exe.err")" "" "$exe: nothing on stderr"

  exe=ownmalloc-2$opt
  compile $exe ownmalloc-2.cc $opt || continue
  run_report $exe || continue
  same_output $exe "7 8 100, 6 blocks of its own" 0
  is "$(cat "$work/$exe.err")" "" "$exe: nothing on stderr"
done

done_testing

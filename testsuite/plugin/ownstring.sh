#!/bin/sh
# testsuite/plugin/ownstring.sh: a program that defines memset, memcpy,
# strlen and strnlen itself.  The runtime's malloc (clearing the block,
# malloc_fill), realloc, strdup and strndup must call glibc's, as
# glibc's own do, not the program's: before, the program's functions ran
# 300, 200, 100 and 100 times more than it called them (the runtime then
# cleared blocks in free), each call an entry
# of their scopes in the report.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

want="1100; memset 101, memcpy 100, strlen 100, strnlen 100"
for opt in -O0 -O2; do
  exe=ownstring-1$opt
  compile $exe ownstring-1.c $opt -fno-builtin || continue
  run_report $exe || continue
  same_output $exe "$want" 0
  is "$(cat "$work/$exe.err")" "" "$exe: nothing on stderr"
  check $exe.json "the scopes' entries are the program's own calls" \
    '[R.scopes[] | [.name, .entries]] | sort' \
    '[["main",1],["memcpy",100],["memset",101],["strlen",100],["strnlen",100]]'
done

done_testing

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
  # The runtime's calls to the program's malloc while it sets up a thread
  # are lost events (README, Limits): summary=1 says as many as the report.
  lost=$(jq '[.threads[].lost_events] | add' "$work/$exe.json")
  line=$(cd "$work" && MEMSCOPE_OPTIONS=output=none:summary=1 "./$exe" strdup strndup reallocarray 2>&1 >/dev/null | grep 'not counted')
  if [ "$lost" = 0 ]; then
    is "$line" "" "$exe: no lost event, and summary=1 says none"
  else
    is "$line" "memscope: not counted: $lost lost events, 0 unmatched exits; memscope threads shows where" \
      "$exe: summary=1 counts the report's $lost lost events"
  fi

  # The runtime's own allocations, as it sets the thread up and takes
  # memscope_dump's snapshots, are not the program's: carve counts main's
  # two strdups and pthread_create's (the new thread's TLS, glibc's on the
  # program's behalf), the thread's strdup, and nothing is lost.  Before,
  # the snapshots' allocations counted as main's calls too (135 in all), and
  # the set-ups' as 31 lost events.
  exe=ownmalloc-3$opt
  compile $exe ownmalloc-3.c $opt || continue
  run_report $exe || continue
  same_output $exe "onetwo" 0
  is "$(cat "$work/$exe.err")" "" "$exe: nothing on stderr"
  check $exe.json "carve's calls: main's three, the thread's one; no event lost" \
    '[([R.contexts[] | select(.scope == sid("carve") and .parent != null)
        | [sname(ctx(.parent).scope), .entries]] | sort),
      [R.threads[] | .lost_events, .unmatched_exits]]' \
    '[[["main",3],["worker",1]],[0,0,0,0]]'
  check $exe.json "no call of carve at the worker thread's root" \
    '[R.contexts[] | select(.scope == sid("carve") and .parent == null) | .threads[]] | index(2)' \
    'null'

  exe=ownmalloc-2$opt
  compile $exe ownmalloc-2.cc $opt || continue
  run_report $exe || continue
  same_output $exe "7 8 100, 6 blocks of its own" 0
  is "$(cat "$work/$exe.err")" "" "$exe: nothing on stderr"
done

# valgrind's memcheck redirects the runtime's malloc and free to its own,
# but not reallocarray: the runtime sees it (vgpreload_memcheck), leaves the
# heap to it and sends strdup, strndup and reallocarray to glibc's.  Before,
# memcheck found an invalid free (a block with the runtime's header freed
# by memcheck's free) and invalid reads (the owner of s looked for below
# the block): GNU sed's tests that run under valgrind failed.
if command -v valgrind >/dev/null 2>&1; then
  compile valgrind-1 valgrind-1.c -O2 &&
  {
    (cd "$work" && MEMSCOPE_OPTIONS="output=$work/valgrind-1.json" \
       valgrind -q --error-exitcode=99 ./valgrind-1 >valgrind-1.out 2>valgrind-1.err)
    is "$?:$(cat "$work/valgrind-1.out")" "0:hello world 0" "under memcheck: the output, no error found"
    is "$(cat "$work/valgrind-1.err")" "" "under memcheck: nothing on stderr"
    check valgrind-1.json "under memcheck: the heap left to valgrind, main's scope balanced" \
      '[.heap.enabled, .threads[0].unmatched_exits, .threads[0].lost_events, ([R.scopes[] | .name])]' \
      '[false,0,0,["main"]]'
  }
else
  tap_result 0 "under memcheck # SKIP valgrind is not installed"
fi

done_testing

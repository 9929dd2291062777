#!/bin/sh
# pthread-exit-1.sh: reproducer of pthread-exit-1.c (see its header).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The runtime closes the scopes such a thread left open when it ends, and
# counts them (closed_at_thread_exit).
. "$top_srcdir/testsuite/tap.sh"
export MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so"
export MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs"
src=$top_srcdir/testsuite/real/repro/pthread-exit-1.c

for o in 0 2; do
  ok "pthread-exit-1.c builds at -O$o" \
    "$top_builddir/tools/memscope-gcc" -O$o -g "$src" -o "$tap_tmp/p$o"
  MEMSCOPE_OPTIONS=output=$tap_tmp/p$o.json "$tap_tmp/p$o" >"$tap_tmp/p$o.out"
  is "$(cat "$tap_tmp/p$o.out")" "joined" "pthread-exit-1 runs at -O$o"
  jq_is "$tap_tmp/p$o.json" '[.threads[] | select(.is_active | not)] | length' 1 \
    "-O$o: the worker is reported ended"
  jq_is "$tap_tmp/p$o.json" '[.threads[] | select(.is_active | not) | .open_scopes] | add' 0 \
    "-O$o: the worker that called pthread_exit is balanced"
  # leave's and worker's scopes, closed when the thread ended.
  jq_is "$tap_tmp/p$o.json" '[.threads[] | select(.is_active | not) | .closed_at_thread_exit] | add' 2 \
    "-O$o: the two scopes pthread_exit left open are closed at the thread's end"
done
done_testing

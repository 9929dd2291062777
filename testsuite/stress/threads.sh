#!/bin/sh
# threads.sh: 1,000 short-lived threads, a thread pool, detached threads
# still running at exit, pthread_exit and pthread_cancel inside scopes.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stress/lib.sh"
cd "$tap_tmp" || exit 1

# 1,000 threads, 50 at a time; each: worker > outer > 3 x ({block} >
# inner), inner allocating two blocks and freeing them.
if build t1 threads-1.c -O2 && build_plain t1p threads-1.c -O2; then
  MEMSCOPE_OPTIONS=output=t1.json ./t1 >t1.out 2>t1.err
  is "$?" 0 "1,000 threads: exit status"
  is "$(cat t1.out)" "$(./t1p)" "1,000 threads: output unchanged"
  is "$(cat t1.err)" "" "1,000 threads: nothing on stderr"
  jq_is t1.json '[(.threads | length), (.threads | map(.tid) | unique | length), (.threads | map(.id) | unique | length)]' \
    '[1001,1001,1001]' "1,000 threads: each thread once, with its own tid and id"
  jq_is t1.json "$balanced" 0 "1,000 threads: every thread balanced"
  jq_is t1.json '[.threads[1:][] | [.is_active, .scopes_entered, .variables_registered, .total_allocations, .total_deallocations, .current_memory]] | group_by(.) | map([length, .[0]])' \
    '[[1000,[false,8,6,6,6,0]]]' "1,000 threads: ended, exact scope, variable and heap counts for each"
  jq_is t1.json '[.threads[0] | .is_active, .open_scopes]' '[true,0]' "1,000 threads: main thread still active, balanced"
  # inner allocates 16 + (seed + i) % 32 and 100 bytes, seed 0..999, i 0..2
  bytes=$(awk 'BEGIN { for (s = 0; s < 1000; s++) for (i = 0; i < 3; i++) t += 116 + (s + i) % 32; print t }')
  jq_is t1.json '[.contexts[] | select(.heap_allocations > 0 and .parent != null) | [.entries, .heap_allocations, .heap_bytes, .heap_live_bytes, .is_active]]' \
    "[[3000,6000,$bytes,0,false]]" "1,000 threads: merged context totals, heap bytes exact"
  jq_is t1.json '[.contexts[] | select(.parent == null) | .entries] | sort' '[1,1000]' "1,000 threads: one root context for all workers"
fi

# A pool of 4 workers and a queue of 2,000 jobs.
if build t2 threads-2.c -O2 && build_plain t2p threads-2.c -O2; then
  MEMSCOPE_OPTIONS=output=t2.json ./t2 >t2.out 2>t2.err
  is "$?" 0 "pool: exit status"
  is "$(cat t2.out)" "$(./t2p)" "pool: output unchanged"
  jq_is t2.json '[(.threads | length), (.threads | map(.tid) | unique | length)]' '[5,5]' "pool: five threads, once each"
  jq_is t2.json "$balanced" 0 "pool: every thread balanced"
  jq_is t2.json '[.threads[1:][] | .is_active] | unique' '[false]' "pool: workers ended"
  jq_is t2.json '[.scopes[] | select(.name == "run_job" or .name == "worker" or .name == "take") | [.name, .entries]] | sort' \
    '[["run_job",2000],["take",2004],["worker",4]]' "pool: every job and every queue take counted once"
  jq_is t2.json '[.contexts[] | select(.heap_allocations > 0 and .parent != null) | [.entries, .heap_allocations, .heap_live_bytes]]' \
    '[[4000,4000,0]]' "pool: the job block allocated and freed 4,000 times"
  jq_is t2.json '[([.threads[1:][] | .scopes_entered] | add), ([.threads[1:][] | .total_allocations] | add)]' \
    '[8008,4000]' "pool: per-thread counts add up"
fi

# Detached threads parked three scopes deep when main returns.
if build t3 threads-3.c -O2; then
  MEMSCOPE_OPTIONS=output=t3.json ./t3 >t3.out 2>t3.err
  is "$?" 0 "detached: exit status"
  is "$(cat t3.out)" "3 parked" "detached: output"
  jq_is t3.json '[.threads[1:][] | [.is_active, .open_scopes, .unmatched_exits, .lost_events]]' \
    '[[true,3,0,0],[true,3,0,0],[true,3,0,0]]' "detached: three threads marked active, three scopes open each"
  jq_is t3.json '[.threads[0] | .open_scopes, .unmatched_exits]' '[0,0]' "detached: main balanced"
  jq_is t3.json '[.contexts[] | select(.is_active) | .entries]' '[3,3,3]' "detached: their open contexts marked active"
  jq_is t3.json '[.variables[] | select(.live > 0) | [.name, .live]] | sort' '[["deep",3],["slot",3]]' "detached: their live variables"
fi

# pthread_exit three scopes deep, pthread_cancel of a thread blocked three
# scopes deep.  The scopes are closed when the thread ends and counted in
# closed_at_thread_exit, with -fexceptions too: the exits are placed in
# the compiled code as plain gcc -O2 leaves it, and its code for these C
# functions has no landing pad (no cleanup to run) even with -fexceptions,
# so the forced unwinding runs nothing of theirs.
for f in -fno-exceptions -fexceptions; do
  if build t4$f threads-4.c -O2 $f; then
    MEMSCOPE_OPTIONS=output=t4$f.json ./t4$f >t4.out 2>t4.err
    is "$?" 0 "exit/cancel $f: exit status"
    is "$(cat t4.out)" 410 "exit/cancel $f: output"
    jq_is t4$f.json '[(.threads | length), (.threads | map(.tid) | unique | length)]' '[9,9]' "exit/cancel $f: nine threads, once each"
    jq_is t4$f.json '[.threads[] | [.unmatched_exits, .lost_events]] | unique' '[[0,0]]' "exit/cancel $f: no unmatched exit, no lost event"
    open=3
    jq_is t4$f.json '[.threads[1:][] | [.is_active, .open_scopes, .closed_at_thread_exit, .scopes_entered]] | sort' \
      "[[false,0,$open,3],[false,0,$open,3],[false,0,$open,3],[false,0,$open,3],[false,0,$open,4],[false,0,$open,4],[false,0,$open,4],[false,0,$open,4]]" \
      "exit/cancel $f: ended threads balanced, $open scopes closed at their end"
    jq_is t4$f.json '[.contexts[] | select(.is_active)] | length' 0 "exit/cancel $f: no context left active"
    jq_is t4$f.json '[.variables[] | select(.live > 0)] | length' 0 "exit/cancel $f: no variable left live"
  fi
done

done_testing

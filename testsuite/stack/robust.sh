#!/bin/sh
# robust.sh: function entries away from a thread's own stack (a signal
# handler on an alternate stack, makecontext/swapcontext coroutines on
# stacks of their own) are counted in stack_off_entries and leave the
# thread's figures as its own stack gives them; a thread on a stack the
# program allocated itself (pthread_attr_setstack) measures that stack.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# robust-1.c: the main thread runs main > run > recurse x 500 on its own
# stack; SIGUSR1, 3 times on memscope's alternate stack and 3 times on the
# program's (malloc), each on_usr1 > sig_helper > sig_recurse x 20; two
# coroutines (stacks from malloc and mmap), each co_main > 4 x (co_step >
# co_recurse x 30); a thread on a 192 KiB stack from malloc runs
# own > run > recurse x 100.  The stack figures are worked out as in
# threads.sh: above (printed by the program) + the .su frames.
#
# The figures read from the thread's stack only: an entry counts when its
# stack pointer lies within the stack's bounds (pthread attributes).
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stack/lib.sh"
cd "$tap_tmp" || exit 1

field() {
  awk -v who="$2" -v n="$3" '$1 == who { print $n }' "$1"
}

off='["co_main","co_recurse","co_step","on_usr1","sig_helper","sig_recurse"]'
off_entries=$((2 * 3 * (2 + 20) + 2 * (1 + 4 * (1 + 30))))

build_plain plain robust-1.c -O2
for opt in O0 O2; do
  build $opt robust-1.c -$opt || continue
  (cd $opt && MEMSCOPE_OPTIONS=output=r.json ./robust-1 >out 2>err)
  is "$?/$(cat $opt/err)" "0/" "-$opt: exit status, nothing on stderr"
  is "$(grep result $opt/out)" "$(plain/robust-1-plain | grep result)" "-$opt: the program's results unchanged"
  j=$opt/r.json
  su_rec=$(su $opt/robust-1.su recurse | cut -d' ' -f1)
  su_run=$(su $opt/robust-1.su run | cut -d' ' -f1)
  su_main=$(su $opt/robust-1.su main | cut -d' ' -f1)
  su_own=$(su $opt/robust-1.su own | cut -d' ' -f1)

  jq_is $j "[.scopes[] | select(.name as \$n | $off | index(\$n)) | .entries] | add" $off_entries \
    "-$opt: the handler's and the coroutines' function entries, $off_entries by construction"
  main_used=$(($(field $opt/out main 5) + su_main + su_run + 499 * su_rec))
  own_used=$(($(field $opt/out own 5) + su_own + su_run + 99 * su_rec))
  jq_is $j '[.threads[] | [.stack_size, .stack_used_peak, .stack_off_entries, .open_scopes, .unmatched_exits, .lost_events]]' \
    "[[$(field $opt/out main 3),$main_used,$off_entries,0,0,0],[196608,$own_used,0,0,0,0]]" \
    "-$opt: main thread: its own stack's figures, every entry off it counted apart; the thread on its malloc'd stack: that stack's"
  is "$(context_path $j "$(jq '.threads[0].stack_used_peak_context' $j)")/$(context_path $j "$(jq '.threads[1].stack_used_peak_context' $j)")" \
    "main > run > recurse/own > run > recurse" "-$opt: each thread's deepest context on its own stack"
  jq_is $j "(.scopes | map({key: (.id | tostring), value: .name}) | from_entries) as \$n |
            [.contexts[] | select(\$n[.scope | tostring] as \$s | $off | index(\$s)) | [.stack_used_peak, .stack_depth]] | unique" \
    '[[null,null]]' "-$opt: contexts entered only off the thread's stack have no stack figures"
  jq_is $j '.threads[0].stack_size as $size | [.contexts[] | select(.stack_depth != null and (.stack_depth > $size or .stack_used_peak > $size))] | length' \
    0 "-$opt: no context's figure beyond the stack's size"
  jq_is $j '[.scopes[] | select(.stack_frame_bytes > 0) | [.name, .stack_frame_bytes]] | sort' \
    "[[\"main\",$su_main],[\"own\",$su_own],[\"recurse\",$su_rec],[\"run\",$su_run]]" \
    "-$opt: the frames measured: those of the functions that called others (or themselves) on the thread's stack, as -fstack-usage says"
done

# robust-2.c: a thread on a stack above its own (mapped before the thread
# was created), in a context it entered on its own stack first.  "signal":
# SIGUSR1 5 times on an alternate stack there, its handler (not
# instrumented) calling work: loop > work, 1 + 5 entries, 5 of them off the
# stack.  "coroutine": loop > co > work on the thread's stack, then 3
# coroutines there starting at co: 1 + 3 entries each, 6 off the stack.
# The fast paths would take such an entry for one on the thread's stack:
# sigaltstack and swapcontext send the thread to the slow path instead.
build_plain plain2 robust-2.c -O2
if build r2 robust-2.c -O2; then
  for mode in signal coroutine; do
    (cd r2 && MEMSCOPE_OPTIONS=output=$mode.json ./robust-2 $mode >$mode.out 2>$mode.err)
    is "$?/$(cat r2/$mode.err)" "0/" "$mode: exit status, nothing on stderr"
    is "$(cat r2/$mode.out)" "$(plain2/robust-2-plain $mode)" "$mode: the program's output unchanged"
    where=$(head -1 r2/$mode.out)
    if [ "${where% the thread*}" = "${where%% *} stack above" ]; then
      j=r2/$mode.json
      case $mode in
        signal) deepest="thread_main > loop > work" entries='[["work",6]]' off=5 ;;
        coroutine) deepest="thread_main > loop > co > work" entries='[["co",4],["work",4]]' off=6 ;;
      esac
      is "$(context_path $j "$(jq '.threads[1].stack_used_peak_context' $j)")/$(jq -c '[.threads[1] | .open_scopes, .unmatched_exits]' $j)" \
        "$deepest/[0,0]" "$mode: the deepest context, on the thread's own stack; nothing left open or unmatched"
      jq_is $j '[.scopes[] | select(.name == "work" or .name == "co") | [.name, .entries]] | sort' "$entries" \
        "$mode: every entry counted, on the thread's stack and above it"
      jq_is $j '.threads[1].stack_off_entries' $off "$mode: the $off function entries above the thread's stack counted apart"
      jq_is $j '.threads[1] | .stack_used_peak < .stack_size' true "$mode: the thread's peak within its own stack"
    else
      for n in 1 2 3 4; do
        tap_result 0 "# SKIP $mode: the stack was not mapped above the thread's stack"
      done
    fi
  done
fi

done_testing

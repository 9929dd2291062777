#!/bin/sh
# threads.sh: each thread's stack as memscope reports it: its size (the
# pthread attributes; the main thread's from its stack limit, as glibc
# gives it), the most of it in use at a function entry, worked out exactly
# from the -fstack-usage figures of a recursion of known depth, and the
# context that went deepest; stack_warn=PERCENT; and a recursion that
# overflows a small thread stack and the main thread's.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A thread's stack_used_peak runs from the top of its stack to the stack
# pointer at its deepest function entry.  The programs print, for each
# thread, its stack's size and "above": from the top of the stack to the
# stack pointer at the entry of the thread's first function (which
# __builtin_dwarf_cfa gives them).  Below that entry, each function's
# frame is its .su figure (testsuite/stack/frames.sh), so for
# first > run > recurse x DEPTH, the deepest entry being recurse's last:
#   stack_used_peak = above + su(first) + su(run) + (DEPTH - 1) * su(recurse)
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stack/lib.sh"
cd "$tap_tmp" || exit 1
ulimit -c 0

# field OUTPUT WHO N: the Nth word of WHO's line in a program's output.
field() {
  awk -v who="$2" -v n="$3" '$1 == who { print $n }' "$1"
}

# words BYTES: a size as the stack_warn lines give it.
words() {
  if [ $(($1 % 1048576)) = 0 ]; then echo "$(($1 / 1048576)) MiB"; else echo "$(($1 / 1024)) KiB"; fi
}

# thread_is JSON ID EXPECTED-JSON DESCRIPTION: stack_size, stack_used_peak,
# the path of stack_used_peak_context and stack_off_entries of thread ID.
thread_is() {
  t_ctx=$(jq --argjson id "$2" '.threads[] | select(.id == $id) | .stack_used_peak_context' "$1")
  t_path=$(context_path "$1" "$t_ctx")
  is "$(jq -c --argjson id "$2" --arg path "$t_path" \
        '.threads[] | select(.id == $id) | [.stack_size, .stack_used_peak, $path, .stack_off_entries]' "$1")" \
    "$3" "$4"
}

# ---- created threads with small stacks, the main thread ------------------
for opt in O0 O2; do
  build $opt threads-1.c -$opt || continue
  (cd $opt && MEMSCOPE_OPTIONS=output=t.json ./threads-1 >out 2>err)
  is "$?" 0 "-$opt: exit status"
  is "$(cat $opt/err)" "" "-$opt: nothing on stderr"
  su_rec=$(su $opt/threads-1.su recurse | cut -d' ' -f1)
  su_run=$(su $opt/threads-1.su run | cut -d' ' -f1)
  su_worker=$(su $opt/threads-1.su worker | cut -d' ' -f1)
  su_main=$(su $opt/threads-1.su main | cut -d' ' -f1)
  j=$opt/t.json
  # smaller: 128 KiB, 100 deep (thread 2); small: 256 KiB, 300 deep
  # (thread 3); main: 1,000 deep.
  id=2
  for t in smaller:131072:100 small:262144:300; do
    name=${t%%:*} depth=${t##*:} size=${t#*:}
    size=${size%:*}
    is "$(field $opt/out $name 3)" $size "-$opt: $name: glibc gives the thread the stack size asked for"
    above=$(field $opt/out $name 5)
    used=$((above + su_worker + su_run + (depth - 1) * su_rec))
    thread_is $j $id "[$size,$used,\"worker > run > recurse\",0]" \
      "-$opt: $name: stack size, the most used ($above above worker, $su_worker + $su_run + $((depth - 1)) x $su_rec below), deepest context, no entry off its stack"
    eval "used_$name=$used"
    id=$((id + 1))
  done
  size=$(field $opt/out main 3)
  above=$(field $opt/out main 5)
  used=$((above + su_main + su_run + 999 * su_rec))
  thread_is $j 1 "[$size,$used,\"main > run > recurse\",0]" \
    "-$opt: main thread: stack size as glibc gives it, the most used ($above above main, $su_main + $su_run + 999 x $su_rec below), deepest context"
  used_main=$used
  is "$(jq -c '.threads[] | select(.id > 1) | .name' $j | tr '\n' ' ')" '"smaller" "small" ' "-$opt: the threads' names"

  # Per context: the most used from its entry down; its depth at entry.
  # Contexts are merged across threads: the largest of any.
  is "$(jq -c '(.scopes | map({key: (.id | tostring), value: .name}) | from_entries) as $n |
               [.contexts[] | select(.stack_depth != null) | [$n[.scope | tostring], .stack_used_peak, .stack_depth]] | sort' $j)" \
    "$(printf '[["describe",0,%s],["describe",0,%s],["main",%s,%s],["recurse",%s,%s],["recurse",%s,%s],["run",%s,%s],["run",%s,%s],["worker",%s,%s]]' \
        $(($(field $opt/out main 5) + su_main)) $(($(field $opt/out small 5) + su_worker)) \
        $((used_main - $(field $opt/out main 5))) $(field $opt/out main 5) \
        $((999 * su_rec)) $(($(field $opt/out main 5) + su_main + su_run)) \
        $((299 * su_rec)) $(($(field $opt/out small 5) + su_worker + su_run)) \
        $((su_run + 999 * su_rec)) $(($(field $opt/out main 5) + su_main)) \
        $((su_run + 299 * su_rec)) $(($(field $opt/out small 5) + su_worker)) \
        $((used_small - $(field $opt/out small 5))) $(field $opt/out small 5) | jq -c sort)" \
    "-$opt: each context's most used below its entry and its depth at entry"
done

# The output is unchanged (the "above" figures depend on the build).
build_plain plain threads-1.c -O2 &&
  is "$(grep results O2/out)" "$(plain/threads-1-plain | grep results)" "the program's results unchanged"

# The main thread under other stack limits: the size glibc gives it.
for limit in 4096 unlimited; do
  if [ "$limit" = unlimited ] && [ "$(ulimit -Hs)" != unlimited ]; then
    tap_result 0 "# SKIP the hard stack limit is not unlimited"
    continue
  fi
  (ulimit -s $limit && cd O2 && MEMSCOPE_OPTIONS=output=l.json ./threads-1 >l.out 2>l.err)
  is "$(jq '.threads[0].stack_size' O2/l.json)" "$(field O2/l.out main 3)" \
    "ulimit -s $limit: the main thread's stack size as glibc gives it"
  if [ "$limit" = 4096 ]; then
    size=$(field O2/l.out main 3)
    ok "ulimit -s 4096: at most the limit, less what lies above the program's first frame ($size)" \
      test "$size" -le 4194304 -a "$size" -gt $((4194304 - 262144))
  fi
done

# ---- stack_warn ------------------------------------------------------------
# -O2's figures: thread 3 (small) used the largest share.  What lies above
# main's frame changes from run to run (the environment, the stack's
# random offset): the main thread's line of the output is left out of the
# comparisons, and its figures are read from each run's own report.
size=262144
pct=$((used_small * 100 / size))
line="memscope: thread 3 (small) used $pct% of its 256 KiB stack, deepest in worker > run > recurse"
(cd O2 && MEMSCOPE_OPTIONS=output=none:stack_warn=$pct ./threads-1 >w.out 2>w.err)
is "$?/$(cat O2/w.err)" "0/$line" "stack_warn=$pct: one line, for the thread that used more than $pct% of its stack"
is "$(grep -v ^main O2/w.out)" "$(grep -v ^main O2/out)" "stack_warn=$pct: output unchanged"
(cd O2 && MEMSCOPE_OPTIONS=output=none:stack_warn=$((pct + 1)) ./threads-1 >w.out 2>w.err)
is "$?/$(cat O2/w.err)" "0/" "stack_warn=$((pct + 1)): no thread used more"
(cd O2 && MEMSCOPE_OPTIONS=output=none:stack_warn=0 ./threads-1 >w.out 2>w.err)
is "$(cat O2/w.err)" "" "stack_warn=0: off"
(cd O2 && MEMSCOPE_OPTIONS=output=w.json:stack_warn=1 ./threads-1 >w.out 2>w.err)
size=$(field O2/w.out main 3)
used=$(($(field O2/w.out main 5) + su_main + su_run + 999 * su_rec))
is "$(cat O2/w.err)" "memscope: thread 1 (threads-1) used $((used * 100 / size))% of its $(words $size) stack, deepest in main > run > recurse
memscope: thread 2 (smaller) used $((used_smaller * 100 / 131072))% of its 128 KiB stack, deepest in worker > run > recurse
$line" "stack_warn=1: a line for each thread, each used more than 1%"
jq_is O2/w.json '.threads[0].stack_used_peak' $used "stack_warn=1: the report written too"
# The main thread under a 1 MiB limit: its share is then above 20%.
(ulimit -s 1024 && cd O2 && MEMSCOPE_OPTIONS=output=m.json:stack_warn=20 ./threads-1 >m.out 2>m.err)
size=$(field O2/m.out main 3)
used=$(jq '.threads[0].stack_used_peak' O2/m.json)
is "$(head -1 O2/m.err)" "memscope: thread 1 (threads-1) used $((used * 100 / size))% of its $(words $size) stack, deepest in main > run > recurse" \
  "stack_warn=20, ulimit -s 1024: the main thread's line"
for bad in abc 101 -5 50% ''; do
  (cd O2 && MEMSCOPE_OPTIONS="output=none:stack_warn=$bad" ./threads-1 >b.out 2>b.err)
  is "$?/$(cat O2/b.err)" "0/memscope: bad value '$bad' for option 'stack_warn' in MEMSCOPE_OPTIONS (expected a percentage, 0 to 100), using the default '0'" \
    "stack_warn=$bad: one line, the default kept (no warning)"
  is "$(grep -v ^main O2/b.out)" "$(grep -v ^main O2/out)" "stack_warn=$bad: output unchanged"
done

# ---- overflow --------------------------------------------------------------
# A recursion with no end, 512 bytes of locals a level, on a thread with a
# 128 KiB stack and on the main thread under a 1 MiB limit: the crash
# report is written, the exit status is the plain build's, and the report
# says how deep the thread went and in which context, to the frame: its
# deepest entry is that of the innermost open recurse.
for opt in O0 O2; do
  build of-$opt overflow-1.c -$opt || continue
  build_plain of-$opt overflow-1.c -$opt || continue
  su_rec=$(su of-$opt/overflow-1.su recurse | cut -d' ' -f1)
  su_run=$(su of-$opt/overflow-1.su run | cut -d' ' -f1)
  for how in thread:deep:2 main:main:1; do
    id=${how##*:} first=${how#*:}
    first=${first%:*} how=${how%%:*}
    su_first=$(su of-$opt/overflow-1.su $first | cut -d' ' -f1)
    plain=$(cd of-$opt && ulimit -s 1024 && sh -c 'exec ./overflow-1-plain "$1"' sh $how >/dev/null 2>&1; echo $?)
    is "$plain" 139 "overflow ($how, -$opt): the plain build dies of SIGSEGV"
    got=$(cd of-$opt && ulimit -s 1024 &&
          MEMSCOPE_OPTIONS=output=$how.json:stack_warn=90 sh -c 'exec ./overflow-1 "$1" >"$1.out" 2>"$1.err"' sh $how 2>/dev/null
          echo $?)
    is "$got" "$plain" "overflow ($how, -$opt): same exit status with memscope"
    j=of-$opt/$how.json
    jq_is $j '[.crash.signal, .crash.thread]' "[11,$id]" "overflow ($how, -$opt): the crash report, its signal and thread"
    size=$(field of-$opt/$how.out $first 3)
    above=$(field of-$opt/$how.out $first 5)
    open=$(jq --argjson id $id '.threads[] | select(.id == $id) | .open_scopes' $j)
    used=$((above + su_first + su_run + (open - 3) * su_rec))
    thread_is $j $id "[$size,$used,\"$first > run > recurse\",0]" \
      "overflow ($how, -$opt): the most used: $above above $first, $su_first + $su_run + $((open - 3)) x $su_rec below it"
    ok "overflow ($how, -$opt): within one frame and 512 bytes of the stack's end ($((size - used)) bytes left)" \
      test $((size - used)) -ge 0 -a $((size - used)) -lt $((su_rec + 512))
    name=$first
    [ $how = main ] && name=overflow-1
    is "$(cat of-$opt/$how.err)" "memscope: thread $id ($name) used $((used * 100 / size))% of its $(words $size) stack, deepest in $first > run > recurse" \
      "overflow ($how, -$opt): stack_warn=90's line from the crash report"
  done
done

done_testing

#!/bin/sh
# testsuite/plugin/fastpath.sh: the enters, counts and exits the plugin runs
# inline count exactly what the trampolines would, and the trampolines run
# only when a check fails (a context's first entry, a new lowest entry,
# trace=1): callgrind's instructions per function show which path ran.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

cp "$inputs/fastpath-1.c" "$work/"
if ! (cd "$work" && $CC -O2 fastpath-1.c -o fastpath-plain); then
  tap_result 1 "plain gcc builds fastpath-1.c"
  done_testing
  exit
fi
rounds=1000
plain_out=$("$work/fastpath-plain" $rounds)

# instructions EXE FUNCTIONS [ARGS...]: the instructions that the
# functions whose names match the extended regex FUNCTIONS run in EXE's
# run of $rounds (and ARGS) (callgrind).
tramp='(__memscope_tramp_|ms_tramp_)[a-z0-9_]*'
instructions ()
{
  exe_=$1 re_=$2
  shift 2
  (cd "$work" && MEMSCOPE_OPTIONS=output=none valgrind --tool=callgrind \
     --callgrind-out-file="$work/$exe_.cg" "./$exe_" $rounds "$@" >/dev/null 2>&1)
  callgrind_annotate --auto=no --threshold=100 "$work/$exe_.cg" 2>/dev/null |
    awk -v re=":($re_) [[]" '$0 ~ re { gsub(",", "", $1); n += $1 } END { print n + 0 }'
}

# marginal EXE FUNCTIONS [ARGS...]: what instructions counts for a run of
# 2 * $rounds less what it counts for a run of $rounds (in a subshell:
# $rounds stays).
marginal ()
{
  a_=$(instructions "$@")
  rounds=$((2 * rounds))
  echo $(($(instructions "$@") - a_))
}

# callgrind DESCRIPTION: whether valgrind and callgrind_annotate are
# installed; if not, the test DESCRIPTION is recorded as skipped.
callgrind ()
{
  command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null && return 0
  tap_result 0 "$1 # SKIP valgrind is not installed"
  return 1
}

for opt in -O2 -O1; do
  exe=fastpath$opt
  compile $exe fastpath-1.c $opt || continue
  # An executable's inline paths read the thread's state by its versioned
  # name as local-exec TLS: the executable defines it, and exports it, so
  # that the runtime uses the same.
  ok "$opt: the executable defines and exports __memscope.thread.v7" \
     sh -c "nm -D --defined-only '$work/$exe' | grep -q ' W __memscope.thread.v7\$'"
  run_report $exe $rounds || continue
  is "$(cat "$work/$exe.out")" "$plain_out" "$opt: output unchanged"
  # walk (8): 511 instances per round; twice: two per round, leaf four.
  check $exe.json "$opt: entries" \
    '[R.scopes[] | select(.name == "walk" or .name == "outer" or .name == "twice" or .name == "leaf") | [.name, .entries]] | sort' \
    "[[\"leaf\",$((4 * rounds))],[\"outer\",$rounds],[\"twice\",$((2 * rounds))],[\"walk\",$((511 * rounds))]]"
  check $exe.json "$opt: balanced, nothing lost" \
    '[R.threads[] | .unmatched_exits, .lost_events, .stack_off_entries]' '[0,0,0]'
  # twice is entered within outer's context.
  check $exe.json "$opt: the inlined body in its caller's context" \
    '[R.contexts[] | select(.scope == sid("twice")) | sname(ctx(.parent).scope)] | unique' '["outer"]'

  # trace=1 sends every enter to the trampolines: the same counts.
  rm -f "$work/$exe-trace.json"
  (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe-trace.json:trace=1" "./$exe" 10 >/dev/null)
  check $exe-trace.json "$opt, trace=1: entries" \
    '[R.scopes[] | select(.name == "walk" or .name == "twice") | [.name, .entries]] | sort' \
    '[["twice",20],["walk",5110]]'

  callgrind "$opt: instructions in the trampolines" || continue
  # The trampolines' own instructions: some 800 for the first entries of
  # each context, whereas calling them for each of the 1,038,000 enters
  # and exits would take more than twenty million.
  ir=$(instructions $exe "$tramp")
  [ "$ir" -lt 5000 ]
  tap_result $? "$opt: $ir instructions in the trampolines for $((519 * rounds * 2)) enters and exits"
done

# Recursions folded onto another instance of their site (fastpath-2.c): the
# out-of-line function entered from its copy inlined into the caller, and
# from itself.  The context it folds onto is the copy's, whose descriptor
# is not the one entered: its first entry finds it in the thread's lookup
# table, as C would; the rest hit in the cache slot inline.
if (cd "$work" && cp "$inputs/fastpath-2.c" . && $CC -O2 fastpath-2.c -o fastpath-2-plain); then
  plain2_out=$("$work/fastpath-2-plain" $rounds)
  for opt in -O1 -O2 -O3; do
    exe=fastpath-2$opt
    compile $exe fastpath-2.c $opt || continue
    run_report $exe $rounds || continue
    is "$(cat "$work/$exe.out")" "$plain2_out" "$opt, folded recursions: output unchanged"
    check $exe.json "$opt, folded recursions: entries" \
      '[R.scopes[] | select(.name == "depth" or .name == "sum" or .name == "fill") | [.name, .entries]] | sort' \
      "[[\"depth\",$((511 * rounds))],[\"fill\",$((255 * rounds))],[\"sum\",$((511 * rounds))]]"
    check $exe.json "$opt, folded recursions: one context each, in its walker's" \
      '[R.contexts[] | select(.scope == sid("depth") or .scope == sid("sum")) | [sname(.scope), sname(ctx(.parent).scope), .folded]] | sort' \
      '[["depth","walk_depth",true],["sum","walk_sum",true]]'
    # sum's 40-byte array, nine instances deep at most.
    check $exe.json "$opt, folded recursions: sum's bytes" \
      '[R.contexts[] | select(.scope == sid("sum")) | .direct_bytes, .peak_memory]' '[40,360]'
    check $exe.json "$opt, folded recursions: balanced, nothing lost" \
      '[R.threads[] | .unmatched_exits, .lost_events, .stack_off_entries]' '[0,0,0]'
    # trace=1 takes every enter to C: the same contexts.
    (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe-trace.json:trace=1" "./$exe" $rounds >/dev/null)
    filter='[.contexts[] | [.scope, .parent, .entries, .folded, .direct_bytes, .peak_memory]]'
    is "$(jq -c "$filter" "$work/$exe-trace.json")" "$(jq -c "$filter" "$work/$exe.json")" \
      "$opt, folded recursions: the contexts trace=1 finds in C"
    callgrind "$opt: folded recursions stay out of C" || continue
    # Before: some 140 instructions in C for each of the 1,022,000 enters.
    c=$(instructions $exe 'ms_tramp_enter_c|enter_at|enter_miss|enter_slow|child_lookup[a-z0-9_.]*|child_find')
    [ "$c" -lt 1000000 ]
    tap_result $? "$opt: folded recursions stay out of C ($c instructions there for $((1022 * rounds)) enters)"
    # Folded onto the parent itself, the context sits in the parent's cache
    # slot, where the inline path finds it by its site: every instance
    # hits, out-of-line and inlined copies alike (at -O2, the recursive
    # calls inlined into the function itself).  Before, each of these
    # enters went to the lookup table in the trampolines (some 63
    # instructions apiece).
    ir=$(marginal $exe "$tramp")
    [ "$ir" -lt $((5 * rounds)) ]
    tap_result $? "$opt: folded recursions hit inline ($ir instructions in the trampolines for $rounds more rounds)"
  done
else
  tap_result 1 "plain gcc builds fastpath-2.c"
fi

# Two siblings of one cache slot entered in turn (fastpath-3.c: step's
# first and thirteenth inlined bodies, twelve slots apart): the slot keeps
# the one entered last, its buddy the other, and the inline path looks in
# both, so that neither goes to the trampolines.  Before the buddy, each
# of them went through the lookup table every time: some 100 instructions
# in the trampolines per round; with the buddy in the trampolines only,
# some 25.
if (cd "$work" && cp "$inputs/fastpath-3.c" . && $CC -O2 fastpath-3.c -o fastpath-3-plain); then
  for opt in -O1 -O2 -O3; do
    exe=fastpath-3$opt
    compile $exe fastpath-3.c $opt || continue
    run_report $exe $rounds || continue
    is "$(cat "$work/$exe.out")" "$("$work/fastpath-3-plain" $rounds)" "$opt, one slot's siblings: output unchanged"
    check $exe.json "$opt, one slot's siblings: entries" \
      '[R.scopes[] | select(.name | test("^add")) | [.name, .entries]] | sort' \
      "[[\"add0\",$rounds],[\"add12\",$rounds]]"
    # All thirteen (the second argument): the same contexts as trace=1's.
    (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe-all.json" "./$exe" $rounds all >/dev/null &&
       MEMSCOPE_OPTIONS="output=$work/$exe-trace.json:trace=1" "./$exe" $rounds all >/dev/null)
    filter='[.contexts[] | [.scope, .parent, .entries]]'
    is "$(jq -c "$filter" "$work/$exe-trace.json")" "$(jq -c "$filter" "$work/$exe-all.json")" \
      "$opt, one slot's siblings, all thirteen: the contexts trace=1 finds in C"
    check $exe-all.json "$opt, one slot's siblings, all thirteen: entries" \
      '[R.scopes[] | select(.name | test("^add")) | .entries] | unique' "[$rounds]"
    callgrind "$opt: one slot's siblings hit" || continue
    ir=$(marginal $exe "$tramp")
    [ "$ir" -lt $((5 * rounds)) ]
    tap_result $? "$opt: one slot's siblings hit ($ir instructions in the trampolines for $rounds more rounds)"
  done
else
  tap_result 1 "plain gcc builds fastpath-3.c"
fi

# The same for two functions called in turn (fastpath-4.c), whose slot the
# unit's order gives: the pair is read from the assembly (the trampoline
# each function's slow path calls).  Leaf functions are only counted; in
# -fPIC code (initial-exec) a count leaves its buddy to the trampoline,
# which finds it there (some 25 instructions a round; 100 before).
if (cd "$work" && cp "$inputs/fastpath-4.c" . && $CC -O2 fastpath-4.c -o fastpath-4-plain); then
  for build in "-O1" "-O2" "-O3" "-O2 -fPIC"; do
    exe=fastpath-4$(echo "$build" | tr -d ' ')
    compile $exe fastpath-4.c $build || continue
    # shellcheck disable=SC2086
    (cd "$work" && $CC -fplugin="$plugin" $build -S fastpath-4.c -o $exe.s) >/dev/null 2>&1
    pair=$(awk '/^f[0-9]+:/ { f = substr($1, 2, length($1) - 2); next }
      f != "" && match($0, /__memscope_tramp_(enter|count)_([a-z]*_)?[0-9]+/) {
        t = substr($0, RSTART, RLENGTH); sub(/.*_/, "", t); slot[f] = t; f = "" }
      END { for (a in slot) for (b in slot)
              if (a + 0 < b + 0 && slot[a] == slot[b] && !done++) print a, b }' "$work/$exe.s")
    if [ -z "$pair" ]; then
      tap_result 1 "$build: two of fastpath-4.c's functions share a slot"
      continue
    fi
    set -- $pair
    run_report $exe $rounds $pair || continue
    is "$(cat "$work/$exe.out")" "$("$work/fastpath-4-plain" $rounds $pair)" "$build, one slot's functions (f$1, f$2): output unchanged"
    check $exe.json "$build, one slot's functions: entries" \
      "[R.scopes[] | select(.name == \"f$1\" or .name == \"f$2\") | .entries]" "[$rounds,$rounds]"
    check $exe.json "$build, one slot's functions: in main's context" \
      '[R.contexts[] | select(.scope != sid("main")) | sname(ctx(.parent).scope)] | unique' '["main"]'
    callgrind "$build: one slot's functions hit" || continue
    ir=$(marginal $exe "$tramp" $pair)
    case $build in *-fPIC*) most=35 ;; *) most=5 ;; esac
    [ "$ir" -lt $((most * rounds)) ]
    tap_result $? "$build: one slot's functions hit ($ir instructions in the trampolines for $rounds more rounds)"
  done
else
  tap_result 1 "plain gcc builds fastpath-4.c"
fi

# -fPIC code (fastpath-5.c): a global function may be interposed, so its
# callers trust only the ABI and every call-clobbered register it leaves
# dead is free at its entry; a static one's callers keep values in the
# registers it leaves alone (-fipa-ra), which its inline count must save
# below the stack pointer.  Two leaves of the same body show the
# difference, in the assembly and in the instructions.
if (cd "$work" && cp "$inputs/fastpath-5.c" . && $CC -O2 -fPIC fastpath-5.c -o fastpath-5-plain); then
  plain5_out=$("$work/fastpath-5-plain" $rounds)
  # spills FILE FUNCTION: the registers FUNCTION stores below %rsp.
  spills ()
  {
    awk -v f="$2" '$0 ~ "^" f ":" { p = 1 } p && /\.cfi_endproc/ { p = 0 } p' "$work/$1" |
      grep -cE 'mov[q]? %r[a-z0-9]+, ?-[0-9]+\(%rsp\)'
  }
  for opt in -O1 -O2 -O3; do
    exe=fastpath-5$opt
    compile $exe fastpath-5.c $opt -fPIC || continue
    (cd "$work" && $CC -fplugin="$plugin" $opt -fPIC -S fastpath-5.c -o $exe.s) >/dev/null 2>&1
    is "$(spills $exe.s pub_leaf) $(spills $exe.s priv_leaf)" "0 1" \
      "$opt -fPIC: the interposable leaf's count saves no register, the static one's one"
    run_report $exe $rounds || continue
    is "$(cat "$work/$exe.out")" "$plain5_out" "$opt -fPIC, interposable: output unchanged"
    check $exe.json "$opt -fPIC, interposable: entries" \
      '[R.scopes[] | select(.name | test("leaf|mix")) | [.name, .entries]] | sort' \
      "[[\"mix\",$rounds],[\"priv_leaf\",$((2 * rounds))],[\"pub_leaf\",$((2 * rounds))]]"
    callgrind "$opt -fPIC: the interposable leaf's instructions" || continue
    pub=$(($(marginal $exe pub_leaf) - $(marginal fastpath-5-plain pub_leaf)))
    priv=$(($(marginal $exe priv_leaf) - $(marginal fastpath-5-plain priv_leaf)))
    [ "$pub" -le $((12 * 2 * rounds)) ] && [ "$pub" -lt "$priv" ]
    tap_result $? "$opt -fPIC: the interposable leaf's count costs $pub instructions for $((2 * rounds)) calls, the static one's $priv"
  done
else
  tap_result 1 "plain gcc builds fastpath-5.c"
fi

# Scopes with counted bytes (fastpath-6.c): their enters and exits run
# inline too, live bytes, windows and peaks included; before, each of the
# 4,000 a round went to the trampolines (some 50 instructions apiece).
if (cd "$work" && cp "$inputs/fastpath-6.c" . && $CC -O2 fastpath-6.c -o fastpath-6-plain); then
  plain6_out=$("$work/fastpath-6-plain" $rounds)
  for build in "-O1" "-O2" "-O3" "-O2 -fPIC"; do
    exe=fastpath-6$(echo "$build" | tr -d ' ')
    # shellcheck disable=SC2086
    compile $exe fastpath-6.c $build || continue
    run_report $exe $rounds || continue
    is "$(cat "$work/$exe.out")" "$plain6_out" "$build, counted bytes: output unchanged"
    check $exe.json "$build, counted bytes: entries and peaks" \
      '[R.contexts[] | select(.scope != sid("main")) | [sname(.scope), .entries, .peak_memory]] | sort' \
      "[[\"inner\",$((2 * rounds)),264],[\"outer\",$rounds,1264],[\"use\",$rounds,0],[\"use\",$rounds,0],[\"use\",$((2 * rounds)),0],[\"{block@28}\",$rounds,200]]"
    (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe-trace.json:trace=1" "./$exe" $rounds >/dev/null)
    filter='[.contexts[] | [.scope, .parent, .entries, .direct_bytes, .peak_memory]], [.threads[] | .peak_memory]'
    is "$(jq -c "$filter" "$work/$exe-trace.json")" "$(jq -c "$filter" "$work/$exe.json")" \
      "$build, counted bytes: the contexts and peaks trace=1 finds in C"
    callgrind "$build: counted bytes inline" || continue
    ir=$(marginal $exe "$tramp")
    [ "$ir" -lt $((5 * rounds)) ]
    tap_result $? "$build: counted bytes inline ($ir instructions in the trampolines for $rounds more rounds)"
  done
else
  tap_result 1 "plain gcc builds fastpath-6.c"
fi

# A mutual recursion (fastpath-7.c): expr's inlined copy of list folds onto
# list's context two levels up.  The slot of expr's context holds that
# context, which is not a child of expr's: the inline path finds it there
# by its site (before, each of these 255 enters a round went to the
# lookup table, some 14 million instructions per 1,000 rounds).
if (cd "$work" && cp "$inputs/fastpath-7.c" . && $CC -O2 fastpath-7.c -o fastpath-7-plain); then
  plain7_out=$("$work/fastpath-7-plain" $rounds)
  for opt in -O1 -O2 -O3; do
    exe=fastpath-7$opt
    compile $exe fastpath-7.c $opt || continue
    run_report $exe $rounds || continue
    is "$(cat "$work/$exe.out")" "$plain7_out" "$opt, mutual recursion: output unchanged"
    check $exe.json "$opt, mutual recursion: expr's entries, in list's context" \
      '[R.contexts[] | select(.scope == sid("expr")) | [.entries, sname(ctx(.parent).scope)]]' \
      "[[$((510 * rounds)),\"list\"]]"
    (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe-trace.json:trace=1" "./$exe" $rounds >/dev/null)
    filter='[.contexts[] | [.scope, .parent, .entries, .folded]]'
    is "$(jq -c "$filter" "$work/$exe-trace.json")" "$(jq -c "$filter" "$work/$exe.json")" \
      "$opt, mutual recursion: the contexts trace=1 finds in C"
    callgrind "$opt: mutual recursion hits inline" || continue
    ir=$(marginal $exe "$tramp")
    [ "$ir" -lt $((5 * rounds)) ]
    tap_result $? "$opt: mutual recursion hits inline ($ir instructions in the trampolines for $rounds more rounds)"
  done
else
  tap_result 1 "plain gcc builds fastpath-7.c"
fi

# A function whose every call is a tail call (fastpath-8.c): its scope is
# closed before each jump and the callee runs in its caller's context, so
# nothing runs inside it but its own code, and it is only counted, as a
# leaf is: no frame pushed, no exit (an enter and an exit before, some 22
# instructions a call).  Its jumps stay jumps.
if (cd "$work" && cp "$inputs/fastpath-8.c" . && $CC -O2 fastpath-8.c -o fastpath-8-plain); then
  plain8_out=$("$work/fastpath-8-plain" $rounds)
  # (-O1 makes no tail calls.)
  for build in "-O2" "-O3" "-O2 -fPIC"; do
    exe=fastpath-8$(echo "$build" | tr -d ' ')
    opt=$build
    # shellcheck disable=SC2086
    compile $exe fastpath-8.c $build || continue
    # shellcheck disable=SC2086
    (cd "$work" && $CC -fplugin="$plugin" $build -S fastpath-8.c -o $exe.s) >/dev/null 2>&1
    body=$(awk '/^dispatch:/ { p = 1 } p && /\.cfi_endproc/ { p = 0 } p' "$work/$exe.s")
    is "$(printf '%s\n' "$body" | grep -oE '__memscope_tramp_[a-z]+|jmp[[:space:]]+[a-z_]+_step' |
          sed 's/[[:space:]]\{1,\}/ /' | sort -u | tr '\n' ' ')" \
      "__memscope_tramp_count jmp even_step jmp odd_step " \
      "$opt: the tail-calling function is counted, its two tail calls kept"
    run_report $exe $rounds || continue
    is "$(cat "$work/$exe.out")" "$plain8_out" "$opt, tail calls only: output unchanged"
    check $exe.json "$opt, tail calls only: entries, and the callees in main's context" \
      '[R.contexts[] | select(.scope != sid("main")) | [sname(.scope), .entries, sname(ctx(.parent).scope)]] | sort' \
      "[[\"dispatch\",$rounds,\"main\"],[\"even_step\",$((rounds / 2)),\"main\"],[\"odd_step\",$((rounds / 2)),\"main\"]]"
    check $exe.json "$opt, tail calls only: balanced, nothing lost" \
      '[R.threads[] | .unmatched_exits, .lost_events, .stack_off_entries]' '[0,0,0]'
    callgrind "$opt: the tail-calling function's instructions" || continue
    ir=$(($(marginal $exe dispatch) - $(marginal fastpath-8-plain dispatch)))
    [ "$ir" -le $((12 * rounds)) ]
    tap_result $? "$opt: the tail-calling function's count costs $ir instructions for $rounds calls"
  done
else
  tap_result 1 "plain gcc builds fastpath-8.c"
fi

# An executable linked with a version script whose `local: *` hides the
# state its code defines keeps a copy of its own, which the runtime never
# sets up: every inline check fails over to the trampolines (still counted
# right, but slowly).  memscope-gcc lists the state as global in a copy of
# each version script: a named one in libtool's form, an anonymous one.
printf 'PROG_1 {\n  global:\n    main;\n  local:\n    *;\n};\n' >"$work/named.map"
printf '{ local: *; };\n' >"$work/anon.map"
n=0
for vs in "-Wl,--version-script -Wl,named.map" "-Wl,--version-script=anon.map"; do
  n=$((n + 1))
  exe=fastpath-vs$n
  mkdir -p "$work/tmp$n"
  if ! (cd "$work" && TMPDIR=$work/tmp$n MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$runtime_libdir \
          MEMSCOPE_CC=$CC "$top_builddir/tools/memscope-gcc" -O2 fastpath-1.c $vs -o $exe) \
       >"$work/$exe.log" 2>&1; then
    tap_result 1 "memscope-gcc links with $vs"
    diag "$(cat "$work/$exe.log")"
    continue
  fi
  ok "$vs: memscope-gcc keeps __memscope.thread.v7 exported" \
     sh -c "nm -D --defined-only '$work/$exe' | grep -q ' W __memscope.thread.v7\(@@PROG_1\)\?\$'"
  is "$(cd "$work" && MEMSCOPE_OPTIONS=output=none "./$exe" $rounds)" "$plain_out" "$vs: output unchanged"
  is "$(ls -A "$work/tmp$n")" "" "$vs: memscope-gcc removed its copy of the version script"
  callgrind "$vs: instructions in the trampolines" || continue
  ir=$(instructions $exe "$tramp")
  [ "$ir" -lt 5000 ]
  tap_result $? "$vs: $ir instructions in the trampolines"
done
# The same version script given to gcc by hand hides the state: the slow
# way, which the test above would see.
if (cd "$work" && $CC -O2 -fplugin="$plugin" fastpath-1.c -Wl,--version-script=anon.map -o fastpath-hidden \
      -L"$runtime_libdir" -Wl,-rpath,"$runtime_libdir" -lmemscope -pthread) >"$work/hidden.log" 2>&1 &&
   callgrind "gcc -fplugin with that version script by hand: instructions in the trampolines"; then
  ir=$(instructions fastpath-hidden "$tramp")
  [ "$ir" -gt 1000000 ]
  tap_result $? "gcc -fplugin with that version script by hand: $ir instructions in the trampolines"
fi
done_testing

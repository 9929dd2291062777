# testsuite/leaks/lib.sh: the differential leak tests' helpers.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by testsuite/leaks/*.sh after testsuite/tap.sh.  Each program of
# testsuite/leaks/ leaks a number of bytes and blocks known by
# construction.  It is built twice at -O2: with memscope-gcc (or -g++)
# and with gcc -fsanitize=leak.  LeakSanitizer must find the known answer,
# which shows the program leaks what it says and keeps no stale pointer;
# memscope must find exactly the same.  Each build runs $runs times.

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
LC_ALL=C
export LC_ALL

inputs=$top_srcdir/testsuite/leaks
runs=${MEMSCOPE_LEAK_RUNS:-5}
[ -f "$top_builddir/plugin/.libs/memscope.so" ] || skip_all "the plugin was not built"
command -v jq >/dev/null || skip_all "jq is not installed"
cd "$tap_tmp" || exit 1

# LeakSanitizer itself (liblsan0), on a program that leaks 7 bytes.
printf '#include <stdlib.h>\nvoid *volatile p;\nint main (void) { p = malloc (7); p = 0; return 0; }\n' >probe.c
gcc -O0 -fsanitize=leak probe.c -o probe 2>/dev/null ||
  skip_all "gcc -fsanitize=leak does not link (install liblsan0)"
LSAN_OPTIONS=exitcode=0 ./probe 2>&1 | grep -q '7 byte(s) leaked in 1 allocation' ||
  skip_all "LeakSanitizer does not run here (it needs ptrace)"

# build NAME SRC: NAME-ms with memscope, NAME-lsan with LeakSanitizer.
build() {
  case $2 in
    *.cc) b_plain=g++ b_ms=$top_builddir/tools/memscope-g++ ;;
    *) b_plain=gcc b_ms=$top_builddir/tools/memscope-gcc ;;
  esac
  if MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
       "$b_ms" -O2 -pthread -I"$inputs" "$inputs/$2" -o "$1-ms" >"$1.log" 2>&1 &&
     $b_plain -O2 -pthread -fsanitize=leak -I"$inputs" "$inputs/$2" -o "$1-lsan" >>"$1.log" 2>&1; then
    tap_result 0 "$1: built with memscope and with -fsanitize=leak"
    return 0
  fi
  tap_result 1 "$1: built with memscope and with -fsanitize=leak"
  sed 's/^/# /' "$1.log"
  return 1
}

# lsan_runs NAME: "PID BYTES BLOCKS" per process that leaked, per run,
# runs separated by "--".  The program's stdout goes to NAME.lsan.N.out.
lsan_runs() {
  l_r=1
  while [ "$l_r" -le "$runs" ]; do
    LSAN_OPTIONS=exitcode=0 "./$1-lsan" >"$1.lsan.$l_r.out" 2>"$1.lsan.$l_r.err"
    sed -n 's/^==\([0-9]*\)==ERROR: LeakSanitizer.*/\1/p; s/^SUMMARY: LeakSanitizer: \([0-9]*\) byte(s) leaked in \([0-9]*\) allocation.*/\1 \2/p' \
      "$1.lsan.$l_r.err" | paste -d' ' - -
    echo --
    l_r=$((l_r + 1))
  done
}

# What a memscope report counts as leaked: heap.leaked_bytes and _blocks,
# the leaked groups of the leaks list summed, and the inherited groups
# found unreachable (for a forked child).
leaked='[.heap.leaked_bytes, .heap.leaked_blocks,
  ([.leaks[] | select(.reachable == false and .inherited == false and .suppressed != true) | .bytes] | add // 0),
  ([.leaks[] | select(.reachable == false and .inherited == false and .suppressed != true) | .blocks] | add // 0),
  ([.leaks[] | select(.reachable == false and .inherited == true) | .bytes] | add // 0),
  ([.leaks[] | select(.reachable == false and .inherited == true) | .blocks] | add // 0)] | map(tostring) | join(" ")'

# ms_run NAME N: run N of NAME-ms; its reports are NAME.ms.N.PID.json.
ms_run() {
  MEMSCOPE_OPTIONS="output=$tap_tmp/$1.ms.$2.%p.json" "./$1-ms" >"$1.ms.$2.out" 2>"$1.ms.$2.err"
}

# check NAME SRC BYTES BLOCKS WHAT: a program of one process.
check() {
  build "$1" "$2" || return
  got=$(lsan_runs "$1" | sed 's/^[0-9]* //' | tr '\n' ' ')
  want=$(r=1; while [ "$r" -le "$runs" ]; do
           [ "$3" = 0 ] || printf '%s %s ' "$3" "$4"; printf -- '-- '; r=$((r + 1)); done)
  is "$got" "$want" "$1: LeakSanitizer finds $3 bytes in $4 blocks, $runs runs of $runs ($5)"
  got= r=1
  while [ "$r" -le "$runs" ]; do
    rm -f "$1".ms.$r.*.json
    ms_run "$1" "$r"
    for j in "$1".ms.$r.*.json; do got="$got$(jq -r "$leaked" "$j" 2>&1); "; done
    r=$((r + 1))
  done
  want=$(r=1; while [ "$r" -le "$runs" ]; do printf '%s %s %s %s 0 0; ' "$3" "$4" "$3" "$4"; r=$((r + 1)); done)
  is "$got" "$want" "$1: memscope finds $3 bytes in $4 blocks, $runs runs of $runs (totals, leaks list)"
}

# check_fork NAME SRC PARENT CHILD INHERITED WHAT: a program whose
# process prints "parent PID" and "child PID"; PARENT and CHILD are
# "BYTES BLOCKS" each leaks of its own, INHERITED what the child
# inherited unreachable (LeakSanitizer adds it to the child's).
check_fork() {
  build "$1" "$2" || return
  got= r=1
  lsan_runs "$1" >"$1.lsan"
  while [ "$r" -le "$runs" ]; do
    parent=$(sed -n 's/^parent //p' "$1.lsan.$r.out") child=$(sed -n 's/^child //p' "$1.lsan.$r.out")
    p=$(awk -v r="$r" -v pid="$parent" '$0 == "--" { n++; next } n + 1 == r && $1 == pid { print $2, $3 }' "$1.lsan")
    c=$(awk -v r="$r" -v pid="$child" '$0 == "--" { n++; next } n + 1 == r && $1 == pid { print $2, $3 }' "$1.lsan")
    got="$got${p:-0 0}/${c:-0 0}; "
    r=$((r + 1))
  done
  lsan_child=$(echo "$4 $5" | awk '{ print $1 + $3, $2 + $4 }')
  want=$(r=1; while [ "$r" -le "$runs" ]; do printf '%s/%s; ' "$3" "$lsan_child"; r=$((r + 1)); done)
  is "$got" "$want" "$1: LeakSanitizer finds $3 (parent) and $lsan_child (child) bytes and blocks, $runs runs ($6)"
  got= r=1
  while [ "$r" -le "$runs" ]; do
    rm -f "$1".ms.$r.*.json
    ms_run "$1" "$r"
    parent=$(sed -n 's/^parent //p' "$1.ms.$r.out") child=$(sed -n 's/^child //p' "$1.ms.$r.out")
    got="$got$(jq -r "$leaked" "$1.ms.$r.$parent.json" 2>&1)/$(jq -r "$leaked" "$1.ms.$r.$child.json" 2>&1); "
    r=$((r + 1))
  done
  want=$(r=1; while [ "$r" -le "$runs" ]; do printf '%s %s 0 0/%s %s %s; ' "$3" "$3" "$4" "$4" "$5"; r=$((r + 1)); done)
  is "$got" "$want" "$1: memscope finds the same per process, the child's inherited blocks apart, $runs runs"
}

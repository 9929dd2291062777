#!/bin/sh
# hotpath.sh: instructions and nanoseconds per hot-path event.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make): bench/hotpath.sh
# Instructions come from callgrind: the difference between two loop counts,
# divided by the difference in iterations, minus the same for a loop around
# an empty call (the loop and call of the benchmark itself, not memscope's).
# hotpath-shared is built with -fno-plt: the plugin declares the entry
# points noplt, so instrumented code calls them through the GOT, not a PLT
# stub.  Target: an enter+exit pair of a scope without variables in at most
# 25 instructions, calls included.
set -eu
top=${top_builddir:-$(pwd)}
bin=$top/bench
export MEMSCOPE_OPTIONS=output=none
command -v valgrind >/dev/null || { echo "hotpath: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

ir() { # program mode n -> total instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_iter() { # program mode
  a=$(ir "$1" "$2" 100000)
  b=$(ir "$1" "$2" 1100000)
  echo "$a $b" | awk '{printf "%.1f", ($2 - $1) / 1000000}'
}
median_ns() { # program mode
  for _ in 1 2 3 4 5; do "$1" "$2" 20000000 | sed 's/.*: \([0-9.]*\) ns.*/\1/'; done | sort -n | sed -n 3p
}

for variant in shared static; do
  prog=$bin/hotpath-$variant
  [ -x "$prog" ] || { echo "hotpath: $prog is missing (make bench)" >&2; exit 1; }
  base=$(per_iter "$prog" empty)
  echo "== libmemscope linked $variant (loop + empty call: $base instructions) =="
  printf '  %-34s %10s %10s\n' event instructions ns
  for mode in pair var recursion; do
    raw=$(per_iter "$prog" $mode)
    case $mode in
      pair) what="enter+exit, no variables"; events=1 ;;
      var) what="enter+var+exit, 64-byte array"; events=1 ;;
      recursion) what="enter+var+exit per recursive call"; events=1 ;;
    esac
    net=$(echo "$raw $base" | awk '{printf "%.1f", $1 - $2}')
    [ $mode = recursion ] && net=$(echo "$raw" | awk '{printf "%.1f", $1}')
    printf '  %-34s %10s %10s\n' "$what" "$net" "$(median_ns "$prog" $mode)"
  done
done
echo "(recursion: per call including the recursive function's own work; ns are medians of 5 runs)"

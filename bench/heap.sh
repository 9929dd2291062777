#!/bin/sh
# heap.sh: the cost of heap tracking on an allocation-heavy workload (mixed
# sizes, two threads): memscope against the uninstrumented program, and
# against heaptrack and valgrind's massif and DHAT where installed.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage, from the build tree after make: bench/heap.sh [ITERATIONS]
# Wall times are medians of 5 runs; instructions come from callgrind on a
# tenth of the work (both threads), which is repeatable on a noisy machine.
set -eu
top=${top_builddir:-$(pwd)}
src=${top_srcdir:-$top}
n=${1:-2000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-heap-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

export MEMSCOPE_PLUGIN="$top/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top/runtime/.libs"
gcc -O2 -pthread "$src/bench/heap-workload.c" -o "$work/plain"
"$top/tools/memscope-gcc" -O2 -pthread "$src/bench/heap-workload.c" -o "$work/memscope"

expected=$("$work/plain" "$n")
got=$(MEMSCOPE_OPTIONS="output=$work/r.json" "$work/memscope" "$n")
[ "$expected" = "$got" ] || { echo "heap bench: outputs differ: '$expected' vs '$got'" >&2; exit 1; }

median() { # command...: median wall seconds of 5 runs
  for _ in 1 2 3 4 5; do
    s=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s.%N)
    echo "$e - $s" | bc -l
  done | sort -n | sed -n 3p
}
ratio() { echo "scale=2; $1 / $2" | bc -l; }

plain=$(median "$work/plain" "$n")
ms=$(median env MEMSCOPE_OPTIONS="output=$work/r.json" "$work/memscope" "$n")
printf '%-34s %10s %8s\n' "variant ($n iterations x 2 threads)" "wall s" "ratio"
printf '%-34s %10.3f %8s\n' "uninstrumented" "$plain" 1.00
printf '%-34s %10.3f %8s\n' "memscope (plugin + heap)" "$ms" "$(ratio "$ms" "$plain")"
ms_noheap=$(median env MEMSCOPE_OPTIONS="output=$work/r.json:heap=0" "$work/memscope" "$n")
printf '%-34s %10.3f %8s\n' "memscope, heap=0" "$ms_noheap" "$(ratio "$ms_noheap" "$plain")"
if command -v heaptrack >/dev/null; then
  ht=$(median heaptrack -o "$work/ht" "$work/plain" "$n")
  printf '%-34s %10.3f %8s\n' "heaptrack" "$ht" "$(ratio "$ht" "$plain")"
else
  echo "heaptrack: not installed (apt-get install heaptrack)"
fi
if command -v valgrind >/dev/null; then
  small=$((n / 10))
  plain_small=$(median "$work/plain" "$small")
  for tool in massif dhat; do
    t=$(median valgrind --tool=$tool --${tool}-out-file="$work/$tool.out" "$work/plain" "$small")
    printf '%-34s %10.3f %8s\n' "valgrind --tool=$tool (n/10)" "$t" "$(ratio "$t" "$plain_small")"
  done
  ir() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  ip=$(ir "$work/plain" "$small")
  im=$(MEMSCOPE_OPTIONS="output=$work/r.json" ir "$work/memscope" "$small")
  printf 'instructions (n/10): uninstrumented %s, memscope %s, ratio %s\n' "$ip" "$im" "$(ratio "$im" "$ip")"
else
  echo "valgrind: not installed"
fi

#!/bin/bash
# heap.sh: the cost of heap tracking on an allocation-heavy workload
# (bench/heap-workload.c: malloc, calloc, realloc and free of mixed sizes,
# two threads), against AddressSanitizer, heaptrack, and valgrind's massif
# and DHAT where installed.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make): bench/heap.sh
# Part of make bench (bench/run.sh); environment as bench/lib.sh says.
# Every build must print the plain build's checksum.  Instructions:
# callgrind, the difference between 2N/10 and N/10 iterations (start-up and
# the report at exit drop out).  CPU time: the whole process, both threads
# (and heaptrack's own processes), medians; massif and DHAT on N/10
# iterations against plain on as many.  memscope runs at its defaults, and
# again with malloc_fill=0 (new blocks left as glibc hands them out) and
# with heap=0.
bench=heap
. "${top_srcdir:-$(pwd)}/bench/lib.sh"

if [ $quick = yes ]; then n=1000000; else n=3000000; fi
small=$((n / 10))
echo "== heap: bench/heap-workload.c, $n iterations x 2 threads =="
for v in plain memscope asan; do
  cc_variant $v -O2 -pthread "$srcdir/bench/heap-workload.c" -o "$work/heap-$v" ||
    die "building the $v workload failed"
done

tools="plain memscope memscope-nofill memscope-noheap asan"
have heaptrack && tools="$tools heaptrack" || echo "heaptrack: not installed (apt-get install heaptrack)"
opts=$MEMSCOPE_OPTIONS
variant_option() { # memscope-VARIANT -> its option
  case $1 in
    memscope-noheap) echo heap=0 ;;
    memscope-nofill) echo malloc_fill=0 ;;
  esac
}
run() { # tool iterations -> CPU seconds; the output in $work/out.TOOL
  case $1 in
    memscope-noheap | memscope-nofill)
      MEMSCOPE_OPTIONS="$opts:$(variant_option "$1")"
      cpu_run "$work/out.$1" memscope "$work/heap-memscope" "$2"
      MEMSCOPE_OPTIONS=$opts ;;
    heaptrack) cpu_run "$work/out.$1" heaptrack "$work/heap-plain" "$2" ;;
    massif | dhat) cpu_run "$work/out.$1" plain valgrind --tool=$1 --$1-out-file="$work/$1.out" "$work/heap-plain" "$2" ;;
    *) cpu_run "$work/out.$1" "$1" "$work/heap-$1" "$2" ;;
  esac
}

for t in $tools; do
  run $t $n >/dev/null
  same_output "$work/out.plain" "$work/out.$t" "$t"
done

for t in plain memscope memscope-nofill memscope-noheap; do
  case $t in memscope-*) MEMSCOPE_OPTIONS="$opts:$(variant_option $t)" ;; esac
  p=$work/heap-${t%-no*}
  a=$(callgrind "$p" $small)
  b=$(callgrind "$p" $((2 * small)))
  echo $((b - a)) >"$work/ir.$t"
  MEMSCOPE_OPTIONS=$opts
done

for t in $tools; do : >"$work/cpu.$t"; done
i=0
while [ $i -lt "$rounds" ]; do
  for t in $tools; do run $t $n >>"$work/cpu.$t"; done
  i=$((i + 1))
done

vg=
if have valgrind; then
  vg="massif dhat"
  for t in plain-small $vg; do : >"$work/cpu.$t"; done
  i=0
  while [ $i -lt "$rounds" ] && [ $i -lt 3 ]; do
    run plain $small >>"$work/cpu.plain-small"
    for t in $vg; do run $t $small >>"$work/cpu.$t"; done
    i=$((i + 1))
  done
fi

echo
printf '  %-30s %10s %8s | %16s %8s\n' "" "CPU s" "/ plain" "Ir (marginal, M)" "/ plain"
cp=$(median <"$work/cpu.plain")
for t in $tools; do
  c=$(median <"$work/cpu.$t")
  case $t in
    memscope) what="memscope (defaults)" ;;
    memscope-noheap) what="memscope, heap=0" ;;
    memscope-nofill) what="memscope, malloc_fill=0" ;;
    *) what=$t ;;
  esac
  if [ -f "$work/ir.$t" ]; then
    irs=$(awk -v a="$(cat "$work/ir.$t")" -v b="$(cat "$work/ir.plain")" 'BEGIN { printf "%16.1f %7.2fx", a / 1e6, a / b }')
  else
    irs=$(printf '%16s %8s' - -)
  fi
  printf '  %-30s %10.3f %7.2fx | %s\n' "$what" "$c" "$(ratio "$c" "$cp")" "$irs"
done
for t in $vg; do
  c=$(median <"$work/cpu.$t")
  cs=$(median <"$work/cpu.plain-small")
  printf '  %-30s %10.3f %7.2fx |\n' "valgrind --tool=$t ($small)" "$c" "$(ratio "$c" "$cs")"
done
echo "  (CPU: median of $rounds; valgrind's tools against plain on $small iterations, median of at most 3)"
echo

target "heap workload: Ir memscope / plain" "$(ratio "$(cat "$work/ir.memscope")" "$(cat "$work/ir.plain")")" "<=" 1.3
target "heap workload: CPU memscope / plain" "$(ratio "$(median <"$work/cpu.memscope")" "$cp")" "<=" 1.3

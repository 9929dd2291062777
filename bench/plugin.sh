#!/bin/bash
# plugin.sh: what the plugin's instrumentation costs on small C workloads,
# against plain gcc, the floor of per-call hooks and AddressSanitizer.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make): bench/plugin.sh
# Part of make bench (bench/run.sh); environment as bench/lib.sh says.
#
# Builds bench/workloads/ at -O2 as plain, floor, memscope and asan
# (bench/lib.sh), checks that every build prints the same results, then
# counts instructions with callgrind, marginally: the difference between
# the workload at scale 2 and at scale 1, so that start-up, the first calls
# into the runtime and the report at exit drop out.  Instructions decide the
# targets; CPU times (the workload's thread only, medians) are shown beside
# them, asan's among them (valgrind cannot run an asan build).
#   fib     recursive fib; plain gcc turns one of its two calls into a loop,
#           which the floor's hooks prevent
#   rec     a recursion that no build can turn into a loop: per call, like
#           for like
#   arrays  a loop whose body holds two blocks, each with an array passed to
#           a noinline function
#   blocks  a loop with an array and a struct in memory (computed indexes)
#           and a register-only block
#   regs    a loop of register-only arithmetic
bench=plugin
. "${top_srcdir:-$(pwd)}/bench/lib.sh"

command -v valgrind >/dev/null || die "valgrind is needed (apt-get install valgrind)"
modes="fib rec arrays blocks regs"
variants="plain floor memscope asan"
counted="plain floor memscope"
if [ $quick = yes ]; then k=4; else k=8; fi

echo "== C workloads ($cc -O2; instructions: callgrind, scale 2 minus scale 1; CPU: median of $rounds, scale $k) =="
w=$srcdir/bench/workloads
for v in $variants; do
  # shellcheck disable=SC2046
  cc_variant $v -O2 "$w/main.c" "$w/fib.c" "$w/rec.c" "$w/arrays.c" "$w/blocks.c" "$w/regs.c" \
    $(link_libs $v) -o "$work/wl-$v" || die "building the $v workloads failed"
done

# Results first: every build must compute what plain does.
for m in $modes; do
  for v in $variants; do
    cpu_run "$work/out" $v "$work/wl-$v" $m $k >/dev/null
    sed -n 1p "$work/out" >"$work/res.$v.$m"
    same_output "$work/res.plain.$m" "$work/res.$v.$m" "$v ($m)"
  done
done

for m in $modes; do
  for v in $counted; do
    a=$(callgrind "$work/wl-$v" $m 1)
    b=$(callgrind "$work/wl-$v" $m 2)
    echo $((b - a)) >"$work/ir.$v.$m"
  done
  # Units of scale 1: the marginal work.
  sed -n 's/.* units=\([0-9]*\).*/\1/p' "$work/res.plain.$m" | awk -v k=$k '{ print $1 / k }' >"$work/units.$m"
done

for m in $modes; do
  for v in $variants; do : >"$work/cpu.$v.$m"; done
  i=0
  while [ $i -lt "$rounds" ]; do
    for v in $variants; do
      cpu_run "$work/out" $v "$work/wl-$v" $m $k >/dev/null
      sed -n 's/^ns [0-9]* //p' "$work/out" >>"$work/cpu.$v.$m"
    done
    i=$((i + 1))
  done
done

echo
printf '%-8s %9s | %27s | %15s | %35s | %13s\n' "" "units" "instructions per unit" "memscope Ir /" "CPU ms (median)" "CPU / plain"
printf '%-8s %9s | %8s %8s %9s | %7s %7s | %8s %8s %8s %8s | %6s %6s\n' \
  workload "(scale 1)" plain floor memscope plain floor plain floor memscope asan memsc asan
for m in $modes; do
  set -- "$(cat "$work/units.$m")"
  for v in $counted; do set -- "$@" "$(cat "$work/ir.$v.$m")"; done
  for v in $variants; do set -- "$@" "$(median <"$work/cpu.$v.$m")"; done
  echo "$m $*" | awk '{
    u = $2
    printf "%-8s %9d | %8.1f %8.1f %9.1f | %6.2fx %6.2fx | %8.1f %8.1f %8.1f %8.1f | %5.2fx %5.2fx\n",
      $1, u, $3 / u, $4 / u, $5 / u, $5 / $3, $5 / $4, $6 / 1e6, $7 / 1e6, $8 / 1e6, $9 / 1e6, $8 / $6, $9 / $6 }'
done
echo "units: calls in the source program (fib, rec), loop iterations (arrays, blocks, regs)."
echo "fib: plain and memscope make about half the calls the floor makes (GCC's loop); rec compares per call."
echo "per call over plain (rec): floor +$(awk -v f="$(cat "$work/ir.floor.rec")" -v p="$(cat "$work/ir.plain.rec")" -v u="$(cat "$work/units.rec")" 'BEGIN { printf "%.1f", (f - p) / u }'), memscope +$(awk -v f="$(cat "$work/ir.memscope.rec")" -v p="$(cat "$work/ir.plain.rec")" -v u="$(cat "$work/units.rec")" 'BEGIN { printf "%.1f", (f - p) / u }') instructions"
echo

ir() { cat "$work/ir.$1.$2"; }
target "call-heavy recursion (rec), Ir memscope / floor" "$(ratio "$(ir memscope rec)" "$(ir floor rec)")" "<=" 1.0
target "call-heavy recursion (fib), Ir memscope / floor" "$(ratio "$(ir memscope fib)" "$(ir floor fib)")" "<=" 1.0
target "loop, two blocks with an array each, Ir memscope / plain" "$(ratio "$(ir memscope arrays)" "$(ir plain arrays)")" "<=" 2.5
target "loop of register-only arithmetic, Ir memscope / plain" "$(ratio "$(ir memscope regs)" "$(ir plain regs)")" "<=" 1.02

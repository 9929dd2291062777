#!/bin/sh
# report.sh: what writing the report at exit costs, in instructions
# (callgrind), for generated programs of N calling contexts.  A test suite
# runs many short processes and each writes its report: for those, this is
# most of what memscope costs.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage, from the build tree after make: bench/report.sh [N]...
# (default: 2000 20000; 500 5000 with BENCH_QUICK=1).  Each program runs twice under callgrind, with
# output=FILE and with output=none (no snapshot, no report); the report's
# cost is the difference.  The marginal cost per context comes from the
# two largest sizes.  BASELINE_LIBDIR=DIR (a folder with another build's
# libmemscope.so.0) adds that runtime's figures, run on the same programs.
set -eu
top=${top_builddir:-$(pwd)}
if [ $# -eq 0 ]; then
  if [ "${BENCH_QUICK:-0}" = 0 ]; then set -- 2000 20000; else set -- 500 5000; fi
fi
base=${BASELINE_LIBDIR:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-report-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "report bench: valgrind is not installed" >&2; exit 1; }
export MEMSCOPE_PLUGIN="$top/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top/runtime/.libs"

# gen N: a program of about N contexts: main calls A functions, each of
# which calls the same 49 leaves, so that there are 1 + A + 49 A chains;
# each function has two variables the plugin keeps, and a body of its own
# (GCC folds identical functions into one).
gen() {
  awk -v n="$1" 'BEGIN {
    b = 49; a = int ((n - 1 + b) / (b + 1))
    print "#define KEEP(p) __asm__ __volatile__ (\"\" : : \"r\" (p) : \"memory\")"
    for (j = 0; j < b; j++)
      printf "__attribute__ ((noinline)) static int leaf%d (int x) { char buf[%d]; int k = x; KEEP (buf); KEEP (&k); return buf[0] + k; }\n", j, 8 + j
    for (i = 0; i < a; i++) {
      printf "__attribute__ ((noinline)) static int mid%d (int x) { char buf[16]; int s = 0; KEEP (buf); KEEP (&s);\n", i
      for (j = 0; j < b; j++)
        printf "  s += leaf%d (x);\n", j
      printf "  return s + %d; }\n", i    # distinct bodies: no identical code folding
    }
    print "int main (void) { int s = 0;"
    for (i = 0; i < a; i++)
      printf "  s += mid%d (%d);\n", i, i
    print "  return s == 12345; }"
  }'
}

# ir FILE ARGS...: instructions executed by the program, exit included.
ir() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# cost LIBDIR PROGRAM: "WITHOUT WITH" instructions, without and with the report.
cost() {
  c_lib=$1 c_prog=$2
  c_none=$(LD_LIBRARY_PATH=$c_lib MEMSCOPE_OPTIONS=output=none ir "$c_prog")
  c_with=$(LD_LIBRARY_PATH=$c_lib MEMSCOPE_OPTIONS=output="$work/r.json" ir "$c_prog")
  [ -n "$c_none" ] && [ -n "$c_with" ] && [ -s "$work/r.json" ] ||
    { echo "report bench: $c_prog did not run, or wrote no report" >&2; exit 1; }
  echo "$c_none $c_with"
}

echo "report at exit: instructions (callgrind), generated programs; report = with output=FILE - with output=none"
printf '%9s %9s %11s %14s %14s %12s %9s' contexts variables "report bytes" "output=none" "output=FILE" report "per ctx"
[ -z "$base" ] || printf ' %12s %7s' "baseline" "ratio"
echo
prev_n= prev_r= prev_b=
for n in "$@"; do
  gen "$n" >"$work/gen$n.c"
  "$top/tools/memscope-gcc" -O2 "$work/gen$n.c" -o "$work/gen$n"
  set -- $(cost "$top/runtime/.libs" "$work/gen$n")
  none=$1 with=$2 r=$(($2 - $1))
  contexts=$(jq '.contexts | length' "$work/r.json")
  vars=$(jq '.variables | length' "$work/r.json")
  bytes=$(wc -c <"$work/r.json")
  printf '%9d %9d %11d %14d %14d %12d %9d' "$contexts" "$vars" "$bytes" "$none" "$with" "$r" $((r / contexts))
  if [ -n "$base" ]; then
    set -- $(cost "$base" "$work/gen$n")
    b=$(($2 - $1))
    printf ' %12d %6sx' "$b" "$(awk -v a="$b" -v b="$r" 'BEGIN { printf "%.1f", a / b }')"
  fi
  echo
  if [ -n "$prev_n" ] && [ "$contexts" -gt "$prev_n" ]; then
    marginal=$(((r - prev_r) / (contexts - prev_n)))
    [ -z "$base" ] || marginal_base=$(((b - prev_b) / (contexts - prev_n)))
  fi
  prev_n=$contexts prev_r=$r prev_b=${b:-}
done
if [ -n "${marginal:-}" ]; then
  printf 'marginal: %d instructions per context (with its share of variables)' "$marginal"
  [ -z "$base" ] || printf '; baseline %d' "$marginal_base"
  echo
fi

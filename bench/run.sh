#!/bin/sh
# run.sh: make bench.  Every benchmark in one run, then one table of the
# targets: what each must reach, what it measured, met or missed.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make bench/hotpath-shared
# bench/hotpath-static): bench/run.sh; make bench does both.  About 30
# minutes on two busy cores; BENCH_QUICK=1 for a faster pass with fewer
# rounds and smaller workloads.  Environment: see bench/lib.sh (BENCH_DIR
# keeps every scratch folder) and bench/lua.sh (LUA_SRC).
#   hotpath.sh  the runtime's entry points and trampolines, per event
#   plugin.sh   C workloads: recursion, loops with blocks, register-only
#   lua.sh      Lua 5.4: same code, compile time, two benchmarks
#   heap.sh     an allocation-heavy workload
#   report.sh   writing the report at exit, per calling context
#   real.sh     the real test suites of make check-real, plain and instrumented
# Instructions (callgrind) decide the targets where the work is in-process;
# CPU times are medians and move with the machine's load.
set -eu
top=${top_builddir:-$(pwd)}
srcdir=${top_srcdir:-$top}
export top_builddir=$top top_srcdir=$srcdir
targets=$(mktemp "${TMPDIR:-/tmp}/memscope-bench-targets.XXXXXX")
trap 'rm -f "$targets"' EXIT
export BENCH_TARGETS=$targets

rev=$(git -C "$srcdir" rev-parse --short HEAD 2>/dev/null || echo "?")
dirty=$(git -C "$srcdir" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ", with local changes" || true)
quick=
[ "${BENCH_QUICK:-0}" = 0 ] || quick=" (BENCH_QUICK: fewer rounds, smaller workloads)"
echo "memscope benchmarks at $rev$dirty$quick"
echo "$(${CC:-gcc} --version | sed 1q), $(valgrind --version 2>/dev/null || echo "no valgrind"),"\
  "$(heaptrack --version 2>/dev/null | sed 1q || echo "no heaptrack"), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
for b in hotpath plugin lua heap report real; do
  echo
  bash "$srcdir/bench/$b.sh"
done

echo
echo "== targets (issue: same code, cost of bare function hooks), measured at $rev$dirty =="
printf '%-62s %9s  %11s  %s\n' "" measured target verdict
cat "$targets"
echo "$(grep -c ' met$' "$targets") met, $(grep -c ' MISSED$' "$targets") missed, $(grep -c ' not measured$' "$targets") not measured;"\
  "$(($(date +%s) - start)) s; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"

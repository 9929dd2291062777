#!/bin/sh
# cli-scale.sh: times the memscope command on a report of 100,000 contexts.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   make bench-cli               (or: top_builddir=. top_srcdir=. sh bench/cli-scale.sh [N])
#
# Generates a synthetic report (bench/cli-gen.awk: 2,000 scope sites, 8
# threads, N contexts with heap fields and thread lists, 1,000 leak
# groups), then prints the best of three runs of each command, in
# wall-clock and CPU seconds (those of the helper processes included).
# The target for `memscope summary` is well under a second.  Not part of
# make check: timings depend on the machine, and on what else it runs
# (compare CPU seconds on a busy one).
#
# Most of each command's time is json-glib parsing the report into its
# tree of nodes: 0.7 s of CPU for 100,000 contexts in one parse on a
# 2020s x86 core.  A report of 2 MiB or more has its contexts parsed in
# pieces of 32 KiB by helper processes, one per other processor
# (cli/split.c), each piece's tree freed once read.  On two cores,
# summary went from 0.81 s wall (0.81 s CPU) in one parse to 0.36 s wall
# (0.65 s CPU); on one core (taskset -c 0) it takes 0.67 s.  What memscope
# does after the parse is linear in the report.
set -eu
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
n=${1:-100000}
memscope=$top_builddir/cli/memscope
work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

awk -v n="$n" -f "$top_srcdir/bench/cli-gen.awk" >"$work/big.json"
# GNU time (Debian package "time") gives wall-clock and CPU seconds.
command -v time >/dev/null 2>&1 || [ -x /usr/bin/time ] || { echo "cli-scale.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
# Older runtimes wrote no heap fields: the same report without them.
sed 's/,"heap_allocations":[0-9]*,"heap_bytes":[0-9]*,"heap_live_bytes":[0-9]*,"heap_peak_bytes":[0-9]*//g;
     s/,"threads":\[[0-9,]*\]//g; s/,"leaks":\[[^]]*\],"heap":{[^}]*}//' \
  "$work/big.json" >"$work/big-noheap.json"
echo "report: $n contexts, $(wc -c <"$work/big.json") bytes with heap fields, $(wc -c <"$work/big-noheap.json") without"

# best-of-3 NAME COMMAND...: the fastest wall-clock time and its CPU time.
best_of_3() {
  name=$1
  shift
  best=
  for _ in 1 2 3; do
    /usr/bin/env time -o "$work/time" -f '%e %U %S' "$@" >/dev/null 2>&1
    t=$(tail -n 1 "$work/time")
    wall=${t%% *}
    if [ -z "$best" ] || awk "BEGIN { exit !($wall < ${best%% *}) }"; then best=$t; fi
  done
  set -- $best
  printf '%-34s %6.2f s wall  %6.2f s cpu\n' "$name" "$1" "$(awk "BEGIN { print $2 + $3 }")"
}

best_of_3 "summary" "$memscope" summary "$work/big.json"
best_of_3 "summary (no heap fields)" "$memscope" summary "$work/big-noheap.json"
best_of_3 "summary --json" "$memscope" summary --json "$work/big.json"
best_of_3 "top --by=heap" "$memscope" top --by=heap "$work/big.json"
best_of_3 "leaks --all" "$memscope" leaks --all "$work/big.json"
best_of_3 "tree --depth=3" "$memscope" tree --depth=3 "$work/big.json"
best_of_3 "tree (all contexts)" "$memscope" tree "$work/big.json"
best_of_3 "tree --thread=3" "$memscope" tree --thread=3 "$work/big.json"
best_of_3 "export --format=folded" "$memscope" export --format=folded "$work/big.json"
best_of_3 "export --format=html" "$memscope" export --format=html -o "$work/big.html" "$work/big.json"
best_of_3 "diff (same report twice)" "$memscope" diff "$work/big.json" "$work/big.json"
best_of_3 "merge (same report twice)" "$memscope" merge "$work/big.json" "$work/big.json" -o "$work/merged.json"

#!/bin/sh
# cli-scale.sh: times the memscope command on a report of 100,000 contexts.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   make bench-cli               (or: top_builddir=. top_srcdir=. sh bench/cli-scale.sh [N])
#
# Generates a synthetic report (bench/cli-gen.awk: 2,000 scope sites, 8
# threads, N contexts with heap fields and thread lists, 1,000 leak
# groups), then prints, for the best of three runs of each command, its
# wall-clock and CPU seconds and its peak memory.  `summary` runs on one
# processor, against its targets: 0.3 s of CPU and three times the
# report's size in memory.  Then the parse alone with the two parsers the
# command has used (bench/cli-json.c).  Not part of make check: timings
# depend on the machine, and on what else it runs (compare CPU seconds on
# a busy one).
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

# best-of-3 NAME COMMAND...: the fastest wall-clock time, its CPU time
# and peak memory (maximum resident set).
best_of_3() {
  name=$1
  shift
  best=
  for _ in 1 2 3; do
    /usr/bin/env time -o "$work/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1
    t=$(tail -n 1 "$work/time")
    wall=${t%% *}
    if [ -z "$best" ] || awk "BEGIN { exit !($wall < ${best%% *}) }"; then best=$t; fi
  done
  set -- $best
  cpu=$(awk "BEGIN { print $2 + $3 }")
  printf '%-34s %6.2f s wall  %6.2f s cpu  %5d MiB\n' "$name" "$1" "$cpu" "$(($4 / 1024))"
  last_cpu=$cpu last_kib=$4
}

size=$(wc -c <"$work/big.json")
best_of_3 "summary (one processor)" taskset -c 0 "$memscope" summary "$work/big.json"
awk -v cpu="$last_cpu" -v kib="$last_kib" -v size="$size" 'BEGIN {
  printf "  target: at most 0.30 s cpu (%s: %.2f s), at most 3x the file in memory (%s: %.1fx)\n",
         cpu <= 0.30 ? "met" : "MISSED", cpu, kib * 1024 <= 3 * size ? "met" : "MISSED", kib * 1024 / size }'
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

# The parse alone, with each parser (bench/cli-json.c).
if [ -x "$top_builddir/bench/cli-json" ]; then
  best_of_3 "parse only: json-glib, its tree" taskset -c 0 "$top_builddir/bench/cli-json" json-glib "$work/big.json"
  best_of_3 "parse only: yajl, events" taskset -c 0 "$top_builddir/bench/cli-json" yajl "$work/big.json"
fi

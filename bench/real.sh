#!/bin/bash
# real.sh: the real test suites of make check-real that the cost targets
# name (jq, SQLite, Lua, xz, zlib), their CPU time plain and with memscope.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make): bench/real.sh
# Part of make bench (bench/run.sh); environment as bench/lib.sh says, and
# MEMSCOPE_REAL_CACHE as testsuite/real/lib.sh says.
#
# Runs each project's check-real script (testsuite/real/NAME.sh) as it is:
# the builds come from check-real's cache when their key still matches
# (else the script builds them first, several minutes each), then the
# project's tests run plain and instrumented, with reports written as
# usual (and not read: MEMSCOPE_REAL_TIMING, the checks are make
# check-real's), and built a third time as the floor, bare
# -finstrument-functions hooks, whose tests run in the same round.  The
# figures are the script's own: the tests' CPU seconds (user + system,
# every process), instrumented / plain, floor / plain and instrumented /
# floor, each the median of the rounds' own ratios (0.00x: no floor
# figure, its build failed).
# Wall time moves with the machine's load more than CPU time does.
bench=real
. "${top_srcdir:-$(pwd)}/bench/lib.sh"

export MEMSCOPE_REAL_TIMING=1
# The floor too: each project built a third time with bare
# -finstrument-functions hooks (bench/hooks/shadow-stack.c), its tests run
# in the same round (testsuite/real/lib.sh, real_build_floor).
export MEMSCOPE_REAL_FLOOR=1
if [ $quick = yes ]; then real_rounds=1; else real_rounds=${BENCH_REAL_ROUNDS:-3}; fi
echo "== real test suites (make check-real's scripts), CPU seconds, median of $real_rounds =="
printf '  %-10s %9s %9s %9s | %8s %8s %8s\n' "" plain floor memscope msc/pl floor/pl msc/floor
for name in jq sqlite3 lua xz zlib; do
  : >"$work/$name.cpu"
  : >"$work/$name.floor"
  r=0
  while [ $r -lt "$real_rounds" ]; do
    # The script's own figures lines: "# PKG tests: plain W s, memscope W s
    # (xR); CPU P s, M s (xR)" and "# PKG tests, floor: CPU F s (xR); ...".
    if top_builddir=$top top_srcdir=$srcdir sh "$srcdir/testsuite/real/$name.sh" >"$work/$name.$r.tap" 2>&1 &&
      ! grep -q '^not ok' "$work/$name.$r.tap"; then
      pmx=$(sed -n 's/^# .* tests: .*; CPU \([0-9.]*\) s, \([0-9.]*\) s (x\([0-9.]*\))$/\1 \2 \3/p' \
        "$work/$name.$r.tap" | tail -n 1)
      f=$(sed -n 's/^# .* tests, floor: CPU \([0-9.]*\) s .*/\1/p' "$work/$name.$r.tap" | tail -n 1)
      [ -z "$pmx" ] || echo "$pmx" >>"$work/$name.cpu"
      # The floor's round: its CPU seconds, floor / plain, memscope / floor.
      if [ -n "$pmx" ] && [ -n "$f" ]; then
        set -- $pmx
        echo "$f $(ratio "$f" "$1") $(ratio "$2" "$f")" >>"$work/$name.floor"
      fi
    else
      echo "  $name: the check-real script failed (round $((r + 1))):"
      grep -E '^(not ok|Bail out|1\.\.0)' "$work/$name.$r.tap" | head -n 5 | sed 's/^/    /'
    fi
    r=$((r + 1))
  done
  label="$name: test suite, CPU memscope / plain"
  if [ -s "$work/$name.cpu" ]; then
    p=$(cut -d' ' -f1 "$work/$name.cpu" | median)
    m=$(cut -d' ' -f2 "$work/$name.cpu" | median)
    x=$(cut -d' ' -f3 "$work/$name.cpu" | median)
    # Each ratio the median of the rounds' own, as the target's.
    if [ -s "$work/$name.floor" ]; then
      f=$(cut -d' ' -f1 "$work/$name.floor" | median)
      fx=$(cut -d' ' -f2 "$work/$name.floor" | median)
      mf=$(cut -d' ' -f3 "$work/$name.floor" | median)
    else
      f=0 fx=0 mf=0
    fi
    printf '  %-10s %8.1fs %8.1fs %8.1fs | %7.2fx %7.2fx %7.2fx   (msc/pl rounds: %s)\n' \
      "$name" "$p" "$f" "$m" "$x" "$fx" "$mf" \
      "$(cut -d' ' -f3 "$work/$name.cpu" | sed 's/$/x/' | tr '\n' ' ' | sed 's/ $//')"
    target "$label" "$x" "<=" 1.5
  else
    target "$label" - "<=" 1.5
  fi
done

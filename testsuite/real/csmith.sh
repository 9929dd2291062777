#!/bin/sh
# csmith.sh: differential testing with random programs from csmith.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# MEMSCOPE_CSMITH_COUNT programs (default 120) from consecutive seeds
# starting at MEMSCOPE_CSMITH_SEED (default 1, so every run compares the
# same programs; set it to explore new ones), plus every program kept in
# csmith-seeds/, are built with gcc and with memscope-gcc at -O0 and -O2
# and run (csmith-one.sh): the instrumented builds must print the plain
# checksum and write a sane report with no folded context (csmith never
# generates recursion).  Programs whose plain build times out, or whose
# plain -O0 and -O2 builds disagree, are skipped.  A program that fails is
# copied into csmith-seeds/ (commit it: it is then rerun every time) and
# into the scratch folder.
. "$top_srcdir/testsuite/real/lib.sh"

real_pkg=csmith
real_need csmith libcsmith-dev
count=${MEMSCOPE_CSMITH_COUNT:-120}
# About one program in eight loops for longer than the plain timeout and is
# skipped (seeds 1 to 120: 10 of them): at least 80% are compared.
need=${MEMSCOPE_CSMITH_MIN:-$((count * 80 / 100))}
first=${MEMSCOPE_CSMITH_SEED:-1}
seeds=$top_srcdir/testsuite/real/csmith-seeds
cache=$real_cache/csmith
mkdir -p "$cache" "$tap_tmp/work"
export real_msgcc

# The kept programs, then the seeds, spread over the processors.
start=$(real_now)
{
  for f in "$seeds"/*.c; do
    [ -f "$f" ] && echo "$f"
  done
  seq "$first" $((first + count - 1))
} | xargs -P "$real_jobs" -n 1 sh "$top_srcdir/testsuite/real/csmith-one.sh" \
  "$tap_tmp/work" "$cache" >"$tap_tmp/results" 2>&1
secs=$(real_secs "$start" "$(real_now)")

# One TAP line per kept program, one for all the seeds.
for f in "$seeds"/*.c; do
  [ -f "$f" ] || continue
  name=$(basename "$f" .c)
  line=$(grep " $name\( \|$\)" "$tap_tmp/results")
  case $line in
    same*) tap_result 0 "csmith-seeds/$name.c: same checksums at -O0 and -O2" ;;
    skip*) tap_result 0 "csmith-seeds/$name.c # SKIP ${line#skip "$name" }" ;;
    *) tap_result 1 "csmith-seeds/$name.c: ${line:-no result}" ;;
  esac
done

same=$(grep -c '^same seed-' "$tap_tmp/results")
skipped=$(grep -c '^skip seed-' "$tap_tmp/results")
grep '^skip seed-' "$tap_tmp/results" | sed 's/^/# /'
grep '^diff seed-' "$tap_tmp/results" >"$tap_tmp/diffs"
other=$(grep -v '^\(same\|skip\|diff\) ' "$tap_tmp/results")
[ -z "$other" ] || echo "$other" | sed 's/^/# unexpected: /'
while read -r _ name _; do
  cp "$tap_tmp/work/$name/p.c" "$seeds/$name.c" 2>/dev/null &&
    echo "# kept $name as csmith-seeds/$name.c: commit it"
done <"$tap_tmp/diffs"
echo "# $count seeds from $first: $same same, $skipped skipped, $(wc -l <"$tap_tmp/diffs") different, $secs s"
if [ -s "$tap_tmp/diffs" ]; then
  tap_result 1 "csmith: memscope builds print the plain checksums"
  sed 's/^/#   /' "$tap_tmp/diffs"
else
  tap_result 0 "csmith: $same programs print the plain checksums at -O0 and -O2"
fi
ok "csmith: at least $need of $count programs compared" test "$same" -ge "$need"
mkdir -p "$top_builddir/testsuite/real"
echo "csmith: $same programs compared (seeds $first-$((first + count - 1)), $skipped skipped), $secs s" \
  >"$top_builddir/testsuite/real/csmith.figures"
done_testing

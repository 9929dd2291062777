#!/bin/sh
# torture.sh: GCC's own torture tests, built plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# gcc.c-torture from Debian's gcc-12 source package (only that folder, and
# the few files its tests include from elsewhere, is kept in the cache):
# execute/ (including ieee/ and builtins/) and compile/.  Each test is
# built as GCC's testsuite builds it (torture-plan.tcl reads its
# directives) with gcc and with memscope-gcc (torture-one.sh).  Wherever
# the plain build works, the instrumented one must too, with the same
# diagnostics; wherever the plain program exits with 0, the instrumented
# one must exit with 0 and print the same output, and memscope must read
# its report, whose root context is main.
#
# Levels: every set of GCC's DG_TORTURE_OPTIONS but the LTO ones (-O0,
# -O1, -O2, -O3 with loop options, -O3 -g, -Os), or those of
# MEMSCOPE_TORTURE_LEVELS="-O0;-O2" (sets of options, ';'-separated).  By
# default each level takes one test in 24 (MEMSCOPE_TORTURE_SAMPLE), a
# different one at each level, plus the programs that once failed to link
# instrumented, so that check-real stays short.  MEMSCOPE_TORTURE=full
# takes every test at every level; MEMSCOPE_TORTURE_ONLY=REGEX every test
# whose name (execute/pr.*) matches, at every level.
# A test that differs is one TAP point with its name (a TODO when listed
# in torture/known-failures with its reduced reproducer); its folder is
# kept in the scratch folder.  The plain results are cached.
. "$top_srcdir/testsuite/real/lib.sh"

real_need tcl

# The source package's upstream tarball holds GCC's own, whose testsuite
# Debian's patches leave alone but for pruned warnings.
torture_unpack() {
  orig=$(ls ./*.orig.tar.*) || return 1
  inner=$(tar -tf "$orig" | grep -m 1 '/gcc-[0-9.]*\(-dfsg\)\?\.tar\.[a-z]*$') || return 1
  tar -xf "$orig" "$inner" || return 1
  top=$(tar -tf "$inner" | head -n 1 | cut -d/ -f1)
  tar -xf "$inner" --wildcards "$top/gcc/testsuite/gcc.c-torture/*" || return 1
  # Files some tests include from other folders of the testsuite.
  others=$(cd "$top/gcc/testsuite/gcc.c-torture" &&
    grep -rhoE '^#include "\.\./\.\./[^"]+"' . | sed 's|.*"\.\./\.\./|'"$top"'/gcc/testsuite/|; s|"$||' |
    sort -u)
  # shellcheck disable=SC2086
  [ -z "$others" ] || tar -xf "$inner" $others || return 1
  rm -rf "$(dirname "$inner")" ./*.dsc ./*.tar.*
}

real_fetch gcc-12 torture_unpack
torture=$real_src/gcc/testsuite/gcc.c-torture
[ -d "$torture/execute" ] && [ -d "$torture/compile" ] ||
  skip_all "no gcc.c-torture in $real_src"

default_sample=24
# GCC's DG_TORTURE_OPTIONS but for the LTO ones.
all_levels="-O0;-O1;-O2;-O3 -fomit-frame-pointer -funroll-loops -fpeel-loops -ftracer -finline-functions;-O3 -g;-Os"
levels=${MEMSCOPE_TORTURE_LEVELS:-$all_levels}
if [ "${MEMSCOPE_TORTURE:-}" = full ] || [ -n "${MEMSCOPE_TORTURE_ONLY:-}" ]; then
  sample=${MEMSCOPE_TORTURE_SAMPLE:-1}
else
  sample=${MEMSCOPE_TORTURE_SAMPLE:-$default_sample}
fi
case $sample in
  '' | *[!0-9]* | 0) echo "Bail out! MEMSCOPE_TORTURE_SAMPLE must be a positive integer, not '$sample'"; exit 1 ;;
esac
# The programs that once failed to link instrumented (at -O2), at every level.
once_broken="execute/20001121-1 execute/20020107-1 execute/930526-1 execute/961223-1 execute/pure-1"

work=$tap_tmp/work
cache=$real_cache/torture
mkdir -p "$work" "$cache" "$tap_tmp/chunks"
: >"$tap_tmp/plan"
i=0
echo "$levels" | tr ';' '\n' >"$tap_tmp/levels"
while read -r opts; do
  i=$((i + 1))
  tclsh "$top_srcdir/testsuite/real/torture-plan.tcl" "$torture" "$opts" >"$tap_tmp/plan.one" ||
    { echo "Bail out! torture-plan.tcl failed"; exit 1; }
  # Only the tests whose names match MEMSCOPE_TORTURE_ONLY, if set; one
  # in $sample, a different one at each level, and always the once broken.
  awk -F'\t' -v re="${MEMSCOPE_TORTURE_ONLY:-}" -v k="$sample" -v i="$i" \
      -v keep=" $once_broken " '
    $1 ~ re && ((NR + i - 1) % k == 0 || index(keep, " " $1 " "))' "$tap_tmp/plan.one" |
    sed "s/^/L$i\t/" >>"$tap_tmp/plan"
done <"$tap_tmp/levels"

# Small chunks, spread over the processors; the longest groups first.
grep -v "	skip	" "$tap_tmp/plan" >"$tap_tmp/todo"
(cd "$tap_tmp/chunks" && split -l 20 -a 4 "$tap_tmp/todo" c.)
torture_gcc=$(gcc --version | head -n 1)
torture_cli=$top_builddir/cli/memscope
export real_msgcc torture_gcc torture_cli
start=$(real_now)
real_cpu
cpu0=$real_cpu_now
ls "$tap_tmp/chunks"/c.* |
  xargs -P "$real_jobs" -n 1 sh "$top_srcdir/testsuite/real/torture-one.sh" "$work" "$cache" \
    >"$tap_tmp/results" 2>"$tap_tmp/errors"
secs=$(real_secs "$start" "$(real_now)")
real_cpu
cpu=$(real_secs "$cpu0" "$real_cpu_now")
if [ -s "$tap_tmp/errors" ]; then
  echo "# torture-one.sh printed on its standard error:"
  real_tail "$tap_tmp/errors" 10
fi

# Lines "NAME OPTION|* REPRODUCER": NAME (execute/pr12345) differs at the
# levels whose options include OPTION (or at all), reduced in REPRODUCER.
known=$top_srcdir/testsuite/real/torture/known-failures
total_same=0
total_diff=0
i=0
while read -r opts; do
  i=$((i + 1))
  awk -F'\t' -v l="L$i" '$1 == l' "$tap_tmp/plan" >"$tap_tmp/plan.L$i"
  for group in execute ieee builtins compile; do
    tests=$(awk -F'\t' -v g="$group" 'index($2, g "/") == 1' "$tap_tmp/plan.L$i" | wc -l)
    [ "$tests" -gt 0 ] || continue
    # Skipped by their directives: the reasons, counted.
    awk -F'\t' -v g="$group" 'index($2, g "/") == 1 && $3 == "skip" { print $4 }' \
      "$tap_tmp/plan.L$i" | sort | uniq -c | sort -rn >"$tap_tmp/why"
    directives=$(awk '{ n += $1 } END { print n + 0 }' "$tap_tmp/why")
    grep "^[a-z]* L$i $group/" "$tap_tmp/results" >"$tap_tmp/res"
    same=$(grep -c '^same ' "$tap_tmp/res")
    plainfail=$(grep -c '^skip ' "$tap_tmp/res")
    diffs=$(grep -c '^diff ' "$tap_tmp/res")
    missing=$((tests - directives - same - plainfail - diffs))
    echo "# $opts $group: $tests tests; $directives skipped by their directives," \
      "$plainfail failing plain, $same compared the same, $diffs different"
    sed 's/^ *\([0-9]*\) /#   \1 skipped: /' "$tap_tmp/why" | head -n 8
    sed "s/^skip L$i \([^ ]*\) /#   \1: /" "$tap_tmp/res" | grep '^#' | sort -t: -k2 | head -n 40
    # Most tests must be compared: a plan or harness gone wrong shows here.
    floor=$(((tests - directives) * 9 / 10))
    [ -z "${MEMSCOPE_TORTURE_ONLY:-}" ] || floor=0
    what="build"
    [ "$group" = compile ] || what="build, run and report"
    ok "$opts $group: $same of $tests tests $what as plain (at least $floor compared, none missing)" \
      test "$same" -ge "$floor" -a "$missing" = 0
    grep '^diff ' "$tap_tmp/res" | while read -r _ _ name detail; do
      entry=$(awk -v n="$name" -v o="$opts" '$1 == n && (index(o, $2) || $2 == "*")' "$known" 2>/dev/null |
        head -n 1)
      if [ -n "$entry" ]; then
        echo "not ok - $opts $name: $detail # TODO reduced in $(echo "$entry" | awk '{ print $3 }')"
      else
        echo "not ok - $opts $name: $detail"
        echo "#   kept in $work/L$i/$name"
      fi
    done >"$tap_tmp/points"
    while read -r line; do
      tap_n=$((tap_n + 1))
      case $line in
        *"# TODO"*) ;;
        *) tap_failed=$((tap_failed + 1)) ;;
      esac
      case $line in
        "not ok - "*) echo "not ok $tap_n - ${line#not ok - }" ;;
        *) echo "$line"; tap_n=$((tap_n - 1)) ;;
      esac
    done <"$tap_tmp/points"
    total_same=$((total_same + same))
    total_diff=$((total_diff + diffs))
  done
  for t in $once_broken; do
    # MEMSCOPE_TORTURE_ONLY may leave it out.
    awk -F'\t' -v t="$t" '$2 == t { found = 1 } END { exit !found }' "$tap_tmp/plan.L$i" ||
      [ -z "${MEMSCOPE_TORTURE_ONLY:-}" ] || continue
    what="$opts $t (once failed to link instrumented) links, runs and reports as plain"
    why=$(awk -F'\t' -v t="$t" '$2 == t && $3 == "skip" { print $4 }' "$tap_tmp/plan.L$i")
    if [ -n "$why" ]; then
      tap_n=$((tap_n + 1))
      echo "ok $tap_n - $what # SKIP $why"
      continue
    fi
    line=$(grep "^[a-z]* L$i $t\( \|$\)" "$tap_tmp/results")
    is "${line%% *}" same "$what"
  done
done <"$tap_tmp/levels"

n=$(wc -l <"$tap_tmp/todo")
echo "# torture: $n builds at $(wc -l <"$tap_tmp/levels") levels in $secs s ($cpu s of CPU);" \
  "$total_same the same, $total_diff different"
mkdir -p "$top_builddir/testsuite/real"
echo "gcc torture ($(echo "$levels" | tr ';' ',')): $total_same tests the same, $total_diff different, $secs s wall, $cpu s CPU" \
  >"$top_builddir/testsuite/real/torture.figures"
done_testing

#!/bin/sh
# zlib.sh: zlib from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Its own tests (make test: example and minigzip, static and shared), then
# a round trip of a few megabytes through minigzip at levels 1, 6 and 9,
# whose compressed bytes must be the plain build's.  zlib has no recursion,
# so no report may hold a folded context.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch zlib

build() {
  ./configure
  make -j"$real_jobs"
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }
real_build_floor build || { done_testing; exit 1; }

# Test data: the sources and a binary, a few megabytes.
data=$tap_tmp/data
for i in 1 2 3 4; do
  cat "$real_src"/*.c "$real_src"/*.h /usr/bin/gcc "$real_src"/doc/*.txt
done >"$data" 2>/dev/null

for v in $real_variants; do
  real_test_begin $v
  real_test $v "make test" make test
  for level in 1 6 9; do
    real_test $v "minigzip -$level round trip" \
      sh -c "./minigzip -$level <'$data' >'$tap_tmp/$v.$level.gz' &&
             ./minigzip -d <'$tap_tmp/$v.$level.gz' | cmp - '$data'"
  done
done
for level in 1 6 9; do
  ok "zlib -$level output is the plain build's" cmp "$tap_tmp/plain.$level.gz" "$tap_tmp/memscope.$level.gz"
  ! real_have_floor || ok "zlib -$level output of the floor's build is the plain build's" \
    cmp "$tap_tmp/plain.$level.gz" "$tap_tmp/floor.$level.gz"
done

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
jq_is "$(head -n 1 "$real_dir_memscope/memscope-reports.list")" '.format' '"memscope"' "a zlib report is a memscope report"
is "$(cat "$real_dir_memscope/memscope-reports.list" | xargs jq '[.contexts[] | select(.folded)] | length' | sort -u | tr '\n' ' ')" \
  "0 " "no folded context in zlib (it never recurses)"
real_figures
done_testing

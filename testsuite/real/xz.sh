#!/bin/sh
# xz.sh: xz-utils from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The multi-threaded program of the set (pigz's source package is not in
# every mirror; liblzma has a threaded encoder and decoder).  Its own
# `make check`, then xz compressing and decompressing a few megabytes with
# 2 and 4 worker threads: the output must be the plain build's bytes, and
# the reports must show the workers, each ended with its scopes balanced.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch xz-utils

build() {
  ./configure --disable-static --disable-doc --disable-nls
  make -j"$real_jobs"
  # The test programs too (TESTS empty: none runs), so that the timed
  # make check runs the tests and compiles nothing.
  make -j"$real_jobs" check TESTS=
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }
real_build_floor build || { done_testing; exit 1; }

data=$tap_tmp/data
for i in 1 2 3; do
  cat "$real_src"/src/liblzma/*/*.c /usr/bin/gcc "$real_src"/ChangeLog
done >"$data" 2>/dev/null

for v in $real_variants; do
  real_test_begin $v
  real_test $v "make check" make -j"$real_jobs" check
  eval "dir=\$real_dir_$v"
  sed -n 's/^# \(PASS\|FAIL\|ERROR\|SKIP\): *\([0-9]*\)$/\1 \2/p' "$dir/tests/test-suite.log" |
    tr '\n' ' ' >"$tap_tmp/$v.counts"
  echo "# $v: $(cat "$tap_tmp/$v.counts")"
  for threads in 2 4; do
    real_test $v "xz -T$threads round trip" \
      sh -c "src/xz/xz -3 -T$threads --block-size=262144 -c '$data' >'$tap_tmp/$v.$threads.xz' &&
             src/xz/xz -d -T$threads -c '$tap_tmp/$v.$threads.xz' | cmp - '$data'"
  done
done
is "$(cat "$tap_tmp/memscope.counts")" "$(cat "$tap_tmp/plain.counts")" \
  "xz test counts are the plain build's"
! real_have_floor || is "$(cat "$tap_tmp/floor.counts")" "$(cat "$tap_tmp/plain.counts")" \
  "xz test counts in the floor's build are the plain build's"
for threads in 2 4; do
  ok "xz -T$threads output is the plain build's" cmp "$tap_tmp/plain.$threads.xz" "$tap_tmp/memscope.$threads.xz"
done

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
most=$(find "$real_dir_memscope/memscope-reports/test" -name '*xz*.json' -exec jq '.threads | length' {} + |
  sort -n | tail -n 1)
ok "an xz report shows its worker threads ($most threads)" test "${most:-0}" -ge 5
real_figures
done_testing

#!/bin/sh
# jq.sh: jq from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Configured as Debian does (shared libjq, system oniguruma, no docs), then
# its own `make check`: jq.test, the manual's examples, oniguruma, shell,
# UTF-8 and base64 tests.  NO_VALGRIND=1 is the suite's own switch to run
# without valgrind (Debian's build has it; it would only slow both builds).
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch jq
real_need libonig-dev autoconf automake libtool

build() {
  autoreconf -fi
  ./configure --disable-static --disable-docs --disable-maintainer-mode
  make -j"$real_jobs"
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }
real_build_floor build || { done_testing; exit 1; }

for v in $real_variants; do
  real_test_begin $v
  real_test $v "make check" make -j"$real_jobs" check NO_VALGRIND=1
  eval "dir=\$real_dir_$v"
  sed -n 's/^# \(PASS\|FAIL\|ERROR\|SKIP\): *\([0-9]*\)$/\1 \2/p' "$dir/test-suite.log" |
    tr '\n' ' ' >"$tap_tmp/$v.counts"
  # jq --run-tests prints "N of M tests passed" for each .test file.
  cat "$dir"/tests/*.log | awk '/ tests passed / { p += $1; m += $3 } END { print p " of " m }' \
    >"$tap_tmp/$v.cases"
  echo "# $v: $(cat "$tap_tmp/$v.counts"); jq test cases passed: $(cat "$tap_tmp/$v.cases")"
done
is "$(cat "$tap_tmp/memscope.counts")" "$(cat "$tap_tmp/plain.counts")" \
  "jq test scripts: the same results as the plain build's"
is "$(cat "$tap_tmp/memscope.cases")" "$(cat "$tap_tmp/plain.cases")" \
  "jq test cases: the same results as the plain build's ($(cat "$tap_tmp/plain.cases"))"
if real_have_floor; then
  is "$(cat "$tap_tmp/floor.cases")" "$(cat "$tap_tmp/plain.cases")" "jq test cases: the floor's results are the plain build's"
fi

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
real_figures
done_testing

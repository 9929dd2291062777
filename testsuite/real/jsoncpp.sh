#!/bin/sh
# jsoncpp.sh: a C++ library with exceptions (Debian's jsoncpp), plain and
# with memscope-g++.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Configured with CMake as Debian does (shared library, its tests on), then
# its own tests through ctest: jsoncpp_test, 119 unit tests of which dozens
# expect an exception (a wrong type, a bad index, an invalid document, each
# thrown through instrumented frames and caught in the test), and
# jsontestrunner reading and rewriting the test data and JSON_checker's
# documents, some 460 runs.  Both builds must pass the same unit tests, and
# every report (one per run) must be balanced: an exception unwinding
# through a scope closes it.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch libjsoncpp
real_need cmake python3

build() {
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DBUILD_STATIC_LIBS=OFF \
    -DBUILD_OBJECT_LIBS=OFF -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CFLAGS"
  cmake --build build -j"$real_jobs"
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }

for v in plain memscope; do
  real_test_begin $v
  real_test $v "ctest" ctest --test-dir build -V
  eval "dir=\$real_dir_$v"
  sed -n 's/^.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\)$/\1 failed of \2/p' \
    "$dir/memscope-real-test.log" >"$tap_tmp/$v.counts"
  grep -c '^[0-9]*: Testing .*: OK$' "$dir/memscope-real-test.log" >"$tap_tmp/$v.unit"
  echo "# $v: ctest $(cat "$tap_tmp/$v.counts"); unit tests passed: $(cat "$tap_tmp/$v.unit")"
done
ok "the plain build ran its unit tests ($(cat "$tap_tmp/plain.unit"))" test "$(cat "$tap_tmp/plain.unit")" -gt 100
is "$(cat "$tap_tmp/memscope.counts")" "$(cat "$tap_tmp/plain.counts")" "jsoncpp: ctest's results are the plain build's"
is "$(cat "$tap_tmp/memscope.unit")" "$(cat "$tap_tmp/plain.unit")" "jsoncpp: the same unit tests pass"
ok "jsoncpp: libjsoncpp needs libmemscope" \
  sh -c "objdump -p '$real_dir_memscope'/build/lib/libjsoncpp.so | grep -q 'NEEDED.*libmemscope'"

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope/build")
real_figures
done_testing

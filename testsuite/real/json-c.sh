#!/bin/sh
# json-c.sh: a CMake project (Debian's json-c) instrumented in README's form
# for CMake, with memscope installed (real_installed).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   cmake -DCMAKE_C_FLAGS="-O2 -specs=$(pkg-config --variable=specs memscope)"
#
# CMake puts CMAKE_C_FLAGS on the compile lines and on the link lines of
# executables and shared libraries alike, so the spec file adds the plugin
# to the first and the runtime to the others.  Configured as Debian does
# (shared library, -Werror kept: the instrumented build must not warn), then
# its own tests through ctest (23 scripts comparing each test program's
# output with the expected one), which must all pass as in the plain build;
# every report the tests wrote must be sane.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch json-c
real_need cmake pkg-config
real_installed

build() {
  if [ "$real_variant" = cmake ]; then
    CFLAGS="$CFLAGS -specs=$(pkg-config --variable=specs memscope)"
  fi
  cmake -S . -B build -DCMAKE_BUILD_TYPE=None -DBUILD_STATIC_LIBS=OFF \
    -DCMAKE_C_FLAGS="$CFLAGS"
  cmake --build build -j"$real_jobs"
}

real_build plain build || { done_testing; exit 1; }
real_build cmake build || { done_testing; exit 1; }

for v in plain cmake; do
  real_test_begin $v
  # USE_VALGRIND=0: as Debian's build runs them.
  real_test $v "ctest" env USE_VALGRIND=0 ctest --test-dir build -j"$real_jobs" --output-on-failure
  eval "dir=\$real_dir_$v"
  sed -n 's/^.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\)$/\1 failed of \2/p' \
    "$dir/memscope-real-test.log" >"$tap_tmp/$v.counts"
  echo "# $v: $(cat "$tap_tmp/$v.counts")"
done
is "$(cat "$tap_tmp/plain.counts")" "0 failed of 23" "json-c (plain): 23 ctest tests, none failed"
is "$(cat "$tap_tmp/cmake.counts")" "$(cat "$tap_tmp/plain.counts")" "json-c (cmake): the plain build's ctest results"
ok "json-c (cmake): libjson-c needs libmemscope" \
  sh -c "objdump -p '$real_dir_cmake'/build/libjson-c.so | grep -q 'NEEDED.*libmemscope'"
# shellcheck disable=SC2046
real_check_reports cmake $(real_elf_files "$real_dir_cmake/build")
real_figures cmake
done_testing

#!/bin/sh
# fribidi.sh: a Meson project (Debian's fribidi, built with its upstream
# meson.build) instrumented in README's form for Meson, with memscope
# installed (real_installed).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   S=$(pkg-config --variable=specs memscope)
#   meson setup build -Dc_args=-specs=$S -Dc_link_args=-specs=$S
#
# Meson passes c_args to compiles only and c_link_args to links only, so the
# spec file goes in both: the plugin for the first, the runtime for the
# other.  The build runs its own instrumented generators (gen.tab), then
# `meson test`: six fribidi command-line tests against reference output
# and Unicode's two bidi conformance suites (BidiTest and
# BidiCharacterTest: 582,545 lines of cases), which must all pass as in the
# plain build; every report must be sane.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch fribidi
real_need meson ninja-build pkg-config python3
real_installed

build() {
  args="-O2 -g"
  link=
  if [ "$real_variant" = meson ]; then
    specs=$(pkg-config --variable=specs memscope)
    args="$args -specs=$specs"
    link="-specs=$specs"
  fi
  # The flags come from the options alone, not from CFLAGS in the
  # environment.
  unset CFLAGS
  meson setup build --buildtype=plain -Ddocs=false -Dc_args="$args" ${link:+-Dc_link_args="$link"}
  ninja -C build -j"$real_jobs"
}

real_build plain build || { done_testing; exit 1; }
real_build meson build || { done_testing; exit 1; }

for v in plain meson; do
  real_test_begin $v
  real_test $v "meson test" meson test -C build --num-processes "$real_jobs" --print-errorlogs
  eval "dir=\$real_dir_$v"
  # Meson's summary: "Ok: 8", "Fail: 0", ... one a line.
  sed -n 's/^\(Ok\|Expected Fail\|Fail\|Unexpected Pass\|Skipped\|Timeout\): *\([0-9]*\) *$/\1 \2/p' \
    "$dir/memscope-real-test.log" | tr '\n' ' ' >"$tap_tmp/$v.counts"
  echo "# $v: $(cat "$tap_tmp/$v.counts")"
done
is "$(cat "$tap_tmp/plain.counts")" "Ok 8 Expected Fail 0 Fail 0 Unexpected Pass 0 Skipped 0 Timeout 0 " \
  "fribidi (plain): 8 tests passed"
is "$(cat "$tap_tmp/meson.counts")" "$(cat "$tap_tmp/plain.counts")" "fribidi (meson): the plain build's results"
ok "fribidi (meson): libfribidi needs libmemscope" \
  sh -c "objdump -p '$real_dir_meson'/build/lib/libfribidi.so | grep -q 'NEEDED.*libmemscope'"
ok "fribidi (meson): BidiTest wrote a report" \
  sh -c "ls '$real_dir_meson'/memscope-reports/test/BidiTest.*.json"
# shellcheck disable=SC2046
real_check_reports meson $(real_elf_files "$real_dir_meson/build")
real_figures meson
done_testing

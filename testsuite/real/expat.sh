#!/bin/sh
# expat.sh: a libtool project (Debian's expat) instrumented in README's two
# forms for Autotools builds, with memscope installed (real_installed).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   cc     CC=memscope-gcc CXX=memscope-g++ ./configure && make
#   specs  CFLAGS/CXXFLAGS="... -specs=$(pkg-config --variable=specs memscope)"
#          ./configure && make, for builds whose CC cannot change
#
# Both pass libtool's own configure checks (the symbol pipe included, see
# libtool-fplugin.sh) and build a shared libexpat, C and C++ test programs
# and xmlwf.  Its own `make check` (runtests and runtestspp, minicheck
# suites of a few hundred tests each) must give the plain build's results,
# and every report the tests wrote must be sane.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch expat
real_need autoconf automake libtool pkg-config
real_installed

build() {
  cd expat
  ./buildconf.sh
  specs=$(pkg-config --variable=specs memscope)
  case $real_variant in
    cc)
      CC=$real_prefix/bin/memscope-gcc
      CXX=$real_prefix/bin/memscope-g++ ;;
    specs)
      CFLAGS="$CFLAGS -specs=$specs"
      CXXFLAGS="-O2 -g -specs=$specs" ;;
  esac
  ./configure --without-docbook --disable-static CC="$CC" CXX="$CXX" \
    CFLAGS="$CFLAGS" CXXFLAGS="${CXXFLAGS:--O2 -g}"
  make -j"$real_jobs"
  # The test programs too (TESTS empty: none runs), so that the timed
  # make check runs the tests and compiles nothing.
  make -j"$real_jobs" check TESTS=
}

real_build plain build || { done_testing; exit 1; }
real_build cc build || { done_testing; exit 1; }
real_build specs build || { done_testing; exit 1; }

for v in plain cc specs; do
  real_test_begin $v
  real_test $v "make check" make -C expat -j"$real_jobs" check
  eval "dir=\$real_dir_$v"
  # minicheck's summary line per program: "100%: Checks: 371, Failed: 0".
  grep -h 'Checks: ' "$dir"/expat/tests/runtests.log "$dir"/expat/tests/runtestspp.log 2>/dev/null |
    tr '\n' ' ' >"$tap_tmp/$v.counts"
  echo "# $v: $(cat "$tap_tmp/$v.counts")"
done
ok "the plain build ran its checks" grep -q 'Checks: [1-9]' "$tap_tmp/plain.counts"
for v in cc specs; do
  is "$(cat "$tap_tmp/$v.counts")" "$(cat "$tap_tmp/plain.counts")" \
    "expat ($v): the plain build's check results"
  eval "dir=\$real_dir_$v"
  ok "expat ($v): libexpat needs libmemscope" \
    sh -c "objdump -p '$dir'/expat/lib/.libs/libexpat.so | grep -q 'NEEDED.*libmemscope'"
  ok "expat ($v): runtestspp (C++) wrote a report" \
    sh -c "ls '$dir'/memscope-reports/test/runtestspp.*.json"
  # shellcheck disable=SC2046
  real_check_reports $v $(real_elf_files "$dir/expat")
  real_figures $v
done
done_testing

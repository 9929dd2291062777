#!/bin/sh
# pcre2.sh: PCRE2 from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The shared libpcre2-8 with its JIT compiler (machine code written and run
# at run time, on a stack of its own), pcre2test, pcre2grep and the JIT and
# POSIX test programs, all instrumented.  GLib, which the runtime uses, needs
# libpcre2-8 too: run through libtool's wrappers, the tests load the
# instrumented library in its place, before GLib, and the runtime starts
# before GLib does.  Its own `make check`: RunTest's thousands of patterns
# and subjects compared with the expected output, RunGrepTest's pcre2grep
# runs, pcre2_jit_test and pcre2posix_test; each must give the plain
# build's result.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch pcre2
# A test that hangs (the runtime before GLib was one) fails in minutes.
real_timeout=${MEMSCOPE_REAL_TIMEOUT:-300}

build() {
  ./configure --enable-jit --disable-static
  make -j"$real_jobs"
  # The test programs too (TESTS empty: none runs), so that the timed
  # make check runs the tests and compiles nothing.
  make -j"$real_jobs" check TESTS=
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }

for v in plain memscope; do
  real_test_begin $v
  eval "dir=\$real_dir_$v"
  rm -f "$dir"/test-suite.log "$dir"/Run*Test.log "$dir"/Run*Test.trs \
    "$dir"/pcre2*_test.log "$dir"/pcre2*_test.trs
  # A test program that fails is compared below (and, instrumented, run
  # again once): here, that make check ran all four.
  real_test $v "make check runs its 4 test programs" \
    sh -c 'make -j"$1" check || [ "$(ls ./*.trs | wc -l)" -ge 4 ]' sh "$real_jobs"
  # Automake's harness: a .trs file per test program, ":test-result: PASS".
  sed -n 's/^:test-result: //p' "$dir"/*.trs 2>/dev/null | sort | uniq -c |
    tr -s ' ' | tr '\n' ' ' >"$tap_tmp/$v.results"
  echo "# $v: $(cat "$tap_tmp/$v.results")"
done
# A test program that fails runs again alone, once, in either build:
# pcre2grep's script callouts fork the callout before they flush pcre2grep's
# own output (src/pcre2grep.c), so that which of the two comes first depends
# on timing.  A slower fork (the runtime's fork handlers) on a busy machine
# put a line after the callout's once in RunGrepTest instrumented, and a
# load of hundreds did the same to the plain build.
again_plain= again_memscope=
for v in plain memscope; do
  eval "dir=\$real_dir_$v"
  again=
  for trs in "$dir"/*.trs; do
    [ -e "$trs" ] && grep -q '^:test-result: FAIL' "$trs" || continue
    t=$(basename "$trs" .trs)
    again="$again $t"
    (cd "$dir" &&
       MEMSCOPE_OPTIONS=output=$real_dir_memscope/memscope-reports/test/%e.%p.json \
         timeout "$real_timeout" make check TESTS="$t") >>"$dir/memscope-real-test.log" 2>&1
  done
  [ -n "$again" ] || continue
  eval "again_$v=\$again"
  echo "# $v: ran again alone:$again"
  sed -n 's/^:test-result: //p' "$dir"/*.trs 2>/dev/null | sort | uniq -c |
    tr -s ' ' | tr '\n' ' ' >"$tap_tmp/$v.results"
  echo "# $v, after that: $(cat "$tap_tmp/$v.results")"
done
is "$(cat "$tap_tmp/plain.results")" " 4 PASS " \
  "the plain build passes its 4 test programs${again_plain:+ (ran again alone, once:$again_plain)}"
is "$(cat "$tap_tmp/memscope.results")" "$(cat "$tap_tmp/plain.results")" \
  "pcre2: the plain build's results${again_memscope:+ (ran again alone, once:$again_memscope)}"
ok "pcre2: libpcre2-8 needs libmemscope" \
  sh -c "objdump -p '$real_dir_memscope'/.libs/libpcre2-8.so | grep -q 'NEEDED.*libmemscope'"
ok "pcre2: pcre2_jit_test wrote a report" \
  sh -c "ls '$real_dir_memscope'/memscope-reports/test/*pcre2_jit_test.*.json"

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope/.libs")
real_figures
done_testing

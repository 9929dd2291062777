#!/bin/sh
# libuv.sh: libuv from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# An event loop built on a thread pool, signals, fork, child processes,
# pipes and sockets, and its own test runner, test/run-tests: some 410
# tests, each in a child process the runner spawns and times out.  Every
# test the plain build passes must pass instrumented.  A test that fails is
# run again alone, twice at most, in either build, since a few depend on
# timing or on the machine's network; one that fails plain is left out, and
# so are the two that connect outside the machine.
# The runner refuses to run as root unless UV_RUN_AS_ROOT is set: it is (a
# test that needs another user fails in both builds).
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch libuv1
real_need autoconf automake libtool

build() {
  sh autogen.sh
  ./configure --disable-static
  make -j"$real_jobs"
  make -j"$real_jobs" test/run-tests
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }

for v in plain memscope; do
  real_test_begin $v
  eval "dir=\$real_dir_$v"
  # run-tests exits 1 when a test fails; the failures are what is looked at.
  # shellcheck disable=SC2016
  rm -f "$dir"/run-tests.*
  real_test $v "test/run-tests (failures run again alone)" env UV_RUN_AS_ROOT=1 sh -c '
    test/run-tests >run-tests.tap 2>&1 </dev/null
    sed -n "s/^not ok [0-9]* - \([a-z0-9_]*\).*/\1/p" run-tests.tap >run-tests.failed
    : >run-tests.still
    while read -r t; do
      test/run-tests "$t" >/dev/null 2>&1 </dev/null || test/run-tests "$t" >/dev/null 2>&1 </dev/null ||
        echo "$t" >>run-tests.still
    done <run-tests.failed
    echo "first run: $(grep -c "^ok" run-tests.tap) passed; failed: $(tr "\n" " " <run-tests.failed); again: $(tr "\n" " " <run-tests.still)"'
  grep -c '^ok' "$dir/run-tests.tap" >"$tap_tmp/$v.ok"
  grep -c '^\(not \)\?ok' "$dir/run-tests.tap" >"$tap_tmp/$v.ran"
  tr '\n' ' ' <"$dir/run-tests.still" >"$tap_tmp/$v.still"
  echo "# $v: $(cat "$tap_tmp/$v.ran") tests, $(cat "$tap_tmp/$v.ok") passed at once; failing alone too: $(cat "$tap_tmp/$v.still")"
done
ok "the plain build ran its tests ($(cat "$tap_tmp/plain.ran"), $(cat "$tap_tmp/plain.ok") passed at once)" \
  test "$(cat "$tap_tmp/plain.ok")" -gt 300
is "$(cat "$tap_tmp/memscope.ran")" "$(cat "$tap_tmp/plain.ran")" "libuv: as many tests ran as in the plain build"
# Those that fail instrumented and not plain.  Two tests connect to
# addresses outside the machine (1.2.3.4, 8.8.8.8): its network decides
# whether they pass, in either build, from one run to the next.
outside="tcp_close_while_connecting tcp_connect_timeout"
extra=
for t in $(cat "$tap_tmp/memscope.still"); do
  case " $(cat "$tap_tmp/plain.still") $outside " in *" $t "*) ;; *) extra="$extra $t" ;; esac
done
is "$extra" "" "libuv: every test the plain build passes passes (failing plain: '$(cat "$tap_tmp/plain.still")')"

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
real_figures
done_testing

#!/bin/sh
# gawk.sh: GNU awk from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The interpreter (with MPFR, readline and its persistent-memory allocator),
# its support library and its extensions, shared objects the tests load
# with -l (filefuncs, rwarray, fork, readdir...), all instrumented.  Its own
# test suite, `make -C test check`: some 580 awk programs whose output is
# compared with the expected one, run with their exit statuses, signals,
# pipes to and from other processes, fork and exec.  A test that fails
# leaves its output as test/_NAME: a few depend on locales the machine may
# not have, so every test the plain build passes must pass instrumented (one
# that fails runs again alone, once).
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch gawk
real_need libmpfr-dev libgmp-dev libreadline-dev

build() {
  ./configure --disable-nls
  # The programs and the extensions the tests load; doc/ needs sources
  # Debian's package leaves out.
  make -j"$real_jobs" -C support
  make -j"$real_jobs" gawk
  make -j"$real_jobs" -C extension
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }

for v in plain memscope; do
  real_test_begin $v
  eval "dir=\$real_dir_$v"
  rm -f "$dir"/test/_*
  # The suite exits 2 when a test fails: the list of failures is what is
  # compared, and the number of tests it ran.
  real_test $v "make -C test check (its failures listed)" \
    sh -c 'make -C test check; echo "make -C test check: exit status $?"'
  failed=
  for f in "$dir"/test/_*; do
    [ -e "$f" ] && failed="$failed${f##*/_} "
  done
  echo "$failed" >"$tap_tmp/$v.failed"
  grep -c '^[a-z][-a-z0-9_]*$' "$dir/memscope-real-test.log" >"$tap_tmp/$v.ran"
  echo "# $v: $(cat "$tap_tmp/$v.ran") tests ran; failed: $(cat "$tap_tmp/$v.failed")"
done
# A test that fails instrumented and not plain runs again alone, once (a
# few of gawk's tests depend on timing).
again=
for t in $(cat "$tap_tmp/memscope.failed"); do
  case " $(cat "$tap_tmp/plain.failed") " in *" $t "*) continue ;; esac
  rm -f "$real_dir_memscope/test/_$t"
  MEMSCOPE_OPTIONS=output=$real_dir_memscope/memscope-reports/test/%e.%p.json \
    make -C "$real_dir_memscope/test" "$t" >>"$real_dir_memscope/memscope-real-test.log" 2>&1
  [ -e "$real_dir_memscope/test/_$t" ] && again="$again $t"
done
ok "the plain build ran its tests ($(cat "$tap_tmp/plain.ran"))" test "$(cat "$tap_tmp/plain.ran")" -gt 500
is "$(cat "$tap_tmp/memscope.ran")" "$(cat "$tap_tmp/plain.ran")" "gawk: as many tests ran as in the plain build"
is "$again" "" "gawk: every test the plain build passes passes (failing plain: '$(cat "$tap_tmp/plain.failed")')"
ok "gawk: the extensions need libmemscope" \
  sh -c "objdump -p '$real_dir_memscope'/extension/.libs/filefuncs.so | grep -q 'NEEDED.*libmemscope'"

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
real_figures
done_testing

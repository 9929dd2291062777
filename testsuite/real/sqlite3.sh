#!/bin/sh
# sqlite3.sh: SQLite from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Configured with Debian's options (debian/rules), then the shell and its
# TCL test harness (testfixture) are built.  The full suites run for tens
# of minutes, and `make quicktest` for more than ten on two cores, so this
# runs a fixed set of SQLite's own test scripts, unchanged: the smoke test
# (main.test), SELECT, expressions, functions, joins, recursive CTEs, JSON,
# window functions, triggers, savepoints, foreign keys, R-tree, FTS5, and
# two multi-threaded ones (thread001, thread1).
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch sqlite3
real_need tcl8.6-dev tcl8.6 libreadline-dev zlib1g-dev autoconf automake libtool

build() {
  CFLAGS="$CFLAGS -fno-strict-aliasing \
    -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA \
    -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 \
    -DSQLITE_ENABLE_UNLOCK_NOTIFY \
    -DSQLITE_OMIT_LOOKASIDE=1 -DSQLITE_ENABLE_DBSTAT_VTAB \
    -DSQLITE_ALLOW_ROWID_IN_VIEW \
    -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 \
    -DSQLITE_ENABLE_LOAD_EXTENSION \
    -DSQLITE_ENABLE_JSON1 \
    -DSQLITE_LIKE_DOESNT_MATCH_BLOBS \
    -DSQLITE_THREADSAFE=1 \
    -DSQLITE_ENABLE_FTS3_TOKENIZER=1 \
    -DSQLITE_USE_URI=1 \
    -DSQLITE_MAX_SCHEMA_RETRY=25 \
    -DSQLITE_ENABLE_PREUPDATE_HOOK \
    -DSQLITE_ENABLE_SESSION \
    -DSQLITE_ENABLE_STMTVTAB \
    -DSQLITE_MAX_VARIABLE_NUMBER=250000"
  export CFLAGS
  ./configure --enable-threadsafe --enable-load-extension --enable-fts4 --enable-fts5 \
    --with-tcl="/usr/lib/$(gcc -print-multiarch)/tcl8.6"
  make -j"$real_jobs" sqlite3 testfixture
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }
real_build_floor build || { done_testing; exit 1; }

tests="test/main.test test/select1.test test/expr.test test/func.test
  test/join.test test/with1.test test/json101.test test/window1.test
  test/trigger1.test test/savepoint.test test/fkey1.test test/misc1.test
  test/e_select.test ext/rtree/rtree1.test ext/fts5/test/fts5aa.test
  test/thread001.test test/thread1.test"

for v in $real_variants; do
  real_test_begin $v
  total=0
  for t in $tests; do
    real_test $v "$t" ./testfixture "$t"
    eval "dir=\$real_dir_$v"
    # The count the last command printed ("N errors out of M tests").
    n=$(awk '/^\$ / { n = 0 } / errors out of / { n = $5 } END { print n + 0 }' \
      "$dir/memscope-real-test.log")
    total=$((total + ${n:-0}))
  done
  echo "# $v: $total SQLite test cases"
  eval "cases_$v=\$total"
done
is "$cases_memscope" "$cases_plain" "SQLite ran as many test cases with memscope ($cases_plain)"
! real_have_floor || is "$cases_floor" "$cases_plain" "SQLite ran as many test cases in the floor's build"

# SQLite's test threads end in Tcl_ExitThread (pthread_exit) inside
# tclScriptThread (repro/pthread-exit-1.c): their scopes are closed at the
# thread's end, and the reports must show them balanced.
# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
most=$(find "$real_dir_memscope/memscope-reports/test" -name '*.json' -exec jq '.threads | length' {} + |
  sort -n | tail -n 1)
ok "a testfixture report shows the test threads ($most threads)" test "${most:-0}" -ge 3
real_figures
done_testing

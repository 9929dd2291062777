# testsuite/stress/lib.sh: shared helpers of the stress and fault tests.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by each testsuite/stress/*.sh after testsuite/tap.sh.  The
# environment comes from AM_TESTS_ENVIRONMENT: top_srcdir, top_builddir.

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
LC_ALL=C
export LC_ALL

inputs=$top_srcdir/testsuite/stress
[ -x "$top_builddir/plugin/.libs/memscope.so" ] || [ -f "$top_builddir/plugin/.libs/memscope.so" ] ||
  skip_all "the plugin was not built"
command -v jq >/dev/null || skip_all "jq is not installed"

# A thread is balanced when nothing is open and no exit went unmatched.
balanced='[.threads[] | select(.open_scopes != 0 or .unmatched_exits != 0 or .lost_events != 0)] | length'

# build OUT SRC FLAGS...: SRC from testsuite/stress instrumented into
# $tap_tmp/OUT (compiled from $tap_tmp, so file fields are base names);
# records a test point.
build() {
  b_out=$1 b_src=$2
  shift 2
  [ -f "$tap_tmp/$b_src" ] || cp "$inputs/$b_src" "$tap_tmp/$b_src"
  if (cd "$tap_tmp" && MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" \
        MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
        "$top_builddir/tools/memscope-gcc" -fchecking -pthread "$@" "$b_src" -o "$b_out") \
       >"$tap_tmp/$b_out.log" 2>&1; then
    tap_result 0 "build $b_src $*"
    return 0
  fi
  tap_result 1 "build $b_src $*"
  sed 's/^/# /' "$tap_tmp/$b_out.log"
  return 1
}

# build_plain OUT SRC FLAGS...: the same program without memscope.
build_plain() {
  b_out=$1 b_src=$2
  shift 2
  [ -f "$tap_tmp/$b_src" ] || cp "$inputs/$b_src" "$tap_tmp/$b_src"
  if (cd "$tap_tmp" && gcc -pthread "$@" "$b_src" -o "$b_out") >"$tap_tmp/$b_out.log" 2>&1; then
    tap_result 0 "build $b_src $* (plain)"
    return 0
  fi
  tap_result 1 "build $b_src $* (plain)"
  sed 's/^/# /' "$tap_tmp/$b_out.log"
  return 1
}

# signal_under_gdb TITLE OUT SRC WHERE GDB-ARGS...: builds SRC at -O2 into
# OUT (a test point), runs ./OUT under gdb (MEMSCOPE_OPTIONS=output=OUT.json,
# 60 s at most) with GDB-ARGS, the -ex commands that stop it, then delivers
# SIGUSR1 where it stopped; OUT.gdb holds gdb's output and gdb_status its
# exit status.  Returns 1 when the build failed, and, recording TITLE as
# skipped, without gdb or when no line of the output matches WHERE (the
# stop did not happen).
signal_under_gdb() {
  g_title=$1 g_out=$2 g_src=$3 g_where=$4
  shift 4
  if ! command -v gdb >/dev/null; then
    tap_result 0 "$g_title # SKIP gdb is not installed"
    return 1
  fi
  build "$g_out" "$g_src" -O2 || return 1
  timeout -k 5 60 gdb -nx -batch -ex "set environment MEMSCOPE_OPTIONS=output=$g_out.json" \
    "$@" -ex 'signal SIGUSR1' "./$g_out" >"$g_out.gdb" 2>&1
  gdb_status=$?
  grep -q "$g_where" "$g_out.gdb" && return 0
  diag "$(cat "$g_out.gdb")"
  tap_result 0 "$g_title # SKIP gdb could not stop the program in the runtime"
  return 1
}

# As an unprivileged user when root (tests run as root in CI): setpriv.
as_nobody=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi

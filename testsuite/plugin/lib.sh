# testsuite/plugin/lib.sh: shared helpers of the plugin tests.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by each testsuite/plugin/*.sh; it sources testsuite/tap.sh.  The
# environment comes from AM_TESTS_ENVIRONMENT: top_srcdir, top_builddir,
# CC, CXX.

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
. "$top_srcdir/testsuite/tap.sh"
CC=${CC:-gcc}
CXX=${CXX:-g++}
LC_ALL=C
export LC_ALL

plugin=$top_builddir/plugin/.libs/memscope.so
runtime_libdir=$top_builddir/runtime/.libs
inputs=$top_srcdir/testsuite/plugin
work=$tap_tmp

# compile OUT SRC FLAGS...: build SRC (C or C++ by extension) with the
# plugin and link the runtime; records a test.
compile ()
{
  out=$1 src=$2
  shift 2
  case $src in
    *.cc) compiler=$CXX ;;
    *) compiler=$CC ;;
  esac
  # Compiled from $work by its base name: the report's file fields are
  # then just "foo-1.c".
  cp "$inputs/$src" "$work/$src"
  if (cd "$work" && $compiler -fchecking -fplugin="$plugin" \
        -I"$top_srcdir/include" "$@" "$src" -o "$out" \
        -L"$runtime_libdir" -Wl,-rpath,"$runtime_libdir" -lmemscope -pthread) \
       >"$work/$out.log" 2>&1; then
    tap_result 0 "build $src $*"
    return 0
  fi
  tap_result 1 "build $src $*"
  diag "$(cat "$work/$out.log")"
  return 1
}

# run_report EXE ARGS...: run EXE in $work; its report goes to $work/EXE.json,
# its stdout to $work/EXE.out, its exit status to $status.
run_report ()
{
  exe=$1
  shift
  rm -f "$work/$exe.json"
  (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe.json" \
      "./$exe" "$@" >"$work/$exe.out" 2>"$work/$exe.err")
  status=$?
  if [ -s "$work/$exe.json" ] && jq -e '.format == "memscope"' "$work/$exe.json" >/dev/null 2>&1; then
    tap_result 0 "run $exe: report written"
    return 0
  fi
  tap_result 1 "run $exe: report written (status $status)"
  diag "$(cat "$work/$exe.err")"
  return 1
}

# check JSON DESCRIPTION JQ-FILTER EXPECTED: the compact output of the
# filter on the report must be EXPECTED exactly.  Filters may use, whatever
# their input: R (the report), scope(NAME), sid(NAME), sname(ID),
# var(SCOPE-NAME; VAR-NAME) and ctx(ID).
check ()
{
  json=$1 what=$2 filter=$3 expected=$4
  defs='def R: $root[0];
        def one($what): if length == 1 then .[0] else error("\($what): \(length) matches") end;
        def scope($n): [R.scopes[] | select(.name == $n)] | one("scope \($n)");
        def sid($n): scope($n).id;
        def sname($i): if $i == null then null else [R.scopes[] | select(.id == $i)] | one("scope id \($i)") | .name end;
        def ctx($i): [R.contexts[] | select(.id == $i)] | one("context \($i)");
        def var($s; $n): sid($s) as $id | [R.variables[] | select(.name == $n and .scope == $id)] | one("variable \($n) in \($s)");'
  got=$(jq -c --slurpfile root "$work/$json" "$defs $filter" "$work/$json" 2>&1)
  if [ "$got" = "$expected" ]; then
    tap_result 0 "$json: $what"
  else
    tap_result 1 "$json: $what"
    diag "filter:   $filter" "expected: $expected" "got:      $got"
  fi
}

# same_output EXE EXPECTED-STDOUT EXPECTED-STATUS
same_output ()
{
  if [ "$(cat "$work/$1.out")" = "$2" ] && [ "$status" = "$3" ]; then
    tap_result 0 "$1: output and exit status unchanged"
  else
    tap_result 1 "$1: output and exit status unchanged"
    diag "expected status $3, output:" "$2" "got status $status, output:" "$(cat "$work/$1.out")"
  fi
}

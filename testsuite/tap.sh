# tap.sh: TAP helpers for the shell tests; source it.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The one library of test helpers every shell test uses; the area
# libraries (testsuite/*/lib.sh) add helpers of their own, never under a
# name used here or in another of them.  A test point is recorded by
# tap_result, ok, is, jq_is or result_is; diag explains a failure.

tap_n=0
tap_failed=0

# A fresh scratch folder per test script, removed when it passes.
tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/memscope-test.XXXXXX")
trap 'if [ "$tap_failed" = 0 ]; then rm -rf "$tap_tmp"; else echo "# scratch kept in $tap_tmp"; fi' EXIT

tap_result() { # STATUS DESCRIPTION: a test point, passed if STATUS is 0
  tap_n=$((tap_n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $tap_n - $2"
  else
    echo "not ok $tap_n - $2"
    tap_failed=$((tap_failed + 1))
  fi
}

ok() { # DESCRIPTION COMMAND...: passed if COMMAND succeeds
  ok_desc=$1
  if [ $# -lt 2 ]; then
    tap_result 1 "$ok_desc"
    diag "ok was given no command to run"
    return
  fi
  shift
  if "$@" >/dev/null 2>&1; then tap_result 0 "$ok_desc"; else tap_result 1 "$ok_desc"; fi
}

diag() { # TEXT...: TAP comments, one per line of each TEXT
  printf '%s\n' "$@" | sed 's/^/# /'
}

is() { # got expected description
  if [ "$1" = "$2" ]; then
    tap_result 0 "$3"
  else
    tap_result 1 "$3"
    # Every line a comment, so that no line of a value reads as TAP.
    printf 'got:\n%s\nexpected:\n%s\n' "$1" "$2" | sed 's/^/#   /'
  fi
}

# result_is DESCRIPTION STATUS STDOUT STDERR COMMAND...: the command's exit
# status, standard output and standard error, each exactly.
result_is() {
  r_desc=$1 r_st=$2 r_out=$3 r_err=$4
  shift 4
  "$@" >"$tap_tmp/result.out" 2>"$tap_tmp/result.err"
  r_got=$?
  if [ "$r_got" = "$r_st" ] && [ "$(cat "$tap_tmp/result.out")" = "$r_out" ] &&
     [ "$(cat "$tap_tmp/result.err")" = "$r_err" ]; then
    tap_result 0 "$r_desc"
  else
    tap_result 1 "$r_desc"
    { echo "status $r_got (expected $r_st); stdout:"; cat "$tap_tmp/result.out"; echo "expected:"
      printf '%s\n' "$r_out"; echo "stderr:"; cat "$tap_tmp/result.err"; echo "expected:"
      printf '%s\n' "$r_err"; } | sed 's/^/#   /'
  fi
}

jq_is() { # file filter expected description
  is "$(jq -c "$2" "$1" 2>&1)" "$3" "$4"
}

# run_program NAME OPTIONS COMMAND...: COMMAND with MEMSCOPE_OPTIONS
# output=$tap_tmp/NAME.json then OPTIONS, if any; its stdout and stderr in
# $tap_tmp/NAME.out and NAME.err, its exit status in $status, the report's
# path in $r.
run_program() {
  r=$tap_tmp/$1.json
  rp_name=$1 rp_options=${2:+:$2}
  shift 2
  MEMSCOPE_OPTIONS="output=$r$rp_options" "$@" >"$tap_tmp/$rp_name.out" 2>"$tap_tmp/$rp_name.err"
  status=$?
}

skip_all() {
  echo "1..0 # SKIP $1"
  exit 0
}

done_testing() {
  echo "1..$tap_n"
  [ "$tap_failed" = 0 ]
}

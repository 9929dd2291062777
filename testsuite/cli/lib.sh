# testsuite/cli/lib.sh: helpers of the memscope command's tests (TAP).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by each testsuite/cli/*.sh after testsuite/tap.sh.  Reports come
# from testsuite/runtime/scenario (hand-made descriptors, so the numbers
# are exact whatever the compiler); pid, thread ids and times are then
# pinned, so that whole outputs can be compared.

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
. "$top_srcdir/testsuite/tap.sh"
LC_ALL=C
export LC_ALL
unset NO_COLOR
memscope=$top_builddir/cli/memscope
scenario=$top_builddir/testsuite/runtime/scenario
heap=$top_builddir/testsuite/runtime/heap

# pin RAW OUT: the report with pid, thread ids and times made constant.
# The real stack figures depend on the build and the machine: they are
# left out (testsuite/cli/stack.sh gives them values of its own).
pin() {
  jq -c '.pid = 4242 | .taken_at = 9000000
         | .threads |= map(.tid = 4241 + .id | .created_at = 1000000 * .id | .thread_id_u64 = .tid
                           | .ended_at = (if .is_active then 0 else 8000000 end)
                           | del(.stack_size, .stack_used_peak, .stack_used_peak_context, .stack_off_entries))
         | .contexts |= map(del(.stack_used_peak, .stack_depth))
         | .scopes |= map(del(.stack_frame_bytes, .stack_frame_static))' "$1" >"$2"
}

# report NAME SCENARIO-ARGS...: $tap_tmp/NAME.json from the scenario.
report() {
  name=$1
  shift
  MEMSCOPE_OPTIONS=output=$tap_tmp/$name.raw.json "$scenario" "$@" >/dev/null 2>&1
  pin "$tap_tmp/$name.raw.json" "$tap_tmp/$name.json"
}

# heap_report NAME HEAP-ARGS...: the same from testsuite/runtime/heap,
# whose scenarios leak on purpose.
heap_report() {
  name=$1
  shift
  MEMSCOPE_OPTIONS=output=$tap_tmp/$name.raw.json "$heap" "$@" >/dev/null 2>&1
  pin "$tap_tmp/$name.raw.json" "$tap_tmp/$name.json"
}

# run_ms ARGS...: memscope's stdout, stderr and status in $out, $err, $st.
run_ms() {
  "$memscope" "$@" >"$tap_tmp/out" 2>"$tap_tmp/err"
  st=$?
  out=$(cat "$tap_tmp/out")
  err=$(cat "$tap_tmp/err")
}

# output_is DESCRIPTION EXPECTED ARGS...: exact stdout, status 0, no stderr.
output_is() {
  o_desc=$1 o_expected=$2
  shift 2
  result_is "$o_desc" 0 "$o_expected" "" "$memscope" "$@"
}

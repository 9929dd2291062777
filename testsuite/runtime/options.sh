#!/bin/sh
# options.sh: MEMSCOPE_OPTIONS, good and bad.  A problem is one line on
# stderr; the program's output and exit status never change.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
scenario=$top_builddir/testsuite/runtime/scenario

with_options() { # OPTIONS: "scenario nesting" with MEMSCOPE_OPTIONS=OPTIONS, from the fresh folder $tap_tmp/run
  rm -rf "$tap_tmp/run"
  mkdir "$tap_tmp/run"
  (cd "$tap_tmp/run" && MEMSCOPE_OPTIONS=$1 "$scenario" nesting >out 2>err; echo $? >status)
  out=$(cat "$tap_tmp/run/out")
  err=$(cat "$tap_tmp/run/err")
  status=$(cat "$tap_tmp/run/status")
  reports=$(cd "$tap_tmp/run" && ls memscope.scenario.*.json 2>/dev/null | wc -l)
}
valid="output, summary, summary_top, verbosity, heap, malloc_fill, leak_exitcode, trace, trace_events, suppressions, crash_report, stack_warn, help"

with_options "frobnicate=1"
is "$err" "memscope: unknown option 'frobnicate' in MEMSCOPE_OPTIONS, ignored (valid: $valid; MEMSCOPE_OPTIONS=help=1 describes them)" \
  "unknown key: one line naming it and the valid keys"
is "$status/$out/$reports" "0/scenario nesting done/1" "unknown key: program unchanged, report written"

with_options "summary=maybe"
is "$err" "memscope: bad value 'maybe' for option 'summary' in MEMSCOPE_OPTIONS (expected 0 or 1), using the default '0'" \
  "bad boolean"
is "$status/$out/$reports" "0/scenario nesting done/1" "bad boolean: program unchanged"

with_options "verbosity=-1"
is "$err" "memscope: bad value '-1' for option 'verbosity' in MEMSCOPE_OPTIONS (expected a non-negative integer), using the default '0'" \
  "bad integer"

with_options "summary_top"
is "$err" "memscope: bad value '' for option 'summary_top' in MEMSCOPE_OPTIONS (expected a non-negative integer), using the default '10'" \
  "key without value"

with_options "output="
is "$err" "memscope: bad value '' for option 'output' in MEMSCOPE_OPTIONS (expected a non-empty string), using the default 'memscope.%e.%p.json'" \
  "empty output"
is "$reports" 1 "empty output: the default name is used"

with_options "bogus:output=custom.json:verbosity=x"
is "$(echo "$err" | wc -l)" 2 "two problems, two lines"
ok "good options after a bad one still apply" test -f "$tap_tmp/run/custom.json"

with_options "output=v.json:verbosity=1"
is "$err" "memscope: report written to $tap_tmp/run/v.json" "verbosity=1 says where the report went"

with_options "::output=colons.json::"
is "$err" "" "empty items are ignored"
ok "empty items: the option between them applies" test -f "$tap_tmp/run/colons.json"

# ',' separates as ':' does (as in ASAN_OPTIONS); quotes keep either in a value.
with_options "output=comma.json,verbosity=1"
is "$err" "memscope: report written to $tap_tmp/run/comma.json" "',' between options: both apply"
with_options "verbosity=1,output='a,b:c.json':summary_top=3"
is "$err" "memscope: report written to $tap_tmp/run/a,b:c.json" "a quoted value keeps its ',' and ':'"
with_options 'output="dq.json",verbosity=1'
is "$err" "memscope: report written to $tap_tmp/run/dq.json" "double quotes too"
with_options "output='open.json,verbosity=1"
is "$err/$reports" "memscope: unterminated quote in the value of option 'output' in MEMSCOPE_OPTIONS, ignored/1" \
  "an unterminated quote: one line, the default report"

# A folder, existing or ending in '/' (made then), gets the default name.
with_options "output=.:verbosity=1"
pid_of() { sed -n 's|.*/memscope\.scenario\.\([0-9]*\)\.json$|\1|p'; }
is "$(echo "$err" | sed 's/[0-9][0-9]*\.json$/PID.json/')" "memscope: report written to $tap_tmp/run/memscope.scenario.PID.json" \
  "output=. (a folder): the default name in it"
is "$reports" 1 "output=.: one report"
with_options "output=$tap_tmp/run/sub/reports/:verbosity=1"
is "$(echo "$err" | sed 's/[0-9][0-9]*\.json$/PID.json/')" "memscope: report written to $tap_tmp/run/sub/reports/memscope.scenario.PID.json" \
  "output=DIR/ (not there yet): made, the default name in it"
ok "output=DIR/: the report is there" test -f "$tap_tmp/run/sub/reports/memscope.scenario.$(echo "$err" | pid_of).json"
with_options "output=%e-reports/:verbosity=1"
is "$(echo "$err" | sed 's/[0-9][0-9]*\.json$/PID.json/')" "memscope: report written to $tap_tmp/run/scenario-reports/memscope.scenario.PID.json" \
  "output=%e-reports/: expanded, then the default name in it"

# malloc_fill is a byte count.
with_options "malloc_fill=lots"
is "$err" "memscope: bad value 'lots' for option 'malloc_fill' in MEMSCOPE_OPTIONS (expected a non-negative integer), using the default '4096'" \
  "malloc_fill=lots is refused"
is "$status/$out/$reports" "0/scenario nesting done/1" "malloc_fill=lots: the program runs on"

# leak_exitcode is an exit status.
with_options "leak_exitcode=300"
is "$err" "memscope: bad value '300' for option 'leak_exitcode' in MEMSCOPE_OPTIONS (expected an exit status, 0 to 255), using the default '0'" \
  "leak_exitcode=300 is refused"
is "$status/$out" "0/scenario nesting done" "leak_exitcode=300: the program runs on"
with_options "leak_exitcode=255"
is "$err/$status" "/0" "leak_exitcode=255 is accepted"

with_options "help=1:output=none"
is "$(echo "$err" | head -1)" "memscope: MEMSCOPE_OPTIONS=key=value:key=value... (or key=value,key=value...)" "help=1: heading"
for key in output summary summary_top verbosity heap malloc_fill leak_exitcode trace trace_events suppressions crash_report help; do
  ok "help=1 describes $key" grep -q "^  $key " "$tap_tmp/run/err"
done
is "$status/$out" "0/scenario nesting done" "help=1: the program runs on"

done_testing

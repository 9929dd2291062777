#!/bin/sh
# run.sh: `memscope run`: options, exit status and signals passed through.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

# The program's stdout is its own; the summary goes to stderr.
run_ms run --output="$tap_tmp/n.json" -- "$scenario" nesting
is "$st:$out" "0:scenario nesting done" "run: status 0, the program's output untouched"
is "$(printf '%s\n' "$err" | sed -n 1p)" "memscope: report in $tap_tmp/n.json" "run: says where the report is"
is "$(printf '%s\n' "$err" | sed -n 4p)" "stack peak: 80 B of variables on thread 1 (scenario) in main > {block@30}" \
  "run: prints the summary"
ok "run: the report was written" jq -e '.format == "memscope"' "$tap_tmp/n.json"

# The exit status of exit() called deep inside.
run_ms run -o "$tap_tmp/e.json" "$scenario" exit-deep 7
is "$st" 7 "run: exit status 7 passed through"
ok "run: report written on exit()" jq -e '.threads[0].open_scopes == 5' "$tap_tmp/e.json"

# The user's other options are kept; output= is replaced.
MEMSCOPE_OPTIONS="output=$tap_tmp/elsewhere.json:heap=0" run_ms run -o "$tap_tmp/h.json" -- "$scenario" nesting
is "$(printf '%s\n' "$err" | grep '^heap')" "heap: not tracked in this run (MEMSCOPE_OPTIONS heap=0)" \
  "run: the user's heap=0 kept"
ok "run: our output= wins" test -f "$tap_tmp/h.json" -a ! -f "$tap_tmp/elsewhere.json"

# --json summary.
run_ms run --json -o "$tap_tmp/j.json" -- "$scenario" nesting
printf '%s\n' "$err" | sed 1d >"$tap_tmp/js.json"
jq_is "$tap_tmp/js.json" '[.program,.contexts,.stack_peak.bytes]' '["scenario",3,80]' "run --json"

# The default report name, in the current folder.
mkdir "$tap_tmp/cwd"
(cd "$tap_tmp/cwd" && "$memscope" run "$scenario" noop >/dev/null 2>&1)
is "$(cd "$tap_tmp/cwd" && ls | sed 's/[0-9][0-9]*/N/')" "memscope.scenario.N.json" "run: default name memscope.PROGRAM.PID.json"

# A stale report at the path does not pass for this run's.
echo stale >"$tap_tmp/stale.json"
# (A script: memscope run preloads the runtime into an ELF program.)
printf '#!/bin/sh\nexit 3\n' >"$tap_tmp/exit3"
chmod +x "$tap_tmp/exit3"
run_ms run -o "$tap_tmp/stale.json" -- "$tap_tmp/exit3"
is "$st:$err" "3:memscope run: $tap_tmp/stale.json: no report (is $tap_tmp/exit3 built with memscope-gcc?)" \
  "run: an uninstrumented program: status kept, no report"
ok "run: the stale report is gone" test ! -e "$tap_tmp/stale.json"

# A report that cannot be written: the runtime says why, and so does run
# (not "is it built with memscope-gcc?").
echo "a file" >"$tap_tmp/plain"
run_ms run -o "$tap_tmp/plain/r.json" -- "$scenario" noop
is "$st:$out:$err" "0:scenario noop done:memscope: cannot create folder '$tap_tmp/plain': Not a directory; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)
memscope run: $tap_tmp/plain/r.json: no report ($tap_tmp/plain is not a folder)" \
  "run: an unwritable report path is named as the reason"

# Killed by a signal: memscope dies of the same signal.
printf '#!/bin/sh\nkill -TERM $$\n' >"$tap_tmp/term"
chmod +x "$tap_tmp/term"
sh -c "\"$memscope\" run -o \"$tap_tmp/k.json\" -- \"$tap_tmp/term\"" >/dev/null 2>"$tap_tmp/kerr"
is "$?" 143 "run: SIGTERM passed through (128+15 in the shell)"
is "$(head -n 1 "$tap_tmp/kerr")" "memscope run: $tap_tmp/k.json: no report ($tap_tmp/term was killed by signal 15 before writing it)" \
  "run: the signal named"

# A program that cannot run.
run_ms run -o "$tap_tmp/x.json" -- "$tap_tmp/no-such-program"
is "$st:$err" "127:memscope run: cannot run $tap_tmp/no-such-program: No such file or directory" "run: missing program, 127"
run_ms run -o "$tap_tmp/x.json" -- "$tap_tmp"
is "$st" 126 "run: not executable, 126"

run_ms run
is "$st:$err" "2:memscope run: no program given (see memscope run --help)" "run: no program"
run_ms run -o "a:b.json" -- true
is "$st:$err" "2:memscope run: the report path cannot contain ':' (it separates MEMSCOPE_OPTIONS) (see memscope run --help)" \
  "run: ':' in the path refused"

done_testing

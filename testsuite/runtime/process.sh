#!/bin/sh
# process.sh: exit from deep inside, fork, unwritable output.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
scenario=$top_builddir/testsuite/runtime/scenario

# exit(5) four frames deep: the status passes through, the report shows
# what was open.
MEMSCOPE_OPTIONS="output=$tap_tmp/deep.json" "$scenario" exit-deep 5 >"$tap_tmp/deep.out" 2>&1
is "$?" 5 "exit from deep inside: exit status kept"
r=$tap_tmp/deep.json
jq_is "$r" '[.threads[]|[.open_scopes,.stack_bytes_peak]]' '[[5,160]]' "exit from deep inside: open scopes and peak"
jq_is "$r" '[.contexts[]|[.id,.entries,.direct_bytes,.peak_memory,.is_active]]' '[[1,1,64,160,true],[2,1,0,0,false],[3,4,24,96,true],[4,1,0,0,false]]' \
  "exit from deep inside: open contexts with their bytes so far"
jq_is "$r" '[.variables[]|select(.instances>0)|[.name,.live]]' '[["buf",1],["frame",4]]' "exit from deep inside: live variables"
# The same while tracing: the open frames are counted just the same.
MEMSCOPE_OPTIONS="output=$tap_tmp/deep-trace.json:trace=1" "$scenario" exit-deep 5 >"$tap_tmp/deep-trace.out" 2>&1
is "$?" 5 "exit from deep inside, traced: exit status kept"
r=$tap_tmp/deep-trace.json
jq_is "$r" '[.threads[]|[.open_scopes,.stack_bytes_peak]]' '[[5,160]]' "exit from deep inside, traced: open scopes and peak"
jq_is "$r" '[.contexts[]|[.id,.entries,.direct_bytes,.peak_memory,.is_active]]' '[[1,1,64,160,true],[2,1,0,0,false],[3,4,24,96,true],[4,1,0,0,false]]' \
  "exit from deep inside, traced: open contexts with their bytes so far"

# fork: each process writes its own report.
MEMSCOPE_OPTIONS="output=$tap_tmp/fork-%p.json" "$scenario" fork >"$tap_tmp/fork.out" 2>"$tap_tmp/fork.err"
is "$?" 0 "fork: parent exit status"
child=$(sed -n 's/^child \([0-9]*\) status \([0-9]*\)$/\1/p' "$tap_tmp/fork.out")
is "$(sed -n 's/^child [0-9]* status \([0-9]*\)$/\1/p' "$tap_tmp/fork.out")" 7 "fork: child exit status"
is "$(ls "$tap_tmp" | grep -c '^fork-.*json$')" 2 "fork: two reports"
jq_is "$tap_tmp/fork-$child.json" .pid "$child" "fork: the child's report has its pid"
jq_is "$tap_tmp/fork-$child.json" '[.scopes[]|select(.name=="leaf")|.entries]' '[4]' "fork: the child's own calls are counted (and a constructor's and a destructor's)"
jq_is "$tap_tmp/fork-$child.json" '[.threads[]|.inherited]' '[true]' "fork: the thread is marked as inherited"
parent=$(ls "$tap_tmp" | grep '^fork-.*json$' | grep -v "fork-$child.json")
jq_is "$tap_tmp/$parent" '[.scopes[]|select(.name=="leaf")|.entries]' '[2]' "fork: the parent does not see the child's calls"
is "$(cat "$tap_tmp/fork.err")" "" "fork: nothing on stderr"

# Unwritable output: one line, exit status and output untouched.
touch "$tap_tmp/file"
MEMSCOPE_OPTIONS="output=$tap_tmp/file/sub/r.json" "$scenario" exit-deep 3 >"$tap_tmp/u.out" 2>"$tap_tmp/u.err"
is "$?" 3 "unwritable: exit status kept"
is "$(cat "$tap_tmp/u.err")" "memscope: cannot create folder '$tap_tmp/file/sub': Not a directory; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)" \
  "unwritable folder: one clear line"
mkdir "$tap_tmp/ro"
chmod 555 "$tap_tmp/ro"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
  chmod 755 "$tap_tmp"
else
  as_nobody=
fi
MEMSCOPE_OPTIONS="output=$tap_tmp/ro/r.json" $as_nobody "$scenario" noop >"$tap_tmp/ro.out" 2>"$tap_tmp/ro.err"
is "$?" 0 "read-only folder: exit status kept"
is "$(cat "$tap_tmp/ro.err")" "memscope: cannot write report to '$tap_tmp/ro/r.json': Permission denied; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)" \
  "read-only folder: one clear line"
is "$(cat "$tap_tmp/ro.out")" "scenario noop done" "read-only folder: output unchanged"

# Report names that hold the pid (%p; the default): a report already there
# from before this process started is another process's, one that had the
# same pid before the pids came round again (tar's test suite runs through
# them three times): kept, and this one goes beside it, NAME-2.json, -3.
# Before, it was replaced.  exec keeps the shell's pid for the program.
mkdir "$tap_tmp/pid" "$tap_tmp/pid-default"
old_reports='for f in "$0/r-$$.json" "$0/r-$$-2.json" "$0/memscope.scenario.$$.json"; do
  echo old >"$f"; touch -d "1 hour ago" "$f"; done; exec "$1" noop'
MEMSCOPE_OPTIONS="output=$tap_tmp/pid/r-%p.json" sh -c "$old_reports" "$tap_tmp/pid" "$scenario" >/dev/null 2>&1
is "$?" 0 "a pid's older reports there: exit status"
pid=$(ls "$tap_tmp/pid" | sed -n 's/^memscope\.scenario\.\([0-9]*\)\.json$/\1/p')
is "$(cat "$tap_tmp/pid/r-$pid.json") $(cat "$tap_tmp/pid/r-$pid-2.json")" "old old" \
  "a pid's older reports there: both kept"
jq_is "$tap_tmp/pid/r-$pid-3.json" .pid "$pid" "a pid's older reports there: this one beside them, r-PID-3.json"
(cd "$tap_tmp/pid" && env -u MEMSCOPE_OPTIONS sh -c "$old_reports" . "$scenario" >/dev/null 2>&1)
pid=$(ls "$tap_tmp/pid" | sed -n 's/^memscope\.scenario\.\([0-9]*\)-2\.json$/\1/p')
jq_is "$tap_tmp/pid/memscope.scenario.$pid-2.json" .pid "$pid" \
  "the default name, a pid's older report there: this one is memscope.scenario.PID-2.json"
is "$(cat "$tap_tmp/pid/memscope.scenario.$pid.json")" old "the default name: the older one kept"
# A name without the pid is replaced, as asked; a report this process
# wrote itself (memscope_dump) is replaced by its exit report.
echo old >"$tap_tmp/pid/fixed.json"
touch -d "1 hour ago" "$tap_tmp/pid/fixed.json"
MEMSCOPE_OPTIONS="output=$tap_tmp/pid/fixed.json" "$scenario" noop >/dev/null 2>&1
jq_is "$tap_tmp/pid/fixed.json" .format '"memscope"' "a name without the pid: replaced"
MEMSCOPE_OPTIONS="output=$tap_tmp/pid-default/d-%p.json" "$scenario" dump >/dev/null 2>&1
is "$?" 0 "memscope_dump (NULL) to a name with the pid: exit status"
is "$(ls "$tap_tmp/pid-default" | sed 's/[0-9][0-9]*/N/')" "d-N.json" \
  "memscope_dump's report then the exit report: one file, replaced"
MEMSCOPE_OPTIONS="output=none" "$scenario" dump >"$tap_tmp/dump-none.out" 2>&1
is "$?" 0 "memscope_dump (NULL) with output=none: succeeds"
is "$(ls "$tap_tmp/pid-default" | sed 's/[0-9][0-9]*/N/'; ls | grep -c '^none$')" "d-N.json
0" "memscope_dump (NULL) with output=none: writes nothing (before: a file named none)"

# A program that lowers its own memory limit (gnulib's configure does, to
# see printf fail) below what the report needs: the soft limit alone, and
# the report is written under the hard one; both, and one line says why
# there is no report.  Before, GLib ended the process at exit (status 133,
# the program's buffered output lost, two temporary files left).
mkdir "$tap_tmp/rl"
for res in as data; do
  RES=$(echo "$res" | tr a-z A-Z)
  MEMSCOPE_OPTIONS="output=$tap_tmp/rl/$res-%p.json" "$scenario" rlimit $res 1000000 hard \
    >"$tap_tmp/rl-$res.out" 2>"$tap_tmp/rl-$res.err"
  is "$?" 3 "RLIMIT_$RES lowered for good: exit status kept"
  is "$(cat "$tap_tmp/rl-$res.out")" "scenario rlimit done" "RLIMIT_$RES lowered for good: output kept"
  is "$(cat "$tap_tmp/rl-$res.err")" "memscope: no room for the report (about 514 KiB) under the program's memory limit (RLIMIT_$RES 976.6 KiB), so there is no report (raise the limit to get one)" \
    "RLIMIT_$RES lowered for good: one line says why there is no report"
  is "$(ls "$tap_tmp/rl")" "" "RLIMIT_$RES lowered for good: no report, no temporary file"
  MEMSCOPE_OPTIONS="output=$tap_tmp/rl/$res-soft.json" "$scenario" rlimit $res 1000000 soft \
    >"$tap_tmp/rl-$res-soft.out" 2>"$tap_tmp/rl-$res-soft.err"
  is "$?" 3 "RLIMIT_$RES soft limit lowered: exit status kept"
  is "$(cat "$tap_tmp/rl-$res-soft.err")" "" "RLIMIT_$RES soft limit lowered: nothing on stderr"
  jq_is "$tap_tmp/rl/$res-soft.json" '[.scopes[]|select(.kind=="block")|.entries]' '[1]' \
    "RLIMIT_$RES soft limit lowered: the report is written, with the block's entry"
  rm -f "$tap_tmp/rl/$res-soft.json"
done
# memscope_dump under such a limit fails with the reason, and the program
# goes on.
MEMSCOPE_OPTIONS="output=none" "$scenario" rlimit as 1000000 hard "$tap_tmp/rl/dump.json" \
  >"$tap_tmp/rl-dump.out" 2>"$tap_tmp/rl-dump.err"
is "$?" 3 "memscope_dump under RLIMIT_AS: exit status kept"
is "$(cat "$tap_tmp/rl-dump.out")" "dump failed: no room for the report (about 514 KiB) under the program's memory limit (RLIMIT_AS 976.6 KiB), so there is no report (raise the limit to get one)
scenario rlimit done" "memscope_dump under RLIMIT_AS: an error that says why"
is "$(ls "$tap_tmp/rl")" "" "memscope_dump under RLIMIT_AS: nothing written"
# A limit set before the program starts (ulimit -d, ulimit -v): the
# threads are tracked, with frame and variable stacks that fit.  Before,
# under 80 MB of either, the report was empty: no thread, no scope, and
# no word why.
for lim in "-d 20000" "-v 60000"; do
  (ulimit $lim && MEMSCOPE_OPTIONS="output=$tap_tmp/ulimit.json" "$scenario" nesting >/dev/null 2>"$tap_tmp/ulimit.err")
  is "$?" 0 "ulimit $lim: exit status"
  jq_is "$tap_tmp/ulimit.json" '[[.threads[]|.id], [.scopes[]|select(.kind=="block")|.entries]]' '[[1],[2]]' \
    "ulimit $lim: the thread is tracked, the block entered twice"
  is "$(cat "$tap_tmp/ulimit.err")" "" "ulimit $lim: nothing on stderr"
  rm -f "$tap_tmp/ulimit.json"
done

# A kill that comes while the report is written at exit waits for it (in
# that thread), then takes its course: gdb sends SIGTERM from inside the
# rendering.  Before, the process died there and left only a temporary
# file (tcl's socket.test kills a child as it exits).
if command -v gdb >/dev/null 2>&1; then
  mkdir "$tap_tmp/killed"
  cat >"$tap_tmp/kill.gdb" <<'GDB'
set confirm off
handle SIGTERM nostop noprint pass
# the leak scan's signal to the program's other threads (leaks.c)
handle SIG60 SIG61 SIG62 SIG63 SIG64 nostop noprint pass
break main
run
break ms_report_render
continue
call (int) kill ((int) getpid (), 15)
delete
continue
quit
GDB
  MEMSCOPE_OPTIONS="output=$tap_tmp/killed/" gdb -q -batch -x "$tap_tmp/kill.gdb" \
    --args "$scenario" noop >"$tap_tmp/kill.out" 2>&1
  if grep -q '^\$1 = 0$' "$tap_tmp/kill.out"; then
    ok "killed while writing: then ended by the signal" grep -q 'terminated with signal SIGTERM' "$tap_tmp/kill.out"
    is "$(ls "$tap_tmp/killed" | sed 's/[0-9][0-9]*/N/')" "memscope.scenario.N.json" \
      "killed while writing: the report whole, no temporary file left"
    jq_is "$(ls "$tap_tmp"/killed/*.json)" '.format' '"memscope"' "killed while writing: the report reads"
  else
    tap_result 0 "killed while writing # SKIP gdb could not stop in ms_report_render"
  fi
  # The same with another thread of the program still running, which the
  # kernel hands the signal to (the writing thread blocks it): held until
  # the report is written, then sent again.  Before, it ended the process
  # at once, leaving the temporary file.
  # gdb itself, stopping and resuming the waiting thread, loses the signal
  # now and then (the process then exits normally, its report whole): up
  # to three tries.  The old runtime leaves the temporary file every time.
  for try in 1 2 3; do
    rm -rf "$tap_tmp/killed2"
    mkdir "$tap_tmp/killed2"
    MEMSCOPE_OPTIONS="output=$tap_tmp/killed2/" gdb -q -batch -x "$tap_tmp/kill.gdb" \
      --args "$scenario" exit-with-thread >"$tap_tmp/kill2.out" 2>&1
    ! grep -q 'exited normally' "$tap_tmp/kill2.out" || [ -n "$(ls "$tap_tmp/killed2" | grep tmp)" ] ||
      continue
    break
  done
  if grep -q '^\$1 = 0$' "$tap_tmp/kill2.out"; then
    ok "killed while writing, another thread running: then ended by the signal" \
      grep -q 'terminated with signal SIGTERM' "$tap_tmp/kill2.out"
    is "$(ls "$tap_tmp/killed2" | sed 's/[0-9][0-9]*/N/')" "memscope.scenario.N.json" \
      "killed while writing, another thread running: the report whole, no temporary file left"
    jq_is "$(ls "$tap_tmp"/killed2/*.json)" '.format' '"memscope"' \
      "killed while writing, another thread running: the report reads"
  else
    tap_result 0 "killed while writing, another thread running # SKIP gdb could not stop in ms_report_render"
  fi
else
  tap_result 0 "killed while writing # SKIP gdb is not installed"
fi

done_testing

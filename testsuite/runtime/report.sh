#!/bin/sh
# report.sh: where and how the report is written.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
scenario=$top_builddir/testsuite/runtime/scenario

# Default name, in the directory the program started in, mode 0600.
mkdir "$tap_tmp/cwd"
(cd "$tap_tmp/cwd" && unset MEMSCOPE_OPTIONS && "$scenario" nesting >out 2>err)
is "$?" 0 "default: exit status"
f=$(cd "$tap_tmp/cwd" && ls memscope.scenario.*.json 2>/dev/null)
pid=$(jq .pid "$tap_tmp/cwd/$f" 2>/dev/null)
is "$f" "memscope.scenario.$pid.json" "default: memscope.<program>.<pid>.json in the current directory"
is "$(stat -c %a "$tap_tmp/cwd/$f")" 600 "default: mode 0600"
is "$(cat "$tap_tmp/cwd/err")" "" "default: nothing on stderr"
is "$(cat "$tap_tmp/cwd/out")" "scenario nesting done" "default: program output unchanged"
is "$(ls "$tap_tmp/cwd" | grep -c tmp)" 0 "default: no temporary file left"
r=$tap_tmp/cwd/$f
jq_is "$r" '[.format,.version,.program,(.pid|type)]' '["memscope",1,"scenario","number"]' "layout: format, version, program, pid"
jq_is "$r" 'keys_unsorted[0:8]' '["format","version","program","pid","taken_at","threads","scopes","variables"]' "layout: top-level members"
jq_is "$r" '.threads[0]|[has("id"),has("tid"),has("name"),has("is_active"),has("scopes_entered"),has("variables_registered"),has("stack_bytes_peak"),has("peak_context"),has("thread_id"),has("thread_id_u64"),has("created_at"),has("total_allocations"),has("total_deallocations"),has("current_memory"),has("peak_memory")]|all' true "layout: thread members"
jq_is "$r" '.scopes[0]|keys_unsorted' '["id","kind","name","function","file","line","parent","depth","entries","variables","frame_bytes","peak_memory","is_active","heap_allocations","heap_bytes","heap_live_bytes","heap_peak_bytes","stack_frame_bytes","stack_frame_static"]' "layout: scope members"
jq_is "$r" '.contexts[0]|keys_unsorted' '["id","scope","parent","entries","direct_bytes","peak_memory","folded","is_active","heap_allocations","heap_bytes","heap_live_bytes","heap_peak_bytes","threads","stack_used_peak","stack_depth"]' "layout: context members"
jq_is "$r" '.variables[1]|[.name,(.address|test("^0x[0-9a-f]+$"))]' '["buf",true]' "layout: variable address"

# %e, %p, %%, parent folders created.
MEMSCOPE_OPTIONS="output=$tap_tmp/a/b/%e-%p-%%.json" "$scenario" noop >/dev/null 2>&1
f=$(ls "$tap_tmp/a/b" 2>/dev/null)
pid=$(jq .pid "$tap_tmp/a/b/$f" 2>/dev/null)
is "$f" "scenario-$pid-%.json" "output: %e %p %% expanded, folders created"
is "$(stat -c %a "$tap_tmp/a")" 700 "output: created folders are 0700"

# A relative path is taken from the directory the program started in.
mkdir "$tap_tmp/rel"
(cd "$tap_tmp/rel" && MEMSCOPE_OPTIONS=output=r.json "$scenario" chdir >/dev/null 2>&1)
ok "output: relative to the start directory, not the program's chdir" test -f "$tap_tmp/rel/r.json"

# output=none writes nothing.
mkdir "$tap_tmp/none"
(cd "$tap_tmp/none" && MEMSCOPE_OPTIONS=output=none "$scenario" nesting >/dev/null 2>err)
is "$(ls "$tap_tmp/none")" "err" "output=none: no file"
is "$(cat "$tap_tmp/none/err")" "" "output=none: nothing on stderr"

# A symlink planted at the final name is replaced, never followed.
echo precious >"$tap_tmp/victim"
ln -s "$tap_tmp/victim" "$tap_tmp/planted.json"
MEMSCOPE_OPTIONS="output=$tap_tmp/planted.json" "$scenario" noop >/dev/null 2>&1
is "$(cat "$tap_tmp/victim")" precious "symlink: its target is untouched"
ok "symlink: the report replaced the link" test -f "$tap_tmp/planted.json" -a ! -L "$tap_tmp/planted.json"
jq_is "$tap_tmp/planted.json" .format '"memscope"' "symlink: the report is whole"

# memscope_dump() while scopes are open.
MEMSCOPE_OPTIONS="output=$tap_tmp/final.json" "$scenario" dump "$tap_tmp/now.json" >/dev/null 2>&1
is "$?" 0 "dump: program succeeded"
jq_is "$tap_tmp/now.json" '[.scopes[]|[.name,.entries,.is_active]]' '[["main",1,true],["leaf",1,false],["{block@30}",1,false]]' \
  "dump: main open, the block closed"
jq_is "$tap_tmp/now.json" '[.variables[]|select(.name=="buf")|[.live,.is_active]]' '[[1,true]]' "dump: buf live"
jq_is "$tap_tmp/final.json" '[.scopes[]|[.name,.entries,.is_active]]' '[["main",1,false],["leaf",2,false],["{block@30}",1,false]]' \
  "dump: the exit report is still written"

# summary=1
MEMSCOPE_OPTIONS="output=$tap_tmp/s.json:summary=1" "$scenario" nesting >"$tap_tmp/s.out" 2>"$tap_tmp/s.err"
pid=$(jq .pid "$tap_tmp/s.json")
is "$(sed -n 2,3p "$tap_tmp/s.err")" "memscope: scenario (pid $pid): 1 thread, 3 scope sites, 3 contexts
memscope: 5 scopes entered, 3 variables registered" "summary: totals"
is "$(sed -n 4p "$tap_tmp/s.err")" "memscope: stack peak 80 B of tracked variables (thread 1) in main > {block@30}" "summary: peak and where"
used=$(jq .threads[0].stack_used_peak "$tap_tmp/s.json")
ok "summary: the real stack used, of 8 MiB or whatever the limit is" \
  grep -q "^memscope: thread 1 stack: .* of .* used at most (.*%)\$" "$tap_tmp/s.err"
is "$(grep -A1 '^memscope: top scopes' "$tap_tmp/s.err" | tail -n 1; grep 'main  scenario.c:20' "$tap_tmp/s.err")" \
"        peak    entries  scope
        80 B          1  main  scenario.c:20" "summary: top scope, in units"
is "$(awk '{ if (length > w) w = length } END { print w <= 80 }' "$tap_tmp/s.err")" 1 "summary: within 80 columns"
is "$(sed -n 1p "$tap_tmp/s.err")" "memscope: report written to $tap_tmp/s.json" "summary: where the report went"
is "$(cat "$tap_tmp/s.out")" "scenario nesting done" "summary: stdout unchanged"

# trace=1: every entry and exit with its time, per thread, bounded.
MEMSCOPE_OPTIONS="output=$tap_tmp/t.json:trace=1" "$scenario" nesting >/dev/null 2>&1
jq_is "$tap_tmp/t.json" '[.trace[0].events[]|[.[1],.[2]]]' \
  '[["B",2],["E",2],["B",1],["B",3],["E",3],["B",3],["E",3],["E",1],["B",2],["E",2]]' \
  "trace: begin and end events with their contexts, in order"
jq_is "$tap_tmp/t.json" '[(.trace[0].events|map(.[0])|. == sort), .trace[0].dropped]' '[true,0]' "trace: times never go back"
jq_is "$tap_tmp/t.json" '[.contexts[]|[.entries,.direct_bytes,.peak_memory]]' '[[1,64,80],[2,0,0],[2,16,16]]' \
  "trace: the figures are the same as without it"
MEMSCOPE_OPTIONS="output=$tap_tmp/t5.json:trace=1:trace_events=5" "$scenario" nesting >/dev/null 2>&1
jq_is "$tap_tmp/t5.json" '[(.trace[0].events|length), .trace[0].dropped]' '[5,5]' "trace: a full buffer keeps the first events and counts the rest"
jq_is "$tap_tmp/s.json" 'has("trace")' false "trace: absent unless asked for"

# A path that is no file to replace is written as it is.
# A character device (the one /dev/null is: a node of our own when we may
# make one, so that a report renamed over it would harm nothing else).
# (a folder mounted nodev lets root make the node, not write to it).
if mknod "$tap_tmp/null" c 1 3 2>/dev/null && chmod 666 "$tap_tmp/null" && : 2>/dev/null >"$tap_tmp/null"; then
  null=$tap_tmp/null
else
  null=/dev/null
fi
mode=$(stat -c %a "$null")
MEMSCOPE_OPTIONS="output=$null" "$scenario" nesting >"$tap_tmp/dev.out" 2>"$tap_tmp/dev.err"
is "$?:$(cat "$tap_tmp/dev.err"):$(cat "$tap_tmp/dev.out")" "0::scenario nesting done" \
  "device: exit status, stderr and output unchanged"
ok "device: still the character device" test -c "$null"
is "$(stat -c %a "$null")" "$mode" "device: its mode untouched"
is "$(ls -a "$(dirname "$null")" | grep -c '\.tmp\.')" 0 "device: no temporary file beside it"

# A FIFO: its reader gets the whole report.
# The reader opens it first (the runtime's open does not wait for one):
# without blocking, then it reads until the writer has come and gone.
mkfifo "$tap_tmp/fifo"
python3 - "$tap_tmp/fifo" "$tap_tmp/fifo.json" "$tap_tmp/fifo.ready" <<'PY' &
import os, select, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
open(sys.argv[3], "w").close()
data, got, end = b"", False, time.time() + 20
while time.time() < end:
    select.select([fd], [], [], 0.1)
    try:
        b = os.read(fd, 65536)
    except BlockingIOError:
        continue
    if b:
        data, got = data + b, True
    elif got:
        break
    else:
        time.sleep(0.01)
open(sys.argv[2], "wb").write(data)
PY
reader=$!
i=0
while [ ! -e "$tap_tmp/fifo.ready" ] && [ $i -lt 400 ]; do
  sleep 0.05
  i=$((i + 1))
done
MEMSCOPE_OPTIONS="output=$tap_tmp/fifo" timeout 20 "$scenario" nesting >/dev/null 2>"$tap_tmp/fifo.err"
is "$?:$(cat "$tap_tmp/fifo.err")" "0:" "fifo: exit status and stderr unchanged"
wait "$reader"
ok "fifo: still a FIFO" test -p "$tap_tmp/fifo"
jq_is "$tap_tmp/fifo.json" '[.format,.program,(.contexts|length)]' '["memscope","scenario",3]' "fifo: the whole report"

# A FIFO nobody reads: one line at once, not a program that never ends.
mkfifo "$tap_tmp/fifo2"
MEMSCOPE_OPTIONS="output=$tap_tmp/fifo2" timeout 20 "$scenario" nesting >"$tap_tmp/fifo2.out" 2>"$tap_tmp/fifo2.err"
is "$?:$(cat "$tap_tmp/fifo2.out")" "0:scenario nesting done" "fifo without a reader: exit status and output unchanged"
is "$(cat "$tap_tmp/fifo2.err")" "memscope: cannot write report to '$tap_tmp/fifo2': no process has the FIFO open for reading; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)" \
  "fifo without a reader: one line says why"
ok "fifo without a reader: still a FIFO" test -p "$tap_tmp/fifo2"

# A descriptor: where it stands, after what was written there, the report's
# own line.
{
  echo before >&9
  MEMSCOPE_OPTIONS=output=/dev/fd/9 "$scenario" nesting >"$tap_tmp/fd.out" 2>"$tap_tmp/fd.err"
  echo "status $?" >&9
  echo after >&9
} 9>"$tap_tmp/fd9"
is "$(sed -n 1p "$tap_tmp/fd9"; sed -n 3,4p "$tap_tmp/fd9")" "before
status 0
after" "descriptor: the report between what was written before and after"
is "$(sed -n 2p "$tap_tmp/fd9" | jq -c '[.format,(.contexts|length)]')" '["memscope",3]' "descriptor: the report whole, on one line"
is "$(cat "$tap_tmp/fd.err"):$(cat "$tap_tmp/fd.out")" ":scenario nesting done" "descriptor: stderr and output unchanged"
MEMSCOPE_OPTIONS=output=/dev/stdout "$scenario" nesting >"$tap_tmp/so" 2>"$tap_tmp/so.err"
is "$?:$(cat "$tap_tmp/so.err")" "0:" "/dev/stdout: exit status and stderr unchanged"
is "$(sed -n 1p "$tap_tmp/so" | jq -c .format):$(sed -n '2,$p' "$tap_tmp/so")" '"memscope":scenario nesting done' \
  "/dev/stdout: the report, then what stdio held at exit"
MEMSCOPE_OPTIONS=output=/dev/fd/8 "$scenario" nesting >"$tap_tmp/bad.out" 2>"$tap_tmp/bad.err" 8>&-
is "$?:$(cat "$tap_tmp/bad.out")" "0:scenario nesting done" "closed descriptor: exit status and output unchanged"
is "$(cat "$tap_tmp/bad.err")" "memscope: cannot write report to '/dev/fd/8': Bad file descriptor; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)" \
  "closed descriptor: one line says why"
# A pipe nobody reads any more: the report is lost, the program not killed.
python3 - "$scenario" >"$tap_tmp/pipe.st" 2>"$tap_tmp/pipe.err" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
env = dict(os.environ, MEMSCOPE_OPTIONS="output=/proc/self/fd/%d" % w)
p = subprocess.run([sys.argv[1], "nesting"], stdout=subprocess.DEVNULL, pass_fds=(w,), env=env,
                   stderr=subprocess.PIPE, restore_signals=True)
print(p.returncode)
sys.stderr.write(p.stderr.decode().replace("fd/%d'" % w, "fd/N'"))
PY
is "$(cat "$tap_tmp/pipe.st")" 0 "closed pipe: exit status unchanged (no SIGPIPE)"
# A pipe the program made non-blocking, whose reader starts late: a report of
# a megabyte (a trace) fills it many times over, and arrives whole.
python3 - "$scenario" >"$tap_tmp/nb.st" 2>"$tap_tmp/nb.err" <<'PY'
import fcntl, json, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
env = dict(os.environ, MEMSCOPE_OPTIONS="trace=1:output=/proc/self/fd/%d" % w)
p = subprocess.Popen([sys.argv[1], "deep", "20000"], stdout=subprocess.DEVNULL, pass_fds=(w,), env=env)
os.close(w)
time.sleep(1)
data = b""
while True:
    b = os.read(r, 65536)
    if not b:
        break
    data += b
d = json.loads(data)
print(p.wait(), len(data) > 500000, len(d["trace"][0]["events"]) >= 40000)
PY
is "$(cat "$tap_tmp/nb.st"):$(cat "$tap_tmp/nb.err")" "0 True True:" "non-blocking pipe: the whole report, exit status unchanged"
is "$(cat "$tap_tmp/pipe.err")" "memscope: cannot write report to '/proc/self/fd/N': Broken pipe; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)" \
  "closed pipe: one line says why"

done_testing

#!/bin/sh
# testsuite/plugin/unload.sh: a library the program closes (dlclose) before
# the report is written.  The report reads every scope's descriptor, which
# the plugin puts in the library's read-only data: the runtime keeps those
# pages, copied, where they were, and the code's addresses reserved
# (runtime/unload.c), for an instrumented library only.  Before, writing
# the report read the unmapped descriptors: the program died of SIGSEGV at
# exit (tcl8.6's unload.test) and its report was lost.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"
ulimit -c 0

compile libunload-1.so unload-1-lib.c -O2 -fPIC -shared || { done_testing; exit; }
compile unload-1 unload-1.c -O2 || { done_testing; exit; }
cp "$inputs/unload-1-lib.c" "$work/plain-lib.c"
ok "build unload-1-lib.c plain" sh -c "cd '$work' && $CC -O2 -fPIC -shared plain-lib.c -o libplain.so"

# The instrumented library twice, then the plain one twice: each load's
# scopes in the report, the plain library's pages gone as without memscope.
run_report unload-1 "$work/libunload-1.so" "$work/libplain.so"
same_output unload-1 "lib: 256, read-only data kept, code reserved
lib: 512, read-only data kept, code reserved
lib: 512, read-only data gone, code gone
lib: 768, read-only data gone, code gone" 0
is "$(cat "$work/unload-1.err")" "" "unload-1: nothing on stderr"
check unload-1.json "lib_work and lib_name, once a load: file, entries" \
  '[R.scopes[] | select(.file == "unload-1-lib.c") | [.name, .entries]] | sort' \
  '[["lib_name",1],["lib_name",1],["lib_work",1],["lib_work",1]]'
check unload-1.json "lib_work's contexts: entered from round_trip, one allocation each" \
  '[R.contexts[] | select(.scope as $s | [R.scopes[] | select(.name == "lib_work") | .id] | index($s)) |
    [sname(ctx(.parent).scope), .entries, .heap_allocations]]' \
  '[["round_trip",1,1],["round_trip",1,1]]'
check unload-1.json "the library's allocator call still named: malloc at line 24 of lib_work, once a load" \
  '[R.sites[] | select(.function == "lib_work") | [.file, .line, .allocations, .bytes]]' \
  '[["unload-1-lib.c",24,1,100],["unload-1-lib.c",24,1,100]]'
check unload-1.json "balanced: no unmatched exit, no lost event, nothing open" \
  '[.threads[0] | .unmatched_exits, .lost_events, .open_scopes]' '[0,0,0]'

# Opened by a relative path, from the folder it is in: the allocator
# call's table is read from the file /proc/self/maps names (none before).
(cd "$work" && MEMSCOPE_OPTIONS="output=$work/relative.json" ./unload-1 ./libunload-1.so >/dev/null 2>&1)
is "$?" 0 "relative path: exit status 0"
check relative.json "relative path: the library's allocator call named too" \
  '[R.sites[] | select(.function == "lib_work") | [.file, .line]]' \
  '[["unload-1-lib.c",24],["unload-1-lib.c",24]]'

# A library that the closed one needs is unloaded with it: it is kept
# too (lighttpd's mod_auth, unloaded at mod_authn_file's dlclose, was not:
# SIGSEGV at exit).
compile libunload-2-dep.so unload-2-dep.c -O2 -fPIC -shared || { done_testing; exit; }
compile libunload-2.so unload-2-lib.c -O2 -fPIC -shared -L"$work" -Wl,--no-as-needed -l:libunload-2-dep.so \
  -Wl,-rpath,'$ORIGIN' || { done_testing; exit; }
run_report unload-1 "$work/libunload-2.so"
same_output unload-1 "lib: 3, read-only data kept, code reserved
lib: 5, read-only data kept, code reserved" 0
check unload-1.json "a dependency unloaded with it: dep_work entered from lib_work, its malloc named, once a load" \
  '[R.contexts[] | select(.scope as $s | [R.scopes[] | select(.name == "dep_work") | .id] | index($s)) |
    [sname(ctx(.parent).scope), .entries, .heap_allocations]],
   [R.sites[] | select(.function == "dep_work") | [.file, .line]]' \
  '[["lib_work",1,1],["lib_work",1,1]]
[["unload-2-dep.c",12],["unload-2-dep.c",12]]'

# Linked with its constants in the code's segment (-z noseparate-code),
# the library's code is kept as data too: the descriptors lie there.
compile libunload-1n.so unload-1-lib.c -O2 -fPIC -shared -Wl,-z,noseparate-code || { done_testing; exit; }
run_report unload-1 "$work/libunload-1n.so"
same_output unload-1 "lib: 256, read-only data kept, code kept
lib: 512, read-only data kept, code kept" 0
check unload-1.json "-z noseparate-code: lib_work and its allocator call named, once a load" \
  '[R.sites[] | select(.function == "lib_work") | [.file, .line, .allocations]]' \
  '[["unload-1-lib.c",24,1],["unload-1-lib.c",24,1]]'

# Opened twice and closed once, the library stays loaded (its pages are
# its own, not a copy over them); closed again, it goes.
run_report unload-1 "nested:$work/libunload-1.so" "$work/libunload-1.so"
same_output unload-1 "lib: 768, read-only data kept, code kept
lib: 512, read-only data kept, code reserved
lib: 768, read-only data kept, code reserved" 0
is "$(cat "$work/unload-1.err")" "" "nested: nothing on stderr"
check unload-1.json "nested: lib_work entered once in each of its three loads" \
  '[R.scopes[] | select(.name == "lib_work") | .entries]' '[1,1,1]'

# A crash after the library has gone: the crash report names its scopes
# too, and the signal takes its course.
(cd "$work" && ./unload-1 "$work/libplain.so" crash >/dev/null 2>&1)
plain=$?
(cd "$work" && MEMSCOPE_OPTIONS="output=$work/crash.json" ./unload-1 "$work/libunload-1.so" crash >/dev/null 2>&1)
is "$?" "$plain" "crash after dlclose: the exit status of the crash ($plain)"
check crash.json "crash after dlclose: the report has the crash and the library's scopes" \
  '[.crash.signal, ([R.scopes[] | select(.file == "unload-1-lib.c") | .name] | sort)]' \
  '[11,["lib_name","lib_name","lib_work","lib_work"]]'

# Another thread maps something where the library was, between its
# unmapping and the copy's return (gdb does it from still_loaded, which
# runs in that gap): no report, one line that says why and what to do, the
# program's output and exit status untouched.
if command -v gdb >/dev/null 2>&1; then
  cat >"$work/take.gdb" <<'GDB'
set confirm off
break main
run
break *still_loaded
continue
call (long) mmap ((void *) ((Closing *) $rdx)->kept[0].lo, 4096, 3, 0x22, -1, 0)
delete
continue
quit
GDB
  rm -f "$work/taken.json"
  (cd "$work" && MEMSCOPE_OPTIONS="output=$work/taken.json" gdb -q -batch -x take.gdb \
     --args ./unload-1 "$work/libunload-1.so" >taken.gdb 2>&1)
  if ! grep -q '^\$1 = ' "$work/taken.gdb"; then
    tap_result 0 "range taken between unmapping and copy # SKIP gdb could not map it (a runtime without debug information?)"
    diag "$(cat "$work/taken.gdb")"
    done_testing
    exit
  fi
  is "$(grep -c '^lib: 256, read-only data gone, code gone$' "$work/taken.gdb"):$(grep -c '^lib: 512, read-only data kept, code reserved$' "$work/taken.gdb"):$(grep -c 'exited normally' "$work/taken.gdb")" \
    1:1:1 "range taken: the program's output, and its exit status 0"
  is "$(grep '^memscope:' "$work/taken.gdb")" \
    "memscope: the scopes of $work/libunload-1.so, unloaded by dlclose, could not be kept (another mapping took their addresses first), so no report can be made (open it with RTLD_NODELETE to keep it loaded)" \
    "range taken: one line that says why there is no report"
  ok "range taken: no report, no crash" test ! -e "$work/taken.json"
else
  tap_result 0 "range taken between unmapping and copy # SKIP gdb is not installed"
fi

done_testing

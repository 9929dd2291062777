#!/bin/sh
# program.sh: memscope run, summary, tree and export on a program built
# with memscope-gcc and the plugin from the build tree.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

plugin=$top_builddir/plugin/.libs/memscope.so
[ -f "$plugin" ] || skip_all "the GCC plugin is not built"
cp "$top_srcdir/testsuite/cli/program-1.c" "$tap_tmp/"
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O0 program-1.c -o program-1) >"$tap_tmp/build.log" 2>&1
ok "build program-1.c with memscope-gcc" test -x "$tap_tmp/program-1"

(cd "$tap_tmp" && "$memscope" run -o p.json ./program-1 >/dev/null 2>"$tap_tmp/run.err")
is "$?" 0 "run: the program's status"
r=$tap_tmp/p.json
output_is "tree: main > parse > nest (folded), exact bytes" \
"peak  entries  heap  live  leaked  context                       location
1656        1     0     0       0  main                          program-1.c:34
 656        3     0     0       0    parse                       program-1.c:24
 400       12     0     0       0      nest  (recursion folded)  program-1.c:13" tree --bytes "$r"
output_is "vars: the three arrays" \
"  size  instances  heap  owned  kind   variable           scope  location
1000 B          1   0 B    0 B  local  char[1000] buffer  main   program-1.c:36
 256 B          3   0 B    0 B  local  char[256] line     parse  program-1.c:26
 100 B         12   0 B    0 B  local  char[100] frame    nest   program-1.c:15" vars "$r"
output_is "export folded: 1000 + 256 + 4 x 100" "main 1000
main;parse 256
main;parse;nest 400" export --format=folded "$r"
is "$(grep '^stack peak' "$tap_tmp/run.err")" "stack peak: 1.6 KiB of variables on thread 1 (program-1) in main > parse > nest" \
  "run: the summary's stack peak"

# The real stack: nest() 4 deep is the deepest point, its figures those
# of the report.
used=$(jq .threads[0].stack_used_peak "$r")
size=$(jq .threads[0].stack_size "$r")
pct=$(awk -v u="$used" -v s="$size" 'BEGIN { printf "%.1f", 100 * u / s }')
run_ms summary --bytes --wide "$r"
is "$st:$err:$(printf '%s\n' "$out" | grep '^stack:')" \
  "0::stack: $used bytes of $size bytes used at most ($pct%), deepest in main > parse > nest (x4 recursion)" \
  "summary: the real stack, the deepest path and its recursion"
# Each function's frame: as measured, marked "*" beyond GCC's static frame;
# GCC's in parentheses where none was measured.
run_ms tree --by=stack --bytes --wide "$r"
is "$st:$err:$(printf '%s\n' "$out" | awk 'NR > 1 && $2 ~ /^[0-9]+$/ { print $1, $2, $3 }')" \
  "0::$(jq -r '(.scopes | map({key: (.id | tostring), value: .}) | from_entries) as $s
    | .contexts[] | $s[.scope | tostring] as $f | ($f.stack_frame_bytes // 0) as $m | ($f.stack_frame_static // 0) as $g
    | "\(.stack_used_peak) \(.stack_depth) \(if $m > 0 then "\($m)\(if $g > 0 and $m > $g then "*" else "" end)"
                                         elif $g > 0 then "(\($g))" else "" end)"' "$r" | sort -rn -k1,1)" \
  "tree --by=stack: each context's stack used, depth and frame, as the report says"

# Allocation sites: sites-1.c's lines, named as LeakSanitizer names them.
# (-O2: the plugin writes the call sites of optimized code.)
cp "$top_srcdir/testsuite/cli/sites-1.c" "$tap_tmp/"
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O2 sites-1.c -o sites-1) >"$tap_tmp/build.log" 2>&1
ok "build sites-1.c with memscope-gcc -O2" test -x "$tap_tmp/sites-1"
(cd "$tap_tmp" && MEMSCOPE_OPTIONS=output=s.json ./sites-1 >/dev/null 2>&1)
s=$tap_tmp/s.json
line() { grep -n "site: $1" "$tap_tmp/sites-1.c" | cut -d: -f1; }
output_is "leaks: each leak's allocator call, and the functions it was called from" \
"64 B in 4 blocks leaked, held by struct node * n, allocated from:
    #1 push sites-1.c:$(line 'push malloc')
    #2 build sites-1.c
    #3 main sites-1.c
32 B in 4 blocks leaked, allocated from:
    #1 push sites-1.c:$(line 'push strdup')
    #2 build sites-1.c
    #3 main sites-1.c

96 B in 8 blocks leaked; 4 KiB in 5 blocks still reachable (--all lists them)" leaks "$s"
output_is "top --by=heap: each context's biggest allocator call" \
" heap  entries  context              allocated at
4 KiB        1  main                 #1 (not in instrumented code)
512 B        1  main > scratch       #1 scratch sites-1.c:$(line 'scratch malloc')
144 B        6  main > build > push  #1 push sites-1.c:$(line 'push malloc') (+1 more)" top --by=heap "$s"
run_ms tree "$s"
is "$st:$err:$(printf '%s\n' "$out" | grep '#1' | sed 's/^ *//; s/  */ /g')" \
  "0::96 B 64 B #1 push sites-1.c:$(line 'push malloc')
48 B 32 B #1 push sites-1.c:$(line 'push strdup')
512 B 0 B #1 scratch sites-1.c:$(line 'scratch malloc')" "tree: each context's allocator calls, heap and leaked bytes"
jq_is "$s" '[.sites[] | select(.file) | [.function, .line, .allocations, .bytes, .live_blocks, .live_bytes]] | sort' \
  "[[\"push\",$(line 'push malloc'),6,96,6,96],[\"push\",$(line 'push strdup'),6,48,6,48],[\"scratch\",$(line 'scratch malloc'),1,512,0,0]]" \
  "the report's allocation sites: 6 nodes and 6 names, 512 bytes freed"
# scratch's buf lives in a register (untracked), and received 512 bytes.
run_ms vars "$s"
is "$st:$err:$(printf '%s\n' "$out" | grep 'char \* buf' | sed 's/  */ /g')" \
  "0:: 8 B 512 B 0 B local (untracked) char * buf scratch" "vars: a register pointer that received heap, listed"
# merge keeps the sites: one report merged is itself; two sum up.
"$memscope" merge "$s" -o "$tap_tmp/s1.json"
is "$(jq -S 'del(.merged_from)' "$tap_tmp/s1.json" | cmp - "$(jq -S . "$s" >"$tap_tmp/s.sorted"; echo "$tap_tmp/s.sorted")" 2>&1)" "" \
  "merge of one report with sites: equal to it, member for member"
"$memscope" merge "$s" "$s" -o "$tap_tmp/s2.json"
jq_is "$tap_tmp/s2.json" '[.sites[] | select(.file) | [.line, .allocations, .bytes]] | sort' \
  "$(jq -c '[.sites[] | select(.file) | [.line, 2 * .allocations, 2 * .bytes]] | sort' "$s")" "merge of two: sites summed"
jq_is "$tap_tmp/s2.json" '[.leaks[] | select(.reachable == false) | [.site_line, .bytes]] | sort' \
  "$(jq -c '[.leaks[] | select(.reachable == false) | [.site_line, 2 * .bytes]] | sort' "$s")" "merge of two: leaks kept apart by site"

# Entries on another stack: offstack-1.c's 3 signals, each handled on its
# own sigaltstack by on_signal calling work 5 deep: 3 x 6 entries left out
# of the main thread's figures, said by the runtime's summary and by
# `summary`; the contexts entered only there have no figures.  Its own
# stack: main > work 3 deep (recursion, measured in GCC's frames of work).
cp "$top_srcdir/testsuite/cli/offstack-1.c" "$tap_tmp/"
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O0 offstack-1.c -o offstack-1 && cc -O0 offstack-1.c -o offstack-plain) \
  >"$tap_tmp/build.log" 2>&1
ok "build offstack-1.c with memscope-gcc -O0, and without" test -x "$tap_tmp/offstack-1" -a -x "$tap_tmp/offstack-plain"
(cd "$tap_tmp" && MEMSCOPE_OPTIONS=summary=1:output=o.json ./offstack-1 >o.out 2>o.err)
is "$?:$(cat "$tap_tmp/o.out")" "0:$("$tap_tmp/offstack-plain")" "offstack-1: status and output unchanged"
o=$tap_tmp/o.json
jq_is "$o" '[.threads[0].stack_off_entries, ([.contexts[] | select(.stack_used_peak == null) | .entries] | add)]' '[18,18]' \
  "offstack-1: 18 entries on another stack, in contexts without stack figures"
used=$(jq .threads[0].stack_used_peak "$o")
size=$(jq .threads[0].stack_size "$o")
opct=$(awk -v u="$used" -v s="$size" 'BEGIN { printf "%.1f", 100 * u / s }')
# human BYTES: as the summaries write a size (below 1 GiB).
human() {
  awk -v b="$1" 'BEGIN { if (b < 1024) { printf "%d B", b; exit }
    u = "KiB"; t = int(b * 10 / 1024 + 0.5); if (t >= 10240) { u = "MiB"; t = int(b * 10 / 1048576 + 0.5) }
    if (t % 10) printf "%d.%d %s", t / 10, t % 10, u; else printf "%d %s", t / 10, u }'
}
is "$(sed -n '/^memscope: thread 1 stack:/,/^memscope: top/p' "$tap_tmp/o.err" | sed '$d')" \
"memscope: thread 1 stack: $(human "$used") of $(human "$size") used at most ($opct%)
memscope:   deepest in main > work (x3 recursion)
memscope:   18 entries on another stack left out" "summary=1: the deepest path, its recursion and the entries left out"
run_ms summary --bytes --wide "$o"
is "$st:$err:$(printf '%s\n' "$out" | grep '^stack:')" \
  "0::stack: $used bytes of $size bytes used at most ($opct%), deepest in main > work (x3 recursion); 18 entries on another stack left out" \
  "summary: the deepest path, its recursion and the entries left out"
# frame NAME: its frame cell: as measured, or GCC's in parentheses.
frame() {
  jq -r ".scopes[] | select(.name == \"$1\")
         | if .stack_frame_bytes > 0 then \"\(.stack_frame_bytes) B\" else \"(\(.stack_frame_static) B)\" end" "$o"
}
run_ms tree --by=stack "$o"
is "$st:$err:$(printf '%s\n' "$out" | awk '$1 == "-"' | sed 's/^ *//; s/  */ /g')" \
  "0::- - $(frame on_signal) 3 on_signal
- - $(frame work) 15 work (recursion folded)" "tree --by=stack: the handler's contexts without figures, and their frames, measured or GCC's"
jq_is "$o" '[.scopes[] | select(.name == "work") | .stack_frame_bytes == .stack_frame_static]' '[true]' \
  "offstack-1: work's frame measured by its own recursion, as GCC's"

# The runtime's summary (summary=1) and `memscope summary` say the same of
# each thread's real stack, on the demo at -O2 (checksum partly inlined).
mkdir -p "$tap_tmp/examples"
cp "$top_srcdir/examples/demo.c" "$tap_tmp/examples/"
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O2 -g examples/demo.c -o demo) >"$tap_tmp/build.log" 2>&1
ok "build examples/demo.c with memscope-gcc -O2" test -x "$tap_tmp/demo"
(cd "$tap_tmp" && MEMSCOPE_OPTIONS=summary=1:output=demo.json ./demo >/dev/null 2>demo.err)
run_ms summary --wide "$tap_tmp/demo.json"
is "$st:$err:$(printf '%s\n' "$out" | sed -n 's/^thread \([0-9]*\) ([^)]*) stack: \(.*\) used at most \(.*\), \(deepest in .*\)/\1 \2 \3 \4/p' | sort)" \
  "0::$(awk '/^memscope: thread [0-9]* stack:/ { sub(/^memscope: thread /, ""); sub(/ stack:/, ""); sub(/ used at most/, ""); t = $0; next }
            /^memscope:   deepest in / { sub(/^memscope:   /, ""); print t, $0 }' "$tap_tmp/demo.err" | sort)" \
  "demo: summary=1 and memscope summary, the same stack, share, deepest path and recursion per thread"
is "$(grep -c '^memscope:   deepest in ' "$tap_tmp/demo.err")" 2 "demo: summary=1 says where each of the 2 threads was deepest"

# summary=1 within 80 columns: names of 58 characters, a source 58 deep in
# directories, a leak held by a variable of 38.  Each path keeps its last
# scope, each location the end of its file name and its line.
d=$tap_tmp/a/rather/deep/directory/structure/for/the/sources
mkdir -p "$d"
cat >"$d/long_names_module.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#define NOINLINE __attribute__ ((noinline))
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")
NOINLINE static int
a_function_with_a_rather_long_descriptive_name_level_three (int d)
{
  char a_buffer_with_a_long_name_for_the_test[200];
  a_buffer_with_a_long_name_for_the_test[0] = d;
  KEEP (a_buffer_with_a_long_name_for_the_test);
  return d > 0 ? a_function_with_a_rather_long_descriptive_name_level_three (d - 1) + 1 : 0;
}
NOINLINE static int
a_function_with_a_rather_long_descriptive_name_level_one (void)
{
  char *leaked_block_with_a_long_variable_name = malloc (100);
  KEEP (leaked_block_with_a_long_variable_name);
  leaked_block_with_a_long_variable_name = 0;
  return a_function_with_a_rather_long_descriptive_name_level_three (1000);
}
int
main (void)
{
  printf ("%d\n", a_function_with_a_rather_long_descriptive_name_level_one ());
  return 0;
}
EOF
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O2 a/rather/deep/directory/structure/for/the/sources/long_names_module.c -o long) \
  >"$tap_tmp/build.log" 2>&1
ok "build long_names_module.c with memscope-gcc -O2" test -x "$tap_tmp/long"
(cd "$tap_tmp" && MEMSCOPE_OPTIONS=summary=1:output=long.json ./long >long.out 2>long.err)
is "$?:$(cat "$tap_tmp/long.out")" "0:1000" "long names: status and output"
is "$(awk '{ if (length > w) w = length } END { print w }' "$tap_tmp/long.err")" 80 "summary=1 of long names: within 80 columns"
f3=a_function_with_a_rather_long_descriptive_name_level_three
is "$(grep -A1 '^memscope: stack peak' "$tap_tmp/long.err" | sed 's/ [0-9.]* KiB / N /')" \
"memscope: stack peak N of tracked variables (thread 1)
memscope:   in main > $f3" "summary=1: a long path on a line of its own"
is "$(grep '^memscope:   deepest in' "$tap_tmp/long.err")" \
  "memscope:   deepest in ...er_long_descriptive_name_level_three (x1001 recursion)" \
  "summary=1: the deepest path's end and its recursion, in 80 columns"
is "$(grep -c '\.\.\.long_names_module\.c:6$' "$tap_tmp/long.err")" 1 \
  "summary=1: the recursive function's location, its file name's end and line kept"
is "$(grep -A2 'allocated at, in (owner)' "$tap_tmp/long.err" | sed -n 2,3p | sed 's/^ *[0-9]* B  *1  //; s/^ *//')" \
"#1 a_function_with_a_rather... ...ong_names_module.c:16
in ...ptive_name_level_one (leaked_block_with_a_l...)" \
  "summary=1: a long leak row, its allocator call then its context, each in 80 columns"

# trace=1: each instance's own bytes.  echo() holds a VLA of 54, 62, then
# 60 bytes: its exits carry them, and the Chrome counter rises by each
# instance's bytes at its entry (not by the context's most, 62, each time).
cat >"$tap_tmp/vla.c" <<'EOF'
#include <stdio.h>
#include <string.h>
__attribute__ ((noinline)) static int
echo (int n)
{
  char line[n];
  memset (line, 'x', n);
  __asm__ __volatile__ ("" : : "r" (line) : "memory");
  return line[n - 1];
}
int
main (void)
{
  printf ("%d\n", echo (54) + echo (62) + echo (60));
  return 0;
}
EOF
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O2 vla.c -o vla) >"$tap_tmp/build.log" 2>&1
ok "build vla.c with memscope-gcc -O2" test -x "$tap_tmp/vla"
(cd "$tap_tmp" && MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs MEMSCOPE_OPTIONS=trace=1:output=vla.json ./vla >vla.out)
is "$?:$(cat "$tap_tmp/vla.out")" "0:360" "trace=1: the program's status and output"
jq_is "$tap_tmp/vla.json" '[.trace[0].events[] | select(.[1] == "E") | .[3]]' '[54,62,60,0]' \
  "trace=1: each exit carries its instance's own bytes (the VLA at 54, 62, 60; main none)"
run_ms export --format=chrome -o "$tap_tmp/vla.chrome.json" "$tap_tmp/vla.json"
jq_is "$tap_tmp/vla.chrome.json" '[.traceEvents[] | select(.ph == "C" and .name == "stack bytes, thread 1") | .args.bytes]' \
  '[0,54,0,62,0,60,0,0]' "Chrome export: the stack counter at each instance's own bytes"
run_ms merge -o "$tap_tmp/vla-merged.json" "$tap_tmp/vla.json"
jq_is "$tap_tmp/vla-merged.json" '[.trace[0].events[] | select(.[1] == "E") | .[3]]' '[54,62,60,0]' \
  "merge keeps each exit's bytes"

done_testing

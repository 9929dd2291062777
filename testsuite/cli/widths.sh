#!/bin/sh
# widths.sh: every command's output fits the terminal: $COLUMNS, the
# terminal's own width, 80 columns when not a terminal; --wide has no
# limit.  Measured on the scenario reports and on one with 60-deep
# contexts, long names and long paths, at 80 and 200 columns.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

report threads threads 3
report recursion recursion
heap_report leak leak
# 60 contexts deep, each a function with a 27-character name in a file
# with a long path, half of them with a frame beyond GCC's (marked), half
# without a measured one; the deepest allocates and leaks.
jq -n '[range(60)] as $r
  | {format: "memscope", version: 1, program: "deep-program-with-a-long-name", pid: 1,
     threads: [{id: 1, tid: 1, name: "a-thread-name15", scopes_entered: 60, stack_bytes_peak: 6000, peak_context: 60,
                stack_size: 8388608, stack_used_peak: 123456, stack_used_peak_context: 60, stack_off_entries: 123456}],
     scopes: [$r[] | {id: (. + 1), kind: "function", name: "function_number_\(.)_of_the_chain",
                      function: "function_number_\(.)_of_the_chain",
                      file: "src/a/rather/deep/directory/structure/module_\(.).c", line: (10 * . + 1),
                      peak_memory: (6000 - 100 * .), entries: 1,
                      stack_frame_bytes: (if . % 2 == 0 then 2000 else 0 end), stack_frame_static: 1000}],
     variables: [$r[] | {id: (. + 1), name: "a_buffer_with_a_long_name_\(.)", type: "struct some_long_type_name[16]",
                         size: 100, kind: "local", scope: (. + 1), file: "src/a/rather/deep/directory/structure/module_\(.).c",
                         line: (10 * . + 2), instances: 1, heap_bytes: 0}],
     contexts: [$r[] | {id: (. + 1), scope: (. + 1), parent: (if . == 0 then null else . end), entries: 1,
                        direct_bytes: 100, peak_memory: (6000 - 100 * .), heap_bytes: 4096, heap_allocations: 1,
                        stack_used_peak: (123456 - 1000 * .), stack_depth: (1000 * .)}],
     leaks: [{context: 60, variable: 60, bytes: 4096, blocks: 1, reachable: false,
              site_file: "src/a/rather/deep/directory/structure/module_59.c", site_line: 593,
              site_function: "function_number_59_of_the_chain"}],
     sites: [$r[] | {context: (. + 1), file: "src/a/rather/deep/directory/structure/module_\(.).c", line: (10 * . + 3),
                     function: "function_number_\(.)_of_the_chain", allocations: 1, bytes: 4096, live_blocks: 0, live_bytes: 0}],
     heap: {live_blocks: 1, live_bytes: 4096, leaked_blocks: 1, leaked_bytes: 4096}}' >"$tap_tmp/deep.json"
jq '.threads[0].name = "other" | .contexts[59].entries = 2' "$tap_tmp/deep.json" >"$tap_tmp/deep2.json"

# widest OPTIONS...: the widest line memscope prints (C locale: "..."
# stands for what is cut, one byte a character).
widest() {
  "$memscope" "$@" 2>&1 | awk '{ if (length > w) w = length } END { print w + 0 }'
}

commands='summary|tree|tree --by=stack|top|top --by=heap|top --by=stack|top --by=entries|threads|leaks --all|vars --all'
for width in 80 200; do
  for r in threads recursion leak deep; do
    over=
    IFS='|'
    for c in $commands; do
      IFS=' '
      # shellcheck disable=SC2086
      w=$(COLUMNS=$width widest $c "$tap_tmp/$r.json")
      [ "$w" -le "$width" ] || over="$over [$c: $w]"
      IFS='|'
    done
    IFS=' '
    is "$over" "" "$r.json: every command within $width columns"
  done
  w=$(COLUMNS=$width widest diff "$tap_tmp/deep.json" "$tap_tmp/deep2.json")
  ok "diff within $width columns ($w)" test "$w" -le "$width"
done
# The deep report needs the room: at 200 columns some lines use it.
w=$(COLUMNS=200 widest tree "$tap_tmp/deep.json")
ok "tree of the deep report: wider than 80 when it may ($w)" test "$w" -gt 80
w=$(COLUMNS=200 widest summary "$tap_tmp/deep.json")
ok "summary of the deep report: wider than 80 when it may ($w)" test "$w" -gt 80

# Not a terminal and no COLUMNS: 80.
w=$(env -u COLUMNS "$memscope" tree "$tap_tmp/deep.json" | awk '{ if (length > w) w = length } END { print w }')
ok "no COLUMNS, not a terminal: 80 columns ($w)" test "$w" -le 80
# --wide: nothing shortened, nothing left out.
w=$(COLUMNS=80 widest tree --wide "$tap_tmp/deep.json")
ok "--wide: no limit ($w columns)" test "$w" -gt 200
is "$(COLUMNS=80 "$memscope" threads --wide "$tap_tmp/threads.json" | head -n 1)" \
  "id   tid  name      scopes  variables  stack peak  heap allocs  heap peak  state    peak context" \
  "--wide: every column"
is "$(COLUMNS=80 "$memscope" leaks --wide "$tap_tmp/deep.json" | sed -n 2p)" \
  "    #1 function_number_59_of_the_chain src/a/rather/deep/directory/structure/module_59.c:593" \
  "--wide: the full path"

# What is shortened: a context path in its middle, its first and last
# scopes kept; a location on its left, its line kept.
run_ms top -n 1 "$tap_tmp/deep.json"
is "$(printf '%s\n' "$out" | sed -n 2p)" \
  "5.9 KiB        1  function_number_0_of_the_chain  ...tory/structure/module_0.c:1" \
  "top: a location shortened on its left"
run_ms top --by=stack -n 60 "$tap_tmp/deep.json"
is "$(printf '%s\n' "$out" | tail -n 1)" \
  "  62.9 KiB  57.6 KiB  ... > function_number_59_of_the_chain       ...le_59.c:591" \
  "top: a deep context shortened in its middle, its innermost scope kept"
run_ms top --by=stack -n 60 --wide "$tap_tmp/deep.json"
is "$(printf '%s\n' "$out" | tail -n 1 | cut -c 1-80)" \
  "  62.9 KiB  57.6 KiB        1  function_number_0_of_the_chain > function_number_" \
  "top --wide: the whole path"
COLUMNS=120 run_ms top --by=stack -n 60 "$tap_tmp/deep.json"
is "$(printf '%s\n' "$out" | tail -n 1)" \
  "  62.9 KiB  57.6 KiB        1  function_number_0_of_the_chain > ... > function_number_59_of_the_chain     ...le_59.c:591" \
  "top at 120 columns: the first and last scopes of a deep context"
run_ms leaks "$tap_tmp/deep.json"
is "$(printf '%s\n' "$out" | sed -n 1,3p)" \
  "4 KiB in 1 block leaked, held by struct some_long_type_name[16]
  a_buffer_with_a_long_name_59, allocated from:
    #1 function_number_59_of_the_chain ...ep/directory/structure/module_59.c:593" \
  "leaks: words wrapped, a frame's location shortened on its left"

# On a terminal, its width: script(1) gives the program a terminal of
# 100 columns (stty), without COLUMNS.
if command -v script >/dev/null 2>&1; then
  env -u COLUMNS script -qec "stty cols 100; $memscope tree $tap_tmp/deep.json" /dev/null >"$tap_tmp/tty.out" 2>&1
  w=$(sed 's/\x1b\[[0-9;]*m//g; s/\r$//' "$tap_tmp/tty.out" | awk '{ if (length > w) w = length } END { print w }')
  ok "a terminal of 100 columns: lines up to 100 ($w), more than 80" test "$w" -le 100 -a "$w" -gt 80
fi

done_testing

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
"peak  entries  heap  live  leaked  context
1656        1     0     0       0  main  program-1.c:34
 656        3     0     0       0    parse  program-1.c:24
 400       12     0     0       0      nest  program-1.c:13  (recursion folded)" tree "$r"
output_is "vars: the three arrays" \
"bytes  instances  live  heap  held  kind   variable           scope  location
 1000          1     0     0     0  local  char[1000] buffer  main   program-1.c:36
  256          3     0     0     0  local  char[256] line     parse  program-1.c:26
  100         12     0     0     0  local  char[100] frame    nest   program-1.c:15" vars "$r"
output_is "export folded: 1000 + 256 + 4 x 100" "main 1000
main;parse 256
main;parse;nest 400" export --format=folded "$r"
is "$(sed -n 4p "$tap_tmp/run.err")" "stack peak: 1656 bytes on thread 1 (program-1) in main > parse > nest" \
  "run: the summary's stack peak"

done_testing

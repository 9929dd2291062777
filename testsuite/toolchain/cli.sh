#!/bin/sh
# testsuite/toolchain/cli.sh: --version everywhere, `memscope help COMMAND`,
# and `memscope run --trace / --no-heap`.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
: "${top_builddir:?run through make check}"
LC_ALL=C.UTF-8
export LC_ALL
cli=$top_builddir/cli/memscope
version=$(sed -n 's/^PACKAGE_VERSION = //p' "$top_builddir/Makefile")

# out3 COMMAND...: "status|stdout|stderr" of COMMAND, run in $tap_tmp.
out3() {
  (cd "$tap_tmp" && "$@") >"$tap_tmp/o" 2>"$tap_tmp/e"
  echo "$?|$(cat "$tap_tmp/o")|$(cat "$tap_tmp/e")"
}
# out2 COMMAND...: "status|stdout" of COMMAND, run in $tap_tmp.
out2() {
  (cd "$tap_tmp" && "$@") >"$tap_tmp/o" 2>"$tap_tmp/e"
  echo "$?|$(cat "$tap_tmp/o")"
}

is "$(out3 "$cli" --version)" "0|memscope $version (reads report version 1)|" "memscope --version"
is "$(out3 "$cli" -V)" "0|memscope $version (reads report version 1)|" "memscope -V"
is "$(out3 "$cli" help)" "$(out3 "$cli" --help)" "memscope help: memscope --help"
for c in run tree leaks; do
  "$cli" "$c" --help >"$tap_tmp/$c.want"
  is "$(out3 "$cli" help "$c")" "0|$(cat "$tap_tmp/$c.want")|" "memscope help $c: memscope $c --help"
done
is "$(out3 "$cli" help nope)" "2||memscope help: unknown command 'nope' (try memscope --help)" \
  "memscope help with an unknown command: one line, status 2"
is "$(out3 "$cli" help tree leaks)" "2||memscope help: unexpected argument 'leaks' (try memscope --help)" \
  "memscope help with two commands: one line, status 2"

# ---- the wrappers: their own version; --version stays the compiler's -----------

if [ -n "${PLUGIN_GCCS:-}" ]; then
  majors=$(echo $PLUGIN_MAJORS | sed 's/ /, /g')
  for w in gcc g++; do
    wrapper=$top_builddir/tools/memscope-$w
    dir=$(sed -n 's|^plugin=${MEMSCOPE_PLUGIN:-\(.*\)/memscope.so}$|\1|p' "$wrapper")
    is "$(out3 "$wrapper" --memscope-version)" "0|memscope-$w (memscope) $version
The memscope plugin is built for GCC $majors (in $dir).|" "memscope-$w --memscope-version"
  done
  case $CC in *" "*) ;; *)
    is "$(out3 "$top_builddir/tools/memscope-gcc" --version)" "$(out3 $CC --version)" \
      "memscope-gcc --version: the compiler's, which build systems read" ;;
  esac

  # ---- run --trace, run --no-heap -----------------------------------------------
  cat >"$tap_tmp/prog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
char *volatile block;  /* so that -O2 keeps the allocation */
__attribute__ ((noinline)) static int
f (int n)
{
  int a[4] = { n };
  return a[0] + 1;
}
int
main (void)
{
  block = malloc (10);
  block[0] = 1;
  printf ("%d\n", f (block[0]));
  free (block);
  return 0;
}
EOF
  ok "an instrumented program builds" env MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" \
    MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" "$top_builddir/tools/memscope-gcc" -O2 \
    "$tap_tmp/prog.c" -o "$tap_tmp/prog"
  # What a run's report says of tracing and heap: events per thread,
  # heap tracking on, allocations seen (the program's and stdout's).
  facts='[[.trace[]? | .events | length], .heap.enabled, .threads[0].total_allocations]'
  # The user's summary=0 and heap=1 stay or are overridden as asked.
  export MEMSCOPE_OPTIONS=heap=1:summary=0:output=none
  is "$(out2 "$cli" run -o plain.json ./prog)" "0|2" "memscope run: status and output"
  jq_is "$tap_tmp/plain.json" "$facts" '[[],true,2]' "memscope run: no trace, the heap tracked"
  is "$(out2 "$cli" run --trace -o trace.json ./prog)" "0|2" "memscope run --trace"
  jq_is "$tap_tmp/trace.json" "$facts" '[[4],true,2]' \
    "memscope run --trace: main and f entered and exited, in the trace"
  is "$(out2 "$cli" run --no-heap -o noheap.json ./prog)" "0|2" "memscope run --no-heap"
  jq_is "$tap_tmp/noheap.json" "$facts" '[[],false,0]' \
    "memscope run --no-heap: heap tracking off, over the user's heap=1"
  is "$(out2 "$cli" run --trace --no-heap -o both.json -- ./prog)" "0|2" \
    "memscope run --trace --no-heap"
  jq_is "$tap_tmp/both.json" "$facts" '[[4],false,0]' "memscope run --trace --no-heap: both"
fi

done_testing

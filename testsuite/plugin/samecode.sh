#!/bin/sh
# testsuite/plugin/samecode.sh: the plugin leaves the code as plain gcc
# makes it (bench/frames.sh), on the memscope command's own sources at -O1,
# -O2 and -O3: the same functions emitted (inlining, cloning and splitting
# decisions), the same -fstack-usage frame for at least 95% of them with a
# sum within 2%, every leaf still a leaf, every tail call still one.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

flags="-I$top_builddir -I$top_srcdir -I$top_srcdir/include -I$top_srcdir/cli -I$top_srcdir/runtime -DG_LOG_DOMAIN=\"memscope\" -DMEMSCOPE_LIBDIR=\"/usr/lib\""
flags="$flags $(pkg-config --cflags glib-2.0 json-glib-1.0 yajl 2>/dev/null)"

for opt in -O1 -O2 -O3; do
  # shellcheck disable=SC2086
  if ! out=$(CC=$CC top_builddir=$top_builddir KEEP_DIR="$work/frames$opt" \
               sh "$top_srcdir/bench/frames.sh" "$top_srcdir/cli" $opt $flags 2>&1); then
    tap_result 1 "$opt: the command's sources compile plain and instrumented"
    diag "$out"
    continue
  fi
  tap_result 0 "$opt: the command's sources compile plain and instrumented"
  diag "$(printf '%s\n' "$out" | grep -v '^  differs')"
  set -- $(printf '%s\n' "$out" | sed -n 's/^functions: \([0-9]*\) emitted plain, \([0-9]*\) the same, \([0-9]*\) only plain, \([0-9]*\) only instrumented$/\1 \2 \3 \4/p')
  if [ $# = 4 ] && [ "$1" -gt 50 ] && [ "$3" = 0 ] && [ "$4" = 0 ]; then
    tap_result 0 "$opt: the same $1 functions emitted"
  else
    tap_result 1 "$opt: the same functions emitted"
  fi
  set -- $(printf '%s\n' "$out" | sed -n 's/^frames: \([0-9]*\) of \([0-9]*\) functions .* sum \([0-9]*\) plain, \([0-9]*\) instrumented .*/\1 \2 \3 \4/p')
  if [ $# = 4 ] && [ $(($1 * 100)) -ge $(($2 * 95)) ] && [ $(($4 * 100)) -le $(($3 * 102)) ]; then
    tap_result 0 "$opt: $1 of $2 frames kept, sum $3 -> $4 bytes"
  else
    tap_result 1 "$opt: frames kept (at least 95%, sum within 2%)"
  fi
  set -- $(printf '%s\n' "$out" | sed -n 's/^leaves: \([0-9]*\) of \([0-9]*\) leaf functions still leaves$/\1 \2/p')
  if [ $# = 2 ] && [ "$1" = "$2" ]; then tap_result 0 "$opt: all $2 leaves still leaves"; else tap_result 1 "$opt: leaves still leaves"; fi
  set -- $(printf '%s\n' "$out" | sed -n 's/^tail calls: \([0-9]*\) plain, \([0-9]*\) instrumented$/\1 \2/p')
  if [ $# = 2 ] && [ "$1" = "$2" ]; then tap_result 0 "$opt: all $1 tail calls kept"; else tap_result 1 "$opt: tail calls kept"; fi
done
done_testing

#!/bin/sh
# suppressions.sh: MEMSCOPE_OPTIONS=suppressions=FILE, as LeakSanitizer's.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# suppress-1.c leaks a 64-byte holder (make_holder) that points to a
# 100-byte child (make_child), and 24 bytes in other ().  Each file of
# leak:PATTERN lines is given to both tools; LeakSanitizer (built with
# frame pointers and no sibling calls, so that its stack traces name every
# function) and memscope must agree on what is leaked and what suppressed.
# As under LeakSanitizer, what a suppressed block points to is reachable.
# memscope's build keeps no sibling calls either: make_holder tail-calls
# alloc, and a function that tail-called is no longer on the stack, for
# memscope's contexts as for a debugger's backtrace.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

if MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
     "$top_builddir/tools/memscope-gcc" -O2 -fno-optimize-sibling-calls -I"$inputs" "$inputs/suppress-1.c" -o s-ms >s.log 2>&1 &&
   gcc -O2 -g -fno-omit-frame-pointer -fno-optimize-sibling-calls -fsanitize=leak -I"$inputs" \
     "$inputs/suppress-1.c" -o s-lsan >>s.log 2>&1; then
  tap_result 0 "suppress-1.c built with memscope and with -fsanitize=leak"
else
  tap_result 1 "suppress-1.c built with memscope and with -fsanitize=leak"
  sed 's/^/# /' s.log
  done_testing
  exit
fi

# compare NAME FILE-TEXT LEAKED SUPPRESSED: LEAKED and SUPPRESSED are
# "BYTES BLOCKS".
compare() {
  printf '%b' "$2" >"$1.supp"
  LSAN_OPTIONS="exitcode=0:print_suppressions=1:suppressions=$tap_tmp/$1.supp" ./s-lsan 2>"$1.lsan" >/dev/null
  lsan_leaked=$(sed -n 's/^SUMMARY: LeakSanitizer: \([0-9]*\) byte(s) leaked in \([0-9]*\) allocation.*/\1 \2/p' "$1.lsan")
  lsan_supp=$(awk '/^Suppressions used:/ { on = 1; next } on && /^-----/ { on = 0 }
                   on && $1 ~ /^[0-9]+$/ { n += $1; b += $2 } END { print b + 0, n + 0 }' "$1.lsan")
  is "${lsan_leaked:-0 0}/$lsan_supp" "$3/$4" "$1: LeakSanitizer leaks $3, suppresses $4 (bytes, blocks)"
  MEMSCOPE_OPTIONS="output=$tap_tmp/$1.json:suppressions=$tap_tmp/$1.supp" ./s-ms 2>"$1.err" >/dev/null
  jq_is "$1.json" '[.heap.leaked_bytes, .heap.leaked_blocks, .heap.suppressed_bytes, .heap.suppressed_blocks,
      ([.leaks[] | select(.suppressed) | .bytes] | add // 0), ([.leaks[] | select(.suppressed) | .reachable] | any)]
      | map(tostring) | join(" ")' "\"$3 $4 ${4% *} false\"" "$1: memscope the same (totals, leaks list)"
  is "$(cat "$1.err")" "" "$1: nothing on stderr"
}

compare none '' "188 3" "0 0"
compare holder 'leak:make_holder\n' "24 1" "64 1"
compare glob '# every make_ function\nleak:make_*\n' "24 1" "164 2"
compare anchored '\n  # comments and blank lines\n\nleak:^other$\n' "164 2" "24 1"
compare file 'leak:suppress-1.c\n' "0 0" "188 3"
compare nomatch 'leak:no_such_function\nleak:^make$\n' "188 3" "0 0"

# Suppressed leaks do not count for leak_exitcode.
MEMSCOPE_OPTIONS="output=none:leak_exitcode=23:suppressions=$tap_tmp/file.supp" ./s-ms >/dev/null 2>exit.err
is "$?/$(cat exit.err)" "0/" "leak_exitcode: every leak suppressed, the exit status unchanged"
MEMSCOPE_OPTIONS="output=none:leak_exitcode=23:suppressions=$tap_tmp/holder.supp" ./s-ms >/dev/null 2>exit.err
is "$?/$(cat exit.err)" "23/memscope: 1 heap blocks still live at exit; exit status 23 (leak_exitcode)" \
  "leak_exitcode: the unsuppressed leak counts"

# A bad file: one line, and no suppression at all.
bad() { # name description expected-line
  MEMSCOPE_OPTIONS="output=$tap_tmp/$1.json:suppressions=$tap_tmp/$1.supp" ./s-ms >"$1.out" 2>"$1.err"
  is "$?/$(cat "$1.err")" "0/$3" "$2: one line"
  jq_is "$1.json" '[.heap.leaked_bytes, .heap.leaked_blocks, .heap.suppressed_blocks]' '[188,3,0]' "$2: nothing suppressed"
}
bad missing "a missing file" "memscope: cannot read the suppressions file '$tap_tmp/missing.supp': No such file or directory; no leak is suppressed"
printf 'leak:other\nrace:make_holder\n' >badline.supp
bad badline "a line of another kind" "memscope: $tap_tmp/badline.supp:2: 'race:make_holder' is not a suppression (expected leak:PATTERN); no leak is suppressed"
printf 'leak:other\nmake_holder\n' >notype.supp
bad notype "a line without a kind" "memscope: $tap_tmp/notype.supp:2: 'make_holder' is not a suppression (expected leak:PATTERN); no leak is suppressed"
mkdir dir.supp
bad dir "a folder" "memscope: cannot read the suppressions file '$tap_tmp/dir.supp': Is a directory; no leak is suppressed"

# A relative name is taken from where the program starts.
mkdir -p sub && cp holder.supp sub/rel.supp
(cd sub && MEMSCOPE_OPTIONS="output=$tap_tmp/rel.json:suppressions=rel.supp" ../s-ms >/dev/null 2>&1)
jq_is rel.json '[.heap.suppressed_bytes, .heap.suppressed_blocks]' '[64,1]' "a relative name, from the start directory"

done_testing

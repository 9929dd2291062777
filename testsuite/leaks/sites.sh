#!/bin/sh
# sites.sh: the allocator call of each leaked block (file:line), as
# LeakSanitizer names it (its frame #1) and as the source says.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The programs of testsuite/leaks/ are built at -O2 with memscope and with
# -fsanitize=leak -g, and run once each.  Every leak LeakSanitizer puts at
# a line of the program's own sources (frame #1: the caller of malloc,
# calloc, realloc, operator new...) must be in memscope's report at that
# file and line, with the same bytes; every line memscope names must hold
# an allocator call.  Where LeakSanitizer's frame #1 is inside glibc
# (strdup, getline's getdelim), memscope names the program's call of
# strdup, and nothing for getline (glibc allocates, not the program).
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

# lsan_sites NAME: "FILE:LINE BYTES", summed, for LeakSanitizer's leaks
# whose frame #1 is in the program's sources; "libc BYTES" for the others.
lsan_sites() {
  awk -v dir="$inputs/" '
    /^(Direct|Indirect) leak of/ { bytes = $4 }
    /^    #1 / { loc = $NF
                 if (index(loc, dir) == 1) { sub(/.*\//, "", loc); sum[loc] += bytes } else sum["libc"] += bytes }
    END { for (k in sum) print k, sum[k] }' "$1.lsan" | sort
}

# ms_sites NAME [ALL]: the same from memscope's report: its leaked groups
# by allocator call ("none BYTES": no call known); with ALL, every leaked
# site, else those LeakSanitizer puts in the sources.
ms_sites() {
  jq -r '.leaks[] | select(.reachable == false and .inherited == false and .suppressed != true)
         | "\(if .site_file then (.site_file | sub(".*/"; "")) + ":\(.site_line)" else "none" end) \(.bytes)"' \
    "$1.json" | awk '{ sum[$1] += $2 } END { for (k in sum) print k, sum[k] }' | sort
}

for src in lists-1.c lists-2.c hidden-1.c heap-2.c heap-3.c cycles-1.c cycles-2.c realloc-1.c realloc-2.c \
           calloc-1.c many-1.c libc-1.c cxx-1.cc cxx-2.cc; do
  name=${src%.*}
  case $src in
    *.cc) cc=g++ ms=$top_builddir/tools/memscope-g++ ;;
    *) cc=gcc ms=$top_builddir/tools/memscope-gcc ;;
  esac
  if ! { MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
           "$ms" -O2 -pthread -I"$inputs" "$inputs/$src" -o "$name-ms" &&
         $cc -O2 -g -pthread -fsanitize=leak -I"$inputs" "$inputs/$src" -o "$name-lsan"; } >"$name.log" 2>&1; then
    tap_result 1 "$name: built with memscope and with -fsanitize=leak -g"
    sed 's/^/# /' "$name.log"
    continue
  fi
  LSAN_OPTIONS=exitcode=0 "./$name-lsan" >/dev/null 2>"$name.lsan"
  MEMSCOPE_OPTIONS="output=$tap_tmp/$name.json" "./$name-ms" >/dev/null 2>&1
  lsan_sites "$name" >"$name.want"
  grep -v '^libc ' "$name.want" >"$name.want-src"
  # memscope's sites at the lines LeakSanitizer names in the sources.
  ms_sites "$name" | grep -F -f "$(cut -d' ' -f1 "$name.want-src" | sed 's/$/ /' >"$name.keys"; echo "$name.keys")" \
    >"$name.got-src"
  is "$(cat "$name.got-src")" "$(cat "$name.want-src")" \
    "$name: leaks at the program's lines as LeakSanitizer's frame #1 ($(wc -l <"$name.want-src") calls)"
  # Every line memscope names holds an allocator call (in the program's
  # sources, or in a header it includes).
  bad=
  for loc in $(jq -r '.leaks[] | select(.site_file) | "\(.site_file):\(.site_line)"' "$name.json" | sort -u); do
    file=${loc%:*} line=${loc##*:}
    case $file in /*) ;; *) file=$inputs/$file ;; esac
    sed -n "${line}p" "$file" >"$name.line" 2>/dev/null
    grep -q -i -E '(malloc|calloc|realloc|strdup|strndup|aligned_alloc|memalign|new) *[(<A-Za-z]' "$name.line" ||
      bad="$bad $loc"
  done
  is "$bad" "" "$name: each site memscope names is an allocator call in the source"
  # The rest: what glibc allocated for the program.
  libc=$(sed -n 's/^libc //p' "$name.want")
  rest=$(ms_sites "$name" | grep -v -F -f "$name.keys" | awk '{ s += $2 } END { print s + 0 }')
  is "$rest" "${libc:-0}" "$name: the other leaked bytes are those LeakSanitizer finds allocated inside glibc"
done

# The names as the command shows them, LeakSanitizer's way.
"$top_builddir/cli/memscope" leaks "$tap_tmp/realloc-2.json" >realloc-2.txt
is "$(grep '#1' realloc-2.txt | sort | tr -s ' ')" " #1 setup $inputs/realloc-2.c:13
 #1 setup $inputs/realloc-2.c:15
 #1 setup $inputs/realloc-2.c:18" "leaks: the frame #1 of each leak, as LeakSanitizer prints it"

done_testing

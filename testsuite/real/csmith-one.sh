#!/bin/sh
# csmith-one.sh: one csmith program, plain and instrumented; run by csmith.sh.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: csmith-one.sh WORKDIR CACHEDIR SEED|FILE.c
#
# Generates the program for SEED (or takes FILE.c), builds it with gcc and
# with memscope-gcc at -O0 and -O2, runs each build and prints one line:
#   same NAME                    the four checksums agree, reports sane
#   skip NAME REASON             the plain program is unusable (timeout,
#                                -O0 and -O2 disagree, no checksum)
#   diff NAME DETAIL             memscope changed the behaviour
# The plain builds' results are kept in CACHEDIR, keyed by the program's
# text, gcc and csmith: they do not change between runs.
# Environment: MEMSCOPE_PLUGIN, MEMSCOPE_LIBDIR, real_msgcc (the wrapper).

work=$1
cache=$2
what=$3
inc=-I/usr/include/csmith
plain_timeout=${MEMSCOPE_CSMITH_TIMEOUT:-5}
ms_timeout=$((plain_timeout * 12))

case $what in
  *.c)
    name=$(basename "$what" .c)
    dir=$work/$name
    mkdir -p "$dir"
    cp "$what" "$dir/p.c" ;;
  *)
    name=seed-$what
    dir=$work/$name
    mkdir -p "$dir"
    csmith --seed "$what" >"$dir/p.c" 2>/dev/null || { echo "skip $name csmith failed"; exit 0; } ;;
esac
cd "$dir" || exit 1

sum() { # binary timeout -> checksum line, or TIMEOUT / CRASH n
  timeout "$2" "./$1" >"$1.out" 2>"$1.err"
  st=$?
  if [ "$st" = 124 ]; then echo TIMEOUT; return; fi
  if [ "$st" != 0 ]; then echo "CRASH$st"; return; fi
  grep '^checksum = ' "$1.out" || echo NOSUM
}

key=$( { cat p.c; gcc --version | head -n 1; csmith --version 2>&1 | head -n 1; } | sha256sum | cut -c1-32)
plainres=$cache/$key
if [ -f "$plainres" ]; then
  . "$plainres"
else
  gcc -O2 -w $inc p.c -o plain2 || { echo "skip $name plain build failed"; exit 0; }
  p2=$(sum plain2 "$plain_timeout")
  p0=TIMEOUT
  # The -O0 build runs only if the -O2 one ended: most that time out, loop.
  if [ "$p2" != TIMEOUT ]; then
    gcc -O0 -w $inc p.c -o plain0 || { echo "skip $name plain build failed"; exit 0; }
    p0=$(sum plain0 "$plain_timeout")
  fi
  printf 'p0="%s"\np2="%s"\n' "$p0" "$p2" >"$plainres.tmp" && mv "$plainres.tmp" "$plainres"
fi
case $p0$p2 in
  *TIMEOUT*) echo "skip $name plain run timed out"; exit 0 ;;
  *CRASH*|*NOSUM*) echo "skip $name plain run failed ($p0, $p2)"; exit 0 ;;
esac
[ "$p0" = "$p2" ] || { echo "skip $name plain -O0 and -O2 disagree"; exit 0; }

for o in 0 2; do
  if ! "$real_msgcc" -O$o -w $inc p.c -o ms$o >ms$o.cc 2>&1; then
    echo "diff $name memscope-gcc -O$o failed: $(head -c 300 ms$o.cc | tr '\n' ' ')"
    exit 0
  fi
  got=$(MEMSCOPE_OPTIONS=output=$dir/ms$o.json sum ms$o "$ms_timeout")
  if [ "$got" != "$p0" ]; then
    echo "diff $name -O$o: plain '$p0', memscope '$got'"
    exit 0
  fi
  # csmith never generates recursion: no context may be folded.
  bad=$(jq -r '[(.threads[] | select(.unmatched_exits != 0 or .lost_events != 0 or .open_scopes != 0)
                | "thread \(.tid): open \(.open_scopes), unmatched \(.unmatched_exits), lost \(.lost_events)"),
               (if (.contexts | length) == 0 then "no contexts" else empty end),
               (.contexts[] | select(.folded) | "folded context \(.id)")] | join("; ")' \
        "ms$o.json" 2>&1)
  if [ -n "$bad" ]; then
    echo "diff $name -O$o report: $bad"
    exit 0
  fi
done
echo "same $name"
cd / && rm -rf "$dir"

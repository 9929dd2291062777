#!/bin/sh
# hotpath.sh: instructions and nanoseconds per hot-path event.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make bench/hotpath-shared
# bench/hotpath-static, which make bench does): bench/hotpath.sh
# Instructions come from callgrind: the difference between two loop counts,
# divided by the difference in iterations, minus the same for the mode's
# baseline: a loop around an empty call for the C entry points (the loop and
# call of the benchmark itself, not memscope's), the bare loop for the
# trampolines (so their figures include the lea and call the plugin emits).
# hotpath-shared is built with -fno-plt, as the plugin calls the runtime
# through the GOT, not a PLT stub.  Before counting, each trampoline mode
# runs once with a report, which must show every event it made.
set -eu
top=${top_builddir:-$(pwd)}
bin=$top/bench
command -v valgrind >/dev/null || { echo "hotpath: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-hotpath.XXXXXX")
trap 'rm -rf "$work"' EXIT
export MEMSCOPE_OPTIONS=output=none

ir() { # program mode n -> total instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_iter() { # program mode
  a=$(ir "$1" "$2" 100000)
  b=$(ir "$1" "$2" 1100000)
  echo "$a $b" | awk '{printf "%.1f", ($2 - $1) / 1000000}'
}
median_ns() { # program mode
  for _ in 1 2 3 4 5; do "$1" "$2" 20000000 | sed 's/.*: \([0-9.]*\) ns.*/\1/'; done | sort -n | sed -n 3p
}
# The report of 1000 iterations of a trampoline mode must count 1000
# entries of the scope at LINE (and 1000 instances of its variable, if any).
check_events() { # program mode line
  MEMSCOPE_OPTIONS="output=$work/r.json" "$1" "$2" 1000 >/dev/null
  perl -MJSON::PP -e '
    local $/; open my $f, "<", $ARGV[0] or die; my $r = decode_json (<$f>);
    my ($s) = grep { $_->{line} == $ARGV[1] } @{$r->{scopes}};
    die "no scope at line $ARGV[1]\n" unless $s;
    die "$s->{entries} entries, not 1000\n" unless $s->{entries} == 1000;
    for my $v (@{$r->{variables}}) {
      die "$v->{name}: $v->{instances} instances, not 1000\n"
        if $v->{scope} == $s->{id} && $v->{instances} != 1000;
    }' "$work/r.json" "$3" ||
    { echo "hotpath: $1 $2 did not record its events" >&2; exit 1; }
}

for variant in shared static; do
  prog=$bin/hotpath-$variant
  [ -x "$prog" ] || { echo "hotpath: $prog is missing (make bench)" >&2; exit 1; }
  check_events "$prog" tfn 6
  check_events "$prog" tblock 7
  check_events "$prog" tvar 8
  base=$(per_iter "$prog" empty)
  loop=$(per_iter "$prog" loop)
  echo "== libmemscope linked $variant (loop + empty call: $base instructions, loop: $loop) =="
  printf '  %-50s %12s %8s\n' event instructions ns
  for mode in pair var recursion tfn tblock tvar; do
    raw=$(per_iter "$prog" $mode)
    case $mode in
      pair) what="C: enter+exit, no variables"; net=$(echo "$raw $base" | awk '{printf "%.1f", $1 - $2}') ;;
      var) what="C: enter+var+exit, 64-byte array"; net=$(echo "$raw $base" | awk '{printf "%.1f", $1 - $2}') ;;
      recursion) what="C: enter+var+exit per recursive call"; net=$raw ;;
      tfn) what="trampolines: function enter+exit" ;;
      tblock) what="trampolines: block enter+exit, no variables" ;;
      tvar) what="trampolines: block enter+exit, counted 64-byte array" ;;
    esac
    case $mode in t*) net=$(echo "$raw $loop" | awk '{printf "%.1f", $1 - $2}') ;; esac
    printf '  %-50s %12s %8s\n' "$what" "$net" "$(median_ns "$prog" $mode)"
  done
done
echo "(recursion: per call including the recursive function's own work; trampolines: the"
echo " plugin's lea and call included; ns are medians of 5 runs of 20 million)"

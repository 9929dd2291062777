#!/bin/sh
# frames.sh: does the plugin leave the compiled code as plain gcc makes it?
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: bench/frames.sh SOURCE-DIR [CFLAGS...]
#   (from the build tree, after make; e.g. a Lua source tree's src/ with
#   -O2 -DLUA_COMPAT_5_3 -DLUA_USE_LINUX)
#
# Compiles every *.c of SOURCE-DIR twice with CFLAGS and -fstack-usage,
# plain and with the plugin at its defaults, and compares:
#   functions   the set of functions emitted (nm: inlining, cloning and
#               splitting decisions);
#   frames      each function's -fstack-usage line (static frame size and
#               qualifier), and the sum of all static frames;
#   leaves      functions that call nothing (the plugin's own calls aside);
#   tail calls  jumps to other functions;
#   code        the assembly with the plugin's #APP blocks taken out,
#               which must be plain gcc's instruction for instruction.
# Prints one line per measure and exits 1 if a file does not compile.
# Environment: CC (default gcc), KEEP_DIR (keep the outputs there).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 SOURCE-DIR [CFLAGS...]" >&2; exit 2; }
src=$(cd "$1" && pwd)
shift
top=${top_builddir:-$(pwd)}
cc=${CC:-gcc}
plugin=$top/plugin/.libs/memscope.so
[ -f "$plugin" ] || { echo "frames.sh: no plugin at $plugin (run make)" >&2; exit 2; }
if [ -n "${KEEP_DIR:-}" ]; then
  work=$KEEP_DIR
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-frames.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/plain" "$work/msc"

for c in "$src"/*.c; do
  b=$(basename "$c" .c)
  for v in plain msc; do
    extra=
    [ $v = msc ] && extra="-fplugin=$plugin"
    # shellcheck disable=SC2086
    ("$cc" "$@" $extra -fstack-usage -I"$src" -c "$c" -o "$work/$v/$b.o" &&
      "$cc" "$@" $extra -I"$src" -S "$c" -o "$work/$v/$b.s") >"$work/$v/$b.log" 2>&1 || {
      echo "frames.sh: $c does not compile ($v), see $work/$v/$b.log" >&2
      exit 1
    }
  done
done

# functions: defined text symbols, one "object symbol" per line (not the
# thread state an instrumented unit defines, weak like an inline function).
for v in plain msc; do
  for o in "$work/$v"/*.o; do
    nm --defined-only "$o" | awk -v o="$(basename "$o")" '$2 ~ /^[tTwW]$/ && $3 !~ /^__memscope[._]/ { print o, $3 }'
  done | sort >"$work/$v.functions"
done
nplain=$(wc -l <"$work/plain.functions")
same=$(comm -12 "$work/plain.functions" "$work/msc.functions" | wc -l)
only_plain=$(comm -23 "$work/plain.functions" "$work/msc.functions" | wc -l)
only_msc=$(comm -13 "$work/plain.functions" "$work/msc.functions" | wc -l)
echo "functions: $nplain emitted plain, $same the same, $only_plain only plain, $only_msc only instrumented"

# frames: "file:line:col:function size qualifier" -> "object function size qualifier".
for v in plain msc; do
  for s in "$work/$v"/*.su; do
    awk -v o="$(basename "$s" .su)" -F'\t' '{ n = split ($1, a, ":"); print o, a[n], $2, $3 }' "$s"
  done | sort >"$work/$v.frames"
done
nframes=$(wc -l <"$work/plain.frames")
same_frames=$(comm -12 "$work/plain.frames" "$work/msc.frames" | wc -l)
sum_plain=$(awk '{ s += $3 } END { print s + 0 }' "$work/plain.frames")
sum_msc=$(awk '{ s += $3 } END { print s + 0 }' "$work/msc.frames")
echo "frames: $same_frames of $nframes functions keep their -fstack-usage line ($(awk -v a="$same_frames" -v b="$nframes" 'BEGIN { printf "%.1f", b ? 100 * a / b : 100 }')%); static frames sum $sum_plain plain, $sum_msc instrumented ($(awk -v a="$sum_msc" -v b="$sum_plain" 'BEGIN { printf "%+.2f", b ? 100 * (a - b) / b : 0 }')%)"

# calls and tail calls per function, from the assembly, the plugin's own
# (#APP blocks) left out.
strip_app() { # file.s -> assembly without the plugin's asm blocks
  awk '/^#APP$/ { app = 1; next } /^#NO_APP$/ { app = 0; next } !app' "$1"
}
for v in plain msc; do
  for s in "$work/$v"/*.s; do
    strip_app "$s" | awk -v o="$(basename "$s" .s)" '
      /^[A-Za-z_.$][A-Za-z0-9_.$]*:$/ && $0 !~ /^\.L/ { fn = substr ($0, 1, length ($0) - 1); calls[fn] += 0; jumps[fn] += 0 }
      /^\tcall\t/ { calls[fn]++ }
      /^\tjmp\t[A-Za-z_]/ && $2 !~ /^\.L/ { jumps[fn]++ }
      END { for (f in calls) print o, f, calls[f], jumps[f] }'
  done | sort >"$work/$v.calls"
done
leaves_plain=$(awk '$3 == 0' "$work/plain.calls" | wc -l)
awk '$3 == 0 { print $1 "/" $2 }' "$work/plain.calls" | sort >"$work/plain.leaves"
awk '$3 == 0 { print $1 "/" $2 }' "$work/msc.calls" | sort >"$work/msc.leaves"
leaves_kept=$(comm -12 "$work/plain.leaves" "$work/msc.leaves" | wc -l)
tails_plain=$(awk '{ s += $4 } END { print s + 0 }' "$work/plain.calls")
tails_msc=$(awk '{ s += $4 } END { print s + 0 }' "$work/msc.calls")
echo "leaves: $leaves_kept of $leaves_plain leaf functions still leaves"
echo "tail calls: $tails_plain plain, $tails_msc instrumented"

# code size: the objects' .text sections (the plugin's inline paths and
# calls; its descriptors and names go to data sections).
for v in plain msc; do
  for o in "$work/$v"/*.o; do size -A "$o"; done |
    awk '$1 ~ /^\.text/ { n += $2 } END { print n + 0 }' >"$work/$v.text"
done
text_plain=$(cat "$work/plain.text")
text_msc=$(cat "$work/msc.text")
echo "code size: .text $text_plain bytes plain, $text_msc instrumented ($(awk -v a="$text_msc" -v b="$text_plain" 'BEGIN { printf "%.2fx", b ? a / b : 0 }'))"

# code: the instrumented assembly against plain's, with the plugin's own
# code taken out: its #APP blocks, and the blocks that only hold one on a
# split edge (a label, the asm, a jump on); then local labels renamed in
# order of definition in both, since added labels shift GCC's numbering.
# Unwind directives (.cfi_*) are left out: they are no instructions, and a
# split edge's block takes the .cfi_restore_state of the code it jumps to.
normalize() { # file.s -> normalized assembly
  perl -e '
    my (@out, $app);
    while (<STDIN>) {
      if (/^#APP$/) { $app = 1; next }
      if (/^#NO_APP$/) { $app = 0; next }
      push @out, $_ unless $app || /^# \d+ "/ || /^\t\.cfi_/;
    }
    my $real = sub {     # index of the next line that is not alignment
      my $j = shift;
      $j++ while $j <= $#out && (!defined $out[$j] || $out[$j] =~ /^\t\.p2align/);
      return $j;
    };
    my $before = sub {   # the line before index i that is left, or ""
      my $j = shift() - 1;
      $j-- while $j >= 0 && !defined $out[$j];
      return $j >= 0 ? $out[$j] : "";
    };
    # A block of nothing but the plugin'"'"'s code on a split edge: a label
    # followed by another label (it falls into it), or by a jump after
    # which nothing falls in.  The label stands for its destination.
    my %alias;
    for my $i (0 .. $#out) {
      next unless defined $out[$i] && $out[$i] =~ /^(\.L\d+):$/;
      my $lab = $1;
      my $j = $real->($i + 1);
      next if $j > $#out;
      if ($out[$j] =~ /^(\.L\d+):$/) {
        $alias{$lab} = $1;
        $out[$i] = undef;
      } elsif ($out[$j] =~ /^\tjmp\t(\.L\d+)$/ && (my $to = $1) && $i > 0
               && $before->($i) =~ /^\t(?:jmp|ret)\b|^\t\.p2align/) {
        $alias{$lab} = $to;
        $out[$i] = $out[$j] = undef;
      }
    }
    my $res = sub { my $x = shift; my $n = 0; $x = $alias{$x} while exists $alias{$x} && $n++ < 50; $x };
    # A jump to the very next instruction: the fall-through the split
    # block took away.
    for my $i (0 .. $#out) {
      next unless defined $out[$i] && $out[$i] =~ /^\tjmp\t(\.L\d+)$/;
      my $t = $res->($1);
      my $j = $real->($i + 1);
      $out[$i] = undef if $j <= $#out && $out[$j] =~ /^(\.L\d+):$/ && $res->($1) eq $t;
    }
    # Labels numbered in the order they are defined (a reference may come
    # first in one build and later in the other), then any left over.
    my (%num, $next);
    for (@out) {
      next unless defined && /^(\.L\d+):$/;
      my $t = $res->($1);
      $num{$t} = "L" . $next++ unless exists $num{$t};
    }
    for (@out) {
      next unless defined && !/^\t\.p2align/;
      s{(\.L\d+)}{my $t = $res->($1); $num{$t} = "L" . $next++ unless exists $num{$t}; ".$num{$t}"}ge;
      print;
    }' <"$1"
}
ndiff=0
nfiles=0
for s in "$work/plain"/*.s; do
  b=$(basename "$s")
  nfiles=$((nfiles + 1))
  normalize "$s" >"$work/plain/$b.n"
  normalize "$work/msc/$b" >"$work/msc/$b.n"
  if ! cmp -s "$work/plain/$b.n" "$work/msc/$b.n"; then
    ndiff=$((ndiff + 1))
    echo "  differs: $b ($(diff "$work/plain/$b.n" "$work/msc/$b.n" | grep -c '^[<>]') lines)"
  fi
done
echo "code: $((nfiles - ndiff)) of $nfiles files are plain gcc's instruction for instruction outside the plugin's code"

#!/bin/sh
# frames.sh: each function's frame as memscope measures it, against what
# gcc -fstack-usage says in the same build, at -O0 and -O2, with every GCC
# the plugin was built for.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# memscope measures a function's frame (scopes[].stack_frame_bytes) as the
# distance between the stack pointer at its entry and at the entry of an
# instrumented function it called, the largest seen.  -fstack-usage counts
# the same bytes: the return address, the saved registers, the locals and
# spill slots, and the arguments pushed for calls ("dynamic,bounded").
#
# - A function that called an instrumented function: the measured frame is
#   its .su figure (frames-1.c).
# - A leaf (leaf_* in the programs) has nothing below it to measure: its
#   measured frame is 0.  Its static frame is checked like every function's.
# - scopes[].stack_frame_static is GCC's static frame: the .su figure of a
#   "static" function; for the others the .su figure adds the arguments
#   pushed and the dynamic allocations' bound, so the static frame is at
#   most that.
# - Frames -fstack-usage cannot give (frames-2.c): a VLA's and alloca's
#   ("dynamic": memscope shows the largest), and a caller whose callee is
#   reached through qsort: its measured frame holds qsort's frames too.
#   There the program measures itself, with the compiler's
#   __builtin_dwarf_cfa in the caller and in the callee, and prints the
#   largest distance ("frame NAME BYTES"); the measured frame must equal it and exceed the .su
#   figure.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stack/lib.sh"
cd "$tap_tmp" || exit 1

# check_frames DIR PROGRAM LABEL: the table of DIR/PROGRAM.su against the
# report DIR/PROGRAM.json; programs' "frame NAME BYTES" lines in DIR/PROGRAM.out
# give the frames they measured themselves.
check_frames() {
  c_dir=$1 c_prog=$2 c_label=$3
  c_su=$c_dir/$c_prog.su c_json=$c_dir/$c_prog.json
  is "$(jq -r '[.scopes[] | select(.kind == "function" and (.inlined | not)) | .name] | sort | .[]' "$c_json")" \
    "$(su_names "$c_su" | sort)" "$c_label: a function scope for each function of the .su file"
  for name in $(su_names "$c_su"); do
    set -- $(su "$c_su" "$name")
    size=$1 qualifier=$2
    measured=$(scope_field "$c_json" "$name" stack_frame_bytes)
    static=$(scope_field "$c_json" "$name" stack_frame_static)
    own=$(awk -v n="$name" '$1 == "frame" && $2 == n { print $3 }' "$c_dir/$c_prog.out")
    case $name in
      leaf_*)
        is "$measured" 0 "$c_label: $name is a leaf, nothing below it to measure" ;;
      *)
        if [ -n "$own" ]; then
          is "$measured" "$own" "$c_label: $name's measured frame is what it measured itself ($own; .su: $size $qualifier)"
          ok "$c_label: $name's measured frame exceeds the .su figure" test "$measured" -gt "$size"
        else
          is "$measured" "$size" "$c_label: $name's measured frame is the .su figure ($size $qualifier)"
          [ "$measured" = "$size" ] && matched=$((matched + 1))
          nonleaf=$((nonleaf + 1))
        fi ;;
    esac
    if [ "$qualifier" = static ]; then
      is "$static" "$size" "$c_label: $name's static frame is the .su figure"
    else
      ok "$c_label: $name's static frame ($static) is at most the .su figure ($size $qualifier)" test "$static" -le "$size"
    fi
  done
}

for gcc in $PLUGIN_GCCS; do
  major=${gcc%%:*}
  cc=$(echo "$gcc" | cut -d: -f2)
  for opt in O0 O2; do
    dir=gcc$major-$opt
    matched=0 nonleaf=0
    for prog in frames-1 frames-2; do
      label="$prog gcc-$major -$opt"
      MEMSCOPE_CC=$cc build $dir $prog.c -$opt || continue
      (cd $dir && MEMSCOPE_OPTIONS=output=$prog.json ./$prog >$prog.out 2>$prog.err)
      is "$?" 0 "$label: exit status"
      is "$(cat $dir/$prog.err)" "" "$label: nothing on stderr"
      check_frames $dir $prog "$label"
    done
    # frames-2's callers reach their callee at many depths: each context's
    # figures start from its deepest entry.
    for caller in with_vla:leaf_probe with_alloca:leaf_probe sorter:leaf_compare; do
      callee=${caller#*:} caller=${caller%:*}
      own=$(awk -v n="$caller" '$1 == "frame" && $2 == n { print $3 }' $dir/frames-2.out)
      is "$(jq -c --arg caller "$caller" --arg callee "$callee" '
              (.scopes | map({key: (.id | tostring), value: .name}) | from_entries) as $n |
              [.contexts[] | select($n[.scope | tostring] == $caller)] as $c |
              [.contexts[] | select(.parent == $c[0].id and $n[.scope | tostring] == $callee)] as $d |
              [($c | length), ($d | length), $c[0].stack_used_peak, $d[0].stack_used_peak, $d[0].stack_depth - $c[0].stack_depth]' \
            $dir/frames-2.json)" "[1,1,$own,0,$own]" \
        "frames-2 gcc-$major -$opt: $caller's context used $own bytes below its entry; $callee's, deepest $own bytes below it, none"
    done
    echo "# gcc-$major -$opt: $matched of $nonleaf functions that called an instrumented function measured as -fstack-usage says"
  done
done

# The programs' output is unchanged (frames-2.c prints what it measured,
# which depends on the build).
build_plain plain frames-1.c -O2 &&
  is "$(cat gcc${PLUGIN_MAJORS%% *}-O2/frames-1.out)" "$(plain/frames-1-plain)" "frames-1: output unchanged"

done_testing

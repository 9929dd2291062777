#!/bin/sh
# valgrind.sh: heap totals against valgrind, on the leak programs.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each program of testsuite/leaks/ (but the forking ones, dump-1.c, and
# environ-1.c, which starts itself again) is built plain and with memscope.
# memcheck's "total heap usage: N allocs, M frees, B bytes allocated" of the
# plain build must equal the report's totals
# (threads' total_allocations, total_deallocations and heap_bytes), and
# massif's peak (mem_heap_B of the peak snapshot, --peak-inaccuracy=0) the
# report's heap peak, once what the runtime leaves out is accounted for:
#   - what runs before the runtime starts: libstdc++'s emergency exception
#     pool (72,704 bytes, never freed) in C++ programs.  A baseline program
#     that does nothing, built the same way, measures it;
#   - each new thread stack's DTV (the dynamic loader allocates it,
#     memscope counts it): its size grows with the number of loaded objects
#     that have TLS, and an instrumented program loads more.  A baseline
#     that starts one thread measures the difference; memcheck's
#     --trace-malloc counts the DTVs of each program (a thread that reuses
#     a cached stack reuses its DTV too).  An instrumented executable has
#     TLS of its own (the thread state its code reads): a program whose
#     plain build has TLS too loads no more objects with TLS for it, so its
#     DTVs grow by one entry (16 bytes) less than the baseline's.
# The peak is compared for programs of one thread: the report keeps each
# thread's own peak, not the process's.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

command -v valgrind >/dev/null || skip_all "valgrind is not installed"

# build_vg NAME SRC: NAME-plain and NAME-ms.
build_vg() {
  case $2 in
    *.cc) b_plain=g++ b_ms=$top_builddir/tools/memscope-g++ ;;
    *) b_plain=gcc b_ms=$top_builddir/tools/memscope-gcc ;;
  esac
  if MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs" \
       "$b_ms" -O2 -pthread -I"$inputs" "$2" -o "$1-ms" >"$1.log" 2>&1 &&
     $b_plain -O2 -pthread -I"$inputs" "$2" -o "$1-plain" >>"$1.log" 2>&1; then
    return 0
  fi
  tap_result 1 "$1: built plain and with memscope"
  sed 's/^/# /' "$1.log"
  return 1
}

# measure NAME: sets vg (memcheck's allocs frees bytes), dtvs (how many
# of those allocations were a DTV: calloc (N, 16), which no program here
# calls itself; N grows with the objects that have TLS), peak_vg (massif's
# peak, and the largest snapshot), ms (the report's allocs frees bytes)
# and peak_ms (its first thread's peak).  Valgrind frees glibc's and
# libstdc++'s own memory at exit unless told not to; the program does not.
measure() {
  valgrind --tool=memcheck --trace-malloc=yes --run-libc-freeres=no --run-cxx-freeres=no \
    "./$1-plain" >/dev/null 2>"$1.memcheck"
  vg=$(sed -n 's/.*total heap usage: \([0-9,]*\) allocs, \([0-9,]*\) frees, \([0-9,]*\) bytes allocated.*/\1 \2 \3/p' \
         "$1.memcheck" | tr -d ,)
  dtvs=$(grep -c "^--[0-9]*-- calloc([0-9]*,16) = " "$1.memcheck")
  valgrind --tool=massif --peak-inaccuracy=0.0 --run-libc-freeres=no --run-cxx-freeres=no \
    --massif-out-file="$1.massif" "./$1-plain" >/dev/null 2>&1
  # mem_heap_B of the snapshot marked heap_tree=peak ("none" when the
  # peak is at the end: massif marks a peak only once memory is freed
  # after it), and the largest of any snapshot.
  peak_vg=$(awk -F= '/^mem_heap_B=/ { b = $2; if (b > max) max = b } /^heap_tree=peak/ { peak = b; marked = 1 }
                     END { printf "%s %d", marked ? peak : "none", max }' "$1.massif")
  MEMSCOPE_OPTIONS="output=$tap_tmp/$1.json" "./$1-ms" >/dev/null 2>&1
  ms=$(jq -r '[([.threads[].total_allocations] | add), ([.threads[].total_deallocations] | add), ([.threads[].heap_bytes] | add)] | map(tostring) | join(" ")' "$1.json")
  peak_ms=$(jq -r '.threads[0].peak_memory' "$1.json")
  threads=$(jq -r '.threads | length - 1' "$1.json")
}

# The baselines.
printf 'int main (void) { return 0; }\n' >base.c
printf '#include <new>\nint main () { std::set_new_handler (nullptr); return 0; }\n' >base.cc
printf '#include <pthread.h>\nstatic void *w (void *a) { return a; }\nint main (void) { pthread_t t; pthread_create (&t, 0, w, 0); pthread_join (t, 0); return 0; }\n' >thread.c
for b in base.c base.cc thread.c; do
  build_vg "$b" "$b" || skip_all "the baselines do not build"
done
dtv_call=none
measure base.c;  base_c=$vg  base_c_peak=${peak_vg#* }
is "$ms/$peak_ms" "0 0 0/0" "baseline: a C program that does nothing: nothing counted"
measure base.cc; base_cc=$vg base_cc_peak=${peak_vg#* }
is "$ms/$peak_ms" "0 0 0/0" "baseline: a C++ program that does nothing allocates nothing the runtime counts"
is "$base_cc/$base_cc_peak" "1 0 72704/72704" "baseline: memcheck and massif count libstdc++'s emergency pool, allocated before the runtime starts"
measure thread.c
dtv_call=$(sed -n 's/^--[0-9]*-- \(calloc([0-9]*,[0-9]*)\) = .*/\1/p' thread.c.memcheck)
set -- $vg $ms
is "$1 $2 $dtv_call" "$4 $5 $dtv_call" "baseline: one thread: memcheck's allocations and frees ($1 $2), one of them its DTV"
dtv=$(($6 - $3))
echo "# one thread's DTV: $3 bytes plain ($dtv_call), $6 instrumented"

for src in "$inputs"/*-[0-9].c "$inputs"/*-[0-9].cc; do
  name=$(basename "$src")
  case $name in fork-* | dump-* | environ-*) continue ;; esac
  build_vg "${name%.*}" "$src" || continue
  measure "${name%.*}"
  case $name in *.cc) base=$base_cc base_peak=$base_cc_peak ;; *) base=$base_c base_peak=$base_c_peak ;; esac
  grown=$dtv
  readelf -lW "${name%.*}-plain" | grep -q "^ *TLS " && grown=$((dtv - 16))
  want=$(echo "$vg $base $dtvs $grown" | awk '{ print $1 - $4, $2 - $5, $3 - $6 + $7 * $8 }')
  is "$ms" "$want" "${name%.*}: allocations, frees and bytes as memcheck's ($vg), less the baseline ($base), $dtvs DTVs $grown bytes larger"
  if [ "$threads" = 0 ]; then
    set -- $peak_vg $vg $base
    if [ "$1" != none ]; then
      is "$peak_ms" "$(($1 - base_peak))" "${name%.*}: heap peak as massif's ($1), less the baseline ($base_peak)"
    elif [ "$4" = "$7" ]; then
      # Nothing freed: the peak is the end, every byte allocated (DTVs
      # included, of a thread memscope never saw); massif's snapshots (it
      # keeps some) never show more.
      is "$peak_ms $(($2 <= $5 ? 1 : 0))" "$(($5 - $8 + dtvs * dtv)) 1" \
        "${name%.*}: heap peak, at the end, as memcheck's bytes ($5) less the baseline; massif's largest snapshot ($2) below"
    else
      is "$peak_ms" "$(($2 - base_peak))" "${name%.*}: heap peak, at the end, as massif's last snapshot ($2), less the baseline ($base_peak)"
    fi
  fi
done

done_testing

#!/bin/sh
# series.sh: each thread's heap over time, on series-1.c, whose heap
# rises and falls at moments it times itself: every change of at least
# 1% of the peak is a sample, at the right value and between the right
# marks; the peak's time and the contexts that held the heap then; the
# series stays bounded.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

plugin=$top_builddir/plugin/.libs/memscope.so
[ -f "$plugin" ] || skip_all "the GCC plugin is not built"
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O2 "$top_srcdir/testsuite/cli/series-1.c" -o series-1) >"$tap_tmp/build.log" 2>&1
ok "build series-1.c with memscope-gcc -O2" test -x "$tap_tmp/series-1"
MEMSCOPE_OPTIONS=output=$tap_tmp/s.json "$tap_tmp/series-1" >"$tap_tmp/marks"
s=$tap_tmp/s.json
is "$(wc -l <"$tap_tmp/marks")" 16 "the program's 16 marks"

# 8 x 100,000 up, 4 down, the 1,000,000 spike and back, the rest down;
# the last sample is the report's: stdout's buffer, allocated to print.
jq_is "$s" '[.threads[0].heap_series[] | .[1]]' \
  '[100000,200000,300000,400000,500000,600000,700000,800000,700000,600000,500000,400000,1400000,400000,300000,200000,100000,0,4096]' \
  "every change of 1% of the peak or more, at its value"
jq_is "$s" '.threads[0].heap_series_culled' 0 "none dropped"
# Sample i between marks lo[i] and hi[i] (mark 0 is the first).
lo="0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 14 14 14 15"
hi="1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 15 15 15 -"
bad=$(jq -r '.threads[0].heap_series[] | .[0]' "$s" | awk -v lo="$lo" -v hi="$hi" '
  FNR == NR { m[FNR - 1] = $1; next }
  { split(lo, l, " "); split(hi, h, " "); i = FNR
    if ($1 < m[l[i]] || (h[i] != "-" && $1 > m[h[i]])) printf " %d", i - 1 }' "$tap_tmp/marks" -)
is "$bad" "" "each sample's time between the marks around its change"
at=$(jq .threads[0].heap_peak_at "$s")
ok "the peak's time: in spike(), between marks 12 and 13" \
  awk -v t="$at" 'NR == 13 { a = $1 } NR == 14 { b = $1 } END { exit !(t > a && t < b) }' "$tap_tmp/marks"
jq_is "$s" '[.heap_peaks[] as $p | [$p.thread, (.contexts[] | select(.id == $p.context) | .scope) as $sc
            | (.scopes[] | select(.id == $sc) | .name), $p.bytes, $p.blocks]]' \
  '[[1,"spike",1000000,1],[1,"grow",400000,4]]' "at the peak: spike's million, grow's four blocks"

# Bounded: 20,000 allocations and frees of 100,000 bytes, 40,000 samples
# taken; 1024 at most are kept, the peaks among them.
MEMSCOPE_OPTIONS=output=$tap_tmp/many.json "$tap_tmp/series-1" 20000
jq_is "$tap_tmp/many.json" '.threads[0] | [(.heap_series | length) <= 1025, .heap_series_culled + (.heap_series | length) >= 40000,
                             ([.heap_series[] | .[1]] | max)]' '[true,true,100000]' \
  "1024 samples kept of 40,000, the peak among them"

# The runtime's series reads back, and merge keeps it.
"$memscope" merge "$s" -o "$tap_tmp/m.json"
is "$(jq -c '[.threads[0].heap_series, .heap_peaks]' "$tap_tmp/m.json")" "$(jq -c '[.threads[0].heap_series, .heap_peaks]' "$s")" \
  "merge of one report: the series and the peak's contexts kept"

done_testing

#!/bin/sh
# html.sh: the HTML dashboard, loaded in headless Chromium: the rendered
# page must show the tree, the flame graph and the tables.  The browser
# must succeed and draw: a failed or blank render fails the test, and a
# screenshot of this run (never an earlier one) is left in
# testsuite/cli/dashboard.png.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || skip_all "chromium is not installed (apt-get install chromium)"

# browse ARGS...: headless Chromium, offline, a fresh profile; its status.
# The test environment's G_DEBUG and MALLOC_PERTURB_ are for memscope, not
# for the browser.
browse() {
  profile=$(mktemp -d "$tap_tmp/profile.XXXXXX")
  env -u G_DEBUG -u MALLOC_PERTURB_ timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1400,1500 "$@" 2>"$tap_tmp/chromium.err"
}

# dom HTML OUT: the page's DOM once its script ran, in OUT; a test point
# that Chromium ran and the script reached its end.
dom() {
  browse --dump-dom "file://$1" >"$2"
  b_st=$?
  if [ "$b_st" = 0 ] && grep -q 'data-ready="1"' "$2"; then
    tap_result 0 "$(basename "$1"): Chromium ran the page's script to its end"
  else
    tap_result 1 "$(basename "$1"): Chromium ran the page's script to its end"
    echo "# status $b_st"
    sed 's/^/# /' "$tap_tmp/chromium.err" | tail -n 5
  fi
}

count() { # PATTERN FILE: occurrences
  grep -o "$1" "$2" | wc -l | tr -d ' '
}

# A traced report with a leak held by a variable: every panel has data.
# The scenario's own blocks are still reachable; the added one is leaked.
report threads threads 3
jq '.contexts |= map(if .id == 2 then .heap_bytes = 100 | .heap_allocations = 1 else . end)
    | .leaks += [{"context": 2, "variable": 1, "bytes": 64, "blocks": 1, "reachable": false}]
    | .trace = [
      {"thread": 1, "dropped": 0, "events": [[1000000, "B", 3], [1100000, "B", 4], [1200000, "E", 4], [2000000, "E", 3]]},
      {"thread": 2, "dropped": 2, "events": [[3000000, "B", 1], [3010000, "B", 2], [3020000, "E", 2], [3100000, "E", 1]]}]' \
  "$tap_tmp/threads.json" >"$tap_tmp/full.json"
run_ms export --format=html -o "$tap_tmp/full.html" "$tap_tmp/full.json"
is "$st:$out:$err" "0::" "export --format=html"
is "$(grep -c -i -e 'src=' -e 'href=' -e '@import' -e 'url(' "$tap_tmp/full.html")" 0 "self-contained: no external resources"

dom "$tap_tmp/full.html" "$tap_tmp/full.dom"
dom=$tap_tmp/full.dom
is "$(sed -n 's/.*<span id="program">\([^<]*\)<.*/\1/p' "$dom")" "scenario" "title: the program"
ok "summary: stack peak card" grep -q '<div class="v">64 B</div><div class="k">stack peak</div>' "$dom"
ok "summary: leaked card" grep -q '<div class="v">64 B</div><div class="k">leaked</div>' "$dom"
ok "summary: still reachable card" grep -q '<div class="v">5.1 KiB</div><div class="k">still reachable</div>' "$dom"
# Tree: the first two levels are open: main, worker, worker > leaf, leaf.
is "$(count '<li data-context="[0-9]*"' "$dom")" 4 "tree: four context rows"
is "$(grep -o '<li data-context="[0-9]*"' "$dom" | tr -dc '0-9\n' | tr '\n' ' ')" "3 1 2 4 " "tree: in peak order"
ok "tree: a nested row" grep -q '<span class="name">leaf</span>' "$dom"
ok "tree: heap column" grep -q 'title="heap bytes, inclusive">heap 100 B<' "$dom"
# Flame graph by stack bytes: main (64) and worker (32); leaf weighs 0.
ok "flame graph: an SVG weighed by stack bytes" grep -q '<svg width="100%" viewBox="0 0 1200 18" id="flame-svg" data-weight="stack"' "$dom"
is "$(count '<rect class="f" ' "$dom")" 2 "flame graph: two frames"
ok "flame graph: main's share" grep -q '<title>main: 64 B (66.7%)</title>' "$dom"
ok "flame graph: worker's share" grep -q '<title>worker: 32 B (33.3%)</title>' "$dom"
# Threads table: a header and five rows; leaks: a header and three rows.
threads=$(grep -o '<div id="threads-table" class="scroll"><table>.*</table>' "$dom")
printf '%s\n' "$threads" >"$tap_tmp/threads.html"
is "$(count '<tr>' "$tap_tmp/threads.html")" 6 "threads table: five threads"
ok "threads table: a row, sizes in units, exact bytes in their tooltips" \
  grep -q '<td class="n">4243</td><td>scenario</td><td class="n">6</td><td class="n">3</td><td class="n" title="32 bytes">32 B</td>' "$tap_tmp/threads.html"
leaks=$(grep -o '<div id="leaks-table">.*</table>' "$dom")
printf '%s\n' "$leaks" >"$tap_tmp/leaks.html"
is "$(count '<tr' "$tap_tmp/leaks.html")" 4 "leak list: three groups of blocks"
is "$(grep -o '<tr class="[a-z]*">' "$tap_tmp/leaks.html" | tr '\n' ' ')" \
  '<tr class="leaked"> <tr class="reachable"> <tr class="reachable"> ' "leak list: leaked first, each kind marked"
ok "leak list: the leaked row, its variable and context" \
  grep -q '<tr class="leaked"><td class="n" title="64 bytes">64 B</td><td class="n">1</td><td class="kind">leaked</td><td>int\[8\] slot</td><td>-</td><td>worker &gt; leaf</td>' \
  "$tap_tmp/leaks.html"
ok "leak list: a reachable row" \
  grep -q '<tr class="reachable"><td class="n" title="4096 bytes">4 KiB</td><td class="n">1</td><td class="kind">reachable</td><td>-</td><td>-</td><td>(outside any scope)</td>' \
  "$tap_tmp/leaks.html"
ok "leak list: the verdict" grep -q '<p id="leak-verdict">64 B leaked in 1 block</p>' "$dom"
# Timeline: two threads traced, four spans.
is "$(count '<rect class="f span"' "$dom")" 4 "timeline: four scope spans"
is "$(count 'class="life"' "$dom")" 5 "timeline: five thread lanes"
ok "timeline: dropped events shown" grep -q '2 events dropped' "$dom"

# The screenshot: this run's, of the right size, and not blank.
rm -f "$top_builddir/testsuite/cli/dashboard.png"
browse --screenshot="$tap_tmp/dashboard.png" "file://$tap_tmp/full.html" >/dev/null
is "$?" 0 "screenshot: Chromium succeeded"
shot=$(python3 "$top_srcdir/testsuite/cli/pngcheck.py" "$tap_tmp/dashboard.png" 2>&1)
case $shot in
  "1400x1500 "*) drawn=${shot#* } ;;
  *) drawn=0 ;;
esac
is "${shot%% *}" "1400x1500" "screenshot: a PNG of the window's size"
ok "screenshot: the page is drawn (${drawn} pixels unlike the background)" test "$drawn" -gt 50000
cp "$tap_tmp/dashboard.png" "$top_builddir/testsuite/cli/dashboard.png"

# A report without heap data or trace: the panels say so.
jq 'del(.heap, .leaks) | .contexts |= map(del(.heap_allocations, .heap_bytes, .heap_live_bytes, .heap_peak_bytes))' \
  "$tap_tmp/threads.json" >"$tap_tmp/old.json"
run_ms export --format=html -o "$tap_tmp/old.html" "$tap_tmp/old.json"
is "$st:$out:$err" "0::" "export: a report without heap data"
dom "$tap_tmp/old.html" "$tap_tmp/old.dom"
ok "no heap data: leaks panel says so" grep -q '<p class="note">no heap data in this report</p>' "$tap_tmp/old.dom"
ok "no trace: timeline says so" grep -q 'No trace in this report' "$tap_tmp/old.dom"
ok "no heap data: summary card" grep -q '<div class="v">not recorded</div><div class="k">heap</div>' "$tap_tmp/old.dom"

# Names are data, never markup.
jq '.scopes[0].name = "</script><b>x</b>" | .program = "<i>p</i>"' "$tap_tmp/threads.json" >"$tap_tmp/evil.json"
run_ms export --format=html -o "$tap_tmp/evil.html" "$tap_tmp/evil.json"
is "$st:$out:$err" "0::" "export: hostile names"
dom "$tap_tmp/evil.html" "$tap_tmp/evil.dom"
ok "hostile names: shown as text" grep -q '&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;' "$tap_tmp/evil.dom"
is "$(count '<b>x</b>' "$tap_tmp/evil.dom")" 0 "hostile names: no markup injected"

# Flame graph widths are inclusive figures: main's peak, 1516, not its own
# 108 bytes plus its children's peaks (1548); siblings whose peaks add up
# to more than their parent's share its width.  The viewBox is 1200 wide
# for the two roots, 1516 + 100 bytes.
cat >"$tap_tmp/flame.json" <<'EOF'
{"format": "memscope", "version": 1, "program": "p", "pid": 1, "threads": [{"id": 1}],
 "scopes": [{"id": 1, "name": "main"}, {"id": 2, "name": "checksum"}, {"id": 3, "name": "area"},
            {"id": 4, "name": "a"}, {"id": 5, "name": "b"}],
 "variables": [],
 "contexts": [{"id": 1, "scope": 1, "parent": null, "entries": 1, "direct_bytes": 108, "peak_memory": 1516},
              {"id": 2, "scope": 2, "parent": 1, "entries": 11, "direct_bytes": 128, "peak_memory": 1408},
              {"id": 3, "scope": 3, "parent": 1, "entries": 4, "direct_bytes": 32, "peak_memory": 32},
              {"id": 4, "scope": 1, "parent": null, "entries": 1, "direct_bytes": 40, "peak_memory": 100},
              {"id": 5, "scope": 4, "parent": 4, "entries": 1, "direct_bytes": 60, "peak_memory": 60},
              {"id": 6, "scope": 5, "parent": 4, "entries": 1, "direct_bytes": 50, "peak_memory": 50}]}
EOF
run_ms export --format=html -o "$tap_tmp/flame.html" "$tap_tmp/flame.json"
is "$st:$out:$err" "0::" "export: the flame report"
dom "$tap_tmp/flame.html" "$tap_tmp/flame.dom"
# [context id, width in bytes] of every frame drawn, from the SVG.
widths=$(grep -o '<rect class="f" [^>]*>' "$tap_tmp/flame.dom" |
  sed -n 's/.* width="\([0-9.]*\)".*data-context="\([0-9]*\)".*/\2 \1/p' |
  awk '{ printf "%s[%d,%d]", (NR > 1 ? "," : ""), $1, $2 * 1616 / 1200 + 0.5 }')
is "[$widths]" "[[1,1516],[2,1408],[3,32],[4,100],[5,54],[6,45]]" \
  "flame graph: each frame as wide as its peak (siblings that exceed their parent share it)"
ok "flame graph: the legend says what a width is" \
  grep -q "width: a frame's peak stack bytes, inclusive" "$tap_tmp/flame.dom"
ok "flame graph: a narrowed frame's tooltip gives its own peak" \
  grep -q '<title>main &gt; a: 54 B (3.3%), drawn narrower than its peak 60 B</title>' "$tap_tmp/flame.dom"

# The header counts threads in words, and a merged report names every pid.
report nesting nesting
run_ms export --format=html -o "$tap_tmp/one.html" "$tap_tmp/nesting.json"
is "$st:$out:$err" "0::" "export: one thread"
dom "$tap_tmp/one.html" "$tap_tmp/one.dom"
is "$(sed -n 's/.*<div class="sub" id="subtitle">\([^<]*\)<.*/\1/p' "$tap_tmp/one.dom")" \
  "pid 4242, 1 thread, 3 scope sites, 4 variable sites, 3 contexts" "header: 1 thread"
jq '.pid = 5151' "$tap_tmp/nesting.json" >"$tap_tmp/other.json"
"$memscope" merge "$tap_tmp/nesting.json" "$tap_tmp/other.json" -o "$tap_tmp/merged.json"
run_ms export --format=html -o "$tap_tmp/merged.html" "$tap_tmp/merged.json"
is "$st:$out:$err" "0::" "export: a merged report"
dom "$tap_tmp/merged.html" "$tap_tmp/merged.dom"
is "$(sed -n 's/.*<div class="sub" id="subtitle">\([^<]*\)<.*/\1/p' "$tap_tmp/merged.dom")" \
  "pids 4242, 5151, 2 threads, 3 scope sites, 4 variable sites, 3 contexts" "header: a merged report's pids"

# ---- Heap over time, allocation sites and variables: programs built with
# the plugin.
plugin=$top_builddir/plugin/.libs/memscope.so
if [ -f "$plugin" ]; then
  for p in series-1 sites-1; do
    (cd "$tap_tmp" && MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
       "$top_builddir/tools/memscope-gcc" -O2 "$top_srcdir/testsuite/cli/$p.c" -o "$p" &&
     MEMSCOPE_OPTIONS=output=$tap_tmp/$p.json "./$p" >/dev/null) >"$tap_tmp/$p.log" 2>&1
    "$memscope" export --format=html -o "$tap_tmp/$p.html" "$tap_tmp/$p.json"
  done
  dom "$tap_tmp/series-1.html" "$tap_tmp/series.dom"
  d=$tap_tmp/series.dom
  ok "heap over time: the area of the live heap bytes" grep -q '<path class="area" d="M' "$d"
  ok "heap over time: the dashed line of the tracked variables" grep -q '<path class="stack" d="M' "$d"
  is "$(grep -o '<circle class="peak main"[^>]*data-thread="[0-9]*"' "$d" | sed 's/.*data-thread=//')" '"1"' \
    "heap over time: the peak marked, thread 1's"
  is "$(grep -o '<text x="[0-9.]*" y="[0-9.]*" text-anchor="end">[^<]*' "$d" | sed 's/.*>//' | tr '\n' ' ')" \
    "0 B 512 KiB 1 MiB " "heap over time: the axis of bytes, in round units"
  ok "heap over time: a time axis" grep -q 'class="tick">[0-9.]* [mµ]*s<' "$d"
  at=$(jq '.threads[0].heap_peak_at - .threads[0].created_at' "$tap_tmp/series-1.json")
  is "$(grep -o '<p id="peak-verdict">[^<]*' "$d" | sed 's/.*>//; s/ at [0-9.]* [mµn]*s,/ at T,/')" \
    "Thread 1 (series-1) at its heap peak, 1.3 MiB at T, held:" "heap over time: the peak, and what held it"
  peak=$(grep -o '<div id="heap-peak">.*</table>' "$d")
  is "$(printf '%s' "$peak" | grep -o '<tr><td>[^<]*</td><td class="n" title="[0-9]* bytes">[^<]*</td><td class="n">[0-9]*</td>' |
        sed 's/<[^>]*>/ /g; s/  */ /g; s/^ //; s/ $//' | tr '\n' ';')" \
    "main &gt; spike 976.6 KiB 1;main &gt; grow 390.6 KiB 4;" "heap over time: the contexts live at the peak, with their bytes and blocks"
  # Variables: sortable, filtered; a register pointer that received heap.
  dom "$tap_tmp/sites-1.html" "$tap_tmp/sites.dom"
  d=$tap_tmp/sites.dom
  vars() { grep -o '<table id="vars">.*</table>' "$1" | grep -o '<tr><td>[^<]*</td>' | sed 's/<[^>]*>//g' | tr '\n' ';'; }
  is "$(vars "$d")" "char[65536] buf;char * buf;struct node * n;char[16] name;" \
    "variables: biggest first, a heap-owning register pointer included"
  is "$(grep -o '<span class="note" id="vars-count">[^<]*' "$d" | sed 's/.*>//')" \
    "4 of $(jq '.variables | length' "$tap_tmp/sites-1.json") variable sites" "variables: counted"
  ok "variables: heap received and owned, in units" grep -q '<td class="n" title="512 bytes">512 B</td><td class="n" title="0 bytes">0 B</td><td>local (untracked)</td>' "$d"
  dom "$tap_tmp/sites-1.html#vsort=size&vdir=asc&vall=1" "$tap_tmp/vsort.dom"
  is "$(vars "$tap_tmp/vsort.dom" | awk -F';' '{ print $(NF - 1) }')" "char[65536] buf" \
    "variables sorted by size, ascending: the biggest last"
  ok "variables: the sorted column marked" grep -q '<th class="sort n asc" data-col="size">size</th>' "$tap_tmp/vsort.dom"
  dom "$tap_tmp/sites-1.html#vfilter=name" "$tap_tmp/vfilter.dom"
  is "$(vars "$tap_tmp/vfilter.dom")" "char[16] name;" "variables filtered by what is typed"
  # Allocation sites, LeakSanitizer's way, in the leaks and their own table.
  line=$(grep -n 'site: push malloc' "$top_srcdir/testsuite/cli/sites-1.c" | cut -d: -f1)
  ok "leaks: the allocator call of a leak" grep -q "<td>#1 push $top_srcdir/testsuite/cli/sites-1.c:$line</td><td>main &gt; build &gt; push</td>" "$d"
  ok "allocation sites: allocations, bytes, live and leaked bytes" \
    grep -q "<tr><td>#1 push $top_srcdir/testsuite/cli/sites-1.c:$line</td><td>main &gt; build &gt; push</td><td class=\"n\">6</td><td class=\"n\" title=\"96 bytes\">96 B</td><td class=\"n\" title=\"96 bytes\">96 B</td><td class=\"n\" title=\"64 bytes\">64 B</td>" "$d"
  ok "summary: the real stack card" grep -q '<div class="k">real stack used</div>' "$d"
fi

# ---- The flame graph's real stack: stack.sh's report, main (61.3 KiB
# used from its entry) and worker (48.7 KiB, its measured frame beyond
# GCC's), whose leaf probe has only GCC's 4 KiB frame; the worker's thread
# had 3 entries on another stack.
jq -n '{format: "memscope", version: 1, program: "demo", threads: [{id: 1, stack_size: 8388608, stack_used_peak: 62873, stack_used_peak_context: 3},
    {id: 2, stack_size: 65536, stack_used_peak: 50000, stack_used_peak_context: 4, stack_off_entries: 3}],
  scopes: [{id: 1, name: "main", stack_frame_bytes: 48}, {id: 2, name: "parse", stack_frame_bytes: 1424},
           {id: 3, name: "parse_expr", stack_frame_bytes: 120}, {id: 4, name: "worker", stack_frame_bytes: 1408, stack_frame_static: 304},
           {id: 5, name: "probe", stack_frame_bytes: 0, stack_frame_static: 4096}],
  variables: [],
  contexts: [{id: 1, scope: 1, parent: null, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 62817, stack_depth: 56},
             {id: 2, scope: 2, parent: 1, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 61369, stack_depth: 104},
             {id: 3, scope: 3, parent: 2, entries: 512, direct_bytes: 0, peak_memory: 0, folded: true, stack_used_peak: 61320, stack_depth: 1553},
             {id: 4, scope: 4, parent: null, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 49900, stack_depth: 100},
             {id: 5, scope: 5, parent: 4, entries: 1, direct_bytes: 0, peak_memory: 0, stack_used_peak: 0, stack_depth: 1508}]}' \
  >"$tap_tmp/real.json"
"$memscope" export --format=html -o "$tap_tmp/real.html" "$tap_tmp/real.json"
dom "$tap_tmp/real.html#flame=real" "$tap_tmp/real.dom"
d=$tap_tmp/real.dom
ok "flame graph: the real stack mode" grep -q 'id="flame-svg" data-weight="real"' "$d"
ok "flame graph: its button on" grep -q '<button id="by-real" class="on">real stack</button>' "$d"
widths=$(grep -o '<rect class="f" [^>]*>' "$d" |
  sed -n 's/.* width="\([0-9.]*\)".*data-context="\([0-9]*\)".*/\2 \1/p' |
  awk '{ printf "%s[%d,%d]", (NR > 1 ? "," : ""), $1, $2 * 112717 / 1200 + 0.5 }')
is "[$widths]" "[[1,62817],[2,61369],[3,61320],[4,49900],[5,4096]]" \
  "flame graph: each frame as wide as the stack it used from its entry (a leaf: its frame)"
grep -o '<div id="threads-table" class="scroll"><table>.*</table>' "$d" >"$tap_tmp/real-threads.html"
ok "threads table: the real stack used, its share, and the entries on another stack" \
  grep -q '<td>48.8 KiB of 64 KiB (76.3%); 3 entries on another stack left out</td><td>worker</td>' "$tap_tmp/real-threads.html"
ok "threads table: no entries on another stack, nothing said" \
  grep -q '<td>61.4 KiB of 8 MiB (0.7%)</td><td>main &gt; parse &gt; parse_expr</td>' "$tap_tmp/real-threads.html"
ok "flame graph: a frame's depth at entry and its frame in its tooltip" \
  grep -q '<title>main &gt; parse &gt; parse_expr: 59.9 KiB (54.4%), entered 1.5 KiB deep, frame 120 B</title>' "$d"
ok "flame graph: a measured frame beyond GCC's, said in its tooltip" \
  grep -q '<title>worker: 48.7 KiB (44.3%), entered 100 B deep, frame 1.4 KiB, more than the 304 B GCC laid out (a VLA, alloca, or code built without memscope in between)</title>' "$d"
ok "flame graph: a leaf's frame as GCC laid it out, said in its tooltip" \
  grep -q '<title>worker &gt; probe: 4 KiB (3.6%), entered 1.5 KiB deep, frame 4 KiB as GCC laid it out (none measured)</title>' "$d"

# ---- The timeline: a time axis, zoom, and 300 threads in thin lanes.
jq '.threads as $t | .threads = [range(300) as $i | ($t[$i % ($t | length)] | .id = $i + 1 | .tid = 5000 + $i
      | .name = "worker-\($i)" | .created_at = 1000000 + $i * 20000 | .ended_at = 3000000 + $i * 30000 | .is_active = false)]
    | .contexts |= map(.threads = [1])
    | .trace = [range(300) as $i | {thread: ($i + 1), dropped: 0,
        events: [[(1000000 + $i * 20000 + 1000), "B", 1], [(1000000 + $i * 20000 + 5000), "B", 2],
                 [(1000000 + $i * 20000 + 9000), "E", 2], [(2000000 + $i * 30000), "E", 1]]}]
    | .taken_at = 13000000 | del(.heap_peaks)' "$tap_tmp/threads.json" >"$tap_tmp/many.json"
"$memscope" export --format=html -o "$tap_tmp/many.html" "$tap_tmp/many.json"
dom "$tap_tmp/many.html" "$tap_tmp/many.dom"
d=$tap_tmp/many.dom
is "$(count 'class="life"' "$d")" 300 "timeline: a lane per thread, 300"
is "$(grep -o 'id="timeline-svg" data-lane="[0-9]*"' "$d" | sed 's/.*="//; s/"//')" 3 "timeline: thin lanes for many threads"
is "$(count '<text x="2" ' "$d")" 0 "timeline: thin lanes are named in their tooltips, not beside them"
ok "timeline: a lane's tooltip names its thread" grep -q '<title>thread worker-299 (300): ' "$d"
is "$(count '<rect class="f span"' "$d")" 600 "timeline: every span drawn"
# the timeline's tick labels
tl_ticks() { sed -n 's/.*\(<svg[^>]*id="timeline-svg".*\)/\1/p' "$1" | grep -o 'class="tick">[^<]*' | sed 's/.*>//' | sed -n '1p;$p' | tr '\n' ' '; }
is "$(tl_ticks "$d")" "0 ns 10 ms " "timeline: a time axis over the whole run (10.97 ms)"
ok "timeline: the box scrolls" grep -q '<div id="timeline-graph" class="scroll">' "$d"
dom "$tap_tmp/many.html#zoom=2,3" "$tap_tmp/zoom.dom"
d=$tap_tmp/zoom.dom
is "$(grep -o 'data-from="[0-9]*" data-to="[0-9]*"' "$d")" 'data-from="2000000" data-to="3000000"' "timeline: zoomed to 2-3 ms"
is "$(tl_ticks "$d")" "2 ms 3 ms " "timeline: the axis follows the zoom"
# In view, 3 to 4 ms after the first thread started: the outer spans of
# threads 34 to 149 and the inner ones of threads 100 to 149.
is "$(count '<rect class="f span"' "$d")" 166 "timeline: only the spans in view"
ok "timeline: says what it shows" grep -q '1 ms shown of 10.97 ms; 300 threads' "$d"

done_testing

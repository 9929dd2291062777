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
threads=$(grep -o '<div id="threads-table"><table>.*</table>' "$dom")
printf '%s\n' "$threads" >"$tap_tmp/threads.html"
is "$(count '<tr>' "$tap_tmp/threads.html")" 6 "threads table: five threads"
ok "threads table: a row" grep -q '<td class="n">4243</td><td>scenario</td><td class="n">6</td><td class="n">3</td><td class="n">32</td>' "$tap_tmp/threads.html"
leaks=$(grep -o '<div id="leaks-table">.*</table>' "$dom")
printf '%s\n' "$leaks" >"$tap_tmp/leaks.html"
is "$(count '<tr' "$tap_tmp/leaks.html")" 4 "leak list: three groups of blocks"
is "$(grep -o '<tr class="[a-z]*">' "$tap_tmp/leaks.html" | tr '\n' ' ')" \
  '<tr class="leaked"> <tr class="reachable"> <tr class="reachable"> ' "leak list: leaked first, each kind marked"
ok "leak list: the leaked row, its variable and context" \
  grep -q '<tr class="leaked"><td class="n">64</td><td class="n">1</td><td class="kind">leaked</td><td>int\[8\] slot</td><td>worker &gt; leaf</td>' \
  "$tap_tmp/leaks.html"
ok "leak list: a reachable row" \
  grep -q '<tr class="reachable"><td class="n">4096</td><td class="n">1</td><td class="kind">reachable</td><td>-</td><td>(outside any scope)</td>' \
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

done_testing

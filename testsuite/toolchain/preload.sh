#!/bin/sh
# testsuite/toolchain/preload.sh: `memscope run` on a program not built with
# memscope preloads the runtime and gets a heap-only report that every
# command reads; its leaks are LeakSanitizer's.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
: "${top_builddir:?run through make check}"
LC_ALL=C.UTF-8
export LC_ALL
cli=$top_builddir/cli/memscope
export MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs"
export MEMSCOPE_OPTIONS=output=none
unset MALLOC_PERTURB_

cat >"$tap_tmp/plain.c" <<'EOF'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
char *volatile keep;
__attribute__ ((noinline)) static char *
make_name (int i)
{
  char *p = malloc (32);
  snprintf (p, 32, "n%d", i);
  return p;
}
/* Three blocks of 100 bytes, then nothing points to them. */
__attribute__ ((noinline)) static void
leak_some (void)
{
  for (int i = 0; i < 3; i++)
    keep = malloc (100);
  keep = NULL;
}
static void *
worker (void *arg)
{
  for (int i = 0; i < 10; i++)
    free (make_name (i));
  return NULL;
}
int
main (void)
{
  pthread_t t;
  const char *preload = getenv ("LD_PRELOAD");
  pthread_create (&t, NULL, worker, NULL);
  pthread_join (t, NULL);
  leak_some ();
  char *n = make_name (7);
  printf ("%s %s\n", n, preload && strstr (preload, "libmemscope") ? "preloaded" : "alone");
  free (n);
  return 3;
}
EOF
# out3 COMMAND...: "status|stdout|stderr", run in $tap_tmp.
out3() {
  (cd "$tap_tmp" && "$@") >"$tap_tmp/o" 2>"$tap_tmp/e"
  echo "$?|$(cat "$tap_tmp/o")|$(cat "$tap_tmp/e")"
}

ok "a program built with plain gcc" gcc -O2 -g -pthread "$tap_tmp/plain.c" -o "$tap_tmp/plain"
out3 "$cli" run -o plain.json ./plain >/dev/null
is "$(head -n 1 "$tap_tmp/e")" \
  "memscope run: ./plain is not built with memscope: its heap only, with the runtime preloaded; scopes and variables need the plugin (build it with memscope-gcc)" \
  "memscope run says the report is heap-only, and why"
is "$(cat "$tap_tmp/o")" "n7 preloaded" "the program ran with the runtime preloaded"
r=$(out3 "$cli" run -o plain.json ./plain)
is "${r%%|*}" 3 "memscope run exits as the program did"
jq_is "$tap_tmp/plain.json" \
  '[(.scopes | length), (.threads | length), [.threads[] | .total_allocations], .threads[1].heap_bytes, .heap.leaked_blocks, .heap.leaked_bytes]' \
  '[0,2,[6,10],320,3,300]' \
  "the report: no scope, both threads, their allocations, the 3 leaked blocks"

# LeakSanitizer on the same program.
if gcc -O2 -g -pthread -fsanitize=leak "$tap_tmp/plain.c" -o "$tap_tmp/lsan" 2>/dev/null; then
  (cd "$tap_tmp" && ./lsan) >/dev/null 2>"$tap_tmp/lsan.err"
  is "$(sed -n 's/^SUMMARY: LeakSanitizer: \([0-9]*\) byte(s) leaked in \([0-9]*\) allocation(s)\.$/[\2,\1]/p' "$tap_tmp/lsan.err")" \
    "$(jq -c '[.heap.leaked_blocks, .heap.leaked_bytes]' "$tap_tmp/plain.json")" \
    "the leaks are LeakSanitizer's"
  # LeakSanitizer's frame #1 of each leak is the function that called malloc.
  is "$(sed -n 's/^ *#1 0x[0-9a-f]* in \([^ ]*\) .*/\1/p' "$tap_tmp/lsan.err" | sort | tr '\n' ' ')" \
    "$(jq -r '[.leaks[] | select(.reachable == false) | .site_function] | sort | join(" ")' "$tap_tmp/plain.json") " \
    "each leak's allocating function is LeakSanitizer's frame #1"
else
  tap_result 0 "the leaks are LeakSanitizer's # SKIP no -fsanitize=leak (apt-get install liblsan0)"
fi

# Allocations by calling function: outside instrumented code a block's
# allocator call is named by the function it returns to, from the symbol
# table (a stripped program's by object and offset).
jq_is "$tap_tmp/plain.json" \
  '[.sites[] | select(.function == "make_name" or .function == "leak_some") | [.function, .file, .allocations, .bytes, .live_bytes]] | sort' \
  '[["leak_some",null,3,300,300],["make_name",null,11,352,0]]' \
  "allocations by calling function: make_name 11 (both threads), leak_some 3, still live"
jq_is "$tap_tmp/plain.json" '[.leaks[] | select(.reachable == false) | [.site_function, .blocks, .bytes]]' \
  '[["leak_some",3,300]]' "the leak's allocating function"
"$cli" leaks "$tap_tmp/plain.json" >"$tap_tmp/leaks-fn.txt"
is "$(sed -n 2p "$tap_tmp/leaks-fn.txt")" "    #1 leak_some (not instrumented)" \
  "memscope leaks names the allocating function as LeakSanitizer's frame #1"
"$cli" summary "$tap_tmp/plain.json" >"$tap_tmp/summary-fn.txt"
ok "memscope summary lists the heap by calling function" \
  grep -Eq '^ +352 B +11 +0 B +- +make_name \(not instrumented\)$' "$tap_tmp/summary-fn.txt"
printf '# by function, as in LeakSanitizer\nleak:leak_some\n' >"$tap_tmp/supp.txt"
MEMSCOPE_OPTIONS="output=$tap_tmp/supp.json:suppressions=$tap_tmp/supp.txt" \
  LD_PRELOAD="$top_builddir/runtime/.libs/libmemscope.so.0" "$tap_tmp/plain" >/dev/null
jq_is "$tap_tmp/supp.json" '[.heap.leaked_blocks, [.leaks[] | select(.suppressed) | [.site_function, .blocks]]]' \
  '[0,[["leak_some",3]]]' "a suppression matches the allocating function outside instrumented code"
strip "$tap_tmp/plain" -o "$tap_tmp/stripped"
out3 "$cli" run -o stripped.json ./stripped >/dev/null
jq_is "$tap_tmp/stripped.json" \
  '[.leaks[] | select(.reachable == false) | [(.site_function | test("^stripped\\+0x[0-9a-f]+$")), .blocks]]' \
  '[[true,3]]' "a stripped program: the allocating function by object and offset"

r=$(MEMSCOPE_LIBDIR=$tap_tmp/none out3 "$cli" run -o none.json ./plain)
is "${r%%|*}|$(cat "$tap_tmp/o")|$(head -n 1 "$tap_tmp/e")" \
  "3|n7 alone|memscope run: ./plain is not built with memscope, and there is no runtime to preload: $tap_tmp/none/libmemscope.so.0 is missing (set MEMSCOPE_LIBDIR)" \
  "no runtime to preload: memscope run says where it looked, and runs the program as it is"

# Every command reads the report.
for cmd in "summary plain.json" "tree plain.json" "top plain.json --by=leaks" "threads plain.json" \
           "leaks plain.json --all" "vars plain.json" "diff plain.json plain.json" \
           "merge plain.json plain.json -o merged.json" "export plain.json --format=folded --by=heap" \
           "export plain.json --format=html -o plain.html" \
           "summary plain.json --json"; do
  # shellcheck disable=SC2086
  r=$(out3 "$cli" $cmd)
  is "${r%%|*}|$(cat "$tap_tmp/e")" "0|" "memscope $cmd reads the heap-only report"
done
is "$(out3 "$cli" export plain.json --format=chrome -o chrome.json)" \
  "0||memscope export: plain.json has no trace (MEMSCOPE_OPTIONS=trace=1 records one); the timeline shows thread lifetimes and peaks only" \
  "memscope export --format=chrome reads it, and says it has no trace"
"$cli" leaks "$tap_tmp/plain.json" >"$tap_tmp/leaks.txt"
ok "memscope leaks lists the 300 leaked bytes" grep -q '300' "$tap_tmp/leaks.txt"

# Not preloaded: a program built with memscope, a static one, a script.
if [ -n "${PLUGIN_GCCS:-}" ]; then
  ok "the same program built with memscope-gcc" env MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so" \
    "$top_builddir/tools/memscope-gcc" -O2 -pthread "$tap_tmp/plain.c" -o "$tap_tmp/built"
  r=$(out3 "$cli" run -o built.json ./built)
  is "$(cat "$tap_tmp/o"):$(grep -c 'not built with memscope' "$tap_tmp/e")" "n7 alone:0" \
    "built with memscope: nothing preloaded, nothing said"
  jq_is "$tap_tmp/built.json" '[.scopes[].name] | sort' '["leak_some","main","make_name","worker"]' \
    "built with memscope: its scopes are in the report"
fi
if gcc -O2 -static "$tap_tmp/plain.c" -pthread -o "$tap_tmp/static" 2>/dev/null; then
  r=$(out3 "$cli" run -o static.json ./static)
  is "${r%%|*}|$(cat "$tap_tmp/o")|$(head -n 1 "$tap_tmp/e")" \
    "3|n7 alone|memscope run: ./static is linked statically: the runtime cannot be preloaded (build it with memscope-gcc)" \
    "a static program runs as it is, and memscope run says why it has no report"
fi
printf '#!/bin/sh\nexec ./plain "$@"\n' >"$tap_tmp/script.sh"
chmod +x "$tap_tmp/script.sh"
r=$(out3 "$cli" run -o script.json ./script.sh)
is "${r%%|*}|$(cat "$tap_tmp/o")|$(grep -c 'not built with memscope' "$tap_tmp/e")" "3|n7 alone|0" \
  "a script is left alone"

done_testing

#!/bin/sh
# badinput.sh: missing, empty, truncated, non-JSON, wrong and mutated
# reports give one error line naming the file, and status 2, never a crash.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

report threads threads 3
good=$tap_tmp/threads.json
commands="summary tree top threads leaks vars diff merge export"

# args_for COMMAND FILE: the command line that reads FILE.
args_for() {
  case $1 in
    diff) echo "diff $good $2" ;;
    merge) echo "merge $good $2 -o $tap_tmp/merged.json" ;;
    export) echo "export --format=html -o $tap_tmp/x.html $2" ;;
    *) echo "$1 $2" ;;
  esac
}

# refused FILE MESSAGE: every command gives exactly "memscope: FILE: MESSAGE".
refused() {
  file=$1 message=$2
  for c in $commands; do
    # shellcheck disable=SC2046
    run_ms $(args_for "$c" "$file")
    if [ "$st" = 2 ] && [ -z "$out" ] && [ "$err" = "memscope: $file: $message" ]; then
      tap_result 0 "$c: $message"
    else
      tap_result 1 "$c: $message"
      printf '# status %s, stdout %s\n# stderr: %s\n' "$st" "$out" "$err"
    fi
  done
}

refused "$tap_tmp/missing.json" "cannot read: no such file"
: >"$tap_tmp/empty.json"
refused "$tap_tmp/empty.json" "empty file, not a memscope report"
refused "$tap_tmp" "cannot read: is a directory"
printf 'memscope report\n' >"$tap_tmp/text.json"
refused "$tap_tmp/text.json" "not valid JSON: 1:8: Parse error: unexpected identifier \`memscope', expected value"
printf '[1, 2]\n' >"$tap_tmp/array.json"
refused "$tap_tmp/array.json" "not a memscope report (the JSON text is an array, not an object)"
jq '.version = 2' "$good" >"$tap_tmp/v2.json"
refused "$tap_tmp/v2.json" "version: 2 is not supported (this memscope reads version 1)"
jq '.format = "massif"' "$good" >"$tap_tmp/format.json"
refused "$tap_tmp/format.json" "format: \"massif\", not a memscope report"
jq 'del(.contexts)' "$good" >"$tap_tmp/nocontexts.json"
refused "$tap_tmp/nocontexts.json" \
  "contexts: missing (a memscope report has \"threads\", \"scopes\", \"variables\" and \"contexts\" arrays)"

# Truncated at many points: always "truncated JSON", whatever the point.
size=$(wc -c <"$good")
bad=0
for cut in 1 2 10 50 100 200 333 500 777 1000 1500 2000 2500 3000 $((size / 2)) $((size - 10)) $((size - 2)); do
  [ "$cut" -lt "$size" ] || continue
  head -c "$cut" "$good" >"$tap_tmp/cut.json"
  for c in summary tree export; do
    # shellcheck disable=SC2046
    run_ms $(args_for "$c" "$tap_tmp/cut.json")
    case $st:$err in
      "2:memscope: $tap_tmp/cut.json: truncated JSON (the text stops after $cut bytes, inside an unfinished value)") ;;
      *) bad=$((bad + 1)); echo "# cut at $cut, $c: status $st: $err" ;;
    esac
  done
done
is "$bad" 0 "truncated reports: one error line each, status 2"

# Mutations of single members: the error names the member.
mutated() { # JQ-FILTER MESSAGE
  jq -c "$1" "$good" >"$tap_tmp/mut.json"
  run_ms summary "$tap_tmp/mut.json"
  is "$st:$err" "2:memscope: $tap_tmp/mut.json: $2" "mutated: $2"
}
mutated '.contexts[1].parent = 99' "contexts[1].parent: no context has id 99"
mutated '.contexts[0].parent = 2' "contexts[0].parent: the parent chain of context 1 loops"
mutated '.contexts[2].entries = "many"' "contexts[2].entries: expected an integer, got a string"
mutated '.contexts[2].peak_memory = -5' "contexts[2].peak_memory: negative value -5"
mutated '.contexts[2].peak_memory = 1.5' "contexts[2].peak_memory: expected an integer, got a fractional number"
mutated '.contexts[0].scope = 42' "contexts[0].scope: no scope has id 42"
mutated '.contexts[0].scope = null' "contexts[0].scope: a context needs a scope, got null"
mutated 'del(.contexts[3].direct_bytes)' "contexts[3]: no \"direct_bytes\" member"
mutated '.contexts[1] = 7' "contexts[1]: expected an object, got a number"
mutated '.threads[1].id = 1' "threads[1].id: id 1 is used twice"
mutated '.threads[0].id = 0' "threads[0].id: ids are positive, got 0"
mutated '.threads[0].peak_context = 77' "threads[0].peak_context: no context has id 77"
mutated '.threads[0].name = {}' "threads[0].name: expected a string or null, got an object"
mutated '.scopes[0].is_active = "no"' "scopes[0].is_active: expected true or false, got a string"
mutated '.scopes[1].parent = 9' "scopes[1].parent: no scope has id 9"
mutated '.variables[0].scope = 8' "variables[0].scope: no scope has id 8"
mutated '.variables = {}' "variables: expected an array, got an object"
mutated '.leaks[1].context = 50' "leaks[1].context: no context has id 50"
mutated '.leaks[0].bytes = null' "leaks[0].bytes: expected an integer, got null"
mutated '.leaks[0].reachable = "yes"' "leaks[0].reachable: expected true or false, got a string"
mutated '.heap.enabled = 1' "heap.enabled: expected true or false, got a number"
mutated '.heap = []' "heap: expected an object, got an array"
mutated '.heap.live_bytes = "x"' "heap.live_bytes: expected an integer, got a string"
mutated '.trace = [{"thread": 1, "events": [[5, "X", 1]]}]' \
  "trace[0].events: event 0: expected [t_ns, \"B\" or \"E\", context id]"
mutated '.trace = [{"thread": 1, "events": [[5, "B", 99]]}]' "trace[0].events: no context has id 99"
mutated '.trace = [{"thread": 8, "events": []}]' "trace[0].thread: no thread has id 8"
mutated '.contexts[0].threads = ["main"]' "contexts[0].threads: expected an array of thread ids, element 0 is a string"

# Random damage: bytes overwritten anywhere.  Whatever happens, no crash:
# either a valid report (status 0) or one error line and status 2.
crashes=0
i=0
while [ $i -lt 60 ]; do
  i=$((i + 1))
  pos=$(( (i * 7919) % size ))
  cp "$good" "$tap_tmp/noise.json"
  printf '%s' "$(echo '}]"x,:0-' | cut -c $(( i % 8 + 1 )))" |
    dd of="$tap_tmp/noise.json" bs=1 seek="$pos" conv=notrunc 2>/dev/null
  for c in summary tree export; do
    # shellcheck disable=SC2046
    run_ms $(args_for "$c" "$tap_tmp/noise.json")
    lines=$(printf '%s' "$err" | grep -c '')
    case $st in
      0) ;;
      2) [ "$lines" = 1 ] || { crashes=$((crashes + 1)); echo "# $c at $pos: $err"; } ;;
      *) crashes=$((crashes + 1)); echo "# $c at $pos: status $st: $err" ;;
    esac
  done
done
is "$crashes" 0 "60 damaged reports x 3 commands: never a crash, one line when refused"

# Output that cannot be written (a full disk): one line, status 1, for
# stdout and for -o alike.
full() { # DESCRIPTION EXPECTED-STDERR COMMAND-ARGS...
  desc=$1 expected=$2
  shift 2
  "$memscope" "$@" >/dev/full 2>"$tap_tmp/err"
  is "$?:$(cat "$tap_tmp/err")" "1:$expected" "$desc"
}
full "summary > /dev/full" "memscope summary: cannot write to standard output: No space left on device" summary "$good"
full "summary --json > /dev/full" "memscope summary: cannot write to standard output: No space left on device" \
  summary --json "$good"
full "tree > /dev/full" "memscope tree: cannot write to standard output: No space left on device" tree "$good"
full "vars --json > /dev/full" "memscope vars: cannot write to standard output: No space left on device" vars --json "$good"
full "diff > /dev/full" "memscope diff: cannot write to standard output: No space left on device" diff "$good" "$good"
full "export --format=folded > /dev/full" "memscope export: cannot write to standard output: No space left on device" \
  export --format=folded "$good"
full "export -o /dev/full" "memscope export: cannot write /dev/full: No space left on device" \
  export --format=html -o /dev/full "$good"
full "merge -o /dev/full" "memscope merge: cannot write /dev/full: No space left on device" merge "$good" -o /dev/full
full "merge -o - > /dev/full" "memscope merge: cannot write to standard output: No space left on device" \
  merge "$good" -o -
run_ms merge "$good" -o "$tap_tmp/no/such/folder/m.json"
is "$st:$out:$err" "1::memscope merge: cannot write $tap_tmp/no/such/folder/m.json: No such file or directory" \
  "merge -o into a missing folder: status 1, one line"

# "-" reads the report from standard input: a file, a pipe, nothing.
"$memscope" summary "$good" >"$tap_tmp/file.sum" 2>&1
"$memscope" summary - <"$good" >"$tap_tmp/stdin.sum" 2>&1
is "$?:$(cmp "$tap_tmp/file.sum" "$tap_tmp/stdin.sum" 2>&1)" "0:" "summary - < FILE: FILE's summary"
# shellcheck disable=SC2002
cat "$good" | "$memscope" tree - >"$tap_tmp/pipe.tree" 2>&1
"$memscope" tree "$good" >"$tap_tmp/file.tree" 2>&1
is "$(cmp "$tap_tmp/file.tree" "$tap_tmp/pipe.tree" 2>&1)" "" "cat FILE | tree -: FILE's tree"
"$memscope" diff - "$good" <"$good" >"$tap_tmp/diff.out" 2>&1
"$memscope" diff "$good" "$good" >"$tap_tmp/diff.file" 2>&1
is "$(cmp "$tap_tmp/diff.file" "$tap_tmp/diff.out" 2>&1):$(grep -c 'no change' "$tap_tmp/diff.out")" ":3" \
  "diff - FILE < FILE: FILE against itself, no change"
printf 'memscope report\n' | "$memscope" summary - >"$tap_tmp/out" 2>"$tap_tmp/err"
is "$?:$(cat "$tap_tmp/out"):$(cat "$tap_tmp/err")" \
  "2::memscope: -: not valid JSON: 1:8: Parse error: unexpected identifier \`memscope', expected value" \
  "a pipe of text: the parser's message, from the bytes it read"
head -c 100 "$good" | "$memscope" summary - >"$tap_tmp/out" 2>"$tap_tmp/err"
is "$?:$(cat "$tap_tmp/err")" \
  "2:memscope: -: truncated JSON (the text stops after 100 bytes, inside an unfinished value)" "a pipe cut short: truncated"
"$memscope" summary - <"$tap_tmp/text.json" >"$tap_tmp/out" 2>"$tap_tmp/err"
is "$?:$(cat "$tap_tmp/err")" \
  "2:memscope: -: not valid JSON: 1:8: Parse error: unexpected identifier \`memscope', expected value" \
  "summary - < a file of text: the parser's message"
"$memscope" diff - - <"$good" >"$tap_tmp/out" 2>"$tap_tmp/err"
is "$?:$(cat "$tap_tmp/out"):$(cat "$tap_tmp/err")" "2::memscope: -: standard input is read once: give - for one report only" \
  "diff - -: refused, not an empty second report"
"$memscope" summary - </dev/null >"$tap_tmp/out" 2>"$tap_tmp/err"
is "$?:$(cat "$tap_tmp/err")" "2:memscope: -: empty file, not a memscope report" "nothing on standard input"
# A program's report straight into memscope, through a descriptor.
MEMSCOPE_OPTIONS=output=/dev/fd/3 "$scenario" nesting 3>&1 >/dev/null 2>"$tap_tmp/prog.err" |
  "$memscope" summary - >"$tap_tmp/out" 2>"$tap_tmp/err"
is "$(sed -n 1p "$tap_tmp/out" | sed 's/(pid [0-9]*)/(pid N)/'):$(cat "$tap_tmp/prog.err" "$tap_tmp/err")" \
  "scenario (pid N): 1 thread, 3 scope sites, 4 variable sites, 3 contexts:" "output=/dev/fd/3 piped to summary -"

# memscope run reads its report back: -o names a file, never a stream or a
# device (which it used to remove first, as a stale report).
mkfifo "$tap_tmp/run.fifo"
for o in - /dev/stdout /dev/fd/1 "$tap_tmp/run.fifo"; do
  run_ms run -o "$o" "$scenario" nesting
  is "$st:$out:$err" "2::memscope run: -o $o: the report must go to a file, which memscope reads for the summary (see memscope run --help)" \
    "run -o $o: refused before the program runs"
done
ok "run -o FIFO: the FIFO is left alone" test -p "$tap_tmp/run.fifo"

# Usage errors are status 2 too.
run_ms
is "$st" 2 "no command: status 2"
run_ms frobnicate
is "$st:$err" "2:memscope: unknown command 'frobnicate' (try memscope --help)" "unknown command"
run_ms summary
is "$st:$err" "2:memscope summary: no report file given (see memscope summary --help)" "no file"
run_ms export --format=svg "$good"
is "$st:$err" "2:memscope export: --format=svg: expected folded, chrome or html (see memscope export --help)" \
  "unknown export format"
run_ms --help
is "$st" 0 "--help: status 0"

done_testing

#!/bin/sh
# bigreport.sh: a big report, and texts that test the reader: whitespace,
# odd names, members it does not know, comments, a member given twice,
# and damage deep inside the contexts (the error names the first bad
# record, as one pass over the text meets it).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

commands="summary
summary --json
tree --json
tree --thread=3
top --by=heap
vars --json
leaks --all
threads
export --format=folded"

# same DESCRIPTION FILE OTHER: every command's stdout, stderr and status
# for OTHER are those for FILE.
same() {
  desc=$1 file=$2 other=$3
  bad=0
  echo "$commands" >"$tap_tmp/commands"
  while read -r args; do
    # shellcheck disable=SC2086
    "$memscope" $args "$file" >"$tap_tmp/a.out" 2>"$tap_tmp/a.err"
    st_a=$?
    # shellcheck disable=SC2086
    "$memscope" $args "$other" >"$tap_tmp/b.out" 2>"$tap_tmp/b.err"
    st_b=$?
    sed -i "s|$other|FILE|g" "$tap_tmp/b.out" "$tap_tmp/b.err"
    sed -i "s|$file|FILE|g" "$tap_tmp/a.out" "$tap_tmp/a.err"
    if [ "$st_a" != 0 ] || [ "$st_a" != "$st_b" ] || ! cmp -s "$tap_tmp/a.out" "$tap_tmp/b.out" ||
       ! cmp -s "$tap_tmp/a.err" "$tap_tmp/b.err" || [ ! -s "$tap_tmp/a.out" ]; then
      bad=$((bad + 1))
      echo "# $args: status $st_a and $st_b"
    fi
  done <"$tap_tmp/commands"
  is "$bad" 0 "$desc: every command's output, error and status alike"
}

# refused FILE MESSAGE: status 2, nothing on stdout, one line.
refused() {
  run_ms summary "$1"
  is "$st:$out:$err" "2::memscope: $1: $2" "$2"
}

big=$tap_tmp/big.json
awk -v n=12000 -f "$top_srcdir/bench/cli-gen.awk" >"$big"
run_ms summary --json "$big"
is "$st:$err:$(printf '%s\n' "$out" | jq -c '[.contexts,.threads,.scope_sites,.variable_sites]')" "0::[12000,8,2000,6000]" \
  "12,000 contexts: read whole"
jq '.' "$big" >"$tap_tmp/big-pretty.json"
same "12,000 contexts, indented" "$big" "$tap_tmp/big-pretty.json"

# diff and merge read two reports.
jq -c '.contexts[100].peak_memory = 99999999 | .contexts[7000].direct_bytes = 1' "$big" >"$tap_tmp/big2.json"
run_ms diff --json "$big" "$tap_tmp/big2.json"
is "$st:$err:$(printf '%s\n' "$out" | jq -c '[.contexts[]|[.old.peak_memory,.new.peak_memory]]')" \
  "0::[[$(jq '.contexts[100].peak_memory' "$big"),99999999]]" "diff: the one changed peak"
# (The generator gives some contexts the same parent and scope: merge
# makes them one, as it would for the same code.)
"$memscope" merge "$big" -o "$tap_tmp/merged1.json"
run_ms merge "$big" "$tap_tmp/big2.json" -o "$tap_tmp/merged.json"
is "$st:$err:$(jq -c '[(.contexts|length),([.contexts[].peak_memory]|max),.contexts[0].entries]' "$tap_tmp/merged.json")" \
  "0::$(jq -c '[(.contexts|length),99999999,2*.contexts[0].entries]' "$tap_tmp/merged1.json")" \
  "merge: the same contexts, peaks maximised, entries summed"

# Names full of quotes, backslashes, brackets, commas and non-ASCII;
# members the reader does not know, nested.
report threads threads 3
jq -c '.program = "prog [1], {2}"
  | .scopes[0].name = "a\"[{,}]"
  | .scopes[1].name = "back\\"
  | .scopes[2].name = "\\\"],[{\"id\":1}"
  | .threads[0].name = "it'"'"'s /* not */ a comment // really"
  | .variables[0].name = "v[\"]\\\"\\\\"
  | .variables[0].type = "char[\"\u00e9\"]"
  | .contexts[0].note = "a\"[{,}]\\"
  | .contexts[1].more = {"a": [1, {"b": "]},{"}], "c": []}
  | .contexts[2].more = [[], [[]], {}]
  | .note = "]}\",{"' "$tap_tmp/threads.json" >"$tap_tmp/names.json"
run_ms vars --all --json "$tap_tmp/names.json"
is "$st:$err:$(printf '%s\n' "$out" | jq -c '[.[]|.name]|sort')" "0::$(jq -c '[.variables[]|.name]|sort' "$tap_tmp/names.json")" \
  "odd names: read as written"
run_ms threads --json "$tap_tmp/names.json"
is "$st:$err:$(printf '%s\n' "$out" | jq -r '.[0].name')" "0::it's /* not */ a comment // really" "odd names: a thread's name"
jq -c 'del(.note) | .contexts |= map(del(.note, .more))' "$tap_tmp/names.json" >"$tap_tmp/known.json"
same "members it does not know: skipped" "$tap_tmp/known.json" "$tap_tmp/names.json"
jq '.' "$tap_tmp/names.json" >"$tap_tmp/pretty.json"
same "odd names, indented" "$tap_tmp/names.json" "$tap_tmp/pretty.json"

# Comments are taken (as json-glib took them); single quotes are not JSON.
sed 's/"contexts":\[/"contexts":[\/* a comment, "] *\/ /' "$tap_tmp/names.json" >"$tap_tmp/comment.json"
same "a comment" "$tap_tmp/names.json" "$tap_tmp/comment.json"
sed 's/"folded":false/"folded":false,'"'"'x'"'"':1/' "$tap_tmp/names.json" >"$tap_tmp/quote.json"
run_ms summary "$tap_tmp/quote.json"
case $st:$out:$err in
  "2::memscope: $tap_tmp/quote.json: not valid JSON: "*) tap_result 0 "a single-quoted key: not valid JSON" ;;
  *) tap_result 1 "a single-quoted key: not valid JSON"; echo "# $st: $err" ;;
esac
# A member given twice: the last one counts, as with a whole-text parse.
sed 's/}$/,"leaks":[]}/' "$tap_tmp/names.json" >"$tap_tmp/twice.json"
run_ms leaks --all "$tap_tmp/twice.json"
is "$st:$err:$out" "0::no heap blocks live at exit" "a top-level member twice: the last one counts"
jq -c '.leaks = [] | .trace = []' "$tap_tmp/names.json" >"$tap_tmp/empty.json"
run_ms summary "$tap_tmp/empty.json"
is "$st:$err:$(printf '%s\n' "$out" | grep '^leaked')" "0::leaked 0 B in 0 blocks; 0 B still reachable" "empty arrays"

# Damage in the middle of the contexts.
sed 's/{"id":6000,"scope":/{"id":6000 "scope":/' "$big" >"$tap_tmp/syntax.json"
run_ms summary "$tap_tmp/syntax.json"
case $st:$out:$err in
  "2::memscope: $tap_tmp/syntax.json: not valid JSON: 1:"*": Parse error: unexpected number \`6000', expected character \`,'")
    tap_result 0 "a missing comma in context 6000: not valid JSON, where" ;;
  *) tap_result 1 "a missing comma in context 6000: not valid JSON, where"; echo "# $st: $err" ;;
esac
head -c 2500000 "$big" >"$tap_tmp/cut.json"
refused "$tap_tmp/cut.json" "truncated JSON (the text stops after 2500000 bytes, inside an unfinished value)"

# mutated FILTER MESSAGE: the first bad record is named.
mutated() {
  jq -c "$1" "$big" >"$tap_tmp/mut.json"
  refused "$tap_tmp/mut.json" "$2"
}
mutated '.contexts[8000].entries = "many"' "contexts[8000].entries: expected an integer, got a string"
mutated '.contexts[9000].id = 10' "contexts[9000].id: id 10 is used twice"
mutated '.contexts[5999].id = 6001' "contexts[6000].id: id 6001 is used twice"
mutated '.contexts[3001].id = 3 | .contexts[11000].entries = "x"' "contexts[11000].entries: expected an integer, got a string"
mutated '.contexts[3001].peak_memory = -1 | .contexts[11000].id = 5' "contexts[3001].peak_memory: negative value -1"
mutated '.contexts[11000].threads = [0] | .contexts[2].parent = 11999' \
  "contexts[11000].threads: expected an array of thread ids, element 0 is a number"
mutated '.contexts[2].peak_memory = 1e23' "contexts[2].peak_memory: 1e+23 is out of range (at most 9223372036854775807)"
mutated '.contexts[2].peak_memory = 100000000000000000000000' \
  "contexts[2].peak_memory: 1e+23 is out of range (at most 9223372036854775807)"

done_testing

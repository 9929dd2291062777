#!/bin/sh
# split.sh: a big report's contexts are cut from its text in pieces, parsed
# and read by helper processes (cli/split.c); every command prints exactly
# what it prints after one parse of the whole text, and a damaged report
# gives the same error line and status.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# MEMSCOPE_PARSE_CHUNK=BYTES cuts any report's contexts in pieces of about
# BYTES bytes, read by at least one helper whatever the number of
# processors; 0 parses every text whole.  G_MESSAGES_DEBUG=memscope tells
# which way a text went.
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

# with CHUNK COMMAND...: COMMAND with MEMSCOPE_PARSE_CHUNK=CHUNK, or unset
# for "default".
with() {
  chunk=$1
  shift
  if [ "$chunk" = default ]; then
    env -u MEMSCOPE_PARSE_CHUNK "$@"
  else
    MEMSCOPE_PARSE_CHUNK=$chunk "$@"
  fi
}

# way CHUNK FILE: how `summary` parsed FILE: "pieces", "whole" (tried to
# split, could not) or "none" (not tried).  GLib prints debug messages on
# stdout.
way() {
  w=$(with "$1" env G_MESSAGES_DEBUG=memscope "$memscope" summary "$2" 2>/dev/null |
    sed -n 's/.*parsed in [0-9]* pieces.*/pieces/p; s/.*parsing the text whole.*/whole/p')
  # shellcheck disable=SC2086 # one line
  echo ${w:-none}
}

# same DESCRIPTION FILE CHUNK...: each command's stdout, stderr and status
# with every CHUNK are those with MEMSCOPE_PARSE_CHUNK=0.
same() {
  desc=$1 file=$2
  shift 2
  for chunk in "$@"; do
    bad=0
    echo "$commands" >"$tap_tmp/commands"
    while read -r args; do
      # shellcheck disable=SC2086
      MEMSCOPE_PARSE_CHUNK=0 "$memscope" $args "$file" >"$tap_tmp/whole.out" 2>"$tap_tmp/whole.err"
      st_whole=$?
      # shellcheck disable=SC2086
      with "$chunk" "$memscope" $args "$file" >"$tap_tmp/split.out" 2>"$tap_tmp/split.err"
      st_split=$?
      if [ "$st_whole" != "$st_split" ] || ! cmp -s "$tap_tmp/whole.out" "$tap_tmp/split.out" ||
         ! cmp -s "$tap_tmp/whole.err" "$tap_tmp/split.err"; then
        bad=$((bad + 1))
        echo "# $args: status $st_whole and $st_split"
      fi
    done <"$tap_tmp/commands"
    is "$bad" 0 "$desc, MEMSCOPE_PARSE_CHUNK=$chunk: every command as after one parse"
  done
}

# refused_alike DESCRIPTION FILE MESSAGE: status 2 and "memscope: FILE:
# MESSAGE" however the text is parsed.
refused_alike() {
  desc=$1 file=$2 message=$3
  for chunk in 0 default 1000; do
    with "$chunk" "$memscope" summary "$file" >"$tap_tmp/out" 2>"$tap_tmp/err"
    is "$?:$(cat "$tap_tmp/out")$(cat "$tap_tmp/err")" "2:memscope: $file: $message" \
      "$desc, MEMSCOPE_PARSE_CHUNK=$chunk"
  done
}

# About 4 MB: split by default (read by helpers when there are other
# processors).
big=$tap_tmp/big.json
awk -v n=12000 -f "$top_srcdir/bench/cli-gen.awk" >"$big"
is "$(way default "$big")" "pieces" "12,000 contexts: parsed in pieces"
is "$(way 65536 "$big")" "pieces" "12,000 contexts, pieces of 64 KiB: parsed in pieces"
is "$(way 0 "$big")" "none" "MEMSCOPE_PARSE_CHUNK=0: parsed whole"
same "12,000 contexts" "$big" default 999

# diff and merge read two reports.
jq -c '.contexts[100].peak_memory = 99999999 | .contexts[7000].direct_bytes = 1' "$big" >"$tap_tmp/big2.json"
MEMSCOPE_PARSE_CHUNK=0 "$memscope" diff "$big" "$tap_tmp/big2.json" >"$tap_tmp/diff.whole"
MEMSCOPE_PARSE_CHUNK=65536 "$memscope" diff "$big" "$tap_tmp/big2.json" >"$tap_tmp/diff.split"
ok "diff: the same in pieces" cmp "$tap_tmp/diff.whole" "$tap_tmp/diff.split"
MEMSCOPE_PARSE_CHUNK=0 "$memscope" merge "$big" "$tap_tmp/big2.json" -o "$tap_tmp/merged.whole"
MEMSCOPE_PARSE_CHUNK=65536 "$memscope" merge "$big" "$tap_tmp/big2.json" -o "$tap_tmp/merged.split"
ok "merge: the same in pieces" cmp "$tap_tmp/merged.whole" "$tap_tmp/merged.split"

# Names full of what the scan minds: quotes, backslashes, brackets and
# commas inside strings; comment and quote characters that are only text;
# members the loader does not know, in the contexts too.
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
is "$(way 1 "$tap_tmp/names.json")" "pieces" "odd names, one context a piece: parsed in pieces"
same "odd names" "$tap_tmp/names.json" 1 40
# Indented, with blanks around every element.
jq '.' "$tap_tmp/names.json" >"$tap_tmp/pretty.json"
is "$(way 1 "$tap_tmp/pretty.json")" "pieces" "indented: parsed in pieces"
same "indented" "$tap_tmp/pretty.json" 1 40

# What json-glib takes but the scan does not follow: parsed whole.
sed 's/"contexts":\[/"contexts":[\/* a comment, "] *\/ /' "$tap_tmp/names.json" >"$tap_tmp/comment.json"
is "$(way 1 "$tap_tmp/comment.json")" "whole" "a comment: parsed whole"
same "a comment" "$tap_tmp/comment.json" 1
sed 's/"folded":false/"folded":false,'"'"'x'"'"':1/' "$tap_tmp/names.json" >"$tap_tmp/quote.json"
is "$(way 1 "$tap_tmp/quote.json")" "whole" "a single-quoted key: parsed whole"
same "a single-quoted key" "$tap_tmp/quote.json" 1
# One parse keeps the last of two members of the same name.
sed 's/}$/,"leaks":[]}/' "$tap_tmp/names.json" >"$tap_tmp/twice.json"
is "$(way 1 "$tap_tmp/twice.json")" "whole" "a top-level member twice: parsed whole"
same "a top-level member twice" "$tap_tmp/twice.json" 1
jq -c '.leaks = [] | .trace = []' "$tap_tmp/names.json" >"$tap_tmp/empty.json"
same "empty arrays" "$tap_tmp/empty.json" 1

# Damage in the middle of the contexts: the one parse's error line.
sed 's/{"id":6000,"scope":/{"id":6000 "scope":/' "$big" >"$tap_tmp/syntax.json"
MEMSCOPE_PARSE_CHUNK=0 "$memscope" summary "$tap_tmp/syntax.json" 2>"$tap_tmp/err"
message=$(sed "s|^memscope: $tap_tmp/syntax.json: ||" "$tap_tmp/err")
case $message in
  "not valid JSON: 1:"*": Parse error: "*) tap_result 0 "a missing comma: not valid JSON" ;;
  *) tap_result 1 "a missing comma: not valid JSON"; echo "# $message" ;;
esac
refused_alike "a missing comma in context 6000" "$tap_tmp/syntax.json" "$message"
head -c 2500000 "$big" >"$tap_tmp/cut.json"
refused_alike "cut inside the contexts" "$tap_tmp/cut.json" \
  "truncated JSON (the text stops after 2500000 bytes, inside an unfinished value)"

# mutated FILTER MESSAGE: the same error line, however the text is read.
mutated() {
  jq -c "$1" "$big" >"$tap_tmp/mut.json"
  refused_alike "$2" "$tap_tmp/mut.json" "$2"
}
mutated '.contexts[8000].entries = "many"' "contexts[8000].entries: expected an integer, got a string"
mutated '.contexts[9000].id = 10' "contexts[9000].id: id 10 is used twice"
mutated '.contexts[5999].id = 6001' "contexts[6000].id: id 6001 is used twice"
# The first damaged context wins, whichever part finds its own first.
mutated '.contexts[3001].id = 3 | .contexts[11000].entries = "x"' "contexts[3001].id: id 3 is used twice"
mutated '.contexts[3001].peak_memory = -1 | .contexts[11000].id = 5' "contexts[3001].peak_memory: negative value -1"
mutated '.contexts[11000].threads = [0] | .contexts[2].parent = 11999' \
  "contexts[11000].threads: expected an array of thread ids, element 0 is a number"

done_testing

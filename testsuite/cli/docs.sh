#!/bin/sh
# docs.sh: one copy of each text.  README's options table is the runtime's
# own list (MEMSCOPE_OPTIONS=help=1, from runtime/options.h); doc/cli.md
# lists every subcommand `memscope --help` lists; doc/cli.md and
# doc/real-programs.md repeat no paragraph of README.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

readme=$top_srcdir/README.md

# The rows `make doc-options` writes.
MEMSCOPE_OPTIONS=help=1:output=none "$scenario" noop 2>"$tap_tmp/help" >/dev/null
sed -n -e "s/^  \([a-z_]*\) *(default '\(.*\)') \(.*\)\$/| \`\1\` | \`\2\` | \3 |/" \
  -e "s/^\(| \`[a-z_]*\` | \)\`\`/\1(empty)/" -e '/^| /p' "$tap_tmp/help" >"$tap_tmp/options"
is "$(wc -l <"$tap_tmp/options")" "$(grep -c '^  X (' "$top_srcdir/runtime/options.h")" "help=1 lists every option of runtime/options.h"
sed -n '/^<!-- options: /,/^<!-- end of options -->/p' "$readme" | sed -n '/^| `/p' >"$tap_tmp/readme-options"
ok "README's options table is help=1's (make doc-options)" cmp "$tap_tmp/options" "$tap_tmp/readme-options"

"$memscope" --help | sed -n 's/^  \([a-z]*\) .*/\1/p' | sort >"$tap_tmp/commands"
sed -n 's/^| `\([a-z]*\)` | `memscope .*/\1/p' "$top_srcdir/doc/cli.md" | sort >"$tap_tmp/documented"
is "$(tr '\n' ' ' <"$tap_tmp/documented")" "$(tr '\n' ' ' <"$tap_tmp/commands")" "doc/cli.md documents every subcommand"

# Paragraphs (text between blank lines, joined) of more than 80 characters
# that a doc page shares with README.
paragraphs() {
  awk 'BEGIN { RS = "" } { gsub(/\n/, " "); if (length($0) > 80) print }' "$1" | sort -u
}
paragraphs "$readme" >"$tap_tmp/readme-paras"
for doc in cli.md real-programs.md report.md; do
  paragraphs "$top_srcdir/doc/$doc" | comm -12 - "$tap_tmp/readme-paras" >"$tap_tmp/shared"
  is "$(wc -l <"$tap_tmp/shared")" 0 "doc/$doc repeats no paragraph of README"
  sed 's/^/#   /' "$tap_tmp/shared" | cut -c 1-120
done

done_testing

#!/bin/sh
# testsuite/toolchain/man.sh: the manual pages render, and each lists
# exactly the options its program's help lists.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Pages are read as man(1) renders them (man -l), not from their source:
#   memscope.1          its OPTIONS = `memscope --help`'s; one COMMANDS
#                       subsection per command of `memscope --help`, listing
#                       the options of `memscope COMMAND --help`
#   memscope-gcc.1/g++  OPTIONS and ENVIRONMENT = --memscope-help's
#   memscope-options.7  OPTIONS = the keys MEMSCOPE_OPTIONS=help=1 lists
. "$top_srcdir/testsuite/tap.sh"
: "${top_builddir:?run through make check}"
LC_ALL=C.UTF-8
export LC_ALL
command -v man >/dev/null || skip_all "man is not installed (apt-get install man-db)"
[ -f "$top_builddir/man/memscope.1" ] || skip_all "the manual pages were not made (configure found no help2man)"

cli=$top_builddir/cli/memscope
pages="man/memscope.1 man/memscope-options.7"
[ -n "${PLUGIN_GCCS:-}" ] && pages="$pages man/memscope-gcc.1 man/memscope-g++.1"

# Long and short option names at the head of GOption-style lines ("  -d,
# --depth=N   text", the tag of a man page's .TP item), one a line.
options_of() {
  awk '{
    sub(/^ +/, "")
    n = split($0, w, / +/)
    for (i = 1; i <= n; i++) {
      t = w[i]
      sub(/,$/, "", t)
      sub(/=.*/, "", t)
      if (t !~ /^-/) break
      print t
    }
  }'
}

# section PAGE-TEXT NAME: the lines of one section of a rendered page.
section() {
  awk -v s="$2" '/^[A-Z]/ { on = ($0 == s); next } on' "$1"
}

for page in $pages; do
  name=$(basename "$page")
  MANWIDTH=80 man --warnings -l "$top_builddir/$page" >"$tap_tmp/$name.txt" 2>"$tap_tmp/$name.err"
  is "$?:$(cat "$tap_tmp/$name.err")" "0:" "$name: man -l renders it, without a warning"
  base=${name%.*}
  is "$(sed -n '/^NAME$/{n;p;}' "$tap_tmp/$name.txt" | awk '{ print $1 }')" "$base" "$name: its NAME is $base"
done

# ---- memscope(1) -------------------------------------------------------------

"$cli" --help >"$tap_tmp/help.txt"
section "$tap_tmp/help.txt" Options: | options_of >"$tap_tmp/help.options"
section "$tap_tmp/memscope.1.txt" OPTIONS | grep '^       -' | options_of >"$tap_tmp/page.options"
is "$(cat "$tap_tmp/page.options" | tr '\n' ' ')" "$(cat "$tap_tmp/help.options" | tr '\n' ' ')" \
  "memscope.1: OPTIONS lists memscope --help's options"
is "$(tr '\n' ' ' <"$tap_tmp/help.options")" "-h --help -V --version " "... which are -h, --help, -V, --version"

commands=$(section "$tap_tmp/help.txt" Commands: | awk '{ print $1 }')
section "$tap_tmp/memscope.1.txt" COMMANDS >"$tap_tmp/commands.txt"
is "$(sed -n 's/^   memscope \([a-z]*\).*/\1/p' "$tap_tmp/commands.txt" | tr '\n' ' ')" \
  "$(echo $commands) " "memscope.1: a COMMANDS subsection for each command, in order"
for c in $commands; do
  "$cli" "$c" --help | grep '^  -' | options_of >"$tap_tmp/$c.help"
  awk -v c="$c" '/^   memscope / { on = ($2 == c); next } on && /^       -/' "$tap_tmp/commands.txt" |
    options_of >"$tap_tmp/$c.page"
  is "$(tr '\n' ' ' <"$tap_tmp/$c.page")" "$(tr '\n' ' ' <"$tap_tmp/$c.help")" \
    "memscope.1: memscope $c lists exactly the options of memscope $c --help"
done
ok "memscope.1: run's --trace and --no-heap are there" grep -q -- '--no-heap' "$tap_tmp/run.page"

# ---- memscope-gcc(1), memscope-g++(1) ------------------------------------------

if [ -n "${PLUGIN_GCCS:-}" ]; then
  for w in gcc g++; do
    wrapper=$top_builddir/tools/memscope-$w
    "$wrapper" --memscope-help >"$tap_tmp/$w.help"
    section "$tap_tmp/$w.help" Options: | options_of >"$tap_tmp/$w.help.options"
    section "$tap_tmp/memscope-$w.1.txt" OPTIONS | grep '^       -' | options_of >"$tap_tmp/$w.page.options"
    is "$(tr '\n' ' ' <"$tap_tmp/$w.page.options")" "$(tr '\n' ' ' <"$tap_tmp/$w.help.options")" \
      "memscope-$w.1: OPTIONS lists --memscope-help's options"
    is "$(tr '\n' ' ' <"$tap_tmp/$w.help.options")" "--memscope-help --memscope-version " \
      "... which are --memscope-help and --memscope-version"
    section "$tap_tmp/$w.help" Environment: | awk '/^  [A-Z]/ { print $1 }' >"$tap_tmp/$w.help.env"
    section "$tap_tmp/memscope-$w.1.txt" ENVIRONMENT | awk '/^       [A-Z]/ { print $1 }' >"$tap_tmp/$w.page.env"
    is "$(tr '\n' ' ' <"$tap_tmp/$w.page.env")" "$(tr '\n' ' ' <"$tap_tmp/$w.help.env")" \
      "memscope-$w.1: ENVIRONMENT lists --memscope-help's variables"
  done
  is "$(head -n 1 "$tap_tmp/gcc.page.env")" MEMSCOPE_CC "memscope-gcc.1 names MEMSCOPE_CC"
  is "$(head -n 1 "$tap_tmp/g++.page.env")" MEMSCOPE_CXX "memscope-g++.1 names MEMSCOPE_CXX"
fi

# ---- memscope-options(7) -------------------------------------------------------

MEMSCOPE_OPTIONS=help=1:output=none "$top_builddir/man/options-help" 2>"$tap_tmp/help1.txt" >/dev/null
sed -n 's/^  \([a-z_]*\) *(default .*/\1/p' "$tap_tmp/help1.txt" >"$tap_tmp/help1.keys"
section "$tap_tmp/memscope-options.7.txt" OPTIONS | awk '/^       [a-z_]+ \(default / { print $1 }' \
  >"$tap_tmp/options.page"
is "$(tr '\n' ' ' <"$tap_tmp/options.page")" "$(tr '\n' ' ' <"$tap_tmp/help1.keys")" \
  "memscope-options.7: OPTIONS lists exactly help=1's options, in order"
is "$(grep -c . "$tap_tmp/help1.keys")" "$(grep -c '^  X (' "$top_srcdir/runtime/options.h")" \
  "... one per entry of runtime/options.h's table"
is "$(section "$tap_tmp/memscope-options.7.txt" OPTIONS | grep -c '^       heap (default .1.)$')" 1 \
  "memscope-options.7: heap's default is 1"

done_testing

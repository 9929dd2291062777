#!/bin/sh
# testsuite/toolchain/gccs.sh: one plugin build per GCC major, chosen by the
# loader that -fplugin=, the wrappers and the spec file all name.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For every GCC configure built the plugin for (PLUGIN_GCCS), a C and a C++
# program instrumented through the loader, memscope-gcc/g++ with
# MEMSCOPE_CC/MEMSCOPE_CXX and -specs, each run and its report checked; then
# what happens when a build is missing or is loaded by the wrong GCC.
. "$top_srcdir/testsuite/tap.sh"
: "${top_builddir:?run through make check}"
LC_ALL=C
export LC_ALL
[ -n "${PLUGIN_GCCS:-}" ] || skip_all "the plugin was not built"

loader=$top_builddir/plugin/.libs/memscope.so
libdir=$top_builddir/runtime/.libs
specs=$top_builddir/tools/memscope-uninstalled.specs
export MEMSCOPE_PLUGIN="$loader" MEMSCOPE_LIBDIR="$libdir"

cat >"$tap_tmp/prog.c" <<'EOF'
#include <stdio.h>
static int
square (int n)
{
  int cells[4] = { n, n, n, n };
  return cells[0] * cells[3];
}
int
main (void)
{
  int total = 0;
  for (int i = 0; i < 3; i++)
    {
      char window[32];
      snprintf (window, sizeof window, "%d", square (i));
      total += window[0] - '0';
    }
  printf ("%d\n", total);
  return 0;
}
EOF
cat >"$tap_tmp/prog.cc" <<'EOF'
#include <cstdio>
struct word { const char *text; };
static int
twice (const word &w)
{
  char copy[16];
  return std::snprintf (copy, sizeof copy, "%s%s", w.text, w.text);
}
int
main ()
{
  std::printf ("%d\n", twice (word { "ab" }));
  return 0;
}
EOF

# built EXE EXPECTED-STDOUT SCOPES-ENTERED WHAT: runs EXE in $tap_tmp and
# checks its output and its report's count of scopes entered.
built() {
  rm -f "$tap_tmp/$1.json"
  out=$(cd "$tap_tmp" && MEMSCOPE_OPTIONS="output=$tap_tmp/$1.json" "./$1")
  is "$out" "$2" "$4: the program's output"
  jq_is "$tap_tmp/$1.json" '[.threads[0].scopes_entered, ([.scopes[].name] | sort)]' "$3" \
    "$4: the report's scopes"
}

# step WHAT COMMAND...: one test point for COMMAND's status; its output is
# shown when it fails.
step() {
  what=$1
  shift
  if (cd "$tap_tmp" && "$@") >"$tap_tmp/step.log" 2>&1; then
    tap_result 0 "$what"
  else
    tap_result 1 "$what"
    sed 's/^/#   /' "$tap_tmp/step.log"
  fi
}

c_scopes='[7,["main","square","{block@13}"]]'
majors=
for entry in $PLUGIN_GCCS; do
  major=${entry%%:*}
  rest=${entry#*:}
  gcc=${rest%%:*}
  rest=${rest#*:}
  gxx=${rest%%:*}
  # "-": configure's $CC, a command with arguments; the tests' CC is it.
  [ "$gcc" = - ] && gcc=$CC
  majors="$majors $major"
  echo "# GCC $major: $gcc and $gxx"
  is "$($gcc -dumpversion | cut -d. -f1)" "$major" "GCC $major: $gcc is GCC $major"
  step "GCC $major: its build exists" test -f "$top_builddir/plugin/.libs/gcc-$major/memscope.so"

  step "GCC $major: $gcc -fplugin=loader builds" \
    $gcc -fchecking -O2 -fplugin="$loader" prog.c -o c$major \
    -L"$libdir" -Wl,-rpath,"$libdir" -lmemscope -pthread
  built c$major 5 "$c_scopes" "GCC $major: -fplugin=loader"

  # The build links no libstdc++.so (cc1 has its own copy): loading and
  # binding it would cost every compilation millions of instructions.
  LD_DEBUG=files $gcc -O2 -fplugin="$loader" -c prog.c -o ld$major.o 2>"$tap_tmp/ld$major.txt"
  grep -q "file=.*/gcc-$major/memscope\.so .*dynamically loaded" "$tap_tmp/ld$major.txt"
  tap_result $? "GCC $major: cc1 loads its build (LD_DEBUG=files)"
  is "$(grep -c 'file=libstdc++' "$tap_tmp/ld$major.txt")" 0 \
    "GCC $major: ... and no libstdc++.so with it"

  step "GCC $major: memscope-gcc with MEMSCOPE_CC=$gcc builds" \
    env MEMSCOPE_CC="$gcc" "$top_builddir/tools/memscope-gcc" -O2 prog.c -o w$major
  built w$major 5 "$c_scopes" "GCC $major: memscope-gcc"

  step "GCC $major: $gcc -specs builds" $gcc -O2 -specs="$specs" prog.c -o s$major
  built s$major 5 "$c_scopes" "GCC $major: -specs"

  step "GCC $major: memscope-g++ with MEMSCOPE_CXX=$gxx builds C++" \
    env MEMSCOPE_CXX="$gxx" "$top_builddir/tools/memscope-g++" -O2 prog.cc -o x$major
  built x$major 4 '[2,["int main()","int twice(const word&)"]]' "GCC $major: memscope-g++"

  # The loader passes the arguments on: the build's own strict parser
  # answers, naming the flag as given.
  $gcc -fplugin="$loader" -fplugin-arg-memscope-frobnicate -c "$tap_tmp/prog.c" \
    -o "$tap_tmp/bad.o" >"$tap_tmp/bad.out" 2>"$tap_tmp/bad.err"
  is "$?:$(head -n 1 "$tap_tmp/bad.err" | sed 's/^[^:]*: //')" \
    "1:error: unknown option '-fplugin-arg-memscope-frobnicate'; valid keys: 'disable', 'verbose', 'vars', 'blocks', 'params', 'tls', 'exclude-function', 'exclude-file', 'help'" \
    "GCC $major: an unknown argument is the build's own error"
  is "$(tail -n 1 "$tap_tmp/bad.err" | sed 's/^[^:]*: //')" \
    "error: failed to initialize plugin $loader" "GCC $major: ... and GCC gives up"
done

# One build loaded by another GCC: its version check names both versions,
# which is why the loader must pick.
set -- $majors
if [ $# -ge 2 ]; then
  gcc_for() { for e in $PLUGIN_GCCS; do case $e in "$1":*) e=${e#*:}; echo "${e%%:*}" ;; esac; done; }
  a=$1 b=$2
  ga=$(gcc_for "$a")
  [ "$ga" = - ] && ga=$CC
  verb=$($ga -dumpfullversion)
  $ga -fplugin="$top_builddir/plugin/.libs/gcc-$b/memscope.so" -c "$tap_tmp/prog.c" \
    -o "$tap_tmp/wrong.o" 2>"$tap_tmp/wrong.err"
  is "$?" 1 "GCC $a refuses GCC $b's build"
  grep -q "' was built for GCC $b\.[0-9.]* ([0-9]*) but is loaded by GCC $verb (" "$tap_tmp/wrong.err"
  tap_result $? "GCC $a refuses GCC $b's build: the message names both versions"
  sed 's/^/#   /' "$tap_tmp/wrong.err"
fi

# A loader without the build for the GCC that loads it.
mkdir -p "$tap_tmp/lonely"
cp "$loader" "$tap_tmp/lonely/memscope.so"
$CC -fplugin="$tap_tmp/lonely/memscope.so" -c "$tap_tmp/prog.c" -o "$tap_tmp/lonely.o" \
  >"$tap_tmp/lonely.out" 2>"$tap_tmp/lonely.err"
status=$?
cc_major=$($CC -dumpversion | cut -d. -f1)
list=$(echo $PLUGIN_MAJORS | sed 's/ /, /g')
is "$status:$(head -n 1 "$tap_tmp/lonely.err")" \
  "1:memscope: no build of the plugin for GCC $cc_major ($($CC -dumpfullversion)) at $tap_tmp/lonely/gcc-$cc_major/memscope.so; this memscope has builds for GCC $list (configure --with-gcc)" \
  "a loader with no build beside it says which GCC it needs and which it has"
is "$(wc -l <"$tap_tmp/lonely.err")" 2 "... in one line, then GCC's"
is "$(wc -c <"$tap_tmp/lonely.out")" 0 "... and nothing on stdout"

done_testing

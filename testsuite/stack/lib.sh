# testsuite/stack/lib.sh: shared helpers of the real stack depth tests.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by each testsuite/stack/*.sh after testsuite/tap.sh.  The
# environment comes from AM_TESTS_ENVIRONMENT: top_srcdir, top_builddir,
# CC, PLUGIN_GCCS.

: "${top_srcdir:?run through make check}"
: "${top_builddir:?run through make check}"
LC_ALL=C
export LC_ALL

inputs=$top_srcdir/testsuite/stack
[ -f "$top_builddir/plugin/.libs/memscope.so" ] || skip_all "the plugin was not built"
command -v jq >/dev/null || skip_all "jq is not installed"
MEMSCOPE_PLUGIN=$top_builddir/plugin/.libs/memscope.so
MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs
export MEMSCOPE_PLUGIN MEMSCOPE_LIBDIR

# build DIR SRC FLAGS...: SRC from testsuite/stack compiled with
# memscope-gcc (MEMSCOPE_CC chooses the compiler) in DIR (made under
# $tap_tmp), with -fstack-usage, so that DIR/BASE.su holds GCC's frame
# sizes; linked into DIR/BASE.  Records a test point.
build() {
  b_dir=$tap_tmp/$1 b_src=$2
  b_base=${b_src%.c}
  shift 2
  mkdir -p "$b_dir"
  cp "$inputs/$b_src" "$b_dir/$b_src"
  if (cd "$b_dir" && "$top_builddir/tools/memscope-gcc" -fchecking -fstack-usage -pthread "$@" -c "$b_src" &&
        "$top_builddir/tools/memscope-gcc" -pthread "$@" "$b_base.o" -o "$b_base") >"$b_dir/$b_base.log" 2>&1; then
    tap_result 0 "build $b_src ${MEMSCOPE_CC:-gcc} $*"
    return 0
  fi
  tap_result 1 "build $b_src ${MEMSCOPE_CC:-gcc} $*"
  sed 's/^/# /' "$b_dir/$b_base.log"
  return 1
}

# build_plain DIR SRC FLAGS...: the same program without memscope, into
# DIR/BASE-plain.
build_plain() {
  b_dir=$tap_tmp/$1 b_src=$2
  b_base=${b_src%.c}
  shift 2
  mkdir -p "$b_dir"
  cp "$inputs/$b_src" "$b_dir/$b_src"
  if (cd "$b_dir" && gcc -pthread "$@" "$b_src" -o "$b_base-plain") >"$b_dir/$b_base-plain.log" 2>&1; then
    tap_result 0 "build $b_src $* (plain)"
    return 0
  fi
  tap_result 1 "build $b_src $* (plain)"
  sed 's/^/# /' "$b_dir/$b_base-plain.log"
  return 1
}

# su FILE NAME: the frame size -fstack-usage gave function NAME (its line
# in FILE, NAME.constprop.0 and the like included), then its qualifier.
su() {
  awk -F '\t' -v want="$2" '{ n = split ($1, part, ":"); name = part[n]; sub (/\..*/, "", name)
                              if (name == want) print $2, $3 }' "$1"
}

# su_names FILE: every function FILE lists, by source name.
su_names() {
  awk -F '\t' '{ n = split ($1, part, ":"); name = part[n]; sub (/\..*/, "", name); print name }' "$1"
}

# scope_field JSON NAME FIELD: FIELD of the function scope NAME.
scope_field() {
  jq -r --arg n "$2" --arg f "$3" \
    '[.scopes[] | select(.kind == "function" and .name == $n and (.inlined | not))] |
     if length == 1 then .[0][$f] else "\(length) scopes named \($n)" end' "$1"
}

# context_path JSON ID: the context's chain of scope names, "main > run".
context_path() {
  jq -r --argjson id "$2" '
    (.scopes | map({key: (.id | tostring), value: .name}) | from_entries) as $names |
    (.contexts | map({key: (.id | tostring), value: .}) | from_entries) as $ctx |
    [$id | recurse(if $ctx[tostring].parent == null then empty else $ctx[tostring].parent end)] |
    map($names[($ctx[tostring].scope | tostring)]) | reverse | join(" > ")' "$1"
}

# todo_is GOT EXPECTED DESCRIPTION REASON: a test point of a known defect
# (TAP's TODO): reported, not counted as a failure; once it passes the TAP
# driver says XPASS and the run fails, so that the mark goes.
todo_is() {
  tap_n=$((tap_n + 1))
  if [ "$1" = "$2" ]; then
    echo "ok $tap_n - $3 # TODO $4"
  else
    echo "not ok $tap_n - $3 # TODO $4"
    printf 'got:\n%s\nexpected:\n%s\n' "$1" "$2" | sed 's/^/#   /'
  fi
}

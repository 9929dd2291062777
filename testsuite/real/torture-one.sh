#!/bin/sh
# torture-one.sh: GCC torture tests, plain and instrumented; run by torture.sh.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: torture-one.sh WORKDIR CACHEDIR PLAN
#
# Each line of PLAN (tab-separated) is one test at one level, as
# torture-plan.tcl prints it behind a level tag:
#   LEVEL NAME ACTION FLAGS SOURCE...
# ACTION is run, link, assemble (-c) or compile (-S).  The test is built
# with gcc and with memscope-gcc; a run test is also run, both ways.  One
# line per test on standard output:
#   same LEVEL NAME                   as plain: built (with the same
#                                     diagnostics), ran (same exit status
#                                     and output), and memscope reads its
#                                     report, whose root context is main
#   skip LEVEL NAME REASON            the plain build or run fails
#   diff LEVEL NAME DETAIL            memscope changed something
# The plain results are kept in CACHEDIR, keyed by gcc, the flags and the
# sources' paths and text: they do not change between runs.  The folder of
# a test that differs is left in WORKDIR.
# Environment: MEMSCOPE_PLUGIN, MEMSCOPE_LIBDIR, real_msgcc (the wrapper),
# torture_cli (the memscope command), torture_gcc (gcc --version's line).

work=$1
cache=$2
plan=$3
tab=$(printf '\t')
plain_cc_timeout=120
ms_cc_timeout=600
plain_run_timeout=${MEMSCOPE_TORTURE_TIMEOUT:-20}
ms_run_timeout=$((plain_run_timeout * 6))

# The plugin's documented diagnostics, which plain gcc cannot print.
documented="note: memscope: instrumented|code compiled with .-flto. is generated at link time"
# The driver's temporary files have new names each time, and the linker's
# warnings give code offsets, which the instrumentation's own instructions
# move ("f.c:(.text.startup+0xb): warning: the use of `tmpnam'...").
tmpnames='s|/tmp/cc[A-Za-z0-9]\{6\}\.\([a-z]*\)|/tmp/ccXXXXXX.\1|g
s|:(\(\.text[.a-zA-Z0-9_]*\)+0x[0-9a-f]*):|:(\1+0x?):|g'

build() { # compiler output-base -> status; output in OUTPUT-BASE.cc
  log=$2.cc
  case $action in
    compile) set -- "$1" -S -o "$2.s" ;;
    assemble) set -- "$1" -c -o "$2.o" ;;
    *) set -- "$1" -o "$2" ;;
  esac
  libs=
  [ "$action" = run ] || [ "$action" = link ] && libs=-lm
  set -f
  # shellcheck disable=SC2086
  timeout "$t" "$@" $flags $srcs $libs >"$log" 2>&1
  b=$?
  set +f
  return $b
}

run() { # program timeout -> status; output in PROGRAM.out
  timeout "$2" "./$1" >"$1.out" 2>&1 </dev/null
}

one() {
  dir=$work/$level/$name
  rm -rf "$dir"
  mkdir -p "$dir"
  cd "$dir" || return
  key=$( { echo "$torture_gcc $action $flags $srcs"
           # shellcheck disable=SC2086
           cat $srcs; } | sha256sum | cut -c1-32)
  p=$cache/$key
  if [ ! -f "$p/done" ]; then
    # Another run may share the cache: each writes its own folder, and the
    # first to rename it into place wins.
    new=$p.new.$$
    rm -rf "$new"
    mkdir -p "$new"
    t=$plain_cc_timeout
    build gcc p
    echo $? >"$new/cc.status"
    cp p.cc "$new/cc.out"
    if [ "$action" = run ] && [ "$(cat "$new/cc.status")" = 0 ]; then
      run p "$plain_run_timeout"
      echo $? >"$new/run.status"
      cp p.out "$new/run.out"
    fi
    touch "$new/done"
    [ -f "$p/done" ] || rm -rf "$p"
    mv -T "$new" "$p" 2>/dev/null || rm -rf "$new"
  fi
  st=$(cat "$p/cc.status")
  case $st in
    0) ;;
    124) echo "skip $level $name plain build timed out"; return ;;
    *) echo "skip $level $name plain build fails"; return ;;
  esac
  if [ "$action" = run ]; then
    st=$(cat "$p/run.status")
    case $st in
      0) ;;
      124) echo "skip $level $name plain run timed out"; return ;;
      *) echo "skip $level $name plain run exits with $st"; return ;;
    esac
  fi

  t=$ms_cc_timeout
  build "$real_msgcc" m
  st=$?
  if [ "$st" != 0 ]; then
    if grep -q 'internal compiler error' m.cc; then
      echo "diff $level $name memscope-gcc ICE: $(grep -m1 'internal compiler error' m.cc)"
    elif [ "$st" = 124 ]; then
      echo "diff $level $name memscope-gcc timed out ($t s)"
    else
      echo "diff $level $name memscope-gcc fails (exit $st): $(grep -m1 -E 'error|undefined' m.cc)"
    fi
    return
  fi
  grep -v -E "$documented" m.cc | sed "$tmpnames" >m.diag
  sed "$tmpnames" "$p/cc.out" >p.diag
  if ! cmp -s m.diag p.diag; then
    echo "diff $level $name diagnostics differ: $(diff p.diag m.diag | grep -m1 '^[<>]')"
    return
  fi
  if [ "$action" != run ]; then
    echo "same $level $name"
    cd "$work" && rm -rf "$dir"
    return
  fi

  MEMSCOPE_OPTIONS=output=$dir/r.%p.json run m "$ms_run_timeout"
  st=$?
  if [ "$st" != 0 ]; then
    echo "diff $level $name exit status $st, plain 0"
    return
  fi
  if ! cmp -s m.out "$p/run.out"; then
    # A program whose output differs from run to run plain is no test.
    t=$plain_cc_timeout
    build gcc p2 && run p2 "$plain_run_timeout"
    if ! cmp -s p2.out "$p/run.out"; then
      echo "skip $level $name plain output varies between runs"
      return
    fi
    # Nor one that prints what it reads from memory malloc gave it and it
    # never wrote (execute/941014-2): the runtime's own allocations before
    # main leave other bytes there, as MALLOC_PERTURB_ does.
    mv p2.out p2.out.0
    MALLOC_PERTURB_=165 timeout "$plain_run_timeout" ./p2 >p2.out 2>&1 </dev/null
    if ! cmp -s p2.out "$p/run.out"; then
      echo "skip $level $name plain output depends on uninitialised heap memory (MALLOC_PERTURB_)"
      return
    fi
    echo "diff $level $name output differs: $(diff "$p/run.out" m.out | grep -m1 '^[<>]')"
    return
  fi
  n=0
  main=0
  for r in r.*.json; do
    [ -f "$r" ] || continue
    n=$((n + 1))
    if ! "$torture_cli" tree --json --depth=1 "$r" >"$r.tree" 2>&1; then
      echo "diff $level $name memscope cannot read $r: $(head -n 1 "$r.tree")"
      return
    fi
    jq -e 'any(.[]; .depth == 0 and .function == "main")' "$r.tree" >/dev/null && main=1
  done
  # A main declared no_instrument_function (execute/eeprof-1) is no
  # context: what it calls is a root.
  # shellcheck disable=SC2086
  grep -q 'no_instrument_function' $srcs && main=1
  if [ "$n" = 0 ]; then
    echo "diff $level $name wrote no report"
  elif [ "$main" = 0 ]; then
    echo "diff $level $name report without main as a root context: $(jq -r -c '[.[] | select(.depth == 0) | .function]' r.*.json.tree | head -n 1)"
  else
    echo "same $level $name"
    cd "$work" && rm -rf "$dir"
  fi
}

while IFS=$tab read -r level name action flags srcs; do
  srcs=$(echo "$srcs" | tr '\t' ' ')
  one
done <"$plan"

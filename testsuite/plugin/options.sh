#!/bin/sh
# testsuite/plugin/options.sh: every -fplugin-arg-memscope-* argument, its
# effect, its error messages (exact text) and the help text.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

cp "$inputs/options-1.h" "$work/"
arg=-fplugin-arg-memscope

# variant NAME EXPECTED-SCOPES EXPECTED-VARIABLES PLUGIN-ARGS...: build
# options-1.c with the arguments at -O0 and -O2; check which scopes and
# variables (name:tracked) the report lists.
variant ()
{
  name=$1 scopes=$2 vars=$3
  shift 3
  for opt in -O0 -O2; do
    exe=options-$name$opt
    compile $exe options-1.c $opt "$@" && run_report $exe || continue
    same_output $exe "3 2 4 9" 0
    check $exe.json "$name: scopes" '[R.scopes[] | .name] | sort' "$scopes"
    check $exe.json "$name: variables" \
      '[R.variables[] | "\(sname(.scope)).\(.name):\(.tracked)"] | sort' "$vars"
  done
}

variant default \
  '["from_header","keep","main","skip_me","{block@11}"]' \
  '["from_header.h:true","from_header.n:false","keep.arr:true","keep.n:false","main.scalar:false","skip_me.arr:true","skip_me.n:false","{block@11}.blk:true"]'
variant exclude-function \
  '["from_header","keep","main","{block@11}"]' \
  '["from_header.h:true","from_header.n:false","keep.arr:true","keep.n:false","main.scalar:false","{block@11}.blk:true"]' \
  $arg-exclude-function=skip,no_such_function
variant exclude-file \
  '["keep","main","skip_me","{block@11}"]' \
  '["keep.arr:true","keep.n:false","main.scalar:false","skip_me.arr:true","skip_me.n:false","{block@11}.blk:true"]' \
  $arg-exclude-file=options-1.h
variant vars-none \
  '["from_header","keep","main","skip_me"]' '[]' \
  $arg-vars=none
# vars=all is accepted and means what addressable means: counting a local
# the source keeps in a register would mean keeping it in memory, that is
# changing the code plain gcc generates.  n and scalar stay untracked.
variant vars-all \
  '["from_header","keep","main","skip_me","{block@11}"]' \
  '["from_header.h:true","from_header.n:false","keep.arr:true","keep.n:false","main.scalar:false","skip_me.arr:true","skip_me.n:false","{block@11}.blk:true"]' \
  $arg-vars=all
variant blocks-no \
  '["from_header","keep","main","skip_me"]' \
  '["from_header.h:true","from_header.n:false","keep.arr:true","keep.blk:true","keep.n:false","main.scalar:false","skip_me.arr:true","skip_me.n:false"]' \
  $arg-blocks=no
variant params-no \
  '["from_header","keep","main","skip_me","{block@11}"]' \
  '["from_header.h:true","keep.arr:true","main.scalar:false","skip_me.arr:true","{block@11}.blk:true"]' \
  $arg-params=no
# disable: nothing instrumented, not a single reference to the runtime.
for opt in -O0 -O2; do
  exe=options-disable$opt
  compile $exe options-1.c $opt $arg-disable || continue
  (cd "$work" && ./$exe >$exe.out 2>&1)
  status=$?
  same_output $exe "3 2 4 9" 0
  if nm "$work/$exe" | grep -q __memscope_; then
    tap_result 1 "disable$opt: no call into the runtime"
    diag "$(nm "$work/$exe" | grep __memscope_)"
  else
    tap_result 0 "disable$opt: no call into the runtime"
  fi
done

# verbose: one note per instrumented function.  keep: its body and the
# block, each with an enter and an exit (4 calls); arr, blk and n described.
if (cd "$work" && $CC -fplugin="$plugin" $arg-verbose -c options-1.c -o verbose.o) >"$work/verbose.log" 2>&1 \
   && grep -q "note: memscope: instrumented 'keep': 2 scopes (2 with enter and exit), 3 variables, 4 calls$" "$work/verbose.log" \
   && [ "$(grep -c 'note: memscope: instrumented' "$work/verbose.log")" = 4 ]; then
  tap_result 0 "verbose: a note per instrumented function"
else
  tap_result 1 "verbose: a note per instrumented function"
  diag "$(cat "$work/verbose.log")"
fi

# help prints the table, which is also the Options: list atop plugin.cc.
(cd "$work" && $CC -fplugin="$plugin" $arg-help -c options-1.c -o help.o) >"$work/help.out" 2>&1
sed -n '/^ \* Usage:/,/^ \*   help /p' "$top_srcdir/plugin/plugin.cc" | sed 's/^ \* \{0,1\}//' >"$work/help.expected"
if cmp -s "$work/help.out" "$work/help.expected"; then
  tap_result 0 "help: the same list as plugin.cc's header"
else
  tap_result 1 "help: the same list as plugin.cc's header"
  diag "$(diff "$work/help.expected" "$work/help.out")"
fi

# bad_argument ARGUMENT EXPECTED-MESSAGE: the compiler fails with exactly
# this error (after GCC's own "failed to initialize plugin").
bad_argument ()
{
  (cd "$work" && $CC -fplugin="$plugin" "$1" -c options-1.c -o bad.o) >"$work/bad.log" 2>&1
  rc=$?
  expected="cc1: error: $2
cc1: error: failed to initialize plugin $plugin"
  if [ $rc -ne 0 ] && [ "$(cat "$work/bad.log")" = "$expected" ] && [ ! -e "$work/bad.o" ]; then
    tap_result 0 "error for $1"
  else
    tap_result 1 "error for $1"
    diag "exit status $rc; expected:" "$expected" "got:" "$(cat "$work/bad.log")"
  fi
}

bad_argument $arg-frobnicate \
  "unknown option '$arg-frobnicate'; valid keys: 'disable', 'verbose', 'vars', 'blocks', 'params', 'tls', 'exclude-function', 'exclude-file', 'help'"
bad_argument $arg-vars=sometimes \
  "'$arg-vars=sometimes': expected 'none', 'addressable' or 'all'"
bad_argument $arg-vars \
  "'$arg-vars': expected 'none', 'addressable' or 'all'"
bad_argument $arg-blocks=maybe \
  "'$arg-blocks=maybe': expected 'yes' or 'no'"
bad_argument $arg-params=1 \
  "'$arg-params=1': expected 'yes' or 'no'"
bad_argument $arg-tls=global-dynamic \
  "'$arg-tls=global-dynamic': expected 'auto' or 'initial-exec'"
bad_argument $arg-disable=yes \
  "'$arg-disable=yes': 'disable' takes no value"
bad_argument $arg-verbose=1 \
  "'$arg-verbose=1': 'verbose' takes no value"
bad_argument $arg-help=all \
  "'$arg-help=all': 'help' takes no value"
bad_argument $arg-exclude-function \
  "'$arg-exclude-function': expected a non-empty list, as in 'exclude-function=NAME,...'"
bad_argument $arg-exclude-file=, \
  "'$arg-exclude-file=,': expected a non-empty list, as in 'exclude-file=SUBSTRING,...'"

done_testing

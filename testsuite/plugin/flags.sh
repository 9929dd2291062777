#!/bin/sh
# testsuite/plugin/flags.sh: the instrumented program prints the same
# output and exits with the same status as the plain build, under the
# optimisation, code-generation and instrumentation flags users combine
# with the plugin; C99 inline and extern inline definitions still link.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

cp "$inputs/inline-1.h" "$inputs/inline-2.c" "$work/"
(cd "$work" && cp "$inputs/inline-1.c" . && $CC -O2 inline-1.c inline-2.c -o plain) >"$work/plain.log" 2>&1
(cd "$work" && ./plain a b >plain.out)
plain_status=$?
plain_out=$(cat "$work/plain.out")
if [ "$plain_status" = 5 ]; then tap_result 0 "plain build: exit status 5"; else tap_result 1 "plain build: exit status $plain_status"; fi

n=0
for flags in "-O0" "-O1" "-O2" "-O3" "-Os" "-O2 -g" "-O2 -fPIE -pie" "-O2 -fPIC" \
             "-O2 -flto" "-O2 -fexceptions" "-O2 -D_FORTIFY_SOURCE=2" \
             "-O1 -fsanitize=address -fno-omit-frame-pointer" "-std=c99 -O2" "-std=gnu11 -O3 -g"; do
  n=$((n + 1))
  exe=inline-$n
  # With -flto, cc1 generates no code: the plugin says so, and the program
  # (compiled at link time, without memscope) runs as it does plain.  The
  # plugin is on the link line too: lto1 loads it and does nothing.
  case $flags in
    *-flto*)
      if compile $exe inline-1.c $flags inline-2.c; then
        if grep -q "code compiled with '-flto' is generated at link time, where memscope does not instrument it" "$work/$exe.log"; then
          tap_result 0 "$flags: the plugin says it cannot instrument it"
        else
          tap_result 1 "$flags: the plugin says it cannot instrument it"
          diag "$(cat "$work/$exe.log")"
        fi
        (cd "$work" && MEMSCOPE_OPTIONS="output=$work/$exe.json" "./$exe" a b >"$work/$exe.out" 2>&1)
        status=$?
        same_output $exe "$plain_out" 5
      fi
      continue ;;
  esac
  if compile $exe inline-1.c $flags inline-2.c; then
    run_report $exe a b || continue
    same_output $exe "$plain_out" 5
    check $exe.json "$flags: balanced" '[R.threads[] | .open_scopes, .unmatched_exits]' '[0,0]'
    check $exe.json "$flags: scopes" '[R.scopes[] | [.name, .entries]] | sort' \
      '[["c99_inline",1],["gnu_extern_inline",1],["main",1],["other",1],["static_inline",1],["static_inline",1]]'
  fi
done

done_testing

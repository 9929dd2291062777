#!/bin/sh
# testsuite/plugin/control.sh: jumps into blocks, setjmp/longjmp, threads,
# exceptions (C with -fexceptions and C++), nested functions.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

balanced='[R.scopes[] | select(.is_active)] + [R.contexts[] | select(.is_active)] + [R.threads[] | select(.open_scopes != 0 or .unmatched_exits != 0)] | length'

for opt in -O0 -O2; do
  exe=jumps-1$opt
  if compile $exe jumps-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "5 3 -1 2 1 17 7" 0
    check $j "balanced: no open scope, no unmatched exit" "$balanced" '0'
    check $j "switch body declaring before the first case: folded into sw" \
      '[var("sw"; "tmp") | .tracked, .instances]' '[true,3]'
    check $j "a block inside a case keeps its own scope" \
      '[scope("{block@19}") | .entries, sname(.parent)]' '[1,"sw"]'
    check $j "goto into a block: folded into into()" \
      '[var("into"; "buf") | .tracked, .instances]' '[true,2]'
    check $j "computed goto target block folded, the other block kept" \
      '[var("computed"; "q").instances, scope("{block@59}").entries]' '[2,2]'
    check $j "only the expected scopes" \
      '[R.scopes[] | .name] | sort' '["computed","into","main","sw","{block@19}","{block@59}"]'
  fi

  exe=setjmp-1$opt
  if compile $exe setjmp-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "1 1" 0
    check $j "longjmp across 7 frames, twice: balanced" "$balanced" '0'
    check $j "entries" '[scope("dive").entries, scope("catcher").entries, scope("{block@35}").entries]' '[14,2,2]'
    check $j "frames registered once per entry" '[var("dive"; "frame").instances, var("{block@35}"; "deep").instances]' '[14,2]'
    check $j "after the longjmp came back, a call is the catcher's child" \
      '[R.contexts[] | select(.scope == sid("after")) | [sname(ctx(.parent).scope), .entries, .peak_memory]]' '[["catcher",2,64]]'
    check $j "the frames the longjmp left are closed: the stack peak is the dive's" \
      '[(R.threads[] | .stack_bytes_peak), ctx(1).peak_memory]' '[256,256]'
  fi

  exe=setjmp-2$opt
  if compile $exe setjmp-2.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "3 7" 0
    check $j "setjmp, sigsetjmp and vfork: balanced" "$balanced" '0'
    check $j "leave entered twice, closed by the resyncs" '[scope("leave").entries, ctx(1).peak_memory]' '[2,28]'
    is "$(objdump -d "$work/$exe" | grep -c 'call.*__memscope_tramp_resync')" 2 \
      "$exe: a resync after setjmp and after sigsetjmp, none after vfork"
  fi

  exe=threads-1$opt
  if compile $exe threads-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "1450" 0
    check $j "five threads, each balanced" "[R.threads | length, ($balanced)]" '[5,0]'
    check $j "per-thread scope entries" '[R.threads[] | .scopes_entered] | sort' '[5,12,22,32,42]'
    check $j "per-thread registrations" '[R.threads[] | .variables_registered] | sort' '[5,10,20,30,40]'
    check $j "totals over threads" '[scope("work").entries, scope("{block@12}").entries, var("{block@12}"; "scratch").instances]' '[4,100,100]'
  fi

  exe=exceptions$opt
  if compile $exe exceptions-2.cc $opt -fexceptions -x c "$inputs/exceptions-1.c" -x none \
     && run_report $exe; then
    j=$exe.json
    same_output $exe "92 8" 0
    check $j "exceptions through C++ and C frames: balanced" "$balanced" '0'
    check $j "C scopes entered and left by unwinding" '[scope("c_layer").entries, var("c_layer"; "frame").instances, (R.scopes[] | select(.function == "c_layer" and .kind == "block") | .entries)]' '[8,8,6]'
    check $j "C++ scopes: recursion, destructor calls inside scopes" \
      '[scope("int cxx_layer(int)").entries, scope("Guard::~Guard()").entries, scope("Guard::Guard()").entries]' '[6,8,8]'
    check $j "C++ variables" \
      '[var("int cxx_layer(int)"; "g"), var("int cxx_layer(int)"; "local"), var("void thrower(int)"; "g")] | map([.type, .size, .instances])' \
      '[["Guard",16,6],["int[2]",8,6],["Guard",16,2]]'
    check $j "a catch handler variable gets its block scope" \
      '[R.scopes[] | select(.kind == "block" and .function == "int main()") | [.entries, sname(.parent)]]' '[[2,"int main()"]]'
  fi

  exe=nested-1$opt
  if compile $exe nested-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "12" 0
    check $j "nested function: own scope, own variables" \
      '[scope("add").entries, var("add"; "scratch").instances, var("add"; "v").tracked]' '[3,3,false]'
    check $j "captured locals registered in the parent's frame" \
      '[var("outer"; "acc"), var("outer"; "bias")] | map([.tracked, .instances, .size])' '[[true,1,8],[true,1,4]]'
  fi
done
done_testing

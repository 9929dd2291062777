#!/bin/sh
# testsuite/plugin/scopes.sh: scope entries, nesting and contexts.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

for opt in -O0 -O2; do
  exe=scopes-1$opt
  compile $exe scopes-1.c $opt || continue
  run_report $exe || continue
  same_output $exe "6 0 2 4
2" 0
  j=$exe.json
  check $j "function scopes" \
    '[.scopes[] | select(.kind == "function") | [.name, .entries, .depth, .parent]] | sort' \
    '[["depth_first",4,0,null],["early",3,0,null],["loops",1,0,null],["main",1,0,null]]'
  check $j "block scopes: name, function, entries, depth, parent" \
    '[.scopes[] | select(.kind == "block") | [.name, .function, .line, .entries, .depth, sname(.parent)]] | sort' \
    '[["{block@22}","early",22,2,1,"early"],["{block@36}","loops",36,4,1,"loops"],["{block@45}","loops",45,1,1,"loops"]]'
  check $j "recursion: one context, folded, entered 4 times" \
    '[.contexts[] | select(.scope == sid("depth_first")) | [.entries, .folded]]' \
    '[[4,true]]'
  check $j "early: block context below early's" \
    '[.contexts[] | select(.scope == sid("{block@22}")) | sname(ctx(.parent).scope)]' \
    '["early"]'
  check $j "every scope exited: nothing active" \
    '[.scopes[] | select(.is_active)] | length' '0'
  check $j "thread totals" \
    '.threads[0] | [.scopes_entered, .variables_registered]' '[16,14]'
  check $j "instances: one per entry of the variable's scope" \
    '[var("depth_first"; "pad").instances, var("early"; "buf").instances, var("{block@22}"; "inner").instances, var("{block@36}"; "cell").instances, var("{block@45}"; "out").instances]' \
    '[4,3,2,4,1]'
  check $j "register-only locals described, not tracked" \
    '[var("loops"; "total"), var("loops"; "i"), var("early"; "x")] | map([.kind, .tracked, .instances])' \
    '[["local",false,0],["local",false,0],["param",false,0]]'
done

# A call made before an inlined function's body stays in its caller's
# context: the constant the body passes on ("LEVEL", loaded in the prologue
# at -O2 and above, above the call) does not enter the body.
for opt in -O1 -O2 -O3 -Os; do
  exe=inline-3$opt
  compile $exe inline-3.c $opt || continue
  run_report $exe || continue
  same_output $exe "3 1" 0
  check $exe.json "create_prefs and the inlined init_level, each in main's context" \
    '[.contexts[] | select(.scope == sid("create_prefs") or .scope == sid("init_level"))
      | [sname(.scope), sname(ctx(.parent).scope)]] | sort' \
    '[["create_prefs","main"],["init_level","main"]]'
  check $exe.json "create_prefs' block is its context's" \
    '[.contexts[] | select(.scope == sid("create_prefs")) | .heap_allocations]' '[1]'
done

# Mutual recursion in tail position, inlined both ways: at -O2 a loop whose
# header was the function's first instruction re-entered the function on
# each round, and its exits did not match (libxml2's xmllint --schema: one
# unmatched exit a run).
for opt in -O0 -O1 -O2 -O3; do
  exe=inline-4$opt
  compile $exe inline-4.c $opt || continue
  run_report $exe || continue
  same_output $exe "1 1" 0
  check $exe.json "balanced: no unmatched exit, no lost event, nothing left open" \
    '[.threads[0] | .unmatched_exits, .lost_events, ([R.scopes[] | select(.is_active)] | length)]' '[0,0,0]'
done
check inline-4-O0.json "-O0: main, 4 set_parser, 2 set_valid" '.threads[0].scopes_entered' '7'

# The caller's calls after an inlined function (malloc, printf) stay the
# caller's when one of the inlined body's instructions is scheduled past
# them: main's 3 blocks and stdout's buffer in main's context, none in
# step's.
for opt in -O0 -O2 -O3; do
  exe=inline-5$opt
  compile $exe inline-5.c $opt || continue
  run_report $exe || continue
  same_output $exe "1
2
4" 0
  check $exe.json "main's blocks in main's context, none in step's" \
    '[(.contexts[] | select(.scope == sid("main")) | .heap_allocations),
      ([.contexts[] | select(.scope == sid("step")) | .heap_allocations] | add)]' '[4,0]'
done
check inline-5-O0.json "-O0: step entered 8 times" 'scope("step").entries' '8'

# A function whose first block is a loop's header (at -O1 and above, last's
# walk down the list) is entered on the edge from its entry, once a call:
# 3 calls of last, not one for each of the 147 nodes its loops visit (as
# when the enter went before the header's first instruction).
for opt in -O0 -O1 -O2 -O3 -Os; do
  exe=inline-6$opt
  compile $exe inline-6.c $opt || continue
  run_report $exe || continue
  same_output $exe "245" 0
  check $exe.json "entries: main 1, walk 2, last 3 (not one a node), step 58" \
    '[.scopes[] | select(.kind == "function") | [.name, .entries]] | sort' \
    '[["last",3],["main",1],["step",58],["walk",2]]'
  check $exe.json "balanced: no unmatched exit, no lost event" \
    '[.threads[0] | .unmatched_exits, .lost_events]' '[0,0]'
done

# A recursion through two functions, folded onto the first, with 400 bytes
# a level: 2,800 live at most, and no context above that (each round of
# the peaks' settling added the cycle's bytes again: main showed 5,600).
for opt in -O0 -O2; do
  exe=peaks-1$opt
  compile $exe peaks-1.c $opt || continue
  run_report $exe || continue
  same_output $exe "14" 0
  check $exe.json "the thread's peak, and main's, resolve's and the block's" \
    '[.threads[0].stack_bytes_peak, (.contexts[] | select(.scope == sid("main") or .scope == sid("resolve")
      or (.scope as $s | R.scopes[] | select(.id == $s and .kind == "block")) ) | .peak_memory)]' '[2800,2800,2800,2800]'
  check $exe.json "list_resolve's between its deepest instance's and the thread's" \
    '[.contexts[] | select(.scope == sid("list_resolve")) | .peak_memory | . >= 2400 and . <= 2800]' '[true]'
done
done_testing

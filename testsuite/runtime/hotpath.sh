#!/bin/sh
# hotpath.sh: the instrumentation entry points, driven by hand-made
# descriptors (testsuite/runtime/scenario.c), checked in the JSON report.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
scenario=$top_builddir/testsuite/runtime/scenario

ctx='[.contexts[]|[.id,.scope,.parent,.entries,.direct_bytes,.peak_memory,.folded,.is_active]]'
thr='[.threads[]|[.id,.scopes_entered,.variables_registered,.stack_bytes_peak,.peak_context,.open_scopes,.unmatched_exits,.lost_events]]'
vars='[.variables[]|[.id,.name,.type,.size,.kind,.scope,.tracked,.instances,.live]]'

# main { buf[64]; { p } { p } }; leaf is entered by a constructor and a destructor.
run_program nesting "" "$scenario" nesting
is "$status" 0 "nesting: exit status"
is "$(cat $tap_tmp/nesting.err)" "" "nesting: nothing on stderr by default"
jq_is $r '[.scopes[]|[.id,.kind,.name,.function,.parent,.depth,.entries,.variables,.frame_bytes,.peak_memory,.is_active]]' \
  '[[1,"function","main","main",null,0,1,[1,2,3],72,80,false],[2,"function","leaf","leaf",null,0,2,[],0,0,false],[3,"block","{block@30}","main",1,1,2,[4],16,16,false]]' \
  "nesting: scope sites"
jq_is $r "$vars" \
  '[[1,"argc","int",4,"param",1,false,0,0],[2,"buf","char[64]",64,"local",1,true,1,0],[3,"n","int",4,"local",1,false,0,0],[4,"p","struct point",16,"local",3,true,2,0]]' \
  "nesting: variable sites, untracked ones listed"
jq_is $r "$ctx" '[[1,1,null,1,64,80,false,false],[2,2,null,2,0,0,false,false],[3,3,1,2,16,16,false,false]]' \
  "nesting: contexts"
jq_is $r "$thr" '[[1,5,3,80,3,0,0,0]]' "nesting: thread totals and peak context"

# rec() recursing 5 deep under main: folded onto one context.
run_program recursion "" "$scenario" recursion
jq_is $r "$ctx" '[[1,1,null,1,64,184,false,false],[2,2,null,2,0,0,false,false],[3,3,1,5,24,120,true,false],[4,2,3,1,0,0,false,false]]' \
  "recursion: folded onto the first occurrence, peak over all levels"
jq_is $r '[.variables[]|select(.name=="frame")|.instances]' '[5]' "recursion: 5 instances of frame"

# VLAs of 100 bytes three deep, then one of 7 bytes.
run_program vla "" "$scenario" vla
jq_is $r "$ctx" '[[1,1,null,1,64,436,false,false],[2,2,null,2,0,0,false,false],[3,3,1,4,124,372,true,false],[4,2,3,2,0,0,false,false]]' \
  "vla: run-time sizes in direct and peak bytes"
jq_is $r '[.variables[]|select(.kind=="vla")|[.name,.type,.instances]]' '[["tmp","char[*]",4]]' "vla: instances"

# A scope whose descriptor says its code names its first two variables:
# statistics for those; a registration of the third is dropped and counted.
run_program named "" "$scenario" named
jq_is $r '[.variables[]|select(.scope==3)|[.name,.instances]]' \
  '[["r",0],["tmp",3],["late",0]]' "named: the named VLA registered 3 times, the other never"
jq_is $r "$thr" '[[1,6,4,104,3,0,0,3]]' "named: the 3 registrations past the named variables are lost events"
jq_is $r "$ctx" '[[1,1,null,1,64,104,false,false],[2,2,null,2,0,0,false,false],[3,3,1,3,40,40,false,false]]' \
  "named: 40 bytes direct each time"

# alloca(100) from a block lives until its function returns.
run_program alloca "" "$scenario" alloca
jq_is $r "$ctx" '[[1,1,null,1,64,180,false,false],[2,2,null,2,0,0,false,false],[3,3,1,1,100,116,false,false],[4,4,3,2,16,16,false,false]]' \
  "alloca: attached to the function, outlives the block"

# exit of a scope never entered, exit skipping an open block, exit before init.
run_program unbalanced "" "$scenario" unbalanced
jq_is $r "$thr" '[[1,4,0,0,null,0,2,0]]' "unbalanced: two unmatched exits counted, nothing left open"
jq_is $r "$ctx" '[[1,1,null,1,0,0,false,false],[2,2,null,2,0,0,false,false],[3,3,1,1,0,0,false,false]]' \
  "unbalanced: contexts"

# longjmp out of 6 frames, then resync; then the same without resync.
run_program longjmp "" "$scenario" longjmp
jq_is $r "$thr" '[[1,10,7,208,4,0,0,0]]' "longjmp: resync pops the skipped frames"
jq_is $r "$ctx" '[[1,1,null,1,64,208,false,false],[2,2,null,2,0,0,false,false],[3,2,1,1,0,0,false,false],[4,3,1,6,24,144,true,false]]' \
  "longjmp: leaf after resync is a child of main"
run_program longjmp-noresync "" "$scenario" longjmp-noresync
jq_is $r "$ctx" '[[1,1,null,1,64,208,false,false],[2,2,null,2,0,0,false,false],[3,3,1,6,24,144,true,false],[4,2,3,1,0,0,false,false]]' \
  "longjmp without resync: the next enter pops the dead frames by stack pointer"
jq_is $r "$thr" '[[1,10,7,208,3,0,0,0]]' "longjmp without resync: balanced at exit"

# A descriptor of another ABI version is dropped, its exit still matched.
run_program bad-abi "" "$scenario" bad-abi
# Two lost events: the enter of the site of another ABI, and leaf's enter
# inside that dropped instance (every dropped enter counts).
jq_is $r "$thr" '[[1,3,1,64,1,0,0,2]]' "bad ABI: two lost events, balanced"
jq_is $r '[.scopes[]|.name]' '["main","leaf"]' "bad ABI: its site is not reported"

# 4 threads x 1000 rounds of worker { slot[8]; leaf() }.
run_program threads "" "$scenario" threads 1000
jq_is $r "$thr" '[[1,3,1,64,3,0,0,0],[2,2000,1000,32,1,0,0,0],[3,2000,1000,32,1,0,0,0],[4,2000,1000,32,1,0,0,0],[5,2000,1000,32,1,0,0,0]]' \
  "threads: per-thread totals"
jq_is $r '[.threads[]|.is_active]' '[true,false,false,false,false]' "threads: ended threads are inactive"
jq_is $r "$ctx" '[[1,1,null,4000,32,32,false,false],[2,2,1,4000,0,0,false,false],[3,3,null,1,64,64,false,false],[4,2,null,2,0,0,false,false]]' \
  "threads: contexts merged across threads"
jq_is $r '[.threads[]|.tid]|unique|length' 5 "threads: distinct OS thread ids"
jq_is $r '[.contexts[]|[.id,.threads]]' '[[1,[2,3,4,5]],[2,[2,3,4,5]],[3,[1]],[4,[1]]]' "threads: which threads entered each context"

# 100,000 frames deep: the tree stays bounded.
run_program deep "" "$scenario" deep 100000
jq_is $r "$ctx" '[[1,1,null,1,64,2400064,false,false],[2,2,null,2,0,0,false,false],[3,3,1,100000,24,2400000,true,false],[4,2,3,1,0,0,false,false]]' \
  "deep recursion: 4 contexts for 100000 frames"

done_testing

#!/bin/sh
# testsuite/plugin/heapvar.sh: __memscope_heap_owner after every allocator
# call whose result lands in a described pointer local or parameter, and
# nowhere else; programs keep their output and exit status; the report
# credits each variable with the blocks it received and the leaks it holds.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

# The owner calls the plugin places, one per allocator call site whose
# result lands in a described pointer, as "function.variable@line": the
# function whose scope describes the variable (an inlined copy keeps its
# callee's name), so the list is the same at every optimisation level as
# long as the optimizer keeps every allocation (KEEP in heapvar-1.c) and
# copies no function twice.
owners='all_allocators.c@108 all_allocators.d@109 all_allocators.e@110 all_allocators.f@111 all_allocators.g@112 all_allocators.h@113 all_allocators.i@114 all_allocators.j@115 all_allocators.k@116 blocks.inner@142 blocks.p@135 captured.p@156 chain.q@98 choose.p@88 choose.p@88 grow.buf@57 grow.buf@57 make_node.q@78 overflow.p@169 param_dup.s@67'

# What the recorder (heapvar-2.c) prints, in execution order: variable,
# its type, its declaration, whether a block was passed.
calls='heap_owner q (struct node *) heapvar-1.c:78 block
heap_owner buf (char *) heapvar-1.c:57 block
heap_owner buf (char *) heapvar-1.c:57 block
heap_owner s (char *) heapvar-1.c:67 block param
heap_owner p (char *) heapvar-1.c:88 block
heap_owner p (char *) heapvar-1.c:88 block
heap_owner q (char *) heapvar-1.c:98 block
heap_owner c (char *) heapvar-1.c:108 block
heap_owner d (char *) heapvar-1.c:109 block
heap_owner e (void *) heapvar-1.c:110 block
heap_owner f (void *) heapvar-1.c:111 block
heap_owner g (void *) heapvar-1.c:112 block
heap_owner h (void *) heapvar-1.c:113 block
heap_owner i (int *) heapvar-1.c:114 block
heap_owner j (void *) heapvar-1.c:115 block
heap_owner k (void *) heapvar-1.c:116 block
heap_owner p (char *) heapvar-1.c:135 block
heap_owner inner (char *) heapvar-1.c:142 block
heap_owner p (char *) heapvar-1.c:156 block
heap_owner p (void *) heapvar-1.c:169 null'

# owner_calls FILE.s: the owner calls in the assembly, as in $owners.  An
# owner call is "lea .LMSV<n>+OFFSET(%rip),%r11" then
# "call *__memscope_tramp_owner@GOTPCREL(%rip)"; .LMSV<n> is a table of
# variable descriptors (48 bytes each: .quad name, type, file; .long line,
# flags; .quad size, offset), and the scope descriptor (.LMSS<m>) that
# points to it names the function (its first .quad).  Their references
# are relative (".LMSs4-.").
owner_calls ()
{
  awk '
    /^\.LMSs[0-9]+:/ { l = $1; sub (/:$/, "", l); v = $0; sub (/^[^"]*"/, "", v); sub (/"[^"]*$/, "", v); str[l] = v; next }
    /^\.LMSV[0-9]+:/ { tab = $1; sub (/:$/, "", tab); mode = "vars"; nv = 0; next }
    /^\.LMSS[0-9]+:/ { mode = "scope"; fn = ""; next }
    /^[^ \t]/ { mode = "" }
    mode == "vars" && $1 == ".quad" && NF == 4 { name[tab, nv] = $2; sub (/-\.,$/, "", name[tab, nv]); next }
    mode == "vars" && $1 == ".long" { l = $2; sub (/,$/, "", l); line[tab, nv++] = l; next }
    mode == "scope" && $1 == ".quad" && NF == 3 && fn == "" { fn = $2; sub (/-\.,$/, "", fn); next }
    mode == "scope" && $1 == ".quad" && NF == 2 && $2 ~ /^\.LMSV/ { v = $2; sub (/-\.$/, "", v); fn_of[v] = fn; next }
    $1 == "lea" && $2 ~ /^\.LMSV[0-9]+\+[0-9]+\(%rip\),%r11$/ { ref = $2; sub (/\(.*/, "", ref); next }
    $1 == "call" && $2 == "*__memscope_tramp_owner@GOTPCREL(%rip)" { calls[n++] = ref }
    END {
      for (i = 0; i < n; i++)
        {
          split (calls[i], a, "+");
          k = a[2] / 48;
          print str[fn_of[a[1]]] "." str[name[a[1], k]] "@" line[a[1], k];
        }
    }' "$1" | sort | tr '\n' ' ' | sed 's/ $//'
}

# tramp_counts FILE.s: "function=calls ..." of the calls to the runtime's
# trampolines in each function of the assembly (f.cold, f.part.0... count
# as f), functions without any left out.
tramp_counts ()
{
  awk '/^[A-Za-z_][A-Za-z0-9_.]*:/ { f = $1; sub (/[.:].*/, "", f) }
       $1 == "call" && $2 ~ /^\*__memscope_tramp_/ { n[f]++ }
       END { for (f in n) print f "=" n[f] }' "$1" | sort | tr '\n' ' ' | sed 's/ $//'
}

# note_counts LOG: the same, from the verbose notes ("..., C calls").
note_counts ()
{
  sed -n "s/.*note: memscope: instrumented '\([^']*\)':.*, \([0-9]*\) calls$/\1 \2/p" "$1" \
    | awk '$2 > 0 { n[$1] += $2 } END { for (f in n) print f "=" n[f] }' | sort | tr '\n' ' ' | sed 's/ $//'
}

cp "$inputs/heapvar-1.c" "$work/"
(cd "$work" && $CC -O2 heapvar-1.c -o plain && ./plain >plain.out)
plain_status=$?
plain_out=$(cat "$work/plain.out")
if [ "$plain_status" = 4 ] && [ "$plain_out" = 165 ]; then
  tap_result 0 "plain build: prints 165, exit status 4"
else
  tap_result 1 "plain build: prints 165, exit status 4"
  diag "got status $plain_status, output:" "$plain_out"
fi

n=0
for flags in "-O0" "-O2" "-O2 -fno-builtin" "-O2 -fplugin-arg-memscope-vars=all" "-O3 -g"; do
  n=$((n + 1))
  dir=$work/asm-$n
  mkdir -p "$dir"
  if (cd "$dir" && $CC -fchecking -fplugin="$plugin" -fplugin-arg-memscope-verbose \
        -I"$top_srcdir/include" $flags -S ../heapvar-1.c -o heapvar-1.s) \
       >"$dir/cc.log" 2>&1; then
    got=$(owner_calls "$dir/heapvar-1.s")
    if [ "$got" = "$owners" ]; then
      tap_result 0 "$flags: owner calls in the -S output, by variable"
    else
      tap_result 1 "$flags: owner calls in the -S output, by variable"
      diag "expected: $owners" "got:      $got"
    fi
    got=$(note_counts "$dir/cc.log")
    want=$(tramp_counts "$dir/heapvar-1.s")
    if [ -n "$want" ] && [ "$got" = "$want" ]; then
      tap_result 0 "$flags: verbose notes count the calls in the -S output"
    else
      tap_result 1 "$flags: verbose notes count the calls in the -S output"
      diag "in the -S output: $want" "in the notes:      $got"
    fi
  else
    tap_result 1 "$flags: compile to assembly"
    diag "$(cat "$dir/cc.log")"
  fi

  exe=heapvar-rec-$n
  # heapvar-2.c defines __memscope_heap_owner: it records each call and
  # takes the runtime's place.
  if compile $exe heapvar-1.c $flags "$inputs/heapvar-2.c"; then
    run_report $exe || continue
    same_output $exe "$plain_out" "$plain_status"
    got=$(grep '^heap_owner ' "$work/$exe.err")
    if [ "$got" = "$calls" ]; then
      tap_result 0 "$exe: each call names the receiving variable and passes the block"
    else
      tap_result 1 "$exe: each call names the receiving variable and passes the block"
      diag "expected:" "$calls" "got:" "$got"
    fi
  fi
done

# With the runtime: blocks and bytes each variable received, pointers that
# received none, and leaks held by variables at exit.
tied='[["all_allocators","c","char *",1,16],["all_allocators","d","char *",1,4],["all_allocators","e","void *",1,32],["all_allocators","f","void *",1,64],["all_allocators","g","void *",1,10],["all_allocators","i","int *",1,16],["all_allocators","j","void *",1,12],["all_allocators","k","void *",1,14],["blocks","p","char *",1,4],["captured","p","char *",1,2],["chain","q","char *",1,7],["choose","p","char *",2,8],["grow","buf","char *",2,14],["make_node","q","struct node *",1,16],["param_dup","s","char *",1,6],["{block@136}","inner","char *",1,3]]'
untied='[["chain","p"],["main","n"],["main","spare"],["not_tied","indirect"],["not_tied","off"],["not_tied","out"],["overflow","p"],["pool_free","p"]]'
for opt in -O0 -O2; do
  exe=heapvar-1$opt
  if compile $exe heapvar-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "$plain_out" "$plain_status"
    # h is pvalloc's: its size is the page size.
    check $j "blocks and bytes each variable received" \
      '[R.variables[] | select(.heap_blocks > 0 and .name != "h") | [sname(.scope), .name, .type, .heap_blocks, .heap_bytes]] | sort' "$tied"
    check $j "pvalloc: one page" \
      '[var("all_allocators"; "h") | .heap_blocks, .heap_bytes >= 4096]' '[1,true]'
    check $j "pointers that received nothing" \
      '[R.variables[] | select(.heap_blocks == 0 and (.type | endswith("*"))) | [sname(.scope), .name]] | sort' "$untied"
    check $j "everything freed: nothing owned at exit" \
      '[R.variables[] | select(.heap_owned_blocks != 0 or .heap_owned_bytes != 0)] | length' '0'
  fi

  exe=heapvar-3$opt
  if compile $exe heapvar-3.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "8" 0
    check $j "received, and still owned at exit" \
      '[R.variables[] | select(.heap_blocks > 0) | [sname(.scope), .name, .heap_blocks, .heap_bytes, .heap_owned_blocks, .heap_owned_bytes]]' \
      '[["leak_one","lost",2,200,2,200],["adopt","s",1,6,1,6],["grow","buf",3,1030,0,0],["build","q",3,48,3,48]]'
    # The report lists unreachable blocks first, in groups of their own;
    # whether a block is still pointed to from a stale stack slot (main's
    # dead `list`, leak_one's frame) depends on the code generated and on
    # what the stack held, so add each variable's groups up and compare by
    # size alone.
    check $j "live blocks held by variables, by size" \
      '[R.leaks[] | select(.variable != null) | .variable as $v | {k: [sname(.scope), (R.variables[] | select(.id == $v) | .name)], b: .blocks, y: .bytes}] | group_by(.k) | map(.[0].k + [(map(.b) | add), (map(.y) | add)]) | sort_by(-.[3])' \
      '[["leak_one","lost",2,200],["build","q",3,48],["adopt","s",1,6]]'
  fi
done

# A pointer that PHIs hand round in a cycle: it compiles, runs as plain,
# and the one block (8 bytes, freed) is no variable's.
for opt in -O0 -O2; do
  exe=heapvar-5$opt
  if compile $exe heapvar-5.c $opt && run_report $exe; then
    same_output $exe "" 0
    check $exe.json "the block is counted, and no variable received it" \
      '[([R.scopes[] | .heap_allocations // 0] | add), ([R.scopes[] | .heap_bytes // 0] | add), ([R.variables[] | select(.heap_blocks > 0)] | length)]' '[1,8,0]'
  fi
done

# Results of malloc functions that are no blocks of ours ((iconv_t) -1, a
# page after an unmapped one, the top of the address space): nothing is
# read below them, and the one real block still goes to its variable.
for opt in -O0 -O2; do
  exe=heapvar-6$opt
  if compile $exe heapvar-6.c $opt && run_report $exe; then
    same_output $exe "1 1 1 2" 0
    check $exe.json "only block received its block" \
      '[R.variables[] | select(.heap_blocks > 0) | [.name, .heap_blocks, .heap_bytes]]' '[["block",1,24]]'
  fi
done

# C++: operator new and new[] are malloc functions; a constructor call
# sits between new and the copy to k.
for opt in -O0 -O2; do
  exe=heapvar-4$opt
  if compile $exe heapvar-4.cc $opt && run_report $exe; then
    same_output $exe "6" 0
    check $exe.json "malloc, new[] and new tied to their pointers" \
      '[R.variables[] | select(.heap_blocks > 0) | [.name, .type, .heap_blocks, .heap_bytes, .heap_owned_blocks]]' \
      '[["p","char *",1,5,0],["q","int *",1,16,0],["k","Node *",1,16,0]]'
  fi
done

# Undescribed variables receive nothing: params=no drops the parameter's
# call and only it, vars=none every call (the functions are still
# instrumented).
default_owners=$(cd "$work/asm-2" && owner_calls heapvar-1.s)
for arg in params=no vars=none; do
  case $arg in
    params=no) want=$(echo "$default_owners" | sed 's/ param_dup\.s@67//') ;;
    vars=none) want= ;;
  esac
  if (cd "$work" && $CC -fplugin="$plugin" -fplugin-arg-memscope-$arg -O2 \
        -S heapvar-1.c -o $arg.s) >"$work/$arg.log" 2>&1 \
     && [ "$(owner_calls "$work/$arg.s")" = "$want" ] \
     && [ -n "$(tramp_counts "$work/$arg.s")" ] && [ -n "$default_owners" ]; then
    tap_result 0 "$arg: only described variables receive blocks"
  else
    tap_result 1 "$arg: only described variables receive blocks"
    diag "expected: $want" "got:      $(owner_calls "$work/$arg.s")" "$(cat "$work/$arg.log")"
  fi
done

done_testing

#!/bin/sh
# testsuite/plugin/vars.sh: variable names, types, sizes, kinds, instances;
# VLA sizes and alloca blocks.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

for opt in -O0 -O2; do
  exe=vars-1$opt
  if compile $exe vars-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "122 11" 0
    check $j "kinds: every named automatic local and parameter, spelled as in C" \
      '[R.variables[] | select(.scope == sid("kinds")) | [.name, .type, .size, .kind, .tracked, .instances, .file, .line]]' \
      '[["msg","const char *",8,"param",false,0,"vars-1.c",25],["by_value","struct point",8,"param",true,1,"vars-1.c",25],["buf","char[64]",64,"local",true,1,"vars-1.c",27],["pt","point_t",8,"local",true,1,"vars-1.c",28],["pp","point_t *",8,"local",false,0,"vars-1.c",29],["un","union u",8,"local",true,1,"vars-1.c",30],["c","enum color",4,"local",false,0,"vars-1.c",31],["matrix","int[3][4]",48,"local",true,1,"vars-1.c",32],["names","const char *[2]",16,"local",true,1,"vars-1.c",33],["fp","int (*)(int, ...)",8,"local",false,0,"vars-1.c",34],["scalar","int",4,"local",true,1,"vars-1.c",35],["addr","int *",8,"local",false,0,"vars-1.c",36]]'
    check $j "sum: va_list registered (24 bytes), once per call" \
      '[var("sum"; "ap") | .type, .size, .tracked, .instances]' '["va_list",24,true,2]'
    check $j "sum: one context per caller" \
      '[R.contexts[] | select(.scope == sid("sum")) | sname(ctx(.parent).scope)] | sort' '["kinds","main"]'
    check $j "static and extern locals are not variables" \
      '[R.variables[] | select(.name == "counter" or .name == "unused_extern")] | length' '0'
    check $j "kinds: frame bytes of its variables" \
      '[scope("kinds") | .frame_bytes, .variables == [R.variables[] | select(.scope == sid("kinds")) | .id]]' '[192,true]'
    check $j "nothing live after exit" \
      '[R.variables[] | select(.live != 0)] | length' '0'
  fi

  exe=vla-1$opt
  if compile $exe vla-1.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "5" 0
    check $j "VLAs: kind, type with [*], one instance per allocation" \
      '[var("{block@13}"; "vla"), var("dynamic"; "grid")] | map([.type, .kind, .tracked, .instances])' \
      '[["char[*]","vla",true,2],["double[*][2]","vla",true,1]]'
    check $j "VLA sizes: the block peaks at the larger VLA (6 bytes)" \
      '[scope("{block@13}") | .entries, .peak_memory]' '[2,6]'
    check $j "alloca: attached to the function scope, sized at run time" \
      '[var("dynamic"; "alloca") | .type, .kind, .tracked, .instances, .line]' '["void","alloca",true,1,18]'
    check $j "function peak: alloca 24 + grid 48 bytes" \
      'scope("dynamic").peak_memory' '72'
  fi

  # alloca below a block's registered VLA, doubles live in vector registers
  # across both: the runtime moves the VLA's slot up from the trampoline,
  # which saves only the general registers (with libc's memmove there, the
  # result was 9.750000).
  exe=vla-2$opt
  if compile $exe vla-2.c $opt && run_report $exe; then
    j=$exe.json
    same_output $exe "11.259221" 0
    check $j "alloca and VLA: three instances each" \
      '[var("mix"; "alloca"), var("{block@25}"; "vla")] | map([.kind, .instances])' \
      '[["alloca",3],["vla",3]]'
    check $j "mix's peak: the allocas' 126 bytes and the largest VLA's 120" \
      '[scope("mix").peak_memory, scope("{block@25}").peak_memory]' '[246,120]'
  fi
done
done_testing

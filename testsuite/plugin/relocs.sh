#!/bin/sh
# testsuite/plugin/relocs.sh: the plugin's descriptors need no dynamic
# relocation (memscope-abi.h, relative fields): an instrumented executable
# or shared library has exactly the relative relocations and the writable
# relocated data (.data.rel.ro) of plain gcc's build of the same source, at
# -O0 and -O2; its descriptors and allocator-call table are read-only; the
# report still names every scope, variable and allocation site, at -O0
# too (GCC notes a call's callee only when optimizing: at -O0 the plugin
# reads it from the call's address).  With the descriptors of ABI 6,
# plain pointers, heapvar-1.c -O2 had 269 relative relocations against
# plain gcc's 3, and 3.5 KiB of .data.rel.ro.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

# The R_X86_64_RELATIVE relocations of ELF file $1.
relative_count ()
{
  readelf -rW "$1" | grep -c 'R_X86_64_RELATIVE'
}

# The size of section $2 of ELF file $1, in bytes (0: none).
section_size ()
{
  hex=$(readelf -SW "$1" | awk -v s="$2" '$2 == s { print $6 } $3 == s { print $7 }')
  echo $((0x${hex:-0}))
}

# The flags of section $2 of ELF file $1 ("" if none).
section_flags ()
{
  readelf -SW "$1" | awk -v s="$2" '$2 == s { print $8 } $3 == s { print $9 }'
}

for opt in -O0 -O2; do
  for src in heapvar-1.c scopes-1.c vars-1.c; do
    base=${src%.c}$opt
    compile "$base" "$src" $opt -fPIE -pie || continue
    (cd "$work" && $CC $opt -fPIE -pie "$src" -o "$base.plain") >"$work/$base.plain.log" 2>&1 ||
      { tap_result 1 "$src $opt: builds plain"; continue; }
    compile "lib$base.so" "$src" $opt -fPIC -shared || continue
    (cd "$work" && $CC $opt -fPIC -shared "$src" -o "lib$base.plain.so") >"$work/lib$base.plain.log" 2>&1 ||
      { tap_result 1 "$src $opt: builds plain as a shared library"; continue; }
    for kind in exe lib; do
      if [ $kind = exe ]; then m=$work/$base p=$work/$base.plain; else m=$work/lib$base.so p=$work/lib$base.plain.so; fi
      is "$(relative_count "$m")" "$(relative_count "$p")" \
         "$src $opt ($kind): as many relative relocations as plain gcc's ($(relative_count "$p"))"
      is "$(section_size "$m" .data.rel.ro)" "$(section_size "$p" .data.rel.ro)" \
         "$src $opt ($kind): .data.rel.ro as large as plain gcc's"
      [ $src = heapvar-1.c ] &&
        is "$(section_flags "$m" memscope_callsites)" "A" \
           "$src $opt ($kind): the allocator-call table is read-only"
    done
  done
  # The descriptors are read: every scope, variable and site has its name.
  run_report "vars-1$opt" || continue
  check "vars-1$opt.json" "vars-1.c $opt: every variable has its name, type and file" \
    '[R.variables[] | select(.name == null or .type == null or .file != "vars-1.c")] | length' 0
  check "vars-1$opt.json" "vars-1.c $opt: every scope has its file" \
    '[R.scopes[] | select(.file != "vars-1.c")] | length' 0
  run_report "heapvar-1$opt" || continue
  check "heapvar-1$opt.json" "heapvar-1.c $opt: every allocation site in the program names its file and function" \
    '[R.sites[] | select(.file != null) | select(.file != "heapvar-1.c" or .function == null or .line == 0)] | length' 0
  check "heapvar-1$opt.json" "heapvar-1.c $opt: sites found" \
    '[R.sites[] | select(.file == "heapvar-1.c")] | length > 5' true
done

# A reader of descriptors decodes their fields with the header's helpers,
# in any C or C++ dialect.
cat >"$work/reader.c" <<'END'
#include "memscope-abi.h"
const char *name_of (const __memscope_var_desc *v);
const char *name_of (const __memscope_var_desc *v) { return (const char *) MEMSCOPE_VAR_FIELD (v, name); }
END
for std in "$CC -std=c89" "$CC -std=c99" "$CXX -x c++ -std=c++98"; do
  ok "memscope-abi.h and its field helpers compile with $std" \
     $std -Wall -Werror -c -I"$top_srcdir/include" "$work/reader.c" -o "$work/reader.o"
done
done_testing

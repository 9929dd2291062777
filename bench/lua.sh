#!/bin/bash
# lua.sh: a real program, the Lua 5.4 interpreter (Debian's source), built
# plain and with memscope: its code, its compile time, and its speed
# against the floor, AddressSanitizer and heaptrack.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make): bench/lua.sh
# Part of make bench (bench/run.sh); environment as bench/lib.sh says, and
#   LUA_SRC   a lua5.4 source tree (apt-get source lua5.4); default: the
#             one make check-real fetched into MEMSCOPE_REAL_CACHE
#             (default /var/tmp/memscope-real).  Without one, the script
#             says so and its targets show as not measured.
#
# 1. frames.sh on Lua's src/ at -O2: the same functions, frames, leaves and
#    tail calls as plain gcc.
# 2. Compile time: the interpreter (every src/*.c but luac.c, one gcc per
#    file, then the link) built plain and with memscope-gcc, interleaved;
#    CPU seconds of the compilers, medians.  Then, since this machine's CPU
#    seconds move by more than the plugin costs, the instructions of three
#    files' compiles (callgrind, every process of gcc and memscope-gcc).
# 3. The interpreter, built as plain, floor, memscope and asan at -O2 (and
#    the plain build under heaptrack), runs bench/workloads/binary-trees.lua
#    and fannkuch-redux.lua; every build must print what plain prints.
#    Instructions: callgrind, the difference between two sizes of each
#    benchmark (start-up and the report at exit drop out).  CPU time: the
#    whole process (and heaptrack's), medians.
bench=lua
. "${top_srcdir:-$(pwd)}/bench/lib.sh"

lua_src=${LUA_SRC:-}
if [ -z "$lua_src" ]; then
  for d in "${MEMSCOPE_REAL_CACHE:-/var/tmp/memscope-real}"/src/lua5.4/lua5.4-*/; do
    [ -f "$d/src/lvm.c" ] && lua_src=${d%/}
  done
fi
echo "== Lua 5.4 =="
if [ -z "$lua_src" ] || [ ! -f "$lua_src/src/lvm.c" ]; then
  echo "skipped: no Lua 5.4 source tree (set LUA_SRC, or run make check-real, which fetches one)"
  target "Lua: functions keeping their -fstack-usage frame" - ">=" 95 "%"
  target "Lua: sum of static frames, instrumented / plain" - "<=" 1.02
  target "Lua: compile time, CPU memscope / plain" - "<=" 1.10
  target "Lua: compile, Ir memscope / plain (3 files)" - "<=" 1.10
  for name in binary-trees fannkuch-redux; do
    target "Lua $name: Ir memscope / plain" - "<=" 1.3
    target "Lua $name: CPU memscope / plain" - "<=" 1.3
  done
  exit 0
fi
echo "source: $lua_src"

# Debian's luaconf.h includes a header its build generates.
mkdir -p "$work/inc"
{
  echo "#ifndef _LUA_DEB_MULTIARCH_"
  echo "#define _LUA_DEB_MULTIARCH_"
  echo "#define DEB_HOST_MULTIARCH \"$("$cc" -print-multiarch)\""
  echo "#endif"
} >"$work/inc/lua5.4-deb-multiarch.h"
cflags="-O2 -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_LINUX -I$work/inc"

# ---- 1. the code --------------------------------------------------------------

echo
echo "frames.sh $lua_src/src $cflags"
# shellcheck disable=SC2086
top_builddir=$top CC=$cc sh "$srcdir/bench/frames.sh" "$lua_src/src" $cflags >"$work/frames.out" ||
  die "frames.sh failed"
sed 's/^/  /' "$work/frames.out"
awk '
  /^functions:/ { printf "functions %d\n", $(NF - 5) + $(NF - 2) }
  /^frames:/ { printf "kept %s\n", substr ($0, index ($0, "(") + 1, index ($0, "%") - index ($0, "(") - 1)
               printf "sums %d %d\n", $(NF - 4), $(NF - 2) }
  /^leaves:/ { printf "leaves %d %d\n", $2, $4 }
  /^tail calls:/ { printf "tails %d %d\n", $3, $5 }' "$work/frames.out" >"$work/frames.fig"
fig() { sed -n "s/^$1 //p" "$work/frames.fig"; }

# ---- 2. compile time ------------------------------------------------------------

lua_c=
nfiles=0
for c in "$lua_src"/src/*.c; do
  [ "${c##*/}" = luac.c ] && continue
  lua_c="$lua_c $c"
  nfiles=$((nfiles + 1))
done
build_lua() { # variant
  rm -rf "$work/obj-$1"
  mkdir "$work/obj-$1"
  for c in $lua_c; do
    # shellcheck disable=SC2086
    cc_variant $1 $cflags -c "$c" -o "$work/obj-$1/$(basename "$c" .c).o" || die "$1: $c does not compile"
  done
  # shellcheck disable=SC2046
  cc_variant $1 -o "$work/lua-$1" "$work/obj-$1"/*.o -lm -ldl $(link_libs $1) || die "$1: the link failed"
}

echo
echo "compile time: the interpreter's $nfiles files and the link, CPU seconds, median of $rounds"
for v in plain memscope; do : >"$work/compile.$v"; done
i=0
while [ $i -lt "$rounds" ]; do
  for v in plain memscope; do
    cpu_mark build
    build_lua $v
    cpu_since build >>"$work/compile.$v"
  done
  i=$((i + 1))
done
cp_plain=$(median <"$work/compile.plain")
cp_msc=$(median <"$work/compile.memscope")
printf '  plain %.2f s, memscope %.2f s: %.2fx\n' "$cp_plain" "$cp_msc" "$(ratio "$cp_msc" "$cp_plain")"
ci_files="lvm.c lparser.c lgc.c"
for v in plain memscope; do
  n=0
  for f in $ci_files; do
    # shellcheck disable=SC2086
    ir=$(cc_variant_ir $v $cflags -c "$lua_src/src/$f" -o "$work/ir-$f.o")
    n=$((n + ir))
  done
  eval "ci_$v=$n"
done
printf '  instructions (%s): plain %.1f M, memscope %.1f M: %.2fx\n' "$ci_files" \
  "$(ratio "$ci_plain" 1000000)" "$(ratio "$ci_memscope" 1000000)" "$(ratio "$ci_memscope" "$ci_plain")"
for v in floor asan; do build_lua $v; done

# ---- 3. running -------------------------------------------------------------------

# name: script, two sizes for callgrind, the size timed.
if [ $quick = yes ]; then
  benchmarks="binary-trees:9:11:13 fannkuch-redux:7:8:9"
else
  benchmarks="binary-trees:10:12:14 fannkuch-redux:7:8:9"
fi
variants="plain floor memscope asan heaptrack"
have heaptrack || { echo "heaptrack: not installed (apt-get install heaptrack)"; variants="plain floor memscope asan"; }
counted="plain floor memscope"
prog() { # variant -> the binary it runs
  case $1 in heaptrack) echo "$work/lua-plain" ;; *) echo "$work/lua-$1" ;; esac
}

for b in $benchmarks; do
  IFS=: read -r name s1 s2 sz <<EOF
$b
EOF
  script=$srcdir/bench/workloads/$name.lua
  for v in $variants; do
    cpu_run "$work/out.$v" $v "$(prog $v)" "$script" "$sz" >/dev/null
    same_output "$work/out.plain" "$work/out.$v" "$v ($name $sz)"
  done
  for v in $counted; do
    a=$(callgrind "$work/lua-$v" "$script" "$s1")
    c=$(callgrind "$work/lua-$v" "$script" "$s2")
    echo $((c - a)) >"$work/ir.$v.$name"
  done
  for v in $variants; do : >"$work/cpu.$v.$name"; done
  i=0
  while [ $i -lt "$rounds" ]; do
    for v in $variants; do
      cpu_run "$work/out.$v" $v "$(prog $v)" "$script" "$sz" >>"$work/cpu.$v.$name"
    done
    i=$((i + 1))
  done
done

echo
echo "running: instructions (callgrind, the larger size minus the smaller, millions) and CPU seconds (median of $rounds)"
printf '  %-24s | %8s %8s %8s %7s | %7s %7s %7s %7s %7s | %6s %6s %6s\n' \
  "benchmark" "Ir plain" floor memscope msc/pl plain floor memsc asan heaptr msc/pl asan ht
for b in $benchmarks; do
  name=${b%%:*}
  set -- "$(echo "$b" | awk -F: '{ print $1 " " $2 "-" $3 ", " $4 }')"
  for v in $counted; do set -- "$@" "$(cat "$work/ir.$v.$name")"; done
  for v in plain floor memscope asan heaptrack; do
    if [ -s "$work/cpu.$v.$name" ]; then set -- "$@" "$(median <"$work/cpu.$v.$name")"; else set -- "$@" 0; fi
  done
  printf '%s\n' "$@" | awk '
    { v[NR] = $0 }
    END {
      printf "  %-24s | %8.1f %8.1f %8.1f %6.2fx | %7.2f %7.2f %7.2f %7.2f %7.2f | %5.2fx %5.2fx %5.2fx\n",
        v[1], v[2] / 1e6, v[3] / 1e6, v[4] / 1e6, v[4] / v[2], v[5], v[6], v[7], v[8], v[9],
        v[7] / v[5], v[8] / v[5], v[9] / v[5] }'
done
echo "  (sizes: callgrind's two, then the timed one; heaptrack runs the plain build, its own"
echo "   processes included; asan cannot run under valgrind)"
echo

target "Lua: functions emitted by one build only" "$(fig functions)" "<=" 0 n
target "Lua: functions keeping their -fstack-usage frame" "$(fig kept)" ">=" 95 "%"
set -- $(fig sums)
target "Lua: sum of static frames, instrumented / plain" "$(ratio "$2" "$1")" "<=" 1.02
set -- $(fig leaves)
target "Lua: leaf functions that stay leaves" "$1" ">=" "$2" n
set -- $(fig tails)
target "Lua: tail calls instrumented (plain's: at least as many)" "$2" ">=" "$1" n
target "Lua: compile time, CPU memscope / plain" "$(ratio "$cp_msc" "$cp_plain")" "<=" 1.10
target "Lua: compile, Ir memscope / plain (3 files)" "$(ratio "$ci_memscope" "$ci_plain")" "<=" 1.10
for b in $benchmarks; do
  name=${b%%:*}
  target "Lua $name: Ir memscope / plain" "$(ratio "$(cat "$work/ir.memscope.$name")" "$(cat "$work/ir.plain.$name")")" "<=" 1.3
  target "Lua $name: CPU memscope / plain" "$(ratio "$(median <"$work/cpu.memscope.$name")" "$(median <"$work/cpu.plain.$name")")" "<=" 1.3
done

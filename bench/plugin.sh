#!/bin/sh
# plugin.sh: what the plugin's instrumentation costs, against two references.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the build tree, after make): bench/plugin.sh
# Run by hand, never by make check; takes a few minutes.
#
# Builds bench/workloads three ways, all at -O2:
#   plain     uninstrumented;
#   floor     -finstrument-functions with the thread-local shadow-stack hooks
#             of bench/hooks/shadow-stack.c in a shared object: the least any
#             per-call tracking can cost;
#   memscope  memscope-gcc at the plugin's defaults (reports off).
# Every variant must print the same results, or the script fails.  It then
# prints callgrind instruction counts (the workload only: --toggle-collect)
# and wall-time medians, and checks the targets of the plugin's issue.
# Decide on instructions: wall times on a shared machine move by +-20%.
#
# Environment:
#   CC         compiler (default gcc), also given to memscope-gcc
#   RUNS       timed runs per figure, the median is shown (default 7)
#   CG_K, K    workload scale under callgrind and for timing (default 1, 10)
#   BENCH_DIR  keep binaries and callgrind files there (default: a temporary
#              folder, removed at exit)
#   TIMEOUT    seconds before one run counts as hung (default 300)
#   LUA_SRC    a Lua 5.4 source tree (apt-get source lua5.4) for the
#              whole-program example (default: the one make check-real
#              fetched into /var/tmp/memscope-real, if any); skipped without
#   LUA_CG_K, LUA_K  rounds of whole.lua under callgrind and timed (4, 40)
set -eu
top=${top_builddir:-$(pwd)}
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-gcc}
runs=${RUNS:-7}
cg_k=${CG_K:-1}
k=${K:-10}
limit=${TIMEOUT:-300}
plugin=$top/plugin/.libs/memscope.so
libdir=$top/runtime/.libs
wrapper=$top/tools/memscope-gcc
variants="plain floor memscope"

die() {
  echo "plugin.sh: $*" >&2
  exit 1
}
command -v valgrind >/dev/null || die "valgrind is needed (apt-get install valgrind)"
[ -f "$plugin" ] && [ -x "$wrapper" ] && [ -d "$libdir" ] ||
  die "no built plugin, runtime and memscope-gcc under $top (run make, or set top_builddir)"

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
export MEMSCOPE_OPTIONS=output=none

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
rev=$(git -C "$top" describe --always --dirty 2>/dev/null || echo "?")
echo "memscope build tree $top (revision $rev), $(nproc 2>/dev/null || echo ?) CPUs, load average $(loadavg)"

# ---- build -----------------------------------------------------------------

mscc() {
  MEMSCOPE_CC=$cc MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$libdir "$wrapper" "$@"
}

# build VARIANT OUTPUT CFLAGS... -- SOURCES... [-- LIBS...]
build() {
  variant=$1 out=$2
  shift 2
  case $variant in
    plain) "$cc" -O2 "$@" -o "$out" ;;
    floor) "$cc" -O2 -finstrument-functions "$@" -L"$work" -Wl,-rpath,"$work" -lshadowstack -o "$out" ;;
    memscope) mscc -O2 "$@" -o "$out" ;;
  esac
}

echo "building the workloads ($cc -O2) in $work"
"$cc" -O2 -fPIC -shared "$here/hooks/shadow-stack.c" -o "$work/libshadowstack.so"
w=$here/workloads
for v in $variants; do
  build $v "$work/wl-$v" -pthread "$w/main.c" "$w/fib.c" "$w/blocks.c" "$w/regs.c"
done

# ---- helpers ---------------------------------------------------------------

# Instructions executed inside bench_body (per thread, summed).
ir_of() { # program args...
  timeout "$limit" valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" \
    --toggle-collect=bench_body "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# Whole-program instructions.
ir_total() { # program args...
  timeout "$limit" valgrind --tool=callgrind --callgrind-out-file="$work/cg.%p" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

median() { # numbers on stdin
  sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# The result line each variant prints must be the plain build's.
expect() { # mode output
  ref=$(cat "$work/ref.$1" 2>/dev/null || true)
  if [ -z "$ref" ]; then
    printf '%s\n' "$2" >"$work/ref.$1"
  elif [ "$ref" != "$2" ]; then
    die "results differ for $1: '$ref' against '$2'"
  fi
}

run_wl() { # variant mode scale; checks the result, leaves "wall cpu" (ns) in $times
  out=$(timeout "$limit" "$work/wl-$1" "$2" "$3") || die "wl-$1 $2 $3 failed or hung"
  expect "$2.$3" "$(printf '%s\n' "$out" | sed -n 1p)"
  times=$(printf '%s\n' "$out" | sed -n 's/^ns //p')
}

# ---- results check and instructions ----------------------------------------

modes="fib blocks regs"
echo "checking results and counting instructions (callgrind, scale $cg_k)"
for m in $modes threads1 threads2; do
  for v in $variants; do
    run_wl $v $m "$cg_k"
  done
done
for m in $modes; do
  units=$(sed -n 's/.* units=\([0-9]*\).*/\1/p' "$work/ref.$m.$cg_k")
  echo "$units" >"$work/units.$m"
  for v in $variants; do
    ir=$(ir_of "$work/wl-$v" $m "$cg_k")
    [ -n "$ir" ] || die "callgrind gave no count for wl-$v $m"
    echo "$ir" >"$work/ir.$v.$m"
  done
done

# ---- wall times ------------------------------------------------------------

echo "timing: median of $runs runs, scale $k, variants interleaved"
for m in $modes threads1 threads2; do
  for v in $variants; do
    : >"$work/wall.$v.$m"
    : >"$work/cpu.$v.$m"
  done
  i=0
  while [ $i -lt "$runs" ]; do
    for v in $variants; do
      run_wl $v $m "$k"
      echo "${times% *}" >>"$work/wall.$v.$m"
      echo "${times#* }" >>"$work/cpu.$v.$m"
    done
    i=$((i + 1))
  done
done
for m in $modes threads1 threads2; do
  for v in $variants; do
    median <"$work/wall.$v.$m" >"$work/wmed.$v.$m"
    median <"$work/cpu.$v.$m" >"$work/cmed.$v.$m"
  done
done

# ---- whole program ---------------------------------------------------------

lua_src=${LUA_SRC:-}
if [ -z "$lua_src" ]; then
  for d in /var/tmp/memscope-real/src/lua5.4-*/; do
    [ -f "$d/src/lvm.c" ] && lua_src=${d%/}
  done
fi
lua_k=${LUA_K:-40}
lua_cg_k=${LUA_CG_K:-4}
have_lua=no
if [ -n "$lua_src" ] && [ -f "$lua_src/src/lvm.c" ]; then
  echo "whole program: Lua from $lua_src, whole.lua $lua_cg_k (callgrind) and $lua_k (timed)"
  # Debian's tree includes a generated header; any value does here.
  mkdir -p "$work/luainc"
  echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"' >"$work/luainc/lua5.4-deb-multiarch.h"
  lua_c=$(ls "$lua_src"/src/*.c | grep -v '/luac\.c$')
  for v in $variants; do
    # shellcheck disable=SC2086
    build $v "$work/lua-$v" -w -DLUA_USE_LINUX -I"$work/luainc" $lua_c -lm -ldl
  done
  for v in $variants; do
    out=$(timeout "$limit" "$work/lua-$v" "$w/whole.lua" "$lua_cg_k") || die "lua-$v failed or hung"
    expect lua "$out"
    ir_total "$work/lua-$v" "$w/whole.lua" "$lua_cg_k" >"$work/ir.$v.lua"
    : >"$work/wall.$v.lua"
  done
  i=0
  while [ $i -lt "$runs" ]; do
    for v in $variants; do
      t0=$(date +%s%N)
      timeout "$limit" "$work/lua-$v" "$w/whole.lua" "$lua_k" >/dev/null || die "lua-$v failed or hung"
      t1=$(date +%s%N)
      echo $((t1 - t0)) >>"$work/wall.$v.lua"
    done
    i=$((i + 1))
  done
  for v in $variants; do
    median <"$work/wall.$v.lua" >"$work/wmed.$v.lua"
  done
  have_lua=yes
fi

# ---- table -----------------------------------------------------------------

val() { cat "$work/$1"; }

echo
echo "Instructions (callgrind Ir, millions; the workload only) and wall-time medians (ms)"
echo
printf '| %-22s | %8s | %8s | %8s | %7s | %7s | %12s | %8s | %8s | %8s | %7s |\n' \
  workload "Ir plain" "Ir floor" "Ir msc" "msc/pl" "msc/fl" "+Ir/unit f,m" \
  "ms plain" "ms floor" "ms msc" "msc/pl"
printf '|%s|\n' "------------------------|---------:|---------:|---------:|--------:|--------:|-------------:|---------:|---------:|---------:|--------:"
row() { # label mode
  label=$1 m=$2
  if [ -f "$work/ir.plain.$m" ]; then
    ip=$(val ir.plain.$m) if=$(val ir.floor.$m) im=$(val ir.memscope.$m)
    u=$(cat "$work/units.$m" 2>/dev/null || echo 0)
  else
    ip=0 if=0 im=0 u=0
  fi
  echo "$label $ip $if $im $u $(val wmed.plain.$m) $(val wmed.floor.$m) $(val wmed.memscope.$m)" |
    awk '{
      lab = $1; gsub(/_/, " ", lab)
      if ($2 > 0) {
        ir = sprintf("%8.1f | %8.1f | %8.1f | %7.2f | %7.2f", $2 / 1e6, $3 / 1e6, $4 / 1e6, $4 / $2, $4 / $3)
        per = $5 > 0 ? sprintf("%5.1f, %5.1f", ($3 - $2) / $5, ($4 - $2) / $5) : "-"
      } else {
        ir = sprintf("%8s | %8s | %8s | %7s | %7s", "-", "-", "-", "-", "-"); per = "-"
      }
      printf "| %-22s | %s | %12s | %8.1f | %8.1f | %8.1f | %7.2f |\n", lab, ir, per, $6 / 1e6, $7 / 1e6, $8 / 1e6, $8 / $6
    }'
}
row "call-heavy_(fib)" fib
row blocks_loop blocks
row register-only_loop regs
row 1_thread:_fib+blocks threads1
row 2_threads_at_once threads2
[ $have_lua = yes ] && row "whole_program_(Lua)" lua
echo
echo "units: fib calls (fib), loop iterations (blocks, regs).  +Ir/unit: extra instructions per unit over plain, floor and memscope."

echo
echo "Two threads against one (throughput = 2 x one-thread time / two-thread time; CPU = the same with thread CPU times)"
echo
for v in $variants; do
  echo "$v $(val wmed.$v.threads1) $(val wmed.$v.threads2) $(val cmed.$v.threads1) $(val cmed.$v.threads2)"
done | awk '{ printf "  %-9s throughput %.2fx   CPU time per unit of work, 2 threads / 1 thread: %.2f\n", $1, 2 * $2 / $3, $5 / (2 * $4) }'

echo "  (plain shows what the machine allows now: with other load, no variant reaches 2x;"
echo "   the CPU column stays near 1.00 when threads do not slow each other down)"
echo
echo "load average at the end: $(loadavg)"
echo
echo "Targets (-O2, defaults)"
verdict() { # label value op limit
  echo "$1 $2 $3 $4" | awk '{
    lab = $1; gsub(/_/, " ", lab)
    ok = ($3 == "le") ? ($2 <= $4) : ($2 >= $4)
    printf "  %-44s %6.2fx  (%s %.2fx)  %s\n", lab, $2, ($3 == "le") ? "<=" : ">=", $4, ok ? "met" : "MISSED"
  }'
}
ratio() { echo "$1 $2" | awk '{ printf "%.4f", $1 / $2 }'; }
verdict call-heavy,_Ir_memscope_/_floor "$(ratio "$(val ir.memscope.fib)" "$(val ir.floor.fib)")" le 1.25
verdict register-only_loop,_Ir_memscope_/_plain "$(ratio "$(val ir.memscope.regs)" "$(val ir.plain.regs)")" le 1.02
verdict blocks_loop,_Ir_memscope_/_plain "$(ratio "$(val ir.memscope.blocks)" "$(val ir.plain.blocks)")" le 2.5
verdict two_threads,_memscope_throughput "$(ratio "$((2 * $(val wmed.memscope.threads1)))" "$(val wmed.memscope.threads2)")" ge 1.8

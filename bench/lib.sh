# lib.sh: what the benchmark scripts share (sourced, not run).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The caller sets `bench` (its name, for messages) and then sources this
# file, which sets:
#   top, srcdir   the build tree and the source tree
#   work          a scratch folder (BENCH_DIR/$bench if set, else temporary)
#   rounds        timed runs per figure, the median is shown
#   quick         yes under BENCH_QUICK=1: fewer rounds, smaller workloads
# and defines the helpers below.  Environment: CC (default gcc),
# BENCH_ROUNDS, BENCH_QUICK, BENCH_DIR, BENCH_TARGETS (the file the
# targets are appended to, for bench/run.sh's table), TIMEOUT (seconds
# before one run counts as hung, default 600).
#
# Variants of one program, as every script names them:
#   plain      gcc, no instrumentation
#   floor      -finstrument-functions with bench/hooks/shadow-stack.c's hooks
#              in a shared object: the least any per-call tracking costs;
#              with -fno-plt, so that the hooks are called through the GOT,
#              as the plugin calls the runtime
#   memscope   tools/memscope-gcc at the defaults; the report is written at
#              exit as usual (into $work/reports)
#   asan       -fsanitize=address at its defaults
#   heaptrack  the plain build run under heaptrack
set -eu
top=${top_builddir:-$(pwd)}
srcdir=${top_srcdir:-$top}
cc=${CC:-gcc}
limit=${TIMEOUT:-600}
quick=no
[ "${BENCH_QUICK:-0}" = 0 ] || quick=yes
if [ $quick = yes ]; then rounds=${BENCH_ROUNDS:-3}; else rounds=${BENCH_ROUNDS:-5}; fi
plugin=$top/plugin/.libs/memscope.so
libdir=$top/runtime/.libs
wrapper=$top/tools/memscope-gcc

die() {
  echo "$bench: $*" >&2
  exit 1
}
[ -f "$plugin" ] && [ -x "$wrapper" ] && [ -d "$libdir" ] ||
  die "no built plugin, runtime and memscope-gcc under $top (run make, or set top_builddir)"

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR/$bench
  rm -rf "$work"
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/memscope-$bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/reports"
export MEMSCOPE_OPTIONS="output=$work/reports/%e.%p.json"

have() { command -v "$1" >/dev/null 2>&1; }

# ---- building ---------------------------------------------------------------

# cc_variant VARIANT ARGS...: the compiler of VARIANT (plain, floor,
# memscope, asan) on ARGS, compiling or linking.
cc_variant() {
  v=$1
  shift
  case $v in
    plain) "$cc" "$@" ;;
    floor) "$cc" -finstrument-functions -fno-plt "$@" ;;
    memscope) MEMSCOPE_CC=$cc MEMSCOPE_PLUGIN=$plugin MEMSCOPE_LIBDIR=$libdir "$wrapper" "$@" ;;
    asan) "$cc" -fsanitize=address "$@" ;;
    *) die "unknown variant $v" ;;
  esac
}

# cc_variant_ir VARIANT ARGS...: the instructions cc_variant runs, in all
# its processes (callgrind, --trace-children).
cc_variant_ir() {
  v=$1
  shift
  rm -f "$work"/cc-ir.*
  case $v in
    plain) set -- "$cc" "$@" ;;
    memscope) set -- env MEMSCOPE_CC="$cc" MEMSCOPE_PLUGIN="$plugin" MEMSCOPE_LIBDIR="$libdir" "$wrapper" "$@" ;;
    *) die "cc_variant_ir: unknown variant $v" ;;
  esac
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cc-ir.%p" \
    --log-file="$work/cc-ir.log.%p" "$@" || die "$v: the compile failed under callgrind"
  cat "$work"/cc-ir.log.* | awk '/I *refs:/ { gsub(",", "", $NF); n += $NF } END { printf "%.0f\n", n }'
}

# link_libs VARIANT: what a link of VARIANT needs besides cc_variant's.
link_libs() {
  [ "$1" != floor ] || echo "-L$work -Wl,-rpath,$work -lshadowstack"
}

# The floor's hooks, once per script.
"$cc" -O2 -fPIC -shared "$srcdir/bench/hooks/shadow-stack.c" -o "$work/libshadowstack.so"

# ---- running ----------------------------------------------------------------

# cpu_mark NAME: notes the CPU time this shell's children have used so far
# (the shell's own `times`, run in this very shell: a subshell starts from
# zero).  cpu_since NAME: the CPU seconds (user + system) they have used
# since, children of children included.  bash's `times` reads getrusage
# (milliseconds); dash's counts clock ticks (10 ms): bench/run.sh runs the
# scripts with bash.
cpu_mark() {
  times >"$work/times.$1"
}
cpu_since() {
  times >"$work/times.now"
  awk 'FNR == 2 {
         split ($1, u, /[ms]/); split ($2, s, /[ms]/)
         t[++n] = u[1] * 60 + u[2] + s[1] * 60 + s[2]
       }
       END { printf "%.3f\n", t[2] - t[1] }' "$work/times.$1" "$work/times.now"
}

# cpu_run OUT VARIANT PROGRAM ARGS...: runs PROGRAM (the build of VARIANT;
# for heaptrack, the plain build) as VARIANT runs it, its standard output
# into OUT and its standard error into OUT.err; prints the CPU seconds it
# used (heaptrack's own processes included).  Fails if it does.
cpu_run() {
  out=$1 v=$2
  shift 2
  [ "$v" != heaptrack ] || set -- heaptrack -o "$work/heaptrack.$$" "$@"
  cpu_mark run
  timeout "$limit" "$@" >"$out" 2>"$out.err" || die "$v: $* failed or hung (see $out.err)"
  cpu_since run
  rm -f "$work"/heaptrack.$$* "$work"/reports/*.json
}

# callgrind PROGRAM ARGS...: the instructions PROGRAM executes, start-up and
# exit included, all threads (callgrind's "Collected").
callgrind() {
  n=$(timeout "$limit" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  rm -f "$work"/reports/*.json
  [ -n "$n" ] || die "callgrind counted nothing for $*"
  echo "$n"
}

median() { # numbers on stdin, one a line
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { # a b -> a / b, four decimals
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b ? a / b : 0 }'
}

# same_output REFERENCE-FILE OUTPUT-FILE WHAT: the output must be the
# reference's; under heaptrack, which prints its own lines around the
# program's, it must hold the reference's lines.
same_output() {
  case $3 in
    heaptrack*) ! grep -vxF -f "$2" "$1" >/dev/null ;;
    *) cmp -s "$1" "$2" ;;
  esac || die "$3 printed something else than the plain build: $(head -c 300 "$2")"
}

# target LABEL VALUE OP LIMIT [UNIT]: one line of the table bench/run.sh
# prints at the end: VALUE must be OP (<= or >=) LIMIT.  UNIT: x (a ratio,
# the default), % or n (a count).  VALUE "-": not measured here.
target() {
  line=$(awk -v l="$1" -v m="$2" -v op="$3" -v t="$4" -v u="${5:-x}" 'BEGIN {
    f = (u == "x") ? "%.2fx" : (u == "%") ? "%.1f%%" : "%d"
    if (m == "-") { printf "%-62s %9s  %s %8s  %s", l, "-", op, sprintf (f, t), "not measured"; exit }
    ok = (op == "<=") ? (m + 0 <= t + 0) : (m + 0 >= t + 0)
    printf "%-62s %9s  %s %8s  %s", l, sprintf (f, m), op, sprintf (f, t), ok ? "met" : "MISSED" }')
  echo "target: $line"
  [ -z "${BENCH_TARGETS:-}" ] || echo "$line" >>"$BENCH_TARGETS"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }

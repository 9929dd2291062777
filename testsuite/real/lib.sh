# testsuite/real/lib.sh: shared steps of the real-program checks; source it.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A script for one Debian source package does, in this order:
#
#   real_fetch PKG [UNPACK]   unpack it into the cache (SKIP when it cannot
#                             be fetched: no deb-src entry and not root, or
#                             the archive does not answer); UNPACK, if
#                             given, is run in the folder the package was
#                             downloaded to, to keep only what it extracts
#   real_need DEB...          install missing build dependencies (as root)
#   real_build plain FUNC     copy the source and build it with gcc,
#   real_build memscope FUNC  and with memscope-gcc (both cached)
#   real_build_floor FUNC     and with bare -finstrument-functions hooks,
#                             when MEMSCOPE_REAL_FLOOR=1 (bench/real.sh)
#   real_test VARIANT DESC CMD...   run a test command in a build, timed
#   real_check_reports VARIANT      check every report the build and the
#                                   tests wrote
#   real_figures [VARIANT]    print the build and test time ratios
#   real_installed            memscope installed with --prefix, for the
#                             scripts that use it as a user would
#
# FUNC runs inside the copied source with CC, CFLAGS (-O2) and the report
# location in the environment; it sees $real_variant.  CC is gcc for the
# variant plain, the build tree's memscope-gcc for memscope, the floor's
# wrapper for floor (real_floor_tools), and gcc for any other variant,
# whose FUNC instruments as it means to (with the installed tree's
# wrappers or spec file).
#
# Environment: MEMSCOPE_REAL_CACHE (default /var/tmp/memscope-real), where
# sources and builds are kept between runs; MEMSCOPE_REAL_JOBS (make -j,
# default the number of processors); MEMSCOPE_REAL_TIMING=1 (bench/real.sh)
# skips reading the reports, for the times alone; MEMSCOPE_REAL_FLOOR=1
# builds and tests the floor too (real_variants).  A build is reused while
# its source version, its recipe (the script up to its first real_build),
# gcc and (for the instrumented one) the plugin and wrapper are unchanged.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/testsuite/tap.sh"

real_cache=${MEMSCOPE_REAL_CACHE:-/var/tmp/memscope-real}
real_jobs=${MEMSCOPE_REAL_JOBS:-$(nproc 2>/dev/null || echo 2)}
real_script=$top_srcdir/testsuite/real/$(basename "$0")
real_timeout=${MEMSCOPE_REAL_TIMEOUT:-900}

export MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so"
export MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs"
real_msgcc=$top_builddir/tools/memscope-gcc
real_msgxx=$top_builddir/tools/memscope-g++
export LC_ALL=C.UTF-8
# The projects' own tests are not ours to run with MALLOC_PERTURB_ and
# fatal criticals: they run as they would on a user's machine.
unset MALLOC_PERTURB_ G_DEBUG
# Nor with our make's command-line variables (check-real sets TESTS and
# TEST_SUITE_LOG, which MAKEFLAGS would hand to every project's make), nor
# the srcdir=. that Automake's test harness exports (json-c's test scripts
# find their helpers through srcdir).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES srcdir

mkdir -p "$real_cache" || skip_all "cannot create the cache folder $real_cache"

real_now() { date +%s.%N; }
# CPU seconds (user + system) of this shell's finished children so far:
# less sensitive than wall time to other jobs on the machine.
# Sets real_cpu_now; `times` must run in this shell, not in a subshell.
real_cpu() {
  times >"$tap_tmp/times"
  real_cpu_now=$(awk 'NR == 2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
    printf "%.1f", t }' "$tap_tmp/times")
}
real_secs() { # start end
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
}
real_ratio() { # instrumented plain
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

# Prints a file's last lines as TAP diagnostics.
real_tail() { # file [lines]
  tail -n "${2:-25}" "$1" 2>/dev/null | sed 's/^/#   /'
}

# ---- apt ------------------------------------------------------------------

# Runs apt-get under our lock, waiting for other apt users.
real_apt() {
  (
    flock 8
    tries=0
    until DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q "$@"; do
      tries=$((tries + 1))
      [ "$tries" -lt 3 ] || exit 1
      sleep 10
    done
  ) 8>"$real_cache/apt.lock"
}

# Writes deb-src entries mirroring the enabled Debian deb entries.
real_add_deb_src() {
  dir=/etc/apt/sources.list.d
  out=$dir/memscope-real-src.sources
  [ -f "$out" ] && return 0
  {
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      # deb822 stanzas: keep Debian ones that are enabled, as deb-src.
      awk 'BEGIN { RS = ""; ORS = "\n\n" }
           /(^|\n)Types:[^\n]*deb/ && /(^|\n)URIs:[^\n]*debian/ &&
           !/(^|\n)Enabled: *no/ {
             sub(/Types:[^\n]*/, "Types: deb-src"); print
           }' "$f"
    done
  } >"$out.tmp"
  lines=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p')
  if [ -n "$lines" ]; then
    echo "$lines" >"$dir/memscope-real-src.list"
  fi
  if [ ! -s "$out.tmp" ] && [ -z "$lines" ]; then
    . /etc/os-release
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: main\n' \
      "${VERSION_CODENAME:-bookworm}" >"$out.tmp"
  fi
  mv "$out.tmp" "$out"
}

# The source versions apt knows for a package, newest first.
real_src_versions() {
  apt-cache showsrc --only-source "$1" 2>/dev/null |
    sed -n 's/^Version: //p' | sort -Vru
}

# ---- fetching ---------------------------------------------------------------

# Sets real_pkg, real_version and real_src (the unpacked source).  With
# UNPACK, the package is only downloaded (.dsc and tarballs) and UNPACK
# leaves one folder there, the part of it to keep, and removes the rest.
real_fetch() { # package [unpack-function]
  real_pkg=$1
  dir=$real_cache/src/$real_pkg
  # apt-get source unpacks with dpkg-source; the tarballs are xz and bzip2.
  real_need dpkg-dev xz-utils bzip2 jq binutils
  exec 9>"$real_cache/$real_pkg.lock"
  flock 9
  versions=$(real_src_versions "$real_pkg")
  if [ -z "$versions" ] && [ "$(id -u)" = 0 ]; then
    (real_add_deb_src && real_apt update) >"$real_cache/apt-update.log" 2>&1
    versions=$(real_src_versions "$real_pkg")
  fi
  have=
  [ -f "$dir/version" ] && have=$(cat "$dir/version")
  # The newest version the mirror serves (a security update may be listed
  # but missing from it); the cached one as soon as no newer one can be had.
  for v in $versions; do
    [ "$v" = "$have" ] && break
    rm -rf "$dir.new"
    mkdir -p "$dir.new"
    if (cd "$dir.new" &&
        flock "$real_cache/apt.lock" apt-get -q source ${2:+--download-only} "$real_pkg=$v" &&
        ${2:-:}) >"$dir.log" 2>&1; then
      rm -rf "$dir"
      mv "$dir.new" "$dir"
      echo "$v" >"$dir/version"
      break
    fi
    echo "# cannot fetch $real_pkg $v:"
    grep '^E:' "$dir.log" | head -n 2 | sed 's/^/#   /'
    rm -rf "$dir.new"
  done
  [ -f "$dir/version" ] || {
    [ -n "$versions" ] ||
      skip_all "cannot fetch the source package $real_pkg (no deb-src entry; run as root to add one)"
    skip_all "cannot fetch the source package $real_pkg"
  }
  real_version=$(cat "$dir/version")
  real_src=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -d "$real_src" ] || skip_all "cannot unpack the source package $real_pkg"
  echo "# $real_pkg $real_version in $real_src"
}

# Installs missing packages as root; otherwise stops with the command.
real_need() { # deb...
  missing=
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "# installing$missing"
    # shellcheck disable=SC2086
    real_apt install -y --no-install-recommends $missing >"$real_cache/apt-install.log" 2>&1 &&
      return 0
    # Perhaps the package lists are missing or old.
    # shellcheck disable=SC2086
    { real_apt update && real_apt install -y --no-install-recommends $missing; } \
      >>"$real_cache/apt-install.log" 2>&1 && return 0
    real_tail "$real_cache/apt-install.log" 10
  fi
  echo "Bail out! $real_pkg needs:$missing (apt-get install -y$missing)"
  exit 1
}

# ---- the installed tree -------------------------------------------------------

# memscope as a user has it: this tree's distributed files (make distdir),
# configured with --prefix=$top_builddir/testsuite/real/installed/prefix and
# the same GCCs, built and installed.  Made once per content of those files
# and shared by the scripts (under a lock).  Sets real_prefix and points
# PKG_CONFIG_PATH and MANPATH there; PATH is left alone: the scripts name
# the wrappers by their full path, as a build system's CC would.
real_installed() {
  base=$top_builddir/testsuite/real/installed
  real_prefix=$base/prefix
  mkdir -p "$base"
  exec 7>"$base.lock"
  flock 7
  rm -rf "$base/src.new"
  if ! (cd "$top_builddir" && make distdir distdir="$base/src.new") >"$base/distdir.log" 2>&1; then
    real_tail "$base/distdir.log"
    echo "Bail out! make distdir failed"
    exit 1
  fi
  key=$({ cd "$base/src.new" && find . -type f | LC_ALL=C sort | xargs sha256sum
          echo "$CC / $CXX / ${PLUGIN_GCCS:-}"; } | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$real_prefix/.memscope-real-key" 2>/dev/null)" != "$key" ]; then
    rm -rf "$base/src" "$real_prefix"
    mv "$base/src.new" "$base/src"
    gccs=
    for e in ${PLUGIN_GCCS:-}; do
      g=${e#*:}
      g=${g%%:*}
      [ "$g" = - ] || gccs="${gccs:+$gccs,}$g"
    done
    echo "# installing memscope into $real_prefix (GCCs: ${gccs:-$CC})"
    if ! (cd "$base/src" && ./configure --prefix="$real_prefix" CC="$CC" CXX="$CXX"             ${gccs:+--with-gcc="$gccs"} && make -j"$real_jobs" && make install)          >"$base/install.log" 2>&1; then
      real_tail "$base/install.log"
      echo "Bail out! building and installing memscope with --prefix failed"
      exit 1
    fi
    echo "$key" >"$real_prefix/.memscope-real-key"
  fi
  rm -rf "$base/src.new"
  exec 7>&-
  PKG_CONFIG_PATH=$real_prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
  MANPATH=$real_prefix/share/man:
  export PKG_CONFIG_PATH MANPATH
  # The build tree's plugin and runtime, set for the memscope variant,
  # must not leak into what the installed tree does.
  unset MEMSCOPE_PLUGIN MEMSCOPE_LIBDIR
}

# ---- building ---------------------------------------------------------------

# The floor (MEMSCOPE_REAL_FLOOR=1, as bench/real.sh sets it): a third
# build, with bare -finstrument-functions hooks that push and pop a
# thread-local shadow stack (bench/hooks/shadow-stack.c, make bench's
# floor), whose tests run beside the other two.  Scripts build and test
# every variant of real_variants.
real_floor_dir=$real_cache/floor
if [ "${MEMSCOPE_REAL_FLOOR:-0}" = 1 ]; then
  real_variants="plain floor memscope"
else
  real_variants="plain memscope"
fi

# The floor's hooks and its compilers, floor-gcc and floor-g++: gcc with
# -finstrument-functions -fno-plt, and the hooks' library on every link.
real_floor_tools() {
  mkdir -p "$real_floor_dir" || return 1
  gcc -O2 -fPIC -shared "$top_srcdir/bench/hooks/shadow-stack.c" \
    -o "$real_floor_dir/libshadowstack.so.$$" || return 1
  mv -f "$real_floor_dir/libshadowstack.so.$$" "$real_floor_dir/libshadowstack.so"
  for c in gcc g++; do
    real_floor_wrapper $c >"$real_floor_dir/floor-$c.$$" &&
      chmod +x "$real_floor_dir/floor-$c.$$" &&
      mv -f "$real_floor_dir/floor-$c.$$" "$real_floor_dir/floor-$c" || return 1
  done
}

# The text of floor-COMPILER (its folder quoted: the cache's path may hold
# spaces).
real_floor_wrapper() { # compiler
  q=$(printf '%s' "$real_floor_dir" | sed "s/'/'\\\\''/g")
  cat <<EOF
#!/bin/sh
# $1 with -finstrument-functions and the hooks of libshadowstack.so beside it.
for a in "\$@"; do
  case \$a in -c | -S | -E | -M | -MM) exec $1 -finstrument-functions -fno-plt "\$@" ;; esac
done
exec $1 -finstrument-functions -fno-plt "\$@" -L'$q' -Wl,-rpath,'$q' -lshadowstack
EOF
}

real_key() { # variant
  {
    echo "$real_pkg $real_version"
    # The script up to its first build: its fetch, needs and recipe.
    sed '/^real_build /q' "$real_script"
    gcc --version | head -n 1
    if [ "$1" = memscope ]; then
      # The loader and the builds it hands over to.
      sha256sum "$MEMSCOPE_PLUGIN" "$(dirname "$MEMSCOPE_PLUGIN")"/gcc-*/memscope.so \
        "$real_msgcc" | cut -d' ' -f1
      echo "$MEMSCOPE_LIBDIR"
    elif [ "$1" = floor ]; then
      sha256sum "$top_srcdir/bench/hooks/shadow-stack.c" | cut -d' ' -f1
      real_floor_wrapper gcc
      real_floor_wrapper g++
    elif [ "$1" != plain ]; then
      cat "$real_prefix/.memscope-real-key" 2>/dev/null
      echo "$real_prefix"
    fi
  } | sha256sum | cut -d' ' -f1
}

# Copies the source to $real_cache/build/PKG/VARIANT and builds it there,
# unless an identical build is already there.  Sets real_build_VARIANT
# (seconds) and real_dir_VARIANT.
real_build() { # variant function
  variant=$1
  dir=$real_cache/build/$real_pkg/$variant
  key=$(real_key "$variant")
  eval "real_dir_$variant=\$dir"
  if [ "$variant" = floor ] && ! real_floor_tools >"$tap_tmp/floor-tools.log" 2>&1; then
    tap_result 1 "$real_pkg builds (floor: its hooks do not build)"
    real_tail "$tap_tmp/floor-tools.log"
    return 1
  fi
  if [ -f "$dir/.memscope-real-key" ] && [ "$(cat "$dir/.memscope-real-key")" = "$key" ]; then
    read -r secs cpu <"$dir/.memscope-real-secs"
    eval "real_build_$variant=\$secs real_buildcpu_$variant=\${cpu:-0}"
    tap_result 0 "$real_pkg builds ($variant, reused from the cache; it took $secs s, ${cpu:-?} s of CPU)"
    return 0
  fi
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  cp -a "$real_src" "$dir"
  mkdir -p "$dir/memscope-reports/build"
  start=$(real_now)
  real_cpu
  cpu0=$real_cpu_now
  (
    cd "$dir" || exit 1
    real_variant=$variant
    if [ "$variant" = memscope ]; then
      CC=$real_msgcc
      CXX=$real_msgxx
      export MEMSCOPE_PLUGIN="$top_builddir/plugin/.libs/memscope.so"
      export MEMSCOPE_LIBDIR="$top_builddir/runtime/.libs"
    elif [ "$variant" = floor ]; then
      CC=$real_floor_dir/floor-gcc
      CXX=$real_floor_dir/floor-g++
    else
      CC=gcc
      CXX=g++
    fi
    CFLAGS="-O2 -g"
    MEMSCOPE_OPTIONS=output=$dir/memscope-reports/build/%e.%p.json
    export CC CXX CFLAGS MEMSCOPE_OPTIONS
    set -e
    "$2"
  ) >"$dir/memscope-real-build.log" 2>&1
  status=$?
  secs=$(real_secs "$start" "$(real_now)")
  real_cpu
  cpu=$(real_secs "$cpu0" "$real_cpu_now")
  eval "real_build_$variant=\$secs real_buildcpu_$variant=\$cpu"
  if [ "$status" = 0 ]; then
    echo "$secs $cpu" >"$dir/.memscope-real-secs"
    echo "$key" >"$dir/.memscope-real-key"
    tap_result 0 "$real_pkg builds ($variant, $secs s, $cpu s of CPU)"
  else
    tap_result 1 "$real_pkg builds ($variant, exit status $status)"
    real_tail "$dir/memscope-real-build.log"
  fi
  return "$status"
}

# Whether the floor is measured (real_variants).
real_have_floor() {
  case " $real_variants " in *" floor "*) return 0 ;; esac
  return 1
}

# real_build floor FUNC where the floor is measured; nothing otherwise.
real_build_floor() { # function
  ! real_have_floor || real_build floor "$1"
}

# Runs CMD in the VARIANT build with the reports going to
# memscope-reports/test; adds its time to real_test_VARIANT.
real_test() { # variant description command...
  variant=$1
  desc=$2
  shift 2
  eval "dir=\$real_dir_$variant"
  log=$dir/memscope-real-test.log
  mkdir -p "$dir/memscope-reports/test"
  start=$(real_now)
  real_cpu
  cpu0=$real_cpu_now
  (
    cd "$dir" || exit 1
    MEMSCOPE_OPTIONS=output=$dir/memscope-reports/test/%e.%p.json
    export MEMSCOPE_OPTIONS
    # Ours, not the project's (json-c's tests read top_builddir).
    unset top_srcdir top_builddir
    echo "\$ $*"
    timeout "$real_timeout" "$@"
  ) >>"$log" 2>&1
  status=$?
  secs=$(real_secs "$start" "$(real_now)")
  real_cpu
  cpu=$(real_secs "$cpu0" "$real_cpu_now")
  eval "prev=\${real_test_$variant:-0} prevcpu=\${real_testcpu_$variant:-0}"
  eval "real_test_$variant=\$(awk -v a=\$prev -v b=\$secs 'BEGIN { printf \"%.1f\", a + b }')"
  eval "real_testcpu_$variant=\$(awk -v a=\$prevcpu -v b=\$cpu 'BEGIN { printf \"%.1f\", a + b }')"
  real_last_status=$status
  if [ "$status" = 0 ]; then
    tap_result 0 "$real_pkg $desc ($variant, $secs s)"
  else
    tap_result 1 "$real_pkg $desc ($variant, exit status $status)"
    real_tail "$log" 40
  fi
  return "$status"
}

# Clears the test log and reports of a variant before its tests.
real_test_begin() { # variant
  eval "dir=\$real_dir_$1"
  rm -rf "$dir/memscope-reports/test" "$dir/memscope-real-test.log"
}

# The ELF programs and libraries a build made (object files excepted).
real_elf_files() { # folder
  find "$1" -type f \( -perm -u+x -o -name '*.so*' \) ! -name '*.o' ! -name '*.sh' |
    while read -r f; do
      [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"
    done
}

# ---- checking the reports -----------------------------------------------------

# Every problem of one report, one a line.  $cg: {"R": functions that may
# call themselves, "D": the other functions of the program} (callgraph.pl).
# A context folds only when its scope was entered again below itself, so a
# folded context must belong to a function scope, have at least two entries,
# and its function must be one that can call itself.  A function with no
# code of its own (inlined everywhere) cannot be checked that way.
real_jq_problems='
def sites: reduce .scopes[] as $s ({}; .[$s.id | tostring] = $s);
if .format != "memscope" or .version != 1 then "C not a memscope report, version 1"
else
  (.threads[] | select(.unmatched_exits != 0)
   | "B thread \(.tid): \(.unmatched_exits) unmatched exits"),
  (.threads[] | select(.lost_events != 0)
   | "B thread \(.tid): \(.lost_events) lost events"),
  (.threads[] | select(.is_active == false and .open_scopes != 0)
   | "O ended thread \(.tid): \(.open_scopes) scopes still open"),
  (if (.threads | length) == 0 then "C no threads" else empty end),
  (if (.contexts | length) == 0 then "C no contexts" else empty end),
  (if (.scopes | length) == 0 then "C no scopes" else empty end),
  (($cg.D | map({key: ., value: true}) | from_entries) as $plain
   | sites as $s | .contexts[] | select(.folded) | . as $c | $s[.scope | tostring] as $site
   | if $site == null then "F folded context \($c.id): unknown scope \($c.scope)"
     elif $site.kind != "function" and $site.kind != "manual" then
       "F folded context \($c.id) of the \($site.kind) scope \($site.name) in \($site.function)"
     elif $c.entries < 2 then "F folded context \($c.id) (\($site.function)) entered \($c.entries) times"
     elif $plain[$site.function] then
       "F folded context \($c.id): \($site.function) cannot call itself"
     else empty end)
end'

# One TAP line for the problems of one kind (file memscope-problems.KIND).
real_report_line() { # kind description
  f=$dir/memscope-problems.$1
  bad=$(wc -l <"$f")
  if [ "$bad" = 0 ]; then
    tap_result 0 "$real_pkg reports: $2"
  else
    tap_result 1 "$real_pkg reports: $2 ($bad problems)"
    head -n 20 "$f" | sed 's/^/#   /'
  fi
}

# Checks every report of a variant's build and test runs.  The ELF files
# given are those whose call graph says which functions may recurse.
real_check_reports() { # variant elf...
  variant=$1
  shift
  eval "dir=\$real_dir_$variant"
  find "$dir/memscope-reports" -name '*.json' | sort >"$dir/memscope-reports.list"
  n=$(wc -l <"$dir/memscope-reports.list")
  if [ "${MEMSCOPE_REAL_TIMING:-0}" != 0 ]; then
    echo "# MEMSCOPE_REAL_TIMING: $n reports written, not read here"
    real_reports=$n
    return 0
  fi
  callgraph=$dir/memscope-callgraph.json
  perl "$top_srcdir/testsuite/real/callgraph.pl" "$@" |
    jq -R 'split(" ")' | jq -s 'reduce .[] as $l ({R: [], D: []}; .[$l[0]] += [$l[1]])' >"$callgraph"
  ok "$real_pkg wrote reports ($n)" test "$n" -gt 0
  for k in B O C F; do : >"$dir/memscope-problems.$k"; done
  : >"$dir/memscope-folded.txt"
  threads=0
  while read -r f; do
    # One pass per report: "P? problem", "T threads", "N function" per fold.
    jq -r --slurpfile cg "$callgraph" '$cg[0] as $cg |
        ('"$real_jq_problems"' | "P" + .),
        "T \(.threads | length)",
        ((reduce .scopes[] as $s ({}; .[$s.id | tostring] = $s.function)) as $fn
         | .contexts[] | select(.folded) | "N " + ($fn[.scope | tostring] // "?"))' "$f" \
      >"$dir/memscope-one.txt" 2>&1 || echo "PC unreadable report" >>"$dir/memscope-one.txt"
    for k in B O C F; do
      sed -n "s|^P$k |$(basename "$f"): |p" "$dir/memscope-one.txt" >>"$dir/memscope-problems.$k"
    done
    sed -n 's/^N //p' "$dir/memscope-one.txt" >>"$dir/memscope-folded.txt"
    threads=$(awk -v t="$threads" '/^T / { t += $2 } END { print t }' "$dir/memscope-one.txt")
  done <"$dir/memscope-reports.list"
  folded=$(wc -l <"$dir/memscope-folded.txt")
  sort -u "$dir/memscope-folded.txt" >"$dir/memscope-folded-functions.txt"
  functions=$(wc -l <"$dir/memscope-folded-functions.txt")
  echo "# $n reports, $threads threads, $folded folded contexts in $functions functions"
  cat "$dir/memscope-problems.O" >>"$dir/memscope-problems.B"
  real_report_line C "all have threads, scopes and contexts"
  real_report_line B "every thread balanced (no unmatched exit, no lost event, none ended inside a scope)"
  real_report_line F "folded contexts only in functions that can recurse"
  real_reports=$n
  real_threads=$threads
}

# ---- figures ----------------------------------------------------------------

real_figures() { # [instrumented variant, default memscope]
  v=${1:-memscope}
  eval "bm=\${real_build_$v:-} tm=\${real_test_$v:-} bcm=\${real_buildcpu_$v:-} tcm=\${real_testcpu_$v:-}"
  b=$(real_ratio "${bm:-0}" "${real_build_plain:-0}")
  t=$(real_ratio "${tm:-0}" "${real_test_plain:-0}")
  bc=$(real_ratio "${bcm:-0}" "${real_buildcpu_plain:-0}")
  tc=$(real_ratio "${tcm:-0}" "${real_testcpu_plain:-0}")
  echo "# $real_pkg build: plain ${real_build_plain:-?} s, $v ${bm:-?} s (x$b);" \
    "CPU ${real_buildcpu_plain:-?} s, ${bcm:-?} s (x$bc)"
  echo "# $real_pkg tests: plain ${real_test_plain:-?} s, $v ${tm:-?} s (x$t);" \
    "CPU ${real_testcpu_plain:-?} s, ${tcm:-?} s (x$tc)"
  if [ -n "${real_testcpu_floor:-}" ]; then
    echo "# $real_pkg tests, floor: CPU ${real_testcpu_floor} s" \
      "(x$(real_ratio "$real_testcpu_floor" "${real_testcpu_plain:-0}")); $v / floor:" \
      "x$(real_ratio "${tcm:-0}" "$real_testcpu_floor")"
  fi
  name=$real_pkg
  [ "$v" = memscope ] || name="$real_pkg ($v)"
  line="$name $real_version: build x$bc CPU (${real_buildcpu_plain:-?} -> ${bcm:-?} s), x$b wall; tests x$tc CPU (${real_testcpu_plain:-?} -> ${tcm:-?} s), x$t wall (${real_test_plain:-?} -> ${tm:-?} s); ${real_reports:-0} reports"
  mkdir -p "$top_builddir/testsuite/real"
  file=$real_pkg
  [ "$v" = memscope ] || file=$real_pkg.$v
  echo "$line" >"$top_builddir/testsuite/real/$file.figures"
}

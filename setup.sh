#!/bin/sh
# setup.sh: set memscope up on a fresh Debian or Ubuntu machine.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   ./setup.sh demo    installs what the build needs, builds memscope, then
#                      instruments and runs examples/demo.c
#   ./setup.sh check   installs what the build and tests need, builds, and
#                      runs the whole test suite: make check, then make
#                      check-real (real projects from Debian source packages
#                      and csmith programs, built plain and instrumented)
#
# Run as root, it installs missing packages with apt-get; otherwise it prints
# the exact command to run.
set -eu
cd "$(dirname "$0")"

usage() {
  echo "usage: $0 demo|check" >&2
  exit 2
}
[ $# -eq 1 ] || usage
case $1 in demo|check) ;; *) usage ;; esac

gcc_major=$(gcc -dumpversion 2>/dev/null | cut -d. -f1)
packages="gcc g++ make autoconf automake libtool pkg-config gcc-${gcc_major:-12}-plugin-dev libglib2.0-dev libjson-glib-dev libyajl-dev jq help2man"
# The plugin is built and tested for every GCC whose plugin headers are
# installed (configure's --with-gcc=auto): GCC 11 and 12 where the
# distribution has them (Debian 12 and Ubuntu 22.04 have both).
for n in 11 12; do
  [ "$n" = "${gcc_major:-12}" ] && continue
  apt-cache show "gcc-$n-plugin-dev" >/dev/null 2>&1 &&
    packages="$packages gcc-$n g++-$n gcc-$n-plugin-dev"
done
# The tests also render the HTML dashboard in a headless browser, validate
# reports against their JSON Schema, compare leaks and heap totals with
# LeakSanitizer's and valgrind's, build real projects with CMake and
# Meson, render the manual pages with man, and stop a program with gdb
# where a signal must land.
[ "$1" = check ] && packages="$packages chromium python3-jsonschema liblsan0 valgrind cmake meson ninja-build man-db gdb"

missing=
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null
  else
    echo "setup: missing packages; run this, then $0 $1 again:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

jobs=$(nproc 2>/dev/null || echo 2)
[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure --quiet
make -j"$jobs" >/dev/null

if [ "$1" = check ]; then
  status=0
  make -j"$jobs" check || status=$?
  make -j"$jobs" check-real || status=$?
  exit $status
fi

# The demo, with the wrapper and plugin straight from the build tree.
top=$(pwd)
mkdir -p demo
export MEMSCOPE_PLUGIN="$top/plugin/.libs/memscope.so" MEMSCOPE_LIBDIR="$top/runtime/.libs"
echo "\$ memscope-gcc -O2 -g examples/demo.c -o demo/demo"
tools/memscope-gcc -O2 -g examples/demo.c -o demo/demo
echo "\$ MEMSCOPE_OPTIONS=summary=1:output=demo/demo.json ./demo/demo"
MEMSCOPE_OPTIONS=summary=1:output=demo/demo.json ./demo/demo
echo
echo "Next: explore the report:  cli/memscope tree demo/demo.json"
echo "      or see it in a browser:  cli/memscope export demo/demo.json --format=html -o demo/demo.html"

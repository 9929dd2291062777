#!/bin/sh
# lua.sh: lua5.4 from its Debian source package, plain and with memscope-gcc.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Built the way debian/rules builds it (its libtool, dpkg-buildflags, the C
# library and the C++ one, with memscope-g++ for the latter).  The source
# package's only test is `make test` (lua -v); lua-workload.lua drives the
# interpreter further (errors through longjmp, coroutines, callbacks from
# C, the parser, stack overflows, the collector), and both builds must
# print the same lines.
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch lua5.4
real_need libreadline-dev autoconf automake libtool

build() {
  mkdir debian/libtool
  cp debian/configure.ac debian/libtool/
  (cd debian/libtool && LIBTOOLIZE='libtoolize -i' autoreconf -f -i && ./configure)
  {
    echo "#ifndef _LUA_DEB_MULTIARCH_"
    echo "#define _LUA_DEB_MULTIARCH_"
    echo "#define DEB_HOST_MULTIARCH \"$(gcc -print-multiarch)\""
    echo "#endif"
  } >src/lua5.4-deb-multiarch.h
  # One job: src/Makefile makes liblua5.4.la and liblua5.4-c++.la in one
  # rule, which under -j runs twice at once on the same liblua5.4.a (ranlib
  # then dies of SIGBUS).
  make linux-readline LIBTOOL="$PWD/debian/libtool/libtool" \
    CC="$CC -std=gnu99" CXX="$CXX"
}

real_build plain build || { done_testing; exit 1; }
real_build memscope build || { done_testing; exit 1; }
real_build_floor build || { done_testing; exit 1; }

workload=$top_srcdir/testsuite/real/lua-workload.lua
for v in $real_variants; do
  real_test_begin $v
  real_test $v "make test" sh -c 'make test LIBTOOL="$PWD/debian/libtool/libtool"'
  real_test $v "lua-workload.lua" sh -c "src/lua5.4 '$workload' >'$tap_tmp/$v.out'"
  real_test $v "lua-workload.lua, 10 runs" \
    sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do src/lua5.4 '$workload' >/dev/null || exit 1; done"
  real_test $v "luac5.4 -p of the workload" src/luac5.4 -p "$workload"
done
ok "lua-workload.lua ran to its end" grep -q '^workload ok' "$tap_tmp/plain.out"
is "$(cat "$tap_tmp/memscope.out")" "$(cat "$tap_tmp/plain.out")" \
  "lua-workload.lua prints the same with memscope"
! real_have_floor || is "$(cat "$tap_tmp/floor.out")" "$(cat "$tap_tmp/plain.out")" \
  "lua-workload.lua prints the same in the floor's build"

# shellcheck disable=SC2046
real_check_reports memscope $(real_elf_files "$real_dir_memscope")
real_figures
done_testing

#!/bin/sh
# libtool-fplugin.sh: why README does not recommend a bare -fplugin in
# CFLAGS for libtool projects, shown on jq 1.6 (Debian's source package).
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   CFLAGS="-O2 -fplugin=$(pkg-config --variable=plugin memscope)" \
#   LIBS="$(pkg-config --libs memscope)" ./configure && make
#
# libtool's configure check "command to parse nm output" compiles a test
# program with CFLAGS (so instrumented: it calls __memscope_enter), then
# links it with LIBS replaced by its own symbol table object: without
# libmemscope the link fails, for every candidate pipe, so the check ends in
# "failed" and configure goes on with an empty global_symbol_pipe.  The
# build stops much later, when libtool links libjq with
# -export-symbols-regex: `$NM ... | $global_symbol_pipe` with nothing after
# the `|`.  With -specs in CFLAGS, every link (that one too) gets the
# runtime, and the check passes; so does CC=memscope-gcc (expat.sh builds
# both forms to the end).
. "$top_srcdir/testsuite/real/lib.sh"

real_fetch jq
real_need libonig-dev autoconf automake libtool pkg-config
real_installed

plugin=$(pkg-config --variable=plugin memscope)
specs=$(pkg-config --variable=specs memscope)
libs=$(pkg-config --libs memscope)
src=$tap_tmp/jq
cp -a "$real_src" "$src"
(cd "$src" && autoreconf -fi) >"$tap_tmp/autoreconf.log" 2>&1
ok "jq: autoreconf" test -x "$src/configure"

# configure_jq NAME CFLAGS [LIBS]: configure a copy of jq; its output in
# $tap_tmp/NAME.configure.  pkg-config --libs gives no rpath: the runtime
# is found as if installed on the library path.
configure_jq() {
  rm -rf "$tap_tmp/$1"
  cp -a "$src" "$tap_tmp/$1"
  (cd "$tap_tmp/$1" && LD_LIBRARY_PATH=$real_prefix/lib &&
     export LD_LIBRARY_PATH &&
     ./configure --disable-static --disable-docs --disable-maintainer-mode \
       CC=gcc CFLAGS="$2" LIBS="${3:-}") >"$tap_tmp/$1.configure" 2>&1
}

# The bare -fplugin form.
configure_jq bare "-O2 -fplugin=$plugin" "$libs"
is "$?" 0 "bare -fplugin: configure succeeds"
is "$(grep '^checking command to parse .* output from gcc object' "$tap_tmp/bare.configure" |
      sed 's/.*\.\.\. //')" failed \
  "bare -fplugin: libtool's check of the nm output pipe fails"
ok "bare -fplugin: ... because its test program links without libmemscope" \
  grep -q "undefined reference to \`__memscope_" "$tap_tmp/bare/config.log"
is "$(sed -n 's/^global_symbol_pipe=//p' "$tap_tmp/bare/libtool")" '""' \
  "bare -fplugin: libtool is left with an empty global_symbol_pipe"
(cd "$tap_tmp/bare" && LD_LIBRARY_PATH=$real_prefix/lib make -j"$real_jobs") \
  >"$tap_tmp/bare.make" 2>&1
is "$?" 2 "bare -fplugin: make fails"
ok "bare -fplugin: ... when libtool links libjq.la" grep -q 'libjq.la' "$tap_tmp/bare.make"
ok "bare -fplugin: ... with libtool's syntax error" \
  grep -q "libtool: eval: .*syntax error near unexpected token \`|'" "$tap_tmp/bare.make"
grep "syntax error" "$tap_tmp/bare.make" | head -n 2 | sed 's/^/#   /'

# The -specs form passes the check.
configure_jq specs "-O2 -specs=$specs"
is "$?" 0 "-specs: configure succeeds"
is "$(grep '^checking command to parse .* output from gcc object' "$tap_tmp/specs.configure" |
      sed 's/.*\.\.\. //')" ok \
  "-specs: libtool's check of the nm output pipe passes"
done_testing

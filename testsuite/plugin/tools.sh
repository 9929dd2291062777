#!/bin/sh
# testsuite/plugin/tools.sh: memscope-gcc, memscope-g++ and memscope.specs.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/plugin/lib.sh"

MEMSCOPE_PLUGIN=$plugin
MEMSCOPE_LIBDIR=$runtime_libdir
MEMSCOPE_CC=$CC
MEMSCOPE_CXX=$CXX
export MEMSCOPE_PLUGIN MEMSCOPE_LIBDIR MEMSCOPE_CC MEMSCOPE_CXX
wrap_cc=$top_builddir/tools/memscope-gcc
wrap_cxx=$top_builddir/tools/memscope-g++
specs=$top_builddir/tools/memscope-uninstalled.specs
cp "$inputs/scopes-1.c" "$inputs/exceptions-2.cc" "$inputs/exceptions-1.c" "$work/"

# step DESCRIPTION COMMAND...: run COMMAND in $work; a test of its status.
step ()
{
  what=$1
  shift
  if (cd "$work" && "$@") >"$work/step.log" 2>&1; then
    tap_result 0 "$what"
  else
    tap_result 1 "$what"
    diag "$*" "$(cat "$work/step.log")"
  fi
}

# same DESCRIPTION COMMAND1 -- COMMAND2: identical stdout, stderr and status.
same ()
{
  what=$1
  shift
  first=
  while [ "$1" != -- ]; do first="$first '$1'"; shift; done
  shift
  (cd "$work" && eval "$first") >"$work/a.out.txt" 2>&1; a=$?
  (cd "$work" && "$@") >"$work/b.out.txt" 2>&1; b=$?
  if [ $a = $b ] && cmp -s "$work/a.out.txt" "$work/b.out.txt"; then
    tap_result 0 "$what"
  else
    tap_result 1 "$what"
    diag "status $a and $b" "$(diff "$work/a.out.txt" "$work/b.out.txt")"
  fi
}

step "memscope-gcc compiles with -c" $wrap_cc -O2 -c scopes-1.c -o wrapped.o
step "memscope-gcc links objects (runtime added)" $wrap_cc wrapped.o -o wrapped
if run_report wrapped; then
  same_output wrapped "6 0 2 4
2" 0
  check wrapped.json "instrumented by the wrapper" '.threads[0].scopes_entered' '16'
fi

step "memscope-gcc compiles and links in one step, with -MD" $wrap_cc -O0 -MD scopes-1.c -o wrapped1
step "-MD wrote its dependency file" test -s "$work/wrapped1.d"
if run_report wrapped1; then
  check wrapped1.json "one-step build instrumented" '.threads[0].scopes_entered' '16'
fi

same "-E: exactly the compiler's output" $CC -E scopes-1.c -- $wrap_cc -E scopes-1.c
same "-M: exactly the compiler's output" $CC -M scopes-1.c -- $wrap_cc -M scopes-1.c
same "-MM: exactly the compiler's output" $CC -MM scopes-1.c -- $wrap_cc -MM scopes-1.c
same "--version: exactly the compiler's output" $CC --version -- $wrap_cc --version
same "-print-file-name: exactly the compiler's output" $CC -print-file-name=plugin -- $wrap_cc -print-file-name=plugin
step "-S" $wrap_cc -O2 -S scopes-1.c -o wrapped.s
# The plugin's calls, placed in the optimized code, go to the runtime's
# trampolines through the GOT (lea DESCRIPTOR(%rip),%r11 first).
step "-S output calls the runtime" grep -q 'call[[:space:]]*\*__memscope_tramp_enter[_a-z0-9]*@GOTPCREL(%rip)' "$work/wrapped.s"

printf 'int lib_value (int n) { int a[2] = { n, n }; return a[0] + a[1]; }\n' >"$work/lib.c"
printf '#include <stdio.h>\nint lib_value (int);\nint main (void) { printf ("%%d\\n", lib_value (21)); return 0; }\n' >"$work/uselib.c"
step "-shared -fPIC" $wrap_cc -O2 -shared -fPIC lib.c -o libwrapped.so
step "the shared library needs libmemscope" sh -c "$CC -print-prog-name=objdump >/dev/null; objdump -p libwrapped.so | grep -q 'NEEDED.*libmemscope'"
step "link against it" $wrap_cc -O2 uselib.c -L. -lwrapped -Wl,-rpath,"$work" -o uselib
if run_report uselib; then
  same_output uselib "42" 0
  check uselib.json "scopes from the shared library" '[R.scopes[] | .name] | sort' '["lib_value","main"]'
  # The library reads the thread state through the GOT (initial-exec), the
  # executable as its own (local-exec): one state, so one context chain.
  check uselib.json "the library's scope within the executable's" \
    '[R.contexts[] | select(.scope == sid("lib_value")) | sname(ctx(.parent).scope)]' '["main"]'
fi

# A -fPIE object reads the thread state as local-exec TLS, which a shared
# library cannot: the linker says so (as for any TLS variable the object
# defined), and tls=initial-exec is the way out.
(cd "$work" && $wrap_cc -O2 -fPIE -shared lib.c -o libpie.so) >"$work/pie.log" 2>&1
is "$?/$(grep -c "relocation R_X86_64_TPOFF32 against symbol .__memscope.thread.v7. can not be used when making a shared object" "$work/pie.log")" \
  "1/1" "-fPIE -shared: the linker's error names the thread state"
step "-fPIE -shared with tls=initial-exec" $wrap_cc -O2 -fPIE -shared -fplugin-arg-memscope-tls=initial-exec lib.c -o libpie.so
step "link against it" $wrap_cc -O2 uselib.c -L. -lpie -Wl,-rpath,"$work" -o usepie
if run_report usepie; then
  same_output usepie "42" 0
  check usepie.json "its scope within the executable's" \
    '[R.contexts[] | select(.scope == sid("lib_value")) | sname(ctx(.parent).scope)]' '["main"]'
fi

step "memscope-g++ builds C++ and C (-fexceptions) together" \
  $wrap_cxx -O2 -fexceptions exceptions-2.cc -x c exceptions-1.c -x none -o wrappedxx
if run_report wrappedxx; then
  same_output wrappedxx "92 8" 0
  check wrappedxx.json "C++ through memscope-g++" 'scope("int cxx_layer(int)").entries' '6'
fi

step "gcc -specs= compiles and links" $CC -O2 -specs="$specs" scopes-1.c -o specced
if run_report specced; then
  same_output specced "6 0 2 4
2" 0
  check specced.json "instrumented through the spec file" '.threads[0].scopes_entered' '16'
fi
step "g++ -specs= compiles and links" $CXX -O2 -specs="$specs" -fexceptions exceptions-2.cc -x c exceptions-1.c -x none -o speccedxx
if run_report speccedxx; then
  same_output speccedxx "92 8" 0
fi
same "-specs= with -E: exactly the compiler's output" $CC -E scopes-1.c -- $CC -specs="$specs" -E scopes-1.c

# A static link would take malloc from both the runtime and libc.a: the
# wrappers and the spec file refuse it, saying why; compiling alone with
# -static is left alone.
static_msg="the runtime replaces malloc and its family, which a static link takes from libc.a"
for flag in -static -static-pie; do
  (cd "$work" && $wrap_cc -O2 $flag scopes-1.c -o static) >"$work/static.log" 2>&1
  is "$?/$(cat "$work/static.log")" \
    "1/memscope-gcc: $flag is not supported: $static_msg; link without $flag" \
    "memscope-gcc $flag: refused, with the reason"
  (cd "$work" && $CC -O2 -specs="$specs" $flag scopes-1.c -o static) >"$work/static.log" 2>&1
  is "$?/$(grep -c "error: memscope: -static and -static-pie are not supported ($static_msg): link without them" "$work/static.log")" \
    "1/1" "gcc -specs= $flag: refused, with the reason"
done
step "memscope-g++ -c -static compiles" $wrap_cxx -O2 -c -static -fexceptions exceptions-2.cc -o static.o
ok "no program was linked" test ! -e "$work/static"

# An instrumented library that the runtime's own dependencies load.  GLib
# needs libpcre2-8, and a PCRE2 built with memscope, found first (its test
# suite runs with LD_LIBRARY_PATH), puts the runtime's constructor before
# GLib's: GLib's first g_slice_alloc, tracked, then waited for itself
# forever.  A stand-in with that soname and every symbol GLib takes from it.
pcre=$(ldd "$runtime_libdir/libmemscope.so" | sed -n 's/^[[:space:]]*\(libpcre2-8\.so\.[0-9]*\) => .*/\1/p')
glib=$(ldd "$runtime_libdir/libmemscope.so" | sed -n 's/^[[:space:]]*libglib-2\.0\.so\.0 => \([^ ]*\) .*/\1/p')
if [ -n "$pcre" ] && [ -n "$glib" ]; then
  mkdir -p "$work/deps"
  { echo 'int lib_answer (void) { return 42; }'
    nm -D --undefined-only "$glib" | sed -n 's/^ *U \(pcre2_[A-Za-z0-9_]*\).*/void *\1 (void) { return 0; }/p'
  } >"$work/deps.c"
  printf '#include <stdio.h>\nint lib_answer (void);\nint main (void) { printf ("answer %%d\\n", lib_answer ()); return 0; }\n' \
    >"$work/depsmain.c"
  step "a library named $pcre, instrumented" \
    $wrap_cc -O2 -shared -fPIC -Wl,-soname,"$pcre" deps.c -o "deps/$pcre"
  step "a program using it" $wrap_cc -O2 depsmain.c -Ldeps -l:"$pcre" -o deps/prog
  (cd "$work" && LD_LIBRARY_PATH=$work/deps MEMSCOPE_OPTIONS=output=$work/deps.json \
     timeout -s KILL 60 ./deps/prog >"$work/deps.out" 2>"$work/deps.err")
  status=$?
  same_output deps "answer 42" 0
  is "$(cat "$work/deps.err")" "" "deps: nothing on stderr"
  if [ -s "$work/deps.json" ]; then
    check deps.json "the library's function in main's context" \
      '[R.contexts[] | select(.scope == sid("lib_answer")) | sname(ctx(.parent).scope)]' '["main"]'
  else
    tap_result 1 "deps.json: written"
  fi
else
  diag "the runtime does not load libpcre2-8 through GLib here: no dependency-order test"
fi

done_testing

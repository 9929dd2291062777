#!/bin/sh
# installed.sh: memscope installed with --prefix, used as README says.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The installed files and manual pages; a program of the C API built and linked with nothing
# but `pkg-config --cflags --libs memscope` (memscope.h hands out GLib
# types, so the link needs GLib); then each GCC the plugin was built for
# instrumenting a program through pkg-config's `plugin` and `specs` and
# through the installed wrappers.
. "$top_srcdir/testsuite/real/lib.sh"
real_pkg=memscope
real_installed
p=$real_prefix
majors=$(echo " ${PLUGIN_GCCS:-}" | sed 's/ \([0-9]*\):[^ ]*/ \1/g')

for f in bin/memscope bin/memscope-gcc bin/memscope-g++ include/memscope/memscope.h \
         include/memscope/memscope-abi.h lib/pkgconfig/memscope.pc lib/memscope/memscope.so \
         lib/memscope/memscope.specs; do
  ok "installed: $f" test -f "$p/$f"
done
for m in $majors; do
  ok "installed: lib/memscope/gcc-$m/memscope.so" test -f "$p/lib/memscope/gcc-$m/memscope.so"
done

# The manual pages, found by man through MANPATH (real_installed sets it).
for page in "1 memscope" "1 memscope-gcc" "1 memscope-g++" "7 memscope-options"; do
  set -- $page
  MANWIDTH=80 man "$1" "$2" >"$tap_tmp/man.out" 2>"$tap_tmp/man.err"
  is "$?:$(sed -n '/^NAME$/{n;p;}' "$tap_tmp/man.out" | awk '{ print $1 }'):$(cat "$tap_tmp/man.err")" \
    "0:$2:" "man $1 $2 works after make install"
done
is "$(pkg-config --variable=gcc_majors memscope)" "$(echo $majors)" \
  "pkg-config's gcc_majors: the GCCs the plugin was built for"
is "$(pkg-config --variable=plugin memscope)" "$p/lib/memscope/memscope.so" "pkg-config's plugin"
is "$(pkg-config --variable=specs memscope)" "$p/lib/memscope/memscope.specs" "pkg-config's specs"

# ---- the C API with pkg-config alone -------------------------------------------

cat >"$tap_tmp/api.c" <<'EOF'
/* Scopes registered by hand; the hierarchy is a GNode of GArray-holding
   records, walked with GLib's own functions.  */
#include <memscope.h>
#include <stdio.h>

static gboolean
print_scope (GNode *node, gpointer data)
{
  const MemscopeScopeInfo *info = node->data;
  if (info)
    printf ("%*s%s depth %u, %u variables\n", (int) (2 * g_node_depth (node) - 4), "",
            info->name, info->depth, info->variables ? info->variables->len : 0);
  return FALSE;
}

int
main (void)
{
  g_autoptr (MemscopeScopeTracker) tracker = memscope_scope_tracker_new ();
  g_autoptr (GError) error = NULL;
  MemscopeScopeId outer = memscope_scope_tracker_enter (tracker, "outer", &error);
  MemscopeScopeId inner = memscope_scope_tracker_enter (tracker, "inner", &error);
  memscope_scope_tracker_exit (tracker, inner, &error);
  MemscopeScopeId second = memscope_scope_tracker_enter (tracker, "second", &error);
  memscope_scope_tracker_exit (tracker, second, &error);
  memscope_scope_tracker_exit (tracker, outer, &error);
  if (error)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  GNode *root = memscope_scope_tracker_hierarchy (tracker);
  printf ("%u nodes, height %u, %u children under outer\n", g_node_n_nodes (root, G_TRAVERSE_ALL),
          g_node_max_height (root), g_node_n_children (g_node_first_child (root)));
  g_node_traverse (root, G_PRE_ORDER, G_TRAVERSE_ALL, -1, print_scope, NULL);
  memscope_scope_hierarchy_free (root);
  return 0;
}
EOF
flags=$(pkg-config --cflags --libs memscope)
echo "# pkg-config --cflags --libs memscope: $flags"
# shellcheck disable=SC2086
ok "an API program builds with gcc and pkg-config --cflags --libs memscope alone" \
  gcc -Wall -Werror "$tap_tmp/api.c" -o "$tap_tmp/api" $flags
is "$(LD_LIBRARY_PATH=$p/lib MEMSCOPE_OPTIONS=output=none "$tap_tmp/api" 2>&1)" \
"4 nodes, height 3, 2 children under outer
outer depth 0, 0 variables
  inner depth 1, 0 variables
  second depth 1, 0 variables" "the API program walks the hierarchy with GLib"

# ---- instrumenting, as README says, with each GCC -----------------------------

cat >"$tap_tmp/prog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
void *volatile keep;
static long
sum (int n)
{
  long parts[8] = { 0 };
  for (int i = 0; i < n; i++)
    parts[i % 8] += i;
  long total = 0;
  for (int i = 0; i < 8; i++)
    total += parts[i];
  return total;
}
int
main (void)
{
  keep = malloc (100);  /* live at exit */
  printf ("%ld\n", sum (100));
  return 0;
}
EOF

# run_checked WHAT EXE [ENV...]: its output, and its report's scopes and
# heap.
run_checked() {
  what=$1 exe=$2
  shift 2
  rm -f "$tap_tmp/$exe.json"
  is "$(cd "$tap_tmp" && env "$@" MEMSCOPE_OPTIONS="output=$tap_tmp/$exe.json" "./$exe")" 4950 "$what: runs"
  jq_is "$tap_tmp/$exe.json" '[([.scopes[].name] | sort), .threads[0].scopes_entered, .heap.live_blocks, .heap.live_bytes]' \
    '[["main","sum"],2,2,4196]' "$what: report (live at exit: the 100 bytes and stdout's 4096)"
}

for e in ${PLUGIN_GCCS:-}; do
  m=${e%%:*}
  g=${e#*:}
  g=${g%%:*}
  [ "$g" = - ] && g=$CC
  # shellcheck disable=SC2046
  ok "GCC $m: $g -fplugin=\$(pkg-config --variable=plugin memscope) ... \$(pkg-config --libs memscope)" \
    sh -c "cd '$tap_tmp' && $g -O2 -fplugin=\$(pkg-config --variable=plugin memscope) prog.c -o p$m \$(pkg-config --libs memscope)"
  run_checked "GCC $m: -fplugin" p$m LD_LIBRARY_PATH="$p/lib"
  ok "GCC $m: $g -specs=\$(pkg-config --variable=specs memscope)" \
    sh -c "cd '$tap_tmp' && $g -O2 -specs=\$(pkg-config --variable=specs memscope) prog.c -o s$m"
  run_checked "GCC $m: -specs" s$m
  ok "GCC $m: MEMSCOPE_CC=$g memscope-gcc" \
    sh -c "cd '$tap_tmp' && MEMSCOPE_CC=$g '$p/bin/memscope-gcc' -O2 prog.c -o w$m"
  run_checked "GCC $m: memscope-gcc" w$m
done

done_testing

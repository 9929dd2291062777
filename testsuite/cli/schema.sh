#!/bin/sh
# schema.sh: the report is defined once, in runtime/report-fields.def.
# Reports of every kind the runtime and merge write validate against the
# JSON Schema made from it, checked by python3-jsonschema; a member the
# table does not list fails (every record is closed); the table lists no
# member nobody writes; the member names are spelled nowhere else in the
# writer, the reader and merge; doc/report.md's reference is the table's.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/cli/lib.sh"

python3 -c 'import jsonschema' 2>/dev/null || skip_all "python3-jsonschema is not installed (apt-get install python3-jsonschema)"
schema=$top_builddir/cli/report.schema.json
reports1=$top_builddir/testsuite/cli/reports-1
validate() { python3 "$top_srcdir/testsuite/cli/validate.py" "$schema" "$@"; }

run_ms schema
is "$st:$err:$(printf '%s\n' "$out" | cmp - "$schema" 2>&1)" "0::" "the built report.schema.json is memscope schema's"
run_ms schema --markdown
sed -n '/^<!-- fields: /,/^<!-- end of fields -->/p' "$top_srcdir/doc/report.md" | sed '1d;$d' >"$tap_tmp/doc-fields.md"
printf '%s\n' "$out" >"$tap_tmp/fields.md"
ok "doc/report.md's field reference is the table's (make doc-fields)" cmp "$tap_tmp/fields.md" "$tap_tmp/doc-fields.md"

# Reports of every kind, each kept under its name.
r=$tap_tmp/r
mkdir "$r"
MEMSCOPE_OPTIONS=output=$r/plain.json "$scenario" nesting >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/recursion-vla.json "$scenario" vla >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/inlined.json "$scenario" inlined >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/threads.json "$scenario" threads 3 >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/named.json "$scenario" named-thread >/dev/null 2>&1
MEMSCOPE_OPTIONS=trace=1:output=$r/trace.json "$scenario" threads 2 >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/exit-deep.json "$scenario" exit-deep 3 >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/unbalanced.json "$scenario" unbalanced >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/heap0.json:heap=0 "$scenario" nesting >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/leaks.json "$heap" leak >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/realloc.json "$heap" realloc >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/fork-%p.json "$heap" fork >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/manual.json "$reports1" manual >/dev/null 2>&1
MEMSCOPE_OPTIONS=output=$r/crash.json "$reports1" crash >/dev/null 2>&1
"$scenario" dump "$r/dump.json" >/dev/null 2>&1
# A program built with the plugin: its allocator calls are known.
(cd "$tap_tmp" && MEMSCOPE_PLUGIN=$top_builddir/plugin/.libs/memscope.so MEMSCOPE_LIBDIR=$top_builddir/runtime/.libs \
   "$top_builddir/tools/memscope-gcc" -O2 "$top_srcdir/testsuite/cli/sites-1.c" -o sites-1 &&
 MEMSCOPE_OPTIONS=output=$r/sites.json ./sites-1) >/dev/null 2>&1
"$memscope" merge "$r/threads.json" "$r/trace.json" "$r/leaks.json" -o "$r/merged.json"
"$memscope" merge "$r/merged.json" "$r/manual.json" "$r/crash.json" -o "$r/merged2.json"
is "$(ls "$r" | sed 's/fork-[0-9]*/fork-N/' | tr '\n' ' ')" \
  "crash.json dump.json exit-deep.json fork-N.json fork-N.json heap0.json inlined.json leaks.json manual.json merged.json merged2.json named.json plain.json realloc.json recursion-vla.json sites.json threads.json trace.json unbalanced.json " \
  "19 reports written"
ok "the crash report has its crash" jq -e '.crash.signal == 11 and .crash.thread == 1' "$r/crash.json"
ok "the manual report has its manual records" \
  jq -e '[.threads[]|select(.manual)]|length == 1' "$r/manual.json"

validate "$r"/*.json >"$tap_tmp/valid" 2>&1
is "$?" 0 "every report validates against the schema (python3-jsonschema)"
sed -n '/^invalid /p; /Error/p' "$tap_tmp/valid" | sed 's/^/# /'
is "$(grep -c '^ok ' "$tap_tmp/valid")" 19 "19 reports checked"

# The writer needs no JSON library: an instrumented program loads nothing
# beyond what it links (GLib), at start-up or when it writes its report.
LD_DEBUG=files MEMSCOPE_OPTIONS=output=$tap_tmp/ld.json "$scenario" nesting >/dev/null 2>"$tap_tmp/ld.err"
is "$(grep -c -e 'dynamically loaded by' -e 'json-glib' -e 'libgobject' -e 'libgio' "$tap_tmp/ld.err"):$(jq -r .format "$tap_tmp/ld.json")" \
  "0:memscope" "the report is written without loading a library (LD_DEBUG=files)"

# The schema is strict: an unlisted member, a wrong type, a missing
# member are each refused, wherever they are.
refused_by_schema() { # JQ-FILTER DESCRIPTION
  jq "$1" "$r/leaks.json" >"$tap_tmp/bad.json"
  validate "$tap_tmp/bad.json" >"$tap_tmp/bad.out" 2>&1
  is "$?:$(sed 's|^invalid [^:]*: ||' "$tap_tmp/bad.out")" "1:$3" "schema refuses $2"
}
refused_by_schema '.threads[0].stack_depth = 1' "a member the table does not list" \
  ".threads[0]: Additional properties are not allowed ('stack_depth' was unexpected)"
refused_by_schema '.heap.colour = "red"' "an unlisted member of an object" \
  ".heap: Additional properties are not allowed ('colour' was unexpected)"
refused_by_schema 'del(.contexts[0].peak_memory)' "a missing required member" \
  ".contexts[0]: 'peak_memory' is a required property"
refused_by_schema '.variables[0].size = -1' "a negative size" ".variables[0].size: -1 is less than the minimum of 0"
refused_by_schema '.contexts[0].scope = null' "a context without a scope" ".contexts[0].scope: None is not of type 'integer'"

# Every member the table lists is written by some report (merged_from by
# merge); and nothing else is, which the closed schema already proved.
written=$(jq -r '
  def rec($name; $xs): $xs[]? | keys[] | "\($name).\(.)";
  (keys[] | "header.\(.)"),
  rec("threads"; .threads), rec("scopes"; .scopes), rec("variables"; .variables),
  rec("contexts"; .contexts), rec("leaks"; .leaks), rec("sites"; .sites), rec("heap_peaks"; .heap_peaks),
  rec("trace"; .trace),
  rec("merged_from"; .merged_from),
  (.heap // {} | keys[] | "heap.\(.)"), (.crash // {} | keys[] | "crash.\(.)")' "$r"/*.json | sort -u)
listed=$(jq -r '."$defs" | to_entries[] | .key as $k | .value.properties | keys[] | "\($k).\(.)"' "$schema" | sort -u)
is "$(printf '%s\n' "$listed" | grep -v -x -F "$written" | tr '\n' ' ')" "" "every member the table lists is written"
is "$(printf '%s\n' "$listed" | wc -l)" "$(grep -c '^  F (' "$top_srcdir/runtime/report-fields.def")" \
  "the schema lists every line of the table"

# Member names are spelled in the table only: the reader and merge name
# members through it, so no string in them (comments aside) is a
# member's name; the runtime's writer writes no JSON key as text.
names=$(printf '%s\n' "$listed" | sed 's/.*\.//' | sort -u)
spelled=
for f in cli/report.c cli/merge.c; do
  for n in $(gcc -fpreprocessed -dD -E -P "$top_srcdir/$f" 2>/dev/null | grep -o '"[a-z_]*"' | tr -d '"' | sort -u); do
    printf '%s\n' "$names" | grep -q -x -F "$n" && spelled="$spelled $f:$n"
  done
done
is "$spelled" "" "the reader and merge spell no member name"
is "$(sed -n '1,/^\/\* ---- the summary/p' "$top_srcdir/runtime/report.c" | grep -c -E '\\"[a-z_]+\\":|set_member_name|get_member')" 0 \
  "the runtime's writer writes no member name as text"

done_testing

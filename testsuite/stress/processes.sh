#!/bin/sh
# processes.sh: fork, vfork, posix_spawn and exec from inside nested
# scopes: each process writes its own report (output=...%p); an exec'd
# program is unaffected.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stress/lib.sh"
cd "$tap_tmp" || exit 1

build p1 processes-1.c -O2 || { done_testing; exit; }
build_plain p1p processes-1.c -O2 || { done_testing; exit; }

# run_p1 NAME ARGS...: ./p1 ARGS with its reports in NAME/; sets $st.
run_p1() {
  r_dir=$1
  shift
  mkdir "$r_dir"
  MEMSCOPE_OPTIONS="output=$r_dir/%e.%p.json" ./p1 "$@" >"$r_dir.out" 2>"$r_dir.err"
  st=$?
}
reports() { (cd "$1" && ls) | sort | tr '\n' ' '; }
names() { printf '%s\n' "$@" | sort | tr '\n' ' '; }
entries='[.scopes[] | [.name, .entries]] | sort'

run_p1 fork fork
parent=$(sed -n 's/^fork: child [0-9]* status [0-9]*, parent \([0-9]*\):.*/\1/p' fork.out)
child=$(sed -n 's/^fork: child \([0-9]*\) .*/\1/p' fork.out)
is "$st" 0 "fork: exit status"
is "$(sed "s/$child/C/; s/$parent/P/" fork.out)" "forked child C: 10
fork: child C status 3, parent P: 2" "fork: output, the child's exit status"
is "$(reports fork)" "$(names p1.$child.json p1.$parent.json)" "fork: one report per process"
jq_is fork/p1.$child.json '[.pid, .threads[0].inherited, .threads[0].open_scopes]' "[$child,true,2]" \
  "fork: the child's report, its thread inherited, exit() inside two scopes"
jq_is fork/p1.$child.json "$entries" '[["do_fork",1],["main",1],["work",1],["{block@27}",5]]' "fork: the child's calls"
jq_is fork/p1.$parent.json "$entries" '[["do_fork",1],["main",1],["status_of",1],["work",1],["{block@27}",2]]' "fork: the parent's calls only"
jq_is fork/p1.$parent.json "$balanced" 0 "fork: the parent balanced"
is "$(cat fork.err)" "" "fork: nothing on stderr"

run_p1 vfork vfork
parent=$(sed -n 's/^vfork+_exit: child [0-9]* status [0-9]*, parent \([0-9]*\):.*/\1/p' vfork.out)
child=$(sed -n 's/^vfork+exec: child \([0-9]*\) .*/\1/p' vfork.out)
is "$st" 0 "vfork: exit status"
is "$(sed "s/ $child/ C/; s/ $parent/ P/; s/_exit: child [0-9]*/_exit: child X/" vfork.out)" "child C: 6
vfork+exec: child C status 4
vfork+_exit: child X status 5, parent P: 2" "vfork: output, exit statuses"
is "$(reports vfork)" "$(names p1.$child.json p1.$parent.json)" "vfork: reports of the parent and the exec'd child, none from the child that called _exit"
jq_is vfork/p1.$child.json "[.pid, ($entries)]" "[$child,[[\"main\",1],[\"work\",1],[\"{block@27}\",4]]]" "vfork: the exec'd child's own report"
jq_is vfork/p1.$parent.json "[($balanced), ($entries)]" '[0,[["do_vfork",1],["main",1],["status_of",2],["work",1],["{block@27}",2]]]' \
  "vfork: the parent balanced, its own calls only"

run_p1 spawn spawn
parent=$(sed -n 's/^spawn: child [0-9]* status [0-9]*, parent \([0-9]*\):.*/\1/p' spawn.out)
child=$(sed -n 's/^spawn: child \([0-9]*\) .*/\1/p' spawn.out)
is "$st" 0 "posix_spawn: exit status"
is "$(sed "s/ $child/ C/; s/ $parent/ P/" spawn.out)" "child C: 15
spawn: child C status 6, parent P: 2" "posix_spawn: output, exit status"
is "$(reports spawn)" "$(names p1.$child.json p1.$parent.json)" "posix_spawn: one report per process"
jq_is spawn/p1.$child.json "[.pid, ($balanced), ($entries)]" "[$child,0,[[\"main\",1],[\"work\",1],[\"{block@27}\",6]]]" "posix_spawn: the child's report"
jq_is spawn/p1.$parent.json "[($balanced), ($entries)]" '[0,[["do_spawn",1],["main",1],["status_of",1],["work",1],["{block@27}",2]]]' \
  "posix_spawn: the parent's report"

# exec an instrumented program: the new image writes the report, under
# the same pid; the old one writes none.
run_p1 exec1 exec ./p1 child 9
pid=$(sed -n 's/^exec: pid \([0-9]*\)$/\1/p' exec1.out)
is "$st" 9 "exec instrumented: the new image's exit status"
is "$(reports exec1)" "p1.$pid.json " "exec instrumented: one report, the new image's"
jq_is exec1/p1.$pid.json "[($balanced), ($entries)]" '[0,[["main",1],["work",1],["{block@27}",9]]]' "exec instrumented: only the new image's calls"

# exec programs without memscope: output, stderr and exit status exactly
# as when the plain build execs them; no report at all.
cat >prog.sh <<'SH'
echo out
echo err >&2
exit 3
SH
for target in "./p1p child 7" "/bin/sh prog.sh"; do
  name=exec-$(echo "$target" | tr -cd 'a-z0-9')
  # shellcheck disable=SC2086
  run_p1 "$name" exec $target
  # shellcheck disable=SC2086
  MEMSCOPE_OPTIONS="output=$name/%e.%p.json" ./p1p exec $target >"$name.plain.out" 2>"$name.plain.err"
  plain=$?
  is "$st" "$plain" "exec $target: exit status unchanged"
  is "$(sed 's/[0-9][0-9]*/N/g' "$name.out")" "$(sed 's/[0-9][0-9]*/N/g' "$name.plain.out")" "exec $target: output unchanged"
  is "$(cat "$name.err")" "$(cat "$name.plain.err")" "exec $target: stderr unchanged"
  is "$(reports "$name")" "" "exec $target: no report"
done

# fork while other threads take the runtime's locks (thread registry,
# heap lists): no child hangs, each writes a whole report of its own.
if build p2 processes-2.c -O2; then
  mkdir locks
  MEMSCOPE_OPTIONS="output=$tap_tmp/locks/%p.json" timeout 120 ./p2 >locks.out 2>locks.err
  is "$?" 0 "fork under lock churn: exit status"
  is "$(cat locks.out)" "50 of 50 children ok" "fork under lock churn: every child ran and exited"
  is "$(ls locks | wc -l)" 51 "fork under lock churn: 51 reports"
  bad=0
  parent=
  for f in locks/*.json; do
    pid=$(basename "$f" .json)
    got=$(jq -c '[.pid, ([.scopes[] | select(.name == "child") | .entries] | add), .threads[0].open_scopes, .threads[0].unmatched_exits]' "$f" 2>&1)
    case $got in
      "[$pid,null,0,0]") parent=$pid ;;
      "[$pid,1,2,0]") ;;
      *) bad=$((bad + 1)); echo "# $f: $got" ;;
    esac
  done
  is "$bad" 0 "fork under lock churn: each child's report has its pid, its call, exit() two scopes deep"
  ok "fork under lock churn: the parent's report balanced" test -n "$parent" -a "$(jq -c "$balanced" "locks/$parent.json" 2>&1)" = 0
fi

done_testing

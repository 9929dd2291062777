#!/bin/sh
# security.sh: a setuid or setgid program ignores MEMSCOPE_OPTIONS;
# reports are created 0600 (folders 0700) whatever the umask.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stress/lib.sh"
cd "$tap_tmp" || exit 1

build f1 faults-1.c -O2 || { done_testing; exit; }

# Modes, under umask 000.
(umask 000 && MEMSCOPE_OPTIONS="output=$tap_tmp/modes/sub/r.json" ./f1 2 >/dev/null 2>&1)
is "$(stat -c %a modes/sub/r.json 2>&1)" 600 "umask 000: the report is created 0600"
is "$(stat -c %a modes/sub 2>&1)/$(stat -c %a modes 2>&1)" 700/700 "umask 000: the folders created for it 0700"
(umask 000 && cd modes && env -u MEMSCOPE_OPTIONS ./../f1 2 >/dev/null 2>&1)
is "$(stat -c %a modes/memscope.f1.*.json 2>&1)" 600 "umask 000: the default report 0600"

# Setuid and setgid copies, run as nobody from a folder of their own.
if [ -z "$as_nobody" ]; then
  skip_rest="needs root and setpriv to run as nobody"
else
  chmod 755 "$tap_tmp"
  mkdir bin evil cwd-uid cwd-gid probe
  chmod 777 evil cwd-gid
  chmod 755 bin cwd-uid probe
  cp f1 bin/suid
  cp f1 bin/sgid
  chmod 4755 bin/suid
  chgrp 0 bin/sgid
  chmod 2755 bin/sgid
  skip_rest=
  [ "$(cd probe && $as_nobody ../bin/suid 1 | head -n 1)" = "euid 0" ] ||
    skip_rest="setuid has no effect here (a nosuid mount?)"
fi
if [ -n "$skip_rest" ]; then
  for i in 1 2 3 4 5 6 7 8 9 10; do tap_result 0 "# SKIP setuid and setgid: $skip_rest"; done
else
  opts="output=$tap_tmp/evil/r-%p.json:summary=1:help=1:verbosity=2"
  (cd cwd-uid && MEMSCOPE_OPTIONS=$opts $as_nobody ../bin/suid 2 >../suid.out 2>../suid.err)
  is "$?" 0 "setuid: exit status"
  is "$(cat suid.out)" "euid 0
288" "setuid: runs as root, output unchanged"
  is "$(ls -A evil)" "" "setuid: output=... not honoured"
  is "$(cat suid.err)" "" "setuid: summary=1, help=1 and verbosity=2 not honoured either"
  # At its default place or none at all (the user chose the folder: one
  # may prefer no report from a setuid program).
  is "$(ls cwd-uid | sed 's/^memscope\.suid\.[0-9]*\.json$/default/')" "$(ls cwd-uid | sed 's/.*/default/')" \
    "setuid: a report only at its default place"
  is "$(stat -c %a cwd-uid/memscope.suid.*.json 2>/dev/null || echo 600)" 600 "setuid: the report, if any, 0600"

  (cd cwd-gid && MEMSCOPE_OPTIONS=$opts $as_nobody ../bin/sgid 2 >../sgid.out 2>../sgid.err)
  is "$?" 0 "setgid: exit status"
  is "$(ls -A evil)" "" "setgid: output=... not honoured"
  is "$(cat sgid.err)" "" "setgid: summary=1, help=1 and verbosity=2 not honoured"
  is "$(ls cwd-gid | sed 's/^memscope\.sgid\.[0-9]*\.json$/default/')" "$(ls cwd-gid | sed 's/.*/default/')" \
    "setgid: a report only at its default place"
fi

done_testing

#!/bin/sh
# faults.sh: output folder unwritable, disk full, a symlink planted at the
# output path, the program killed with SIGKILL while writing its report.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/stress/lib.sh"
cd "$tap_tmp" || exit 1

build f1 faults-1.c -O2 || { done_testing; exit; }
build_plain f1p faults-1.c -O2 || { done_testing; exit; }
lost="; the report is lost (choose another place with MEMSCOPE_OPTIONS=output=PATH)"

# Unwritable folder: as an unprivileged user (root writes anywhere).
if [ -n "$as_nobody" ]; then
  chmod 755 "$tap_tmp"
  mkdir ro
  chmod 555 ro
  MEMSCOPE_OPTIONS="output=$tap_tmp/ro/r.json" $as_nobody ./f1 3 >ro.out 2>ro.err
  is "$?" 0 "unwritable folder: exit status unchanged"
  is "$(cat ro.out)" "$($as_nobody ./f1p 3)" "unwritable folder: output unchanged"
  is "$(cat ro.err)" "memscope: cannot write report to '$tap_tmp/ro/r.json': Permission denied$lost" \
    "unwritable folder: one clear line on stderr"
  is "$(ls -A ro)" "" "unwritable folder: nothing created"
  # A folder to create under an unwritable one.
  MEMSCOPE_OPTIONS="output=$tap_tmp/ro/sub/r.json" $as_nobody ./f1 3 >ro.out 2>ro.err
  is "$?" 0 "unwritable parent: exit status unchanged"
  is "$(cat ro.err)" "memscope: cannot create folder '$tap_tmp/ro/sub': Permission denied$lost" \
    "unwritable parent: one clear line on stderr"
else
  for i in 1 2 3 4 5 6; do tap_result 0 "# SKIP unwritable folder: needs root and setpriv to run as nobody"; done
fi

# Disk full: a 64 KiB tmpfs and a report of about 3 MB.
mkdir full
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k memscope-full full 2>/dev/null; then
  MEMSCOPE_OPTIONS="output=$tap_tmp/full/r.json" ./f1 6 >full.out 2>full.err
  is "$?" 0 "disk full: exit status unchanged"
  is "$(cat full.out)" "$(./f1p 6)" "disk full: output unchanged"
  is "$(cat full.err)" "memscope: cannot write report to '$tap_tmp/full/r.json': No space left on device$lost" \
    "disk full: one clear line on stderr"
  is "$(ls -A full)" "" "disk full: no file left behind, not even the temporary one"
  # Room again: the same path works.
  MEMSCOPE_OPTIONS="output=$tap_tmp/full/r.json" ./f1 1 >full.out 2>full.err
  ok "disk full: a small report fits" jq -e '.contexts | length == 9' full/r.json
  umount full
else
  for i in 1 2 3 4 5; do tap_result 0 "# SKIP disk full: needs root and a tmpfs mount"; done
fi

# A symlink planted at the output path: the report replaces the link, the
# target is neither written nor created.
mkdir sym
echo precious >victim
ln -s ../victim sym/r.json
ln -s ../absent sym/s.json
MEMSCOPE_OPTIONS="output=$tap_tmp/sym/r.json" ./f1 2 >sym.out 2>sym.err
is "$?" 0 "planted symlink: exit status unchanged"
is "$(cat victim)" precious "planted symlink: its target untouched"
ok "planted symlink: replaced by the report, a regular file" test -f sym/r.json -a ! -L sym/r.json
ok "planted symlink: the report is whole" jq -e '.contexts | length == 65' sym/r.json
MEMSCOPE_OPTIONS="output=$tap_tmp/sym/s.json" ./f1 2 >sym.out 2>sym.err
ok "dangling symlink: its target not created" test ! -e absent
ok "dangling symlink: replaced by the report" test -f sym/s.json -a ! -L sym/s.json
is "$(cat sym.err)" "" "planted symlinks: nothing on stderr"

# SIGKILL while the report is being written: under the final name there is
# either nothing or a whole report, never part of one.  The program's report
# (69,281 contexts, about 14 MB) is written to r.json.tmp.XXXXXX a
# piece at a time as it is rendered, then renamed.  Half the runs are killed within 20 ms
# of the temporary file appearing, half at a random moment of the
# whole run; of the first half, every other one is stopped (SIGSTOP) the
# moment the temporary file is seen, then killed.  A temporary file may
# stay behind: the process was killed.
whole=0 nothing=0 partial=0 temps=0 during=0
i=0
# Twelve runs, up to twelve more until one was killed while writing.
while [ $i -lt 12 ] || { [ $during = 0 ] && [ $i -lt 24 ]; }; do
  i=$((i + 1))
  rm -rf kill
  mkdir kill
  if [ $((i % 4)) = 2 ]; then
    delay=0
  elif [ $((i % 4)) = 0 ]; then
    delay=$(awk -v s="$i$$" 'BEGIN { srand (s); printf "%.3f", rand () * 0.02 }')
  else
    delay=$(awk -v s="$i$$" 'BEGIN { srand (s); printf "%.3f", rand () * 4.5 }')
  fi
  MEMSCOPE_OPTIONS="output=$tap_tmp/kill/r.json" ./f1 7 >/dev/null 2>&1 &
  pid=$!
  if [ $((i % 2)) = 0 ]; then
    while kill -0 $pid 2>/dev/null; do
      set -- kill/r.json.tmp.*
      if [ -e "$1" ]; then
        [ "$delay" = 0 ] && kill -STOP $pid 2>/dev/null
        break
      fi
      sleep 0.002
    done
  fi
  [ "$delay" = 0 ] || sleep "$delay"
  kill -KILL $pid 2>/dev/null
  wait $pid 2>/dev/null
  set -- kill/r.json.tmp.*
  if [ -e "$1" ]; then
    temps=$((temps + 1))
    [ ! -e kill/r.json ] && during=$((during + 1))
  fi
  if [ ! -e kill/r.json ]; then
    nothing=$((nothing + 1))
  elif jq -e '.format == "memscope" and (.contexts | length) == 69281' kill/r.json >/dev/null 2>&1; then
    whole=$((whole + 1))
  else
    partial=$((partial + 1))
    cp kill/r.json partial-$i.json
  fi
done
echo "# SIGKILL: $whole whole reports, $nothing runs with none, $temps temporary files left, $during killed while writing"
is "$partial" 0 "SIGKILL while writing: never a partial file under the final name ($i runs)"
[ "$during" -ge 1 ]
tap_result $? "SIGKILL while writing: at least one run killed with the temporary file open ($during)"

done_testing

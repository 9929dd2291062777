# options.awk: memscope-options(7) from the runtime's help=1 text (read on
# standard input), so that the page and MEMSCOPE_OPTIONS=help=1 list the same
# options from runtime/options.h's one table.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Variables: version (the package's), date (the page's date).

function roff(s) {
  gsub(/\\/, "\\e", s)
  if (s ~ /^[.']/)
    s = "\\&" s
  return s
}
BEGIN {
  print ".TH MEMSCOPE-OPTIONS 7 \"" date "\" \"memscope " version "\" \"memscope\""
  print ".SH NAME"
  print "memscope-options \\- run-time options of programs built with memscope"
}
# The first line: "memscope: MEMSCOPE_OPTIONS=key=value:key=value..."
NR == 1 {
  syn = $0
  sub(/^memscope: /, "", syn)
  print ".SH SYNOPSIS"
  print ".B " roff(syn)
  print ".I program"
  print ".SH DESCRIPTION"
  print "A program built with the memscope GCC plugin (\\fBmemscope\\-gcc\\fR(1)) reads its"
  print "options from the environment variable \\fBMEMSCOPE_OPTIONS\\fR when it starts,"
  print "as the sanitizers read theirs.  An unknown key or a bad value prints one line"
  print "on standard error and the default is used; the program always runs on, and"
  print "its exit status never changes (unless \\fBleak_exitcode\\fR says so).  A setuid"
  print "or setgid program ignores \\fBMEMSCOPE_OPTIONS\\fR."
  print ".PP"
  print "The list below is the one \\fBMEMSCOPE_OPTIONS=help=1\\fR prints."
  print ".SH OPTIONS"
  next
}
/^  [a-z_]+ *\(default '.*'\) / {
  line = $0
  sub(/^  /, "", line)
  name = line
  sub(/ .*/, "", name)
  def = line
  sub(/^[a-z_]+ *\(default '/, "", def)
  text = def
  sub(/'\) .*/, "", def)
  sub(/^.*'\) /, "", text)
  print ".TP"
  print "\\fB" roff(name) "\\fR (default \\(oq" roff(def) "\\(cq)"
  print roff(text)
  n++
  next
}
{ print "options.awk: unexpected line " NR ": " $0 > "/dev/stderr"; bad = 1 }
END {
  if (n == 0) { print "options.awk: no option in the input" > "/dev/stderr"; bad = 1 }
  print ".SH EXAMPLES"
  print ".nf"
  print "MEMSCOPE_OPTIONS=summary=1:output=/tmp/reports/%e.%p.json ./prog"
  print "MEMSCOPE_OPTIONS=help=1 ./prog"
  print ".fi"
  print ".SH SEE ALSO"
  print "\\fBmemscope\\fR(1), \\fBmemscope\\-gcc\\fR(1)"
  exit bad
}

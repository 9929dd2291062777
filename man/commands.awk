# commands.awk: the COMMANDS section of memscope(1), for help2man --include,
# from each command's --help (GOption's format), each after a line "@@ NAME".
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later

function roff(s) {
  gsub("\342\200\246", "...", s)
  gsub(/\\/, "\\e", s)
  if (s ~ /^[.']/)
    s = "\\&" s
  return s
}
# "-d, --depth=N" -> \fB\-d\fR, \fB\-\-depth\fR=\fIN\fR
function option(s,    out, parts, n, i, name, arg) {
  n = split(s, parts, /, /)
  for (i = 1; i <= n; i++) {
    name = parts[i]
    arg = ""
    if (index(name, "=")) {
      arg = substr(name, index(name, "=") + 1)
      name = substr(name, 1, index(name, "=") - 1)
    }
    gsub(/-/, "\\-", name)
    out = out (i > 1 ? ", " : "") "\\fB" name "\\fR" (arg != "" ? "=\\fI" arg "\\fR" : "")
  }
  return out
}
BEGIN { print "[COMMANDS]" }
/^@@ / { state = "usage"; next }
state == "usage" && /^Usage:/ { next }
state == "usage" && /^  / { sub(/^ +/, ""); printf ".SS \"%s\"\n", roff($0); state = "summary"; para = 0; next }
state == "summary" && /^$/ { if (para) pending = 1; next }
state == "summary" && /Options:$/ { state = "options"; pending = 0; next }
state == "summary" { if (pending) print ".PP"; pending = 0; print roff($0); para = 1; next }
state == "options" && /Options:$/ { next }
state == "options" && /^  -/ {
  line = $0
  sub(/^ +/, "", line)
  tag = line
  sub(/  .*/, "", tag)
  text = line
  sub(/^[^ ]+(, [^ ]+)?  +/, "", text)
  print ".TP"
  print option(tag)
  print roff(text)
  next
}

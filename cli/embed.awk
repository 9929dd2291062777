# embed.awk: turns a text file into a C string constant.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   awk -v name=dashboard_html -f cli/embed.awk cli/dashboard.html > cli/dashboard.h
BEGIN { print "/* Generated from " ARGV[1] " by cli/embed.awk: do not edit. */"; print "static const char " name "[] =" }
{
  gsub(/\\/, "\\\\")
  gsub(/"/, "\\\"")
  gsub(/\t/, "\\t")
  print "  \"" $0 "\\n\""
}
END { print "  ;" }

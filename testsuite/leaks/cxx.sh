#!/bin/sh
# cxx.sh: C++ leaks: new and new[] (with an array cookie), containers, shared_ptr cycles, exceptions, std::thread.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each program's leak, known by construction, is written here: BYTES and
# BLOCKS.  See lib.sh for how each is checked against LeakSanitizer.
. "$top_srcdir/testsuite/tap.sh"
. "$top_srcdir/testsuite/leaks/lib.sh"

#     name         source         bytes blocks  what
check cxx-1        cxx-1.cc         464      3  "new int[10] and new std::vector<int>(100)"
check cxx-2        cxx-2.cc          72      2  "new[] of a class with a destructor"
check cxx-3        cxx-3.cc          80      2  "a shared_ptr cycle"
check cxx-4        cxx-4.cc         581     13  "a std::map and a std::string dropped"
check cxx-5        cxx-5.cc          74      2  "exceptions, a released unique_ptr"
check cxx-6        cxx-6.cc          96      3  "std::thread workers"
check peak-2       peak-2.cc        824      2  "a std::vector grown, freed, a new one dropped"

done_testing

# torture-plan.tcl: what GCC's testsuite would do with each torture test.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tclsh torture-plan.tcl TORTURE-DIR LEVEL-OPTIONS
#
# For every test of gcc.c-torture/{execute,compile,execute/ieee,
# execute/builtins} under TORTURE-DIR, at one set of torture options (one
# entry of GCC's DG_TORTURE_OPTIONS, e.g. "-O2"), prints one line of
# tab-separated fields:
#
#   NAME  ACTION  FLAGS  SOURCE...     ACTION: run, link, assemble, compile
#   NAME  skip    REASON
#
# NAME is GROUP/BASENAME (execute/pure-1, ieee/fp-cmp-1, builtins/abs-1,
# compile/pr12345).  FLAGS are the torture options followed by the test's
# own (its dg-options, or -w), as gcc-dg-runtest and c-torture-execute
# pass them.
#
# The directives are read as DejaGnu reads them (each line's
# "{ dg-NAME ARGS }" evaluated as a Tcl command) and mean what GCC's
# lib/target-supports-dg.exp makes them mean, for the host this runs on,
# x86_64 GNU/Linux with Debian's GCC (PIE by default).  Selectors, flag
# matching (dg-skip-if's include and exclude lists) and the .x scripts of
# ieee/ and builtins/ follow GCC's own procedures; the effective-target
# keywords are a table, below, of what GCC's probes answer there.  A
# directive or keyword outside what this file knows makes the test a skip
# whose reason names it, never a guess.  Directives about the expected
# result (dg-error, dg-warning, dg-final, dg-xfail-if...) are not needed:
# the plain build's own result is the reference.

set target_triplet x86_64-pc-linux-gnu

# Effective-target keywords: those GCC's target-supports.exp answers true
# for x86_64-pc-linux-gnu with Debian's gcc-12, then those it answers
# false.  run_expensive_tests follows GCC_TEST_RUN_EXPENSIVE as there.
foreach k {
  alloca c99_runtime double64plus dfp exceptions fgraphite fileio fopenmp
  fpic hard_float indirect_calls indirect_jumps int128 int32 int32plus
  label_values large_double lp64 longlong64 lra mmap named_sections
  natural_alignment_32 natural_alignment_64 nonlocal_goto
  non_strict_prototype pie pthread ptr32plus R_flag_in_section
  return_address scheduling signal size20plus size32plus stdint_types
  trampolines untyped_assembly unwrapped weak
} { set et($k) 1 }
foreach k {
  avr coldfire_fpu freestanding ia32 ilp32 int16 llp64 newlib_nano_io
  nonpic short_enums stack_size ti_c67x vxworks_kernel
} { set et($k) 0 }
set et(run_expensive_tests) [expr {[info exists env(GCC_TEST_RUN_EXPENSIVE)]
                                    && $env(GCC_TEST_RUN_EXPENSIVE) ne ""}]

# The first problem met while reading a test: it becomes the skip reason.
proc unsupported { why } {
  global problem
  if { $problem eq "" } { set problem $why }
}

proc is-effective-target { k } {
  global et
  if { [info exists et($k)] } { return $et($k) }
  unsupported "effective target $k not known here"
  return 0
}

# A word is a keyword unless it looks like a target triplet.
proc is-keyword { w } { return [expr {[string first - $w] < 0 && $w ne "*"}] }

proc istarget { pattern } {
  global target_triplet
  return [string match $pattern $target_triplet]
}

# ---- selectors (lib/target-supports-dg.exp) --------------------------------

proc selector_opd { op } {
  if { [llength $op] == 1 } {
    set w [string trim [lindex $op 0]]
    if { [llength $w] > 1 } { return [selector_expression $w] }
    if { [is-keyword $w] } { return [is-effective-target $w] }
    return [istarget $w]
  }
  return [selector_expression $op]
}

proc selector_list { words } {
  foreach w $words {
    if { [is-keyword $w] } {
      if { [is-effective-target $w] } { return 1 }
    } elseif { [istarget $w] } {
      return 1
    }
  }
  return 0
}

proc selector_expression { exp } {
  if { [llength $exp] >= 2 && [lindex $exp 0] in {any-opts no-opts} } {
    set opts [lrange $exp 1 end]
    if { [lindex $exp 0] eq "any-opts" } {
      return [flags_match [list "" {*-*-*} $opts ""]]
    }
    return [flags_match [list "" {*-*-*} "*" $opts]]
  }
  if { [llength $exp] == 2 && [lindex $exp 0] eq "!" } {
    return [expr {![selector_opd [lindex $exp 1]]}]
  }
  if { [llength $exp] == 3 && [lindex $exp 1] eq "&&" } {
    return [expr {[selector_opd [lindex $exp 0]] && [selector_opd [lindex $exp 2]]}]
  }
  if { [llength $exp] == 3 && [lindex $exp 1] eq "||" } {
    return [expr {[selector_opd [lindex $exp 0]] || [selector_opd [lindex $exp 2]]}]
  }
  if { [llength $exp] == 1 && [llength [lindex $exp 0]] > 1 } {
    return [selector_expression [lindex $exp 0]]
  }
  return [selector_list $exp]
}

# "target SEL" or "xfail SEL" (or both): S selected, N not; an xfail part
# only changes the expected result, which the plain build decides here.
proc process_target { sel } {
  set what [lindex $sel 0]
  if { $what ne "target" && $what ne "xfail" } {
    unsupported "selector \"$sel\" not understood"
    return N
  }
  set rest [lrange $sel 1 end]
  set x [lsearch -exact $rest xfail]
  if { $what eq "target" && $x >= 0 } { set rest [lrange $rest 0 [expr {$x - 1}]] }
  if { $what eq "xfail" } { return S }
  if { [llength $rest] == 1 } { set rest [lindex $rest 0] }
  return [expr {[selector_expression $rest] ? "S" : "N"}]
}

# ---- flags (DejaGnu's check_conditional_xfail, as check-flags calls it) ----

# ARGS: message, targets (already matched), include list, exclude list.
# A hit when some include entry is among the flags (an entry of several
# words: all of them) and no exclude entry is; an empty entry matches
# nothing, which is what the common { "" } exclude list means.
proc flags_match { args_ } {
  global cur_flags
  set flags " toolname $cur_flags "
  set includes [lindex $args_ 2]
  set excludes [lindex $args_ 3]
  set incl [expr {[llength $includes] == 0}]
  foreach opt $includes {
    if { [all_in $opt $flags] } { set incl 1; break }
  }
  foreach opt $excludes {
    if { [all_in $opt $flags] } { return 0 }
  }
  return $incl
}

proc all_in { opt flags } {
  if { [string trim $opt] eq "" } { return 0 }
  foreach o $opt {
    if { ![string match "* $o *" $flags] } { return 0 }
  }
  return 1
}

# ---- directives -------------------------------------------------------------

proc skip_test { } { global skipped; set skipped 1 }

proc dg-do { line what args } {
  global action
  if { [llength $args] > 0 && [process_target [lindex $args 0]] eq "N" } {
    skip_test
    return
  }
  switch -- $what {
    run - link - assemble - compile { set action $what }
    preprocess { unsupported "dg-do preprocess (memscope-gcc only preprocesses)" }
    default { unsupported "dg-do $what not understood" }
  }
}

proc dg-options { line opts args } {
  global extra
  if { [llength $args] > 0 && [process_target [lindex $args 0]] eq "N" } return
  set extra [join $opts]
}

proc dg-additional-options { line opts args } {
  global extra
  if { [llength $args] > 0 && [process_target [lindex $args 0]] eq "N" } return
  append extra " [join $opts]"
}

# add_options_for_ieee and _stack_size add nothing on this target.
proc dg-add-options { line args } {
  foreach a $args {
    if { $a ni {ieee stack_size} } { unsupported "dg-add-options $a not known here" }
  }
}

proc dg-skip-if { line args } {
  global skipped cur_flags torture extra
  if { [llength $args] < 2 || [llength $args] > 4 } {
    unsupported "dg-skip-if with [llength $args] arguments"
    return
  }
  if { $skipped } return
  if { [process_target [list target [lindex $args 1]]] ne "S" } return
  if { [llength $args] < 3 } { lappend args "*" }
  if { [llength $args] < 4 } { lappend args "" }
  if { [string trim [lindex $args 2]] eq "*" && [string trim [lindex $args 3]] eq "" } {
    skip_test
    return
  }
  set cur_flags "$extra $torture"
  if { [flags_match $args] } { skip_test }
}

proc dg-require-effective-target { line args } {
  global skipped
  if { $skipped } return
  if { [llength $args] == 2 && [process_target [lindex $args 1]] eq "N" } return
  if { ![is-effective-target [lindex $args 0]] } { skip_test }
}

# Native GNU/Linux: no stack limit (stack_size is false), ELF with weak
# symbols, aliases and visibility, gprof and -fstack-check; no DLLs.
proc dg-require-stack-size { line args } {}
proc dg-require-weak { line args } {}
proc dg-require-alias { line args } {}
proc dg-require-visibility { line args } {}
proc dg-require-profiling { line args } {}
proc dg-require-stack-check { line args } {}
proc dg-require-dll { line args } { skip_test }
proc dg-effective-target-value { args } { return 0 }

# About the expected result or the time allowed: the plain build decides.
foreach d {
  dg-error dg-warning dg-message dg-bogus dg-final dg-prune-output
  dg-xfail-if dg-xfail-run-if dg-timeout-factor
} { proc $d { line args } {} }

# Reads one file's directives as DejaGnu's dg-get-options finds them.
proc read_directives { file } {
  set f [open $file]
  fconfigure $f -encoding binary
  set n 0
  while { [gets $f l] >= 0 } {
    incr n
    if { ![regexp "\{\[ \t\]+(dg-\[-a-z\]+)\[ \t\]+.*\[ \t\]+\}" $l d name] } continue
    if { [info procs $name] eq "" } {
      unsupported "$name not understood"
      continue
    }
    set cmd [string range $d 1 end-1]
    if { [catch { uplevel #0 [linsert $cmd 1 $n] } err] } {
      unsupported "$name: $err"
    }
  }
  close $f
}

# gcc-dg-runtest and c-torture-execute drop the torture options that
# mention loops for sources with no loop.
proc has_loop { file } {
  set f [open $file]
  fconfigure $f -encoding binary
  set text [read $f]
  close $f
  foreach l [split $text "\n"] {
    if { [string match "*for*(*" $l] || [string match "*while*(*" $l] } { return 1 }
  }
  return 0
}

proc emit { name fields } {
  puts [join [concat [list $name] $fields] "\t"]
}

# A dg test of execute/ (default run) or compile/ (default assemble).
proc dg_test { group file default } {
  global action extra skipped problem torture level
  set name $group/[file rootname [file tail $file]]
  set torture $level
  if { [string match "*loop*" $level] && ![has_loop $file] } {
    emit $name [list skip "$level: no loop in the source (GCC leaves it out too)"]
    return
  }
  set action $default
  set extra -w
  set skipped 0
  set problem ""
  read_directives $file
  if { $problem ne "" } {
    emit $name [list skip $problem]
  } elseif { $skipped } {
    emit $name [list skip "a directive skips it on this target at $level"]
  } else {
    emit $name [list $action [string trim "$level $extra"] $file]
  }
}

# c-torture-execute, with the test's .x script if it has one: it sees the
# target and may change additional_flags or return 1 (not run here).
proc x_test { group sources flags } {
  global level problem
  set src [lindex $sources 0]
  set name $group/[file rootname [file tail $src]]
  if { [string match "*loop*" $level] && ![has_loop $src] } {
    emit $name [list skip "$level: no loop in the source (GCC leaves it out too)"]
    return
  }
  set problem ""
  set x [file rootname $src].x
  if { [file exists $x] } {
    set done [run_x $x flags]
    if { $problem ne "" } {
      emit $name [list skip $problem]
      return
    }
    if { $done } {
      emit $name [list skip "its .x script leaves it out on this target"]
      return
    }
  }
  emit $name [concat run [list [string trim "$level -w $flags"]] $sources]
}

proc run_x { x flagsvar } {
  upvar $flagsvar additional_flags
  set done 0
  if { [catch { set done [source $x] } err] } {
    unsupported ".x script: $err"
  }
  return [expr {$done eq "1"}]
}

# What the .x scripts call; any other command is an error, so a skip.
proc load_lib { args } {}
foreach k [array names et] {
  proc check_effective_target_$k { args } [list is-effective-target $k]
}

# ---- main -------------------------------------------------------------------

lassign $argv dir level
set level [string trim $level]
foreach f [lsort [glob -nocomplain $dir/execute/*.c]] { dg_test execute $f run }
foreach f [lsort [glob -nocomplain $dir/compile/*.c]] { dg_test compile $f assemble }
foreach f [lsort [glob -nocomplain $dir/execute/ieee/*.c]] {
  x_test ieee [list $f] -fno-inline
}
foreach f [lsort [glob -nocomplain $dir/execute/builtins/*.c]] {
  if { [string match *-lib.c $f] } continue
  x_test builtins [list $f [file rootname $f]-lib.c $dir/execute/builtins/lib/main.c] \
    "-fno-tree-dse -fno-tree-loop-distribute-patterns -fno-tracer -fno-ipa-ra -fno-inline-functions"
}

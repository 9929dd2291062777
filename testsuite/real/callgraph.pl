#!/usr/bin/perl
# callgraph.pl: the functions of some ELF files that may call themselves.
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: perl callgraph.pl ELF...   prints "R name" for each function that
# may call itself and "D name" for each other function the files define.
#
# memscope folds a calling context only when a scope is entered again below
# itself, which only recursion does.  To check folded contexts against
# something the runtime did not compute, this builds the programs' call
# graph from their machine code (objdump -d) and prints every function that
# lies on a cycle.  It over-approximates on purpose:
#   - an indirect call, or a call to a function none of the files defines
#     (libc's qsort, Tcl's interpreter...), may reach any function whose
#     address is taken (seen in a rip-relative lea, or in a dynamic
#     relocation that points at it);
#     or, in a position-dependent executable (ET_EXEC: gawk), as it is in
#     its data or in an instruction's immediate, with no relocation;
#   - GCC's clones (foo.part.0, foo.isra.0, foo.cold) count as foo.
# Calls into memscope's runtime and a few libc functions that never call
# back are left out, or every instrumented function would look recursive.
use strict;
use warnings;
no warnings 'recursion';

my %leaf = map { $_ => 1 } qw(
  memcpy memmove memset memcmp strlen strcmp strncmp strchr strrchr strcpy
  strncpy strcat strstr malloc calloc realloc free abort exit _exit
  __stack_chk_fail __memcpy_chk __memset_chk __memmove_chk __sprintf_chk
  __snprintf_chk __vsnprintf_chk __fprintf_chk __printf_chk __vfprintf_chk
  __strcpy_chk __strcat_chk __longjmp_chk longjmp _setjmp setjmp
  __sigsetjmp printf fprintf sprintf snprintf vsnprintf vfprintf puts fputs
  fwrite fread fputc putc getc fgetc fflush fopen fclose read write open close
  lseek fstat stat __errno_location strerror pthread_mutex_lock
  pthread_mutex_unlock __assert_fail getenv time clock_gettime gettimeofday
  localeconv __ctype_b_loc __ctype_tolower_loc __ctype_toupper_loc
);

my (%defined, %edges, %taken);
my $INDIRECT = ' indirect';

sub node {
  my ($name) = @_;
  $name =~ s/\(.*//;              # a demangled C++ name's parameters
  $name =~ s/\@.*//;              # foo@plt, foo@@VERSION
  $name =~ s/\..*//;              # foo.cold, foo.part.0, foo.isra.0
  return $name;
}

# An edge from the function that makes the call at address $a.  The call
# may sit in code inlined from other functions: inline() resolves that.
my @sites;
sub site {
  my ($a, $cur, $t) = @_;
  push @sites, [$a, $cur, $t];
}

for my $file (@ARGV) {
  my (%addr, $cur, $exact, @imm);
  @sites = ();
  open my $dis, '-|', 'objdump', '-d', '-C', '--no-show-raw-insn', $file
    or die "objdump $file: $!";
  while (<$dis>) {
    if (/^([0-9a-f]+) <([^>]+)>:$/) {
      my ($a, $name) = ($1, $2);
      if ($name =~ /\@plt$/ || $name =~ /^_init$|^_fini$|^_start$/) {
        undef $cur;
        next;
      }
      $exact = $name;
      $cur = node($name);
      $defined{$cur} = 1;
      $addr{hex $a} = $cur;
      next;
    }
    next unless defined $cur;
    if (/\s(?:call|jmp)\s+[0-9a-f]+ <([^>+]+)>\s*$/) {
      my $target = $1;
      my $t = node($target);
      # foo jumping to its foo.cold part or calling its outlined foo.part.0
      # is not recursion; foo.part.0 calling itself is.
      next if $t eq $cur && $target ne $exact && $target =~ /\.(?:cold|part)[.0-9]*$/;
      next if $t =~ /^__memscope_/ || $leaf{$t};
      site(/^\s*([0-9a-f]+):/ ? $1 : 0, $cur, $t);
    } elsif (/\s(?:call|jmp)\s+\*/) {
      site(/^\s*([0-9a-f]+):/ ? $1 : 0, $cur, $INDIRECT);
    } elsif (/\slea\s.*# [0-9a-f]+ <([^>+]+)>\s*$/) {
      $taken{node($1)} = 1;
    } elsif (/\$0x([0-9a-f]{1,8}),/) {
      push @imm, hex $1;
    }
  }
  close $dis;
  exec_addresses($file, \%addr, @imm);
  inline($file);
  # Function pointers in data: dynamic relocations.
  open my $rel, '-|', 'objdump', '-R', '-C', $file or die "objdump -R $file: $!";
  while (<$rel>) {
    if (/R_X86_64_RELATIVE\s+\*ABS\*\+0x([0-9a-f]+)/) {
      my $f = $addr{hex $1};
      $taken{$f} = 1 if defined $f;
    } elsif (/R_X86_64_(?:64|GLOB_DAT)\s+(\S+)/) {
      $taken{node($1)} = 1;
    }
  }
  close $rel;
}

# A position-dependent executable keeps function addresses as they are: a
# table of function pointers in its data is no relocation, nor is an
# address loaded as an immediate.  Any 8-byte aligned word of the file, and
# any immediate, equal to a function's address takes it (a chance match
# only over-approximates).
sub exec_addresses {
  my ($file, $addr, @imm) = @_;
  open my $fh, '<:raw', $file or die "$file: $!";
  my $bytes = do { local $/; <$fh> };
  close $fh;
  return unless length $bytes > 18 && unpack('v', substr($bytes, 16, 2)) == 2;
  # The sections loaded as data (.data, .data.rel.ro, .rodata, .init_array...),
  # not the symbol table or the debug information, which name every function.
  my @words = @imm;
  open my $hdr, '-|', 'objdump', '-h', $file or die "objdump -h $file: $!";
  my @sec;
  while (<$hdr>) {
    if (/^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s/) {
      my ($name, $size, $off) = ($1, hex $2, hex $3);
      @sec = $name =~ /^\.dynsym$|^\.symtab$/ ? () : ($off, $size);
    } elsif (@sec && /CONTENTS/) {
      my ($start, $size) = @sec;
      @sec = ();
      next unless /ALLOC/ && /DATA/ && !/CODE/;
      my $off = ($start + 7) & ~7;
      my $len = ($start + $size - $off) & ~7;
      push @words, unpack('Q<*', substr($bytes, $off, $len))
        if $len > 0 && $off + $len <= length $bytes;
    }
  }
  close $hdr;
  for my $w (@words) {
    my $f = $addr->{$w};
    $taken{$f} = 1 if defined $f;
  }
}

# With debug information, addr2line -i names the functions inlined at each
# call site, innermost first: the outer ones call the inner ones, and the
# innermost makes the call.  So a function inlined into its own recursive
# caller (sqlite3PcacheFetchFinish into pcacheFetchFinishWithInit) is still
# seen on the cycle.  Without debug information the edge is the symbol's.
sub inline {
  my ($file) = @_;
  my $list = "/tmp/callgraph.$$";
  open my $out, '>', $list or die "$list: $!";
  printf $out "%s\n", $_->[0] for @sites;
  close $out;
  my (@groups, $g);
  open my $a2l, '-|', "addr2line -a -f -i -C -e '$file' < '$list'" or die "addr2line: $!";
  while (<$a2l>) {
    chomp;
    if (/^0x[0-9a-f]+$/) {
      push @groups, $g = [];
    } elsif (defined $g && @$g < 64) {
      push @$g, $_;
    }
  }
  close $a2l;
  unlink $list;
  for my $i (0 .. $#sites) {
    my ($a, $cur, $t) = @{$sites[$i]};
    my @chain;
    if ($groups[$i]) {
      my @lines = @{$groups[$i]};
      for (my $k = 0; $k < @lines; $k += 2) {
        push @chain, node($lines[$k]) if $lines[$k] ne '??';
      }
    }
    my $from = $cur;
    if (@chain) {
      $edges{$cur}{$chain[-1]} = 1 if $chain[-1] ne $cur;
      for (my $k = $#chain; $k > 0; $k--) {
        $edges{$chain[$k]}{$chain[$k - 1]} = 1 if $chain[$k] ne $chain[$k - 1];
        $defined{$chain[$k - 1]} = 1;
      }
      $from = $chain[0];
    }
    $edges{$from}{$t} = 1;
  }
}

# A call (through the PLT or not) to a function one of the files defines is
# a plain edge; one to anything else may call back.
for my $f (keys %edges) {
  for my $t (keys %{$edges{$f}}) {
    next if $t eq $INDIRECT || $defined{$t};
    delete $edges{$f}{$t};
    $edges{$f}{$INDIRECT} = 1;
  }
}
$edges{$INDIRECT}{$_} = 1 for grep { $defined{$_} } keys %taken;

# Tarjan's strongly connected components.
my ($index, @stack, %on, %idx, %low, %cyclic) = (0);
sub visit {
  my ($v) = @_;
  $idx{$v} = $low{$v} = $index++;
  push @stack, $v;
  $on{$v} = 1;
  for my $w (keys %{$edges{$v} || {}}) {
    if (!exists $idx{$w}) {
      visit($w);
      $low{$v} = $low{$w} if $low{$w} < $low{$v};
    } elsif ($on{$w}) {
      $low{$v} = $idx{$w} if $idx{$w} < $low{$v};
    }
  }
  if ($low{$v} == $idx{$v}) {
    my @scc;
    my $w;
    do {
      $w = pop @stack;
      delete $on{$w};
      push @scc, $w;
    } while ($w ne $v);
    if (@scc > 1 || $edges{$v}{$v}) {
      $cyclic{$_} = 1 for @scc;
    }
  }
}
visit($_) for grep { !exists $idx{$_} } sort keys %edges;

print "R $_\n" for sort grep { $_ ne $INDIRECT } keys %cyclic;
print "D $_\n" for sort grep { !$cyclic{$_} } keys %defined;

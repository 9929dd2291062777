/* program-1.c: an instrumented program for the memscope command's tests.
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only arrays, whose sizes and instances do not depend on the compiler's
 * choices: parse() 3 times from main, each time nest() 4 deep.
 */
#include <string.h>

static volatile char sink;

__attribute__ ((noinline)) static void
nest (int n)
{
  char frame[100];

  memset (frame, n, sizeof frame);
  sink = frame[n];
  if (n > 1)
    nest (n - 1);
}

__attribute__ ((noinline)) static void
parse (int round)
{
  char line[256];

  memset (line, round, sizeof line);
  sink = line[round];
  nest (4);
}

int
main (void)
{
  char buffer[1000];
  int i;

  memset (buffer, 0, sizeof buffer);
  for (i = 0; i < 3; i++)
    parse (i);
  return buffer[10];
}

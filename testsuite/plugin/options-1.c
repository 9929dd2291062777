/* options-1.c: what the plugin's arguments and no_instrument_function
   leave out.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include "options-1.h"

static int
keep (int n)
{
  int arr[2] = { n, n };
  {
    int blk[2] = { n, 1 };
    KEEP (blk);
    arr[1] += blk[1];
  }
  KEEP (arr);
  return arr[0] + arr[1];
}

static int
skip_me (int n)
{
  int arr[2] = { n, 0 };
  KEEP (arr);
  return arr[0];
}

__attribute__ ((no_instrument_function)) static int
not_me (int n)
{
  int arr[2] = { n, 0 };
  return arr[0] + 1;
}

/* The arguments come from volatiles, so that plain gcc -O2 keeps the calls
   (it would otherwise fold them, with their constant arguments, into
   main).  */
static volatile int in[4] = { 1, 2, 3, 4 };

int
main (void)
{
  int scalar = 1;
  printf ("%d %d %d %d\n", keep (in[0]), skip_me (in[1]), not_me (in[2]),
          from_header (in[3]) + scalar);
  return 0;
}

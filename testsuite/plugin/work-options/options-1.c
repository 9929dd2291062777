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
    arr[1] += blk[1];
  }
  return arr[0] + arr[1];
}

static int
skip_me (int n)
{
  int arr[2] = { n, 0 };
  return arr[0];
}

__attribute__ ((no_instrument_function)) static int
not_me (int n)
{
  int arr[2] = { n, 0 };
  return arr[0] + 1;
}

int
main (void)
{
  int scalar = 1;
  printf ("%d %d %d %d\n", keep (1), skip_me (2), not_me (3),
          from_header (4) + scalar);
  return 0;
}

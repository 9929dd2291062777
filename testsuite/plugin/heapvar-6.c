/* heapvar-6.c: functions with the malloc attribute whose results are not
 * heap blocks of ours: iconv_open's (iconv_t) -1 when it fails (glibc 2.36
 * declares it so; libxml2's xmlFindCharEncodingHandler crashed there), a
 * page mapped right after an unmapped one, and an address at the top of
 * the address space.  The plugin ties each result to its variable as it
 * does an allocator's; the runtime must read below none of them.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

__attribute__ ((malloc, noipa)) void *
page_after_hole (void)
{
  char *p = mmap (NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (p == MAP_FAILED)
    return NULL;
  munmap (p, 4096);
  return p + 4096;
}

__attribute__ ((malloc, noipa)) void *
top_of_memory (void)
{
  return (void *) (uintptr_t) -16;
}

int
main (void)
{
  iconv_t cd = iconv_open ("NO-SUCH-ENCODING", "UTF-8");
  char *page = page_after_hole ();
  void *top = top_of_memory ();
  char *block = malloc (24);

  if (page == NULL || block == NULL)
    return 2;
  page[0] = 1;
  block[0] = 2;
  printf ("%d %d %d %d\n", cd == (iconv_t) -1, page[0], top == (void *) (uintptr_t) -16, block[0]);
  free (block);
  return 0;
}

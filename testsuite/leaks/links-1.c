/* glibc's own free-list links: a chunk freed into the unsorted bin gets
 * pointers (fd, bk) to its neighbours in the list, written after the
 * program's free returned.  Each round frees two 2000-byte blocks there,
 * x2's fd pointing at x1's chunk; each is then merged into the neighbour
 * freed before it, and both merged chunks are handed out again whole: the
 * kept one (y and x2, written in its first word only) still holds x2's
 * link, which points into the middle of the other (w and x1), and that
 * one is dropped.  LeakSanitizer's allocator and valgrind's write no such
 * links into blocks a program gets; memscope clears the first bytes of
 * every new block (malloc_fill).  The sizes are for memscope's 16-byte
 * header (elsewhere the chunks merge otherwise, and the leaks are found
 * all the same); free chunks left from before main can disturb the first
 * round's layout, not the next ones'. */
#include "leaks.h"

#define ROUNDS 5

static void *volatile keep[ROUNDS];
static void *volatile guards[2 * ROUNDS];

NOINLINE static void
leak_one (size_t n)
{
  void *volatile l = malloc (n);        /* the only pointer, dropped */

  memset (l, 0x11, 8);
}

NOINLINE static void
one_round (int i)
{
  void *w = malloc (1500);      /* glibc chunk of 1536 bytes */
  void *x1 = malloc (2000);     /* 2032 */
  void *y, *x2;

  guards[2 * i] = malloc (5000);
  y = malloc (2000);
  x2 = malloc (2000);
  guards[2 * i + 1] = malloc (5000);
  use (w);                      /* kept: GCC drops a malloc that only free uses */
  use (x1);
  use (y);
  use (x2);
  free (x1);                    /* unsorted bin */
  free (x2);                    /* unsorted bin: x2's fd is x1's chunk */
  free (y);                     /* y takes x2 in: x2's fd and bk stay inside */
  free (w);                     /* w takes x1 in: x1's header now inside w's chunk */
  keep[i] = malloc (4040);      /* y and x2, exactly: x2's stale fd inside */
  memset (keep[i], 0, 8);
  leak_one (3544);              /* w and x1, exactly: the fd points into it */
}

int
main (void)
{
  for (int i = 0; i < ROUNDS; i++)
    one_round (i);
  /* Freed last, so that massif marks the peak (valgrind.sh). */
  for (int i = 0; i < 2 * ROUNDS; i++)
    free (guards[i]);
  clear_stack ();
  return 0;
}

/* Freed memory handed out again: each holder keeps the only pointer to a
 * 40-byte block in its last word, and is freed; a block of the same size,
 * which glibc carves from the holder's bytes, is kept but only its first
 * word is written.  Then 10 times: a 2000-byte holder keeps one at byte
 * 1504 and shrinks in place to 100 bytes, and an 1800-byte block, carved
 * from the tail glibc got back, is kept written in its first word.  The
 * 110 blocks leak: LeakSanitizer's allocator gives no freed bytes back,
 * and memscope clears the first bytes of each new block (malloc_fill). */
#include "leaks.h"

#define ROUNDS 25

static const size_t sizes[] = { 64, 200, 1500, 4000 };
void **kept[ROUNDS * 4];
void **shrunk[10][2];

NOINLINE static void
churn (size_t size, void ***keep)
{
  void **holder = malloc (size);

  memset (holder, 0, size);
  holder[size / sizeof (void *) - 1] = alloc (40);
  use (holder);
  free (holder);
  *keep = malloc (size);
  (*keep)[0] = NULL;
  use (*keep);
}

NOINLINE static void
shrink (void ***keep)
{
  void **holder = malloc (2000);

  memset (holder, 0, 2000);
  holder[1504 / sizeof (void *)] = alloc (40);
  use (holder);
  keep[0] = realloc (holder, 100);
  keep[1] = malloc (1800);
  keep[1][0] = NULL;
  use (keep[1]);
}

int
main (void)
{
  for (int s = 0; s < 4; s++)
    for (int r = 0; r < ROUNDS; r++)
      churn (sizes[s], &kept[s * ROUNDS + r]);
  for (int r = 0; r < 10; r++)
    shrink (shrunk[r]);
  clear_stack ();
  return 0;
}

/* Freed memory handed out again: each holder keeps the only pointer to a
 * 40-byte block in its last word, and is freed; a block of the same size,
 * which glibc carves from the holder's bytes, is kept but only its first
 * word is written.  The 100 blocks leak: LeakSanitizer's allocator gives
 * no freed bytes back, and memscope clears what is freed (free_fill). */
#include "leaks.h"

#define ROUNDS 25

static const size_t sizes[] = { 64, 200, 1500, 4000 };
void **kept[ROUNDS * 4];

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

int
main (void)
{
  for (int s = 0; s < 4; s++)
    for (int r = 0; r < ROUNDS; r++)
      churn (sizes[s], &kept[s * ROUNDS + r]);
  clear_stack ();
  return 0;
}

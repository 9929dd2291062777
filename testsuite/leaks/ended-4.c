/* Producer and consumer threads: the producer makes 10 items of 48 bytes,
 * the consumer frees all but the two it holds in its stack when it ends:
 * 96 bytes in 2 blocks leak, every run. */
#include <pthread.h>
#include "leaks.h"

#define N 10
static void *queue[N];
static int produced, consumed;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;

static void *
producer (void *arg)
{
  int i;

  for (i = 0; i < N; i++)
    {
      void *item = alloc (48);
      pthread_mutex_lock (&lock);
      queue[produced++] = item;
      pthread_cond_signal (&more);
      pthread_mutex_unlock (&lock);
    }
  return NULL;
}

static void *
consumer (void *arg)
{
  void *volatile held[2] = { NULL, NULL };
  int i;

  for (i = 0; i < N; i++)
    {
      void *item;

      pthread_mutex_lock (&lock);
      while (consumed == produced)
        pthread_cond_wait (&more, &lock);
      item = queue[consumed];
      queue[consumed++] = NULL;
      pthread_mutex_unlock (&lock);
      if (i == 3 || i == 7)
        held[i == 7] = item;
      else
        free (item);
    }
  use ((void *) held);
  return NULL;
}

int
main (void)
{
  pthread_t p, c;

  pthread_create (&c, NULL, consumer, NULL);
  pthread_create (&p, NULL, producer, NULL);
  pthread_join (p, NULL);
  pthread_join (c, NULL);
  clear_stack ();
  return 0;
}

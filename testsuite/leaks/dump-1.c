/* A report taken while the program runs (memscope_dump) stops no thread:
 * a thread's 300 ms nanosleep is not cut short.  Prints nanosleep's result
 * (0) and memscope_dump's (1). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* memscope.h's, without GLib's headers. */
int memscope_dump (const char *path, void **error);

static void *
sleeper (void *arg)
{
  struct timespec t = { 0, 300 * 1000 * 1000 };

  *(int *) arg = nanosleep (&t, &t) == 0 ? 0 : errno;
  return NULL;
}

int
main (int argc, char **argv)
{
  pthread_t t;
  int slept = -1, dumped;

  pthread_create (&t, NULL, sleeper, &slept);
  usleep (50 * 1000);
  dumped = memscope_dump (argv[1], NULL);
  pthread_join (t, NULL);
  printf ("%d %d\n", slept, dumped);
  return 0;
}

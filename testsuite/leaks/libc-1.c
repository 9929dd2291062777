/* What glibc allocates for the program stays reachable from glibc's own
 * globals: a stream left open, its buffer, setenv's strings and environ.
 * getline's 120-byte buffer, dropped, leaks; so does a 44-byte block. */
#include <stdio.h>
#include "leaks.h"

FILE *log_file;

NOINLINE static void
setup (void)
{
  char *line = NULL;
  size_t cap = 0;
  FILE *in = fmemopen ((void *) "one line\n", 9, "r");

  if (getline (&line, &cap, in) > 0)
    use (line);
  fclose (in);
  line = NULL;
  log_file = fopen ("/dev/null", "w");
  fprintf (log_file, "%d\n", 42);
  fflush (log_file);
  /* environ from scratch: its size does not depend on what the
   * environment holds (valgrind adds to it). */
  clearenv ();
  setenv ("MEMSCOPE_LEAK_TEST_A", "a value", 1);
  setenv ("MEMSCOPE_LEAK_TEST_B", "another value", 1);
  use (alloc (44));
}

int
main (void)
{
  setup ();
  clear_stack ();
  return 0;
}

/* A block whose only pointer is in the initial environment: putenv over a
 * variable the process started with writes it into envp, which the kernel
 * laid out at the top of the main thread's stack, above the page that
 * glibc's pthread_getattr_np ends the stack at.  The program starts itself
 * again with 600 variables before the last one, so that the slot lies more
 * than a page above it.  The block is reachable; 24 bytes dropped leak. */
#include <stdio.h>
#include <unistd.h>
#include "leaks.h"

extern char **environ;

NOINLINE static void
replace_last (void)
{
  char **e = environ;
  char *s;

  while (e[1] != NULL)
    e++;
  s = malloc (64);
  snprintf (s, 64, "ENVIRON1_LAST=replaced by putenv");
  putenv (s);                 /* ENVIRON1_LAST exists: its envp slot now holds s */
  use (s);
}

int
main (int argc, char **argv)
{
  if (getenv ("ENVIRON1_LAST") == NULL)
    {
      static char vars[600][8], *env[700];
      int i, n = 0;

      for (i = 0; i < 600; i++)
        {
          snprintf (vars[i], sizeof vars[i], "V%d=x", i);
          env[n++] = vars[i];
        }
      /* The tools' own settings go on. */
      for (i = 0; environ[i] != NULL && n < 698; i++)
        if (strncmp (environ[i], "MEMSCOPE_", 9) == 0 || strncmp (environ[i], "LSAN_", 5) == 0
            || strncmp (environ[i], "LD_", 3) == 0)
          env[n++] = environ[i];
      env[n++] = "ENVIRON1_LAST=as started";
      execve ("/proc/self/exe", argv, env);
      return 1;
    }
  (void) argc;
  replace_last ();
  drop (24);
  clear_stack ();
  return strcmp (getenv ("ENVIRON1_LAST"), "replaced by putenv") == 0 ? 0 : 1;
}

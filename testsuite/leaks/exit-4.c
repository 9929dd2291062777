/* exit-2.c's program ended by _Exit (6) in the thread: the thread's
 * dropped 80 bytes leak, as at exit(). */
#include <stdlib.h>

#define END() _Exit (6)
#include "exit-2.c"

/* exit-1.c's program ended by _exit (5), with output still in stdout's
 * buffer: the report is written as at exit(), the same three 24-byte
 * blocks leaked; the buffer is lost, as without memscope. */
#include <stdio.h>
#include <unistd.h>

#define START() printf ("never flushed\n")
#define END() _exit (5)
#include "exit-1.c"

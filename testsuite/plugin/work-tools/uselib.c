#include <stdio.h>
int lib_value (int);
int main (void) { printf ("%d\n", lib_value (21)); return 0; }

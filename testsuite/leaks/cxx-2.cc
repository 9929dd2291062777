// new[] of a class with a destructor carries an 8-byte count before the
// elements: new Obj[3] of 16-byte objects is a 56-byte block, found
// through the pointer past its count.  Dropped: 56 + a 16-byte new Obj.
#include "leaks.h"

struct Obj
{
  long a = 0, b = 0;
  ~Obj () { use (this); }
};

Obj *kept_array;
Obj *kept_one;

NOINLINE static void
setup ()
{
  use (new Obj[3]);
  use (new Obj);
  kept_array = new Obj[2];
  kept_one = new Obj;
}

int
main ()
{
  setup ();
  clear_stack ();
  return 0;
}

/* exceptions-2.cc: C++ exceptions through C++ and C (exceptions-1.c)
   frames; destructors run inside their scope.
   SPDX-License-Identifier: GPL-3.0-or-later */
#include <cstdio>
#include <stdexcept>
#include <string>

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that plain gcc -O2 keeps the object in memory.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

extern "C" int c_layer (int depth, void (*cb) (int));

static int destroyed;

struct Guard
{
  char data[16];
  Guard () { data[0] = 1; KEEP (data); }
  ~Guard () { destroyed++; }
};

static void
thrower (int)
{
  Guard g;
  throw std::runtime_error ("boom");
}

static int
cxx_layer (int n)
{
  Guard g;
  int local[2] = { n, n };
  KEEP (local);
  if (n == 0)
    throw 42;
  return cxx_layer (n - 1) + local[0];
}

int
main ()
{
  int caught = 0;
  for (int round = 0; round < 2; round++)
    {
      try
        {
          c_layer (3, thrower);
        }
      catch (const std::exception &e)
        {
          std::string what = e.what ();
          caught += what.size ();
        }
      try
        {
          cxx_layer (2);
        }
      catch (int v)
        {
          caught += v;
        }
    }
  std::printf ("%d %d\n", caught, destroyed);
  return 0;
}

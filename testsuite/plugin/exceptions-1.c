/* exceptions-1.c: C built with -fexceptions; its scopes exit while a C++
   exception unwinds through them (see exceptions-2.cc).
   SPDX-License-Identifier: GPL-3.0-or-later */

/* KEEP (p) lets p's address escape into an empty asm that may read and
   write memory, so that plain gcc -O2 keeps the object in memory.  */
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

typedef void (*callback_fn) (int);

int
c_layer (int depth, callback_fn cb)
{
  int frame[4] = { depth, 0, 0, 0 };
  KEEP (frame);
  if (depth == 0)
    {
      cb (frame[0]);
      return 0;
    }
  {
    char block[8];
    block[0] = 1;
    KEEP (block);
    return c_layer (depth - 1, cb) + block[0];
  }
}

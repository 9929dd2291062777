/* exceptions-1.c: C built with -fexceptions; its scopes exit while a C++
   exception unwinds through them (see exceptions-2.cc).
   SPDX-License-Identifier: GPL-3.0-or-later */

typedef void (*callback_fn) (int);

int
c_layer (int depth, callback_fn cb)
{
  int frame[4] = { depth, 0, 0, 0 };
  if (depth == 0)
    {
      cb (frame[0]);
      return 0;
    }
  {
    char block[8];
    block[0] = 1;
    return c_layer (depth - 1, cb) + block[0];
  }
}

// heapvar-4.cc: C++ allocations tied to the pointer receiving them:
// malloc, new[] and new with a constructor (the gimplifier's temporary).
// Copyright (C) 2026 The memscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <cstdlib>

// KEEP (p) lets the block p points to escape into an empty asm that may
// read and write memory, so that plain gcc -O2 keeps its allocation (it
// deletes an allocation nothing else can see, freed or not).
#define KEEP(p) __asm__ __volatile__ ("" : : "r" (p) : "memory")

struct Node
{
  Node *next;
  int value;
  Node (int v) : next (nullptr), value (v) {}
};

static int
f (int n)
{
  char *p = static_cast<char *> (std::malloc (n));
  int *q = new int[4];
  Node *k = new Node (n);
  KEEP (p);
  KEEP (q);
  KEEP (k);
  q[0] = k->value;
  int r = q[0] + (p != nullptr);
  delete k;
  delete[] q;
  std::free (p);
  return r;
}

int
main ()
{
  std::printf ("%d\n", f (5));
  return 0;
}

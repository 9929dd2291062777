/* workloads.h: the workloads bench/plugin.sh builds in several ways.
 *
 * Copyright (C) 2026 The memscope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each takes a scale factor k (work grows linearly in k), returns a
 * checksum that every build must reproduce, and adds to *units the number
 * of events it stands for (calls of the source program for fib and rec,
 * loop iterations for the loops), so the script can turn instruction counts
 * into costs per event.  Each lives in its own translation unit so the
 * driver cannot inline it.
 */
#ifndef BENCH_WORKLOADS_H
#define BENCH_WORKLOADS_H

unsigned long wl_fib (unsigned long k, unsigned long *units);
unsigned long wl_rec (unsigned long k, unsigned long *units);
unsigned long wl_arrays (unsigned long k, unsigned long *units);
unsigned long wl_blocks (unsigned long k, unsigned long *units);
unsigned long wl_regs (unsigned long k, unsigned long *units);

#endif

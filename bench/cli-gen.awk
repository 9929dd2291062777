# cli-gen.awk: writes a synthetic memscope report (JSON v1) with N contexts,
# for bench/cli-scale.sh.  Usage: awk -v n=100000 -f bench/cli-gen.awk
# Copyright (C) 2026 The memscope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The shape imitates a large program: 2,000 scope sites, 8 threads, three
# variables per site, contexts forming a bushy tree (each one's parent is an
# earlier context, biased towards recent ones so the tree gets deep), and
# heap fields on every context so the heap code paths are timed too.  As
# the runtime writes today: each context lists the threads that entered it,
# each leak group says whether it was still reachable, and "heap" has the
# totals.
BEGIN {
  if (n == "") n = 100000
  nscopes = 2000; nthreads = 8; srand(42)
  printf "{\"format\":\"memscope\",\"version\":1,\"program\":\"bench\",\"pid\":1,\"taken_at\":1000000000,\"threads\":["
  for (t = 1; t <= nthreads; t++)
    printf "%s{\"id\":%d,\"tid\":%d,\"name\":\"worker-%d\",\"is_active\":false,\"scopes_entered\":%d,\"variables_registered\":%d,\"stack_bytes_peak\":%d,\"peak_context\":%d,\"created_at\":%d,\"ended_at\":%d,\"total_allocations\":%d,\"total_deallocations\":%d,\"current_memory\":0,\"peak_memory\":%d}", \
      (t > 1 ? "," : ""), t, 1000 + t, t, 100000 * t, 90000 * t, 4096 * t, t, t * 1000, 900000000, 5000 * t, 4990 * t, 65536 * t
  printf "],\"scopes\":["
  for (s = 1; s <= nscopes; s++)
    printf "%s{\"id\":%d,\"kind\":\"function\",\"name\":\"fn_%d\",\"function\":\"fn_%d\",\"file\":\"src/file_%d.c\",\"line\":%d,\"parent\":null,\"depth\":0,\"entries\":%d,\"variables\":[%d,%d,%d],\"frame_bytes\":%d,\"peak_memory\":%d,\"is_active\":false}", \
      (s > 1 ? "," : ""), s, s, s, s % 97, 10 + s % 500, 1 + s * 7, 3 * s - 2, 3 * s - 1, 3 * s, 16 * (s % 64), 64 * (s % 512)
  printf "],\"variables\":["
  for (v = 1; v <= 3 * nscopes; v++)
    printf "%s{\"id\":%d,\"name\":\"v%d\",\"type\":\"char[%d]\",\"size\":%d,\"kind\":\"local\",\"scope\":%d,\"file\":\"src/file_%d.c\",\"line\":%d,\"tracked\":true,\"instances\":%d,\"live\":0,\"is_active\":false,\"address\":null}", \
      (v > 1 ? "," : ""), v, v, 8 * (v % 100), 8 * (v % 100), int((v + 2) / 3), int((v + 2) / 3) % 97, 20 + v % 400, v
  printf "],\"contexts\":["
  for (c = 1; c <= n; c++) {
    if (c <= 10) parent = "null"
    else { p = c - 1 - int(rand() * rand() * (c - 1)); parent = p }
    t = 1 + int(rand() * nthreads); threads = (rand() < 0.2 ? t "," (1 + t % nthreads) : t)
    printf "%s{\"id\":%d,\"scope\":%d,\"parent\":%s,\"entries\":%d,\"direct_bytes\":%d,\"peak_memory\":%d,\"folded\":false,\"is_active\":false,\"heap_allocations\":%d,\"heap_bytes\":%d,\"heap_live_bytes\":%d,\"heap_peak_bytes\":%d,\"threads\":[%s]}", \
      (c > 1 ? "," : ""), c, 1 + int(rand() * nscopes), parent, 1 + int(rand() * 1000), 16 * int(rand() * 64), 1024 + int(rand() * 65536), \
      int(rand() * 10), 64 * int(rand() * 100), (rand() < 0.01 ? 64 : 0), 128 * int(rand() * 10), threads
  }
  printf "],\"leaks\":["
  for (l = 1; l <= 1000; l++) {
    reachable = (l % 3 == 0); bytes = 64 * l; blocks = 1 + l % 5
    printf "%s{\"context\":%d,\"variable\":%d,\"bytes\":%d,\"blocks\":%d,\"inherited\":false,\"reachable\":%s}", (l > 1 ? "," : ""), 1 + int(rand() * n), 1 + int(rand() * 3 * nscopes), bytes, blocks, (reachable ? "true" : "false")
    live_blocks += blocks; live_bytes += bytes
    if (!reachable) { leaked_blocks += blocks; leaked_bytes += bytes }
  }
  printf "],\"heap\":{\"enabled\":true,\"live_blocks\":%d,\"live_bytes\":%d,\"leaked_blocks\":%d,\"leaked_bytes\":%d,\"inherited_blocks\":0,\"inherited_bytes\":0,\"outside_allocations\":0,\"outside_bytes\":0,\"outside_live_bytes\":0,\"outside_peak_bytes\":0}}\n", \
    live_blocks, live_bytes, leaked_blocks, leaked_bytes
}

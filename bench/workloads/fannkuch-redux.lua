-- fannkuch-redux.lua: array indexing and integer arithmetic, after the
-- Computer Language Benchmarks Game's fannkuch-redux.  Usage:
-- lua fannkuch-redux.lua N
-- Copyright (C) 2026 The memscope authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- For every permutation of 0..N-1 (in the order of the count-vector
-- algorithm), counts how often the prefix up to the first element must be
-- reversed until that element is 0.  Prints the checksum (flips, added
-- and subtracted alternately) and the largest count: 228 and 16 for N = 7,
-- 73196 and 38 for N = 10.  The interpreter's main loop does nearly all the
-- work; few C functions are called.

local function fannkuch(n)
  local perm, perm1, count = {}, {}, {}
  local maxflips, checksum, even = 0, 0, true
  for i = 0, n - 1 do perm1[i] = i end
  local r = n
  while true do
    while r ~= 1 do
      count[r - 1] = r
      r = r - 1
    end
    for i = 0, n - 1 do perm[i] = perm1[i] end
    local flips = 0
    local k = perm[0]
    while k ~= 0 do
      local i, j = 0, k
      while i < j do
        perm[i], perm[j] = perm[j], perm[i]
        i = i + 1
        j = j - 1
      end
      flips = flips + 1
      k = perm[0]
    end
    if flips > maxflips then maxflips = flips end
    checksum = checksum + (even and flips or -flips)
    even = not even
    -- The next permutation: rotate the first r + 1 elements until a
    -- count is left.
    while true do
      if r == n then return checksum, maxflips end
      local perm0 = perm1[0]
      for i = 0, r - 1 do perm1[i] = perm1[i + 1] end
      perm1[r] = perm0
      count[r] = count[r] - 1
      if count[r] > 0 then break end
      r = r + 1
    end
  end
end

local n = tonumber(arg[1]) or 7
local checksum, maxflips = fannkuch(n)
print(checksum)
print(string.format("Pfannkuchen(%d) = %d", n, maxflips))

-- binary-trees.lua: allocation and garbage collection, after the Computer
-- Language Benchmarks Game's binary-trees.  Usage: lua binary-trees.lua DEPTH
-- Copyright (C) 2026 The memscope authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Builds perfect binary trees of tables, walks them and drops them: a
-- stretch tree of DEPTH + 1, one long-lived tree of DEPTH, and 2^(DEPTH -
-- d + 4) short-lived trees of each even depth d from 4 to DEPTH.  The
-- interpreter spends its time in table creation, the collector and calls.
-- Prints the benchmark's lines and a checksum, the same in every build.

local function bottom_up(depth)
  if depth > 0 then
    depth = depth - 1
    return { bottom_up(depth), bottom_up(depth) }
  end
  return {}
end

local function check(tree)
  if tree[1] then
    return 1 + check(tree[1]) + check(tree[2])
  end
  return 1
end

local mindepth = 4
local maxdepth = math.max(mindepth + 2, tonumber(arg[1]) or 10)
local sum = 0

local stretch = maxdepth + 1
local c = check(bottom_up(stretch))
sum = sum + c
print(string.format("stretch tree of depth %d\t check: %d", stretch, c))

local longlived = bottom_up(maxdepth)
for depth = mindepth, maxdepth, 2 do
  local iterations = 1 << (maxdepth - depth + mindepth)
  c = 0
  for _ = 1, iterations do
    c = c + check(bottom_up(depth))
  end
  sum = (sum * 31 + c) % 2147483647
  print(string.format("%d\t trees of depth %d\t check: %d", iterations, depth, c))
end
c = check(longlived)
sum = (sum * 31 + c) % 2147483647
print(string.format("long lived tree of depth %d\t check: %d", maxdepth, c))
print("checksum " .. sum)

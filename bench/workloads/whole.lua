-- whole.lua: the whole-program example of bench/plugin.sh, run by a Lua 5.4
-- interpreter built three ways.  Usage: lua whole.lua ROUNDS
-- Copyright (C) 2026 The memscope authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Interpreter calls, table building and sorting, string formatting and
-- pattern matching: most of the interpreter's C functions get exercised.
-- Prints one checksum, the same in every build.
local rounds = tonumber(arg[1]) or 1

local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local acc = 0
for r = 1, rounds do
  acc = acc + fib(20 + r % 3)
  local t = {}
  for i = 1, 20000 do t[i] = (i * 7919 + r) % 10007 end
  table.sort(t)
  local parts = {}
  for i = 1, 2000 do parts[#parts + 1] = string.format("%d:%x", t[i * 10], i) end
  local s = table.concat(parts, ",")
  local hits = 0
  for a, b in s:gmatch("(%d+):(%x+)") do hits = hits + #a + #b end
  acc = (acc * 31 + #s + hits + t[1000]) % 2147483647
end
print(acc)

-- lua-workload.lua: a deterministic Lua workload for the real-program check.
-- Copyright (C) 2026 The memscope authors
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Debian's lua5.4 source has no test suite beyond `lua -v`, so this drives
-- the interpreter's C code where instrumentation is most at risk: errors
-- (longjmp out of nested C frames), coroutines, C calling back into Lua
-- (sort, gsub, metamethods), the parser's recursion, C stack overflow, the
-- garbage collector with finalizers, and to-be-closed variables.  It prints
-- the same lines on every run; the check compares two builds' output.

local out = {}
local function say(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  out[#out + 1] = table.concat(t, " ")
  print(table.unpack(t, 1, t.n))
end

-- Recursion and closures.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
say("fib", fib(24), "ack", ack(2, 300))

local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local c1, c2 = counter(), counter()
for _ = 1, 10 do c1() end
say("closures", c1(), c2())

-- Errors: pcall, error objects, xpcall with a traceback, nested levels.
local function thrower(depth, what)
  if depth == 0 then error(what, 0) end
  local ok, err = pcall(thrower, depth - 1, what)
  if depth % 3 == 0 then error(err, 0) end
  return ok, err
end
for _, depth in ipairs({ 1, 10, 50, 150 }) do
  say("pcall", depth, pcall(thrower, depth, "boom" .. depth))
end
local ok, tb = xpcall(function() local t = nil; return t.x end, debug.traceback)
say("xpcall", ok, (tb:match("attempt to index a nil value") ~= nil))
say("error table", select(2, pcall(error, { code = 42 })).code)
say("tostring error", pcall(string.rep))

-- C stack overflow and Lua stack overflow, both caught.
local function deep(n) return deep(n + 1) + 1 end
local okd, errd = pcall(deep, 1)
say("stack overflow", okd, (errd:match("stack overflow") ~= nil))
local mt = {}
mt.__index = function(t, k) return setmetatable({}, mt)[k] end
local okc, errc = pcall(function() return setmetatable({}, mt).x end)
say("C stack overflow", okc, (tostring(errc):match("overflow") ~= nil))

-- Coroutines: generators, yield across pcall, close, wrap, errors inside.
local function gen(n)
  return coroutine.wrap(function()
    for i = 1, n do
      local okp = pcall(function() coroutine.yield(i * i) end)
      assert(okp)
    end
  end)
end
local sum = 0
for v in gen(200) do sum = sum + v end
say("coroutine sum", sum)
local co = coroutine.create(function(a)
  local b = coroutine.yield(a + 1)
  error("inside " .. b)
end)
say("resume", coroutine.resume(co, 1))
say("resume error", coroutine.resume(co, "co"))
say("status", coroutine.status(co))
local co2 = coroutine.create(function()
  local _ <close> = setmetatable({}, { __close = function() say("closed by coroutine.close") end })
  coroutine.yield(1)
end)
coroutine.resume(co2)
say("close", coroutine.close(co2))
local nested = 0
local function nest(d)
  if d == 0 then coroutine.yield(1) return end
  local c = coroutine.create(function() nest(d - 1); nested = nested + 1 end)
  while coroutine.resume(c) and coroutine.status(c) ~= "dead" do end
end
coroutine.wrap(function() nest(50) end)()
say("nested coroutines", nested)

-- C calling back into Lua: sort with a comparator, gsub with a function.
local t = {}
local seed = 12345
for i = 1, 20000 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  t[i] = seed % 100000
end
table.sort(t, function(a, b) return a > b end)
say("sort", t[1], t[10000], t[20000])
local s = string.rep("memscope tracks scopes ", 500)
local n
s, n = s:gsub("(%w+)", function(w) return w:upper():reverse() end)
say("gsub", n, s:sub(1, 40), #s)
say("format", string.format("%5.2f|%-6s|%x|%q", math.pi, "ab", 255, "a\nb"))
say("pack", string.unpack("<i4 d s1", string.pack("<i4 d s1", -7, 2.5, "xyz")))
say("utf8", utf8.len("héllo wörld"), utf8.char(72, 228, 8364))

-- Metatables: arithmetic, __index chains, __gc finalizers, __close.
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({ x = a.x + b.x }, V) end
V.__tostring = function(a) return "V(" .. a.x .. ")" end
local acc = setmetatable({ x = 0 }, V)
for i = 1, 1000 do acc = acc + setmetatable({ x = i }, V) end
say("metatables", tostring(acc))
local finalized = 0
for _ = 1, 500 do setmetatable({}, { __gc = function() finalized = finalized + 1 end }) end
collectgarbage("collect")
collectgarbage("collect")
say("finalizers", finalized)
do
  local order = {}
  do
    local a <close> = setmetatable({}, { __close = function() order[#order + 1] = "a" end })
    local b <close> = setmetatable({}, { __close = function() order[#order + 1] = "b" end })
  end
  local okx = pcall(function()
    local c <close> = setmetatable({}, { __close = function() order[#order + 1] = "c" end })
    error("x")
  end)
  say("to-be-closed", okx, table.concat(order, ","))
end

-- The parser: generated code, deep nesting, syntax errors.
local parts = {}
for i = 1, 180 do parts[#parts + 1] = ("local v%d = %d * (%d + 1)"):format(i, i, i) end
parts[#parts + 1] = "return v1 + v180"
say("load", load(table.concat(parts, "\n"))())
local expr = string.rep("(", 150) .. "1" .. string.rep(" + 1)", 150)
say("nested expr", load("return " .. expr)())
say("syntax error", load("return 1 +"))
local okp, errp = pcall(load, "return " .. string.rep("(", 1000) .. "1" .. string.rep(")", 1000))
say("too deep", okp, (errp == nil))

-- The garbage collector in both modes, with strings and tables.
for _, mode in ipairs({ "incremental", "generational" }) do
  collectgarbage(mode)
  local keep = {}
  for i = 1, 50000 do
    local k = "k" .. (i % 997)
    keep[k] = { i, tostring(i), { i } }
  end
  collectgarbage("collect")
  local count = 0
  for _ in pairs(keep) do count = count + 1 end
  say("gc", mode, count)
end

-- Files.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
for i = 1, 1000 do f:write(i, "\n") end
f:close()
local total = 0
for line in io.lines(name) do total = total + tonumber(line) end
os.remove(name)
say("io", total)

local h = 0
for _, l in ipairs(out) do
  for i = 1, #l do h = (h * 31 + l:byte(i)) % 4294967296 end
end
say("workload ok", #out, h)

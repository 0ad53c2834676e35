-- binary-trees (the Computer Language Benchmarks Game), depth from argv
local function BottomUpTree(depth)
  if depth > 0 then
    depth = depth - 1
    return { BottomUpTree(depth), BottomUpTree(depth) }
  else
    return {}
  end
end

local function ItemCheck(tree)
  if tree[1] then return 1 + ItemCheck(tree[1]) + ItemCheck(tree[2]) end
  return 1
end

local N = tonumber(arg and arg[1]) or 14
local mindepth = 4
local maxdepth = math.max(mindepth + 2, N)
do
  local stretchdepth = maxdepth + 1
  io.write(string.format("stretch tree of depth %d\t check: %d\n", stretchdepth, ItemCheck(BottomUpTree(stretchdepth))))
end
local longlivedtree = BottomUpTree(maxdepth)
for depth = mindepth, maxdepth, 2 do
  local iterations = 2 ^ (maxdepth - depth + mindepth)
  local check = 0
  for _ = 1, iterations do check = check + ItemCheck(BottomUpTree(depth)) end
  io.write(string.format("%d\t trees of depth %d\t check: %d\n", iterations, depth, check))
end
io.write(string.format("long lived tree of depth %d\t check: %d\n", maxdepth, ItemCheck(longlivedtree)))

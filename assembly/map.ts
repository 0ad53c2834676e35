// The heap map: what a picture of the heap needs, read by walks that change
// nothing (src/map/ draws it). Three views, each filling a static record
// that the caller reads before the next call:
//
//   pyheap_map_block(p) -> next    raw blocks from the heap's start to its
//     top, one per call (p = 0 first, then the value returned, until 0):
//       mapBlock+0  start of the block (its header)
//       mapBlock+4  size in bytes, header included
//       mapBlock+8  kind: 0 used, 1 free, 2 arena, 3 the arena table
//   pyheap_map_arena(i) -> pools cut, or -1 if arena object i has no arena:
//       mapArena+0  arena base      mapArena+4  pools it can hold
//       mapArena+8  pools cut       then 3 u32 per pool cut: size class
//       (0xffff when empty), blocks in use, capacity
//   pyheap_map_pool(pool) -> blocks, 0 if not a used pool:
//       mapPool+0   offset of the first block in the pool
//       mapPool+4   one byte per block (2 live, 1 free, 0 never used)
//
// pyheap_map_arenas() is the number of arena objects to ask about.

import { MAX_POOLS_IN_ARENA, POOL_SIZE, ALIGNMENT } from "./config";
import { BLOCK_HEADER, FREE, ARENA, FLAGS_MASK, getInfo } from "./raw/block";
import { nextBlock } from "./raw/walk";
import { mapArenaPools, mapPoolBlocks } from "./pymalloc/walk";
import { POOL_OVERHEAD } from "./pymalloc/pool";
import { allarenas, maxarenas, arenaAt, arenaObject } from "./pymalloc/arena";

const mapBlock: usize = memory.data(12);
const mapArena: usize = memory.data(<i32>(12 + MAX_POOLS_IN_ARENA * 12));
const mapPool: usize = memory.data(<i32>(4 + POOL_SIZE / ALIGNMENT));

export function pyheap_map_block(p: usize): usize {
  let q = nextBlock(p);
  if (!q) return 0;
  let info = getInfo(q);
  store<u32>(mapBlock, <u32>(q - BLOCK_HEADER));
  store<u32>(mapBlock, info & ~FLAGS_MASK, 4);
  let kind: u32 = info & FREE ? 1 : info & ARENA ? 2 : q == allarenas ? 3 : 0;
  store<u32>(mapBlock, kind, 8);
  return q;
}
export function pyheap_map_block_record(): usize {
  return mapBlock;
}

export function pyheap_map_arenas(): u32 {
  return maxarenas;
}
export function pyheap_map_arena(i: u32): i32 {
  let n = mapArenaPools(i, mapArena + 12);
  if (n < 0) return n;
  let ao = arenaAt(i);
  store<u32>(mapArena, <u32>arenaObject(ao).address);
  store<u32>(mapArena, <u32>arenaObject(ao).ntotalpools, 4);
  store<u32>(mapArena, <u32>n, 8);
  return n;
}
export function pyheap_map_arena_record(): usize {
  return mapArena;
}

export function pyheap_map_pool(pool: usize): u32 {
  let n = mapPoolBlocks(pool, mapPool + 4);
  store<u32>(mapPool, n ? <u32>POOL_OVERHEAD : 0);
  return n;
}
export function pyheap_map_pool_record(): usize {
  return mapPool;
}

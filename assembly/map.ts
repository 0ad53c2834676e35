// The heap map: what a picture of the heap needs, read by walks that change
// nothing the allocator reads (the unchecked build's walks rewrite a pool's
// bitmap, which only walks read there; src/map/ draws it). Three views,
// each filling a static record that the caller reads before the next call:
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
import { BLOCK_HEADER, FREE, ARENA, CACHED, FLAGS_MASK, getInfo } from "./raw/block";
import { nextBlock } from "./raw/walk";
import { mapArenaPools, mapPoolBlocks, MapPoolEntry } from "./pymalloc/walk";
import { POOL_OVERHEAD } from "./pymalloc/pool";
import { allarenas, maxarenas, arenaAt, arenaObject } from "./pymalloc/arena";

// The records, as drawn above.
// @ts-ignore: decorator
@unmanaged class BlockRecord {
  start: u32;
  size: u32;
  kind: u32;
}
// @ts-ignore: decorator
@unmanaged class ArenaRecord {
  base: u32;
  totalPools: u32;
  cut: u32; // then a MapPoolEntry per pool cut
}
// @ts-ignore: decorator
@unmanaged class PoolRecord {
  firstOffset: u32; // then a byte per block
}

const KIND_USED: u32 = 0;
const KIND_FREE: u32 = 1;
const KIND_ARENA: u32 = 2;
const KIND_TABLE: u32 = 3;

const ARENA_RECORD_SIZE = offsetof<ArenaRecord>() + MAX_POOLS_IN_ARENA * offsetof<MapPoolEntry>();
const POOL_RECORD_SIZE = offsetof<PoolRecord>() + POOL_SIZE / ALIGNMENT;

/** The three records lie in one reservation, so that the shared build's
 *  check of its statics (shared.ts) can leave out what the map writes: a
 *  map drawn before pyheap_init must not look like a client's overlap. */
export const MAP_RECORDS_SIZE: usize = offsetof<BlockRecord>() + ARENA_RECORD_SIZE + POOL_RECORD_SIZE;
export const mapRecords: usize = memory.data(<i32>MAP_RECORDS_SIZE);

const mapBlock = changetype<BlockRecord>(mapRecords);
const mapArena: usize = mapRecords + offsetof<BlockRecord>();
const mapPool: usize = mapArena + ARENA_RECORD_SIZE;

export function pyheap_map_block(p: usize): usize {
  let q = nextBlock(p);
  if (!q) return 0;
  let info = getInfo(q);
  mapBlock.start = <u32>(q - BLOCK_HEADER);
  mapBlock.size = info & ~FLAGS_MASK;
  mapBlock.kind = info & (FREE | CACHED) ? KIND_FREE : info & ARENA ? KIND_ARENA : q == allarenas ? KIND_TABLE : KIND_USED;
  return q;
}
export function pyheap_map_block_record(): usize {
  return changetype<usize>(mapBlock);
}

export function pyheap_map_arenas(): u32 {
  return maxarenas;
}
export function pyheap_map_arena(i: u32): i32 {
  let n = mapArenaPools(i, mapArena + offsetof<ArenaRecord>());
  if (n < 0) return n;
  let ao = arenaAt(i);
  let r = changetype<ArenaRecord>(mapArena);
  r.base = <u32>arenaObject(ao).address;
  r.totalPools = <u32>arenaObject(ao).ntotalpools;
  r.cut = <u32>n;
  return n;
}
export function pyheap_map_arena_record(): usize {
  return mapArena;
}

export function pyheap_map_pool(pool: usize): u32 {
  let n = mapPoolBlocks(pool, mapPool + offsetof<PoolRecord>());
  changetype<PoolRecord>(mapPool).firstOffset = n ? <u32>POOL_OVERHEAD : 0;
  return n;
}
export function pyheap_map_pool_record(): usize {
  return mapPool;
}

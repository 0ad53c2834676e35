// Reads the heap map (assembly/map.ts draws its records) and the statistics
// into one plain object that render.ts draws and tests compare: nothing
// here changes the heap.

import { readStats, type MallocStats } from "../stats.js";
import type { MapExports } from "../exports.js";

/** The map exports (assembly/map.ts, generated); build/malloc.wasm has none. */
export type { MapExports };

export type BlockKind = "used" | "free" | "arena" | "arena table";
const KINDS: BlockKind[] = ["used", "free", "arena", "arena table"];

/** A raw block: a large block, a free one, an arena, or the arena table. */
export interface MapBlock { start: number; size: number; kind: BlockKind }

/** A pool cut from an arena: sizeClass -1 when it is empty. */
export interface MapPool { address: number; sizeClass: number; blockSize: number; used: number; capacity: number }

export interface MapArena {
  index: number;
  base: number;
  /** Pools the arena holds; those past `pools` were never cut. */
  totalPools: number;
  pools: MapPool[];
}

/** One pool's blocks in address order. */
export interface MapPoolBlocks {
  address: number;
  /** Address of the first block (after the pool's header). */
  firstBlock: number;
  blockSize: number;
  states: ("live" | "free" | "never used")[];
}

export interface HeapMapData {
  stats: MallocStats;
  /** The heap's first and last byte: below is static data, above the
   *  wilderness (memory not yet given to a block). */
  heapStart: number;
  heapTop: number;
  blocks: MapBlock[];
  arenas: MapArena[];
}

export function hasMap(ex: object): ex is MapExports {
  return typeof (ex as Partial<MapExports>).pyheap_map_block === "function";
}

export function readHeapMap(ex: MapExports): HeapMapData {
  const stats = readStats(ex);
  const blocks: MapBlock[] = [];
  const rec = ex.pyheap_map_block_record() >>> 0;
  for (let p = ex.pyheap_map_block(0) >>> 0; p; p = ex.pyheap_map_block(p) >>> 0) {
    const w = new Uint32Array(ex.memory.buffer, rec, 3);
    blocks.push({ start: w[0], size: w[1], kind: KINDS[w[2]] });
  }
  const heapStart = blocks.length ? blocks[0].start : stats.memory.staticBytes;
  const last = blocks[blocks.length - 1];
  const heapTop = last ? last.start + last.size : heapStart;
  const arenas: MapArena[] = [];
  const arec = ex.pyheap_map_arena_record() >>> 0;
  const { poolSize } = stats.geometry;
  for (let i = 0, n = ex.pyheap_map_arenas() >>> 0; i < n; i++) {
    const cut = ex.pyheap_map_arena(i);
    if (cut < 0) continue;
    const w = new Uint32Array(ex.memory.buffer, arec, 3 + cut * 3);
    const pools: MapPool[] = [];
    for (let j = 0; j < cut; j++) {
      const szidx = w[3 + 3 * j];
      const empty = szidx === 0xffff;
      pools.push({
        address: w[0] + j * poolSize,
        sizeClass: empty ? -1 : szidx,
        blockSize: empty ? 0 : (szidx + 1) * stats.geometry.alignment,
        used: w[4 + 3 * j],
        capacity: w[5 + 3 * j],
      });
    }
    arenas.push({ index: i, base: w[0], totalPools: w[1], pools });
  }
  return { stats, heapStart, heapTop, blocks, arenas };
}

/** The blocks of a used pool, or null if `pool` is not one. */
export function readPoolBlocks(ex: MapExports, pool: number, blockSize: number): MapPoolBlocks | null {
  const n = ex.pyheap_map_pool(pool) >>> 0;
  if (!n) return null;
  const rec = ex.pyheap_map_pool_record() >>> 0;
  const offset = new Uint32Array(ex.memory.buffer, rec, 1)[0];
  const bytes = new Uint8Array(ex.memory.buffer, rec + 4, n);
  const names = ["never used", "free", "live"] as const;
  return { address: pool, firstBlock: pool + offset, blockSize, states: Array.from(bytes, (b) => names[b]) };
}

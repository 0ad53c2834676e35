// The statistics record (CPython's sys._debugmallocstats(), as numbers).
// pyheap_stats() fills it and returns its address; the facade reads it and
// formats the text report, so the two can never disagree. Its figures add
// up exactly:
//
//   memory = staticBytes + rawUsedBytes + rawHeaderBytes + rawFreeBytes
//          + arenaCommittedBytes + wildernessBytes + arenaTableBytes
//   arenaCommittedBytes = arenaOverheadBytes + pools cut * POOL_SIZE
//                       + untouchedCommittedBytes
//   pools cut * POOL_SIZE = allocatedBytes + availableBytes + poolHeaderBytes
//                         + quantizationBytes + emptyPools * POOL_SIZE
//
// Layout: STATS_WORDS u32 words (the S_* indices below), then 3 u32 per
// size class: pools, blocks in use, available blocks. src/stats.ts names
// the words in the same order (test/constants.test.ts compares them).

import {
  DEBUG, LEGACY, ALIGNMENT, SMALL_REQUEST_THRESHOLD, NB_SMALL_SIZE_CLASSES, POOL_SIZE, ARENA_SIZE,
} from "./config";
import { committedEnd, growCount, maxBytes } from "./source/memory";
import { getHeapStart, getTop, rawUsableSize } from "./raw/raw";
import { BLOCK_HEADER } from "./raw/block";
import {
  walkRaw, usedBlocks, usedBytes, headerBytes, freeBlocks, freeBytes, arenaCommittedBytes,
} from "./raw/walk";
import {
  walkPymalloc, usedPools, emptyPools, untouchedPools, untouchedCommittedBytes,
  allocatedBytes, availableBytes, quantizationBytes,
} from "./pymalloc/walk";
import { POOL_OVERHEAD } from "./pymalloc/pool";
import { allarenas, maxarenas, narenasCurrentlyAllocated, ntimesArenaAllocated, narenasHighwater } from "./pymalloc/arena";

const S_ALIGNMENT = 0;
const S_SMALL_REQUEST_THRESHOLD = 1;
const S_SIZE_CLASSES = 2;
const S_POOL_SIZE = 3;
const S_ARENA_SIZE = 4;
const S_FLAGS = 5; // bit 0 debug build, bit 1 legacy geometry
const S_MEMORY_PAGES = 6;
const S_MAX_PAGES = 7;
const S_GROW_CALLS = 8;
const S_STATIC_BYTES = 9;
const S_ARENAS_ALLOCATED_TOTAL = 10;
const S_ARENAS_RECLAIMED = 11;
const S_ARENAS_HIGHWATER = 12;
const S_ARENAS_CURRENT = 13;
const S_USED_POOLS = 14;
const S_EMPTY_POOLS = 15;
const S_UNTOUCHED_POOLS = 16;
const S_ALLOCATED_BYTES = 17;
const S_AVAILABLE_BYTES = 18;
const S_POOL_HEADER_BYTES = 19;
const S_QUANTIZATION_BYTES = 20;
const S_UNTOUCHED_COMMITTED_BYTES = 21;
const S_ARENA_COMMITTED_BYTES = 22;
const S_ARENA_OVERHEAD_BYTES = 23;
const S_RAW_USED_BLOCKS = 24;
const S_RAW_USED_BYTES = 25;
const S_RAW_HEADER_BYTES = 26;
const S_RAW_FREE_BLOCKS = 27;
const S_RAW_FREE_BYTES = 28;
const S_WILDERNESS_BYTES = 29;
const S_ARENA_TABLE_BYTES = 30;
/** The words before the size classes' records in pyheap_stats()'s record
 *  (room for a field or two more). */
export const STATS_WORDS: usize = 32;

export const STATS_RECORD_SIZE: usize = (STATS_WORDS + NB_SMALL_SIZE_CLASSES * 3) * 4;
export const statsRecord: usize = memory.data(<i32>STATS_RECORD_SIZE);

// @ts-ignore: decorator
@inline function put(index: i32, v: usize): void {
  store<u32>(statsRecord + (<usize>index << 2), <u32>v);
}

export function fillStats(): usize {
  walkRaw();
  walkPymalloc(statsRecord + STATS_WORDS * 4);
  let end = committedEnd();
  let top = getTop();
  put(S_ALIGNMENT, ALIGNMENT);
  put(S_SMALL_REQUEST_THRESHOLD, SMALL_REQUEST_THRESHOLD);
  put(S_SIZE_CLASSES, NB_SMALL_SIZE_CLASSES);
  put(S_POOL_SIZE, POOL_SIZE);
  put(S_ARENA_SIZE, ARENA_SIZE);
  put(S_FLAGS, (DEBUG ? 1 : 0) | (LEGACY ? 2 : 0));
  put(S_MEMORY_PAGES, <usize>memory.size());
  put(S_MAX_PAGES, <usize>(maxBytes() >> 16));
  put(S_GROW_CALLS, growCount());
  put(S_STATIC_BYTES, getHeapStart() - 8);
  put(S_ARENAS_ALLOCATED_TOTAL, ntimesArenaAllocated);
  put(S_ARENAS_RECLAIMED, ntimesArenaAllocated - narenasCurrentlyAllocated);
  put(S_ARENAS_HIGHWATER, narenasHighwater);
  put(S_ARENAS_CURRENT, narenasCurrentlyAllocated);
  put(S_USED_POOLS, usedPools);
  put(S_EMPTY_POOLS, emptyPools);
  put(S_UNTOUCHED_POOLS, untouchedPools);
  put(S_ALLOCATED_BYTES, allocatedBytes);
  put(S_AVAILABLE_BYTES, availableBytes);
  put(S_POOL_HEADER_BYTES, <usize>usedPools * POOL_OVERHEAD);
  put(S_QUANTIZATION_BYTES, quantizationBytes);
  put(S_UNTOUCHED_COMMITTED_BYTES, untouchedCommittedBytes);
  put(S_ARENA_COMMITTED_BYTES, arenaCommittedBytes);
  // Each arena block: its raw header and the slack the raw layer's 16-byte
  // size rounding adds, plus any of its pools' memory not yet committed.
  let pooled = <usize>(usedPools + emptyPools) * POOL_SIZE + untouchedCommittedBytes;
  put(S_ARENA_OVERHEAD_BYTES, arenaCommittedBytes - pooled);
  // The arena object table is a raw block, but pymalloc's overhead.
  let table: usize = maxarenas ? rawUsableSize(allarenas) : 0;
  let tableBlocks: u32 = maxarenas ? 1 : 0;
  put(S_ARENA_TABLE_BYTES, table + <usize>tableBlocks * BLOCK_HEADER);
  put(S_RAW_USED_BLOCKS, usedBlocks - tableBlocks);
  put(S_RAW_USED_BYTES, usedBytes - table);
  put(S_RAW_HEADER_BYTES, headerBytes - <usize>tableBlocks * BLOCK_HEADER);
  put(S_RAW_FREE_BLOCKS, freeBlocks);
  put(S_RAW_FREE_BYTES, freeBytes);
  put(S_WILDERNESS_BYTES, end > top ? end - top : 0);
  return statsRecord;
}

// Walks of pymalloc's arenas and pools for statistics and the invariant
// check (CPython's _PyObject_DebugMallocStats and its debug asserts).

import { UNCHECKED, NB_SMALL_SIZE_CLASSES, POOL_SIZE, MAX_POOLS_IN_ARENA } from "../config";
import { OK, ERR_CORRUPT, fail } from "../errors";
import { committedEnd } from "../source/memory";
import {
  poolHeader,
  BITMAP, BITMAP_BYTES, POOL_OVERHEAD, DUMMY_SIZE_IDX, indexToSize, blockSizeOf, isBlockOffset,
  isLive, setLiveBit, clearLiveBit, liveCount, liveBitCount,
} from "./pool";
import {
  maxarenas, usableArenas, arenaAt, arenaObject, lastArenaWith, poolEnd, poolCapacity,
} from "./arena";
import { usedPoolHead, usedPoolTail, isRetainedPool, NULL_BLOCK } from "./obmalloc";

/** Per-class totals (numpools, blocks in use, available blocks) are written
 *  to `perClass` (3 u32 per class); the rest are these globals. */
export let usedPools: u32 = 0;
export let emptyPools: u32 = 0;
export let untouchedPools: u32 = 0; // never cut, in live arenas
export let untouchedCommittedBytes: usize = 0;
export let allocatedBytes: usize = 0;
export let availableBytes: usize = 0;
export let quantizationBytes: usize = 0;

export function walkPymalloc(perClass: usize): void {
  memory.fill(perClass, 0, NB_SMALL_SIZE_CLASSES * 12);
  usedPools = 0; emptyPools = 0; untouchedPools = 0; untouchedCommittedBytes = 0;
  allocatedBytes = 0; availableBytes = 0; quantizationBytes = 0;
  let end = committedEnd();
  for (let i: u32 = 0; i < maxarenas; i++) {
    let ao = arenaAt(i);
    let base = arenaObject(ao).address;
    if (!base) continue;
    let cut = arenaObject(ao).poolAddress;
    for (let pool = base; pool < cut; pool += POOL_SIZE) {
      // Blocks allocated are liveCount's (`ref` also counts the blocks
      // waiting on a head's freeblock list); a pool without any is empty.
      let ref = poolHeader(pool).ref ? liveCount(pool) : 0;
      if (!ref) {
        emptyPools++;
        continue;
      }
      usedPools++;
      let szidx = poolHeader(pool).szidx;
      let size = indexToSize(<u32>szidx);
      let cap = poolCapacity(pool, size);
      let rec = perClass + szidx * 12;
      store<u32>(rec, load<u32>(rec) + 1);
      store<u32>(rec, load<u32>(rec, 4) + <u32>ref, 4);
      store<u32>(rec, load<u32>(rec, 8) + <u32>(cap - ref), 8);
      allocatedBytes += ref * size;
      availableBytes += (cap - ref) * size;
      // Bytes past the last block are lost to quantization, those the next
      // raw block's header takes from an arena's short last pool included
      // (so the arena's own header is not counted twice: stats.ts adds up).
      quantizationBytes += <usize>POOL_SIZE - POOL_OVERHEAD - cap * size;
    }
    let arenaEnd = base + arenaObject(ao).ntotalpools * POOL_SIZE;
    untouchedPools += <u32>((arenaEnd - cut) / POOL_SIZE);
    let committedTo = arenaEnd < end ? arenaEnd : end;
    if (committedTo > cut) untouchedCommittedBytes += committedTo - cut;
  }
}

/** Every invariant of arenas, pools, free lists and bitmaps. */
export function checkPymalloc(): i32 {
  // Pools on usedpools: of their class, with a free block, and live but
  // for a retained empty pool, which is the only one of its class. Only the
  // head has blocks on its freeblock list; usedtails names the last.
  let listedUsed: u32 = 0;
  for (let c: u32 = 0; c < NB_SMALL_SIZE_CLASSES; c++) {
    let prev: usize = 0;
    for (let pool = usedPoolHead(c); pool; pool = poolHeader(pool).nextpool) {
      if (poolHeader(pool).szidx != c || poolHeader(pool).freeblock == 0) return fail(ERR_CORRUPT, pool);
      if (prev != 0 && poolHeader(pool).freeblock != NULL_BLOCK) return fail(ERR_CORRUPT, pool);
      if (poolHeader(pool).ref == 0 && (prev != 0 || poolHeader(pool).nextpool != 0)) return fail(ERR_CORRUPT, pool);
      if (poolHeader(pool).prevpool != prev) return fail(ERR_CORRUPT, pool);
      if (++listedUsed > maxarenas * MAX_POOLS_IN_ARENA) return fail(ERR_CORRUPT, pool);
      prev = pool;
    }
    if (usedPoolTail(c) != prev) return fail(ERR_CORRUPT, prev);
  }
  let notFull: u32 = 0;
  let withFreePools: u32 = 0;
  for (let i: u32 = 0; i < maxarenas; i++) {
    let ao = arenaAt(i);
    let base = arenaObject(ao).address;
    if (!base) continue;
    let cut = arenaObject(ao).poolAddress;
    let total = arenaObject(ao).ntotalpools;
    if (total == 0 || total > MAX_POOLS_IN_ARENA) return fail(ERR_CORRUPT, base);
    let end = base + total * POOL_SIZE;
    if ((base & (POOL_SIZE - 1)) != 0 || cut < base || cut > end || cut > committedEnd()) return fail(ERR_CORRUPT, base);
    let untouched = <u32>((end - cut) / POOL_SIZE);
    let empty: u32 = 0;
    for (let pool = base; pool < cut; pool += POOL_SIZE) {
      if (poolHeader(pool).arenaindex != i) return fail(ERR_CORRUPT, pool);
      let e = checkPool(pool);
      if (e != OK) return e;
      let ref = poolHeader(pool).ref;
      if (isRetainedPool(pool)) notFull++;
      else if (!ref) empty++;
      else if (poolHeader(pool).freeblock != 0) notFull++;
    }
    // The free-pool list holds exactly the empty pools.
    let listed: u32 = 0;
    for (let pool = arenaObject(ao).freepools; pool; pool = poolHeader(pool).nextpool) {
      if (pool < base || pool >= cut || poolHeader(pool).ref != 0 || ++listed > empty) return fail(ERR_CORRUPT, pool);
      if (poolHeader(pool).freeblock != NULL_BLOCK) return fail(ERR_CORRUPT, pool);
    }
    if (listed != empty || arenaObject(ao).nfreepools != empty + untouched) return fail(ERR_CORRUPT, base);
    if (empty + untouched > 0) withFreePools++;
  }
  if (notFull != listedUsed) return fail(ERR_CORRUPT, 0, notFull);
  // usable_arenas: every arena with a free pool, sorted, nfp2lasta right.
  let prev: usize = 0;
  let count: u32 = 0;
  for (let ao = usableArenas; ao; ao = arenaObject(ao).nextarena) {
    let nf = arenaObject(ao).nfreepools;
    if (arenaObject(ao).address == 0 || nf == 0 || arenaObject(ao).prevarena != prev) return fail(ERR_CORRUPT, ao);
    if (prev && arenaObject(prev).nfreepools > nf) return fail(ERR_CORRUPT, ao);
    let next = arenaObject(ao).nextarena;
    let isLast = next == 0 || arenaObject(next).nfreepools != nf;
    if ((lastArenaWith(nf) == ao) != isLast) return fail(ERR_CORRUPT, ao);
    if (++count > maxarenas) return fail(ERR_CORRUPT, ao);
    prev = ao;
  }
  if (count != withFreePools) return fail(ERR_CORRUPT, 0, count);
  return OK;
}

// A carved pool: its two free lists, never-used tail, `ref` and bitmap
// agree (pool.ts: ref counts the blocks not on localfree).
function checkPool(pool: usize): i32 {
  let ref = poolHeader(pool).ref;
  let szidx = poolHeader(pool).szidx;
  if (szidx >= NB_SMALL_SIZE_CLASSES) return fail(ERR_CORRUPT, pool);
  let size = indexToSize(<u32>szidx);
  let cap = poolCapacity(pool, size);
  let end = poolEnd(pool) - pool;
  let next = poolHeader(pool).nextoffset;
  if (next < POOL_OVERHEAD + size || next > end) return fail(ERR_CORRUPT, pool);
  let virgin = (end - size >= next) ? (end - size - next) / size + 1 : 0;
  let first = poolHeader(pool).freeblock;
  // A full pool has both lists empty.
  if (first == 0 && poolHeader(pool).localfree != 0) return fail(ERR_CORRUPT, pool);
  let counts = countFreeLists(pool, size, next, cap);
  if (counts < 0) return ERR_CORRUPT;
  let nfree = <usize>counts >> 16;
  let nlocal = <usize>counts & 0xffff;
  let live = liveBitCount(pool);
  if (live + <usize>nfree + <usize>nlocal + virgin != cap) return fail(ERR_CORRUPT, pool, live);
  if (<usize>ref + <usize>nlocal + virgin != cap) return fail(ERR_CORRUPT, pool, ref);
  return OK;
}

// The blocks on the pool's freeblock and on its localfree list, each list
// checked by countFree, as nfree << 16 | nlocal (a pool holds fewer than
// 2**16 blocks), or -1 (the error recorded). In the unchecked build this
// derives the bitmap as well: every block below the never-used tail is
// marked live first, and countFree clears those listed.
function countFreeLists(pool: usize, size: usize, next: usize, cap: usize): i32 {
  if (UNCHECKED) markFormattedLive(pool);
  let first = poolHeader(pool).freeblock;
  let nfree = countFree(pool, first == NULL_BLOCK ? 0 : first, size, next, cap);
  if (nfree < 0) return -1;
  let nlocal = countFree(pool, poolHeader(pool).localfree, size, next, cap - <usize>nfree);
  if (nlocal < 0) return -1;
  return nfree << 16 | nlocal;
}

// Blocks on the free list from bp, at most `room`: each a free block of
// the pool. -1 (the error recorded) on a bad link or too many. In the
// unchecked build each block's bit was set by markFormattedLive and is
// cleared here, so a block listed twice is caught like a live one.
function countFree(pool: usize, bp: usize, size: usize, next: usize, room: usize): i32 {
  let n: usize = 0;
  for (; bp; bp = load<u32>(bp)) {
    if (!isBlockOffset(bp - pool, size, next) || (UNCHECKED ? !isLive(pool, bp) : isLive(pool, bp)) || ++n > room) {
      fail(ERR_CORRUPT, bp);
      return -1;
    }
    if (UNCHECKED) clearLiveBit(pool, bp);
  }
  return <i32>n;
}

// Unchecked build: sets the live bit of every block of formatted pool
// `pool` below its never-used tail, for countFree to clear those listed.
function markFormattedLive(pool: usize): void {
  memory.fill(pool + BITMAP, 0, BITMAP_BYTES);
  let size = blockSizeOf(pool);
  let end = pool + poolHeader(pool).nextoffset;
  for (let bp = pool + POOL_OVERHEAD; bp < end; bp += size) setLiveBit(pool, bp);
}

/** Unchecked build: derives `pool`'s live bits from its free lists, for a
 *  walk that reads them (a corrupt list is recorded as ERR_CORRUPT). */
function deriveLiveBits(pool: usize): void {
  let size = blockSizeOf(pool);
  countFreeLists(pool, size, poolHeader(pool).nextoffset, poolCapacity(pool, size));
}

/** Next live small block after `p` in arena order (0 to start), or 0: lets
 *  the debug build check every live block's guards. */
export function nextLiveBlock(p: usize): usize {
  let i: u32 = 0;
  let pool: usize = 0;
  let bp: usize = 0;
  if (p) {
    pool = p & ~(<usize>POOL_SIZE - 1);
    i = <u32>poolHeader(pool).arenaindex;
    bp = p + blockSizeOf(pool);
  }
  for (; i < maxarenas; i++) {
    let ao = arenaAt(i);
    let base = arenaObject(ao).address;
    if (!base) continue;
    let cut = arenaObject(ao).poolAddress;
    if (!pool) pool = base;
    for (; pool < cut; pool += POOL_SIZE, bp = 0) {
      if (!poolHeader(pool).ref) continue;
      let size = blockSizeOf(pool);
      if (!bp) bp = pool + POOL_OVERHEAD;
      for (let limit = pool + poolHeader(pool).nextoffset; bp < limit; bp += size) {
        if (isLive(pool, bp)) return bp;
      }
    }
    pool = 0;
  }
  return 0;
}

/** One pool in the heap map's arena record (drawn in assembly/map.ts). */
// @ts-ignore: decorator
@unmanaged export class MapPoolEntry {
  sizeClass: u32; // DUMMY_SIZE_IDX when the pool is empty
  used: u32;
  capacity: u32;
}

/** Per-pool figures of arena `i` for the heap map: a MapPoolEntry per pool
 *  cut, from `out` on (an empty pool has used and capacity 0). Returns the
 *  pools cut, or -1 for an index without an arena. */
export function mapArenaPools(i: u32, out: usize): i32 {
  if (i >= maxarenas) return -1;
  let ao = arenaAt(i);
  let base = arenaObject(ao).address;
  if (!base) return -1;
  let n: i32 = 0;
  for (let pool = base; pool < arenaObject(ao).poolAddress; pool += POOL_SIZE, n++) {
    // Blocks in use are liveCount's (a head pool's `ref` also counts the
    // blocks on its freeblock list).
    let ref = poolHeader(pool).ref ? liveCount(pool) : 0;
    let szidx = poolHeader(pool).szidx;
    let e = changetype<MapPoolEntry>(out + <usize>n * offsetof<MapPoolEntry>());
    e.sizeClass = ref ? <u32>szidx : DUMMY_SIZE_IDX;
    e.used = <u32>ref;
    e.capacity = ref ? <u32>poolCapacity(pool, indexToSize(<u32>szidx)) : 0;
  }
  return n;
}

/** The blocks of the pool at `pool`, one byte each in address order to
 *  `out` (2 live, 1 free, 0 never used); returns their count, or 0 if
 *  `pool` is not a pool cut from a live arena that holds a block. */
export function mapPoolBlocks(pool: usize, out: usize): u32 {
  if ((pool & (<usize>POOL_SIZE - 1)) != 0 || pool >= committedEnd()) return 0;
  let index = <u32>poolHeader(pool).arenaindex;
  if (index >= maxarenas) return 0;
  let ao = arenaAt(index);
  let base = arenaObject(ao).address;
  if (!base || pool < base || pool >= arenaObject(ao).poolAddress || !poolHeader(pool).ref) return 0;
  let size = blockSizeOf(pool);
  let next = pool + poolHeader(pool).nextoffset;
  if (UNCHECKED) deriveLiveBits(pool);
  let n: u32 = 0;
  let end = poolEnd(pool);
  for (let bp = pool + POOL_OVERHEAD; bp + size <= end; bp += size, n++) {
    store<u8>(out + n, bp >= next ? 0 : isLive(pool, bp) ? 2 : 1);
  }
  return n;
}

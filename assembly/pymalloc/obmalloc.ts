// Layer 2: the object allocator (CPython's pymalloc, Objects/obmalloc.c).
// Requests of at most SMALL_REQUEST_THRESHOLD bytes are rounded up to a size
// class and served from pools; larger ones go to the raw layer.
//
// Fast paths (inlined into every export that allocates or frees):
//   malloc: usedpools[class] -> pop the pool's free list       (objectMalloc)
//   free:   pool = p & ~mask -> push on the pool's free list    (objectFree)
// Each has one test that sends anything unusual to its named slow path
// (objectMallocGeneric, objectFreeGeneric): a pool whose free list is down
// to its last block, a class without a used pool, a full pool getting a
// block back, a pool emptying, a large block, a pointer that is not a live
// block. usedpools[c] of a class without a used pool holds EMPTY_POOL, a
// static header whose free list is one null word, so malloc's fast path
// reads it like any pool and lands in the slow path without a null test.

import {
  DEBUG, ALIGNMENT, ALIGNMENT_SHIFT, SMALL_REQUEST_THRESHOLD, NB_SMALL_SIZE_CLASSES,
  POOL_SIZE, SHRINK_KEEP_NUMERATOR, SHRINK_KEEP_DENOMINATOR,
} from "../config";
import { committedEnd } from "../source/memory";
import { OK, ERR_NOT_OURS, ERR_DOUBLE_FREE, fail } from "../errors";
import {
  rawMalloc, rawTryMalloc, rawFree, rawRealloc, rawValidate, rawUsableSize,
} from "../raw/raw";
import {
  PoolHeader, poolHeader, POOL_OVERHEAD, poolOf, indexToSize, markLive, isLive, liveWord, liveBit,
} from "./pool";
import { allarenas, AO_SIZE, addressInRange, takePool, returnPool, releaseForLargeBlock } from "./arena";

/** usedpools[c]: first pool of size class c with a free block, or
 *  EMPTY_POOL. */
const usedpools: usize = memory.data(<i32>(NB_SMALL_SIZE_CLASSES * 4));
/** A pool header nothing allocates from: its free list is its own REF word,
 *  which stays 0 (nothing but the fast path's loads touch it). */
const EMPTY_POOL: usize = memory.data(<i32>POOL_OVERHEAD);

/** Points every usedpools entry at EMPTY_POOL. Start code, and again in
 *  build/malloc.wasm after shared.ts zeroes the statics. */
export function initUsedPools(): void {
  poolHeader(EMPTY_POOL).freeblock = EMPTY_POOL + offsetof<PoolHeader>("ref");
  for (let c: usize = 0; c < NB_SMALL_SIZE_CLASSES; c++) store<u32>(usedpools + (c << 2), <u32>EMPTY_POOL);
}
initUsedPools();

/** First pool of class szidx with a free block, or 0. */
// @ts-ignore: decorator
@inline function usedHead(szidx: usize): usize {
  let pool = <usize>load<u32>(usedpools + (szidx << 2));
  return pool == EMPTY_POOL ? 0 : pool;
}
// @ts-ignore: decorator
@inline function setUsedHead(szidx: usize, pool: usize): void {
  store<u32>(usedpools + (szidx << 2), <u32>(pool ? pool : EMPTY_POOL));
}

/** Blocks a pool of class szidx holds. */
// @ts-ignore: decorator
@inline function capacityOf(szidx: usize): usize {
  return (<usize>POOL_SIZE - POOL_OVERHEAD) / indexToSize(<u32>szidx);
}

/** Size class of a request of n <= SMALL_REQUEST_THRESHOLD bytes (0 takes
 *  the smallest class). */
// @ts-ignore: decorator
@inline function sizeClassOf(n: usize): usize {
  return n ? (n - 1) >> ALIGNMENT_SHIFT : 0;
}

/** First pool on usedpools[c] (for statistics and check). */
export function usedPoolHead(szidx: u32): usize {
  return usedHead(szidx);
}

// ---------------------------------------------------------------- malloc

/** PyObject_Malloc: n bytes, ALIGNMENT-aligned; 0 on failure. */
// @ts-ignore: decorator
@inline export function objectMalloc(n: usize): usize {
  if (n <= SMALL_REQUEST_THRESHOLD) {
    let pool = poolHeader(load<u32>(usedpools + (sizeClassOf(n) << 2)));
    let bp = pool.freeblock;
    let next = load<usize>(bp);
    if (next) {
      pool.freeblock = next;
      pool.ref += 1;
      markLive(changetype<usize>(pool), bp);
      return bp;
    }
  }
  return objectMallocGeneric(n);
}

/** Slow path of objectMalloc: a large request, a pool giving its last
 *  free-listed block, or a class without a used pool. */
export function objectMallocGeneric(n: usize): usize {
  if (n > SMALL_REQUEST_THRESHOLD) return largeMalloc(n);
  let szidx = sizeClassOf(n);
  let pool = usedHead(szidx);
  if (!pool) return allocateFromNewPool(szidx);
  // The fast path found the pool's last free-listed block.
  let bp = poolHeader(pool).freeblock;
  poolHeader(pool).freeblock = 0;
  poolHeader(pool).ref = poolHeader(pool).ref + 1;
  markLive(pool, bp);
  poolFull(pool, szidx);
  return bp;
}

// Slow path: a request for the raw layer. Memory pymalloc holds but does
// not use is released before the memory grows for it.
function largeMalloc(n: usize): usize {
  let p = rawTryMalloc(n);
  if (p) return p;
  releaseRetainedPools();
  if (releaseForLargeBlock()) {
    p = rawTryMalloc(n);
    if (p) return p;
  }
  return rawMalloc(n);
}

// Slow path: the pool's free list ran dry (every block of a pool is on its
// free list from when it is formatted), so the pool is full and leaves
// usedpools.
function poolFull(pool: usize, szidx: usize): void {
  if (DEBUG) assert(poolHeader(pool).freeblock == 0 && poolHeader(pool).ref == capacityOf(szidx), "poolFull: pool has free blocks");
  if (DEBUG) assert(poolHeader(pool).prevpool == 0 && usedHead(szidx) == pool, "poolFull: not the first used pool");
  let next = poolHeader(pool).nextpool;
  setUsedHead(szidx, next);
  if (next) poolHeader(next).prevpool = 0;
}

// Slow path: no used pool of this class. Takes an empty pool and, unless it
// last held this same class (its free list is then still valid), formats it.
function allocateFromNewPool(szidx: usize): usize {
  let pool = takePool();
  if (!pool) return 0;
  poolHeader(pool).nextpool = 0;
  poolHeader(pool).prevpool = 0;
  setUsedHead(szidx, pool);
  poolHeader(pool).ref = 1;
  let bp: usize;
  if (poolHeader(pool).szidx == szidx) {
    bp = poolHeader(pool).freeblock;
    let next = load<u32>(bp);
    markLive(pool, bp);
    poolHeader(pool).freeblock = next;
    if (!next) poolFull(pool, szidx);
    return bp;
  }
  // Format: thread every block but the first on the free list at once
  // (mimalloc extends a fresh page the same way), so the fast path serves
  // the whole pool. NEXTOFFSET ends past the last block.
  let size = indexToSize(<u32>szidx);
  poolHeader(pool).szidx = szidx;
  poolHeader(pool).maxnextoffset = <usize>POOL_SIZE - size;
  bp = pool + POOL_OVERHEAD;
  let last = pool + <usize>POOL_SIZE - size;
  let q = bp + size;
  poolHeader(pool).freeblock = q;
  for (; q + size <= last; q += size) store<u32>(q, <u32>(q + size));
  store<u32>(q, 0);
  poolHeader(pool).nextoffset = q + size - pool;
  markLive(pool, bp);
  return bp;
}

// ---------------------------------------------------------------- free

/** Whether p lies in one of pymalloc's arenas (else it is raw, or foreign). */
// @ts-ignore: decorator
@inline export function isPymalloc(p: usize): bool {
  // Below committed memory every pool header can be read (pools are
  // POOL_SIZE-aligned and memory grows in 64 KiB pages). No lower bound is
  // needed: addressInRange checks p against a live arena's own range.
  return p < committedEnd() && addressInRange(poolOf(p));
}

/** Checks that p is a live block (of either layer). OK or an error code. */
export function objectValidate(p: usize): i32 {
  if (!isPymalloc(p)) return rawValidate(p);
  let pool = poolOf(p);
  if ((p & (ALIGNMENT - 1)) == 0 && isLive(pool, p)) return OK;
  return notLiveSmallBlock(p, pool);
}

// Slow path: p is in a pool but not a live block. Say "double free" if p is
// where a block of this pool starts, else "not ours".
function notLiveSmallBlock(p: usize, pool: usize): i32 {
  let size = indexToSize(<u32>poolHeader(pool).szidx);
  let offset = p - pool;
  if (offset >= POOL_OVERHEAD && offset < poolHeader(pool).nextoffset && (offset - POOL_OVERHEAD) % size == 0) {
    return fail(ERR_DOUBLE_FREE, p, size);
  }
  return fail(ERR_NOT_OURS, p);
}

/** PyObject_Free: frees p if it is a live block, else refuses it (returns
 *  the error code and changes nothing). p must not be 0. */
// @ts-ignore: decorator
@inline export function objectFree(p: usize): i32 {
  let pool = poolOf(p);
  if (isPymalloc(p)) {
    // The live bit of p's granule; p must also be where a block starts.
    let word = liveWord(pool, p);
    let bits = load<u32>(word);
    let bit = liveBit(pool, p);
    if ((bits & bit) != 0 && (p & (ALIGNMENT - 1)) == 0) {
      store<u32>(word, bits ^ bit);
      let header = poolHeader(pool);
      let lastfree = header.freeblock;
      store<usize>(p, lastfree);
      header.freeblock = p;
      let ref = header.ref - 1;
      header.ref = ref;
      if (lastfree != 0 && ref != 0) return OK;
      poolStateChanged(pool, lastfree);
      return OK;
    }
  }
  return objectFreeGeneric(p);
}

/** Slow path of objectFree: a raw block, or a pointer that is not a live
 *  block (refused). */
export function objectFreeGeneric(p: usize): i32 {
  if (!isPymalloc(p)) {
    let e = rawValidate(p);
    if (e == OK) rawFree(p);
    return e;
  }
  return notLiveSmallBlock(p, poolOf(p));
}

// Slow path: a free made a full pool used (lastfree == 0) or a used pool
// empty (or, with a pool of one block, both).
function poolStateChanged(pool: usize, lastfree: usize): void {
  if (!lastfree) insertToUsedPool(pool);
  if (!poolHeader(pool).ref) poolEmptied(pool);
}

// Slow path: the pool's last block came back. The only used pool of its
// class stays on usedpools, empty ("retained"), so that a loop allocating
// and freeing one block does not move a pool to and from its arena on
// every iteration (mimalloc retires an emptied page the same way); any
// other empty pool goes back to its arena.
function poolEmptied(pool: usize): void {
  if (DEBUG) assert(poolHeader(pool).ref == 0 && poolHeader(pool).freeblock != 0, "poolEmptied: pool not empty");
  if (!poolHeader(pool).nextpool && !poolHeader(pool).prevpool) return;
  insertToFreePool(pool);
}

/** Whether `pool` is the empty pool retained on usedpools (see poolEmptied). */
export function isRetainedPool(pool: usize): bool {
  let szidx = poolHeader(pool).szidx;
  return szidx < NB_SMALL_SIZE_CLASSES && usedHead(szidx) == pool && poolHeader(pool).ref == 0;
}

// Gives the retained empty pools back to their arenas (before memory grows
// for a large block, or when another pool of the class gets a free block).
function releaseRetainedPools(): void {
  for (let c: usize = 0; c < NB_SMALL_SIZE_CLASSES; c++) {
    let pool = usedHead(c);
    if (pool && !poolHeader(pool).ref) insertToFreePool(pool);
  }
}

// Slow path: a full pool got a block back; it becomes the first used pool
// of its class (most recently freed memory is the warmest).
function insertToUsedPool(pool: usize): void {
  let szidx = poolHeader(pool).szidx;
  // It was full: one block free now, and on no list.
  if (DEBUG) assert(poolHeader(pool).ref + 1 == capacityOf(szidx) && load<usize>(poolHeader(pool).freeblock) == 0, "insertToUsedPool: pool was not full");
  if (DEBUG) assert(usedHead(szidx) != pool, "insertToUsedPool: pool already listed");
  let head = usedHead(szidx);
  if (head && !poolHeader(head).ref) {
    // The retained empty pool is no longer the class's only one.
    insertToFreePool(head);
    head = 0;
  }
  poolHeader(pool).nextpool = head;
  poolHeader(pool).prevpool = 0;
  if (head) poolHeader(head).prevpool = pool;
  setUsedHead(szidx, pool);
}

// Slow path: the pool is empty; unlink it and give it back to its arena.
function insertToFreePool(pool: usize): void {
  if (DEBUG) assert(poolHeader(pool).ref == 0, "insertToFreePool: pool not empty");
  let next = poolHeader(pool).nextpool;
  let prev = poolHeader(pool).prevpool;
  if (prev) poolHeader(prev).nextpool = next;
  else setUsedHead(poolHeader(pool).szidx, next);
  if (next) poolHeader(next).prevpool = prev;
  returnPool(pool, allarenas + <usize>poolHeader(pool).arenaindex * AO_SIZE);
}

// ---------------------------------------------------------------- realloc

/** PyObject_Realloc of a live block (validate first): in place when the size class
 *  still fits and would not waste a quarter of it; raw blocks stay raw. */
export function objectRealloc(p: usize, n: usize): usize {
  if (!isPymalloc(p)) return rawRealloc(p, n);
  let size = indexToSize(<u32>poolHeader(poolOf(p)).szidx);
  let keep = size;
  if (n <= size) {
    if (n * SHRINK_KEEP_DENOMINATOR > size * SHRINK_KEEP_NUMERATOR) return p;
    keep = n;
  }
  let q = objectMalloc(n);
  if (q) {
    memory.copy(q, p, keep);
    objectFree(p);
  }
  return q;
}

/** Bytes usable at live block p (validate first). */
export function objectUsableSize(p: usize): usize {
  if (!isPymalloc(p)) return rawUsableSize(p);
  return indexToSize(<u32>poolHeader(poolOf(p)).szidx);
}

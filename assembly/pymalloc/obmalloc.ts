// Layer 2: the object allocator (CPython's pymalloc, Objects/obmalloc.c).
// Requests of at most SMALL_REQUEST_THRESHOLD bytes are rounded up to a size
// class and served from pools; larger ones go to the raw layer.
//
// Fast paths (inlined into every export that allocates or frees):
//   malloc: usedpools[class] -> pop the pool's freeblock list   (objectMalloc)
//   free:   pool = p & ~mask -> push on the head pool's freeblock, or
//           on any other pool's localfree                     (objectFree)
// (pool.ts explains the two lists.) Each has one test that sends anything
// unusual to its named slow path (objectMallocGeneric, objectFreeGeneric):
// a freeblock list down to its last block (swap in localfree, or the pool
// is full), a class without a used pool, a first free since a swap or
// into a full pool, a pool emptying, a large block, a pointer that is not
// a live block (in the unchecked build, one that is not aligned past a
// pool header). usedpools[c] of a class without a used pool holds
// EMPTY_POOL, a static header whose free list is NULL_BLOCK, so malloc's
// fast path reads it like any pool and lands in the slow path without a
// null test.

import {
  DEBUG, UNCHECKED, ALIGNMENT, ALIGNMENT_SHIFT, SMALL_REQUEST_THRESHOLD, NB_SMALL_SIZE_CLASSES,
  POOL_SIZE, POOL_SIZE_MASK, SHRINK_KEEP_NUMERATOR, SHRINK_KEEP_DENOMINATOR,
} from "../config";
import { committedEnd } from "../source/memory";
import { OK, ERR_NOT_OURS, ERR_DOUBLE_FREE, fail } from "../errors";
import {
  rawMalloc, rawTryMalloc, rawFree, rawRealloc, rawValidate, rawUsableSize,
} from "../raw/raw";
import {
  poolHeader, BITMAP, POOL_OVERHEAD, poolOf, indexToSize, blockSizeOf, isBlockStart, listLengthIn, markLive, clearLive, isLive, liveWord, liveBit, liveCount,
} from "./pool";
import { copyWords } from "../words";
import { allarenas, AO_SIZE, addressInRange, takePool, returnPool, releaseForLargeBlock, poolCapacity } from "./arena";

/** usedpools[c]: first pool of size class c with a free block, or
 *  EMPTY_POOL. */
const usedpools: usize = memory.data(<i32>(NB_SMALL_SIZE_CLASSES * 4));
/** usedtails[c]: last pool of that list (0 when it is empty): a pool that
 *  was full joins the list there (see insertToUsedPool). */
const usedtails: usize = memory.data(<i32>(NB_SMALL_SIZE_CLASSES * 4));
/** The empty freeblock list (pool.ts): a word that stays 0, since nothing
 *  but the fast path's loads touch it. */
export const NULL_BLOCK: usize = memory.data(16);
/** A pool header nothing allocates from: its freeblock list is empty. */
const EMPTY_POOL: usize = memory.data(<i32>POOL_OVERHEAD);

/** Points every usedpools entry at EMPTY_POOL. Start code, and again in
 *  build/malloc.wasm after shared.ts zeroes the statics. */
export function initUsedPools(): void {
  poolHeader(EMPTY_POOL).freeblock = NULL_BLOCK;
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
// @ts-ignore: decorator
@inline function usedTail(szidx: usize): usize {
  return <usize>load<u32>(usedtails + (szidx << 2));
}
// @ts-ignore: decorator
@inline function setUsedTail(szidx: usize, pool: usize): void {
  store<u32>(usedtails + (szidx << 2), <u32>pool);
}

/** Blocks a formatted pool of class szidx holds: one fewer in an arena's
 *  short last pool for some classes (arena.ts), so it is read from where
 *  the pool's blocks end. */
// @ts-ignore: decorator
@inline function capacityOf(pool: usize, szidx: usize): usize {
  return (poolHeader(pool).nextoffset - POOL_OVERHEAD) / indexToSize(<u32>szidx);
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
/** Last pool on usedpools[c] (for check). */
export function usedPoolTail(szidx: u32): usize {
  return usedTail(szidx);
}

// ---------------------------------------------------------------- malloc

/** PyObject_Malloc: n bytes, ALIGNMENT-aligned; 0 on failure. */
// @ts-ignore: decorator
@inline export function objectMalloc(n: usize): usize {
  if (n <= SMALL_REQUEST_THRESHOLD) {
    let pool = <usize>load<u32>(usedpools + (sizeClassOf(n) << 2));
    let bp = poolHeader(pool).freeblock;
    let next = load<usize>(bp);
    if (next) return takeFirst(pool, bp, next);
  }
  return objectMallocGeneric(n);
}

/** Takes bp, the first block of the pool's freeblock list, followed by
 *  `next` (not 0): the fast path's work. */
// @ts-ignore: decorator
@inline function takeFirst(pool: usize, bp: usize, next: usize): usize {
  poolHeader(pool).freeblock = next;
  markLive(pool, bp);
  return bp;
}

/** Slow path of objectMalloc: a large request, a pool giving the last
 *  block of its freeblock list (or with that list empty), or a class
 *  without a used pool. */
export function objectMallocGeneric(n: usize): usize {
  if (n > SMALL_REQUEST_THRESHOLD) return largeMalloc(n);
  let szidx = sizeClassOf(n);
  let pool = usedHead(szidx);
  if (!pool) return allocateFromNewPool(szidx);
  return takeLastFree(pool, szidx);
}

// Slow path: the head pool's freeblock list holds one block or none. The
// blocks freed since the last swap become the new freeblock list (mimalloc's
// page collect); with none, the pool is full and leaves usedpools.
function takeLastFree(pool: usize, szidx: usize): usize {
  let bp = poolHeader(pool).freeblock;
  let rest = poolHeader(pool).localfree;
  if (DEBUG) assert(poolHeader(pool).ref + listLengthIn(pool, rest) == capacityOf(pool, szidx), "takeLastFree: ref disagrees with the lists");
  if (bp == NULL_BLOCK) {
    // Empty list: a pool listed after being full, or an emptied one.
    if (DEBUG) assert(rest != 0, "takeLastFree: a listed pool without free blocks");
    bp = rest;
    rest = load<usize>(bp);
    poolHeader(pool).ref += 1; // bp leaves localfree
  }
  markLive(pool, bp);
  poolHeader(pool).localfree = 0;
  if (rest) {
    poolHeader(pool).freeblock = rest;
    poolHeader(pool).ref = capacityOf(pool, szidx);
    return bp;
  }
  poolHeader(pool).freeblock = 0;
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

// Slow path: both free lists ran dry (every block of a pool is on one from
// when it is formatted), so the pool is full and leaves usedpools.
function poolFull(pool: usize, szidx: usize): void {
  if (DEBUG) assert(poolHeader(pool).freeblock == 0 && poolHeader(pool).localfree == 0 && poolHeader(pool).ref == capacityOf(pool, szidx), "poolFull: pool has free blocks");
  if (DEBUG) assert(poolHeader(pool).prevpool == 0 && usedHead(szidx) == pool, "poolFull: not the first used pool");
  let next = poolHeader(pool).nextpool;
  setUsedHead(szidx, next);
  if (next) poolHeader(next).prevpool = 0;
  else setUsedTail(szidx, 0);
}

// Slow path: no used pool of this class. Takes an empty pool and, unless it
// last held this same class (its blocks are then all on its localfree
// list, as an empty pool's are), formats it.
function allocateFromNewPool(szidx: usize): usize {
  let pool = takePool();
  if (!pool) return 0;
  poolHeader(pool).nextpool = 0;
  poolHeader(pool).prevpool = 0;
  setUsedHead(szidx, pool);
  setUsedTail(szidx, pool);
  if (poolHeader(pool).szidx == szidx) {
    poolHeader(pool).freeblock = NULL_BLOCK;
    return takeLastFree(pool, szidx);
  }
  // Format: thread every block but the first on the free list at once
  // (mimalloc extends a fresh page the same way), so the fast path serves
  // the whole pool. NEXTOFFSET ends past the last block.
  let size = indexToSize(<u32>szidx);
  let capacity = poolCapacity(pool, size);
  poolHeader(pool).szidx = szidx;
  poolHeader(pool).ref = capacity;
  poolHeader(pool).localfree = 0;
  poolHeader(pool).nextoffset = POOL_OVERHEAD + capacity * size;
  let bp = pool + POOL_OVERHEAD;
  let last = bp + (capacity - 1) * size;
  let q = bp + size;
  poolHeader(pool).freeblock = q;
  for (; q < last; q += size) store<u32>(q, <u32>(q + size));
  store<u32>(q, 0);
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

/** Checks that p is a live block (of either layer; in the unchecked build,
 *  of a pool: a block's start). OK or an error code. */
export function objectValidate(p: usize): i32 {
  if (!isPymalloc(p)) return rawValidate(p);
  let pool = poolOf(p);
  if (isLiveStart(pool, p)) return OK;
  return notLiveSmallBlock(p, pool);
}

/** Whether p, in `pool`, is where a live block starts. The unchecked
 *  build can only tell where a block starts. */
// @ts-ignore: decorator
@inline function isLiveStart(pool: usize, p: usize): bool {
  if (UNCHECKED) return isBlockStart(pool, p);
  return (p & (ALIGNMENT - 1)) == 0 && isLive(pool, p);
}

// Slow path: p is in a pool but not a live block. Say "double free" if p is
// where a block of this pool starts, else "not ours".
function notLiveSmallBlock(p: usize, pool: usize): i32 {
  if (isBlockStart(pool, p)) return fail(ERR_DOUBLE_FREE, p, blockSizeOf(pool));
  return fail(ERR_NOT_OURS, p);
}

/** PyObject_Free: frees p if it is a live block, else refuses it (returns
 *  the error code and changes nothing). p must not be 0. The unchecked
 *  build has no live bit to test: a pointer in a pool is taken if it is
 *  aligned and past the pool's header. */
// @ts-ignore: decorator
@inline export function objectFree(p: usize): i32 {
  // isPymalloc(p) and isLiveStart(pool, p), spelled out as nested tests
  // so that each compiles to a compare and a branch (keep them in step).
  if (p < committedEnd()) {
    let pool = poolOf(p);
    if (addressInRange(pool)) {
      if (UNCHECKED) {
        if (((p & (ALIGNMENT - 1)) | <usize>((p & POOL_SIZE_MASK) < POOL_OVERHEAD)) == 0) {
          freeToPool(pool, p);
          return OK;
        }
      } else {
        // The live bit of p's granule; p must also be where a block starts.
        // Both in one test: zero only if the bit is set and p is aligned.
        let word = liveWord(pool, p);
        let bits = load<u32>(word, BITMAP);
        let bit = liveBit(p);
        if ((<usize>((bits & bit) ^ bit) | (p & (ALIGNMENT - 1))) == 0) {
          store<u32>(word, bits ^ bit, BITMAP);
          freeToPool(pool, p);
          return OK;
        }
      }
    }
  }
  return objectFreeGeneric(p);
}

/** The end of a free of live block p of `pool`, after its live bit was
 *  cleared (none in the unchecked build). A pool with blocks on
 *  `freeblock` is its class's head (pool.ts): p goes back on that list,
 *  the next block malloc hands out. Any other pool's goes on `localfree`.
 *  NULL_BLOCK and 0 lie below every pool, so one compare tells them; `ref`
 *  counts the blocks on `freeblock`, so it needs no update. */
// @ts-ignore: decorator
@inline function freeToPool(pool: usize, p: usize): void {
  let header = poolHeader(pool);
  let first = header.freeblock;
  if (first > NULL_BLOCK) {
    if (DEBUG) assert(usedHead(<usize>header.szidx) == pool && header.ref > 0, "freeToPool: not the head");
    store<usize>(p, first);
    header.freeblock = p;
    return;
  }
  pushLocalFree(pool, p);
}

/** p goes on localfree (freeToPool's path for a pool without blocks on
 *  `freeblock`, and realloc's); the pool's state may change (slow path). */
// @ts-ignore: decorator
@inline function pushLocalFree(pool: usize, p: usize): void {
  let header = poolHeader(pool);
  let lastfree = header.localfree;
  store<usize>(p, lastfree);
  header.localfree = p;
  let ref = header.ref - 1;
  header.ref = ref;
  if (lastfree != 0 && ref != 0) return;
  poolStateChanged(pool, lastfree);
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

// Slow path: the first free since a swap (lastfree == 0), which may have
// made a full pool used, or a free that emptied a pool (or both).
function poolStateChanged(pool: usize, lastfree: usize): void {
  if (!lastfree && !poolHeader(pool).freeblock) insertToUsedPool(pool);
  if (!poolHeader(pool).ref) poolEmptied(pool);
}

// Slow path: the pool's last block came back. The only used pool of its
// class stays on usedpools, empty ("retained"), so that a loop allocating
// and freeing one block does not move a pool to and from its arena on
// every iteration (mimalloc retires an emptied page the same way); any
// other empty pool goes back to its arena.
function poolEmptied(pool: usize): void {
  if (DEBUG) assert(poolHeader(pool).ref == 0 && poolHeader(pool).freeblock == NULL_BLOCK, "poolEmptied: pool not empty");
  if (!poolHeader(pool).nextpool && !poolHeader(pool).prevpool) return;
  insertToFreePool(pool);
}

/** Whether `pool` is the empty pool retained on usedpools (see poolEmptied). */
export function isRetainedPool(pool: usize): bool {
  let szidx = poolHeader(pool).szidx;
  return szidx < NB_SMALL_SIZE_CLASSES && usedHead(szidx) == pool && poolHeader(pool).ref == 0;
}

// Gives the head pools without a live block back to their arenas (before
// memory grows for a large block).
function releaseRetainedPools(): void {
  for (let c: usize = 0; c < NB_SMALL_SIZE_CLASSES; c++) {
    let pool = usedHead(c);
    if (pool && releasableHead(pool)) insertToFreePool(pool);
  }
}

// Whether head pool `pool` has no live block; if so its freeblock list is
// moved onto localfree, so that it is an empty pool (ref 0) as its arena
// expects one. Walks the list: a slow path's slow path.
function releasableHead(pool: usize): bool {
  if (!poolHeader(pool).ref) return true;
  if (liveCount(pool)) return false;
  let head = poolHeader(pool).freeblock;
  let tail = head;
  for (let next = load<usize>(tail); next; next = load<usize>(tail)) tail = next;
  store<usize>(tail, poolHeader(pool).localfree);
  poolHeader(pool).localfree = head;
  poolHeader(pool).freeblock = NULL_BLOCK;
  poolHeader(pool).ref = 0;
  return true;
}

// Slow path: a full pool got a block back. It joins the end of the list,
// with an empty freeblock list, so that only the head allocates (pool.ts);
// a head without a live block goes back to its arena first. At the end
// (mimalloc queues a page that was full the same way) the pool gathers
// frees while the pools before it are used up, so that the head it
// becomes has many free blocks to swap in: right behind the head (CPython's
// front) a queue-like program, freeing oldest first, refilled the pools it
// was emptying a few blocks at a time, one swap every few allocations, and
// blocks of every age ended up in every pool.
function insertToUsedPool(pool: usize): void {
  let szidx = poolHeader(pool).szidx;
  // It was full: one block free now (on localfree), and on no list.
  if (DEBUG) assert(poolHeader(pool).ref + 1 == capacityOf(pool, szidx) && poolHeader(pool).localfree != 0 && load<usize>(poolHeader(pool).localfree) == 0, "insertToUsedPool: pool was not full");
  if (DEBUG) assert(usedHead(szidx) != pool, "insertToUsedPool: pool already listed");
  poolHeader(pool).freeblock = NULL_BLOCK;
  let head = usedHead(szidx);
  if (head && releasableHead(head)) {
    insertToFreePool(head);
    head = usedHead(szidx);
  }
  let tail = usedTail(szidx);
  if (DEBUG) assert((head == 0) == (tail == 0) && (!tail || poolHeader(tail).nextpool == 0), "insertToUsedPool: usedtails wrong");
  poolHeader(pool).nextpool = 0;
  poolHeader(pool).prevpool = tail;
  if (tail) poolHeader(tail).nextpool = pool;
  else setUsedHead(szidx, pool);
  setUsedTail(szidx, pool);
}

// Slow path: the pool is empty; unlink it and give it back to its arena.
// A new head (the next pool) has an empty freeblock list, which its first
// malloc refills from localfree.
function insertToFreePool(pool: usize): void {
  if (DEBUG) assert(poolHeader(pool).ref == 0 && poolHeader(pool).freeblock == NULL_BLOCK, "insertToFreePool: pool not empty");
  let next = poolHeader(pool).nextpool;
  let prev = poolHeader(pool).prevpool;
  if (prev) poolHeader(prev).nextpool = next;
  else setUsedHead(poolHeader(pool).szidx, next);
  if (next) poolHeader(next).prevpool = prev;
  else setUsedTail(poolHeader(pool).szidx, prev);
  returnPool(pool, allarenas + <usize>poolHeader(pool).arenaindex * AO_SIZE);
}

// ---------------------------------------------------------------- realloc

/** PyObject_Realloc: in place when the size class still fits and would
 *  not waste a quarter of it; raw blocks stay raw. 0 (the error recorded,
 *  p untouched) if p is not a live block. One layer test serves the check
 *  and the realloc (rawRealloc checks its own blocks). */
export function objectReallocChecked(p: usize, n: usize): usize {
  if (!isPymalloc(p)) return rawRealloc(p, n);
  let pool = poolOf(p);
  if (isLiveStart(pool, p)) return smallRealloc(p, n);
  notLiveSmallBlock(p, pool);
  return 0;
}

// objectReallocChecked of a live pymalloc block. The move copies whole words
// (both blocks hold `keep` rounded up to ALIGNMENT) and frees p without
// checking it again, onto localfree even in the head pool: a block that
// left its size class is not about to be asked for again.
function smallRealloc(p: usize, n: usize): usize {
  let pool = poolOf(p);
  let size = blockSizeOf(pool);
  let keep = size;
  if (n <= size) {
    if (n * SHRINK_KEEP_DENOMINATOR > size * SHRINK_KEEP_NUMERATOR) return p;
    keep = n;
  }
  // A block growing out of the size classes goes where it can go on
  // growing in place, if that needs no more memory (rawTryMalloc).
  let q = n > SMALL_REQUEST_THRESHOLD ? rawTryMalloc(n, true) : 0;
  if (!q) q = objectMalloc(n);
  if (q) {
    copyWords(q, p, keep);
    clearLive(pool, p);
    pushLocalFree(pool, p);
  }
  return q;
}

/** Bytes usable at live block p (validate first). */
export function objectUsableSize(p: usize): usize {
  if (!isPymalloc(p)) return rawUsableSize(p);
  return blockSizeOf(poolOf(p));
}

/** objectUsableSize of any pointer: 0 (the error recorded) if p is not a
 *  live block. One layer test serves the check and the size. */
export function objectUsableSizeChecked(p: usize): usize {
  if (!isPymalloc(p)) return rawValidate(p) == OK ? rawUsableSize(p) : 0;
  let pool = poolOf(p);
  if (isLiveStart(pool, p)) return blockSizeOf(pool);
  notLiveSmallBlock(p, pool);
  return 0;
}

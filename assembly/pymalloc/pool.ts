// Pool header layout. A pool is POOL_SIZE bytes, POOL_SIZE-aligned, inside
// an arena, and holds blocks of one size class. Its header sits at its
// start, so the pool of any block is `p & ~POOL_SIZE_MASK`.
//
//   pool+0   +--------------------+
//            | ref                |  blocks not on localfree (see below)
//   pool+4   | freeblock          |  the list malloc pops (never 0 on usedpools)
//   pool+8   | nextpool           |  usedpools[szidx] list, or the arena's freepools list
//   pool+12  | prevpool           |  usedpools[szidx] list
//   pool+16  | arenaindex         |  index of its arena object
//   pool+20  | szidx              |  size class index
//   pool+24  | nextoffset         |  offset of the first never-used block
//   pool+28  | localfree          |  the list free pushes on
//   pool+32  | live bitmap        |  one bit per ALIGNMENT bytes of the pool, set
//            |   (POOL_SIZE /     |  at the first granule of each allocated block
//            |    ALIGNMENT bits) |
//   pool+POOL_OVERHEAD            +  first block (ALIGNMENT-aligned)
//            | block | block | ... | never-used blocks ... |
//
// The first 32 bytes are CPython's pool_header, but for the last word
// (CPython's maxnextoffset, a constant of the class here). The live bitmap
// is pyheap's addition: it makes free() of anything but a live block's
// start (a double free, an interior pointer) detectable in O(1), at a cost
// of 0.8% of the pool and one or-store per allocation. The unchecked build
// (config.ts UNCHECKED) keeps the same layout but leaves the bitmap to the
// heap walks, which derive it from the free lists when they need it.
//
// Free blocks are on two lists, as mimalloc shards a page's: malloc pops
// `freeblock` and touches nothing else of the pool; free pushes on
// `localfree`, but a block of the head (see below) goes back on its
// `freeblock` while that holds blocks, as every freed block does in
// CPython: a program freeing and allocating one size reuses the same few
// blocks, still in the cache. When `freeblock` runs dry, the slow path
// takes `localfree` as the new `freeblock` (a "swap"). So `ref` counts the
// blocks not on `localfree` (allocated, or waiting on `freeblock`): a free
// onto `localfree` decrements it, malloc and a free onto the head's
// `freeblock` leave it alone, and a swap sets it to the capacity. The blocks
// allocated are the live bits (statistics count them there), or, in the
// unchecked build, `ref` less the blocks on `freeblock`.
//
// A list ends with a 0 link. An empty `freeblock` on a listed pool is
// NULL_BLOCK, a static word holding 0, so that malloc's fast path reads it
// like a last block and takes the slow path without a null test. Only the
// first pool of usedpools[szidx] (its head) allocates; every other listed
// pool has an empty `freeblock`, so its `ref` is exactly its allocated
// count and reaches 0 when it empties.
//
// Pool states (CPython's state machine):
//   used   some blocks allocated, some free  -> on usedpools[szidx]
//   full   every block allocated             -> on no list (both lists empty)
//   empty  no block allocated                -> on its arena's freepools list
//                                               (every block on localfree)
// used->full when the head's last free block is taken; full->used on a
// free (it is listed behind the head); used->empty when the last block is
// freed; empty->used when a size class without a used pool takes it
// (keeping its free list if the class matches). The head is only found
// empty once its `freeblock` is dry, when a pool that was full joins the
// list behind it, or before memory grows for a large block, so one
// emptied pool per class may wait on usedpools (mimalloc retires pages
// the same way).

import { DEBUG, UNCHECKED, ALIGNMENT, ALIGNMENT_SHIFT, POOL_BITS, POOL_SIZE, POOL_SIZE_MASK } from "../config";

/** The first 32 bytes of a pool, as drawn above. Every pool field is read
 *  and written through this class: `poolHeader(pool).ref`. */
// @ts-ignore: decorator
@unmanaged export class PoolHeader {
  ref: usize;
  freeblock: usize;
  nextpool: usize;
  prevpool: usize;
  arenaindex: usize;
  szidx: usize;
  nextoffset: usize;
  localfree: usize;
}

// @ts-ignore: decorator
@inline export function poolHeader(pool: usize): PoolHeader {
  return changetype<PoolHeader>(pool);
}

/** Offset of the bitmap, right after the fields. */
export const BITMAP: usize = offsetof<PoolHeader>();
export const BITMAP_BYTES: usize = <usize>POOL_SIZE / ALIGNMENT / 8;
export const POOL_OVERHEAD: usize = (BITMAP + BITMAP_BYTES + <usize>ALIGNMENT - 1) & ~(<usize>ALIGNMENT - 1);
/** Marks a pool that was never given a size class. */
export const DUMMY_SIZE_IDX: u32 = 0xffff;

// @ts-ignore: decorator
@inline export function poolOf(p: usize): usize {
  return p & ~<usize>POOL_SIZE_MASK;
}

// @ts-ignore: decorator
@inline export function indexToSize(szidx: u32): usize {
  return <usize>(szidx + 1) << ALIGNMENT_SHIFT;
}

/** Size of the blocks of a formatted pool. */
// @ts-ignore: decorator
@inline export function blockSizeOf(pool: usize): usize {
  return indexToSize(<u32>poolHeader(pool).szidx);
}

/** The live-bitmap word of the granule p is in, less BITMAP (load and
 *  store it at offset BITMAP, which the instruction carries), and its bit.
 *  Both come from p alone, without p - pool: the pool is POOL_SIZE-aligned,
 *  so p's low POOL_BITS bits are its offset, and a 32-bit shift only uses
 *  the count's low 5 bits (the granule index mod 32). */
// @ts-ignore: decorator
@inline export function liveWord(pool: usize, p: usize): usize {
  return pool + ((p >> (ALIGNMENT_SHIFT + 3)) & LIVE_WORD_MASK);
}
// @ts-ignore: decorator
@inline export function liveBit(p: usize): u32 {
  return 1 << <u32>(p >> ALIGNMENT_SHIFT);
}
// The byte offset of p's bitmap word, (offset >> (ALIGNMENT_SHIFT + 5)) * 4,
// as one mask of p >> (ALIGNMENT_SHIFT + 3).
const LIVE_WORD_MASK: usize = ((BITMAP_BYTES >> 2) - 1) << 2;
// liveBit's shift drops pool >> ALIGNMENT_SHIFT only if that is a multiple
// of 32 (checked by the debug build's start code).
if (DEBUG) assert(POOL_BITS - ALIGNMENT_SHIFT >= 5, "liveBit needs pools of at least 32 granules");

/** Whether p is where a block of formatted pool `pool` starts (in use or
 *  not): past the header, before the never-used tail, on a block boundary.
 *  Slow paths only (a division). */
export function isBlockStart(pool: usize, p: usize): bool {
  return isBlockOffset(p - pool, blockSizeOf(pool), poolHeader(pool).nextoffset);
}
/** isBlockStart by offset in the pool, for a walk that holds the pool's
 *  block size and nextoffset. */
// @ts-ignore: decorator
@inline export function isBlockOffset(offset: usize, size: usize, nextoffset: usize): bool {
  return offset >= POOL_OVERHEAD && offset < nextoffset && (offset - POOL_OVERHEAD) % size == 0;
}

/** Blocks allocated in `pool` (slow paths, statistics): its live bits; in
 *  the unchecked build, `ref` less the blocks waiting on `freeblock` (a
 *  walk of at most a pool's blocks). */
export function liveCount(pool: usize): usize {
  if (UNCHECKED) return <usize>poolHeader(pool).ref - listLengthIn(pool, poolHeader(pool).freeblock);
  return liveBitCount(pool);
}

/** The live bits set in `pool` (in the unchecked build, as a walk last
 *  derived them). */
// @ts-ignore: decorator
@inline export function liveBitCount(pool: usize): usize {
  let n: usize = 0;
  for (let w: usize = 0; w < BITMAP_BYTES; w += 8) n += <usize>popcnt<u64>(load<u64>(pool + BITMAP + w));
  return n;
}

/** Blocks on a free list of `pool` from bp (slow paths). A list ends at a
 *  0 link, or is the static NULL_BLOCK (empty): both lie outside the pool,
 *  so the walk stops at the first link that does; at most a pool's worth
 *  of granules, in case a corrupt list loops. */
export function listLengthIn(pool: usize, bp: usize): usize {
  let n: usize = 0;
  for (; bp - pool < <usize>POOL_SIZE && n < MAX_BLOCKS; bp = load<usize>(bp)) n++;
  return n;
}
const MAX_BLOCKS: usize = <usize>POOL_SIZE >> ALIGNMENT_SHIFT;

/** Sets or clears p's live bit, in every build (the unchecked build's
 *  walks derive the bitmap with these). */
// @ts-ignore: decorator
@inline export function setLiveBit(pool: usize, p: usize): void {
  let w = liveWord(pool, p);
  store<u32>(w, load<u32>(w, BITMAP) | liveBit(p), BITMAP);
}
// @ts-ignore: decorator
@inline export function clearLiveBit(pool: usize, p: usize): void {
  let w = liveWord(pool, p);
  store<u32>(w, load<u32>(w, BITMAP) & ~liveBit(p), BITMAP);
}

/** The allocator's: p became live, or free (nothing in the unchecked build). */
// @ts-ignore: decorator
@inline export function markLive(pool: usize, p: usize): void {
  if (!UNCHECKED) setLiveBit(pool, p);
}
// @ts-ignore: decorator
@inline export function clearLive(pool: usize, p: usize): void {
  if (!UNCHECKED) clearLiveBit(pool, p);
}
/** p's live bit: whether p is allocated, in the checked builds; in the
 *  unchecked build only within a walk that derived the bitmap. */
// @ts-ignore: decorator
@inline export function isLive(pool: usize, p: usize): bool {
  return (load<u32>(liveWord(pool, p), BITMAP) & liveBit(p)) != 0;
}

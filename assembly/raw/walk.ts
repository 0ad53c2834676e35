// Walks of the raw heap for statistics and the invariant check: block by
// block from heapStart to top (the boundary tags make that possible), and
// list by list through the TLSF heads.

import { OK, ERR_CORRUPT, fail } from "../errors";
import { committedEnd } from "../source/memory";
import {
  BLOCK_HEADER, MIN_BLOCK, FREE, PREV_FREE, ARENA, CACHED, FLAGS_MASK,
  tagOf, getTag, getInfo, getNext, getPrev, leftSize,
} from "./block";
import { getHeapStart, getTop } from "./raw";
import { listCount, listHead, listOf, listMarked } from "./lists";
import { QUICK_BINS, quickHead, quickNext, quickCount } from "./quick";

/** Totals of a raw walk (reset by walkRaw). */
export let usedBlocks: u32 = 0;
export let usedBytes: usize = 0; // usable payload of used, non-arena blocks
export let headerBytes: usize = 0; // their headers
export let freeBlocks: u32 = 0;
export let freeBytes: usize = 0;
export let arenaBlocks: u32 = 0;
export let arenaCommittedBytes: usize = 0; // committed part of arena blocks

/** Counts every block into the totals above. */
export function walkRaw(): void {
  usedBlocks = 0; usedBytes = 0; headerBytes = 0;
  freeBlocks = 0; freeBytes = 0; arenaBlocks = 0; arenaCommittedBytes = 0;
  let top = getTop();
  let end = committedEnd();
  let p = getHeapStart();
  while (p - BLOCK_HEADER < top) {
    let info = getInfo(p);
    let s = <usize>(info & ~FLAGS_MASK);
    if (s < MIN_BLOCK) break; // check() reports it
    if (info & (FREE | CACHED)) {
      freeBlocks++;
      freeBytes += s;
    } else if (info & ARENA) {
      arenaBlocks++;
      let blockEnd = p - BLOCK_HEADER + s;
      arenaCommittedBytes += (blockEnd < end ? blockEnd : end) - (p - BLOCK_HEADER);
    } else {
      usedBlocks++;
      usedBytes += s - BLOCK_HEADER;
      headerBytes += BLOCK_HEADER;
    }
    p += s;
  }
}

/** Used non-arena block after `p` (0 to start), or 0 at the end: lets the
 *  debug build visit live raw blocks without a callback. */
export function nextUsedBlock(p: usize): usize {
  let top = getTop();
  p = p ? p + (<usize>getInfo(p) & ~<usize>FLAGS_MASK) : getHeapStart();
  while (p - BLOCK_HEADER < top) {
    let info = getInfo(p);
    if ((info & (FREE | ARENA | CACHED)) == 0) return p;
    let s = <usize>(info & ~FLAGS_MASK);
    if (s < MIN_BLOCK) return 0;
    p += s;
  }
  return 0;
}

/** Every invariant of the raw layer; OK or ERR_CORRUPT at the first bad block. */
export function checkRaw(): i32 {
  let top = getTop();
  let start = getHeapStart();
  let p = start;
  let prevFree = false;
  let nfree: u32 = 0;
  let ncached: u32 = 0;
  while (p - BLOCK_HEADER < top) {
    if ((p & 15) != 0 || p >= committedEnd()) return fail(ERR_CORRUPT, p);
    let info = getInfo(p);
    let s = <usize>(info & ~FLAGS_MASK);
    if (s < MIN_BLOCK || (s & 15) != 0 || p - BLOCK_HEADER + s > top) return fail(ERR_CORRUPT, p, s);
    let isFree = (info & FREE) != 0;
    if (((info & PREV_FREE) != 0) != prevFree) return fail(ERR_CORRUPT, p, s);
    if (isFree) {
      if (prevFree || (info & (CACHED | ARENA)) != 0) return fail(ERR_CORRUPT, p, s); // not coalesced, or flags that exclude FREE
      if (getTag(p) != 0 || load<u32>(p - BLOCK_HEADER + s - 4) != <u32>s) return fail(ERR_CORRUPT, p, s);
      if (p - BLOCK_HEADER + s == top) return fail(ERR_CORRUPT, p, s); // belongs to the wilderness
      nfree++;
    } else if (info & CACHED) {
      if (getTag(p) != 0 || (info & ARENA) != 0) return fail(ERR_CORRUPT, p, s);
      ncached++;
    } else if (getTag(p) != tagOf(p)) {
      return fail(ERR_CORRUPT, p, s);
    }
    if ((info & PREV_FREE) != 0 && leftSize(p) == 0) return fail(ERR_CORRUPT, p, s);
    prevFree = isFree;
    p += s;
  }
  if (p - BLOCK_HEADER != top) return fail(ERR_CORRUPT, p);
  // The lists hold exactly the free blocks, each on the list of its size.
  let listed: u32 = 0;
  for (let i: u32 = 0, n = listCount(); i < n; i++) {
    let q = listHead(i);
    if ((q != 0) != listMarked(i)) return fail(ERR_CORRUPT, q);
    let prev: usize = 0;
    while (q) {
      if (q < start || q - BLOCK_HEADER >= top || (getInfo(q) & FREE) == 0) return fail(ERR_CORRUPT, q);
      let s = <usize>(getInfo(q) & ~FLAGS_MASK);
      if (listOf(s) != i || getPrev(q) != prev) return fail(ERR_CORRUPT, q, s);
      if (++listed > nfree) return fail(ERR_CORRUPT, q, s); // a cycle, or a stray
      prev = q;
      q = getNext(q);
    }
  }
  if (listed != nfree) return fail(ERR_CORRUPT, 0, nfree);
  return checkQuick(start, top, ncached);
}

// The quick lists hold exactly the `ncached` CACHED blocks, each on the
// list of its size, and each list's count is its length.
function checkQuick(start: usize, top: usize, ncached: u32): i32 {
  let listed: u32 = 0;
  for (let bin: usize = 0; bin < QUICK_BINS; bin++) {
    let n: u32 = 0;
    for (let q = quickHead(bin); q; q = quickNext(q)) {
      if ((q & 15) != 0 || q < start || q - BLOCK_HEADER >= top) return fail(ERR_CORRUPT, q);
      let info = getInfo(q);
      if ((info & CACHED) == 0 || (info & ~FLAGS_MASK) >> 4 != <u32>bin) return fail(ERR_CORRUPT, q, info & ~FLAGS_MASK);
      if (++listed > ncached) return fail(ERR_CORRUPT, q); // a cycle, or a stray
      n++;
    }
    if (n != quickCount(bin)) return fail(ERR_CORRUPT, 0, n);
  }
  if (listed != ncached) return fail(ERR_CORRUPT, 0, ncached);
  return OK;
}

/** The block after `p` (0 to start), free or used, or 0 at the top: lets
 *  the heap map visit every block without a callback. */
export function nextBlock(p: usize): usize {
  let top = getTop();
  if (p) {
    let s = <usize>(getInfo(p) & ~FLAGS_MASK);
    if (s < MIN_BLOCK) return 0; // check() reports it
    p += s;
  } else {
    p = getHeapStart();
  }
  return p - BLOCK_HEADER < top ? p : 0;
}

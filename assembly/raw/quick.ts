// Quick lists: freed raw blocks of up to QUICK_MAX_BLOCK bytes wait, whole
// and unmerged, on a LIFO list per block size, and the next request of that
// size takes one back (glibc's tcache does the same for 16-1032 B). A free
// or a malloc then touches the block and one list head, where the TLSF path
// touches both neighbours and two list links, each a cache miss once the
// heap outgrows the cache.
//
// To the TLSF layer a quick block is a used block; its header says CACHED
// (block.ts) and its tag is 0, so a second free is still refused as a
// double free. Each list holds at most QUICK_CAP blocks, and raw.ts merges
// every list into the TLSF lists before it takes fresh memory from the
// wilderness or cuts an arena, so waiting blocks never make the heap bigger.
//
//   bins[s >> 4]: first block of size s, 0 if none; a block's first word
//                 links to the next. counts[s >> 4]: how many.

import { DEBUG, QUICK_MAX_BLOCK, QUICK_CAP } from "../config";
import { FREE, ARENA, CACHED, FLAGS_MASK, getInfo, setInfo, setTag, tagOf } from "./block";

const NBINS: usize = (QUICK_MAX_BLOCK >> 4) + 1;
const bins: usize = memory.data(<i32>(NBINS * 4), 4);
const counts: usize = memory.data(<i32>(NBINS * 2), 2);
/** Blocks on all the lists (so that a flush with none is free). */
let cached: u32 = 0;

/** Puts used block p (size s <= QUICK_MAX_BLOCK, header `info`) on its
 *  list; false if the list is full. */
// @ts-ignore: decorator
@inline export function quickPush(p: usize, s: usize, info: u32): bool {
  if (DEBUG) assert((info & (FREE | ARENA | CACHED)) == 0 && <usize>(info & ~FLAGS_MASK) == s, "quickPush: not a used block of that size");
  let bin = s >> 4;
  let n = load<u16>(counts + (bin << 1));
  if (n >= QUICK_CAP) return false;
  store<u16>(counts + (bin << 1), n + 1);
  setTag(p, 0);
  setInfo(p, info | CACHED);
  store<u32>(p, load<u32>(bins + (bin << 2)));
  store<u32>(bins + (bin << 2), <u32>p);
  cached++;
  return true;
}

/** Takes a block of size s (<= QUICK_MAX_BLOCK) off its list, live again;
 *  0 if the list is empty. */
// @ts-ignore: decorator
@inline export function quickPop(s: usize): usize {
  let p = takeFirst(s >> 4);
  if (!p) return 0;
  if (DEBUG) assert(<usize>(getInfo(p) & ~FLAGS_MASK) == s, "quickPop: not a block of that size");
  setTag(p, tagOf(p));
  return p;
}

/** Whether any block waits on a list. */
// @ts-ignore: decorator
@inline export function quickAny(): bool {
  return cached != 0;
}

/** Takes a block off list `bin` (0 if it is empty) to be merged: its
 *  CACHED flag is cleared, its tag stays 0, as a block being freed. */
export function quickDetach(bin: usize): usize {
  return takeFirst(bin);
}

// Takes the first block off list `bin` (0 if it is empty), as unlink leaves it.
// @ts-ignore: decorator
@inline function takeFirst(bin: usize): usize {
  let p = <usize>load<u32>(bins + (bin << 2));
  if (p) unlink(bins + (bin << 2), p, bin);
  return p;
}

/** Takes waiting block p of size s off its list, wherever it is on it (at
 *  most QUICK_CAP links walked), as a used block to TLSF with tag 0. */
export function quickRemove(p: usize, s: usize): void {
  let bin = s >> 4;
  let link = bins + (bin << 2);
  for (let q = <usize>load<u32>(link); q != p; q = quickNext(q)) {
    if (DEBUG) assert(q != 0, "quickRemove: block not on its list");
    link = q; // a block's first word is its link
  }
  unlink(link, p, bin);
}

// Unlinks p, the block `link` points to, from list `bin`; its header loses
// CACHED (its tag stays 0 until it is live again).
// @ts-ignore: decorator
@inline function unlink(link: usize, p: usize, bin: usize): void {
  if (DEBUG) assert((getInfo(p) & (FREE | CACHED)) == CACHED, "quick unlink: not a waiting block");
  store<u32>(link, <u32>quickNext(p));
  store<u16>(counts + (bin << 1), load<u16>(counts + (bin << 1)) - 1);
  setInfo(p, getInfo(p) & ~CACHED);
  cached--;
}

/** First block on the list of size class `bin` (for the walks). */
export function quickHead(bin: usize): usize {
  return <usize>load<u32>(bins + (bin << 2));
}
/** The block after p on its list, 0 at the end (a block's first word). */
// @ts-ignore: decorator
@inline export function quickNext(p: usize): usize {
  return <usize>load<u32>(p);
}
export function quickCount(bin: usize): u32 {
  return load<u16>(counts + (bin << 1));
}
export const QUICK_BINS: usize = NBINS;

// TLSF free lists (two-level segregated fit, Masmano et al. 2004): O(1)
// insert, remove and good-fit search, whatever the number of blocks.
//
// A block of size S maps to a first level (its power of two) and a second
// level (one of SL_COUNT equal slices of that power of two). Sizes below
// SMALL_LIMIT use first level 0, sliced linearly by 16 bytes:
//
//   fl 0:  S in [0, 512)        sl = S / 16
//   fl k:  S in [2^(k+8), 2^(k+9))  sl = top SL_BITS bits below the leading one
//
// heads[fl][sl] is the first free block of that list; flMap has bit fl set
// when any list of that level is non-empty, slMaps[fl] bit sl when that
// list is. Searching rounds the request up to the next slice boundary so
// that any block found in the chosen list fits ("good fit"); a large
// request first tries a few blocks of its own list, which may fit closer.

import { TLSF_SL_BITS, TLSF_FIT_PROBES } from "../config";
import { getNext, setNext, getPrev, setPrev, sizeOf } from "./block";

const SL_BITS: u32 = TLSF_SL_BITS;
const FIT_PROBES: u32 = TLSF_FIT_PROBES;
const SL_COUNT: u32 = 1 << SL_BITS;
const GRANULE_BITS: u32 = 4;
const SMALL_LIMIT: usize = 1 << (SL_BITS + GRANULE_BITS);
/** Levels: 0 for small sizes, then one per power of two up to 2^31. */
export const FL_COUNT: u32 = 31 - (SL_BITS + GRANULE_BITS) + 2;

const heads: usize = memory.data(<i32>(FL_COUNT * SL_COUNT * 4));
const slMaps: usize = memory.data(<i32>(FL_COUNT * 4));
let flMap: u32 = 0;

// Mapping of a size to (fl, sl), packed as fl * SL_COUNT + sl.
// @ts-ignore: decorator
@inline function listIndex(s: usize): u32 {
  if (s < SMALL_LIMIT) return <u32>(s >> GRANULE_BITS);
  let fls = 31 - clz<u32>(<u32>s);
  let fl = fls - (SL_BITS + GRANULE_BITS) + 1;
  let sl = (<u32>s >> (fls - SL_BITS)) ^ SL_COUNT;
  return fl * SL_COUNT + sl;
}

// @ts-ignore: decorator
@inline function headAt(index: u32): usize {
  return load<u32>(heads + (<usize>index << 2));
}
// @ts-ignore: decorator
@inline function setHeadAt(index: u32, p: usize): void {
  store<u32>(heads + (<usize>index << 2), <u32>p);
}

export function insertFree(p: usize, s: usize): void {
  let index = listIndex(s);
  let head = headAt(index);
  setNext(p, head);
  setPrev(p, 0);
  if (head) setPrev(head, p);
  setHeadAt(index, p);
  let fl = index >> SL_BITS;
  flMap |= 1 << fl;
  let slMap = slMaps + (<usize>fl << 2);
  store<u32>(slMap, load<u32>(slMap) | (1 << (index & (SL_COUNT - 1))));
}

export function removeFree(p: usize, s: usize): void {
  let next = getNext(p);
  let prev = getPrev(p);
  if (next) setPrev(next, prev);
  if (prev) {
    setNext(prev, next);
    return;
  }
  let index = listIndex(s);
  setHeadAt(index, next);
  if (next) return;
  let fl = index >> SL_BITS;
  let slMap = slMaps + (<usize>fl << 2);
  let bits = load<u32>(slMap) & ~(1 << (index & (SL_COUNT - 1)));
  store<u32>(slMap, bits);
  if (!bits) flMap &= ~(1 << fl);
}

/** A free block of at least `s` bytes, or 0. Does not remove it. */
export function findFree(s: usize): usize {
  if (s >= SMALL_LIMIT) {
    // The request's own list may hold a block that fits: a few of its
    // blocks are tried before rounding up, which would take a block at
    // least one slice larger and leave the closer fit unused.
    let p = headAt(listIndex(s));
    for (let i: u32 = 0; p && i < FIT_PROBES; i++, p = getNext(p)) {
      if (sizeOf(p) >= s) return p;
    }
    // Round up to the next slice so every block of the list found fits.
    s += (<usize>1 << (31 - clz<u32>(<u32>s) - SL_BITS)) - 1;
  }
  let index = listIndex(s);
  let fl = index >> SL_BITS;
  let slBits = load<u32>(slMaps + (<usize>fl << 2)) & (~0 << (index & (SL_COUNT - 1)));
  if (!slBits) {
    if (fl + 1 >= FL_COUNT) return 0;
    let flBits = flMap & (~0 << (fl + 1));
    if (!flBits) return 0;
    fl = ctz<u32>(flBits);
    slBits = load<u32>(slMaps + (<usize>fl << 2));
  }
  return headAt(fl * SL_COUNT + ctz<u32>(slBits));
}

/** The first free block of list `index` (for check.ts's walk of the lists). */
export function listHead(index: u32): usize {
  return headAt(index);
}
export function listCount(): u32 {
  return FL_COUNT * SL_COUNT;
}
/** The list a block of size `s` must be on (for check.ts). */
export function listOf(s: usize): u32 {
  return listIndex(s);
}
/** Whether the bitmaps say list `index` is non-empty (for check.ts). */
export function listMarked(index: u32): bool {
  let fl = index >> SL_BITS;
  let inFl = (flMap >> fl) & 1;
  let inSl = (load<u32>(slMaps + (<usize>fl << 2)) >> (index & (SL_COUNT - 1))) & 1;
  return inFl != 0 && inSl != 0;
}

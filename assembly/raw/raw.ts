// Layer 1: the raw allocator (CPython's PyMem_Raw* domain). Serves requests
// above SMALL_REQUEST_THRESHOLD and the arenas pymalloc is built from.
//
// A TLSF allocator (lists.ts) over boundary-tagged blocks (block.ts), plus a
// "wilderness" above `top` like dlmalloc's top chunk: memory that is
// committed (or will be) but belongs to no block. Fresh blocks are carved
// from it, and a freed block that touches it is given back to it, so the
// heap's end shrinks and regrows without list traffic.
//
//   heapStart-8                                  top          committedEnd
//   | block | block | free | block | ... | block | wilderness |  (grow) ...
//
// In front of the lists, freed blocks up to QUICK_MAX_BLOCK wait whole on
// per-size quick lists (quick.ts) for a request of their size.
//
// Every operation is O(1) but for the memory.copy of a moving realloc and
// the merge of the quick lists (at most QUICK_CAP blocks per size).

import { DEBUG, QUICK_MAX_BLOCK } from "../config";
import { commit, committedEnd } from "../source/memory";
import {
  OK, ERR_NOT_OURS, ERR_DOUBLE_FREE, ERR_OUT_OF_MEMORY, ERR_SIZE_OVERFLOW, fail,
} from "../errors";
import {
  BLOCK_HEADER, MIN_BLOCK, MAX_REQUEST, FREE, PREV_FREE, ARENA, CACHED, FLAGS_MASK,
  tagOf, getTag, setTag, getInfo, setInfo, sizeOf, setFooter, leftSize, blockSizeFor,
} from "./block";
import { insertFree, removeFree, findFree } from "./lists";
import { QUICK_BINS, quickPush, quickPop, quickRemove, quickAny, quickDetach } from "./quick";

/** Payload address of the first block. Settable once, before any
 *  allocation, by the shared-memory build (see setHeapBase). */
let heapStart: usize = ((__heap_base + 15) & ~<usize>15) + 16;
/** Block start of the wilderness: the next carved block starts here. */
let top: usize = heapStart - BLOCK_HEADER;
/** The highest `top` has been: nothing above it was ever handed out. */
let touchedEnd: usize = top;

/** End of the memory the heap has ever handed out (see FRESH_MEMORY_IS_ZERO). */
export function rawTouchedEnd(): usize {
  return touchedEnd;
}

export function getHeapStart(): usize {
  return heapStart;
}
export function getTop(): usize {
  return top;
}

/** Moves the heap's start to `base` (rounded up, and never below the
 *  statics). Only before any allocation. */
export function setHeapBase(base: usize): void {
  // Never below the statics: pymalloc tells its static sentinels from
  // pools by address (obmalloc.ts freeToPool).
  if (base < __heap_base) base = __heap_base;
  heapStart = ((base + 15) & ~<usize>15) + 16;
  top = heapStart - BLOCK_HEADER;
  touchedEnd = top;
}

// Moves the wilderness up to `end` (a carve, or growth in place at the top).
// @ts-ignore: decorator
@inline function raiseTop(end: usize): void {
  top = end;
  if (end > touchedEnd) touchedEnd = end;
}

// ---------------------------------------------------------------- allocate

/** Allocates `n` bytes, 16-aligned. 0 with an error recorded on failure. */
export function rawMalloc(n: usize): usize {
  if (n > MAX_REQUEST) {
    fail(ERR_SIZE_OVERFLOW, 0, n);
    return 0;
  }
  let s = blockSizeFor(n);
  if (s <= QUICK_MAX_BLOCK) {
    let q = quickPop(s);
    if (q) return q;
  }
  let p = findFreeOrMerge(s);
  if (p) {
    takeFree(p, s);
    return p;
  }
  return carve(s, s - BLOCK_HEADER);
}

// findFree, tried again after merging the quick lists when it finds
// nothing and blocks wait there (before the caller turns to the wilderness).
function findFreeOrMerge(s: usize): usize {
  let p = findFree(s);
  if (!p && flushQuick()) p = findFree(s);
  return p;
}

// Slow path: merges every quick block into the TLSF lists; false if none
// waited. Done whenever the lists cannot serve a request and the wilderness
// would, and before an arena is cut, so that waiting blocks never make the
// heap take fresh memory.
function flushQuick(): bool {
  if (!quickAny()) return false;
  for (let bin: usize = 0; bin < QUICK_BINS; bin++) {
    for (let p = quickDetach(bin); p; p = quickDetach(bin)) rawFreeNow(p);
  }
  return true;
}

/** rawMalloc without growing memory: 0 (no error recorded) if the request
 *  does not fit in free blocks or the committed wilderness. `toGrow`
 *  (realloc out of pymalloc's classes): a free block twice the size (its
 *  rest free to the right), else the wilderness before a closer fit. */
export function rawTryMalloc(n: usize, toGrow: bool = false): usize {
  if (n > MAX_REQUEST) return 0;
  let s = blockSizeFor(n);
  // A block that will grow wants room after it, not a block of its size.
  if (s <= QUICK_MAX_BLOCK && !toGrow) {
    let q = quickPop(s);
    if (q) return q;
  }
  let want = toGrow && n <= MAX_REQUEST >> 1 ? s << 1 : s;
  let p = findFreeOrMerge(want);
  if (!p) {
    if (<u64>top + <u64>s <= <u64>committedEnd()) return carve(s, s - BLOCK_HEADER);
    if (want != s) p = findFree(s);
    if (!p) return 0;
  }
  takeFree(p, s);
  return p;
}

/** Allocates `n` bytes whose address plus `offset` (a multiple of 16) is
 *  aligned to `align` (a power of two above 16). The offset lets the debug
 *  build align the data that follows its 16-byte guard prefix. */
export function rawMallocAligned(n: usize, align: usize, offset: usize): usize {
  return allocAligned(n, align, offset, n);
}

/** An arena: `n` bytes aligned to `align`, of which only the first
 *  `commitNow` are committed if it has to be carved from the wilderness.
 *  The caller commits the rest as it goes (rawCommit). */
export function rawAllocArena(n: usize, align: usize, commitNow: usize): usize {
  let p = allocAligned(n, align, 0, commitNow);
  if (p) setInfo(p, getInfo(p) | ARENA);
  return p;
}

/** An arena from free memory, without growing it: a free block that holds
 *  at least `minBytes` of `align`-aligned payload, cut down to at most
 *  `maxBytes`. 0 if there is none. Its usable size says how much it got. */
export function rawArenaFromFree(minBytes: usize, maxBytes: usize, align: usize): usize {
  let smin = blockSizeFor(minBytes);
  flushQuick();
  let p = findFree(smin);
  if (!p || alignedFit(p, smin, align, 0) == 0) p = findFree(smin + align + MIN_BLOCK);
  if (!p) return 0;
  let have = sizeOf(p);
  let a = alignedFit(p, smin, align, 0);
  let room = p - BLOCK_HEADER + have - (a - BLOCK_HEADER);
  let s = blockSizeFor(maxBytes);
  if (s > room) s = room;
  takeFree(p, have);
  let q = trimAligned(p, a, s);
  setInfo(q, getInfo(q) | ARENA);
  return q;
}

/** Shrinks arena block p to `n` bytes of payload, giving the rest back
 *  (to the wilderness when the arena is the last block). */
export function rawTrimArena(p: usize, n: usize): void {
  shrinkInPlace(p, blockSizeFor(n));
}

/** Whether block p is the last one, just below the wilderness. */
export function rawIsLast(p: usize): bool {
  return p - BLOCK_HEADER + sizeOf(p) == top;
}

/** Commits memory up to `end` inside an arena carved lazily. */
export function rawCommit(end: usize): bool {
  if (commit(end)) return true;
  fail(ERR_OUT_OF_MEMORY, 0, end);
  return false;
}

// Marks free block p (size >= s) used, splitting off what is left over.
function takeFree(p: usize, s: usize): void {
  let have = sizeOf(p);
  if (DEBUG) assert((getInfo(p) & FREE) != 0 && have >= s && (s & 15) == 0, "takeFree: not a free block of that size");
  removeFree(p, have);
  let info = getInfo(p) & PREV_FREE; // left neighbour unchanged
  if (have - s >= MIN_BLOCK) {
    setInfo(p, <u32>s | info);
    releaseRange(p + s, have - s);
  } else {
    setInfo(p, <u32>have | info);
    let right = p + have;
    setInfo(right, getInfo(right) & ~PREV_FREE);
  }
  setTag(p, tagOf(p));
}

// Carves a block of size s from the wilderness, committing `commitBytes` of
// its payload now. The block below `top` is never free, so PREV_FREE is 0.
function carve(s: usize, commitBytes: usize): usize {
  let p = top + BLOCK_HEADER;
  if (<u64>top + <u64>s > <u64>0xffff_fff0 || !commit(<u64>p + <u64>commitBytes)) {
    fail(ERR_OUT_OF_MEMORY, 0, s);
    return 0;
  }
  raiseTop(top + s);
  setInfo(p, <u32>s);
  setTag(p, tagOf(p));
  return p;
}

// Shared by aligned allocation and arenas: finds or carves a block that can
// hold a payload of n bytes at an address a with (a + off) % align == 0,
// and trims the block to that payload.
function allocAligned(n: usize, align: usize, off: usize, commitBytes: usize): usize {
  if (n > MAX_REQUEST || align > MAX_REQUEST) {
    fail(ERR_SIZE_OVERFLOW, 0, n);
    return 0;
  }
  let s = blockSizeFor(n);
  // A free block that already sits right (e.g. a freed arena) is found by an
  // exact-size search; otherwise ask for room to trim a gap at the front.
  let p = findFree(s);
  if (!p || alignedFit(p, s, align, off) == 0) p = findFree(s + align + MIN_BLOCK);
  if (p) {
    let a = alignedFit(p, s, align, off);
    takeFree(p, sizeOf(p));
    return trimAligned(p, a, s);
  }
  if (flushQuick()) return allocAligned(n, align, off, commitBytes);
  // Carve from the wilderness: the gap below the aligned payload becomes a
  // free block (or, if too small for one, the payload moves up by `align`).
  let a = ((top + BLOCK_HEADER + off + align - 1) & ~(align - 1)) - off;
  let gap = a - BLOCK_HEADER - top;
  if (gap != 0 && gap < MIN_BLOCK) {
    a += align;
    gap += align;
  }
  let need = gap + s;
  p = carve(need, gap + commitBytes);
  if (!p) return 0;
  return trimAligned(p, a, s);
}

// The aligned payload inside free block p for a block of size s, or 0 if
// it does not fit (the front gap must be empty or a whole block).
function alignedFit(p: usize, s: usize, align: usize, off: usize): usize {
  let a = ((p + off + align - 1) & ~(align - 1)) - off;
  let gap = a - p;
  if (gap != 0 && gap < MIN_BLOCK) {
    a += align;
    gap += align;
  }
  return gap + s <= sizeOf(p) ? a : 0;
}

// Used block p holds payload a (aligned): frees the front gap and the tail.
function trimAligned(p: usize, a: usize, s: usize): usize {
  if (a != p) {
    let info = getInfo(p);
    let total = <usize>(info & ~FLAGS_MASK);
    let gap = a - p;
    // The gap keeps p's left neighbour; its right neighbour (a) is used.
    setInfo(p, <u32>gap | (info & PREV_FREE) | FREE);
    setTag(p, 0);
    setFooter(p, gap);
    insertFree(p, gap);
    setInfo(a, <u32>(total - gap) | PREV_FREE);
    setTag(a, tagOf(a));
  }
  shrinkInPlace(a, s);
  return a;
}

// ---------------------------------------------------------------- free

/** Checks that p is a live raw block. Returns OK or an error code (recorded). */
export function rawValidate(p: usize): i32 {
  return isLiveRaw(p) ? OK : rawRefusal(p);
}

/** Whether p is a live raw block: a payload start below `top` whose header
 *  has its tag, is neither free nor an arena, and whose size stays below
 *  `top`. Reads nothing outside committed memory. */
// @ts-ignore: decorator
@inline function isLiveRaw(p: usize): bool {
  // heapStart <= p < top + 8 in one compare; then p's header, at most
  // `top`, is readable.
  if ((p & 15) != 0 || p - heapStart >= top + BLOCK_HEADER - heapStart) return false;
  let info = getInfo(p);
  let s = <usize>(info & ~FLAGS_MASK);
  return getTag(p) == tagOf(p) && (info & (FREE | ARENA)) == 0 && s >= MIN_BLOCK && s <= top - (p - BLOCK_HEADER);
}

// Slow path of rawValidate: why p is not a live raw block. A freed block
// keeps its header marked free (tag 0, FREE) when it merges into its left
// neighbour or, as the last block, goes back to the wilderness; one on a
// quick list has tag 0 and CACHED.
function rawRefusal(p: usize): i32 {
  if ((p & 15) == 0 && p >= heapStart && p < committedEnd() && getTag(p) == 0 && (getInfo(p) & (FREE | CACHED)) != 0) {
    return fail(ERR_DOUBLE_FREE, p, sizeOf(p));
  }
  return fail(ERR_NOT_OURS, p);
}

/** Frees a live raw block (validate first): onto its quick list, or
 *  merged with free neighbours. */
export function rawFree(p: usize): void {
  let info = getInfo(p);
  let s = <usize>(info & ~FLAGS_MASK);
  if (s <= QUICK_MAX_BLOCK && p - BLOCK_HEADER + s != top && quickPush(p, s, info)) return;
  rawFreeNow(p);
}

// Frees used block p into the TLSF lists, merged with free neighbours.
function rawFreeNow(p: usize): void {
  let info = getInfo(p);
  let s = <usize>(info & ~FLAGS_MASK);
  // Leave p's own header marked free: a second free of p is then recognised
  // as a double free even after p merges into its left neighbour.
  setTag(p, 0);
  setInfo(p, info | FREE);
  if (info & PREV_FREE) {
    let ls = leftSize(p);
    if (DEBUG) assert((getInfo(p - ls) & FREE) != 0 && sizeOf(p - ls) == ls, "rawFree: left neighbour's boundary tag disagrees");
    p -= ls;
    removeFree(p, ls);
    s += ls;
  }
  releaseRange(p, s);
}

/** Frees an arena block (pymalloc's, so it needs no validation). */
export function rawFreeArena(p: usize): void {
  setInfo(p, getInfo(p) & ~ARENA);
  rawFreeNow(p);
}

// Makes [p-8, p-8+s) a free block whose left neighbour is used: merges it
// with a free right neighbour, or gives it back to the wilderness.
function releaseRange(p: usize, s: usize): void {
  if (DEBUG) assert(s >= MIN_BLOCK && (s & 15) == 0 && p + s - BLOCK_HEADER <= top, "releaseRange: bad range");
  let right = p + s;
  if (right - BLOCK_HEADER == top) {
    top = p - BLOCK_HEADER;
    return;
  }
  let rightInfo = getInfo(right);
  if (rightInfo & FREE) {
    let rs = <usize>(rightInfo & ~FLAGS_MASK);
    // Two free blocks are never adjacent: the right one's left was used.
    if (DEBUG) assert((rightInfo & PREV_FREE) == 0, "releaseRange: adjacent free blocks");
    removeFree(right, rs);
    s += rs;
    right += rs;
    if (right - BLOCK_HEADER == top) {
      top = p - BLOCK_HEADER;
      return;
    }
  } else {
    setInfo(right, rightInfo | PREV_FREE);
  }
  setTag(p, 0);
  setInfo(p, <u32>s | FREE);
  setFooter(p, s);
  insertFree(p, s);
}

// Cuts used block p down to size s (if the rest can form a block).
function shrinkInPlace(p: usize, s: usize): void {
  let info = getInfo(p);
  let have = <usize>(info & ~FLAGS_MASK);
  if (have - s < MIN_BLOCK) return;
  setInfo(p, <u32>s | (info & FLAGS_MASK));
  releaseRange(p + s, have - s);
}

// ---------------------------------------------------------------- realloc

/** Resizes raw block p, or refuses it (0, the error recorded, nothing
 *  changed) if it is not a live raw block. The last block is resized in
 *  place, the wilderness moving with its end (the fast path); any other
 *  in place when it shrinks or when its right neighbour is free and large
 *  enough; otherwise it moves. */
export function rawRealloc(p: usize, n: usize): usize {
  if (!isLiveRaw(p)) {
    rawValidate(p); // records why
    return 0;
  }
  let start = p - BLOCK_HEADER;
  let s = blockSizeFor(n);
  // commit() refuses an end past the heap's last page, so a block that
  // stays in place always ends at a 32-bit address.
  let end = <u64>start + <u64>s;
  if (n <= MAX_REQUEST && start + sizeOf(p) == top && (end <= <u64>committedEnd() || commit(end))) {
    raiseTop(start + s);
    setInfo(p, <u32>s | (getInfo(p) & FLAGS_MASK));
    return p;
  }
  return rawReallocGeneric(p, n);
}

// Slow path of rawRealloc (p live): a request too large, a block that is
// not the last one (or the memory cannot grow for it), or a move.
function rawReallocGeneric(p: usize, n: usize): usize {
  if (n > MAX_REQUEST) {
    fail(ERR_SIZE_OVERFLOW, p, n);
    return 0;
  }
  let s = blockSizeFor(n);
  let info = getInfo(p);
  let have = <usize>(info & ~FLAGS_MASK);
  let right = p + have;
  if (right - BLOCK_HEADER != top) {
    if (s <= have) {
      shrinkInPlace(p, s);
      return p;
    }
    let rightInfo = getInfo(right);
    let rs = <usize>(rightInfo & ~FLAGS_MASK);
    if ((rightInfo & FREE) != 0 && have + rs >= s) {
      removeFree(right, rs);
      let after = right + rs;
      setInfo(after, getInfo(after) & ~PREV_FREE);
      setInfo(p, <u32>(have + rs) | (info & FLAGS_MASK));
      shrinkInPlace(p, s);
      return p;
    }
    // A waiting neighbour is free memory too; to TLSF it is a used block,
    // so the block after it needs no flag changed.
    if ((rightInfo & CACHED) != 0 && have + rs >= s) {
      quickRemove(right, rs);
      setInfo(p, <u32>(have + rs) | (info & FLAGS_MASK));
      shrinkInPlace(p, s);
      return p;
    }
  }
  let q = rawMalloc(n);
  if (!q) return 0;
  memory.copy(q, p, have - BLOCK_HEADER);
  rawFree(p);
  return q;
}

/** Bytes usable at live raw block p. */
export function rawUsableSize(p: usize): usize {
  return sizeOf(p) - BLOCK_HEADER;
}

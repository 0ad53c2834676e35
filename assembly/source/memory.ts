// Layer 0: the memory source. The only code that calls memory.grow.
//
// Wasm memory only grows, so "committing" memory means growing the linear
// memory until it covers an address. Growth adds slack (config.ts explains
// the policy) so that a heap growing page by page does not pay one
// memory.grow per page. `maxBytes` caps growth (the facade's maxMemory).

import {
  WASM_PAGE_BITS, WASM_PAGE_SIZE, MAX_HEAP_PAGES,
  GROW_SLACK_DIVISOR, GROW_MIN_PAGES, GROW_MAX_PAGES, GROW_CAP_DIVISOR,
} from "../config";

/** Highest page count this heap may grow to. */
let maxPages: u32 = MAX_HEAP_PAGES;
/** Number of successful memory.grow calls (reported in statistics). */
let growCalls: u32 = 0;
/** The end of the memory this heap has committed (a global read is cheaper
 *  than memory.size on the free path). In a shared memory another module
 *  may grow it further; everything this heap hands out is below this. */
let knownEnd: usize = <usize>min<u32>(<u32>memory.size(), MAX_HEAP_PAGES) << WASM_PAGE_BITS;

/** End of the memory this heap may use now; every address below is readable. */
// @ts-ignore: decorator
@inline export function committedEnd(): usize {
  return knownEnd;
}

export function growCount(): u32 {
  return growCalls;
}

/** Caps growth at `bytes` (rounded down to pages, never below what exists,
 *  never above MAX_HEAP_PAGES). Zero means no cap of its own. */
export function setMaxBytes(bytes: u64): void {
  let pages = bytes == 0 ? <u64>MAX_HEAP_PAGES : bytes >> WASM_PAGE_BITS;
  let now = <u64>memory.size();
  if (pages < now) pages = now;
  maxPages = <u32>(pages > <u64>MAX_HEAP_PAGES ? <u64>MAX_HEAP_PAGES : pages);
}

export function maxBytes(): u64 {
  return <u64>maxPages << WASM_PAGE_BITS;
}

/** Makes sure memory covers [0, end). False if it cannot grow that far. */
export function commit(end: u64): bool {
  if (end <= <u64>knownEnd) return true;
  return growToCover(end);
}

// Slow path of commit(): decides the step and grows.
function growToCover(end: u64): bool {
  let have = <u32>memory.size();
  // Another module sharing the memory may have grown it; pages past the
  // cap (the shared build's limit) are never this heap's.
  let usable = have < maxPages ? have : maxPages;
  knownEnd = <usize>usable << WASM_PAGE_BITS;
  if (end <= <u64>knownEnd) return true;
  let needPages64 = (end + WASM_PAGE_SIZE - 1) >> WASM_PAGE_BITS;
  if (needPages64 > <u64>maxPages) return false;
  let need = <u32>needPages64 - have;
  let slack = have / GROW_SLACK_DIVISOR;
  let cap = have / GROW_CAP_DIVISOR;
  if (cap < GROW_MAX_PAGES) cap = GROW_MAX_PAGES;
  if (slack > cap) slack = cap;
  if (slack < GROW_MIN_PAGES) slack = GROW_MIN_PAGES;
  // At least `slack` pages (geometric while the heap is small, then
  // capped), and no slack on top of a larger request (a big block would
  // otherwise leave the slack unused at the heap's peak).
  let step = need > slack ? need : slack;
  if (have + step > maxPages) step = maxPages - have; // slack is optional
  if (memory.grow(<i32>step) < 0) {
    // The host refused the slack (e.g. a declared maximum): try the minimum.
    if (step == need || memory.grow(<i32>need) < 0) return false;
  }
  growCalls++;
  have = <u32>memory.size();
  knownEnd = <usize>(have < maxPages ? have : maxPages) << WASM_PAGE_BITS;
  return true;
}

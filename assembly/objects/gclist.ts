// Generation 0: the doubly linked list of every tracked container, as
// CPython's gcstate->generations[0].head. The cycle collector (its own
// issue) walks it; here objects join it when created and leave it when
// torn down.
//
//   gen0 (static sentinel)     container A            container B
//   +---------+---------+      +---------+---------+  +---------+---------+
//   | next ------------------> | next ------------->  | next -> gen0      |
//   | prev -> B         | <------ prev|flags       | <-- prev|flags     |
//   +---------+---------+      +---------+---------+  +---------+---------+
//
// Links are addresses of GC heads (op - 8). gc_prev keeps two flag bits
// (FINALIZED, and one for the collector) in its low bits, which are free
// because heads are 8-aligned; gc_next == 0 means "not tracked".

import { GC_HEAD, GC_FLAGS_MASK } from "./layout";

/** The sentinel head of generation 0. */
export const gen0: usize = memory.data(8, 8);
store<u32>(gen0, <u32>gen0);
store<u32>(gen0, <u32>gen0, 4);

/** Containers in generation 0 (allocations minus deallocations of
 *  tracked objects, CPython's generations[0].count). */
let gen0Count: u32 = 0;

export function generation0Count(): u32 {
  return gen0Count;
}

// @ts-ignore: decorator
@inline export function gcTrack(op: usize): void {
  let g = op - GC_HEAD;
  let last = <usize>(load<u32>(gen0, 4) & ~GC_FLAGS_MASK);
  store<u32>(last, <u32>g);
  store<u32>(g, <u32>gen0);
  store<u32>(g, <u32>last, 4); // flags start clear
  store<u32>(gen0, <u32>g, 4);
  gen0Count++;
}

// @ts-ignore: decorator
@inline export function gcUntrack(op: usize): void {
  let g = op - GC_HEAD;
  let next = <usize>load<u32>(g);
  if (!next) return;
  let prev = <usize>(load<u32>(g, 4) & ~GC_FLAGS_MASK);
  store<u32>(prev, <u32>next);
  store<u32>(next, (load<u32>(next, 4) & GC_FLAGS_MASK) | <u32>prev, 4);
  store<u32>(g, 0);
  store<u32>(g, load<u32>(g, 4) & GC_FLAGS_MASK, 4);
  gen0Count--;
}

// @ts-ignore: decorator
@inline export function gcIsTracked(op: usize): bool {
  return load<u32>(op - GC_HEAD) != 0;
}

// @ts-ignore: decorator
@inline export function gcFlags(op: usize): u32 {
  return load<u32>(op - GC_HEAD, 4) & GC_FLAGS_MASK;
}
// @ts-ignore: decorator
@inline export function gcSetFlag(op: usize, flag: u32): void {
  let g = op - GC_HEAD;
  store<u32>(g, load<u32>(g, 4) | flag, 4);
}

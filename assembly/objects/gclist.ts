// Generation 0: the doubly linked list of every tracked container, as
// CPython's gcstate->generations[0].head. The cycle collector (gc/)
// walks it; here objects join it when created and leave it when torn
// down.
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

import { DEBUG } from "../config";
import { GC_HEAD, GC_FLAGS_MASK, GC_GEN_MASK, GC_GEN_SHIFT, T_TUPLE, typeId, isGCType, gcHead, typeWord, setTypeWord } from "./layout";

/** The sentinel head of generation 0. */
export const gen0: usize = memory.data(8, 8);
gcHead(gen0).next = <u32>gen0;
gcHead(gen0).prev = <u32>gen0;

/** CPython's generations[0].count: container allocations minus
 *  container deallocations since the last collection (never below 0).
 *  A word in memory, not a global, so that the facade can compare it with
 *  gc/state.ts's autoLimit after each new container without a call. */
export const gen0CountWord: usize = memory.data(4, 4);
/** The count above which a collection may be due (gc/state.ts's autoLimit,
 *  which keeps it): here beside the count, so that the object layer's
 *  constructors can tell the facade (api/refs.ts). */
export const autoLimitWord: usize = memory.data(4, 4);

/** Whether generation 0 has outgrown the limit: pyobj_gc_auto() is worth
 *  a call. */
// @ts-ignore: decorator
@inline export function collectionDue(): bool {
  return load<u32>(gen0CountWord) > load<u32>(autoLimitWord);
}

// @ts-ignore: decorator
@inline export function generation0Count(): u32 {
  return load<u32>(gen0CountWord);
}

/** Appends a container whose type word was just stored (so its GEN is 0,
 *  generation 0's: layout.ts) to generation 0, counting an allocation. */
// @ts-ignore: decorator
@inline export function gcTrack(op: usize): void {
  let g = op - GC_HEAD;
  let last = <usize>(gcHead(gen0).prev & ~GC_FLAGS_MASK);
  gcHead(last).next = <u32>g;
  gcHead(g).next = <u32>gen0;
  gcHead(g).prev = <u32>last; // flags start clear
  gcHead(gen0).prev = <u32>g;
  store<u32>(gen0CountWord, load<u32>(gen0CountWord) + 1);
}

/** Unlinks a dying container from whichever generation holds it (the
 *  collector's lists are doubly linked whenever objects can die) and
 *  counts the deallocation back, as CPython's PyObject_GC_Del does for
 *  every container, tracked or not. Only the types' dealloc slots call it. */
// @ts-ignore: decorator
@inline export function gcUntrack(op: usize): void {
  let n = load<u32>(gen0CountWord);
  if (n) store<u32>(gen0CountWord, n - 1);
  gcUnlink(op);
}

/** Takes op off its list without counting (the collector's untracking of
 *  atomic tuples and dicts, CPython's _PyObject_GC_UNTRACK). */
// @ts-ignore: decorator
@inline export function gcUnlink(op: usize): void {
  let g = op - GC_HEAD;
  let next = <usize>(gcHead(g).next & ~GC_FLAGS_MASK);
  if (!next) return;
  let prev = <usize>(gcHead(g).prev & ~GC_FLAGS_MASK);
  if (DEBUG) {
    assert(<usize>(gcHead(prev).next & ~GC_FLAGS_MASK) == g, "gcUnlink: previous node does not link forward");
    assert(<usize>(gcHead(next).prev & ~GC_FLAGS_MASK) == g, "gcUnlink: next node does not link back");
  }
  gcHead(prev).next = (gcHead(prev).next & GC_FLAGS_MASK) | <u32>next;
  gcHead(next).prev = (gcHead(next).prev & GC_FLAGS_MASK) | <u32>prev;
  gcHead(g).next = 0;
  gcHead(g).prev &= GC_FLAGS_MASK;
}

/** Puts an untracked container back at the end of generation 0 without
 *  counting an allocation (_PyObject_GC_TRACK: a dict the collector
 *  untracked gets a container value). */
export function gcRetrack(op: usize): void {
  let g = op - GC_HEAD;
  if (DEBUG) assert(gcHead(g).next == 0, "gcRetrack: already tracked");
  let last = <usize>(gcHead(gen0).prev & ~GC_FLAGS_MASK);
  gcHead(last).next = <u32>g;
  gcHead(g).next = <u32>gen0;
  gcHead(g).prev = (gcHead(g).prev & GC_FLAGS_MASK) | <u32>last;
  gcHead(gen0).prev = <u32>g;
  setGen(op, 0);
}

/** Records in op's type word that op is on generation gen's list. */
// @ts-ignore: decorator
@inline export function setGen(op: usize, gen: u32): void {
  setTypeWord(op, (typeWord(op) & ~GC_GEN_MASK) | (gen << GC_GEN_SHIFT));
}

/** The collector resets the count after a collection. */
export function setGeneration0Count(n: u32): void {
  store<u32>(gen0CountWord, n);
}

// @ts-ignore: decorator
@inline export function gcIsTracked(op: usize): bool {
  return gcHead(op - GC_HEAD).next != 0;
}

// @ts-ignore: decorator
@inline export function gcFlags(op: usize): u32 {
  return gcHead(op - GC_HEAD).prev & GC_FLAGS_MASK;
}
// @ts-ignore: decorator
@inline export function gcSetFlag(op: usize, flag: u32): void {
  let g = op - GC_HEAD;
  gcHead(g).prev |= flag;
}

/** _PyObject_GC_MAY_BE_TRACKED: a container that is, or may become,
 *  tracked (a tuple only while tracked). What decides whether a tuple or
 *  dict holding v may be untracked, or must be tracked again. */
// @ts-ignore: decorator
@inline export function mayBeTracked(v: usize): bool {
  let t = typeId(v);
  if (!isGCType(t)) return false;
  return t != T_TUPLE || gcIsTracked(v);
}

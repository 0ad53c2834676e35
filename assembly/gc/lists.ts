// The collector's lists: CPython's gc_list_* over PyGC_Head, and gc_refs.
//
// A list is a circular doubly linked list through a static sentinel head;
// generation 0's head is gen0 in objects/gclist.ts, the others are here.
//
//   generations[0]  gen0      young objects (allocation appends here)
//   generations[1]  gen1      survived one collection
//   generations[2]  gen2      survived two (the "long-lived")
//   permanent       permGen   gc.freeze(): ignored by every collection
//
// During a collection the GC head changes meaning, as in CPython 3.12:
//
//   gc_next  31                          1   0
//           +------------------------------+---+
//           | next PyGC_Head               | U |  U = NEXT_MASK_UNREACHABLE:
//           +------------------------------+---+      in move_unreachable's
//                                                     'unreachable' list
//   gc_prev  31                      2   1   0
//           +--------------------------+---+---+
//           | prev PyGC_Head, or       | C | F |  C = COLLECTING (in the set
//           | gc_refs (while C is set  |   |   |      being collected)
//           | and prev is not needed)  |   |   |  F = FINALIZED (PEP 442)
//           +--------------------------+---+---+
//
// gc_refs holds a copy of ob_refcnt minus the references from inside the
// set; counts stay below 0x3FFFFFFF, so 30 bits are enough.
//
// Which list a tracked object is on is also written in its type word (GEN,
// objects/layout.ts): whatever moves objects between generations keeps it.

import { DEBUG } from "../config";
import { GC_HEAD, GC_FLAGS_MASK, GC_FINALIZED, PENDING, gcHead, refcnt } from "../objects/layout";
import { gen0, setGen } from "../objects/gclist";

export const COLLECTING: u32 = 2;
export const NEXT_UNREACHABLE: u32 = 1;
const PTR_MASK: u32 = ~GC_FLAGS_MASK;

// One memory.data() per head: it is a static reservation per call site.
export const gen1: usize = memory.data(8, 8);
export const gen2: usize = memory.data(8, 8);
export const permGen: usize = memory.data(8, 8);
gcHead(gen1).next = <u32>gen1;
gcHead(gen1).prev = <u32>gen1;
gcHead(gen2).next = <u32>gen2;
gcHead(gen2).prev = <u32>gen2;
gcHead(permGen).next = <u32>permGen;
gcHead(permGen).prev = <u32>permGen;

/** The head of generation i (0..2). */
// @ts-ignore: decorator
@inline export function genHead(i: i32): usize {
  return i == 0 ? gen0 : i == 1 ? gen1 : gen2;
}

// ---------------------------------------------------------- links

// @ts-ignore: decorator
@inline export function gcNext(g: usize): usize {
  return <usize>(gcHead(g).next & PTR_MASK);
}
// @ts-ignore: decorator
@inline export function gcPrev(g: usize): usize {
  return <usize>(gcHead(g).prev & PTR_MASK);
}
// @ts-ignore: decorator
@inline export function setNext(g: usize, n: usize): void {
  gcHead(g).next = <u32>n;
}
// @ts-ignore: decorator
@inline export function setPrev(g: usize, p: usize): void {
  gcHead(g).prev = (gcHead(g).prev & GC_FLAGS_MASK) | <u32>p;
}
// @ts-ignore: decorator
@inline export function fromGC(g: usize): usize {
  return g + GC_HEAD;
}

// ---------------------------------------------------------- gc_refs

/** update_refs for the object at g, whose type word is w and gc_prev p:
 *  the gc_prev to store, gc_refs = refcount with COLLECTING set and
 *  FINALIZED kept. An object waiting on the deallocation stack (a
 *  collection started from a finalizer) has its count field used as a
 *  link; it is being torn down, so it counts as held from outside. */
// @ts-ignore: decorator
@inline export function firstRefs(g: usize, w: u32, p: u32): u32 {
  let rc = w & PENDING ? 1 : refcnt(g + GC_HEAD);
  return (p & GC_FINALIZED) | COLLECTING | (rc << 2);
}
// @ts-ignore: decorator
@inline export function getRefs(g: usize): u32 {
  return gcHead(g).prev >>> 2;
}
// @ts-ignore: decorator
@inline export function setRefs(g: usize, refs: u32): void {
  gcHead(g).prev = (gcHead(g).prev & GC_FLAGS_MASK) | (refs << 2);
}
// @ts-ignore: decorator
@inline export function isCollecting(g: usize): bool {
  return (gcHead(g).prev & COLLECTING) != 0;
}
// @ts-ignore: decorator
@inline export function clearCollecting(g: usize): void {
  gcHead(g).prev &= ~COLLECTING;
}

// ---------------------------------------------------------- lists

// @ts-ignore: decorator
@inline export function listInit(h: usize): void {
  gcHead(h).next = <u32>h;
  gcHead(h).prev = <u32>h;
}
// @ts-ignore: decorator
@inline export function listIsEmpty(h: usize): bool {
  return gcNext(h) == h;
}

// Debug build: g's neighbours point back at it (CPython's
// gc_list_is_consistent, one node at a time).
// @ts-ignore: decorator
@inline function assertLinked(g: usize): void {
  if (DEBUG) {
    assert(gcPrev(gcNext(g)) == g, "gc list: next node does not link back");
    assert(gcNext(gcPrev(g)) == g, "gc list: previous node does not link forward");
  }
}

/** gc_list_append: node goes last. */
// @ts-ignore: decorator
@inline export function listAppend(g: usize, list: usize): void {
  if (DEBUG) assert(g != list, "gc list: a head appended to itself");
  let last = gcPrev(list);
  setPrev(g, last);
  setNext(last, g);
  setNext(g, list);
  setPrev(list, g);
}

/** gc_list_move: unlinks node from its list, appends it to list. */
// @ts-ignore: decorator
@inline export function listMove(g: usize, list: usize): void {
  assertLinked(g);
  let prev = gcPrev(g);
  let next = gcNext(g);
  setNext(prev, next);
  setPrev(next, prev);
  listAppend(g, list);
}

/** gc_list_merge: every node of from goes to the end of to; from empty. */
export function listMerge(from: usize, to: usize): void {
  if (DEBUG) assert(from != to, "gc list: merged into itself");
  if (listIsEmpty(from)) return;
  assertLinked(from);
  assertLinked(to);
  let tail = gcPrev(to);
  let first = gcNext(from);
  let last = gcPrev(from);
  setNext(tail, first);
  setPrev(first, tail);
  setNext(last, to);
  setPrev(to, last);
  listInit(from);
}

export function listSize(h: usize): u32 {
  let n: u32 = 0;
  for (let g = gcNext(h); g != h; g = gcNext(g)) n++;
  return n;
}

/** Marks every node of h as being on generation gen's list (GEN). */
export function listSetGen(h: usize, gen: u32): void {
  for (let g = gcNext(h); g != h; g = gcNext(g)) setGen(fromGC(g), gen);
}

// Where objects get their memory: the object allocator (layer 2), through
// the same family PyObject_Malloc uses. In the debug build that is the
// PYTHONMALLOC=debug hooks, so a freed object waits in the quarantine and
// a stale reference to it (a decref below zero) is always recognised.
//
// Also the per-type live-object counters behind memoryInfo(): every
// object made here is counted until its memory is freed or parked on a
// free list. Statically allocated (immortal) objects are not counted.

import { DEBUG } from "../config";
import { objectMalloc, objectFree, objectReallocChecked } from "../pymalloc/obmalloc";
import { API_OBJ, debugMalloc, debugFree, debugRealloc } from "../debug/guards";
import { N_TYPES, GC_HEAD, setRefcnt, setType, setTypeWord } from "./layout";
import { E_NO_MEMORY, objFail } from "./errors";
import { gcTrack } from "./gclist";
import { memoForget } from "./livememo";
import { traceMalloc, traceFree, traceRealloc } from "../trace/trace";

/** n bytes from the object allocator; 0 (E_NO_MEMORY recorded) if none. */
export function allocBlock(n: usize): usize {
  let p = DEBUG ? debugMalloc(API_OBJ, n, false) : objectMalloc(n);
  if (!p) objFail(E_NO_MEMORY, 0, <u32>n);
  traceMalloc(p, n);
  return p;
}

export function freeBlock(p: usize): void {
  if (DEBUG) debugFree(API_OBJ, p);
  else objectFree(p);
  traceFree(p);
}

/** Resizes a live block; 0 (E_NO_MEMORY, old block intact) if it cannot. */
export function reallocBlock(p: usize, n: usize): usize {
  let q = DEBUG ? debugRealloc(API_OBJ, p, n) : objectReallocChecked(p, n);
  if (!q) objFail(E_NO_MEMORY, 0, <u32>n);
  traceRealloc(p, q, n);
  return q;
}

// ------------------------------------------------------------- counters

const counts: usize = memory.data(<i32>(N_TYPES * 4));

// @ts-ignore: decorator
@inline export function countNew(t: u32): void {
  let a = counts + (<usize>t << 2);
  store<u32>(a, load<u32>(a) + 1);
}
// @ts-ignore: decorator
@inline export function countGone(op: usize, t: u32): void {
  setTypeWord(op, 0); // no type word left behind (layout.ts)
  let a = counts + (<usize>t << 2);
  store<u32>(a, load<u32>(a) - 1);
}
/** Gives back the memory of dead object op, whose block starts at
 *  `block` (op, or op - GC_HEAD for a container). The memo forgets op
 *  here and not at its death: an object parked on a free list keeps its
 *  slot, since its refcount 0 fails every check (livememo.ts). */
// @ts-ignore: decorator
@inline export function freeObjectBlock(op: usize, block: usize): void {
  memoForget(op);
  freeBlock(block);
}
/** Frees a dead object of type t that has no GC head, uncounting it. */
// @ts-ignore: decorator
@inline export function deleteObject(op: usize, t: u32): void {
  countGone(op, t);
  freeObjectBlock(op, op);
}
/** Frees a dead container of type t (its block starts at the GC head). */
// @ts-ignore: decorator
@inline export function deleteContainer(op: usize, t: u32): void {
  countGone(op, t);
  freeObjectBlock(op, op - GC_HEAD);
}

export function liveCount(t: u32): u32 {
  return t < N_TYPES ? load<u32>(counts + (<usize>t << 2)) : 0;
}

// ------------------------------------------------------ object creation

/** A new plain object of type t: `reused` (memory a free list kept,
 *  freelists.ts) unless it is 0, else a new block of `size` bytes (header
 *  included). Refcount 1, counted. */
// @ts-ignore: decorator
@inline export function newObjectFrom(reused: usize, t: u32, size: usize): usize {
  let op = reused ? reused : allocBlock(size);
  if (!op) return 0;
  setRefcnt(op, 1);
  setType(op, t);
  countNew(t);
  return op;
}
// @ts-ignore: decorator
@inline export function newObject(t: u32, size: usize): usize {
  return newObjectFrom(0, t, size);
}

/** A new container of type t: `reused` (a free list's, its GC head
 *  untracked) unless it is 0, else a new block for `size` bytes (object
 *  header included, GC head not). Refcount 1, tracked in generation 0. */
// @ts-ignore: decorator
@inline export function newContainerFrom(reused: usize, t: u32, size: usize): usize {
  let op = reused;
  if (!op) {
    let block = allocBlock(GC_HEAD + size);
    if (!block) return 0;
    op = block + GC_HEAD;
  }
  setRefcnt(op, 1);
  setType(op, t);
  gcTrack(op);
  countNew(t);
  return op;
}
// @ts-ignore: decorator
@inline export function newContainer(t: u32, size: usize): usize {
  return newContainerFrom(0, t, size);
}

// Per-type free lists, as CPython 3.12-3.14 keeps them: a dying object of
// these types is parked instead of freed, and the next object of the same
// type (and, for tuples, length) reuses its memory -- which is why a new
// float often has the id() of one just freed.
//
//   float                      100   (PyFloat_MAXFREELIST)
//   tuple, per length 1..20   2000   (PyTuple_NFREELISTS, PyTuple_MAXFREELIST)
//   list                        80   (PyList_MAXFREELIST)
//   dict                        80   (PyDict_MAXFREELIST)
//
// A parked object has ob_refcnt 0 and type T_DEAD (validate.ts reports it
// as freed); the list is linked through its first field (op+8). Containers
// keep their (untracked) GC head. clearFreelists() gives everything back
// to the allocator: a full collection calls it, as CPython's
// _PyGC_ClearAllFreeLists does, and so does heap.close().

import { T_DEAD, OB_HEAD, GC_HEAD, setRefcnt, setType } from "./layout";
import { freeBlock } from "./alloc";

import {
  FLOAT_MAXFREELIST, TUPLE_MAXSAVESIZE, TUPLE_MAXFREELIST, LIST_MAXFREELIST, DICT_MAXFREELIST,
} from "../config";
export { FLOAT_MAXFREELIST, TUPLE_MAXSAVESIZE, TUPLE_MAXFREELIST, LIST_MAXFREELIST, DICT_MAXFREELIST };

const LINK: usize = OB_HEAD;

let floatHead: usize = 0;
let floatCount: u32 = 0;
let listHead: usize = 0;
let listCount: u32 = 0;
let dictHead: usize = 0;
let dictCount: u32 = 0;
/** Heads and counts per tuple length (index = length, 1..20). */
const tupleHeads: usize = memory.data(<i32>((TUPLE_MAXSAVESIZE + 1) * 4));
const tupleCounts: usize = memory.data(<i32>((TUPLE_MAXSAVESIZE + 1) * 4));

// @ts-ignore: decorator
@inline function park(op: usize, head: usize): void {
  setRefcnt(op, 0);
  setType(op, T_DEAD);
  store<u32>(op, <u32>head, LINK);
}

// ---------------------------------------------------------------- float

export function floatFreelistPush(op: usize): bool {
  if (floatCount >= FLOAT_MAXFREELIST) return false;
  park(op, floatHead);
  floatHead = op;
  floatCount++;
  return true;
}
// @ts-ignore: decorator
@inline export function floatFreelistPop(): usize {
  let op = floatHead;
  if (op) {
    floatHead = load<u32>(op, LINK);
    floatCount--;
  }
  return op;
}

// ---------------------------------------------------------------- tuple

export function tupleFreelistPush(op: usize, n: u32): bool {
  if (n == 0 || n > TUPLE_MAXSAVESIZE) return false;
  let h = tupleHeads + (<usize>n << 2);
  let c = tupleCounts + (<usize>n << 2);
  let count = load<u32>(c);
  if (count >= TUPLE_MAXFREELIST) return false;
  park(op, load<u32>(h));
  store<u32>(h, <u32>op);
  store<u32>(c, count + 1);
  return true;
}
// @ts-ignore: decorator
@inline export function tupleFreelistPop(n: u32): usize {
  if (n > TUPLE_MAXSAVESIZE) return 0;
  let h = tupleHeads + (<usize>n << 2);
  let op = <usize>load<u32>(h);
  if (op) {
    store<u32>(h, load<u32>(op, LINK));
    let c = tupleCounts + (<usize>n << 2);
    store<u32>(c, load<u32>(c) - 1);
  }
  return op;
}

// ----------------------------------------------------------- list, dict

export function listFreelistPush(op: usize): bool {
  if (listCount >= LIST_MAXFREELIST) return false;
  park(op, listHead);
  listHead = op;
  listCount++;
  return true;
}
// @ts-ignore: decorator
@inline export function listFreelistPop(): usize {
  let op = listHead;
  if (op) {
    listHead = load<u32>(op, LINK);
    listCount--;
  }
  return op;
}

export function dictFreelistPush(op: usize): bool {
  if (dictCount >= DICT_MAXFREELIST) return false;
  park(op, dictHead);
  dictHead = op;
  dictCount++;
  return true;
}
// @ts-ignore: decorator
@inline export function dictFreelistPop(): usize {
  let op = dictHead;
  if (op) {
    dictHead = load<u32>(op, LINK);
    dictCount--;
  }
  return op;
}

// ---------------------------------------------------------------- clear

/** Objects parked on all free lists. */
export function freelistTotal(): u32 {
  let n = floatCount + listCount + dictCount;
  for (let i: u32 = 1; i <= TUPLE_MAXSAVESIZE; i++) n += load<u32>(tupleCounts + (<usize>i << 2));
  return n;
}

function freeChain(head: usize, container: bool): void {
  while (head) {
    let next = <usize>load<u32>(head, LINK);
    freeBlock(container ? head - GC_HEAD : head);
    head = next;
  }
}

/** Empties every free list (CPython's _PyGC_ClearAllFreeLists). */
export function clearFreelists(): void {
  freeChain(floatHead, false);
  floatHead = 0;
  floatCount = 0;
  freeChain(listHead, true);
  listHead = 0;
  listCount = 0;
  freeChain(dictHead, true);
  dictHead = 0;
  dictCount = 0;
  for (let i: u32 = 1; i <= TUPLE_MAXSAVESIZE; i++) {
    freeChain(load<u32>(tupleHeads + (<usize>i << 2)), true);
    store<u32>(tupleHeads + (<usize>i << 2), 0);
    store<u32>(tupleCounts + (<usize>i << 2), 0);
  }
}

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

import { T_DEAD, OB_HEAD, GC_HEAD, setRefcnt, setUnstampedType } from "./layout";
import { freeObjectBlock } from "./alloc";

import {
  FLOAT_MAXFREELIST, TUPLE_MAXSAVESIZE, TUPLE_MAXFREELIST, LIST_MAXFREELIST, DICT_MAXFREELIST,
} from "../config";
export { FLOAT_MAXFREELIST, TUPLE_MAXSAVESIZE, TUPLE_MAXFREELIST, LIST_MAXFREELIST, DICT_MAXFREELIST };

const LINK: usize = OB_HEAD;

// One free list: [head u32][count u32]. Float, list and dict have one
// each, tuples one per length 1..TUPLE_MAXSAVESIZE (index 0 unused).
const FL_SIZE: usize = 8;
const floatList: usize = memory.data(<i32>FL_SIZE, 4);
const listList: usize = memory.data(<i32>FL_SIZE, 4);
const dictList: usize = memory.data(<i32>FL_SIZE, 4);
const tupleLists: usize = memory.data(<i32>((<usize>TUPLE_MAXSAVESIZE + 1) * FL_SIZE), 4);

// Parks op on free list fl unless it holds max already.
// @ts-ignore: decorator
@inline function push(fl: usize, op: usize, max: u32): bool {
  let count = load<u32>(fl, 4);
  if (count >= max) return false;
  setRefcnt(op, 0);
  setUnstampedType(op, T_DEAD);
  store<u32>(op, load<u32>(fl), LINK);
  store<u32>(fl, <u32>op);
  store<u32>(fl, count + 1, 4);
  return true;
}
// @ts-ignore: decorator
@inline function pop(fl: usize): usize {
  let op = <usize>load<u32>(fl);
  if (op) {
    store<u32>(fl, load<u32>(op, LINK));
    store<u32>(fl, load<u32>(fl, 4) - 1, 4);
  }
  return op;
}
// @ts-ignore: decorator
@inline function tupleList(n: u32): usize {
  return tupleLists + <usize>n * FL_SIZE;
}

export function floatFreelistPush(op: usize): bool {
  return push(floatList, op, FLOAT_MAXFREELIST);
}
// @ts-ignore: decorator
@inline export function floatFreelistPop(): usize {
  return pop(floatList);
}
// @ts-ignore: decorator
@inline export function tupleFreelistPush(op: usize, n: u32): bool {
  return n != 0 && n <= TUPLE_MAXSAVESIZE && push(tupleList(n), op, TUPLE_MAXFREELIST);
}
// @ts-ignore: decorator
@inline export function tupleFreelistPop(n: u32): usize {
  return n <= TUPLE_MAXSAVESIZE ? pop(tupleList(n)) : 0;
}
export function listFreelistPush(op: usize): bool {
  return push(listList, op, LIST_MAXFREELIST);
}
// @ts-ignore: decorator
@inline export function listFreelistPop(): usize {
  return pop(listList);
}
export function dictFreelistPush(op: usize): bool {
  return push(dictList, op, DICT_MAXFREELIST);
}
// @ts-ignore: decorator
@inline export function dictFreelistPop(): usize {
  return pop(dictList);
}

// ---------------------------------------------------------------- clear

/** Objects parked on all free lists. */
export function freelistTotal(): u32 {
  let n = load<u32>(floatList, 4) + load<u32>(listList, 4) + load<u32>(dictList, 4);
  for (let i: u32 = 1; i <= TUPLE_MAXSAVESIZE; i++) n += load<u32>(tupleList(i), 4);
  return n;
}

// Frees every object on fl and empties it.
function clearList(fl: usize, container: bool): void {
  let op = <usize>load<u32>(fl);
  while (op) {
    let next = <usize>load<u32>(op, LINK);
    freeObjectBlock(op, container ? op - GC_HEAD : op);
    op = next;
  }
  store<u64>(fl, 0);
}

/** Empties every free list (CPython's _PyGC_ClearAllFreeLists). */
export function clearFreelists(): void {
  clearList(floatList, false);
  clearList(listList, true);
  clearList(dictList, true);
  for (let i: u32 = 1; i <= TUPLE_MAXSAVESIZE; i++) clearList(tupleList(i), true);
}

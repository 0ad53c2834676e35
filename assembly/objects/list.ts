// list: a resizable array of references, the array in its own block so
// the list object keeps its address (and id()) as it grows.
//
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][ob_type = T_LIST]
//   op+8  size       u32   len()
//   op+12 allocated  u32   capacity of items
//   op+16 items      u32   -> [ref, ref, ...] (0 while allocated == 0)
//
// Growth follows CPython's list_resize (0, 4, 8, 16, 24, 32, 40, 52, 64,
// 76, ...), so the same appends reallocate at the same moments.

import { T_LIST, OB_HEAD, GC_HEAD, HOLDS_CONTAINERS, typeId, isGCType, typeWord, setTypeWord } from "./layout";
import { newContainerFrom, countGone, allocBlock, reallocBlock, freeBlock, freeObjectBlock } from "./alloc";
import { gcUntrack } from "./gclist";
import { listFreelistPop, listFreelistPush } from "./freelists";
import {
  Visit, registerDealloc, registerTraverse, registerClear, registerHash, registerEquals, hashNotImplemented, registerName,
  registerRepr,
} from "./slots";
import { reprEnter, reprLeave, reprItems } from "./repr";
import { Text, textAscii } from "./text";
import { objectsEqual } from "./compare";
import { incref, decref, decrefLater, beginRelease, endRelease } from "./refcount";
import { E_NO_MEMORY, objFail } from "./errors";

export const LIST_SIZE: usize = OB_HEAD;
export const LIST_ALLOCATED: usize = OB_HEAD + 4;
export const LIST_ITEMS: usize = OB_HEAD + 8;
const LIST_OBJECT: usize = OB_HEAD + 12;
/** Largest item count whose array still fits 32-bit sizes. */
export const LIST_MAX: u32 = 0x3fff_fff0;

// @ts-ignore: decorator
@inline export function listSize(op: usize): u32 {
  return load<u32>(op, LIST_SIZE);
}
// @ts-ignore: decorator
@inline export function listItems(op: usize): usize {
  return load<u32>(op, LIST_ITEMS);
}
// @ts-ignore: decorator
@inline export function listItem(op: usize, i: u32): usize {
  return load<u32>(listItems(op) + (<usize>i << 2));
}

/** A new empty list with room for n items. */
export function listNew(n: u32): usize {
  let items: usize = 0;
  if (n) {
    if (n > LIST_MAX) return objFail(E_NO_MEMORY, 0, n);
    items = allocBlock(<usize>n << 2);
    if (!items) return 0;
  }
  let op = newContainerFrom(listFreelistPop(), T_LIST, LIST_OBJECT);
  if (!op) {
    if (items) freeBlock(items);
    return 0;
  }
  store<u32>(op, 0, LIST_SIZE);
  store<u32>(op, n, LIST_ALLOCATED);
  store<u32>(op, <u32>items, LIST_ITEMS);
  return op;
}

/** CPython's list_resize: sets size to newsize, reallocating with
 *  over-allocation when needed. False (list unchanged) if memory is short. */
export function listResize(op: usize, newsize: u32): bool {
  let allocated = load<u32>(op, LIST_ALLOCATED);
  if (allocated >= newsize && newsize >= (allocated >> 1)) {
    store<u32>(op, newsize, LIST_SIZE);
    return true;
  }
  if (newsize > LIST_MAX) {
    objFail(E_NO_MEMORY, op, newsize);
    return false;
  }
  let size = listSize(op);
  let newAllocated = (newsize + (newsize >> 3) + 6) & ~3;
  if (newsize - size > newAllocated - newsize) newAllocated = (newsize + 3) & ~3;
  if (newsize == 0) newAllocated = 0;
  let items = listItems(op);
  let fresh: usize = 0;
  if (newAllocated) {
    fresh = items ? reallocBlock(items, <usize>newAllocated << 2) : allocBlock(<usize>newAllocated << 2);
    if (!fresh) {
      if (newsize <= allocated) { // a shrink that could not move: keep the block
        store<u32>(op, newsize, LIST_SIZE);
        return true;
      }
      return false;
    }
  } else if (items) {
    freeBlock(items);
  }
  store<u32>(op, <u32>fresh, LIST_ITEMS);
  store<u32>(op, newAllocated, LIST_ALLOCATED);
  store<u32>(op, newsize, LIST_SIZE);
  return true;
}

// Every store of an item goes through here: a container item marks the
// list (layout.ts HOLDS_CONTAINERS), for the collector.
// @ts-ignore: decorator
@inline function noteItem(op: usize, v: usize): void {
  if (isGCType(typeId(v))) setTypeWord(op, typeWord(op) | HOLDS_CONTAINERS);
}

/** list.append(v). False if memory is short (list unchanged). */
export function listAppend(op: usize, v: usize): bool {
  let n = listSize(op);
  if (n < load<u32>(op, LIST_ALLOCATED)) {
    store<u32>(listItems(op) + (<usize>n << 2), <u32>v);
    store<u32>(op, n + 1, LIST_SIZE);
  } else {
    if (!listResize(op, n + 1)) return false;
    store<u32>(listItems(op) + (<usize>n << 2), <u32>v);
  }
  incref(v);
  noteItem(op, v);
  return true;
}

/** l[i] = v for 0 <= i < len(l). */
export function listSetItem(op: usize, i: u32, v: usize): void {
  let at = listItems(op) + (<usize>i << 2);
  let old = <usize>load<u32>(at);
  incref(v);
  noteItem(op, v);
  store<u32>(at, <u32>v);
  decref(old);
}

/** del l[i] for 0 <= i < len(l). */
export function listDelItem(op: usize, i: u32): void {
  let items = listItems(op);
  let n = listSize(op);
  let old = <usize>load<u32>(items + (<usize>i << 2));
  memory.copy(items + (<usize>i << 2), items + (<usize>(i + 1) << 2), <usize>(n - i - 1) << 2);
  listResize(op, n - 1); // a shrink: cannot fail
  decref(old);
}

/** tp_clear: drops every item (the list stays, empty). */
export function listClear(op: usize): void {
  let items = listItems(op);
  let n = listSize(op);
  store<u32>(op, 0, LIST_SIZE);
  store<u32>(op, 0, LIST_ALLOCATED);
  store<u32>(op, 0, LIST_ITEMS);
  // CPython's _list_clear releases last to first, once the list is empty;
  // pushing first to last makes the pending stack pop them in that order.
  let floor = beginRelease();
  for (let i: u32 = 0; i < n; i++) decrefLater(load<u32>(items + (<usize>i << 2)));
  if (items) freeBlock(items);
  endRelease(floor);
}

// ------------------------------------------------------------ slots

// Items pushed first to last: the loop pops them as CPython's list_dealloc
// releases them, last to first.
function listDealloc(op: usize): void {
  gcUntrack(op);
  let items = listItems(op);
  let n = listSize(op);
  for (let i: u32 = 0; i < n; i++) decrefLater(load<u32>(items + (<usize>i << 2)));
  if (items) freeBlock(items);
  countGone(op, T_LIST);
  if (!listFreelistPush(op)) freeObjectBlock(op, op - GC_HEAD);
}

// From the last item, as CPython's list_traverse. gc/visit.ts writes the
// same walk out for the collector.
function listTraverse(op: usize, visit: Visit, arg: usize): void {
  let items = listItems(op);
  for (let i = <i32>listSize(op) - 1; i >= 0; i--) visit(load<u32>(items + (<usize>i << 2)), arg);
}

function listEquals(a: usize, b: usize): bool {
  let n = listSize(a);
  if (n != listSize(b)) return false;
  for (let i: u32 = 0; i < n; i++) {
    if (!objectsEqual(listItem(a, i), listItem(b, i))) return false;
  }
  return true;
}

// repr(l): CPython's list_repr, [a, b], [...] inside itself.
function listRepr(op: usize, t: Text): void {
  let n = listSize(op);
  if (!n) textAscii(t, "[]");
  else if (reprEnter(t, op, "[", "]")) {
    textAscii(t, "[");
    reprItems(t, listItems(op), n);
    textAscii(t, "]");
    reprLeave(op);
  }
}

registerName(T_LIST, "list");
registerRepr(T_LIST, listRepr);
registerDealloc(T_LIST, listDealloc);
registerTraverse(T_LIST, listTraverse);
registerClear(T_LIST, listClear);
registerHash(T_LIST, hashNotImplemented);
registerEquals(T_LIST, listEquals);

// tuple: a fixed-size array of references, allocated with its items.
//
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][ob_type = T_TUPLE]
//   op+8  size   u32
//   op+12 items  u32 * size            (block: 20 + 4*size bytes)
//
// () is static and immortal (statics.ts). Lengths 1..20 recycle through
// free lists (freelists.ts).

import { T_TUPLE, OB_HEAD, GC_HEAD } from "./layout";
import { newContainerFrom, countGone, freeObjectBlock } from "./alloc";
import { gcUntrack } from "./gclist";
import { tupleFreelistPop, tupleFreelistPush } from "./freelists";
import { EMPTY_TUPLE } from "./statics";
import { decrefLater } from "./refcount";
import {
  Visit, UNHASHABLE, objectHash, registerDealloc, registerTraverse, registerHash, registerEquals, registerName, registerRepr,
} from "./slots";
import { reprEnter, reprLeave, reprItems } from "./repr";
import { Text, textAscii } from "./text";
import { objectsEqual } from "./compare";
import { XXPRIME_1, XXPRIME_2, XXPRIME_5, xxRotate } from "./hash";

export const TUPLE_SIZE: usize = OB_HEAD;
export const TUPLE_ITEMS: usize = OB_HEAD + 4;

// @ts-ignore: decorator
@inline export function tupleSize(op: usize): u32 {
  return load<u32>(op, TUPLE_SIZE);
}
// @ts-ignore: decorator
@inline export function tupleItem(op: usize, i: u32): usize {
  return load<u32>(op + TUPLE_ITEMS + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline export function tupleSetItem(op: usize, i: u32, v: usize): void {
  store<u32>(op + TUPLE_ITEMS + (<usize>i << 2), <u32>v);
}

/** A new tuple of n items, which the caller must all set (stealing
 *  references) before anything else runs. () for n == 0. Inline: it is
 *  most of the facade's tuple(), and a call costs as much as its body. */
// @ts-ignore: decorator
@inline export function tupleAlloc(n: u32): usize {
  if (n == 0) return EMPTY_TUPLE;
  let op = newContainerFrom(tupleFreelistPop(n), T_TUPLE, TUPLE_ITEMS + (<usize>n << 2));
  if (!op) return 0;
  store<u32>(op, n, TUPLE_SIZE);
  return op;
}

// ------------------------------------------------------------ slots

// Items are pushed first to last, so the deallocation loop (dealloc.ts)
// pops them last to first, as CPython's tupledealloc releases them.
function tupleDealloc(op: usize): void {
  gcUntrack(op);
  let n = tupleSize(op);
  for (let i: u32 = 0; i < n; i++) decrefLater(tupleItem(op, i));
  countGone(op, T_TUPLE);
  if (!tupleFreelistPush(op, n)) freeObjectBlock(op, op - GC_HEAD);
}

// From the last item, as CPython's tupletraverse (gc.get_referents shows
// the order). gc/visit.ts writes the same walk out for the collector.
function tupleTraverse(op: usize, visit: Visit, arg: usize): void {
  for (let i = <i32>tupleSize(op) - 1; i >= 0; i--) visit(tupleItem(op, <u32>i), arg);
}

// tuplehash (Objects/tupleobject.c, xxHash-based), 32-bit lanes.
function tupleHash(op: usize): i64 {
  let n = tupleSize(op);
  let acc = XXPRIME_5;
  for (let i: u32 = 0; i < n; i++) {
    let lane = objectHash(tupleItem(op, i));
    if (lane == UNHASHABLE) return UNHASHABLE;
    acc += <u32>lane * XXPRIME_2;
    acc = xxRotate(acc);
    acc *= XXPRIME_1;
  }
  acc += n ^ (XXPRIME_5 ^ 3527539);
  if (acc == 0xffffffff) return 1546275796;
  return <i64>acc;
}

function tupleEquals(a: usize, b: usize): bool {
  let n = tupleSize(a);
  if (n != tupleSize(b)) return false;
  for (let i: u32 = 0; i < n; i++) {
    if (!objectsEqual(tupleItem(a, i), tupleItem(b, i))) return false;
  }
  return true;
}

// repr(t): CPython's tuplerepr, (a,) and (a, b), (...) inside itself.
function tupleRepr(op: usize, t: Text): void {
  let n = tupleSize(op);
  if (!n) textAscii(t, "()");
  else if (reprEnter(t, op, "(", ")")) {
    textAscii(t, "(");
    reprItems(t, op + TUPLE_ITEMS, n);
    textAscii(t, n == 1 ? ",)" : ")");
    reprLeave(op);
  }
}

registerName(T_TUPLE, "tuple");
registerRepr(T_TUPLE, tupleRepr);
registerDealloc(T_TUPLE, tupleDealloc);
registerTraverse(T_TUPLE, tupleTraverse);
registerHash(T_TUPLE, tupleHash);
registerEquals(T_TUPLE, tupleEquals);

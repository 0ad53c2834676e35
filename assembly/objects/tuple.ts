// tuple: a fixed-size array of references, allocated with its items.
//
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][ob_type = T_TUPLE]
//   op+8  size   u32
//   op+12 items  u32 * size            (block: 20 + 4*size bytes)
//
// () is static and immortal (statics.ts). Lengths 1..20 recycle through
// free lists (freelists.ts).

import { T_TUPLE, OB_HEAD, setRefcnt, setType } from "./layout";
import { newContainer, countNew } from "./alloc";
import { gcTrack } from "./gclist";
import { tupleFreelistPop } from "./freelists";
import { EMPTY_TUPLE } from "./statics";

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
 *  references) before anything else runs. () for n == 0. */
export function tupleAlloc(n: u32): usize {
  if (n == 0) return EMPTY_TUPLE;
  let op = tupleFreelistPop(n);
  if (op) {
    setRefcnt(op, 1);
    setType(op, T_TUPLE);
    gcTrack(op);
    countNew(T_TUPLE);
  } else {
    op = newContainer(T_TUPLE, TUPLE_ITEMS + (<usize>n << 2));
    if (!op) return 0;
  }
  store<u32>(op, n, TUPLE_SIZE);
  return op;
}

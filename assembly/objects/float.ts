// float: an IEEE double in a 16-byte object, with CPython's free list of
// 100 (Objects/floatobject.c, PyFloat_MAXFREELIST).
//
//   op+0 [ob_refcnt][ob_type = T_FLOAT]  op+8 [ ob_fval f64 ]

import { T_FLOAT, OB_HEAD } from "./layout";
import { newObjectFrom, countGone, freeBlock } from "./alloc";
import { floatFreelistPop, floatFreelistPush } from "./freelists";
import { hashFloat } from "./hash";
import { registerDealloc, registerHash } from "./slots";

export const FLOAT_VALUE: usize = OB_HEAD;
export const FLOAT_SIZE: usize = OB_HEAD + 8;

/** PyFloat_FromDouble: a new reference; reuses a freed float if any. */
export function floatNew(v: f64): usize {
  let op = newObjectFrom(floatFreelistPop(), T_FLOAT, FLOAT_SIZE);
  if (!op) return 0;
  store<f64>(op, v, FLOAT_VALUE);
  return op;
}

// ------------------------------------------------------------ slots

function floatDealloc(op: usize): void {
  countGone(op, T_FLOAT);
  if (!floatFreelistPush(op)) freeBlock(op);
}
function floatHash(op: usize): i64 {
  return <i64>hashFloat(load<f64>(op, FLOAT_VALUE));
}

registerDealloc(T_FLOAT, floatDealloc);
registerHash(T_FLOAT, floatHash);

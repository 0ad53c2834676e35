// float: an IEEE double in a 16-byte object, with CPython's free list of
// 100 (Objects/floatobject.c, PyFloat_MAXFREELIST).
//
//   op+0 [ob_refcnt][ob_type = T_FLOAT]  op+8 [ ob_fval f64 ]

import { T_FLOAT, OB_HEAD, setRefcnt, setType } from "./layout";
import { newObject, countNew } from "./alloc";
import { floatFreelistPop } from "./freelists";

export const FLOAT_VALUE: usize = OB_HEAD;
export const FLOAT_SIZE: usize = OB_HEAD + 8;

/** PyFloat_FromDouble: a new reference; reuses a freed float if any. */
export function floatNew(v: f64): usize {
  let op = floatFreelistPop();
  if (op) {
    setRefcnt(op, 1);
    setType(op, T_FLOAT);
    countNew(T_FLOAT);
  } else {
    op = newObject(T_FLOAT, FLOAT_SIZE);
    if (!op) return 0;
  }
  store<f64>(op, v, FLOAT_VALUE);
  return op;
}

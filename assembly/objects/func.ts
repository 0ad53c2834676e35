// Cells and functions: enough of CPython's closures for f.__closure__.
//
//   cell                                   function
//   op-8  [gc_next][gc_prev]               op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][T_CELL]              op+0  [ob_refcnt][T_FUNCTION]
//   op+8  contents u32 (0: empty cell)     op+8  name     u32 -> str
//                                          op+12 closure  u32 -> tuple of
//                                                cells, 0 for None
//                                          op+16 weaklist u32 -> first
//                                                weakref (weakref.ts)

import { T_CELL, T_FUNCTION, OB_HEAD } from "./layout";
import { newContainer } from "./alloc";
import { incref, decref } from "./refcount";

export const CELL_CONTENTS: usize = OB_HEAD;
const CELL_OBJECT: usize = OB_HEAD + 4;
export const FUNC_NAME: usize = OB_HEAD;
export const FUNC_CLOSURE: usize = OB_HEAD + 4;
export const FUNC_WEAKLIST: usize = OB_HEAD + 8;
const FUNC_OBJECT: usize = OB_HEAD + 12;

/** A new cell holding v (0: empty). */
export function cellNew(v: usize): usize {
  let op = newContainer(T_CELL, CELL_OBJECT);
  if (!op) return 0;
  if (v) incref(v);
  store<u32>(op, <u32>v, CELL_CONTENTS);
  return op;
}

/** cell.cell_contents = v (0 empties it). */
export function cellSet(op: usize, v: usize): void {
  let old = <usize>load<u32>(op, CELL_CONTENTS);
  if (v) incref(v);
  store<u32>(op, <u32>v, CELL_CONTENTS);
  if (old) decref(old);
}

/** A new function named by str `name`, closing over tuple `closure`
 *  (0: no free variables, __closure__ is None). */
export function funcNew(name: usize, closure: usize): usize {
  let op = newContainer(T_FUNCTION, FUNC_OBJECT);
  if (!op) return 0;
  incref(name);
  if (closure) incref(closure);
  store<u32>(op, <u32>name, FUNC_NAME);
  store<u32>(op, <u32>closure, FUNC_CLOSURE);
  store<u32>(op, 0, FUNC_WEAKLIST);
  return op;
}

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
import { newContainer, deleteContainer } from "./alloc";
import { gcUntrack } from "./gclist";
import { incref, decref, decrefLater } from "./refcount";
import { clearWeakrefs } from "./weakref";
import { E_OK, E_EMPTY_CELL, E_ATTRIBUTE, objFail } from "./errors";
import { NONE } from "./statics";
import { strIsAscii, strNbytes, STR_DATA } from "./str";
import { Text, textAscii, textBytes } from "./text";
import { textTypeName, textAddress } from "./repr";
import {
  Visit, registerDealloc, registerTraverse, registerClear, registerWeaklist, registerGetAttr, registerSetAttr,
  noAttribute, registerName, registerRepr,
} from "./slots";

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

// ------------------------------------------------------------ slots

function cellDealloc(op: usize): void {
  gcUntrack(op);
  let v = <usize>load<u32>(op, CELL_CONTENTS);
  if (v) decrefLater(v);
  deleteContainer(op, T_CELL);
}
function cellTraverse(op: usize, visit: Visit, arg: usize): void {
  let v = <usize>load<u32>(op, CELL_CONTENTS);
  if (v) visit(v, arg);
}
function cellClear(op: usize): void {
  cellSet(op, 0);
}

function funcDealloc(op: usize): void {
  if (load<u32>(op, FUNC_WEAKLIST)) clearWeakrefs(op, FUNC_WEAKLIST);
  gcUntrack(op);
  let closure = <usize>load<u32>(op, FUNC_CLOSURE);
  if (closure) decrefLater(closure);
  decrefLater(load<u32>(op, FUNC_NAME));
  deleteContainer(op, T_FUNCTION);
}
function funcTraverse(op: usize, visit: Visit, arg: usize): void {
  let c = <usize>load<u32>(op, FUNC_CLOSURE);
  if (c) visit(c, arg);
  visit(load<u32>(op, FUNC_NAME), arg);
}
// The closure goes; the name (a str) stays.
function funcClear(op: usize): void {
  let c = <usize>load<u32>(op, FUNC_CLOSURE);
  if (!c) return;
  store<u32>(op, 0, FUNC_CLOSURE);
  decref(c);
}

// tp_getattro / tp_setattro: the attributes that are fields.
function cellGetAttro(op: usize, name: usize): usize {
  if (!strIsAscii(name, "cell_contents")) return noAttribute(op, name);
  let v = <usize>load<u32>(op, CELL_CONTENTS);
  if (!v) return objFail(E_EMPTY_CELL, op);
  incref(v);
  return v;
}
function cellSetAttro(op: usize, name: usize, v: usize): i32 {
  if (!strIsAscii(name, "cell_contents")) {
    noAttribute(op, name);
    return E_ATTRIBUTE;
  }
  cellSet(op, v);
  return E_OK;
}
function funcGetAttro(op: usize, name: usize): usize {
  let v: usize;
  if (strIsAscii(name, "__name__")) v = <usize>load<u32>(op, FUNC_NAME);
  else if (strIsAscii(name, "__closure__")) v = <usize>load<u32>(op, FUNC_CLOSURE);
  else return noAttribute(op, name);
  if (!v) v = NONE; // no free variables
  incref(v);
  return v;
}

registerGetAttr(T_CELL, cellGetAttro);
registerSetAttr(T_CELL, cellSetAttro);
registerGetAttr(T_FUNCTION, funcGetAttro);
// repr(c): CPython's cell_repr, <cell at 0x...: int object at 0x...>.
function cellRepr(op: usize, t: Text): void {
  let v = <usize>load<u32>(op, CELL_CONTENTS);
  textAscii(t, "<cell at ");
  textAddress(t, op);
  if (!v) textAscii(t, ": empty>");
  else {
    textAscii(t, ": ");
    textTypeName(t, v);
    textAscii(t, " object at ");
    textAddress(t, v);
    textAscii(t, ">");
  }
}

registerName(T_CELL, "cell");
registerRepr(T_CELL, cellRepr);
registerDealloc(T_CELL, cellDealloc);
registerTraverse(T_CELL, cellTraverse);
registerClear(T_CELL, cellClear);
// repr(f): <function name at 0x...> (CPython's func_repr, without a
// __qualname__ of its own).
function funcRepr(op: usize, t: Text): void {
  let name = <usize>load<u32>(op, FUNC_NAME);
  textAscii(t, "<function ");
  textBytes(t, name + STR_DATA, strNbytes(name));
  textAscii(t, " at ");
  textAddress(t, op);
  textAscii(t, ">");
}

registerName(T_FUNCTION, "function");
registerRepr(T_FUNCTION, funcRepr);
registerDealloc(T_FUNCTION, funcDealloc);
registerTraverse(T_FUNCTION, funcTraverse);
registerClear(T_FUNCTION, funcClear);
registerWeaklist(T_FUNCTION, FUNC_WEAKLIST);

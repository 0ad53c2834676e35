// Attributes: getattr, setattr and delattr through the types' getattr and
// setattr slots (slots.ts), which know the attributes that are fields
// (__class__, __dict__, __name__, __closure__, cell_contents) and an
// instance's own; a weakref.proxy stands for its referent (operand.ts).
// Then the fields one at a time, for callers that know the type.

import { T_STR, T_DICT, T_TYPE, T_INSTANCE, T_CELL, T_FUNCTION, typeId } from "../layout";
import { E_OK, E_WRONG_TYPE, E_EMPTY_CELL, objFail, objLastError } from "../errors";
import { incref } from "../refcount";
import { checkObject, checkType } from "../validate";
import { NONE } from "../statics";
import { CLASS_NAME } from "../klass";
import { instanceDict, instanceSetDict } from "../instance";
import { cellSet, CELL_CONTENTS, FUNC_NAME, FUNC_CLOSURE } from "../func";
import { getAttr, setAttr } from "../slots";
import { settle } from "./finalize";
import { operand } from "./operand";

/** getattr(o, name) (name a str): a new reference, or 0 (E_ATTRIBUTE,
 *  E_EMPTY_CELL, E_REFERENCE for a dead proxy's, ...). */
export function pyobj_getattr(op: usize, name: usize): usize {
  if (!(op = operand(op)) || !checkType(name, T_STR)) return 0;
  return getAttr(op, name);
}

/** setattr(o, name, v): 0 or an error code (E_ATTRIBUTE: o's type takes
 *  no new attributes). */
export function pyobj_setattr(op: usize, name: usize, v: usize): i32 {
  if (!(op = operand(op)) || !checkType(name, T_STR) || !checkObject(v)) return objLastError();
  let code = setAttr(op, name, v);
  return code == E_OK ? settle(E_OK) : code;
}

/** delattr(o, name): 0 or an error code. */
export function pyobj_delattr(op: usize, name: usize): i32 {
  if (!(op = operand(op)) || !checkType(name, T_STR)) return objLastError();
  let code = setAttr(op, name, 0);
  return code == E_OK ? settle(E_OK) : code;
}

/** An instance's __dict__ (new reference, made on first use). */
export function pyobj_instance_dict(op: usize): usize {
  if (!checkType(op, T_INSTANCE)) return 0;
  let d = instanceDict(op);
  if (d) incref(d);
  return d;
}
/** o.__dict__ = d (d a dict). */
export function pyobj_instance_set_dict(op: usize, d: usize): i32 {
  if (!checkType(op, T_INSTANCE) || !checkType(d, T_DICT)) return objLastError();
  instanceSetDict(op, d);
  return settle(E_OK);
}
/** A class's or function's __name__ (new reference). */
export function pyobj_name(op: usize): usize {
  if (!checkObject(op)) return 0;
  let t = typeId(op);
  if (t != T_TYPE && t != T_FUNCTION) return objFail(E_WRONG_TYPE, op, T_TYPE);
  let name = <usize>load<u32>(op + (t == T_TYPE ? CLASS_NAME : FUNC_NAME));
  incref(name);
  return name;
}
/** f.__closure__: the tuple of cells, or None (new reference). */
export function pyobj_func_closure(op: usize): usize {
  if (!checkType(op, T_FUNCTION)) return 0;
  let c = <usize>load<u32>(op, FUNC_CLOSURE);
  if (!c) c = NONE;
  incref(c);
  return c;
}
/** cell.cell_contents (new reference); E_EMPTY_CELL if empty. */
export function pyobj_cell_get(op: usize): usize {
  if (!checkType(op, T_CELL)) return 0;
  let v = <usize>load<u32>(op, CELL_CONTENTS);
  if (!v) return objFail(E_EMPTY_CELL, op);
  incref(v);
  return v;
}
/** cell.cell_contents = v (v 0: empty the cell). */
export function pyobj_cell_set(op: usize, v: usize): i32 {
  if (!checkType(op, T_CELL) || (v && !checkObject(v))) return objLastError();
  cellSet(op, v);
  return settle(E_OK);
}

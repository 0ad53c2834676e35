// Attributes: o.name on instances, and the attributes that are fields
// (__dict__, __name__, __closure__, cell_contents).

import { T_STR, T_DICT, T_TYPE, T_INSTANCE, T_CELL, T_FUNCTION, typeId } from "../layout";
import { E_OK, E_WRONG_TYPE, E_ATTRIBUTE, E_EMPTY_CELL, objFail, objLastError } from "../errors";
import { incref } from "../refcount";
import { checkObject, checkType } from "../validate";
import { NONE } from "../statics";
import { CLASS_NAME } from "../klass";
import { instanceDict, instanceSetDict, instanceGetAttr, instanceSetAttr, instanceDelAttr } from "../instance";
import { cellSet, CELL_CONTENTS, FUNC_NAME, FUNC_CLOSURE } from "../func";
import { settle } from "./finalize";

/** o.name for an instance attribute (name: a str): new reference or 0. */
export function pyobj_getattr(op: usize, name: usize): usize {
  if (!checkObject(op) || !checkType(name, T_STR)) return 0;
  if (typeId(op) == T_INSTANCE) {
    let v = instanceGetAttr(op, name);
    if (v) {
      incref(v);
      return v;
    }
  }
  return objFail(E_ATTRIBUTE, op, <u32>name);
}

/** o.name = v (instances only: the others have no __dict__). */
export function pyobj_setattr(op: usize, name: usize, v: usize): i32 {
  if (!checkObject(op) || !checkType(name, T_STR) || !checkObject(v)) return objLastError();
  if (typeId(op) != T_INSTANCE) {
    objFail(E_ATTRIBUTE, op, <u32>name);
    return E_ATTRIBUTE;
  }
  if (!instanceSetAttr(op, name, v)) return objLastError();
  return settle(E_OK);
}

/** del o.name. */
export function pyobj_delattr(op: usize, name: usize): i32 {
  if (!checkObject(op) || !checkType(name, T_STR)) return objLastError();
  if (typeId(op) != T_INSTANCE || !instanceDelAttr(op, name)) {
    objFail(E_ATTRIBUTE, op, <u32>name);
    return E_ATTRIBUTE;
  }
  return settle(E_OK);
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

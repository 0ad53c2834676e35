// Attributes: getattr, setattr and delattr through the types' getattr and
// setattr slots (slots.ts), which know the attributes that are fields
// (__class__, __dict__, __name__, __closure__, cell_contents) and an
// instance's own; a weakref.proxy stands for its referent (operand.ts).
// The same with a Ref and the name's text, one call each for the facade.
// Then the fields one at a time, for callers that know the type.

import { T_STR, T_DICT, T_TYPE, T_INSTANCE, T_CELL, T_FUNCTION, typeId, refcnt } from "../layout";
import { E_OK, E_WRONG_TYPE, E_EMPTY_CELL, E_RANGE, objFail, objLastError, objLastAddress, objLastDetail } from "../errors";
import { incref, decref } from "../refcount";
import { checkObject, checkType } from "../validate";
import { NONE, latin1Char } from "../statics";
import { CLASS_NAME } from "../klass";
import { instanceDict, instanceSetDict } from "../instance";
import { cellSet, CELL_CONTENTS, FUNC_NAME, FUNC_CLOSURE } from "../func";
import { getAttr, setAttr } from "../slots";
import { settle } from "./finalize";
import { operand } from "./operand";
import { refObject, refOf } from "./refs";
import { scratch, scratchBytes } from "./scratch";
import { strFromUtf8 } from "../str";
import { utf8Length } from "../text";

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

// ------------------------------------------- by Ref and name text

/** The name's n with this bit set: the name is the one character
 *  chr(n & 0xff), not in the scratch buffer, so that a one-character name
 *  costs the caller no call to fill the scratch buffer. */
export const NAME_ONE_CHAR: usize = 0x8000_0000;

/** The attribute name in the first n bytes of the scratch buffer (UTF-8),
 *  or NAME_ONE_CHAR's character: the interned str with that text, made and
 *  interned if there is none, as CPython's compiler interns names (a new
 *  reference); 0 if it cannot. */
function nameFromScratch(n: usize): usize {
  if (n - NAME_ONE_CHAR < 256) return latin1Char(<u32>n & 0xff); // static: no reference to take
  if (n > scratchBytes) return objFail(E_RANGE, 0, <u32>n);
  return strFromUtf8(scratch, n, utf8Length(scratch, n), 2);
}

/** Lets the name go after the operation. A name that dies with it (no
 *  dict holds it) must not stay in the recorded error: the detail is then
 *  0, and the caller names the attribute itself. */
function dropName(name: usize): void {
  if (refcnt(name) == 1 && objLastDetail() == <u32>name) objFail(objLastError(), objLastAddress(), 0);
  decref(name);
}

/** getattr(o, name) for Ref o and the name's n bytes of UTF-8 in the
 *  scratch buffer: the result's Ref, or 0 (the reason recorded). */
export function pyobj_getattr_ref(r: f64, n: usize): f64 {
  let op = refObject(r);
  if (!op || !(op = operand(op))) return 0;
  let name = nameFromScratch(n);
  if (!name) return 0;
  let v = getAttr(op, name);
  dropName(name);
  return v ? refOf(v) : 0;
}

/** setattr(o, name, v) for Refs o and v, the name as pyobj_getattr_ref
 *  takes it: 0 or an error code. */
export function pyobj_setattr_ref(r: f64, n: usize, value: f64): i32 {
  let op = refObject(r), v = refObject(value);
  if (!op || !v || !(op = operand(op))) return objLastError();
  let name = nameFromScratch(n);
  if (!name) return objLastError();
  let code = setAttr(op, name, v);
  dropName(name);
  return code == E_OK ? settle(E_OK) : code;
}

/** delattr(o, name), as pyobj_setattr_ref. */
export function pyobj_delattr_ref(r: f64, n: usize): i32 {
  let op = refObject(r);
  if (!op || !(op = operand(op))) return objLastError();
  let name = nameFromScratch(n);
  if (!name) return objLastError();
  let code = setAttr(op, name, 0);
  dropName(name);
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

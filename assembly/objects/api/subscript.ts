// o[key] with key a JavaScript number: an index for a sequence, a Ref for a
// dict, so that the facade makes one call for either. A weakref.proxy
// stands for its referent (operand.ts), which decides which key it takes.

import { T_DICT, typeId } from "../layout";
import { E_INDEX, objFail, objLastError } from "../errors";
import { pyobj_getitem_index, pyobj_setitem_index, pyobj_delitem_index } from "./sequences";
import { pyobj_getitem, pyobj_setitem, pyobj_delitem } from "./mappings";
import { operand } from "./operand";
import { refObject } from "./refs";

// o[key] with key a double: an index for list, tuple, str and bytes.
function keyAsIndex(op: usize, key: f64): i32 {
  if (key != Math.floor(key) || !(key >= -2147483648.0 && key < 2147483648.0)) {
    objFail(E_INDEX, op, 0x8000_0000);
    return 0x7fff_ffff; // out of range for any sequence here
  }
  return <i32>key;
}

// A dict's key as a double: a Ref (refs.ts checks it, stamp included).
// The object's address, or 0 with the reason recorded.
// @ts-ignore: decorator
@inline function keyAsRef(key: f64): usize {
  return refObject(key);
}

/** o[key]: a new reference, or 0. */
export function pyobj_subscript(op: usize, key: f64): usize {
  if (!(op = operand(op))) return 0;
  if (typeId(op) != T_DICT) return pyobj_getitem_index(op, keyAsIndex(op, key));
  let k = keyAsRef(key);
  return k ? pyobj_getitem(op, k) : 0;
}
/** o[key] = v. */
export function pyobj_ass_subscript(op: usize, key: f64, v: usize): i32 {
  if (!(op = operand(op))) return objLastError();
  if (typeId(op) != T_DICT) return pyobj_setitem_index(op, keyAsIndex(op, key), v);
  let k = keyAsRef(key);
  return k ? pyobj_setitem(op, k, v) : objLastError();
}
/** o[key] = v with o and v given as Refs, checked in this call
 *  (refs.ts): the facade's setitem is one call. */
export function pyobj_ass_subscript_ref(o: f64, key: f64, v: f64): i32 {
  let op = refObject(o);
  if (!op) return objLastError();
  let x = refObject(v);
  if (!x) return objLastError();
  return pyobj_ass_subscript(op, key, x);
}
/** del o[key]. */
export function pyobj_del_subscript(op: usize, key: f64): i32 {
  if (!(op = operand(op))) return objLastError();
  if (typeId(op) != T_DICT) return pyobj_delitem_index(op, keyAsIndex(op, key));
  let k = keyAsRef(key);
  return k ? pyobj_delitem(op, k) : objLastError();
}

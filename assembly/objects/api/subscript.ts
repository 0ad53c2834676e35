// o[key] with key a JavaScript number: an index for a sequence, a Ref for a
// dict, so that the facade makes one call for either.

import { T_DICT, typeId } from "../layout";
import { E_INDEX, objFail, objLastError } from "../errors";
import { checkObject } from "../validate";
import { pyobj_getitem_index, pyobj_setitem_index, pyobj_delitem_index } from "./sequences";
import { pyobj_getitem, pyobj_setitem, pyobj_delitem } from "./mappings";

// o[key] with key a double: an index for list, tuple, str and bytes, a Ref
// for a dict (the facade passes JavaScript numbers through unchanged).
function keyAsIndex(op: usize, key: f64): i32 {
  if (key != Math.floor(key) || !(key >= -2147483648.0 && key < 2147483648.0)) {
    objFail(E_INDEX, op, 0x8000_0000);
    return 0x7fff_ffff; // out of range for any sequence here
  }
  return <i32>key;
}
// A Ref is the address plus a stamp times 2**32 (objects/layout.ts); the
// facade has checked the stamp.
// @ts-ignore: decorator
@inline function keyAsRef(key: f64): usize {
  return key == Math.floor(key) && key >= 0 && key < 9007199254740992.0 ? <usize><u32><u64>key : 1;
}

/** o[key]: a new reference, or 0. */
export function pyobj_subscript(op: usize, key: f64): usize {
  if (!checkObject(op)) return 0;
  if (typeId(op) == T_DICT) return pyobj_getitem(op, keyAsRef(key));
  let i = keyAsIndex(op, key);
  return pyobj_getitem_index(op, i);
}
/** o[key] = v. */
export function pyobj_ass_subscript(op: usize, key: f64, v: usize): i32 {
  if (!checkObject(op)) return objLastError();
  if (typeId(op) == T_DICT) return pyobj_setitem(op, keyAsRef(key), v);
  return pyobj_setitem_index(op, keyAsIndex(op, key), v);
}
/** del o[key]. */
export function pyobj_del_subscript(op: usize, key: f64): i32 {
  if (!checkObject(op)) return objLastError();
  if (typeId(op) == T_DICT) return pyobj_delitem(op, keyAsRef(key));
  return pyobj_delitem_index(op, keyAsIndex(op, key));
}

// d[key] for dicts, and s.add(v): the operations that hash a key. d[key]
// takes a weakref.proxy for its referent dict (operand.ts).

import { T_DICT, T_SET } from "../layout";
import { E_OK, E_KEY, E_UNHASHABLE, objFail, objLastError } from "../errors";
import { incref } from "../refcount";
import { checkObject, checkType } from "../validate";
import { dictSetItem, dictGetItem, dictDelItem } from "../dict";
import { setAdd } from "../set";
import { objectHash } from "../compare";
import { settle } from "./finalize";
import { operandOfType } from "./operand";

/** d[key]: a new reference, or 0 (KeyError: E_KEY). */
export function pyobj_getitem(op: usize, key: usize): usize {
  if (!(op = operandOfType(op, T_DICT)) || !checkObject(key)) return 0;
  let h = objectHash(key);
  if (h < 0) return 0;
  let v = dictGetItem(op, key, <u32>h);
  if (!v) return objFail(E_KEY, key);
  incref(v);
  return v;
}

/** d[key] = v. */
export function pyobj_setitem(op: usize, key: usize, v: usize): i32 {
  if (!(op = operandOfType(op, T_DICT)) || !checkObject(key) || !checkObject(v)) return objLastError();
  let h = objectHash(key);
  if (h < 0) return E_UNHASHABLE;
  return settle(dictSetItem(op, key, <u32>h, v) ? E_OK : objLastError());
}

/** del d[key]. */
export function pyobj_delitem(op: usize, key: usize): i32 {
  if (!(op = operandOfType(op, T_DICT)) || !checkObject(key)) return objLastError();
  let h = objectHash(key);
  if (h < 0) return E_UNHASHABLE;
  if (!dictDelItem(op, key, <u32>h)) {
    objFail(E_KEY, key);
    return E_KEY;
  }
  return settle(E_OK);
}

/** s.add(v). */
export function pyobj_set_add(op: usize, v: usize): i32 {
  if (!checkType(op, T_SET) || !checkObject(v)) return objLastError();
  let h = objectHash(v);
  if (h < 0) return E_UNHASHABLE;
  return setAdd(op, v, <u32>h) ? E_OK : objLastError();
}

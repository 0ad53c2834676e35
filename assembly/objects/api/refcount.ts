// Reference counts and liveness: the checked pyobj_* functions, and
// CPython's unchecked Py_IncRef / Py_DecRef for Wasm clients that hold
// valid references.

import { typeId } from "../layout";
import { E_OK, objLastError } from "../errors";
import { incref, decref, decrefChecked } from "../refcount";
import { checkObject } from "../validate";
import { settle } from "./finalize";

/** Py_INCREF of a validated Ref: 0, or an error code. */
export function pyobj_incref(op: usize): i32 {
  if (!checkObject(op)) return objLastError();
  incref(op);
  return E_OK;
}
/** Py_DECREF of a validated Ref: 0, or an error code. */
export function pyobj_decref(op: usize): i32 {
  if (!checkObject(op)) return objLastError();
  return settle(decrefChecked(op));
}
/** The stored refcount (IMMORTAL_REFCNT for immortals); 0 on error. */
export function pyobj_refcnt(op: usize): u32 {
  return checkObject(op) ? load<u32>(op) : 0;
}
/** Type id (layout.ts), or -1 if op is not a live object. */
export function pyobj_type(op: usize): i32 {
  return checkObject(op) ? <i32>typeId(op) : -1;
}
/** 0 if op is a live object, else the error code. */
export function pyobj_check(op: usize): i32 {
  return checkObject(op) ? E_OK : objLastError();
}

export function Py_IncRef(op: usize): void {
  if (op) incref(op);
}
export function Py_DecRef(op: usize): void {
  if (op) decref(op);
}

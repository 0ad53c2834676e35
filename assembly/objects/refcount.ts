// Reference counting: Py_INCREF / Py_DECREF. Fast paths: one load, one
// compare, one store (for decref the compare also rules out immortals);
// a count reaching zero goes to the deallocation loop (dealloc.ts).

import { DEBUG } from "../config";
import { IMMORTAL_REFCNT, PENDING, typeWord, decrefKeepsAlive } from "./layout";
import { E_BELOW_ZERO, objFail } from "./errors";
import { deallocate, deallocateChecked, FINALIZING } from "./dealloc";
export { decrefLater, beginRelease, endRelease } from "./dealloc";

/** Py_INCREF. */
// @ts-ignore: decorator
@inline export function incref(op: usize): void {
  let rc = load<u32>(op);
  if (DEBUG) assert(rc != 0 && !(typeWord(op) & PENDING), "incref of a dead object");
  if (rc < IMMORTAL_REFCNT) store<u32>(op, rc + 1);
}

/** Py_DECREF. */
// @ts-ignore: decorator
@inline export function decref(op: usize): void {
  let rc = load<u32>(op);
  if (decrefKeepsAlive(rc)) store<u32>(op, rc - 1);
  else if (rc < IMMORTAL_REFCNT) deallocate(op);
}

/** Checked decref for callers outside the module (the facade): 0, or an
 *  error code with nothing changed. The caller validated op. */
// @ts-ignore: decorator
@inline export function decrefChecked(op: usize): i32 {
  let rc = load<u32>(op);
  if (decrefKeepsAlive(rc)) {
    store<u32>(op, rc - 1);
    return 0;
  }
  if (rc >= IMMORTAL_REFCNT) return 0;
  if (typeWord(op) & FINALIZING) {
    objFail(E_BELOW_ZERO, op);
    return E_BELOW_ZERO;
  }
  deallocateChecked(op);
  return 0;
}

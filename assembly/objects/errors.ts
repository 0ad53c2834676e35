// The object layer's error codes. A refused operation changes nothing and
// records the code, the object concerned and one detail word here; the
// facade (src/heap/errors.ts) turns them into Python-named exceptions.
//
// One table of codes for the whole module, without overlaps, so that a
// code alone says what happened: 0-15 the allocator's (../errors.ts),
// 16-99 the object layer's, 100 and up the pauses a call can return
// (E_FINALIZE here, gc/collect.ts's reports). constants.ts exports them
// to JavaScript and C.

import { ERR_OUT_OF_MEMORY } from "../errors";

export const E_OK: i32 = 0;
/** Not the address of an object of this heap. detail: 0. */
export const E_NOT_OBJECT: i32 = 16;
/** The object was freed (or is on a free list, or is being torn down). */
export const E_FREED: i32 = 17;
/** Wrong type for the operation. detail: the type id expected (or 0xff:
 *  "one of several"); the actual type is read from the object. */
export const E_WRONG_TYPE: i32 = 18;
/** The allocator could not grow (maxMemory or 4 GiB): the allocator's own
 *  code. detail: bytes asked. */
export const E_NO_MEMORY: i32 = ERR_OUT_OF_MEMORY;
/** Index out of range. detail: the index (as i32). */
export const E_INDEX: i32 = 19;
/** Key not in the dict/set. address: the key. */
export const E_KEY: i32 = 20;
/** Key cannot be hashed. address: the unhashable object; detail: 0, or
 *  GONE (weakref.ts) for a dead weakref never hashed while alive. */
export const E_UNHASHABLE: i32 = 21;
/** No such attribute. address: the object; detail: the name (a str). */
export const E_ATTRIBUTE: i32 = 22;
/** A cell read while empty (ValueError in CPython). */
export const E_EMPTY_CELL: i32 = 23;
/** decref of an object whose refcount is already zero (debug build). */
export const E_BELOW_ZERO: i32 = 24;
/** A size or count out of range. detail: the value. */
export const E_RANGE: i32 = 25;
/** A weakref.proxy whose referent died (ReferenceError in CPython).
 *  address: the proxy. */
export const E_REFERENCE: i32 = 26;
/** repr() nested deeper than MAX_REPR_DEPTH (config.ts): CPython's
 *  RecursionError. address: the container where it stopped. */
export const E_RECURSION: i32 = 27;
/** Not an error: the operation completed, and a finalizer is waiting for
 *  the host (dealloc.ts). The facade runs it, then resumes. */
export const E_FINALIZE: i32 = 100;

let lastCode: i32 = E_OK;
let lastAddress: usize = 0;
let lastDetail: u32 = 0;

/** Records an error (slow path only). Returns 0, the "no object" result. */
export function objFail(code: i32, address: usize, detail: u32 = 0): usize {
  lastCode = code;
  lastAddress = address;
  lastDetail = detail;
  return 0;
}

export function objLastError(): i32 {
  return lastCode;
}
export function objLastAddress(): usize {
  return lastAddress;
}
export function objLastDetail(): u32 {
  return lastDetail;
}
export function objClearError(): void {
  lastCode = E_OK;
  lastAddress = 0;
  lastDetail = 0;
}

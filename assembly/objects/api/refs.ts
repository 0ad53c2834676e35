// The facade's one-call entry points for the hottest operations: they take
// Refs as JavaScript holds them and check each one completely -- a live
// object (validate.ts) whose stamp is the Ref's -- before anything
// changes, so the facade makes one call per operation and reads nothing
// from the memory itself.
//
//   Ref (f64) = op + stamp * 2**32     op: the object's address
//                                      stamp: ob_type's upper 16 bits
//                                             (layout.ts), 0 for statics
//
// Anything else -- a fraction, a negative number, NaN, 2**48 or more, an
// address given without its stamp, the Ref of an object whose memory holds
// another one by now -- is refused: 0 (or an error code) is returned with
// the reason recorded, and the facade raises it.

import { DEBUG } from "../../config";
import { STAMP_SHIFT, STAMP_UNIT, REF_LIMIT, PENDING, T_LIST, stampOf, typeId, typeWord } from "../layout";
import { memoHas, memoAdd } from "../livememo";
import { collectionDue } from "../gclist";
import { E_OK, E_FREED, E_NOT_OBJECT, E_RANGE, E_WRONG_TYPE, objFail, objLastError } from "../errors";
import { checkObject } from "../validate";
import { incref, decrefChecked } from "../refcount";
import { tupleAlloc, tupleSetItem } from "../tuple";
import { listNew, listAppend } from "../list";
import { settle } from "./finalize";
import { pyobj_int_from_f64 } from "./scalars";

/** The object of Ref r, checked; 0 (reason recorded) if r is not the Ref
 *  of a live object. A Ref the memo knows (livememo.ts) needs its header's
 *  stamp compared and its teardown not begun (PENDING, refcount 0), nothing
 *  else. */
// @ts-ignore: decorator
@inline export function refObject(r: f64): usize {
  // Signed conversions: one instruction each way on x64, where unsigned
  // ones branch. A negative r keeps its sign in bits, whose upper half
  // then matches no 16-bit stamp; NaN gives 0, which is not NaN.
  let bits = <i64>r; // saturating
  let op = <usize><u32>bits;
  if (!DEBUG && <f64>bits == r && memoHas(op)) {
    let w = typeWord(op);
    if (<u64>(w >>> STAMP_SHIFT) == <u64>bits >>> 32 && !(w & PENDING) && load<u32>(op) != 0) return op;
  }
  return refObjectGeneric(r);
}

// The full check: validate.ts (which the memo learns from), then the stamp.
function refObjectGeneric(r: f64): usize {
  if (!(r >= 0 && r < REF_LIMIT) || <f64><u64>r != r) return objFail(E_NOT_OBJECT, 0);
  let bits = <u64>r;
  let op = <usize><u32>bits;
  if (!checkObject(op)) return 0;
  if (stampOf(op) != <u32>(bits >>> 32)) return objFail(E_FREED, op);
  return op;
}

/** The Ref of the live object op (which the memo learns). */
// @ts-ignore: decorator
@inline export function refOf(op: usize): f64 {
  if (!DEBUG) memoAdd(op);
  return <f64>op + <f64>(typeWord(op) >>> STAMP_SHIFT) * STAMP_UNIT;
}

/** The Ref of container op just made, negated when a collection may be
 *  due (pyobj_gc_auto() is then worth a call): what the *_pack_ref
 *  exports return. */
// @ts-ignore: decorator
@inline function newContainerRef(op: usize): f64 {
  let r = refOf(op);
  return collectionDue() ? -r : r;
}

/** Py_INCREF of Ref r: 0, or an error code. */
export function pyobj_incref_ref(r: f64): i32 {
  let op = refObject(r);
  if (!op) return objLastError();
  incref(op);
  return E_OK;
}

/** Py_DECREF of Ref r: 0, E_FINALIZE, or an error code. */
export function pyobj_decref_ref(r: f64): i32 {
  let op = refObject(r);
  if (!op) return objLastError();
  return settle(decrefChecked(op));
}

/** A tuple of the first n (0..4) of Refs a, b, c, d: its Ref, negated
 *  when a collection may be due (pyobj_gc_auto() is then worth a call),
 *  or 0. */
export function pyobj_tuple_pack_ref(n: u32, a: f64, b: f64, c: f64, d: f64): f64 {
  if (n > 4) return <f64>objFail(E_RANGE, 0, n);
  let x: usize = 0, y: usize = 0, z: usize = 0, w: usize = 0;
  if (n > 0 && !(x = refObject(a))) return 0;
  if (n > 1 && !(y = refObject(b))) return 0;
  if (n > 2 && !(z = refObject(c))) return 0;
  if (n > 3 && !(w = refObject(d))) return 0;
  let op = tupleAlloc(n);
  if (!op) return 0;
  if (n > 0) { incref(x); tupleSetItem(op, 0, x); }
  if (n > 1) { incref(y); tupleSetItem(op, 1, y); }
  if (n > 2) { incref(z); tupleSetItem(op, 2, z); }
  if (n > 3) { incref(w); tupleSetItem(op, 3, w); }
  return newContainerRef(op);
}

/** A list of the first n (0..4) of Refs a, b, c, d: its Ref, negated when
 *  a collection may be due, or 0. */
export function pyobj_list_pack_ref(n: u32, a: f64, b: f64, c: f64, d: f64): f64 {
  if (n > 4) return <f64>objFail(E_RANGE, 0, n);
  let x: usize = 0, y: usize = 0, z: usize = 0, w: usize = 0;
  if (n > 0 && !(x = refObject(a))) return 0;
  if (n > 1 && !(y = refObject(b))) return 0;
  if (n > 2 && !(z = refObject(c))) return 0;
  if (n > 3 && !(w = refObject(d))) return 0;
  let op = listNew(n);
  if (!op) return 0;
  // within the capacity listNew gave: cannot fail
  if (n > 0) listAppend(op, x);
  if (n > 1) listAppend(op, y);
  if (n > 2) listAppend(op, z);
  if (n > 3) listAppend(op, w);
  return newContainerRef(op);
}

/** list.append(v) with Refs: 0, or an error code. */
export function pyobj_append_ref(l: f64, v: f64): i32 {
  let op = refObject(l);
  if (!op) return objLastError();
  if (typeId(op) != T_LIST) {
    objFail(E_WRONG_TYPE, op, T_LIST);
    return E_WRONG_TYPE;
  }
  let x = refObject(v);
  if (!x) return objLastError();
  return listAppend(op, x) ? E_OK : objLastError();
}

/** int(v) for a double v that is an integer in [-2**63, 2**64): its Ref
 *  (which the memo learns, so the calls it is passed to next find it
 *  there), or 0. */
export function pyobj_int_ref(v: f64): f64 {
  let op = pyobj_int_from_f64(v);
  return op ? refOf(op) : 0;
}

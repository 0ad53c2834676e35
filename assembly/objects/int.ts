// int: a 64-bit value in a 16-byte object. Python's int is unbounded;
// pyheap keeps the range [-2**63, 2**64) -- every int64 and every uint64 --
// in two layouts that Python sees as one type:
//
//   op+0 [ob_refcnt][ob_type = T_INT ]  op+8 [ value i64 ]   -2**63 <= v < 2**63
//   op+0 [ob_refcnt][ob_type = T_UINT]  op+8 [ value u64 ]    2**63 <= v < 2**64
//
// bool (True/False, statics.ts) has the T_INT layout with type T_BOOL, as
// CPython's bool is an int subclass (True == 1, hash(True) == 1).
// -5..256 come from the small-int cache (statics.ts) and are immortal.

import { T_BOOL, T_INT, T_UINT, OB_HEAD, typeId } from "./layout";
import { newObject, deleteObject } from "./alloc";
import { hashInt, hashUint } from "./hash";
import { registerDealloc, registerHash, registerName, registerRepr } from "./slots";
import { Text, textAscii, textDecimal } from "./text";
import { smallInt, staticHeader, NSMALLNEGINTS, NSMALLPOSINTS, TRUE, FALSE } from "./statics";

export const INT_VALUE: usize = OB_HEAD;
export const INT_SIZE: usize = OB_HEAD + 8;

/** PyLong_FromLongLong: a new reference (cached for small values). */
export function intFromI64(v: i64): usize {
  if (v >= -NSMALLNEGINTS && v < NSMALLPOSINTS) return smallInt(<i32>v);
  let op = newObject(T_INT, INT_SIZE);
  if (op) store<i64>(op, v, INT_VALUE);
  return op;
}

/** PyLong_FromUnsignedLongLong. */
export function intFromU64(v: u64): usize {
  if (v < 0x8000_0000_0000_0000) return intFromI64(<i64>v);
  let op = newObject(T_UINT, INT_SIZE);
  if (op) store<u64>(op, v, INT_VALUE);
  return op;
}

/** From a double the caller checked is an integer in [-2**63, 2**64). */
export function intFromF64(v: f64): usize {
  if (v < 9223372036854775808.0) return intFromI64(<i64>v);
  return intFromU64(<u64>v);
}

// ------------------------------------------------------------ slots

// Equality of numbers crosses types (1 == 1.0 == True): compare.ts.
function intDealloc(op: usize): void {
  deleteObject(op, typeId(op));
}
function intHash(op: usize): i64 {
  return <i64>hashInt(load<i64>(op, INT_VALUE));
}
function uintHash(op: usize): i64 {
  return <i64>hashUint(load<u64>(op, INT_VALUE));
}
function boolHash(op: usize): i64 {
  return load<i64>(op, INT_VALUE);
}
function intRepr(op: usize, t: Text): void {
  let v = load<i64>(op, INT_VALUE);
  textDecimal(t, v < 0 ? <u64>(-v) : <u64>v, v < 0); // -(-2**63) wraps to 2**63 as u64
}
function uintRepr(op: usize, t: Text): void {
  textDecimal(t, load<u64>(op, INT_VALUE), false);
}
function boolRepr(op: usize, t: Text): void {
  textAscii(t, load<i64>(op, INT_VALUE) ? "True" : "False");
}

// ---------------------------------------------------------- statics

/** True, False and the small ints -5..256 (statics.ts places them). */
function initIntStatics(): void {
  staticHeader(TRUE, T_BOOL);
  store<i64>(TRUE, 1, INT_VALUE);
  staticHeader(FALSE, T_BOOL);
  store<i64>(FALSE, 0, INT_VALUE);
  for (let v = -NSMALLNEGINTS; v < NSMALLPOSINTS; v++) {
    let op = smallInt(v);
    staticHeader(op, T_INT);
    store<i64>(op, <i64>v, INT_VALUE);
  }
}

initIntStatics();
registerDealloc(T_INT, intDealloc);
registerDealloc(T_UINT, intDealloc);
registerHash(T_INT, intHash);
registerHash(T_UINT, uintHash);
registerHash(T_BOOL, boolHash);
registerName(T_INT, "int");
registerName(T_UINT, "int");
registerName(T_BOOL, "bool");
registerRepr(T_INT, intRepr);
registerRepr(T_UINT, uintRepr);
registerRepr(T_BOOL, boolRepr);

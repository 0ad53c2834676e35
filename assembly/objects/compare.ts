// hash() and == for the keys of dicts and sets (CPython's PyObject_Hash
// and PyObject_RichCompare(..., Py_EQ) restricted to these types). Numbers
// compare by value across bool/int/float (1 == 1.0 == True, hashing alike);
// str, bytes and tuples by content; everything else by identity. list,
// dict and set are unhashable. Tuples recurse into their items, as
// CPython's do.

import {
  T_BOOL, T_INT, T_UINT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, typeId,
} from "./layout";
import { hashInt, hashUint, hashFloat, hashPointer, XXPRIME_1, XXPRIME_2, XXPRIME_5, xxRotate } from "./hash";
import { strHash, strEquals } from "./str";
import { BYTES_HASH, bytesEquals } from "./bytes";
import { INT_VALUE } from "./int";
import { FLOAT_VALUE } from "./float";
import { tupleSize, tupleItem } from "./tuple";
import { listSize, listItem } from "./list";
import { E_UNHASHABLE, objFail } from "./errors";

/** objectHash's answer for list, dict, set (and tuples holding them). */
export const UNHASHABLE: i64 = -1;

/** hash(op) as a u32 in an i64, or UNHASHABLE. */
export function objectHash(op: usize): i64 {
  let t = typeId(op);
  switch (t) {
    case T_STR: return <i64>strHash(op);
    case T_INT: return <i64>hashInt(load<i64>(op, INT_VALUE));
    case T_BOOL: return load<i64>(op, INT_VALUE);
    case T_UINT: return <i64>hashUint(load<u64>(op, INT_VALUE));
    case T_FLOAT: return <i64>hashFloat(load<f64>(op, FLOAT_VALUE));
    case T_BYTES: return <i64>load<u32>(op, BYTES_HASH);
    case T_TUPLE: return tupleHash(op);
    case T_LIST:
    case T_DICT:
    case T_SET: return UNHASHABLE;
  }
  return <i64>hashPointer(op);
}

/** objectHash(op); when it is UNHASHABLE, E_UNHASHABLE is recorded,
 *  naming the unhashable part (for the facade's TypeError). */
export function hashOrFail(op: usize): i64 {
  let h = objectHash(op);
  if (h == UNHASHABLE) objFail(E_UNHASHABLE, findUnhashable(op));
  return h;
}

/** The first unhashable object inside op (op itself, or an item of a
 *  tuple, recursively), for the error message; 0 if none. */
export function findUnhashable(op: usize): usize {
  let t = typeId(op);
  if (t == T_LIST || t == T_DICT || t == T_SET) return op;
  if (t == T_TUPLE) {
    let n = tupleSize(op);
    for (let i: u32 = 0; i < n; i++) {
      let bad = findUnhashable(tupleItem(op, i));
      if (bad) return bad;
    }
  }
  return 0;
}

// tuplehash (Objects/tupleobject.c, xxHash-based), 32-bit lanes.
function tupleHash(op: usize): i64 {
  let n = tupleSize(op);
  let acc = XXPRIME_5;
  for (let i: u32 = 0; i < n; i++) {
    let lane = objectHash(tupleItem(op, i));
    if (lane == UNHASHABLE) return UNHASHABLE;
    acc += <u32>lane * XXPRIME_2;
    acc = xxRotate(acc);
    acc *= XXPRIME_1;
  }
  acc += n ^ (XXPRIME_5 ^ 3527539);
  if (acc == 0xffffffff) return 1546275796;
  return <i64>acc;
}

// @ts-ignore: decorator
@inline function isNumber(t: u32): bool {
  return t == T_BOOL || t == T_INT || t == T_UINT || t == T_FLOAT;
}

function intEqualsFloat(v: i64, f: f64): bool {
  return f == Math.floor(f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0 && <i64>f == v;
}
function uintEqualsFloat(v: u64, f: f64): bool {
  return f == Math.floor(f) && f >= 9223372036854775808.0 && f < 18446744073709551616.0 && <u64>f == v;
}

function numbersEqual(a: usize, ta: u32, b: usize, tb: u32): bool {
  if (ta == T_FLOAT && tb == T_FLOAT) return load<f64>(a, FLOAT_VALUE) == load<f64>(b, FLOAT_VALUE);
  if (ta == T_FLOAT) return numbersEqual(b, tb, a, ta);
  // a is bool/int/uint from here
  if (tb == T_FLOAT) {
    let f = load<f64>(b, FLOAT_VALUE);
    return ta == T_UINT ? uintEqualsFloat(load<u64>(a, INT_VALUE), f) : intEqualsFloat(load<i64>(a, INT_VALUE), f);
  }
  if ((ta == T_UINT) != (tb == T_UINT)) return false; // disjoint ranges
  return load<i64>(a, INT_VALUE) == load<i64>(b, INT_VALUE);
}

/** a == b. */
export function objectsEqual(a: usize, b: usize): bool {
  if (a == b) return true;
  let ta = typeId(a);
  let tb = typeId(b);
  if (isNumber(ta) && isNumber(tb)) return numbersEqual(a, ta, b, tb);
  if (ta != tb) return false;
  switch (ta) {
    case T_STR: return strEquals(a, b);
    case T_BYTES: return bytesEquals(a, b);
    case T_TUPLE: {
      let n = tupleSize(a);
      if (n != tupleSize(b)) return false;
      for (let i: u32 = 0; i < n; i++) {
        if (!objectsEqual(tupleItem(a, i), tupleItem(b, i))) return false;
      }
      return true;
    }
    case T_LIST: {
      let n = listSize(a);
      if (n != listSize(b)) return false;
      for (let i: u32 = 0; i < n; i++) {
        if (!objectsEqual(listItem(a, i), listItem(b, i))) return false;
      }
      return true;
    }
  }
  return false;
}

// hash() and == for the keys of dicts and sets (CPython's PyObject_Hash
// and PyObject_RichCompare(..., Py_EQ) restricted to these types). Numbers
// compare by value across bool/int/float (1 == 1.0 == True, hashing alike);
// other types through their equals and hash slots (slots.ts): str, bytes
// and tuples by content, lists by content and unhashable, dict and set
// unhashable, everything else by identity.

import { T_BOOL, T_INT, T_UINT, T_FLOAT, typeId } from "./layout";
import { INT_VALUE } from "./int";
import { FLOAT_VALUE } from "./float";
import { sameTypeEquals } from "./slots";
export { objectHash, UNHASHABLE } from "./slots";

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
  return sameTypeEquals(ta, a, b);
}

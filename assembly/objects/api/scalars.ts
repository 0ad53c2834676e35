// int, float, str and bytes: constructors and the readers of their values.

import { T_BOOL, T_INT, T_UINT, T_FLOAT, T_STR, typeId } from "../layout";
import { E_WRONG_TYPE, E_RANGE, E_NO_MEMORY, objFail } from "../errors";
import { checkObject, checkType } from "../validate";
import { intFromI64, intFromU64, intFromF64, INT_VALUE } from "../int";
import { floatNew, FLOAT_VALUE } from "../float";
import { strFromUtf8, STR_DATA, STR_STATE, STATE_INTERN_MASK, strNbytes } from "../str";
import { internStr } from "../intern";
import { bytesFrom, bytesNew, BYTES_DATA, BYTES_LENGTH } from "../bytes";
import { scratch, scratchBytes } from "./scratch";
import { utf8Length } from "../text";

/** int from a double that is an integer in [-2**63, 2**64). */
export function pyobj_int_from_f64(v: f64): usize {
  if (!(v == Math.floor(v) && v >= -9223372036854775808.0 && v < 18446744073709551616.0)) {
    return objFail(E_RANGE, 0);
  }
  return intFromF64(v);
}
export function pyobj_int_from_i64(v: i64): usize {
  return intFromI64(v);
}
export function pyobj_int_from_u64(v: u64): usize {
  return intFromU64(v);
}
/** The int's value as a double if |v| <= 2**53 (exact), else NaN. */
export function pyobj_int_as_f64(op: usize): f64 {
  if (!checkObject(op)) return NaN;
  let t = typeId(op);
  if (t != T_INT && t != T_BOOL && t != T_UINT) {
    objFail(E_WRONG_TYPE, op, T_INT);
    return NaN;
  }
  if (t == T_UINT) return NaN;
  let v = load<i64>(op, INT_VALUE);
  return v >= -9007199254740992 && v <= 9007199254740992 ? <f64>v : NaN;
}
/** The int's 64 bits (a uint's as u64 bits). Validate with pyobj_type. */
export function pyobj_int_bits(op: usize): i64 {
  return load<i64>(op, INT_VALUE);
}

export function pyobj_float(v: f64): usize {
  return floatNew(v);
}
export function pyobj_float_value(op: usize): f64 {
  return checkType(op, T_FLOAT) ? load<f64>(op, FLOAT_VALUE) : NaN;
}

/** str from the UTF-8 in scratch: nbytes bytes, `length` code points.
 *  mode 0 plain, 1 code constant (interned if identifier-like), 2 intern. */
export function pyobj_str_from_scratch(nbytes: usize, length: u32, mode: i32): usize {
  if (nbytes > scratchBytes) return objFail(E_RANGE, 0, <u32>nbytes);
  if (length == 0xffff_ffff) length = utf8Length(scratch, nbytes);
  return strFromUtf8(scratch, nbytes, length, mode);
}
/** Address of str op's UTF-8 (validate with pyobj_type first). */
export function pyobj_str_data(op: usize): usize {
  return op + STR_DATA;
}
export function pyobj_str_nbytes(op: usize): usize {
  return strNbytes(op);
}
/** 0 plain, 1 interned, 2 static (immortal). */
export function pyobj_str_interned(op: usize): i32 {
  if (!checkType(op, T_STR)) return -1;
  return <i32>(load<u32>(op, STR_STATE) & STATE_INTERN_MASK);
}
/** sys.intern(s). */
export function pyobj_intern(op: usize): usize {
  if (!checkType(op, T_STR)) return 0;
  let r = internStr(op);
  if (!r) objFail(E_NO_MEMORY, op);
  return r;
}

export function pyobj_bytes_from_scratch(n: usize): usize {
  if (n > scratchBytes) return objFail(E_RANGE, 0, <u32>n);
  return bytesFrom(scratch, n);
}
/** A new bytes object of n bytes for the caller to fill at
 *  pyobj_bytes_data() (one copy, no scratch); 0 if memory is short. */
export function pyobj_bytes_new(n: usize): usize {
  return bytesNew(n);
}
export function pyobj_bytes_data(op: usize): usize {
  return op + BYTES_DATA;
}
export function pyobj_bytes_length(op: usize): usize {
  return load<u32>(op, BYTES_LENGTH);
}

// len(o), list.append, and o[i] for lists, tuples, str and bytes (Python's
// index rules: negative counts from the end). len and o[i] take a
// weakref.proxy for its referent (operand.ts).

import { T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, typeId } from "../layout";
import { E_OK, E_WRONG_TYPE, E_INDEX, objFail, objLastError } from "../errors";
import { incref } from "../refcount";
import { checkObject, checkType } from "../validate";
import { latin1Char } from "../statics";
import { intFromI64 } from "../int";
import { strFromUtf8, STR_DATA, STR_STATE, STATE_ASCII, strNbytes, strLength } from "../str";
import { BYTES_DATA, BYTES_LENGTH } from "../bytes";
import { tupleSize, tupleItem } from "../tuple";
import { listSize, listItem, listAppend, listSetItem, listDelItem } from "../list";
import { dictUsed } from "../dict";
import { setUsed } from "../set";
import { settle } from "./finalize";
import { operand } from "./operand";

/** len(o), or -1. */
export function pyobj_len(op: usize): i32 {
  if (!(op = operand(op))) return -1;
  switch (typeId(op)) {
    case T_STR: return <i32>strLength(op);
    case T_BYTES: return <i32>load<u32>(op, BYTES_LENGTH);
    case T_TUPLE: return <i32>tupleSize(op);
    case T_LIST: return <i32>listSize(op);
    case T_DICT: return <i32>dictUsed(op);
    case T_SET: return <i32>setUsed(op);
  }
  objFail(E_WRONG_TYPE, op, 0xff);
  return -1;
}

/** list.append(v): 0 or an error code. */
export function pyobj_append(op: usize, v: usize): i32 {
  if (!checkType(op, T_LIST) || !checkObject(v)) return objLastError();
  if (!listAppend(op, v)) return objLastError();
  return E_OK;
}

// Python's index rules: negative counts from the end.
function normalizeIndex(op: usize, i: i32, n: u32): i32 {
  let j = i < 0 ? i + <i32>n : i;
  if (j < 0 || j >= <i32>n) {
    objFail(E_INDEX, op, <u32>i);
    return -1;
  }
  return j;
}

// The i-th code point of str op as a str (a new reference).
function strItem(op: usize, i: u32): usize {
  let p = op + STR_DATA;
  if (load<u32>(op, STR_STATE) & STATE_ASCII) return latin1Char(load<u8>(p + i));
  let end = p + strNbytes(op);
  let k: u32 = 0;
  while (true) {
    let n: usize = 1;
    let b = load<u8>(p);
    if (b >= 0xf0) n = 4;
    else if (b >= 0xe0) n = 3;
    else if (b >= 0xc0) n = 2;
    if (k == i) return strFromUtf8(p, n, 1, 0);
    p += n;
    k++;
    if (p >= end) break;
  }
  return 0;
}

/** o[i] for a list, tuple, str or bytes: a new reference, or 0. */
export function pyobj_getitem_index(op: usize, i: i32): usize {
  if (!(op = operand(op))) return 0;
  let t = typeId(op);
  let v: usize;
  switch (t) {
    case T_LIST: {
      let j = normalizeIndex(op, i, listSize(op));
      if (j < 0) return 0;
      v = listItem(op, <u32>j);
      break;
    }
    case T_TUPLE: {
      let j = normalizeIndex(op, i, tupleSize(op));
      if (j < 0) return 0;
      v = tupleItem(op, <u32>j);
      break;
    }
    case T_STR: {
      let j = normalizeIndex(op, i, strLength(op));
      return j < 0 ? 0 : strItem(op, <u32>j);
    }
    case T_BYTES: {
      let j = normalizeIndex(op, i, load<u32>(op, BYTES_LENGTH));
      return j < 0 ? 0 : intFromI64(<i64>load<u8>(op + BYTES_DATA + <usize>j));
    }
    default: return objFail(E_WRONG_TYPE, op, T_LIST);
  }
  incref(v);
  return v;
}

/** o[i] = v for a list: 0 or an error code. */
export function pyobj_setitem_index(op: usize, i: i32, v: usize): i32 {
  if (!(op = operand(op)) || !checkObject(v)) return objLastError();
  if (typeId(op) != T_LIST) {
    objFail(E_WRONG_TYPE, op, T_LIST);
    return E_WRONG_TYPE;
  }
  let j = normalizeIndex(op, i, listSize(op));
  if (j < 0) return E_INDEX;
  listSetItem(op, <u32>j, v);
  return settle(E_OK);
}

/** del o[i] for a list. */
export function pyobj_delitem_index(op: usize, i: i32): i32 {
  if (!(op = operand(op))) return objLastError();
  if (typeId(op) != T_LIST) {
    objFail(E_WRONG_TYPE, op, T_LIST);
    return E_WRONG_TYPE;
  }
  let j = normalizeIndex(op, i, listSize(op));
  if (j < 0) return E_INDEX;
  listDelItem(op, <u32>j);
  return settle(E_OK);
}

// The object layer's Wasm exports (assembly/index.ts re-exports them all).
//
//   pyobj_*     the facade's entry points. Every Ref argument is validated
//               (validate.ts) before anything changes; a refusal returns
//               0 (or -1, or an error code) and records the reason
//               (pyobj_last_error*). Constructors and getters return new
//               references.
//   Py_IncRef, Py_DecRef
//               CPython's unchecked C API functions, for Wasm clients that
//               hold valid references.
//
// Bulk arguments (text, bytes, arrays of Refs) go through a scratch
// buffer: the caller asks pyobj_scratch(n) for its address, writes into it,
// then calls the constructor.

import {
  T_NONE, T_BOOL, T_INT, T_UINT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, T_TYPE,
  T_INSTANCE, T_CELL, T_FUNCTION, IMMORTAL_REFCNT, TYPE_ID_MASK, typeId,
} from "./layout";
import {
  E_OK, E_FINALIZE, E_WRONG_TYPE, E_INDEX, E_KEY, E_UNHASHABLE, E_ATTRIBUTE, E_EMPTY_CELL, E_RANGE, E_NO_MEMORY,
  objFail, objLastError, objLastAddress, objLastDetail, objClearError,
} from "./errors";
import { allocBlock, freeBlock, liveCount } from "./alloc";
import { gen0, generation0Count } from "./gclist";
import {
  incref, decref, decrefChecked, finalizeDepth, finalizee, finalizeDone, finalizersSkipped, tookPause,
} from "./refcount";
import { checkObject, checkType } from "./validate";
import { NONE, TRUE, FALSE, EMPTY_TUPLE, SMALL_INTS, CHARS, STATIC_SLOT, latin1Char, initStatics } from "./statics";
import { intFromI64, intFromU64, intFromF64, INT_VALUE } from "./int";
import { floatNew, FLOAT_VALUE } from "./float";
import { strFromUtf8, STR_DATA, STR_STATE, STATE_INTERN_MASK, STATE_ASCII, strNbytes, strLength } from "./str";
import { internStr, internedCount } from "./intern";
import { bytesFrom, BYTES_DATA, BYTES_LENGTH } from "./bytes";
import { tupleAlloc, tupleSize, tupleItem, tupleSetItem } from "./tuple";
import { listNew, listSize, listItem, listItems, listAppend, listSetItem, listDelItem } from "./list";
import { dictNew, dictUsed, dictSetItem, dictGetItem, dictDelItem, dictTraverse } from "./dict";
import { setNew, setUsed, setAdd } from "./set";
import { objectHash, findUnhashable, UNHASHABLE } from "./compare";
import { classNew, CLASS_NAME, CLASS_HAS_FINALIZER, CLASS_HAS_LEGACY_DEL, CLASS_NO_INLINE_VALUES } from "./klass";
import {
  instanceNew, instanceClass, instanceDict, instanceSetDict, instanceGetAttr, instanceSetAttr, instanceDelAttr,
} from "./instance";
import { cellNew, cellSet, funcNew, CELL_CONTENTS, FUNC_NAME, FUNC_CLOSURE } from "./func";
import { clearFreelists, freelistTotal } from "./freelists";
import { traverse, clear } from "./teardown";

initStatics();

// ------------------------------------------------------------- errors

export function pyobj_last_error(): i32 {
  return objLastError();
}
export function pyobj_last_error_address(): usize {
  return objLastAddress();
}
export function pyobj_last_error_detail(): u32 {
  return objLastDetail();
}
export function pyobj_clear_error(): void {
  objClearError();
}

// The result of an operation that may have released references: E_FINALIZE
// if the deallocation loop paused for a finalizer (refcount.ts).
// @ts-ignore: decorator
@inline function settle(code: i32): i32 {
  return tookPause() && code == E_OK ? E_FINALIZE : code;
}

// --------------------------------------------------------- finalizers

/** Open finalizer levels; while above the host's own level, the host runs
 *  the finalizer of pyobj_finalizee() then calls pyobj_finalize_done(). */
export function pyobj_finalize_depth(): u32 {
  return finalizeDepth();
}
export function pyobj_finalizee(): usize {
  return finalizee();
}
export function pyobj_finalize_done(): void {
  finalizeDone();
  tookPause();
}
export function pyobj_finalizers_skipped(): u32 {
  return finalizersSkipped();
}

// ------------------------------------------------------ layout facts

export function pyobj_none(): usize { return NONE; }
export function pyobj_true(): usize { return TRUE; }
export function pyobj_false(): usize { return FALSE; }
export function pyobj_empty_tuple(): usize { return EMPTY_TUPLE; }
/** Ref of the int -5; int v is at pyobj_small_ints() + 32*(v+5). */
export function pyobj_small_ints(): usize { return SMALL_INTS; }
/** Ref of chr(0); chr(c) for c < 256 is at pyobj_chars() + 32*c. */
export function pyobj_chars(): usize { return CHARS; }
export function pyobj_static_slot(): usize { return STATIC_SLOT; }
export function pyobj_immortal_refcnt(): u32 { return IMMORTAL_REFCNT; }
/** The generation-0 list's sentinel PyGC_Head (gclist.ts). */
export function pyobj_gen0_head(): usize { return gen0; }

// ------------------------------------------------------- refcounting

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

// ------------------------------------------------------------ scratch

let scratch: usize = 0;
let scratchBytes: usize = 0;

/** Address of a buffer of at least n bytes (valid until the next call),
 *  0 if memory is short. */
export function pyobj_scratch(n: usize): usize {
  if (n > scratchBytes) {
    let want = scratchBytes ? scratchBytes : 256;
    while (want < n) want = want < 0x40000000 ? want << 1 : n;
    let p = allocBlock(want);
    if (!p) return 0;
    if (scratch) freeBlock(scratch);
    scratch = p;
    scratchBytes = want;
  }
  return scratch;
}

// @ts-ignore: decorator
@inline function scratchRef(i: u32): usize {
  return load<u32>(scratch + (<usize>i << 2));
}

function checkScratchRefs(n: u32): bool {
  if (<usize>n << 2 > scratchBytes) {
    objFail(E_RANGE, 0, n);
    return false;
  }
  for (let i: u32 = 0; i < n; i++) if (!checkObject(scratchRef(i))) return false;
  return true;
}

// ----------------------------------------------------- constructors

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
  if (length == 0xffff_ffff) { // count code points: bytes that do not continue one
    length = 0;
    for (let i: usize = 0; i < nbytes; i++) if ((load<u8>(scratch + i) & 0xc0) != 0x80) length++;
  }
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
export function pyobj_bytes_data(op: usize): usize {
  return op + BYTES_DATA;
}
export function pyobj_bytes_length(op: usize): usize {
  return load<u32>(op, BYTES_LENGTH);
}

/** A tuple of the first n (0..4) of a, b, c, d: one call for the common
 *  small tuples. */
export function pyobj_tuple_pack(n: u32, a: usize, b: usize, c: usize, d: usize): usize {
  if (n > 4) return objFail(E_RANGE, 0, n);
  if (n > 0 && !checkObject(a)) return 0;
  if (n > 1 && !checkObject(b)) return 0;
  if (n > 2 && !checkObject(c)) return 0;
  if (n > 3 && !checkObject(d)) return 0;
  let op = tupleAlloc(n);
  if (!op) return 0;
  if (n > 0) { incref(a); tupleSetItem(op, 0, a); }
  if (n > 1) { incref(b); tupleSetItem(op, 1, b); }
  if (n > 2) { incref(c); tupleSetItem(op, 2, c); }
  if (n > 3) { incref(d); tupleSetItem(op, 3, d); }
  return op;
}

/** A tuple of the n Refs in scratch. */
export function pyobj_tuple_from_scratch(n: u32): usize {
  if (!checkScratchRefs(n)) return 0;
  if (n > 0x0fff_fff0) return objFail(E_NO_MEMORY, 0, n);
  let op = tupleAlloc(n);
  if (!op) return 0;
  for (let i: u32 = 0; i < n; i++) {
    let v = scratchRef(i);
    incref(v);
    tupleSetItem(op, i, v);
  }
  return op;
}

/** A list of the n Refs in scratch. */
export function pyobj_list_from_scratch(n: u32): usize {
  if (!checkScratchRefs(n)) return 0;
  let op = listNew(n);
  if (!op) return 0;
  for (let i: u32 = 0; i < n; i++) listAppend(op, scratchRef(i)); // within capacity: cannot fail
  return op;
}

// Checks that every ref at scratch[first], [first+stride], ... is hashable.
function checkHashable(n: u32, stride: u32): bool {
  for (let i: u32 = 0; i < n; i += stride) {
    let k = scratchRef(i);
    if (objectHash(k) == UNHASHABLE) {
      objFail(E_UNHASHABLE, findUnhashable(k));
      return false;
    }
  }
  return true;
}

/** A dict of the n (key, value) pairs in scratch (2n Refs), in order. */
export function pyobj_dict_from_scratch(n: u32): usize {
  if (n > 0x1fff_ffff || !checkScratchRefs(n * 2) || !checkHashable(n * 2, 2)) return 0;
  let op = dictNew();
  if (!op) return 0;
  for (let i: u32 = 0; i < n; i++) {
    let k = scratchRef(2 * i);
    if (!dictSetItem(op, k, <u32>objectHash(k), scratchRef(2 * i + 1))) {
      decref(op);
      return objFail(E_NO_MEMORY, 0);
    }
  }
  return op;
}

/** A set of the n Refs in scratch. */
export function pyobj_set_from_scratch(n: u32): usize {
  if (!checkScratchRefs(n) || !checkHashable(n, 1)) return 0;
  let op = setNew();
  if (!op) return 0;
  for (let i: u32 = 0; i < n; i++) {
    let k = scratchRef(i);
    if (!setAdd(op, k, <u32>objectHash(k))) {
      decref(op);
      return objFail(E_NO_MEMORY, 0);
    }
  }
  return op;
}

/** A class named by str `name`; flags: 1 has del, 2 has legacyDel, 4 its
 *  instances keep their attributes in a __dict__ of their own (Python 2,
 *  CPython <= 3.10) instead of inline. */
export function pyobj_class_new(name: usize, flags: u32): usize {
  if (!checkType(name, T_STR)) return 0;
  let f: u32 = 0;
  if (flags & 3) f |= CLASS_HAS_FINALIZER;
  if (flags & 2) f |= CLASS_HAS_LEGACY_DEL;
  if (flags & 4) f |= CLASS_NO_INLINE_VALUES;
  return classNew(name, f);
}
export function pyobj_instance_new(cls: usize): usize {
  if (!checkType(cls, T_TYPE)) return 0;
  return instanceNew(cls);
}
/** An instance's class (borrowed); 0 if op is not an instance. */
export function pyobj_instance_class(op: usize): usize {
  return checkType(op, T_INSTANCE) ? instanceClass(op) : 0;
}
/** A cell holding v (0 or the Ref); empty if v is 0. */
export function pyobj_cell_new(v: usize): usize {
  if (v && !checkObject(v)) return 0;
  return cellNew(v);
}
/** A function named by str `name` with closure tuple `closure` (0: None).
 *  The closure must be a tuple of cells. */
export function pyobj_func_new(name: usize, closure: usize): usize {
  if (!checkType(name, T_STR)) return 0;
  if (closure) {
    if (!checkType(closure, T_TUPLE)) return 0;
    let n = tupleSize(closure);
    for (let i: u32 = 0; i < n; i++) {
      let c = tupleItem(closure, i);
      if (typeId(c) != T_CELL) return objFail(E_WRONG_TYPE, c, T_CELL);
    }
    if (n == 0) closure = 0;
  }
  return funcNew(name, closure);
}

// -------------------------------------------------------- operations

/** len(o), or -1. */
export function pyobj_len(op: usize): i32 {
  if (!checkObject(op)) return -1;
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
  if (!checkObject(op)) return 0;
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
  if (!checkObject(op) || !checkObject(v)) return objLastError();
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
  if (!checkObject(op)) return objLastError();
  if (typeId(op) != T_LIST) {
    objFail(E_WRONG_TYPE, op, T_LIST);
    return E_WRONG_TYPE;
  }
  let j = normalizeIndex(op, i, listSize(op));
  if (j < 0) return E_INDEX;
  listDelItem(op, <u32>j);
  return settle(E_OK);
}

// The key's hash, or -1 with E_UNHASHABLE recorded.
function hashKey(key: usize): i64 {
  let h = objectHash(key);
  if (h == UNHASHABLE) objFail(E_UNHASHABLE, findUnhashable(key));
  return h;
}

/** d[key]: a new reference, or 0 (KeyError: E_KEY). */
export function pyobj_getitem(op: usize, key: usize): usize {
  if (!checkType(op, T_DICT) || !checkObject(key)) return 0;
  let h = hashKey(key);
  if (h < 0) return 0;
  let v = dictGetItem(op, key, <u32>h);
  if (!v) return objFail(E_KEY, key);
  incref(v);
  return v;
}

/** d[key] = v. */
export function pyobj_setitem(op: usize, key: usize, v: usize): i32 {
  if (!checkType(op, T_DICT) || !checkObject(key) || !checkObject(v)) return objLastError();
  let h = hashKey(key);
  if (h < 0) return E_UNHASHABLE;
  return settle(dictSetItem(op, key, <u32>h, v) ? E_OK : objLastError());
}

/** del d[key]. */
export function pyobj_delitem(op: usize, key: usize): i32 {
  if (!checkType(op, T_DICT) || !checkObject(key)) return objLastError();
  let h = hashKey(key);
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
  let h = hashKey(v);
  if (h < 0) return E_UNHASHABLE;
  return setAdd(op, v, <u32>h) ? E_OK : objLastError();
}

// o[key] with key a double: an index for list, tuple, str and bytes, a Ref
// for a dict (the facade passes JavaScript numbers through unchanged).
function keyAsIndex(op: usize, key: f64): i32 {
  if (key != Math.floor(key) || !(key >= -2147483648.0 && key < 2147483648.0)) {
    objFail(E_INDEX, op, 0x8000_0000);
    return 0x7fff_ffff; // out of range for any sequence here
  }
  return <i32>key;
}
// @ts-ignore: decorator
@inline function keyAsRef(key: f64): usize {
  return key == Math.floor(key) && key >= 0 && key < 4294967296.0 ? <usize><u32>key : 1;
}

/** o[key]: a new reference, or 0. */
export function pyobj_subscript(op: usize, key: f64): usize {
  if (!checkObject(op)) return 0;
  if (typeId(op) == T_DICT) return pyobj_getitem(op, keyAsRef(key));
  let i = keyAsIndex(op, key);
  return pyobj_getitem_index(op, i);
}
/** o[key] = v. */
export function pyobj_ass_subscript(op: usize, key: f64, v: usize): i32 {
  if (!checkObject(op)) return objLastError();
  if (typeId(op) == T_DICT) return pyobj_setitem(op, keyAsRef(key), v);
  return pyobj_setitem_index(op, keyAsIndex(op, key), v);
}
/** del o[key]. */
export function pyobj_del_subscript(op: usize, key: f64): i32 {
  if (!checkObject(op)) return objLastError();
  if (typeId(op) == T_DICT) return pyobj_delitem(op, keyAsRef(key));
  return pyobj_delitem_index(op, keyAsIndex(op, key));
}

// ------------------------------------------------------------ attributes

/** o.name for an instance attribute (name: a str): new reference or 0. */
export function pyobj_getattr(op: usize, name: usize): usize {
  if (!checkObject(op) || !checkType(name, T_STR)) return 0;
  if (typeId(op) == T_INSTANCE) {
    let v = instanceGetAttr(op, name);
    if (v) {
      incref(v);
      return v;
    }
  }
  return objFail(E_ATTRIBUTE, op, <u32>name);
}

/** o.name = v (instances only: the others have no __dict__). */
export function pyobj_setattr(op: usize, name: usize, v: usize): i32 {
  if (!checkObject(op) || !checkType(name, T_STR) || !checkObject(v)) return objLastError();
  if (typeId(op) != T_INSTANCE) {
    objFail(E_ATTRIBUTE, op, <u32>name);
    return E_ATTRIBUTE;
  }
  if (!instanceSetAttr(op, name, v)) return objLastError();
  return settle(E_OK);
}

/** del o.name. */
export function pyobj_delattr(op: usize, name: usize): i32 {
  if (!checkObject(op) || !checkType(name, T_STR)) return objLastError();
  if (typeId(op) != T_INSTANCE || !instanceDelAttr(op, name)) {
    objFail(E_ATTRIBUTE, op, <u32>name);
    return E_ATTRIBUTE;
  }
  return settle(E_OK);
}

/** An instance's __dict__ (new reference, made on first use). */
export function pyobj_instance_dict(op: usize): usize {
  if (!checkType(op, T_INSTANCE)) return 0;
  let d = instanceDict(op);
  if (d) incref(d);
  return d;
}
/** o.__dict__ = d (d a dict). */
export function pyobj_instance_set_dict(op: usize, d: usize): i32 {
  if (!checkType(op, T_INSTANCE) || !checkType(d, T_DICT)) return objLastError();
  instanceSetDict(op, d);
  return settle(E_OK);
}
/** A class's or function's __name__ (new reference). */
export function pyobj_name(op: usize): usize {
  if (!checkObject(op)) return 0;
  let t = typeId(op);
  if (t != T_TYPE && t != T_FUNCTION) return objFail(E_WRONG_TYPE, op, T_TYPE);
  let name = <usize>load<u32>(op + (t == T_TYPE ? CLASS_NAME : FUNC_NAME));
  incref(name);
  return name;
}
/** f.__closure__: the tuple of cells, or None (new reference). */
export function pyobj_func_closure(op: usize): usize {
  if (!checkType(op, T_FUNCTION)) return 0;
  let c = <usize>load<u32>(op, FUNC_CLOSURE);
  if (!c) c = NONE;
  incref(c);
  return c;
}
/** cell.cell_contents (new reference); E_EMPTY_CELL if empty. */
export function pyobj_cell_get(op: usize): usize {
  if (!checkType(op, T_CELL)) return 0;
  let v = <usize>load<u32>(op, CELL_CONTENTS);
  if (!v) return objFail(E_EMPTY_CELL, op);
  incref(v);
  return v;
}
/** cell.cell_contents = v (v 0: empty the cell). */
export function pyobj_cell_set(op: usize, v: usize): i32 {
  if (!checkType(op, T_CELL) || (v && !checkObject(v))) return objLastError();
  cellSet(op, v);
  return settle(E_OK);
}

// ---------------------------------------------------- children, GC hooks

let visited: u32 = 0;
function countChild(child: usize, arg: usize): void {
  visited++;
}
function storeChild(child: usize, arg: usize): void {
  store<u32>(scratch + (<usize>visited << 2), <u32>child);
  visited++;
}

// What op holds: tp_traverse, except that a dict lists every entry (an
// instance's embedded __dict__ shows its values to the collector through
// the instance, not through itself).
function children(op: usize, visit: (child: usize, arg: usize) => void): void {
  if (typeId(op) == T_DICT) dictTraverse(op, visit, 0);
  else traverse(op, visit, 0);
}

/** The number of child references of op, written (borrowed) to scratch
 *  in traversal order; dict entries as key, value. -1 on error. */
export function pyobj_children(op: usize): i32 {
  if (!checkObject(op)) return -1;
  visited = 0;
  children(op, countChild);
  let n = visited;
  if (!pyobj_scratch(<usize>n << 2 | 4)) return -1;
  visited = 0;
  children(op, storeChild);
  return <i32>n;
}

/** tp_clear of a container (what the cycle collector calls). */
export function pyobj_clear(op: usize): i32 {
  if (!checkObject(op)) return objLastError();
  clear(op);
  return settle(E_OK);
}

// ------------------------------------------------------------ statistics

/** Live objects of type id t (statics excluded, free lists excluded). */
export function pyobj_live_count(t: u32): u32 {
  return liveCount(t & TYPE_ID_MASK);
}
export function pyobj_freelist_count(): u32 {
  return freelistTotal();
}
export function pyobj_interned_count(): u32 {
  return internedCount();
}
/** CPython's generations[0].count: container allocations minus
 *  deallocations since the last collection (assembly/gc/). */
export function pyobj_gen0_count(): u32 {
  return generation0Count();
}
/** Empties the free lists (a full collection does; so does close()). */
export function pyobj_clear_freelists(): void {
  clearFreelists();
}

// ------------------------------------------------------------ benchmarks

/** n Py_INCREF + Py_DECREF pairs on op (the caller holds a reference). */
export function pyobj_bench_incref_decref(op: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) {
    incref(op);
    decref(op);
  }
}

/** n Py_INCREF + Py_DECREF pairs spread over the items of list `l` (so
 *  consecutive pairs do not wait on one another's store). */
export function pyobj_bench_incref_decref_spread(l: usize, n: u32): void {
  let items = listItems(l);
  let mask = listSize(l) - 1; // a power of two
  for (let i: u32 = 0; i < n; i++) {
    let op = <usize>load<u32>(items + (<usize>(i & mask) << 2));
    incref(op);
    decref(op);
  }
}

/** Creates and destroys n 2-tuples (a, b) inside Wasm. */
export function pyobj_bench_tuples(n: u32, a: usize, b: usize): void {
  for (let i: u32 = 0; i < n; i++) {
    let t = tupleAlloc(2);
    incref(a);
    tupleSetItem(t, 0, a);
    incref(b);
    tupleSetItem(t, 1, b);
    decref(t);
  }
}


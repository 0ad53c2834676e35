// tuple, list, dict and set constructors: from up to four arguments, or
// from the Refs in the scratch buffer.

import { E_RANGE, E_NO_MEMORY, objFail } from "../errors";
import { incref, decref } from "../refcount";
import { checkObject } from "../validate";
import { tupleAlloc, tupleSetItem } from "../tuple";
import { listNew, listAppend } from "../list";
import { dictNew, dictSetItem } from "../dict";
import { setNew, setAdd } from "../set";
import { objectHash, UNHASHABLE } from "../compare";
import { scratchRef, checkScratchRefs } from "./scratch";

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
    if (objectHash(scratchRef(i)) == UNHASHABLE) return false;
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

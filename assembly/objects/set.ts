// set: CPython's open-addressing hash set (Objects/setobject.c): linear
// probes of up to 9 neighbours, then a perturbed jump; resized when 3/5
// full. Keys are kept with their hashes.
//
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][ob_type = T_SET]
//   op+8  fill   u32   active + dummy entries
//   op+12 used   u32   len()
//   op+16 mask   u32   table size - 1
//   op+20 table  u32   -> entries * (mask+1); 0 until the
//                         first add (CPython's inline smalltable, kept
//                         out of line here so that clear never allocates)
//   op+24 weaklist u32 first weakref to the set (so->weakreflist), or 0
//
// An entry (setentry), ENTRY bytes, read through entryAt/entryKey/entryHash:
//
//   e+0 hash u32
//   e+4 key  u32   0: empty; 1: deleted (CPython's dummy); else the key

import { T_SET, OB_HEAD } from "./layout";
import { newContainer, deleteContainer, allocBlock, freeBlock } from "./alloc";
import { gcUntrack } from "./gclist";
import { clearWeakrefs } from "./weakref";
import {
  Visit, registerDealloc, registerTraverse, registerClear, registerHash, registerWeaklist, hashNotImplemented, registerName,
  registerRepr,
} from "./slots";
import { reprEnter, reprLeave, reprInto } from "./repr";
import { Text, textAscii } from "./text";
import { incref, decref, decrefLater, beginRelease, endRelease } from "./refcount";
import { objectsEqual } from "./compare";

export const SET_FILL: usize = OB_HEAD;
export const SET_USED: usize = OB_HEAD + 4;
export const SET_MASK: usize = OB_HEAD + 8;
export const SET_TABLE: usize = OB_HEAD + 12;
export const SET_WEAKLIST: usize = OB_HEAD + 16;
const SET_OBJECT: usize = OB_HEAD + 20;
export const DUMMY: u32 = 1;
const MINSIZE: u32 = 8;
const LINEAR_PROBES: u32 = 9;
const PERTURB_SHIFT: u32 = 5;
const ENTRY: usize = 8;

// @ts-ignore: decorator
@inline function entryAt(table: usize, i: u32): usize {
  return table + <usize>i * ENTRY;
}
// @ts-ignore: decorator
@inline function entryKey(e: usize): u32 {
  return load<u32>(e, 4);
}
// @ts-ignore: decorator
@inline function entryHash(e: usize): u32 {
  return load<u32>(e);
}
// @ts-ignore: decorator
@inline function setEntry(e: usize, hash: u32, key: u32): void {
  store<u32>(e, hash);
  store<u32>(e, key, 4);
}

// @ts-ignore: decorator
@inline export function setUsed(op: usize): u32 {
  return load<u32>(op, SET_USED);
}
// @ts-ignore: decorator
@inline export function setTable(op: usize): usize {
  return load<u32>(op, SET_TABLE);
}
// @ts-ignore: decorator
@inline export function setMask(op: usize): u32 {
  return load<u32>(op, SET_MASK);
}

export function setNew(): usize {
  let op = newContainer(T_SET, SET_OBJECT);
  if (!op) return 0;
  store<u32>(op, 0, SET_FILL);
  store<u32>(op, 0, SET_USED);
  store<u32>(op, MINSIZE - 1, SET_MASK);
  store<u32>(op, 0, SET_TABLE);
  store<u32>(op, 0, SET_WEAKLIST);
  return op;
}

function tableNew(size: u32): usize {
  let t = allocBlock(<usize>size * ENTRY);
  if (t) memory.fill(t, 0, <usize>size * ENTRY);
  return t;
}

// set_insert_clean: into a table with no dummies and no equal key.
function insertClean(table: usize, mask: u32, key: u32, hash: u32): void {
  let perturb = hash;
  let i = hash & mask;
  while (true) {
    let e = entryAt(table, i);
    if (entryKey(e) == 0) {
      setEntry(e, hash, key);
      return;
    }
    if (i + LINEAR_PROBES <= mask) {
      for (let j: u32 = 1; j <= LINEAR_PROBES; j++) {
        let f = e + <usize>j * ENTRY;
        if (entryKey(f) == 0) {
          setEntry(f, hash, key);
          return;
        }
      }
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// set_table_resize: a table of the smallest power of two > minused.
function setResize(op: usize, minused: u32): bool {
  let size = MINSIZE;
  while (size <= minused) size <<= 1;
  let fresh = tableNew(size);
  if (!fresh) return false;
  let old = setTable(op);
  let oldMask = setMask(op);
  if (old) {
    for (let i: u32 = 0; i <= oldMask; i++) {
      let e = entryAt(old, i);
      let key = entryKey(e);
      if (key > DUMMY) insertClean(fresh, size - 1, key, entryHash(e));
    }
    freeBlock(old);
  }
  store<u32>(op, size - 1, SET_MASK);
  store<u32>(op, <u32>fresh, SET_TABLE);
  store<u32>(op, setUsed(op), SET_FILL);
  return true;
}

/** The entry holding key, or 0; freeSlot receives where an add would go
 *  (the first dummy met, else the empty entry that ended the search). */
let freeSlot: usize = 0;
function setLookup(op: usize, key: usize, hash: u32): usize {
  let table = setTable(op);
  freeSlot = 0;
  if (!table) return 0;
  let mask = setMask(op);
  let perturb = hash;
  let i = hash & mask;
  while (true) {
    let e = entryAt(table, i);
    let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
    while (true) {
      let ekey = <usize>entryKey(e);
      if (ekey == 0) {
        if (!freeSlot) freeSlot = e;
        return 0;
      }
      if (ekey == DUMMY) {
        if (!freeSlot) freeSlot = e;
      } else if (ekey == key || (entryHash(e) == hash && objectsEqual(ekey, key))) {
        return e;
      }
      if (probes == 0) break;
      probes--;
      e += ENTRY;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + 1 + perturb) & mask;
  }
  return 0;
}

/** set.add(key). False if memory is short (set unchanged). */
export function setAdd(op: usize, key: usize, hash: u32): bool {
  if (!setTable(op)) {
    let t = tableNew(MINSIZE);
    if (!t) return false;
    store<u32>(op, <u32>t, SET_TABLE);
    store<u32>(op, MINSIZE - 1, SET_MASK);
  }
  if (setLookup(op, key, hash)) return true;
  let e = freeSlot;
  let wasEmpty = entryKey(e) == 0;
  setEntry(e, hash, <u32>key);
  incref(key);
  let used = setUsed(op) + 1;
  store<u32>(op, used, SET_USED);
  if (!wasEmpty) return true; // a dummy reused: fill unchanged
  let fill = load<u32>(op, SET_FILL) + 1;
  store<u32>(op, fill, SET_FILL);
  let mask = setMask(op);
  if (fill * 5 < mask * 3) return true;
  if (setResize(op, used > 50000 ? used * 2 : used * 4)) return true;
  // No memory to grow: take the key back out, as if never added.
  setEntry(e, 0, 0);
  store<u32>(op, fill - 1, SET_FILL);
  store<u32>(op, used - 1, SET_USED);
  decref(key);
  return false;
}

// Drops the keys of a table of mask + 1 entries and frees it. The keys
// go on the deallocation stack last entry first, so that they die in
// table order, as CPython's.
function releaseTable(table: usize, mask: u32): void {
  for (let i = <i32>mask; i >= 0; i--) {
    let key = entryKey(entryAt(table, <u32>i));
    if (key > DUMMY) decrefLater(key);
  }
  freeBlock(table);
}

/** tp_clear. */
export function setClear(op: usize): void {
  let table = setTable(op);
  let mask = setMask(op);
  store<u32>(op, 0, SET_TABLE);
  store<u32>(op, 0, SET_FILL);
  store<u32>(op, 0, SET_USED);
  store<u32>(op, MINSIZE - 1, SET_MASK);
  if (!table) return;
  let floor = beginRelease();
  releaseTable(table, mask);
  endRelease(floor);
}

// ------------------------------------------------------------ slots

function setDealloc(op: usize): void {
  // CPython's set_dealloc clears the weakrefs before dropping the keys.
  if (load<u32>(op, SET_WEAKLIST)) clearWeakrefs(op, SET_WEAKLIST);
  gcUntrack(op);
  let table = setTable(op);
  if (table) releaseTable(table, setMask(op));
  deleteContainer(op, T_SET);
}

function setTraverse(op: usize, visit: Visit, arg: usize): void {
  let table = setTable(op);
  if (!table) return;
  let mask = setMask(op);
  for (let i: u32 = 0; i <= mask; i++) {
    let key = entryKey(entryAt(table, i));
    if (key > DUMMY) visit(key, arg);
  }
}

// repr(s): CPython's set_repr, {a, b} in table order, set() when empty.
function setRepr(op: usize, t: Text): void {
  if (!setUsed(op)) textAscii(t, "set()");
  else if (reprEnter(t, op, "set(", ")")) {
    textAscii(t, "{");
    let table = setTable(op);
    let mask = setMask(op);
    let first = true;
    for (let i: u32 = 0; i <= mask; i++) {
      let key = entryKey(entryAt(table, i));
      if (key <= DUMMY) continue;
      if (!first) textAscii(t, ", ");
      first = false;
      reprInto(t, key);
    }
    textAscii(t, "}");
    reprLeave(op);
  }
}

registerName(T_SET, "set");
registerRepr(T_SET, setRepr);
registerDealloc(T_SET, setDealloc);
registerTraverse(T_SET, setTraverse);
registerClear(T_SET, setClear);
registerHash(T_SET, hashNotImplemented);
registerWeaklist(T_SET, SET_WEAKLIST);

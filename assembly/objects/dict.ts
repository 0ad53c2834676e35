// dict: CPython's compact, insertion-ordered dict (PEP 468/520 layout):
// a hash index of slots pointing into a dense array of entries kept in
// insertion order.
//
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][ob_type = T_DICT]
//   op+8  used   u32  len()
//   op+12 keys   u32  -> keys block (0: empty, nothing allocated yet)
//   op+16 owner  u32  the instance whose __dict__ this is while embedded
//                     (instance.ts), else 0: the collector then sees the
//                     values through the instance, none through the dict
//   op+20 shared u32  while embedded: the class's shared keys, which every
//                     new str key joins; a key that cannot join ends it
//
//   keys block
//   +0   log2size  u32        index has 2**log2size slots
//   +4   usable    u32        entries that can still be appended
//   +8   nentries  u32        entries appended (live and deleted)
//   +12  general   u32        1 once a key that is not a str went in
//                             (CPython's DICT_KEYS_GENERAL; it stays
//                             until the dict is cleared), else 0
//   +16  indices   i32[size]  -1 empty, -2 deleted (DKIX_DUMMY), else entry
//   ...  entries   [hash u32 | key u32 | value u32] * (2*size/3)
//
// Probing and growth are CPython's: i = (5*i + 1 + perturb) & mask with
// perturb >>= 5; a dict grows to the smallest power of two >= 3*used.
// Deleting leaves a DUMMY slot and an empty entry; a resize compacts.

import { DEBUG } from "../config";
import { T_DICT, T_STR, OB_HEAD, GC_HEAD, typeId } from "./layout";
import { newContainerFrom, countGone, allocBlock, freeBlock, freeObjectBlock } from "./alloc";
import { gcUntrack, gcUnlink, gcIsTracked, gcRetrack, mayBeTracked } from "./gclist";
import { dictFreelistPop, dictFreelistPush } from "./freelists";
import {
  Visit, registerDealloc, registerTraverse, registerClear, registerHash, hashNotImplemented, registerName, registerRepr,
} from "./slots";
import { reprEnter, reprLeave, reprInto } from "./repr";
import { Text, textAscii } from "./text";
import { incref, decref, decrefLater, beginRelease, endRelease } from "./refcount";
import { objectsEqual } from "./compare";
import { sharedKeysInsert } from "./sharedkeys";

export const DICT_USED: usize = OB_HEAD;
export const DICT_KEYS: usize = OB_HEAD + 4;
const DICT_OWNER: usize = OB_HEAD + 8;
const DICT_SHARED: usize = OB_HEAD + 12;
const DICT_OBJECT: usize = OB_HEAD + 16;

/** A keys block's header (drawn above); the indices follow it. */
// @ts-ignore: decorator
@unmanaged class KeysHeader {
  log2size: u32;
  usable: u32;
  nentries: u32;
  general: u32;
}
// @ts-ignore: decorator
@inline function keysHeader(k: usize): KeysHeader {
  return changetype<KeysHeader>(k);
}
const K_INDICES: usize = offsetof<KeysHeader>();
const DKIX_EMPTY: i32 = -1;
const DKIX_DUMMY: i32 = -2;
const LOG2_MINSIZE: u32 = 3; // PyDict_MINSIZE 8
const PERTURB_SHIFT: u32 = 5;

// @ts-ignore: decorator
@inline function usableFraction(size: u32): u32 {
  return (size << 1) / 3;
}
// @ts-ignore: decorator
@inline export function dictUsed(op: usize): u32 {
  return load<u32>(op, DICT_USED);
}
// @ts-ignore: decorator
@inline export function dictKeys(op: usize): usize {
  return load<u32>(op, DICT_KEYS);
}
/** First entry of a keys block. */
// @ts-ignore: decorator
@inline export function keysEntries(k: usize): usize {
  return k + K_INDICES + (<usize>4 << keysHeader(k).log2size);
}
// @ts-ignore: decorator
@inline export function keysNentries(k: usize): u32 {
  return keysHeader(k).nentries;
}
/** One entry of a keys block: a key 0 is a deleted entry. */
// @ts-ignore: decorator
@unmanaged export class DictEntry {
  hash: u32;
  key: u32;
  value: u32;
}
const ENTRY: usize = offsetof<DictEntry>();
/** The i-th entry of keys block k. */
// @ts-ignore: decorator
@inline export function entryAt(k: usize, i: u32): DictEntry {
  return changetype<DictEntry>(keysEntries(k) + <usize>i * ENTRY);
}

function keysNew(log2: u32): usize {
  let size: u32 = 1 << log2;
  let usable = usableFraction(size);
  let k = allocBlock(K_INDICES + (<usize>size << 2) + <usize>usable * ENTRY);
  if (!k) return 0;
  keysHeader(k).log2size = log2;
  keysHeader(k).usable = usable;
  keysHeader(k).nentries = 0;
  keysHeader(k).general = 0;
  memory.fill(k + K_INDICES, 0xff, <usize>size << 2); // DKIX_EMPTY
  return k;
}

/** A new empty dict. */
export function dictNew(): usize {
  let op = newContainerFrom(dictFreelistPop(), T_DICT, DICT_OBJECT);
  if (!op) return 0;
  store<u32>(op, 0, DICT_USED);
  store<u32>(op, 0, DICT_KEYS);
  store<u32>(op, 0, DICT_OWNER);
  store<u32>(op, 0, DICT_SHARED);
  // CPython 3.13 creates dicts untracked: the allocation counts toward
  // generation 0, but the dict joins it only when dictSetItem puts in
  // something that may be tracked (MAINTAIN_TRACKING).
  gcUnlink(op);
  return op;
}

// @ts-ignore: decorator
@inline export function dictOwner(op: usize): usize {
  return load<u32>(op, DICT_OWNER);
}
/** op becomes instance's embedded __dict__ (instance.ts). */
export function dictSetOwner(op: usize, instance: usize, sharedKeys: usize): void {
  store<u32>(op, <u32>instance, DICT_OWNER);
  store<u32>(op, <u32>sharedKeys, DICT_SHARED);
}
/** op is an ordinary dict from now on. */
export function dictDisown(op: usize): void {
  store<u32>(op, 0, DICT_OWNER);
  store<u32>(op, 0, DICT_SHARED);
}

// @ts-ignore: decorator
@inline export function keysGeneral(k: usize): bool {
  return keysHeader(k).general != 0;
}

/** CPython's dict_traverse: every value, and after each its key unless
 *  all keys are str (a str cannot be in a cycle); nothing for an embedded
 *  __dict__, whose values the instance visits (instance.ts). */
function dictGCTraverse(op: usize, visit: Visit, arg: usize): void {
  let k = dictKeys(op);
  if (!k || dictOwner(op)) return;
  let general = keysGeneral(k);
  let n = keysNentries(k);
  for (let i: u32 = 0; i < n; i++) {
    let e = entryAt(k, i);
    let key = <usize>e.key;
    if (!key) continue;
    visit(e.value, arg);
    if (general) visit(key, arg);
  }
}

/** Calls visit(key, arg) (unless valuesOnly) and visit(value, arg) for
 *  every entry, in order: the dict's contents. */
export function dictTraverse(op: usize, visit: Visit, arg: usize, valuesOnly: bool = false): void {
  let k = dictKeys(op);
  if (!k) return;
  let n = keysNentries(k);
  for (let i: u32 = 0; i < n; i++) {
    let e = entryAt(k, i);
    let key = <usize>e.key;
    if (!key) continue;
    if (!valuesOnly) visit(key, arg);
    visit(e.value, arg);
  }
}

// The index slot that holds key's entry (hash given), or -1.
function findSlot(k: usize, key: usize, hash: u32): i32 {
  let mask: u32 = (1 << keysHeader(k).log2size) - 1;
  let entries = keysEntries(k);
  let perturb = hash;
  let i = hash & mask;
  while (true) {
    let ix = load<i32>(k + K_INDICES + (<usize>i << 2));
    if (ix == DKIX_EMPTY) return -1;
    if (ix >= 0) {
      let e = changetype<DictEntry>(entries + <usize>ix * ENTRY);
      let ekey = <usize>e.key;
      if (ekey == key || (e.hash == hash && objectsEqual(ekey, key))) return <i32>i;
    }
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return -1;
}

/** The entry index of key (hash given) or -1. */
export function dictLookup(op: usize, key: usize, hash: u32): i32 {
  let k = dictKeys(op);
  if (!k) return -1;
  let slot = findSlot(k, key, hash);
  return slot < 0 ? -1 : load<i32>(k + K_INDICES + (<usize>slot << 2));
}

// The first empty slot for hash (CPython's find_empty_slot).
function findEmptySlot(k: usize, hash: u32): u32 {
  let mask: u32 = (1 << keysHeader(k).log2size) - 1;
  let perturb = hash;
  let i = hash & mask;
  while (load<i32>(k + K_INDICES + (<usize>i << 2)) >= 0) { // a DUMMY slot is reused
    perturb >>= PERTURB_SHIFT;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

// Slow path: a new keys block for at least `minsize` slots, live entries
// copied over in order. False (dict unchanged) if memory is short.
function dictResize(op: usize, minsize: u32): bool {
  let log2 = LOG2_MINSIZE;
  while ((<u32>1 << log2) < minsize) log2++;
  let fresh = keysNew(log2);
  if (!fresh) return false;
  let old = dictKeys(op);
  if (old) {
    let n = keysNentries(old);
    let j: u32 = 0;
    for (let i: u32 = 0; i < n; i++) {
      let e = entryAt(old, i);
      if (!e.key) continue; // deleted
      memory.copy(changetype<usize>(entryAt(fresh, j)), changetype<usize>(e), ENTRY);
      let slot = findEmptySlot(fresh, e.hash);
      store<i32>(fresh + K_INDICES + (<usize>slot << 2), <i32>j);
      j++;
    }
    if (DEBUG) assert(j == dictUsed(op), "dictResize: live entries differ from len()");
    keysHeader(fresh).nentries = j;
    keysHeader(fresh).general = keysHeader(old).general;
    keysHeader(fresh).usable -= j;
    freeBlock(old);
  }
  if (DEBUG) assert(keysHeader(fresh).usable > 0, "dictResize: no room left after growing");
  store<u32>(op, <u32>fresh, DICT_KEYS);
  return true;
}

/** d[key] = value (hash of key given). False if memory is short (dict
 *  unchanged). */
export function dictSetItem(op: usize, key: usize, hash: u32, value: usize): bool {
  // MAINTAIN_TRACKING: a full collection untracks dicts of atoms.
  if (!gcIsTracked(op) && (mayBeTracked(key) || mayBeTracked(value))) gcRetrack(op);
  let ix = dictLookup(op, key, hash);
  if (ix >= 0) {
    let e = entryAt(dictKeys(op), <u32>ix);
    let old = <usize>e.value;
    incref(value);
    e.value = <u32>value;
    decref(old);
    return true;
  }
  // An embedded __dict__ stays embedded while its str keys fit the
  // class's shared keys (CPython's insert_split_key).
  let shared = <usize>load<u32>(op, DICT_SHARED);
  if (shared && !(typeId(key) == T_STR && sharedKeysInsert(shared, key) >= 0)) dictDisown(op);
  let k = dictKeys(op);
  if (!k || keysHeader(k).usable == 0) {
    let used = dictUsed(op);
    if (!dictResize(op, used ? used * 3 : 1)) return false; // GROWTH_RATE
    k = dictKeys(op);
  }
  if (typeId(key) != T_STR) keysHeader(k).general = 1;
  let slot = findEmptySlot(k, hash);
  let n = keysNentries(k);
  let e = entryAt(k, n);
  incref(key);
  incref(value);
  e.hash = hash;
  e.key = <u32>key;
  e.value = <u32>value;
  store<i32>(k + K_INDICES + (<usize>slot << 2), <i32>n);
  keysHeader(k).nentries = n + 1;
  keysHeader(k).usable--;
  store<u32>(op, dictUsed(op) + 1, DICT_USED);
  return true;
}

/** The value for key (borrowed), or 0. */
export function dictGetItem(op: usize, key: usize, hash: u32): usize {
  let ix = dictLookup(op, key, hash);
  return ix < 0 ? 0 : <usize>entryAt(dictKeys(op), <u32>ix).value;
}

/** del d[key]. False if key is absent. */
export function dictDelItem(op: usize, key: usize, hash: u32): bool {
  let k = dictKeys(op);
  if (!k) return false;
  let slot = findSlot(k, key, hash);
  if (slot < 0) return false;
  let ix = load<i32>(k + K_INDICES + (<usize>slot << 2));
  store<i32>(k + K_INDICES + (<usize>slot << 2), DKIX_DUMMY);
  let e = entryAt(k, <u32>ix);
  let oldKey = <usize>e.key;
  let oldValue = <usize>e.value;
  e.key = 0;
  e.value = 0;
  store<u32>(op, dictUsed(op) - 1, DICT_USED);
  let floor = beginRelease(); // key, then value, as CPython
  decrefLater(oldValue);
  decrefLater(oldKey);
  endRelease(floor);
  return true;
}

/** tp_clear: empties the dict, dropping keys and values in order. */
export function dictClear(op: usize): void {
  let k = dictKeys(op);
  store<u32>(op, 0, DICT_KEYS);
  store<u32>(op, 0, DICT_USED);
  if (!k) return;
  let floor = beginRelease();
  releaseKeys(k);
  endRelease(floor);
}

/** Drops every entry of keys table k (later, without recursion: CPython's
 *  order, 0 .. n-1, key then value) and frees the table. */
function releaseKeys(k: usize): void {
  for (let i = <i32>keysNentries(k) - 1; i >= 0; i--) {
    let e = entryAt(k, <u32>i);
    let key = <usize>e.key;
    if (!key) continue;
    decrefLater(e.value);
    decrefLater(key);
  }
  freeBlock(k);
}

// ------------------------------------------------------------ slots

function dictDealloc(op: usize): void {
  gcUntrack(op);
  let k = dictKeys(op);
  if (k) releaseKeys(k);
  countGone(op, T_DICT);
  if (!dictFreelistPush(op)) freeObjectBlock(op, op - GC_HEAD);
}

// repr(d): CPython's dict_repr, {k: v, ...} in insertion order, {...}
// inside itself.
function dictRepr(op: usize, t: Text): void {
  if (!dictUsed(op)) textAscii(t, "{}");
  else if (reprEnter(t, op, "{", "}")) {
    textAscii(t, "{");
    let k = dictKeys(op);
    let n = keysNentries(k);
    let first = true;
    for (let i: u32 = 0; i < n; i++) {
      let e = entryAt(k, i);
      if (!e.key) continue;
      if (!first) textAscii(t, ", ");
      first = false;
      reprInto(t, e.key);
      textAscii(t, ": ");
      reprInto(t, e.value);
    }
    textAscii(t, "}");
    reprLeave(op);
  }
}

registerName(T_DICT, "dict");
registerRepr(T_DICT, dictRepr);
registerDealloc(T_DICT, dictDealloc);
registerTraverse(T_DICT, dictGCTraverse);
registerClear(T_DICT, dictClear);
registerHash(T_DICT, hashNotImplemented);

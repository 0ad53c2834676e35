// A class's shared attribute names (CPython's ht_cached_keys, a split
// dict's keys): every instance of the class stores its attribute values
// inline, at the index its name has here (instance.ts).
//
//   shared keys block (owned by the class, klass.ts)
//   +0  nentries u32            names added so far (never removed)
//   +4  usable   u32            names that may still be added
//   +8  keys     u32[SHARED_KEYS_MAX]   str refs; index = value slot
//
// Capacity follows CPython 3.11-3.14: usable starts at SHARED_KEYS_MAX and
// each new instance takes one off (while more than one is left), and an
// instance gets room for nentries + usable values. So the first instances
// of a class are roomy, and once a class has many instances each gets
// just the names already seen plus one. nentries + usable never grows, so
// a name added later always has a slot in every instance made earlier.

import { SHARED_KEYS_MAX } from "../config";
import { allocBlock, freeBlock } from "./alloc";
import { incref, decrefLater } from "./refcount";
import { strEquals } from "./str";

const SK_NENTRIES: usize = 0;
const SK_USABLE: usize = 4;
const SK_KEYS: usize = 8;

/** A new, empty shared keys block; 0 if memory is short. */
export function sharedKeysNew(): usize {
  let sk = allocBlock(SK_KEYS + (<usize>SHARED_KEYS_MAX << 2));
  if (!sk) return 0;
  store<u32>(sk, 0, SK_NENTRIES);
  store<u32>(sk, SHARED_KEYS_MAX, SK_USABLE);
  return sk;
}

/** How many values a new instance gets room for (and takes one off). */
export function sharedKeysCapacityForNew(sk: usize): u32 {
  let usable = load<u32>(sk, SK_USABLE);
  if (usable > 1) store<u32>(sk, --usable, SK_USABLE);
  return load<u32>(sk, SK_NENTRIES) + usable;
}

// @ts-ignore: decorator
@inline export function sharedKey(sk: usize, ix: u32): usize {
  return load<u32>(sk + SK_KEYS + (<usize>ix << 2));
}

/** The index of str name, or -1. Names are usually interned, so the
 *  pointer comparison finds them; an equal str that is not the same
 *  object is found by the second pass. */
export function sharedKeysFind(sk: usize, name: usize): i32 {
  let n = load<u32>(sk, SK_NENTRIES);
  let keys = sk + SK_KEYS;
  for (let i: u32 = 0; i < n; i++) {
    if (<usize>load<u32>(keys + (<usize>i << 2)) == name) return <i32>i;
  }
  for (let i: u32 = 0; i < n; i++) {
    if (strEquals(load<u32>(keys + (<usize>i << 2)), name)) return <i32>i;
  }
  return -1;
}

/** The index of str name, added if it is new and there is room; -1 if it
 *  is new and the table is full (CPython's insert_split_key). */
export function sharedKeysInsert(sk: usize, name: usize): i32 {
  let ix = sharedKeysFind(sk, name);
  if (ix >= 0) return ix;
  let usable = load<u32>(sk, SK_USABLE);
  if (!usable) return -1;
  let n = load<u32>(sk, SK_NENTRIES);
  incref(name);
  store<u32>(sk + SK_KEYS + (<usize>n << 2), <u32>name);
  store<u32>(sk, n + 1, SK_NENTRIES);
  store<u32>(sk, usable - 1, SK_USABLE);
  return <i32>n;
}

/** The class is being torn down: drop the names (later, without
 *  recursion) and free the block. */
export function sharedKeysRelease(sk: usize): void {
  for (let i = <i32>load<u32>(sk, SK_NENTRIES) - 1; i >= 0; i--) decrefLater(sharedKey(sk, <u32>i));
  freeBlock(sk);
}

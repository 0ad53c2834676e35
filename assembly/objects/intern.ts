// The interned-strings table (CPython's interned dict): one canonical str
// per text. Interning is mortal, as in CPython 3.12+: the table holds
// borrowed references, and a str leaving the heap (refcount zero) takes
// itself out of the table (str.ts's dealloc -> internRemove).
//
// Open addressing with linear probing over a power-of-two array of str
// Refs (0 empty, 1 deleted), at most 2/3 full.
//
//   table -> [ ref | ref | 0 | 1 | ref | ... ]   capacity = mask + 1

import { STATE_INTERNED, STATE_INTERN_MASK, STR_DATA, STR_STATE, strHash, strNbytes, strEqualsBytes } from "./str";
import { allocBlock, freeBlock } from "./alloc";
import { INTERN_MIN_CAPACITY } from "../config";
import { incref } from "./refcount";

const EMPTY: u32 = 0;
const DELETED: u32 = 1;
const MIN_CAPACITY: u32 = INTERN_MIN_CAPACITY;

let table: usize = 0;
let mask: u32 = 0;
/** Live entries. */
let used: u32 = 0;
/** Live plus deleted slots (what probing has to step over). */
let filled: u32 = 0;

export function internedCount(): u32 {
  return used;
}

// @ts-ignore: decorator
@inline function slot(i: u32): usize {
  return table + (<usize>i << 2);
}

/** The interned str with these UTF-8 bytes, or 0. */
export function internLookup(p: usize, nbytes: usize, hash: u32): usize {
  if (!table) return 0;
  let i = hash & mask;
  while (true) {
    let e = load<u32>(slot(i));
    if (e == EMPTY) return 0;
    if (e != DELETED && strHash(e) == hash && strEqualsBytes(e, p, nbytes)) return e;
    i = (i + 1) & mask;
  }
  return 0;
}

// Slow path: a bigger (or cleaned) table; false if memory is short.
function resize(capacity: u32): bool {
  let fresh = allocBlock(<usize>capacity << 2);
  if (!fresh) return false;
  memory.fill(fresh, 0, <usize>capacity << 2);
  let old = table;
  let oldCapacity = table ? mask + 1 : 0;
  table = fresh;
  mask = capacity - 1;
  filled = used;
  for (let j: u32 = 0; j < oldCapacity; j++) {
    let e = load<u32>(old + (<usize>j << 2));
    if (e > DELETED) {
      let i = strHash(e) & mask;
      while (load<u32>(slot(i)) != EMPTY) i = (i + 1) & mask;
      store<u32>(slot(i), e);
    }
  }
  if (old) freeBlock(old);
  return true;
}

/** Adds str op (not yet interned, its text not in the table). */
export function internInsert(op: usize): bool {
  let capacity = table ? mask + 1 : 0;
  if ((filled + 1) * 3 >= capacity * 2) {
    let want = capacity ? capacity : MIN_CAPACITY;
    while ((used + 1) * 3 >= want) want <<= 1; // at most 1/3 full after
    if (!resize(want)) return false;
  }
  let i = strHash(op) & mask;
  while (true) {
    let e = load<u32>(slot(i));
    if (e == EMPTY || e == DELETED) {
      if (e == EMPTY) filled++;
      store<u32>(slot(i), <u32>op);
      break;
    }
    i = (i + 1) & mask;
  }
  used++;
  store<u32>(op, (load<u32>(op, STR_STATE) & ~STATE_INTERN_MASK) | STATE_INTERNED, STR_STATE);
  return true;
}

/** Takes a dying interned str out of the table. */
export function internRemove(op: usize): void {
  let i = strHash(op) & mask;
  while (true) {
    let e = load<u32>(slot(i));
    if (e == EMPTY) return;
    if (e == <u32>op) {
      store<u32>(slot(i), DELETED);
      used--;
      return;
    }
    i = (i + 1) & mask;
  }
}

/** sys.intern(s): the canonical str with s's text, a new reference. If
 *  none exists yet, s becomes it. 0 if the table cannot grow. */
export function internStr(op: usize): usize {
  if ((load<u32>(op, STR_STATE) & STATE_INTERN_MASK) != 0) {
    incref(op);
    return op;
  }
  let found = internLookup(op + STR_DATA, strNbytes(op), strHash(op));
  if (found) {
    incref(found);
    return found;
  }
  if (!internInsert(op)) return 0;
  incref(op);
  return op;
}

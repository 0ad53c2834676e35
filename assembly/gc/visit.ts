// The visitors every collection runs once per reference, written out for
// lists, tuples and dicts (the containers that hold most references) so
// the hot loops make no indirect call per child; other types go through
// the type table's traverse slot (objects/slots.ts).
//
//   update_refs +     first sight of an object of the collected
//   subtract_refs     generations sets its gc_refs to its refcount; each
//                     reference from inside the set then takes one off
//   subtract_refs     the same, in a set whose gc_refs are already set
//                     (handle_resurrected_objects: no GEN tells that set)
//   move_unreachable  visit_reachable: a child of a reachable object is
//                     reachable

import {
  T_LIST, T_TUPLE, T_DICT, GC_HEAD, GC_GEN_MASK, YOUNG_CHILD, typeIdOf, HOLDS_CONTAINERS, typeId, isGCType, gcHead, typeWord, setTypeWord,
} from "../objects/layout";
import { traverse } from "../objects/slots";
import { LIST_SIZE, LIST_ITEMS } from "../objects/list";
import { TUPLE_SIZE, TUPLE_ITEMS } from "../objects/tuple";
import { dictKeys, keysNentries, keysGeneral, entryAt, dictOwner } from "../objects/dict";
import {
  COLLECTING, NEXT_UNREACHABLE, gcPrev, setPrev, getRefs, setRefs, isCollecting, listAppend, firstRefs,
} from "./lists";

// genBits: the GEN bits (layout.ts) of the oldest generation collected;
// a child is in the set if its GEN is not above them and it is tracked.
// Its gc_refs are set the first time it is seen, as a child or by the
// walk, whichever comes first (COLLECTING says which objects were seen).
// Returns whether the child is in the set.
// @ts-ignore: decorator
@inline function countChild(child: usize, genBits: usize): bool {
  let w = typeWord(child);
  if (!isGCType(typeIdOf(w)) || (w & GC_GEN_MASK) > <u32>genBits) return false;
  let g = child - GC_HEAD;
  let p = gcHead(g).prev;
  if (!(p & COLLECTING)) {
    if (!gcHead(g).next) return false; // untracked
    p = firstRefs(g, w, p);
  }
  gcHead(g).prev = p - 4; // gc_refs sits above the 2 flag bits
  return true;
}

// @ts-ignore: decorator
@inline function decrefChild(child: usize): void {
  if (!isGCType(typeId(child))) return;
  let g = child - GC_HEAD;
  let p = gcHead(g).prev;
  if (p & COLLECTING) gcHead(g).prev = p - 4;
}

// @ts-ignore: decorator
@inline function reachChild(child: usize, young: usize): void {
  if (!isGCType(typeId(child))) return;
  let g = child - GC_HEAD;
  if (!isCollecting(g)) return; // other generation, or already scanned
  let next = gcHead(g).next;
  if (next & NEXT_UNREACHABLE) {
    // Tentatively unreachable after all: back to young's end, where the
    // scan will reach it again. The unreachable list's next links carry
    // the mask, so unlink by hand.
    let prev = gcPrev(g);
    let nextG = <usize>(next & ~NEXT_UNREACHABLE);
    gcHead(prev).next = next; // keeps the mask
    setPrev(nextG, prev);
    listAppend(g, young);
    setRefs(g, 1);
  } else if (getRefs(g) == 0) {
    setRefs(g, 1); // ahead in young: tell the scan it is reachable
  }
}

function visitCount(child: usize, genBits: usize): void {
  countChild(child, genBits);
}
function visitDecref(child: usize, arg: usize): void {
  decrefChild(child);
}
function visitReachable(child: usize, young: usize): void {
  reachChild(child, young);
}

// The passes differ only in what they do to each child. COUNT also
// tells whether any child was in the set.
const COUNT: i32 = 0;
const SUBTRACT: i32 = 1;
const REACH: i32 = 2;

// @ts-ignore: decorator
@inline function visitChild(pass: i32, child: usize, arg: usize): bool {
  if (pass == COUNT) return countChild(child, arg);
  if (pass == SUBTRACT) decrefChild(child);
  else reachChild(child, arg);
  return false;
}

// One walk over op's children for any pass. Inlined with a constant
// `pass`, so each pass gets its own loops with direct calls.
// @ts-ignore: decorator
@inline function visitChildren(pass: i32, op: usize, arg: usize): bool {
  let w = typeWord(op);
  let t = typeIdOf(w);
  let found = false;
  if (t == T_LIST) {
    if (!(w & HOLDS_CONTAINERS)) return false; // only atoms: nothing to visit
    // From the last item, as CPython's list_traverse and tupletraverse.
    let items = <usize>load<u32>(op, LIST_ITEMS);
    for (let p = items + (<usize>load<u32>(op, LIST_SIZE) << 2); p > items; ) {
      p -= 4;
      found |= visitChild(pass, load<u32>(p), arg);
    }
  } else if (t == T_TUPLE) {
    let items = op + TUPLE_ITEMS;
    for (let p = items + (<usize>load<u32>(op, TUPLE_SIZE) << 2); p > items; ) {
      p -= 4;
      found |= visitChild(pass, load<u32>(p), arg);
    }
  } else if (t == T_DICT) {
    // dict.ts's dictGCTraverse, written out.
    let k = dictKeys(op);
    if (!k || dictOwner(op)) return false; // an embedded __dict__: see instance.ts
    let general = keysGeneral(k);
    let n = keysNentries(k);
    for (let i: u32 = 0; i < n; i++) {
      let e = entryAt(k, i);
      let key = <usize>e.key;
      if (!key) continue;
      found |= visitChild(pass, e.value, arg);
      if (general) found |= visitChild(pass, key, arg);
    }
  } else if (pass == COUNT) {
    traverse(op, visitCount, arg);
    found = true; // not worth tracking: their move_unreachable visit stays
  } else if (pass == SUBTRACT) {
    traverse(op, visitDecref, 0);
  } else {
    traverse(op, visitReachable, arg);
  }
  return found;
}

/** update_refs and subtract_refs for the object at g, of the collected
 *  generations (genBits: see countChild); marks it YOUNG_CHILD if a child
 *  is in the set. */
// @ts-ignore: decorator
@inline export function countRefsOf(g: usize, genBits: usize): void {
  let op = g + GC_HEAD;
  let p = gcHead(g).prev;
  if (!(p & COLLECTING)) gcHead(g).prev = firstRefs(g, typeWord(op), p);
  if (visitChildren(COUNT, op, genBits)) setTypeWord(op, typeWord(op) | YOUNG_CHILD);
}

/** subtract_refs for one container. */
export function subtractRefsOf(op: usize): void {
  visitChildren(SUBTRACT, op, 0);
}

/** move_unreachable's traversal of one reachable container. */
export function markReachableFrom(op: usize, young: usize): void {
  visitChildren(REACH, op, young);
}

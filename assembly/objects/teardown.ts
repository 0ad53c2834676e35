// Per-type deallocation (tp_dealloc), child iteration (tp_traverse) and
// reference dropping (tp_clear). destroy() is only ever called by the
// deallocation loop in refcount.ts, with a popped object whose count is
// zero; it releases the children with decrefLater(), which pushes the ones
// that die on that loop's stack instead of recursing.
//
// traverse() and clear() are what the cycle collector (its own issue)
// needs from every container type: traverse visits each child reference
// (no recursion into the children), clear drops them.

import {
  T_INT, T_UINT, T_FLOAT, T_STR, T_BYTES, T_TUPLE, T_LIST, T_DICT, T_SET, T_TYPE, T_INSTANCE,
  T_CELL, T_FUNCTION, T_WEAKREF, T_PROXY, GC_HEAD, typeId,
} from "./layout";
import { clearWeakrefs, weakrefGone, weakrefClear } from "./weakref";
import { CLASS_WEAKLIST, CLASS_NAME, CLASS_KEYS } from "./klass";
import { INSTANCE_WEAKLIST, instanceTraverse, instanceClear, instanceRelease } from "./instance";
import { sharedKeysRelease } from "./sharedkeys";
import { FUNC_WEAKLIST } from "./func";
import { freeBlock, countGone } from "./alloc";
import { gcUntrack } from "./gclist";
import { decrefLater, decref, beginRelease, endRelease } from "./refcount";
import { floatFreelistPush, tupleFreelistPush, listFreelistPush, dictFreelistPush } from "./freelists";
import { STR_STATE, STATE_INTERN_MASK, STATE_INTERNED } from "./str";
import { internRemove } from "./intern";
import { tupleSize, tupleItem } from "./tuple";
import { listSize, listItems, listClear } from "./list";
import { dictKeys, dictClear, releaseKeys, dictGCTraverse } from "./dict";
import { setTable, setMask, setClear, DUMMY, SET_WEAKLIST } from "./set";
import { CELL_CONTENTS, FUNC_NAME, FUNC_CLOSURE, cellSet } from "./func";

// ------------------------------------------------------------ dealloc

/** tp_dealloc of op (count zero, popped from the pending stack). */
export function destroy(op: usize): void {
  let t = typeId(op);
  switch (t) {
    case T_INT:
    case T_UINT:
    case T_BYTES: {
      countGone(t);
      freeBlock(op);
      break;
    }
    case T_FLOAT: {
      countGone(t);
      if (!floatFreelistPush(op)) freeBlock(op);
      break;
    }
    case T_STR: {
      if ((load<u32>(op, STR_STATE) & STATE_INTERN_MASK) == STATE_INTERNED) internRemove(op);
      countGone(t);
      freeBlock(op);
      break;
    }
    case T_TUPLE: tupleDealloc(op); break;
    case T_LIST: listDealloc(op); break;
    case T_DICT: dictDealloc(op); break;
    case T_SET: setDealloc(op); break;
    case T_INSTANCE: instanceDealloc(op); break;
    case T_TYPE: {
      if (load<u32>(op, CLASS_WEAKLIST)) clearWeakrefs(op, CLASS_WEAKLIST);
      gcUntrack(op);
      decrefLater(load<u32>(op, CLASS_NAME));
      let keys = <usize>load<u32>(op, CLASS_KEYS);
      if (keys) sharedKeysRelease(keys);
      containerGone(op, t);
      break;
    }
    case T_CELL: {
      gcUntrack(op);
      let v = <usize>load<u32>(op, CELL_CONTENTS);
      if (v) decrefLater(v);
      containerGone(op, t);
      break;
    }
    case T_FUNCTION: {
      if (load<u32>(op, FUNC_WEAKLIST)) clearWeakrefs(op, FUNC_WEAKLIST);
      gcUntrack(op);
      let closure = <usize>load<u32>(op, FUNC_CLOSURE);
      if (closure) decrefLater(closure);
      decrefLater(load<u32>(op, FUNC_NAME));
      containerGone(op, t);
      break;
    }
    case T_WEAKREF:
    case T_PROXY: {
      gcUntrack(op);
      weakrefGone(op);
      containerGone(op, t);
      break;
    }
    default: unreachable(); // None, bool and the statics are immortal
  }
}

// @ts-ignore: decorator
@inline function containerGone(op: usize, t: u32): void {
  countGone(t);
  freeBlock(op - GC_HEAD);
}

// Children are pushed in the reverse of CPython's release order, so the
// pending stack pops them in that order (see refcount.ts).

function tupleDealloc(op: usize): void {
  gcUntrack(op);
  let n = tupleSize(op);
  for (let i: u32 = 0; i < n; i++) decrefLater(tupleItem(op, i)); // CPython: n-1 .. 0
  countGone(T_TUPLE);
  if (!tupleFreelistPush(op, n)) freeBlock(op - GC_HEAD);
}

function listDealloc(op: usize): void {
  gcUntrack(op);
  let items = listItems(op);
  let n = listSize(op);
  for (let i: u32 = 0; i < n; i++) decrefLater(load<u32>(items + (<usize>i << 2))); // CPython: n-1 .. 0
  if (items) freeBlock(items);
  countGone(T_LIST);
  if (!listFreelistPush(op)) freeBlock(op - GC_HEAD);
}

function dictDealloc(op: usize): void {
  gcUntrack(op);
  let k = dictKeys(op);
  if (k) releaseKeys(k);
  countGone(T_DICT);
  if (!dictFreelistPush(op)) freeBlock(op - GC_HEAD);
}

function setDealloc(op: usize): void {
  // CPython's set_dealloc clears the weakrefs before dropping the keys.
  if (load<u32>(op, SET_WEAKLIST)) clearWeakrefs(op, SET_WEAKLIST);
  gcUntrack(op);
  let table = setTable(op);
  if (table) {
    for (let i = <i32>setMask(op); i >= 0; i--) { // CPython: table order
      let key = load<u32>(table + (<usize>i << 3), 4);
      if (key > DUMMY) decrefLater(key);
    }
    freeBlock(table);
  }
  containerGone(op, T_SET);
}

function instanceDealloc(op: usize): void {
  // Its finalizer, if any, already ran (refcount.ts pauses for it); its
  // weakrefs are cleared and their callbacks queued before its children go.
  if (load<u32>(op, INSTANCE_WEAKLIST)) clearWeakrefs(op, INSTANCE_WEAKLIST);
  gcUntrack(op);
  instanceRelease(op); // CPython: the attributes first, then the type
  containerGone(op, T_INSTANCE);
}

// ------------------------------------------------------------ traverse

/** tp_traverse: calls visit(child, arg) for every reference op holds.
 *  visit must not change op. */
export function traverse(op: usize, visit: (child: usize, arg: usize) => void, arg: usize): void {
  switch (typeId(op)) {
    // Tuples and lists from the last item, as CPython's tupletraverse and
    // list_traverse (gc.get_referents shows the order).
    case T_TUPLE: {
      for (let i = <i32>tupleSize(op) - 1; i >= 0; i--) visit(tupleItem(op, <u32>i), arg);
      break;
    }
    case T_LIST: {
      let items = listItems(op);
      for (let i = <i32>listSize(op) - 1; i >= 0; i--) visit(load<u32>(items + (<usize>i << 2)), arg);
      break;
    }
    case T_DICT: dictGCTraverse(op, visit, arg); break;
    case T_SET: {
      let table = setTable(op);
      if (!table) break;
      let mask = setMask(op);
      for (let i: u32 = 0; i <= mask; i++) {
        let key = load<u32>(table + (<usize>i << 3), 4);
        if (key > DUMMY) visit(key, arg);
      }
      break;
    }
    case T_TYPE: visit(load<u32>(op, CLASS_NAME), arg); break;
    case T_INSTANCE: instanceTraverse(op, visit, arg); break;
    case T_CELL: {
      let v = <usize>load<u32>(op, CELL_CONTENTS);
      if (v) visit(v, arg);
      break;
    }
    case T_FUNCTION: {
      let c = <usize>load<u32>(op, FUNC_CLOSURE);
      if (c) visit(c, arg);
      visit(load<u32>(op, FUNC_NAME), arg);
      break;
    }
  }
}

// -------------------------------------------------------------- clear

/** tp_clear: drops the references that can form cycles. Tuples have none
 *  to drop (immutable, as in CPython: a cycle through a tuple always
 *  passes through a mutable container too); a class keeps its name. */
export function clear(op: usize): void {
  switch (typeId(op)) {
    case T_LIST: listClear(op); break;
    case T_DICT: dictClear(op); break;
    case T_SET: setClear(op); break;
    case T_INSTANCE: instanceClear(op); break;
    case T_CELL: cellSet(op, 0); break;
    case T_WEAKREF:
    case T_PROXY: weakrefClear(op); break;
    case T_FUNCTION: {
      let c = <usize>load<u32>(op, FUNC_CLOSURE);
      if (c) {
        store<u32>(op, 0, FUNC_CLOSURE);
        decref(c);
      }
      break;
    }
  }
}


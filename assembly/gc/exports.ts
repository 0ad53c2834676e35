// The cycle collector's Wasm exports (assembly/index.ts re-exports them).
//
//   pyobj_gc_collect(gen)   starts a collection: 0 done, E_FINALIZE paused
//                           for a finalizer (the host runs the finalizer
//                           levels as usual, then calls pyobj_gc_step()),
//                           a report code (E_REPORT_*: the host prints
//                           the objects pyobj_gc_report_next() walks, then
//                           steps), -1 if a collection is already running
//   pyobj_gc_result()       n + m of the last finished collection
//   pyobj_gc_auto()         the generation an automatic collection should
//                           collect now, or -1 (disabled, running, or no
//                           threshold crossed)
//   pyobj_gc_count0_word(), pyobj_gc_auto_limit_word()
//                           the addresses of generation 0's count and of the
//                           limit above which pyobj_gc_auto() is worth a
//                           call: the facade compares them after each new
//                           container instead of calling
//   the rest                the gc module's getters and setters

import { GC_FINALIZED, GEN_FROZEN, T_WEAKREF, T_PROXY, typeId, isGCType } from "../objects/layout";
import { objFail, E_RANGE, E_WRONG_TYPE } from "../objects/errors";
import { NONE } from "../objects/statics";
import {
  weakrefNew, weaklistOffset, weaklistHead, weakrefCount, isWeakref, WR_OBJECT, WR_FLAGS, WR_NEXT, HAS_CALLBACK,
} from "../objects/weakref";
import { checkObject } from "../objects/validate";
import { gcIsTracked, gcFlags, setGeneration0Count, gen0CountWord, autoLimitWord } from "../objects/gclist";
import { traverse } from "../objects/slots";
import { listNew, listAppend } from "../objects/list";
import { pyobj_scratch } from "../objects/api/scratch";
import { incref, decref } from "../objects/refcount";
import {
  collectStart, collectStep, reportNext, collectionRunning, generationToCollect, lastCollected, lastUncollectable,
} from "./collect";
import { genHead, permGen, gcNext, fromGC, listMerge, listSize, listSetGen } from "./lists";
import {
  enabled, setEnabled, threshold, setThreshold, genCount, stat, debugFlags, setDebugFlags,
} from "./state";
import { garbageList } from "./garbage";

// ------------------------------------------------------------ collect

export function pyobj_gc_collect(gen: i32): i32 {
  if (gen < 0 || gen > 2) {
    objFail(E_RANGE, 0, <u32>gen);
    return E_RANGE;
  }
  return collectStart(gen);
}
export function pyobj_gc_step(): i32 {
  return collectStep();
}
/** While pyobj_gc_collect() or pyobj_gc_step() has returned a
 *  DEBUG_(UN)COLLECTABLE report code: the object after op (op 0: the first)
 *  among those the report is about, or 0 after the last. Borrowed. */
export function pyobj_gc_report_next(op: usize): usize {
  return reportNext(op);
}
export function pyobj_gc_running(): i32 {
  return collectionRunning() ? 1 : 0;
}
export function pyobj_gc_result(): u32 {
  return lastCollected + lastUncollectable;
}
export function pyobj_gc_result_collected(): u32 {
  return lastCollected;
}
export function pyobj_gc_result_uncollectable(): u32 {
  return lastUncollectable;
}
export function pyobj_gc_count0_word(): usize {
  return gen0CountWord;
}
export function pyobj_gc_auto_limit_word(): usize {
  return autoLimitWord;
}
export function pyobj_gc_auto(): i32 {
  if (!enabled || !threshold(0) || collectionRunning()) return -1;
  return generationToCollect();
}

// ------------------------------------------------------- settings

export function pyobj_gc_enable(on: i32): void {
  setEnabled(on != 0);
}
export function pyobj_gc_is_enabled(): i32 {
  return enabled ? 1 : 0;
}
export function pyobj_gc_count(gen: i32): u32 {
  return genCount(gen);
}
export function pyobj_gc_threshold(gen: i32): u32 {
  return threshold(gen);
}
export function pyobj_gc_set_threshold(gen: i32, v: u32): void {
  setThreshold(gen, v);
}
export function pyobj_gc_set_debug(flags: u32): void {
  setDebugFlags(flags);
}
export function pyobj_gc_debug(): u32 {
  return debugFlags;
}
/** stats[gen]: field 0 collections, 1 collected, 2 uncollectable. */
export function pyobj_gc_stat(gen: i32, field: i32): u32 {
  return stat(gen, field);
}
/** gc.garbage (borrowed: the collector owns it). */
export function pyobj_gc_garbage(): usize {
  return garbageList();
}

// ------------------------------------------------------ per object

/** gc.is_tracked: 1, 0, or -1 if op is not an object. */
export function pyobj_gc_is_tracked(op: usize): i32 {
  if (!checkObject(op)) return -1;
  return isGCType(typeId(op)) && gcIsTracked(op) ? 1 : 0;
}
/** gc.is_finalized: 1, 0, or -1 if op is not an object. */
export function pyobj_gc_is_finalized(op: usize): i32 {
  if (!checkObject(op)) return -1;
  return isGCType(typeId(op)) && (gcFlags(op) & GC_FINALIZED) != 0 ? 1 : 0;
}

// ---------------------------------------------------------- freeze

// Unlike CPython's, these are O(n): each object's GEN changes.
export function pyobj_gc_freeze(): void {
  for (let i = 0; i < 3; i++) {
    listSetGen(genHead(i), GEN_FROZEN);
    listMerge(genHead(i), permGen);
  }
  setGeneration0Count(0); // as gc_freeze_impl
}
export function pyobj_gc_unfreeze(): void {
  listSetGen(permGen, 2);
  listMerge(permGen, genHead(2));
}
export function pyobj_gc_generation_size(gen: i32): u32 {
  return listSize(genHead(gen));
}
/** Every tracked container: the three generations and the frozen. */
export function pyobj_gc_tracked(): u32 {
  return listSize(genHead(0)) + listSize(genHead(1)) + listSize(genHead(2)) + listSize(permGen);
}
export function pyobj_gc_freeze_count(): u32 {
  return listSize(permGen);
}

// --------------------------------------------------------- queries

function appendList(list: usize, head: usize): bool {
  for (let g = gcNext(head); g != head; g = gcNext(g)) {
    let op = fromGC(g);
    if (op != list && !listAppend(list, op)) return false;
  }
  return true;
}

/** gc.get_objects(generation): a new list; gen -1 means all three. */
export function pyobj_gc_get_objects(gen: i32): usize {
  if (gen < -1 || gen > 2) return objFail(E_RANGE, 0, <u32>gen);
  let list = listNew(0);
  if (!list) return 0;
  for (let i = 0; i < 3; i++) {
    if (gen >= 0 && i != gen) continue;
    if (!appendList(list, genHead(i))) {
      decref(list);
      return 0;
    }
  }
  return list;
}

// The visitors' contexts, passed as their arg as CPython passes the objects
// to look for (referrersvisit) or the list to fill (referentsvisit).
// @ts-ignore: decorator
@unmanaged class Query {
  base: usize; // n object addresses, in scratch
  n: u32;
  found: bool; // one of them was visited
}
// @ts-ignore: decorator
@unmanaged class Referents {
  list: usize;
  ok: bool; // every append succeeded
}
const query = changetype<Query>(memory.data(<i32>offsetof<Query>(), 4));
const referents = changetype<Referents>(memory.data(<i32>offsetof<Referents>(), 4));

function visitFind(child: usize, arg: usize): void {
  let q = changetype<Query>(arg);
  if (q.found) return;
  for (let i: u32 = 0; i < q.n; i++) {
    if (load<u32>(q.base + (<usize>i << 2)) == <u32>child) {
      q.found = true;
      return;
    }
  }
}

/** gc.get_referrers over the n Refs in scratch: a new list of every
 *  tracked object (all generations) that refers to one of them. */
export function pyobj_gc_get_referrers(n: u32): usize {
  let base = pyobj_scratch(<usize>n << 2 | 4);
  for (let i: u32 = 0; i < n; i++) if (!checkObject(load<u32>(base + (<usize>i << 2)))) return 0;
  // The query stays in scratch: only pyobj_scratch() moves it.
  query.base = base;
  query.n = n;
  let list = listNew(0);
  if (!list) return 0;
  for (let i = 0; i < 3; i++) {
    let head = genHead(i);
    for (let g = gcNext(head); g != head; g = gcNext(g)) {
      let op = fromGC(g);
      if (op == list) continue;
      query.found = false;
      traverse(op, visitFind, changetype<usize>(query));
      if (query.found && !listAppend(list, op)) {
        decref(list);
        return 0;
      }
    }
  }
  return list;
}

function visitAppend(child: usize, arg: usize): void {
  let r = changetype<Referents>(arg);
  if (r.ok && !listAppend(r.list, child)) r.ok = false;
}

/** gc.get_referents over the n Refs in scratch: a new list of what they
 *  refer to directly (containers only are traversed). */
export function pyobj_gc_get_referents(n: u32): usize {
  let base = pyobj_scratch(<usize>n << 2 | 4);
  for (let i: u32 = 0; i < n; i++) if (!checkObject(load<u32>(base + (<usize>i << 2)))) return 0;
  let list = listNew(0);
  if (!list) return 0;
  referents.list = list;
  referents.ok = true;
  for (let i: u32 = 0; i < n && referents.ok; i++) {
    let op = <usize>load<u32>(base + (<usize>i << 2));
    if (isGCType(typeId(op))) traverse(op, visitAppend, changetype<usize>(referents));
  }
  if (!referents.ok) {
    decref(list);
    return 0;
  }
  return list;
}


// ------------------------------------------------- weak references

/** weakref.ref / weakref.proxy (proxy != 0) of ob: a new reference; 0 with
 *  E_WRONG_TYPE if ob's type cannot be weakly referenced. */
export function pyobj_weakref_new(ob: usize, proxy: i32, withCallback: i32): usize {
  if (!checkObject(ob)) return 0;
  if (!weaklistOffset(ob)) return objFail(E_WRONG_TYPE, ob);
  return weakrefNew(ob, proxy ? T_PROXY : T_WEAKREF, withCallback != 0);
}
/** The referent (a new reference), or None once it died. */
export function pyobj_weakref_deref(wr: usize): usize {
  if (!checkObject(wr)) return 0;
  if (!isWeakref(wr)) return objFail(E_WRONG_TYPE, wr, T_WEAKREF);
  let ob = <usize>load<u32>(wr, WR_OBJECT);
  if (!ob) ob = NONE;
  incref(ob);
  return ob;
}
/** 1 if wr is a live weakref whose callback has not run, 0 if not, -1 if
 *  wr is not an object (the facade forgets callbacks that cannot run). */
export function pyobj_weakref_has_callback(wr: usize): i32 {
  if (!checkObject(wr)) return -1;
  return isWeakref(wr) && (load<u32>(wr, WR_FLAGS) & HAS_CALLBACK) != 0 ? 1 : 0;
}
/** weakref.getweakrefcount(ob): 0 for types without weakrefs. */
export function pyobj_weakref_count(ob: usize): i32 {
  if (!checkObject(ob)) return -1;
  return <i32>weakrefCount(ob);
}
/** weakref.getweakrefs(ob): a new list, in the referent's list order. */
export function pyobj_weakref_list(ob: usize): usize {
  if (!checkObject(ob)) return 0;
  let list = listNew(0);
  if (!list) return 0;
  for (let wr = weaklistHead(ob); wr; wr = <usize>load<u32>(wr, WR_NEXT)) {
    if (!listAppend(list, wr)) {
      decref(list);
      return 0;
    }
  }
  return list;
}

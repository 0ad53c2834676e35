// gc_collect_main: CPython 3.12's collection algorithm (Modules/gcmodule.c),
// iterative throughout: every phase walks a list, and tp_traverse visits
// children without descending into them, so a ring or chain of any length
// costs no stack.
//
//   1 merge the younger generations into `young` (the one collected)
//   2 update_refs      gc_refs = ob_refcnt for everything in young
//   3 subtract_refs    minus one per reference from inside young (fused
//                      with 2: an object's gc_refs is set when it is
//                      first seen, as a child or by the walk; its GEN
//                      says whether it is in young)
//   4 move_unreachable gc_refs > 0 is reachable from outside; everything
//                      such objects reach is reachable; the rest moves to
//                      `unreachable`
//   5 untrack_tuples (and, in a full collection, untrack_dicts): containers
//                      of atoms cannot be in a cycle (done by step 4 as it
//                      finds each survivor)
//   6 young (the survivors) joins the next generation
//   7 move_legacy_finalizers: unreachable objects with a legacy __del__,
//                      and all they reach, go to `finalizers` (uncollectable)
//   8 handle_weakrefs  clear every weakref to the garbage, then call the
//                      callbacks of the weakrefs that are not garbage [pauses]
//   8b finalize_garbage: PEP 442 __del__ once per object        [pauses]
//   9 handle_resurrected_objects: steps 2-4 again inside the unreachable
//                      set; what a finalizer made reachable survives
//  10 delete_garbage   tp_clear each object still unreachable     [pauses]
//  11 handle_legacy_finalizers: `finalizers` -> gc.garbage
//
// Pauses. Finalizers are JavaScript; the module calls nothing out. Step 8
// lends the object a reference and opens a finalizer level (dealloc.ts),
// step 10 may drop the last reference to an object outside the set whose
// class has a finalizer. Either way collectStep() returns E_FINALIZE, the
// host runs the finalizers (pyobj_finalizee / pyobj_finalize_done) and
// calls collectStep() again, which resumes where it stopped. The lists
// are doubly linked at every pause, so a finalizer may allocate, free or
// relink anything.

import {
  T_TUPLE, T_DICT, T_INSTANCE, T_TYPE, GC_FINALIZED, GC_HEAD, GC_GEN_MASK, GC_GEN_SHIFT, YOUNG_CHILD, typeIdOf, typeId,
  isGCType, gcHead, typeWord, setTypeWord,
} from "../objects/layout";
import { E_OK, E_FINALIZE } from "../objects/errors";
import { gcFlags, gcSetFlag, gcUnlink, mayBeTracked, setGeneration0Count, setGen } from "../objects/gclist";
import { traverse, clear } from "../objects/slots";
import { incref, decref } from "../objects/refcount";
import { pauseForFinalizer, pauseForCallback, tookPause } from "../objects/dealloc";
import { isWeakref, clearRef, weaklistOffset, weaklistHead, WR_FLAGS, HAS_CALLBACK } from "../objects/weakref";
import { CLASS_FLAGS, CLASS_HAS_FINALIZER, CLASS_HAS_LEGACY_DEL } from "../objects/klass";
import { INSTANCE_CLASS } from "../objects/instance";
import { tupleSize, tupleItem } from "../objects/tuple";
import { dictKeys, keysNentries, entryAt } from "../objects/dict";
import { listAppend as pyListAppend } from "../objects/list";
import { clearFreelists } from "../objects/freelists";
import {
  NEXT_UNREACHABLE, genHead, gcNext, gcPrev, setPrev, fromGC, firstRefs, getRefs,
  isCollecting, clearCollecting, listInit, listIsEmpty, listMove, listMerge, listSize,
} from "./lists";
import {
  NUM_GENERATIONS, DEBUG_SAVEALL, DEBUG_COLLECTABLE, DEBUG_UNCOLLECTABLE, debugFlags, setCollecting, setGenCount, genCount, addStat, setLongLived,
  longLivedPending, longLivedTotal, threshold as thresholdOf,
} from "./state";
import { garbageList } from "./garbage";
import { countRefsOf, subtractRefsOf, markReachableFrom } from "./visit";

// The working lists of one collection.
const unreachable: usize = memory.data(8, 8);
const finalizers: usize = memory.data(8, 8); // legacy __del__ and what they reach
const seen: usize = memory.data(8, 8); // finalize_garbage's done part
const wrcbToCall: usize = memory.data(8, 8); // weakrefs whose callback runs

const PHASE_IDLE: u32 = 0;
const PHASE_FINALIZE: u32 = 1;
const PHASE_DELETE: u32 = 2;
const PHASE_DELETE_CHECK: u32 = 3;
const PHASE_FINISH: u32 = 4;
const PHASE_WEAKREF: u32 = 5;
const PHASE_WEAKREF_CHECK: u32 = 6;

/** collectStep() results besides E_OK and E_FINALIZE: the host prints
 *  gc.DEBUG_COLLECTABLE / DEBUG_UNCOLLECTABLE lines for the objects
 *  reportNext() gives, then calls collectStep() again. */
export const E_REPORT_COLLECTABLE: i32 = 101;
export const E_REPORT_UNCOLLECTABLE: i32 = 102;

/** During a report pause: the object after op on the list reported
 *  (op 0: the first), or 0 after the last. Outside one: 0. */
export function reportNext(op: usize): usize {
  if (!reporting) return 0;
  let head = phase == PHASE_FINISH ? finalizers : unreachable;
  let next = gcNext(op ? op - GC_HEAD : head);
  return next == head ? 0 : fromGC(next);
}

let phase = PHASE_IDLE;
let reporting = false; // paused at an E_REPORT_* code
let codeRan = false; // a finalizer or callback ran during this collection
let generation: i32 = 0;
let old: usize = 0;
let oldGen: u32 = 0; // old's GEN
let current: usize = 0; // delete_garbage's object across a pause
let collected: u32 = 0; // m
let uncollectable: u32 = 0; // n
let unreachableCount: u32 = 0; // the first pass's, less the legacy finalizers'
let finalizersToRun = false; // some unreachable object's finalizer has not run

/** Result of the last finished collection (n + m), and its parts. */
export let lastCollected: u32 = 0;
export let lastUncollectable: u32 = 0;
export let lastGeneration: i32 = 0;

// ------------------------------------------------------------ visitors
// (subtract_refs's and move_unreachable's are in visit.ts)

// move_legacy_finalizer_reachable.
function visitMove(child: usize, to: usize): void {
  if (!isGCType(typeId(child))) return;
  let g = child - GC_HEAD;
  if (isCollecting(g)) {
    listMove(g, to);
    clearCollecting(g);
  }
}

// ------------------------------------------------------- the algorithm

// update_refs and subtract_refs in one walk over generations 0..gen.
function countRefs(young: usize, gen: i32): u32 {
  let n: u32 = 0;
  let genBits = <usize>gen << GC_GEN_SHIFT;
  for (let g = gcNext(young); g != young; g = gcNext(g)) {
    n++;
    countRefsOf(g, genBits);
  }
  return n;
}

// The two apart, for a set no GEN describes (the unreachable one).
function updateRefs(containers: usize): u32 {
  let n: u32 = 0;
  for (let g = gcNext(containers); g != containers; g = gcNext(g)) {
    n++;
    gcHead(g).prev = firstRefs(g, load<u32>(fromGC(g), 4), gcHead(g).prev);
  }
  return n;
}

function subtractRefs(containers: usize): void {
  for (let g = gcNext(containers); g != containers; g = gcNext(g)) subtractRefsOf(fromGC(g));
}

// What one deduceUnreachable pass found: the survivors left in its base,
// the objects it set aside as unreachable, and whether any of those is of
// a type that may have a finalizer or weakrefs (a class, instance,
// function, weakref): if none, the passes for those are skipped.
// @ts-ignore: decorator
@unmanaged class Deduced {
  survivors: u32;
  unreachable: u32;
  mayNeedFinalizing: bool;
}
const deduced = changetype<Deduced>(memory.data(<i32>offsetof<Deduced>(), 4));

// untrackTuples: also does untrack_tuples on the survivors as they are
// found (CPython's separate pass over young, fused: same order, same
// result). untrack_dicts cannot be fused: CPython runs it after every
// tuple was looked at, so a dict whose tuple comes later in young is
// untracked too (untrackDicts below). Fills out.survivors and
// out.mayNeedFinalizing; returns how many tuples it untracked.
//
// counted: countRefs() set YOUNG_CHILD on every container a child of
// which may be in young, so only those have children to visit.
function moveUnreachable(young: usize, unr: usize, untrackTuples: bool, counted: bool, out: Deduced): u32 {
  let kept: u32 = 0;
  let untracked: u32 = 0;
  let mayNeedFinalizing = false;
  let genBits = oldGen << GC_GEN_SHIFT; // survivors join old
  let visit = counted ? YOUNG_CHILD : ~0;
  let prev = young;
  let g = gcNext(young);
  while (g != young) {
    if (getRefs(g)) {
      let op = fromGC(g);
      let w = typeWord(op);
      if (w & visit) markReachableFrom(op, young);
      setTypeWord(op, (w & ~(GC_GEN_MASK | YOUNG_CHILD)) | genBits);
      let t = typeIdOf(w);
      if (untrackTuples && t == T_TUPLE && tupleIsAtomic(op)) {
        // Off the list: prev keeps its place, flags but FINALIZED go.
        gcHead(prev).next = gcHead(g).next;
        gcHead(g).next = 0;
        gcHead(g).prev &= GC_FINALIZED;
        untracked++;
      } else {
        // Relinks (gc_refs goes) and clears COLLECTING in one store.
        gcHead(g).prev = (gcHead(g).prev & GC_FINALIZED) | <u32>prev;
        prev = g;
        kept++;
      }
    } else {
      // Move g to unr; young is singly linked while this runs.
      if (typeId(fromGC(g)) >= T_TYPE) mayNeedFinalizing = true;
      gcHead(prev).next = gcHead(g).next;
      let last = gcPrev(unr);
      gcHead(last).next = NEXT_UNREACHABLE | <u32>g;
      setPrev(g, last);
      gcHead(g).next = NEXT_UNREACHABLE | <u32>unr;
      setPrev(unr, g);
    }
    g = <usize>gcHead(prev).next; // prev is reachable: no mask on its next
  }
  setPrev(young, prev);
  gcHead(unr).next &= ~NEXT_UNREACHABLE;
  out.survivors = kept;
  out.mayNeedFinalizing = mayNeedFinalizing;
  return untracked;
}

/** Leaves the unreachable part of base in unr; fills out (the survivors
 *  left in base have old's GEN already). base is generations 0..gen, or
 *  for gen < 0 a set of objects that all have COLLECTING set. */
function deduceUnreachable(base: usize, gen: i32, unr: usize, untrackTuples: bool, out: Deduced): void {
  let total: u32;
  if (gen >= 0) {
    total = countRefs(base, gen);
  } else {
    total = updateRefs(base);
    subtractRefs(base);
  }
  listInit(unr);
  let untracked = moveUnreachable(base, unr, untrackTuples, gen >= 0, out);
  out.unreachable = total - out.survivors - untracked;
}

function clearUnreachableMask(unr: usize): void {
  for (let g = gcNext(unr); g != unr; g = gcNext(g)) {
    gcHead(g).next &= ~NEXT_UNREACHABLE;
  }
}

// _PyTuple_MaybeUntrack / _PyDict_MaybeUntrack: a container of atoms (and
// of untracked tuples) cannot be part of a cycle.
function tupleIsAtomic(op: usize): bool {
  let n = tupleSize(op);
  for (let i: u32 = 0; i < n; i++) if (mayBeTracked(tupleItem(op, i))) return false;
  return true;
}
function dictIsAtomic(op: usize): bool {
  let k = dictKeys(op);
  if (!k) return true;
  let n = keysNentries(k);
  for (let i: u32 = 0; i < n; i++) {
    let e = entryAt(k, i);
    let key = <usize>e.key;
    if (!key) continue;
    if (mayBeTracked(key) || mayBeTracked(e.value)) return false;
  }
  return true;
}

// untrack_dicts over the survivors of a full collection (a proper doubly
// linked list again); returns how many it took off.
function untrackDicts(young: usize): u32 {
  let n: u32 = 0;
  let g = gcNext(young);
  while (g != young) {
    let next = gcNext(g);
    let op = fromGC(g);
    if (typeId(op) == T_DICT && dictIsAtomic(op)) {
      gcUnlink(op);
      n++;
    }
    g = next;
  }
  return n;
}

// @ts-ignore: decorator
@inline function classFlags(op: usize): u32 {
  return typeId(op) == T_INSTANCE ? load<u32>(load<u32>(op, INSTANCE_CLASS), CLASS_FLAGS) : 0;
}

// What moveLegacyFinalizers saw among the rest, so that later passes with
// nothing to do are skipped: any weakref or weakly referenced object, any
// finalizer to run.
const SAW_WEAK: u32 = 1;
const SAW_FINALIZER: u32 = 2;

function moveLegacyFinalizers(unr: usize, to: usize): u32 {
  let saw: u32 = 0;
  let g = gcNext(unr);
  while (g != unr) {
    gcHead(g).next &= ~NEXT_UNREACHABLE;
    let next = gcNext(g);
    let op = fromGC(g);
    let flags = classFlags(op);
    if (flags & CLASS_HAS_LEGACY_DEL) {
      clearCollecting(g);
      listMove(g, to);
    } else {
      if ((flags & CLASS_HAS_FINALIZER) && !(gcFlags(op) & GC_FINALIZED)) saw |= SAW_FINALIZER;
      if (!(saw & SAW_WEAK) && (isWeakref(op) || weaklistHead(op) != 0)) saw |= SAW_WEAK;
    }
    g = next;
  }
  // Everything reachable from them is uncollectable too.
  for (let g = gcNext(to); g != to; g = gcNext(g)) traverse(fromGC(g), visitMove, to);
  return saw;
}

// handle_weakrefs, first pass: every weakref to an unreachable object is
// cleared before any callback can run (a callback must not reach the
// garbage through a live weakref). Weakrefs that are garbage themselves are
// cleared and never call; the others, with a callback, move (with a
// reference) to wrcbToCall.
function clearWeakrefsToGarbage(unr: usize): void {
  for (let g = gcNext(unr); g != unr; g = gcNext(g)) {
    let op = fromGC(g);
    if (isWeakref(op)) clearRef(op);
    let off = weaklistOffset(op);
    if (!off) continue;
    for (let wr = <usize>load<u32>(op + off); wr; wr = <usize>load<u32>(op + off)) {
      clearRef(wr); // also advances op's list head
      if (!(load<u32>(wr, WR_FLAGS) & HAS_CALLBACK)) continue;
      let wg = wr - GC_HEAD;
      if (isCollecting(wg)) continue; // garbage itself: no callback
      incref(wr);
      listMove(wg, wrcbToCall);
    }
  }
}

// --------------------------------------------------------- the driver

/** Starts collecting generation gen (0..2); runs until done or the first
 *  finalizer pause. Returns E_OK (result in lastCollected) or E_FINALIZE;
 *  -1 if a collection is already running. */
export function collectStart(gen: i32): i32 {
  if (phase != PHASE_IDLE) return -1;
  setCollecting(true);
  generation = gen;
  collected = 0;
  uncollectable = 0;

  // update collection and allocation counters
  if (gen + 1 < NUM_GENERATIONS) setGenCount(gen + 1, genCount(gen + 1) + 1);
  for (let i = 0; i <= gen; i++) {
    if (i == 0) setGeneration0Count(0);
    else setGenCount(i, 0);
  }

  for (let i = 0; i < gen; i++) listMerge(genHead(i), genHead(gen));
  let young = genHead(gen);
  oldGen = gen < NUM_GENERATIONS - 1 ? gen + 1 : gen;
  old = genHead(oldGen);

  deduceUnreachable(young, gen, unreachable, true, deduced);
  let survivors = deduced.survivors;
  unreachableCount = deduced.unreachable;
  if (young != old) {
    if (gen == NUM_GENERATIONS - 2) setLongLived(longLivedTotal, longLivedPending + survivors);
    listMerge(young, old);
  } else {
    // Dicts only in full collections, to avoid quadratic build-up (bpo-14775).
    survivors -= untrackDicts(young);
    setLongLived(survivors, 0);
  }

  listInit(finalizers);
  let saw: u32 = 0;
  if (deduced.mayNeedFinalizing) {
    saw = moveLegacyFinalizers(unreachable, finalizers);
    unreachableCount -= listSize(finalizers);
  }
  finalizersToRun = (saw & SAW_FINALIZER) != 0;
  // Else the unreachable list keeps move_unreachable's NEXT_UNREACHABLE
  // bits: every list walk here masks them (gcNext), and no later
  // deduceUnreachable runs over it (no finalizer can run), which is the
  // one place they would mean something.
  listInit(wrcbToCall);
  // Objects reachable from legacy finalizers left; their weakrefs stay.
  if ((saw & SAW_WEAK) || !listIsEmpty(finalizers)) clearWeakrefsToGarbage(unreachable);
  codeRan = false;
  listInit(seen);
  phase = PHASE_WEAKREF;
  if ((debugFlags & DEBUG_COLLECTABLE) && !listIsEmpty(unreachable)) return report(E_REPORT_COLLECTABLE);
  return collectStep();
}

function report(code: i32): i32 {
  reporting = true;
  return code;
}

/** Continues after the host ran the finalizers of a pause. */
export function collectStep(): i32 {
  reporting = false;
  while (true) {
    if (phase == PHASE_WEAKREF) {
      // handle_weakrefs, second pass: one callback per pause.
      if (listIsEmpty(wrcbToCall)) {
        phase = PHASE_FINALIZE;
        continue;
      }
      current = gcNext(wrcbToCall);
      phase = PHASE_WEAKREF_CHECK;
      codeRan = true;
      if (pauseForCallback(fromGC(current))) return E_FINALIZE;
      tookPause();
      decref(fromGC(current)); // too deep to call: just give the reference up
      if (tookPause()) return E_FINALIZE;
    } else if (phase == PHASE_WEAKREF_CHECK) {
      // The collector's reference was given up after the call.
      if (gcNext(wrcbToCall) == current) toOld(current);
      else collected++; // the weakref itself died
      phase = PHASE_WEAKREF;
    } else if (phase == PHASE_FINALIZE) {
      while (finalizersToRun && !listIsEmpty(unreachable)) {
        let g = gcNext(unreachable);
        listMove(g, seen);
        let op = fromGC(g);
        if ((classFlags(op) & CLASS_HAS_FINALIZER) && !(gcFlags(op) & GC_FINALIZED)) {
          gcSetFlag(op, GC_FINALIZED);
          codeRan = true;
          if (pauseForFinalizer(op)) return E_FINALIZE;
        }
      }
      listMerge(seen, unreachable);
      if (codeRan) {
        // handle_resurrected_objects: what the finalizers and callbacks
        // made reachable again goes to old; `seen` becomes final_unreachable.
        deduceUnreachable(unreachable, -1, seen, false, deduced);
        clearUnreachableMask(seen);
        listMerge(unreachable, old);
        collected += deduced.unreachable;
      } else {
        // No JavaScript ran since the set was computed: no count changed,
        // nothing can have been resurrected.
        listMerge(unreachable, seen);
        collected += unreachableCount;
      }
      phase = PHASE_DELETE;
    } else if (phase == PHASE_DELETE) {
      // delete_garbage over `seen` (final_unreachable).
      while (!listIsEmpty(seen)) {
        let g = gcNext(seen);
        let op = fromGC(g);
        tookPause(); // forget step 8's pauses: only this object's count
        if (debugFlags & DEBUG_SAVEALL) {
          pyListAppend(garbageList(), op);
        } else {
          incref(op);
          clear(op);
          decref(op);
        }
        if (tookPause()) {
          // op may wait on the deallocation stack: look at it only after
          // the host ran the finalizers and the stack drained.
          current = g;
          phase = PHASE_DELETE_CHECK;
          return E_FINALIZE;
        }
        survivorToOld(g);
      }
      phase = PHASE_FINISH;
      if ((debugFlags & DEBUG_UNCOLLECTABLE) && !listIsEmpty(finalizers)) return report(E_REPORT_UNCOLLECTABLE);
    } else if (phase == PHASE_FINISH) {
      finish();
      return E_OK;
    } else if (phase == PHASE_DELETE_CHECK) {
      survivorToOld(current);
      phase = PHASE_DELETE;
    } else {
      return E_OK;
    }
  }
}

// @ts-ignore: decorator
@inline function survivorToOld(g: usize): void {
  if (gcNext(seen) == g) { // still alive: it may die later
    clearCollecting(g);
    toOld(g);
  }
}

// @ts-ignore: decorator
@inline function toOld(g: usize): void {
  listMove(g, old);
  setGen(fromGC(g), oldGen);
}

function finish(): void {
  let saveAll = (debugFlags & DEBUG_SAVEALL) != 0;
  for (let g = gcNext(finalizers); g != finalizers; g = gcNext(g)) {
    uncollectable++;
    let op = fromGC(g);
    setGen(op, oldGen); // the list joins old below
    if (saveAll || (classFlags(op) & CLASS_HAS_LEGACY_DEL)) pyListAppend(garbageList(), op);
  }
  listMerge(finalizers, old);
  if (generation == NUM_GENERATIONS - 1) clearFreelists();
  addStat(generation, 0, 1);
  addStat(generation, 1, collected);
  addStat(generation, 2, uncollectable);
  lastCollected = collected;
  lastUncollectable = uncollectable;
  lastGeneration = generation;
  phase = PHASE_IDLE;
  setCollecting(false);
}

/** Whether a collection is between collectStart() and its end. */
export function collectionRunning(): bool {
  return phase != PHASE_IDLE;
}

/** collect_generations: the oldest generation whose count crossed its
 *  threshold, with the 25% rule for the full one; -1 if none. */
export function generationToCollect(): i32 {
  for (let i = NUM_GENERATIONS - 1; i >= 0; i--) {
    if (genCount(i) > thresholdOf(i)) {
      if (i == NUM_GENERATIONS - 1 && longLivedPending < longLivedTotal / 4) continue;
      return i;
    }
  }
  return -1;
}

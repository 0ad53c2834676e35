// Deallocation at refcount zero without recursion (Py_DECREF's slow
// path; the counting itself is refcount.ts).
//
// Deallocation. CPython's dealloc functions Py_DECREF their children, which
// may dealloc them in turn: a recursion as deep as the structure (CPython
// bounds it with the "trashcan", and CPython compiled to Wasm still runs out
// of stack a few thousand levels down). Here a dying object is pushed on a
// stack of pending deallocations threaded through the dead objects
// themselves, and one loop pops and tears them down; a teardown drops its
// children's references with decrefLater(), which pushes the ones that die.
// Depth costs no stack, on the Wasm side or the JS side.
//
//   pendingHead -> [op C] --ob_refcnt--> [op B] --ob_refcnt--> [op A] -> 0
//                  ob_type |= PENDING (validate.ts refuses such objects)
//
// Order. Teardowns push their children in the reverse of the order in
// which CPython's dealloc releases them, so the stack pops them, and
// finalizers run, in CPython's order (list and tuple items last to first,
// dict entries first to last, an instance's __dict__ before its class).
//
// Weakref callbacks pause the loop the same way: weakref.ts queues them
// (callbackQueue below) and the level's object is then the weakref, whose
// callback the host calls.
//
// Finalizers (PEP 442). Finalizers are JavaScript functions, and the module
// has no imports: the loop does not call out, it pauses. Popping an
// instance whose class has a finalizer (not yet run for it), the loop marks
// it FINALIZED in its GC head, lends it refcount 1, records the pause on a
// small stack of levels (the floor it was draining to, and the instance),
// and returns; the operation that was running reports E_FINALIZE. The host
// runs the finalizer -- which may call back into the heap, even pausing a
// nested drain one level up -- then calls finalizeDone(): if the instance
// holds more than the lent reference it was resurrected and stays (and is
// never finalized again), else it is torn down; then the loop resumes.
// No JavaScript exception ever unwinds through a Wasm frame.
//
//   levels[depth-1] = { floor, instance being finalized }   (top)
//   ...
//   levels[0]

import { DEBUG, MAX_FINALIZER_DEPTH } from "../config";
import { IMMORTAL_REFCNT, PENDING, GC_FINALIZED, typeWord, setTypeWord, decrefKeepsAlive } from "./layout";
import { E_BELOW_ZERO, objFail } from "./errors";
import { dealloc, needsFinalizer } from "./slots";
import { gcSetFlag } from "./gclist";

/** While set in ob_type, the object is inside its own finalizer: a decref
 *  to zero then is refused (the finalizer only borrows it). */
export const FINALIZING: u32 = 0x4000;

let pendingHead: usize = 0;

/** Py_DECREF inside a teardown: a child that dies is pushed, not freed. */
// @ts-ignore: decorator
@inline export function decrefLater(op: usize): void {
  let rc = load<u32>(op);
  if (decrefKeepsAlive(rc)) store<u32>(op, rc - 1);
  else if (rc < IMMORTAL_REFCNT) push(op);
}

// @ts-ignore: decorator
@inline function push(op: usize): void {
  if (DEBUG && load<u32>(op) == 0) {
    objFail(E_BELOW_ZERO, op);
    return;
  }
  store<u32>(op, <u32>pendingHead);
  setTypeWord(op, typeWord(op) | PENDING);
  pendingHead = op;
}

/** The last reference to op went away (its count is 1, not yet 0). Tears
 *  it down, and everything that dies with it, before returning (unless a
 *  finalizer pauses the loop). */
export function deallocate(op: usize): void {
  if (typeWord(op) & FINALIZING) {
    // A finalizer dropped the reference it was lent: refuse, keep op alive.
    objFail(E_BELOW_ZERO, op);
    return;
  }
  deallocateChecked(op);
}

/** deallocate() of an op known not to be FINALIZING. Inline for the
 *  facade's decref (refcount.ts), which checks that itself: one call
 *  fewer for each object the facade frees. */
// @ts-ignore: decorator
@inline export function deallocateChecked(op: usize): void {
  let floor = pendingHead;
  if (load<u32>(callbackQueue) || needsFinalizer(op)) {
    push(op);
    drain(floor);
    return;
  }
  // What drain() would do first, without the push and pop: op is the only
  // entry above floor and no callback waits.
  store<u32>(op, 0);
  dealloc(op);
  if (pendingHead != floor || load<u32>(callbackQueue)) drain(floor);
}

// ------------------------------------------ weakref callbacks waiting

/** The weakref callback queue's [head u32][tail u32]; weakref.ts links
 *  and pops it (the links are its own fields). 0: empty. */
export const callbackQueue: usize = memory.data(8, 4);
let popCallback: usize = 0;

/** weakref.ts registers how a queued weakref is taken off the queue (its
 *  queue reference goes with it). */
export function setCallbackPop(pop: () => usize): void {
  popCallback = changetype<usize>(pop);
}

// Finalizer levels: MAX_FINALIZER_DEPTH (config.ts); a deeper nesting tears
// instances down without their finalizer (counted in finalizersSkipped).
const levels: usize = memory.data(<i32>(MAX_FINALIZER_DEPTH * 8));
let depth: u32 = 0;
let paused: bool = false;
let skipped: u32 = 0;

// Pops and tears down until the stack is back at `floor`, or pauses for a
// finalizer or a weakref callback. Queued callbacks (weakref.ts) go first:
// a referent's callbacks run before its children are torn down.
function drain(floor: usize): void {
  while (true) {
    if (load<u32>(callbackQueue)) {
      let wr = changetype<() => usize>(popCallback)();
      if (depth < MAX_FINALIZER_DEPTH) {
        // The queue's reference to wr is lent to the callback.
        openLevel(floor, wr);
        return;
      }
      skipped++;
      decrefLater(wr);
      continue;
    }
    if (pendingHead == floor) break;
    let op = pendingHead;
    if (DEBUG) assert(typeWord(op) & PENDING, "deallocation stack: an entry not marked PENDING");
    pendingHead = <usize>load<u32>(op);
    store<u32>(op, 0);
    setTypeWord(op, typeWord(op) & ~PENDING);
    if (needsFinalizer(op)) {
      gcSetFlag(op, GC_FINALIZED);
      if (depth < MAX_FINALIZER_DEPTH) {
        store<u32>(op, 1); // lent to the finalizer
        openLevel(floor, op);
        return;
      }
      skipped++;
    }
    dealloc(op);
  }
}

// A finalizer level for op, which holds the reference lent to the host.
function openLevel(floor: usize, op: usize): void {
  setTypeWord(op, typeWord(op) | FINALIZING);
  let level = levels + (<usize>depth << 3);
  store<u32>(level, <u32>floor);
  store<u32>(level, <u32>op, 4);
  depth++;
  paused = true;
}

/** The cycle collector's finalize_garbage: lends op a reference and opens
 *  a level for its finalizer, exactly as the loop above does for a dying
 *  instance (finalizeDone() takes the reference back and tears op down if
 *  that was the last one). False when the nesting is too deep (skipped). */
export function pauseForFinalizer(op: usize): bool {
  if (depth >= MAX_FINALIZER_DEPTH) {
    skipped++;
    return false;
  }
  store<u32>(op, load<u32>(op) + 1);
  openLevel(pendingHead, op);
  return true;
}

/** The collector's handle_weakrefs: a level for the callback of weakref
 *  wr, whose reference (taken by the collector) is lent to it. */
export function pauseForCallback(wr: usize): bool {
  if (depth >= MAX_FINALIZER_DEPTH) {
    skipped++;
    return false;
  }
  openLevel(pendingHead, wr);
  return true;
}

/** Finalizer levels open (0: none waiting). */
export function finalizeDepth(): u32 {
  return depth;
}
/** The instance whose finalizer the host should run now (top level). */
export function finalizee(): usize {
  return depth ? <usize>load<u32>(levels + (<usize>(depth - 1) << 3), 4) : 0;
}
/** Finalizers skipped because the nesting was too deep. */
export function finalizersSkipped(): u32 {
  return skipped;
}

/** The host ran the top level's finalizer: take the lent reference back,
 *  tear the instance down unless it was resurrected, resume the loop. */
export function finalizeDone(): void {
  if (!depth) return;
  depth--;
  let level = levels + (<usize>depth << 3);
  let floor = <usize>load<u32>(level);
  let op = <usize>load<u32>(level, 4);
  setTypeWord(op, typeWord(op) & ~FINALIZING);
  let rc = load<u32>(op) - 1;
  store<u32>(op, rc);
  if (rc == 0) dealloc(op);
  drain(floor);
}

/** Whether a finalizer pause happened since the last call (and resets). */
export function tookPause(): bool {
  let p = paused;
  paused = false;
  return p;
}

/** Starts releasing several references at once: decrefLater() each, then
 *  endRelease(floor), so their deaths run in CPython's order. */
// @ts-ignore: decorator
@inline export function beginRelease(): usize {
  return pendingHead;
}
export function endRelease(floor: usize): void {
  if (pendingHead != floor) drain(floor);
}

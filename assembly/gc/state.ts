// The collector's settings and counters (CPython's struct _gc_runtime_state).
//
//   generations[i].threshold   thresholds: config.ts's GC_THRESHOLD0..2 until
//                              set (CPython 3.13's defaults)
//   generations[i].count       0: containers allocated minus deallocated
//                              (objects/gclist.ts keeps it, allocation is
//                              there); 1 and 2: collections of the younger
//                              generation since this one was collected
//   long_lived_total           objects in generation 2 after the last full
//                              collection
//   long_lived_pending         objects moved into generation 2 since
//   stats[i]                   collections, collected, uncollectable
//   autoLimit                  threshold 0 while automatic collection is
//                              on (enabled, threshold 0 not 0), else
//                              0xFFFFFFFF: a collection may be due when
//                              generation 0's count exceeds it. A word in
//                              memory, read by the facade (src/heap/gc.ts)

import { GC_THRESHOLD0, GC_THRESHOLD1, GC_THRESHOLD2 } from "../config";
import { generation0Count, autoLimitWord } from "../objects/gclist";

export const NUM_GENERATIONS: i32 = 3;

const thresholds: usize = memory.data(12, 4);
store<u32>(thresholds, GC_THRESHOLD0);
store<u32>(thresholds, GC_THRESHOLD1, 4);
store<u32>(thresholds, GC_THRESHOLD2, 8);
const counts: usize = memory.data(12, 4); // [0] unused: generation0Count()
const stats: usize = memory.data(36, 4); // 3 x { collections, collected, uncollectable }

// autoLimit (see above) lives beside generation 0's count
// (objects/gclist.ts); kept by setEnabled() and setThreshold().
store<u32>(autoLimitWord, GC_THRESHOLD0 ? GC_THRESHOLD0 : 0xffffffff);

export let enabled: bool = true;
export let collecting: bool = false;
export let debugFlags: u32 = 0;
export let longLivedTotal: u32 = 0;
export let longLivedPending: u32 = 0;

export const DEBUG_STATS: u32 = 1;
export const DEBUG_COLLECTABLE: u32 = 2;
export const DEBUG_UNCOLLECTABLE: u32 = 4;
export const DEBUG_SAVEALL: u32 = 32;
/** gc.DEBUG_LEAK: the three flags CPython groups under that name. */
export const DEBUG_LEAK: u32 = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL;

export function setEnabled(on: bool): void {
  enabled = on;
  updateAutoLimit();
}
function updateAutoLimit(): void {
  let t0 = threshold(0);
  store<u32>(autoLimitWord, enabled && t0 ? t0 : 0xffffffff);
}
export function setCollecting(on: bool): void {
  collecting = on;
}
export function setDebugFlags(f: u32): void {
  debugFlags = f;
}
export function setLongLived(total: u32, pending: u32): void {
  longLivedTotal = total;
  longLivedPending = pending;
}

export function threshold(i: i32): u32 {
  return load<u32>(thresholds + (<usize>i << 2));
}
export function setThreshold(i: i32, v: u32): void {
  store<u32>(thresholds + (<usize>i << 2), v);
  updateAutoLimit();
}
export function genCount(i: i32): u32 {
  return i == 0 ? generation0Count() : load<u32>(counts + (<usize>i << 2));
}
export function setGenCount(i: i32, v: u32): void {
  store<u32>(counts + (<usize>i << 2), v);
}

/** stats[gen][field]: 0 collections, 1 collected, 2 uncollectable. */
export function stat(gen: i32, field: i32): u32 {
  return load<u32>(stats + (<usize>(gen * 3 + field) << 2));
}
export function addStat(gen: i32, field: i32, n: u32): void {
  let a = stats + (<usize>(gen * 3 + field) << 2);
  store<u32>(a, load<u32>(a) + n);
}

// The traces: an open-addressing table keyed by block address (linear
// probing, backward-shift deletion, so there are no tombstones and a miss
// stops at the first empty slot). Its memory comes straight from the raw
// allocator (the debug build's raw family), never through the traced
// entry points, so growing it is never traced itself.
//
//   slot (16 bytes)
//   +0 +-----------+
//      | addr  u32 |  block address; 0 = empty slot
//   +4 | size  u32 |  bytes requested
//   +8 | tag   u32 |  pyheap_trace_tag() at allocation (0: none)
//  +12 | tb    u32 |  traceback id the JavaScript side assigned; 0 = none
//  +16 +-----------+

import { DEBUG, TRACE_TABLE_MIN } from "../config";
import { rawMalloc, rawFree } from "../raw/raw";
import { API_RAW, debugMalloc, debugFree } from "../debug/guards";

const SLOT: usize = 16;

// @ts-ignore: decorator
@unmanaged class Slot {
  addr: u32;
  size: u32;
  tag: u32;
  tb: u32;
}

let slots: usize = 0;
let capacity: u32 = 0; // 0 until the first trace; then a power of two
let used: u32 = 0;

// @ts-ignore: decorator
@inline function slotAt(i: u32): Slot {
  return changetype<Slot>(slots + <usize>i * SLOT);
}
// @ts-ignore: decorator
@inline function home(addr: usize, mask: u32): u32 {
  return (<u32>(addr >> 4) * 0x9e3779b1) & mask;
}

function tableAlloc(n: usize): usize {
  return DEBUG ? debugMalloc(API_RAW, n, true) : rawMalloc(n);
}
function tableFree(p: usize): void {
  if (DEBUG) debugFree(API_RAW, p);
  else rawFree(p);
}

/** Live traces. */
// @ts-ignore: decorator
@inline export function traceCount(): u32 {
  return used;
}
/** Bytes the table takes (tracemalloc.get_tracemalloc_memory()'s part in Wasm). */
export function tableBytes(): usize {
  return <usize>capacity * SLOT;
}
export function tableCapacity(): u32 {
  return capacity;
}
/** Address of slot i (for the export that copies the table out). */
export function slotAddress(i: u32): usize {
  return slots + <usize>i * SLOT;
}

function grow(): bool {
  let oldSlots = slots, oldCap = capacity;
  let cap = oldCap ? oldCap << 1 : TRACE_TABLE_MIN;
  let fresh = tableAlloc(<usize>cap * SLOT);
  if (!fresh) return false;
  memory.fill(fresh, 0, <usize>cap * SLOT);
  slots = fresh;
  capacity = cap;
  let mask = cap - 1;
  for (let i: u32 = 0; i < oldCap; i++) {
    let s = changetype<Slot>(oldSlots + <usize>i * SLOT);
    if (!s.addr) continue;
    let j = home(s.addr, mask);
    while (slotAt(j).addr) j = (j + 1) & mask;
    memory.copy(slots + <usize>j * SLOT, changetype<usize>(s), SLOT);
  }
  if (oldSlots) tableFree(oldSlots);
  return true;
}

/** Records a trace: its slot, or 0 if the table could not grow (not traced). */
export function tableAdd(addr: usize, size: usize, tag: u32): usize {
  if ((used + 1) * 2 > capacity && !grow()) return 0;
  let mask = capacity - 1;
  let i = home(addr, mask);
  while (true) {
    let s = slotAt(i);
    if (!s.addr || s.addr == <u32>addr) {
      if (!s.addr) used++;
      s.addr = <u32>addr;
      s.size = <u32>size;
      s.tag = tag;
      s.tb = 0;
      return changetype<usize>(s);
    }
    i = (i + 1) & mask;
  }
}

/** The slot of addr's trace, or 0. */
export function tableFind(addr: usize): usize {
  if (!used) return 0;
  let mask = capacity - 1;
  let i = home(addr, mask);
  while (true) {
    let s = slotAt(i);
    if (s.addr == <u32>addr) return changetype<usize>(s);
    if (!s.addr) return 0;
    i = (i + 1) & mask;
  }
}

/** Removes the trace in `slot` (from tableFind), shifting later entries of
 *  its probe run back so that lookups never need tombstones. */
export function tableRemove(slot: usize): void {
  let mask = capacity - 1;
  let i = <u32>((slot - slots) / SLOT);
  while (true) {
    let j = (i + 1) & mask;
    // Find the next entry that may move into the hole at i.
    while (true) {
      let s = slotAt(j);
      if (!s.addr) {
        slotAt(i).addr = 0;
        used--;
        return;
      }
      let h = home(s.addr, mask);
      // s may fill the hole if its home is not in (i, j] cyclically.
      if (((j - h) & mask) >= ((j - i) & mask)) break;
      j = (j + 1) & mask;
    }
    memory.copy(slots + <usize>i * SLOT, slots + <usize>j * SLOT, SLOT);
    i = j;
  }
}

/** Drops every trace and gives the table's memory back. */
export function tableClear(): void {
  if (slots) tableFree(slots);
  slots = 0;
  capacity = 0;
  used = 0;
}

export function slotSize(slot: usize): u32 {
  return changetype<Slot>(slot).size;
}
export function slotTb(slot: usize): u32 {
  return changetype<Slot>(slot).tb;
}
export function setSlotTb(slot: usize, tb: u32): void {
  changetype<Slot>(slot).tb = tb;
}

// The debug build's hooks (CPython's PYTHONMALLOC=debug, adapted to 16-byte
// alignment on wasm32). Each API family's blocks are wrapped in guards:
//
//   base      base+4    base+8  base+9          base+16 = p      p+n        p+n+8
//   +---------+---------+-------+---------------+----------------+----------+
//   | n       | serial  | api   | FD FD ... FD  | data (n bytes) | FD x 8   |
//   +---------+---------+-------+---------------+----------------+----------+
//     n: bytes requested   api: family id ('r','m','o','c'), DEADBYTE once
//                          freed, DAMAGED once found written after free,
//                          DAMAGED_LIVE once a live block's guards were
//                          found overwritten
//     data is filled with CLEANBYTE (0xCD) when fresh, zero for calloc
//
// free() checks the guards (underrun before, overrun after, API family),
// fills the data with DEADBYTE (0xDD), sets api to DEADBYTE and puts the
// block in a FIFO quarantine (quarantine.ts) instead of freeing it. A
// second free of it sees api == DEADBYTE: a double free. When the block
// leaves the quarantine its data must still be all 0xDD, or something wrote
// to it after it was freed; the damaged block is reported, with its
// address and size, and kept out of circulation. The same goes for a live
// block whose guards free() or check() found overwritten: reported once,
// then marked DAMAGED_LIVE, never freed nor reused (a later free() of it
// does nothing), so later checks go on to report what else is wrong.
// Every problem is refused and recorded (errors.ts); the heap stays as it
// was, but for these marks.

import { CLEANBYTE, DEADBYTE, FORBIDDENBYTE } from "../config";
import {
  OK, ERR_NOT_OURS, ERR_DOUBLE_FREE, ERR_SIZE_OVERFLOW, ERR_WRONG_API, ERR_OVERRUN, ERR_UNDERRUN,
  ERR_USE_AFTER_FREE, ERR_CORRUPT, fail,
} from "../errors";
import { MAX_REQUEST } from "../raw/block";
import { rawMalloc, rawMallocAligned, rawValidate, rawUsableSize } from "../raw/raw";
import { objectMalloc, objectValidate, objectFree, objectUsableSize } from "../pymalloc/obmalloc";
import { quarantineAdd, quarantineTake, quarantineCount } from "./quarantine";

export const API_RAW: u8 = 0x72; // 'r' PyMem_Raw*
export const API_MEM: u8 = 0x6d; // 'm' PyMem_*
export const API_OBJ: u8 = 0x6f; // 'o' PyObject_*
export const API_C: u8 = 0x63; // 'c' malloc/free

/** Marks a freed block found written to: reported once, never reused. */
const DAMAGED: u8 = 0xda;
/** Marks a live block found overrun or underrun: reported once, never
 *  freed nor reused. */
const DAMAGED_LIVE: u8 = 0xdb;
const PREFIX: usize = 16;
const SUFFIX: usize = 8;

let serial: u32 = 0;

// The layer under a family: PyMem_Raw* uses the raw allocator directly,
// every other family the object allocator (as in CPython 3.6+).
// @ts-ignore: decorator
@inline function lowMalloc(api: u8, n: usize): usize {
  return api == API_RAW ? rawMalloc(n) : objectMalloc(n);
}
// @ts-ignore: decorator
@inline function lowValidate(api: u8, base: usize): i32 {
  return api == API_RAW ? rawValidate(base) : objectValidate(base);
}
// @ts-ignore: decorator
@inline function lowUsable(api: u8, base: usize): usize {
  return api == API_RAW ? rawUsableSize(base) : objectUsableSize(base);
}

/** Allocates n bytes of family `api` with guards; `zero` for calloc. */
export function debugMalloc(api: u8, n: usize, zero: bool): usize {
  if (n > MAX_REQUEST - PREFIX - SUFFIX) {
    fail(ERR_SIZE_OVERFLOW, 0, n);
    return 0;
  }
  let base = lowMalloc(api, n + PREFIX + SUFFIX);
  if (!base) return 0;
  return wrap(api, base, n, zero);
}

/** aligned_alloc in the debug build: a raw block whose data (after the
 *  guard prefix) is aligned; it belongs to the C family. */
export function debugMallocAligned(n: usize, align: usize): usize {
  if (n > MAX_REQUEST - PREFIX - SUFFIX) {
    fail(ERR_SIZE_OVERFLOW, 0, n);
    return 0;
  }
  let base = rawMallocAligned(n + PREFIX + SUFFIX, align, PREFIX);
  if (!base) return 0;
  return wrap(API_C, base, n, false);
}

// Writes the guards around the n data bytes of block `base`.
function wrap(api: u8, base: usize, n: usize, zero: bool): usize {
  let p = base + PREFIX;
  store<u32>(base, <u32>n);
  store<u32>(base, ++serial, 4);
  store<u8>(base, api, 8);
  memory.fill(base + 9, FORBIDDENBYTE, PREFIX - 9);
  memory.fill(p, zero ? 0 : CLEANBYTE, n);
  memory.fill(p + n, FORBIDDENBYTE, SUFFIX);
  return p;
}

/** Checks p's guards and family. OK, or the error (recorded). */
export function debugValidate(api: u8, p: usize): i32 {
  if ((p & 15) != 0 || p < PREFIX) return fail(ERR_NOT_OURS, p);
  let base = p - PREFIX;
  let e = lowValidate(api, base);
  if (e != OK) {
    // A block of the other domain (raw vs object) is a wrong-API error.
    let other = api == API_RAW ? objectValidate(base) : rawValidate(base);
    if (other != OK) return fail(e, p);
    if (load<u8>(base, 8) == DEADBYTE) return fail(ERR_DOUBLE_FREE, p, load<u32>(base));
    return fail(ERR_WRONG_API, p, load<u32>(base));
  }
  let n = <usize>load<u32>(base);
  let id = load<u8>(base, 8);
  if (id == DEADBYTE || id == DAMAGED) return fail(ERR_DOUBLE_FREE, p, n);
  if (id == DAMAGED_LIVE) return fail(ERR_CORRUPT, p, n); // reported when found
  if (id != api) {
    if (id == API_RAW || id == API_MEM || id == API_OBJ || id == API_C) return fail(ERR_WRONG_API, p, n);
    return fail(ERR_UNDERRUN, base + 8, n);
  }
  for (let i: usize = 9; i < PREFIX; i++) {
    if (load<u8>(base + i) != FORBIDDENBYTE) return fail(ERR_UNDERRUN, base + i, n);
  }
  if (n + PREFIX + SUFFIX > lowUsable(api, base)) return fail(ERR_UNDERRUN, base, n);
  for (let i: usize = 0; i < SUFFIX; i++) {
    if (load<u8>(p + n + i) != FORBIDDENBYTE) return fail(ERR_OVERRUN, p + n + i, n);
  }
  return OK;
}

/** Frees p after checking it: it goes to the quarantine. OK, or the error
 *  (then p is untouched); ERR_USE_AFTER_FREE when the block that left the
 *  quarantine to make room was found written to (p is freed all the same). */
export function debugFree(api: u8, p: usize): i32 {
  let e = debugValidate(api, p);
  if (e != OK) {
    if (e == ERR_CORRUPT) return OK; // damaged, reported once: stays out
    if (e == ERR_OVERRUN || e == ERR_UNDERRUN) markDamagedLive(api, p - PREFIX);
    return e;
  }
  let base = p - PREFIX;
  let n = <usize>load<u32>(base);
  memory.fill(p, DEADBYTE, n);
  store<u8>(base, DEADBYTE, 8);
  let result = OK;
  let bytes = n + PREFIX + SUFFIX;
  while (!quarantineAdd(base, bytes)) {
    let old = quarantineTake();
    if (releaseFromQuarantine(old) != OK) result = ERR_USE_AFTER_FREE;
  }
  return result;
}

// A live block of family api whose guards were found overwritten: marked
// so that it is reported once and kept out of circulation.
function markDamagedLive(api: u8, base: usize): void {
  if (lowValidate(api, base) == OK) store<u8>(base, DAMAGED_LIVE, 8);
}

// Frees a block leaving the quarantine, unless it was written to after free.
function releaseFromQuarantine(base: usize): i32 {
  if (load<u8>(base, 8) == DAMAGED) return OK; // reported by check(): kept
  let e = checkQuarantined(base);
  if (e != OK) {
    store<u8>(base, DAMAGED, 8); // keep it out of circulation, report it once
    return e;
  }
  objectFree(base); // either layer: objectFree tells them apart
  return OK;
}

// A quarantined block's data must still be all DEADBYTE.
function checkQuarantined(base: usize): i32 {
  let n = <usize>load<u32>(base);
  let p = base + PREFIX;
  // 8 bytes a step while they are intact, then byte by byte to the first
  // damaged one (a block may be gigabytes).
  let i: usize = 0;
  while (i + 8 <= n && load<u64>(p + i) == 0xdddd_dddd_dddd_dddd) i += 8;
  for (; i < n; i++) {
    if (load<u8>(p + i) != DEADBYTE) return fail(ERR_USE_AFTER_FREE, p + i, n);
  }
  return OK;
}

/** Resizes p: always moves, so stale pointers to the old block are caught. */
export function debugRealloc(api: u8, p: usize, n: usize): usize {
  if (debugValidate(api, p) != OK) return 0;
  let q = debugMalloc(api, n, false);
  if (!q) return 0;
  let old = <usize>load<u32>(p - PREFIX);
  memory.copy(q, p, old < n ? old : n);
  debugFree(api, p);
  return q;
}

/** Requested size of p (its usable size in the debug build), 0 if invalid. */
export function debugUsableSize(api: u8, p: usize): usize {
  if (debugValidate(api, p) != OK) return 0;
  return load<u32>(p - PREFIX);
}

/** check(): the guards of a live block found by a heap walk, or, for a
 *  block in the quarantine, its DEADBYTE fill. */
export function debugCheckBlock(base: usize): i32 {
  let api = load<u8>(base, 8);
  if (api == DAMAGED || api == DAMAGED_LIVE) return OK; // already reported
  if (api == DEADBYTE) {
    let e = checkQuarantined(base);
    if (e != OK) store<u8>(base, DAMAGED, 8); // reported now, once
    return e;
  }
  if (api != API_RAW && api != API_MEM && api != API_OBJ && api != API_C) {
    store<u8>(base, DAMAGED_LIVE, 8); // a walked block: ours
    return fail(ERR_UNDERRUN, base + 8, load<u32>(base));
  }
  let e = debugValidate(api, base + PREFIX);
  if (e == ERR_OVERRUN || e == ERR_UNDERRUN) store<u8>(base, DAMAGED_LIVE, 8);
  return e;
}

/** Empties the quarantine, checking each block (statistics and tests use it
 *  to see the heap as the program left it). */
export function debugFlushQuarantine(): i32 {
  let result = OK;
  while (quarantineCount()) {
    if (releaseFromQuarantine(quarantineTake()) != OK) result = ERR_USE_AFTER_FREE;
  }
  return result;
}

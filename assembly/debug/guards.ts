// The debug build's hooks (CPython's PYTHONMALLOC=debug, adapted to 16-byte
// alignment on wasm32). Each API family's blocks are wrapped in guards:
//
//   base      base+4    base+8  base+9          base+16 = p      p+n        p+n+8
//   +---------+---------+-------+---------------+----------------+----------+
//   | n       | serial  | api   | FD FD ... FD  | data (n bytes) | FD x 8   |
//   +---------+---------+-------+---------------+----------------+----------+
//     n: bytes requested   api: family id ('r','m','o','c')
//     data is filled with CLEANBYTE (0xCD) when fresh, zero for calloc
//
// On free the guards are checked (underrun before, overrun after, API
// family), then the whole block is filled with DEADBYTE (0xDD) and marked:
//
//   base+8: n          base+12: n ^ base ^ usable ^ FREED_MAGIC
//
// When the allocator later hands out the same block (same address, same
// usable size), a valid mark means the data must still be all 0xDD; any
// other byte is a write after free, reported with the block's address.
// Every problem is refused and recorded (errors.ts): nothing is freed, the
// heap stays as it was.

import { CLEANBYTE, DEADBYTE, FORBIDDENBYTE } from "../config";
import {
  OK, ERR_NOT_OURS, ERR_SIZE_OVERFLOW, ERR_WRONG_API, ERR_OVERRUN, ERR_UNDERRUN,
  ERR_USE_AFTER_FREE, fail,
} from "../errors";
import { MAX_REQUEST } from "../raw/block";
import {
  rawMalloc, rawMallocAligned, rawValidate, rawFree, rawUsableSize,
} from "../raw/raw";
import {
  objectMalloc, objectValidate, objectFree, objectUsableSize,
} from "../pymalloc/obmalloc";

export const API_RAW: u8 = 0x72; // 'r' PyMem_Raw*
export const API_MEM: u8 = 0x6d; // 'm' PyMem_*
export const API_OBJ: u8 = 0x6f; // 'o' PyObject_*
export const API_C: u8 = 0x63; // 'c' malloc/free

const PREFIX: usize = 16;
const SUFFIX: usize = 8;
const FREED_MAGIC: u32 = 0xdeadf1ed;
const DEAD_WORD: u32 = 0xdddddddd;

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

function freedMark(n: usize, base: usize, usable: usize): u32 {
  return <u32>(n ^ base ^ usable) ^ FREED_MAGIC;
}

/** Allocates n bytes of family `api` with guards; `zero` for calloc. */
export function debugMalloc(api: u8, n: usize, zero: bool): usize {
  if (n > MAX_REQUEST - PREFIX - SUFFIX) {
    fail(ERR_SIZE_OVERFLOW, 0, n);
    return 0;
  }
  let base = lowMalloc(api, n + PREFIX + SUFFIX);
  if (!base) return 0;
  if (findWriteAfterFree(base, lowUsable(api, base))) {
    // Report it, keep the damaged block out of circulation, and serve the
    // request from another block: the caller's program goes on.
    fail(ERR_USE_AFTER_FREE, badAddress, badSize);
    base = lowMalloc(api, n + PREFIX + SUFFIX);
    if (!base) return 0;
  }
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

// Where findWriteAfterFree found a written byte, and the block's size.
let badAddress: usize = 0;
let badSize: usize = 0;

// Whether block `base` was freed by this layer and written to since.
function findWriteAfterFree(base: usize, usable: usize): bool {
  let n = <usize>load<u32>(base, 8);
  if (load<u32>(base, 12) != freedMark(n, base, usable)) return false;
  // The raw layer keeps a boundary tag in a free block's last word.
  let end = PREFIX + n + SUFFIX;
  if (end > usable - 4) end = usable - 4;
  for (let i = PREFIX; i < end; i++) {
    if (load<u8>(base + i) != DEADBYTE) {
      badAddress = base + i;
      badSize = n;
      return true;
    }
  }
  return false;
}

/** Checks p's guards and family. OK, or the error (recorded). */
export function debugValidate(api: u8, p: usize): i32 {
  if ((p & 15) != 0 || p < PREFIX) return fail(ERR_NOT_OURS, p);
  let base = p - PREFIX;
  let e = lowValidate(api, base);
  if (e != OK) {
    // A block of the other domain (raw vs object) is a wrong-API error.
    let other = api == API_RAW ? objectValidate(base) : rawValidate(base);
    if (other == OK) return fail(ERR_WRONG_API, p, load<u32>(base));
    return fail(e, p);
  }
  let n = <usize>load<u32>(base);
  if (load<u8>(base, 8) != api) return fail(ERR_WRONG_API, p, n);
  for (let i: usize = 9; i < PREFIX; i++) {
    if (load<u8>(base + i) != FORBIDDENBYTE) return fail(ERR_UNDERRUN, base + i, n);
  }
  if (n + PREFIX + SUFFIX > lowUsable(api, base)) return fail(ERR_UNDERRUN, base, n);
  for (let i: usize = 0; i < SUFFIX; i++) {
    if (load<u8>(p + n + i) != FORBIDDENBYTE) return fail(ERR_OVERRUN, p + n + i, n);
  }
  return OK;
}

/** Frees p after checking it; returns the error code (nothing freed) or OK. */
export function debugFree(api: u8, p: usize): i32 {
  let e = debugValidate(api, p);
  if (e != OK) return e;
  let base = p - PREFIX;
  let n = <usize>load<u32>(base);
  let usable = lowUsable(api, base);
  memory.fill(base, DEADBYTE, n + PREFIX + SUFFIX);
  store<u32>(base, <u32>n, 8);
  store<u32>(base, freedMark(n, base, usable), 12);
  if (api == API_RAW) rawFree(base);
  else objectFree(base);
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

/** Checks the guards of a live block found by a heap walk (check.ts). */
export function debugCheckLive(base: usize): i32 {
  let api = load<u8>(base, 8);
  if (api != API_RAW && api != API_MEM && api != API_OBJ && api != API_C) {
    return fail(ERR_UNDERRUN, base, 0);
  }
  return debugValidate(api, base + PREFIX);
}

// The allocator's exports: the C ABI, CPython's three families and
// pyheap_*, named as C and CPython name them. Every entry exports them:
// index.ts (with the object layer and the collector), malloc.ts (the
// allocator alone, build/malloc.wasm) and unchecked.ts (build/unchecked.wasm).
//
//   C ABI             malloc calloc realloc free aligned_alloc malloc_usable_size
//   PyMem_Raw*        raw allocator (layer 1) directly
//   PyMem_*           object allocator (layer 2), as in CPython 3.6+
//   PyObject_*        object allocator (layer 2)
//   pyheap_*          what C cannot say: checked free, errors, limits,
//                     statistics and the heap check
//
// Layers, bottom up (each file calls only the one below it):
//   source/memory.ts   0  memory.grow, the maxMemory cap
//   raw/               1  TLSF over boundary-tagged blocks, arenas' storage
//   pymalloc/          2  size classes -> pools -> arenas
//   debug/guards.ts       PYTHONMALLOC=debug hooks (debug build only)
//   allocator.ts          the exports (this file)
//
// A pointer that the allocator did not hand out, or a block already freed,
// is refused: nothing changes, and the reason is kept for
// pyheap_last_error() (in the unchecked build, only what the address alone
// shows: config.ts UNCHECKED). Sizes whose arithmetic overflows give 0.

import { DEBUG, ALIGNMENT, FRESH_MEMORY_IS_ZERO } from "./config";
import {
  OK, ERR_SIZE_OVERFLOW, ERR_BAD_ALIGNMENT, fail,
  getLastError, getLastAddress, getLastSize, clearError,
} from "./errors";
import { setMaxBytes, maxBytes } from "./source/memory";
import {
  rawMalloc, rawMallocAligned, rawValidate, rawFree, rawRealloc, rawUsableSize, setHeapBase, rawTouchedEnd,
} from "./raw/raw";
import {
  objectMalloc, objectFree, objectReallocChecked, objectUsableSizeChecked,
} from "./pymalloc/obmalloc";
import {
  API_RAW, API_MEM, API_OBJ, API_C,
  debugMalloc, debugMallocAligned, debugFree, debugRealloc, debugUsableSize, debugFlushQuarantine,
} from "./debug/guards";
import { fillStats } from "./stats";
import { checkHeap } from "./check";
import { traceMalloc, traceFree, traceRealloc } from "./trace/trace";

// ------------------------------------------------ one implementation per verb
// Every family below is one of these with its API id; in the release build
// the id only chooses raw (PyMem_Raw*) or object (all others).

// @ts-ignore: decorator
@inline function familyMalloc(api: u8, n: usize): usize {
  let p = DEBUG ? debugMalloc(api, n, false) : api == API_RAW ? rawMalloc(n) : objectMalloc(n);
  traceMalloc(p, n);
  return p;
}

// @ts-ignore: decorator
@inline function familyCalloc(api: u8, nelem: usize, elsize: usize): usize {
  let total = <u64>nelem * <u64>elsize;
  if (total > <u64>0xffff_ffff) {
    fail(ERR_SIZE_OVERFLOW, 0, 0);
    return 0;
  }
  let n = <usize>total;
  let p: usize;
  if (DEBUG) p = debugMalloc(api, n, true);
  else {
    // Memory above what the heap had ever handed out is still zero (a
    // block carved from fresh pages): only the part below is cleared.
    let fresh = FRESH_MEMORY_IS_ZERO ? rawTouchedEnd() : <usize>-1;
    p = api == API_RAW ? rawMalloc(n) : objectMalloc(n);
    if (p && p < fresh) memory.fill(p, 0, (p + n <= fresh ? n : fresh - p));
  }
  traceMalloc(p, n);
  return p;
}

// @ts-ignore: decorator
@inline function familyFree(api: u8, p: usize): i32 {
  if (!p) return OK;
  let e: i32;
  if (DEBUG) e = debugFree(api, p);
  else if (api != API_RAW) e = objectFree(p);
  else {
    e = rawValidate(p);
    if (e == OK) rawFree(p);
  }
  if (e == OK) traceFree(p);
  return e;
}

// @ts-ignore: decorator
@inline function familyRealloc(api: u8, p: usize, n: usize): usize {
  // realloc(0, n): a call of malloc, not a copy of its fast path.
  if (!p) return DEBUG ? familyMalloc(api, n) : api == API_RAW ? PyMem_RawMalloc(n) : malloc(n);
  let q: usize;
  if (DEBUG) q = debugRealloc(api, p, n);
  else if (api == API_RAW) q = rawRealloc(p, n);
  else q = objectReallocChecked(p, n);
  traceRealloc(p, q, n);
  return q;
}

// @ts-ignore: decorator
@inline function familyUsableSize(api: u8, p: usize): usize {
  if (!p) return 0;
  if (DEBUG) return debugUsableSize(api, p);
  if (api == API_RAW) return rawValidate(p) == OK ? rawUsableSize(p) : 0;
  return objectUsableSizeChecked(p);
}

// ------------------------------------------------------------------- C ABI

export function malloc(size: usize): usize {
  return familyMalloc(API_C, size);
}
export function calloc(nelem: usize, elsize: usize): usize {
  return familyCalloc(API_C, nelem, elsize);
}
export function realloc(ptr: usize, size: usize): usize {
  return familyRealloc(API_C, ptr, size);
}
export function free(ptr: usize): void {
  familyFree(API_C, ptr);
}
export function malloc_usable_size(ptr: usize): usize {
  return familyUsableSize(API_C, ptr);
}
/** Power-of-two alignments; 0 (ERR_BAD_ALIGNMENT) for any other. */
export function aligned_alloc(alignment: usize, size: usize): usize {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    fail(ERR_BAD_ALIGNMENT, 0, alignment);
    return 0;
  }
  if (alignment <= ALIGNMENT) return familyMalloc(API_C, size);
  let p = DEBUG ? debugMallocAligned(size, alignment) : rawMallocAligned(size, alignment, 0);
  traceMalloc(p, size);
  return p;
}

// ------------------------------------------------------- CPython's layers

export function PyMem_RawMalloc(size: usize): usize {
  return familyMalloc(API_RAW, size);
}
export function PyMem_RawCalloc(nelem: usize, elsize: usize): usize {
  return familyCalloc(API_RAW, nelem, elsize);
}
export function PyMem_RawRealloc(ptr: usize, size: usize): usize {
  return familyRealloc(API_RAW, ptr, size);
}
export function PyMem_RawFree(ptr: usize): void {
  familyFree(API_RAW, ptr);
}

export function PyMem_Malloc(size: usize): usize {
  return familyMalloc(API_MEM, size);
}
export function PyMem_Calloc(nelem: usize, elsize: usize): usize {
  return familyCalloc(API_MEM, nelem, elsize);
}
export function PyMem_Realloc(ptr: usize, size: usize): usize {
  return familyRealloc(API_MEM, ptr, size);
}
export function PyMem_Free(ptr: usize): void {
  familyFree(API_MEM, ptr);
}

export function PyObject_Malloc(size: usize): usize {
  return familyMalloc(API_OBJ, size);
}
export function PyObject_Calloc(nelem: usize, elsize: usize): usize {
  return familyCalloc(API_OBJ, nelem, elsize);
}
export function PyObject_Realloc(ptr: usize, size: usize): usize {
  return familyRealloc(API_OBJ, ptr, size);
}
export function PyObject_Free(ptr: usize): void {
  familyFree(API_OBJ, ptr);
}

// ------------------------------------------------------------------ pyheap_*

/** free() that says why it refused: 0, or an error code (errors.ts). */
export function pyheap_free(ptr: usize): i32 {
  return familyFree(API_C, ptr);
}
/** The last refusal's code, the address it concerned, and a size. */
export function pyheap_last_error(): i32 {
  return getLastError();
}
export function pyheap_last_error_address(): usize {
  return getLastAddress();
}
export function pyheap_last_error_size(): usize {
  return getLastSize();
}
export function pyheap_clear_error(): void {
  clearError();
}
/** Caps the linear memory at `pages` 64 KiB pages (0: no cap). */
export function pyheap_set_max_pages(pages: u32): void {
  setMaxBytes(<u64>pages << 16);
}
export function pyheap_max_pages(): u32 {
  return <u32>(maxBytes() >> 16);
}
/** Fills the statistics record (stats.ts) and returns its address. */
export function pyheap_stats(): usize {
  return fillStats();
}
/** Walks the whole heap checking every invariant: 0, or ERR_CORRUPT with
 *  the address of the first problem (or a debug-build guard error). */
export function pyheap_check(): i32 {
  return checkHeap();
}
/** Debug build: frees every block waiting in the quarantine, checking that
 *  none was written after free (0, or ERR_USE_AFTER_FREE). Release: 0. */
export function pyheap_flush_quarantine(): i32 {
  return DEBUG ? debugFlushQuarantine() : OK;
}
/** 1 in the debug build. */
export function pyheap_is_debug(): i32 {
  return DEBUG ? 1 : 0;
}
/** Moves the heap above `base` (shared-memory builds); only before any
 *  allocation. */
export function pyheap_set_heap_base(base: usize): void {
  setHeapBase(base);
}

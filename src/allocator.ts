// createAllocator(): pyheap as a malloc for JavaScript. Each call creates
// its own Wasm instance, hence its own heap. Pointers are plain numbers
// (byte offsets into `memory`); the typed views below follow the memory
// when it grows.

import { instantiateBuild, type AllocatorBuild, type PyheapExports } from "./wasm.js";
import { ErrorCode, heapError, argumentError } from "./errors.js";
import { readStats, formatStats, type MallocStats } from "./stats.js";
import { closeAll } from "./closing.js";

export interface AllocatorOptions {
  /** "release" (default), "debug" (guard bytes and fill patterns, like
   *  PYTHONMALLOC=debug), "legacy" (CPython <= 3.9's 32-bit geometry) or
   *  "unchecked" (the allocator alone without live bits: faster, but a
   *  double free or a pointer into a block is not refused and corrupts the
   *  heap, as with dlmalloc; stats() and check() stay exact). */
  build?: AllocatorBuild;
  /** Cap on the Wasm memory in bytes (rounded down to 64 KiB pages).
   *  Allocations that would grow past it fail with MemoryError. */
  maxMemory?: number;
}

export interface Allocator {
  /** n bytes, 16-aligned (8 in the legacy build). Throws MemoryError. */
  malloc(size: number): number;
  /** nelem * elsize zeroed bytes. */
  calloc(nelem: number, elsize: number): number;
  /** Resizes ptr (0 acts as malloc); the old block stays valid on error.
   *  Refuses a bad ptr as free does (the unchecked build takes a freed
   *  small block). */
  realloc(ptr: number, size: number): number;
  /** Frees ptr (0 does nothing). Throws ReferenceError for a pointer this
   *  heap did not hand out or a block already freed; nothing changes. (The
   *  unchecked build refuses only pointers outside its pools and raw
   *  blocks, misaligned ones and those into a pool's header.) */
  free(ptr: number): void;
  /** size bytes aligned to a power of two. */
  alignedAlloc(alignment: number, size: number): number;
  /** Bytes usable at ptr (>= the size asked for). Refuses a bad ptr as
   *  free does (the unchecked build takes a freed small block). */
  usableSize(ptr: number): number;
  /** The Wasm memory (its buffer is replaced when it grows). */
  readonly memory: WebAssembly.Memory;
  /** Views of the whole memory, always of its current buffer. */
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  readonly view: DataView;
  /** Statistics whose totals add up to the memory size. */
  stats(): MallocStats;
  /** The same, as the text of CPython's sys._debugmallocstats(). */
  debugMallocStats(): string;
  /** Walks the heap checking every invariant (and, in the debug build,
   *  every live block's guards). Throws HeapCorruptionError. */
  check(): void;
  /** Debug build: frees the blocks held in the quarantine (each checked
   *  for writes after free), so stats() show the heap as the program left
   *  it. Does nothing in the other builds. */
  flushQuarantine(): void;
  /** The module's raw exports (the C ABI), for advanced use. */
  readonly exports: PyheapExports;
  /** Lets the heap go: afterwards every use of the allocator raises
   *  ReferenceError("pyheap: this allocator was closed"). */
  close(): void;
}

// Pointers and sizes are unsigned 32-bit numbers: the module's i32
// results are read with `>>> 0`, and numbers up to 2**32-1 given to its
// i32 parameters arrive as the same bits.

// One inlined test per argument (an integer from 0 to 2**32-1 is its own
// `>>> 0`); the error is built out of line (inline, it made a
// calloc+realloc+free a third slower).

function checkSize(what: string, name: string, n: unknown): number {
  if (typeof n !== "number" || n >>> 0 !== n) throw sizeError(what, name, n);
  return n;
}

function checkPointer(what: string, p: unknown): number {
  if (typeof p !== "number" || p >>> 0 !== p) throw pointerError(what, p);
  return p;
}

function sizeError(what: string, name: string, n: unknown): Error {
  if (typeof n !== "number") {
    return argumentError(new TypeError(`${what}: ${name} must be a number, got ${typeof n}`), ErrorCode.SIZE_OVERFLOW, {});
  }
  return argumentError(
    new RangeError(`${what}: ${name} must be an integer from 0 to 2**32-1, got ${n}`), ErrorCode.SIZE_OVERFLOW, { size: n },
  );
}

function pointerError(what: string, p: unknown): Error {
  if (typeof p !== "number") {
    return argumentError(new TypeError(`${what}: pointer must be a number, got ${typeof p}`), ErrorCode.NOT_OURS, {});
  }
  return argumentError(new ReferenceError(`${what}: ${p} is not a pointer`), ErrorCode.NOT_OURS, { address: p });
}

// One allocator's views, under STATE (not enumerable), for VIEWS.
const STATE = Symbol("pyheap.allocator.views");
interface ViewState {
  ex: PyheapExports;
  u8: Uint8Array;
  i32: Int32Array;
  u32: Uint32Array;
  f64: Float64Array;
  view: DataView;
}

function setViews(s: ViewState): ViewState {
  const buffer = s.ex.memory.buffer;
  s.u8 = new Uint8Array(buffer);
  s.i32 = new Int32Array(buffer);
  s.u32 = new Uint32Array(buffer);
  s.f64 = new Float64Array(buffer);
  s.view = new DataView(buffer);
  return s;
}

/** The views, remade once the memory grew: that detaches them (length 0;
 *  the memory never is empty). memory.buffer, an API call (~20x a view
 *  access), is read only then. */
function viewsOf(a: object): ViewState {
  const s = (a as { [STATE]: ViewState })[STATE];
  return s.u8.length !== 0 ? s : setViews(s);
}

// The same getters for every allocator: V8 gives objects with the same
// accessors one fast map; getters made per allocator put every allocator
// but the first in dictionary mode (each `alloc.malloc` a hash lookup).
const getter = (get: (this: object) => unknown): PropertyDescriptor => ({ get, enumerable: true, configurable: true });
const VIEWS: PropertyDescriptorMap = {
  memory: getter(function () { return viewsOf(this).ex.memory; }),
  u8: getter(function () { return viewsOf(this).u8; }),
  i32: getter(function () { return viewsOf(this).i32; }),
  u32: getter(function () { return viewsOf(this).u32; }),
  f64: getter(function () { return viewsOf(this).f64; }),
  view: getter(function () { return viewsOf(this).view; }),
  exports: getter(function () { return (this as { [STATE]: ViewState })[STATE].ex; }),
};

export async function createAllocator(options: AllocatorOptions = {}): Promise<Allocator> {
  const build = options.build ?? "release";
  if (build !== "release" && build !== "debug" && build !== "legacy" && build !== "unchecked") {
    throw new TypeError(`createAllocator: unknown build ${JSON.stringify(build)}`);
  }
  const ex = await instantiateBuild(build);
  if (options.maxMemory !== undefined) {
    const max = checkSize("createAllocator", "maxMemory", options.maxMemory);
    ex.pyheap_set_max_pages(Math.max(1, Math.floor(max / 65536)));
  }
  const debug = ex.pyheap_is_debug() === 1;
  const maxBytes = () => ex.pyheap_max_pages() * 65536;

  // The error the module recorded for the call that just failed.
  const lastError = (what: string): Error => {
    const err = heapError(what, {
      code: ex.pyheap_last_error(),
      address: ex.pyheap_last_error_address(),
      size: ex.pyheap_last_error_size(),
    }, maxBytes());
    ex.pyheap_clear_error();
    return err;
  };
  // The result of an allocating call, past its fast path: 0 is the
  // recorded error. The debug build may report a write after free that it
  // met while allocating; the allocation itself succeeded, so it is
  // released again and the report raised. The call's text, `name(a, b)`,
  // is built only for an error, and the callers capture nothing, so that a
  // successful call allocates nothing in JS.
  const allocated = (p: number, name: string, a: number, b?: number): number => {
    const what = () => `${name}(${a}${b === undefined ? "" : `, ${b}`})`;
    if (p === 0) throw lastError(what());
    if (debug && ex.pyheap_last_error() !== ErrorCode.OK) {
      const err = lastError(what());
      ex.free(p);
      throw err;
    }
    return p >>> 0;
  };

  const views = setViews({ ex } as ViewState);

  let closed = false;
  // The methods go in the literal and the views are defined after it (V8
  // keeps an object literal with a getter in dictionary mode), from VIEWS
  // (see there).
  const methods = {
    malloc(size: number) {
      checkSize("malloc", "size", size);
      if (debug) ex.pyheap_clear_error();
      const p = ex.malloc(size);
      return p !== 0 && !debug ? p >>> 0 : allocated(p, "malloc", size);
    },
    calloc(nelem: number, elsize: number) {
      checkSize("calloc", "nelem", nelem);
      checkSize("calloc", "elsize", elsize);
      if (debug) ex.pyheap_clear_error();
      return allocated(ex.calloc(nelem, elsize), "calloc", nelem, elsize);
    },
    realloc(ptr: number, size: number) {
      checkPointer("realloc", ptr);
      checkSize("realloc", "size", size);
      if (debug) ex.pyheap_clear_error();
      return allocated(ex.realloc(ptr, size), "realloc", ptr, size);
    },
    free(ptr: number) {
      checkPointer("free", ptr);
      if (ex.pyheap_free(ptr) !== ErrorCode.OK) throw lastError(`free(${ptr})`);
    },
    alignedAlloc(alignment: number, size: number) {
      checkSize("alignedAlloc", "alignment", alignment);
      checkSize("alignedAlloc", "size", size);
      if (debug) ex.pyheap_clear_error();
      return allocated(ex.aligned_alloc(alignment, size), "alignedAlloc", alignment, size);
    },
    usableSize(ptr: number) {
      checkPointer("usableSize", ptr);
      if (ptr === 0) return 0;
      ex.pyheap_clear_error();
      const n = ex.malloc_usable_size(ptr) >>> 0;
      if (n === 0 && ex.pyheap_last_error() !== ErrorCode.OK) throw lastError(`usableSize(${ptr})`);
      return n;
    },
    stats: () => readStats(ex),
    debugMallocStats: () => formatStats(readStats(ex)),
    check() {
      if (ex.pyheap_check() !== ErrorCode.OK) throw lastError("check()");
    },
    flushQuarantine() {
      if (ex.pyheap_flush_quarantine() !== ErrorCode.OK) throw lastError("flushQuarantine()");
    },
    close() {
      if (closed) return;
      closed = true;
      closeAll(allocator, "allocator");
    },
  };
  Object.defineProperty(methods, STATE, { value: views });
  const allocator = Object.defineProperties(methods, VIEWS) as Allocator;
  return allocator;
}

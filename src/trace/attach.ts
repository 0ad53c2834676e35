// tracemalloc for each kind of pyheap: heap.tracemalloc (objects: a Ref's
// block is found by the module) and tracemallocFor() (an allocator or a
// shared-memory pyheap: a pointer is its block).

import { createTracemalloc, type TraceExports, type Tracemalloc } from "./tracemalloc.js";
import { allocatorLeaks } from "../leaks/report.js";
import { readStats } from "../stats.js";
import type { PyheapExports } from "../wasm.js";

interface HeapSide {
  ex(): TraceExports & { pyobj_check(op: number): number; pyheap_trace_object_block(op: number): number };
  /** Checks a Ref argument's stamp (src/heap/refs.ts). */
  ref(what: string, v: unknown): number;
  fail(what: string): Error;
}

export function heapTracemalloc(h: HeapSide): Tracemalloc {
  return createTracemalloc({
    ex: h.ex,
    blockOf(o) {
      const addr = h.ref("getObjectTraceback", o) >>> 0; // a Ref's low 32 bits are the address
      if (h.ex().pyobj_check(addr) !== 0) throw h.fail("getObjectTraceback");
      return h.ex().pyheap_trace_object_block(addr) >>> 0;
    },
  });
}

/** tracemalloc for an allocator from createAllocator() or a shared-memory
 *  pyheap from instantiateShared(): the same module, with blocks as
 *  pointers. A Wasm client's allocations get the JavaScript frames that
 *  called into it, and their tag. */
export function tracemallocFor(target: { readonly exports: object }): Tracemalloc {
  const ex = () => target.exports as unknown as TraceExports;
  if (typeof ex().pyheap_trace_start !== "function") {
    throw new TypeError("tracemallocFor: this module has no tracing (build/malloc.wasm, build/unchecked.wasm); "
      + "use instantiateShared({ heap: \"shared\" }), or createAllocator() with the release, debug or legacy build");
  }
  return createTracemalloc({
    ex,
    blockOf(p) {
      if (typeof p !== "number" || p >>> 0 !== p) throw new TypeError(`getObjectTraceback: expected a pointer, got ${String(p)}`);
      return p;
    },
  });
}

/** The live blocks of an allocator (createAllocator(), instantiateShared())
 *  by size class, and by tag when `tracemalloc` is tracing. */
export function allocatorLeaksOf(target: { readonly exports: object }, tracemalloc?: Tracemalloc) {
  return allocatorLeaks(readStats(target.exports as PyheapExports), tracemalloc ?? null);
}

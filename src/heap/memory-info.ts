// heap.memoryInfo(): the memory a process-level probe (psutil's uss, as
// Python scripts print it) would show, for the Wasm heap. Wasm memory only grows, so wasmMemoryBytes is the process-size
// analogue that never falls; bytesInUse is the one that rises and falls
// back as objects come and go.

import { readStats } from "../stats.js";
import type { ObjectExports } from "./exports.js";
import { T, N_TYPES } from "./types.js";

export interface MemoryInfo {
  /** Size of the Wasm linear memory (never shrinks). */
  wasmMemoryBytes: number;
  /** Bytes in live blocks (objects, their arrays and tables, free lists). */
  bytesInUse: number;
  /** Bytes the allocator holds free for reuse. */
  bytesFree: number;
  /** pymalloc arenas and pools in use. */
  arenas: number;
  pools: number;
  /** Live heap objects by Python type name (the static immortal objects
   *  -- None, True, False, small ints, one-character strings, (), '',
   *  b'' -- are not counted; nor are objects parked on free lists). */
  objects: Record<string, number>;
  liveObjects: number;
  /** Objects parked on the per-type free lists. */
  freeListObjects: number;
  /** Strings in the interned table. */
  internedStrings: number;
  /** Containers tracked by the cycle collector (every generation, the
   *  frozen ones included). */
  gcTracked: number;
  /** JavaScript callbacks held for weakrefs and weakref.finalize (those
   *  of weakrefs that died without calling are dropped as the table
   *  grows: it stays under twice the live ones, plus a few). */
  weakrefCallbacks: number;
}

/** typeIdName: the module's name for a type id (fail.ts). */
export function memoryInfo(ex: ObjectExports, weakrefCallbacks: number, typeIdName: (t: number) => string): MemoryInfo {
  const s = readStats(ex);
  const objects: Record<string, number> = {};
  let live = 0;
  for (let t: number = T.INT; t < N_TYPES; t++) {
    const n = ex.pyobj_live_count(t);
    const name = t === T.INSTANCE ? "instance" : typeIdName(t);
    objects[name] = (objects[name] ?? 0) + n;
    live += n;
  }
  return {
    wasmMemoryBytes: s.memory.bytes,
    bytesInUse: s.totals.inUseBytes,
    bytesFree: s.totals.freeBytes,
    arenas: s.arenas.current,
    pools: s.pools.used,
    objects,
    liveObjects: live,
    freeListObjects: ex.pyobj_freelist_count(),
    internedStrings: ex.pyobj_interned_count(),
    gcTracked: ex.pyobj_gc_tracked(),
    weakrefCallbacks,
  };
}

// pyheap: CPython's memory manager rebuilt for WebAssembly.
//
// Ownership (CPython's C API rules): a function that returns a block or an
// object returns something the caller owns and must release; arguments are
// borrowed.

export { createAllocator } from "./allocator.js";
export type { Allocator, AllocatorOptions } from "./allocator.js";
export type { MallocStats, SizeClassStats } from "./stats.js";
export { formatStats } from "./stats.js";
export { MemoryError, HeapCorruptionError, ErrorCode } from "./errors.js";
export type { HeapErrorDetails } from "./errors.js";
export type { Build, AllocatorBuild, PyheapExports, WasmBytes } from "./wasm.js";
export { wasmURL } from "./wasm.js";
export { instantiateShared, SHARED_DATA_END, type SharedOptions, type SharedHeap } from "./shared.js";
export { runWasi, type RunWasiOptions, type WasiRun } from "./wasi/run.js";
export { checkClient } from "./client-layout.js";
export type { Directory } from "./wasi/preview1.js";
export { createHeap, KeyError, IndexError, AttributeError, ValueError, RecursionError } from "./heap/index.js";
export type {
  Heap, HeapOptions, ClassOptions, StrOptions, Ref, MemoryInfo, ObjectExports, Handle, DroppedHandles,
} from "./heap/index.js";
export type {
  GC, GCCallback, GCInfo, GCPhase, GCGenerationStats, WeakrefModule, WeakCallback, Finalizer, WeakValueDictionary,
} from "./heap/index.js";
export { tracemallocFor, allocatorLeaksOf } from "./trace/attach.js";
export type { HeapLeakReport, AllocatorLeakReport, UnreachableObject } from "./leaks/report.js";
export { RuntimeError, type Tracemalloc, type StartOptions } from "./trace/tracemalloc.js";
export {
  Snapshot, Statistic, StatisticDiff, Traceback, Frame, Filter, DomainFilter, type Trace, type KeyType,
} from "./trace/snapshot.js";
export { renderHeapMap } from "./map/render.js";
export type { MapTarget, HeapMapOptions, HeapMapView, GenerationCounts, TimelineSample } from "./map/render.js";
export type { HeapMapData, MapBlock, MapArena, MapPool, MapPoolBlocks, BlockKind } from "./map/read.js";

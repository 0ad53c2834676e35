// The object layer's facade: createHeap() and what goes with it.
export { createHeap } from "./heap.js";
export type { Heap, HeapOptions, ClassOptions, StrOptions, Ref } from "./api.js";
export type { MemoryInfo } from "./memory-info.js";
export type { Handle, DroppedHandles } from "./handles.js";
export type { GC, GCCallback, GCInfo, GCPhase, GCGenerationStats } from "./gc.js";
export type { WeakrefModule, WeakCallback, Finalizer, WeakValueDictionary } from "./weakref.js";
export { KeyError, IndexError, AttributeError, ValueError, RecursionError } from "./errors.js";
export type { ObjectExports } from "./exports.js";

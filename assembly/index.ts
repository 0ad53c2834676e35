// The Wasm module's contract: every export, named as C and CPython name them.
// The allocator's (allocator.ts), then the object layer's and the
// collector's; malloc.ts is the same without those two.

export * from "./allocator";
export * from "./objects/exports";
export * from "./gc/exports";
export * from "./constants";
export * from "./trace/exports";
export * from "./map";

// pyheap_init, cabi_realloc and the shared-memory build's data bounds.
// Keep this export last: shared.ts's start code hashes pyheap's statics
// after every other file's start code has written them.
export * from "./shared";

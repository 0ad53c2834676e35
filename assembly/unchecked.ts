// Entry of build/unchecked.wasm: the allocator alone (allocator.ts) in its
// own memory, compiled with PYHEAP_UNCHECKED (config.ts UNCHECKED), and the
// heap map's walks (map.ts), so that createAllocator({ build: "unchecked" })
// can be drawn like the other builds. index.ts is the full module.

export * from "./allocator";
export * from "./map";

// Last, as in index.ts: shared.ts's start code hashes pyheap's statics
// after every other file's start code has written them.
export * from "./shared";

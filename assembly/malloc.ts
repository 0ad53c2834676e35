// Entry of build/malloc.wasm: pyheap as a C malloc and nothing else (the
// raw layer and pymalloc, with the C ABI, CPython's families, pyheap_init
// and the checks), for a client that links it as its malloc and has no use
// for the object layer or the collector. index.ts is the full module.

export * from "./allocator";

// Last, as in index.ts: shared.ts's start code hashes pyheap's statics
// after every other file's start code has written them.
export * from "./shared";

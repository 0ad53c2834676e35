// Error codes shared by every layer. A refused request leaves the heap as it
// was and records what went wrong here; the C ABI keeps its void/NULL
// signatures and a client asks `pyheap_last_error*()` for the reason. The
// TypeScript facade turns each code into an exception with a message.
// Recording happens only on the (slow) error paths.

export const OK: i32 = 0;
/** The pointer was not handed out by this allocator (outside the heap,
 *  misaligned, or not the start of a block). */
export const ERR_NOT_OURS: i32 = 1;
/** The pointer is the start of a block that is already free. */
export const ERR_DOUBLE_FREE: i32 = 2;
/** Memory could not grow (maxMemory cap, or 4 GiB less one page: the wasm32 limit). */
export const ERR_OUT_OF_MEMORY: i32 = 3;
/** A size computation overflowed (calloc n*size, or a size near 4 GiB). */
export const ERR_SIZE_OVERFLOW: i32 = 4;
/** aligned_alloc with an alignment that is not a power of two. */
export const ERR_BAD_ALIGNMENT: i32 = 5;
/** Debug build: freed or resized through another API family than the one
 *  that allocated it (e.g. PyObject_Malloc then PyMem_Free). */
export const ERR_WRONG_API: i32 = 6;
/** Debug build: the guard bytes after the block were overwritten. */
export const ERR_OVERRUN: i32 = 7;
/** Debug build: the guard bytes before the block were overwritten. */
export const ERR_UNDERRUN: i32 = 8;
/** Debug build: a freed block was written to before it was reused. */
export const ERR_USE_AFTER_FREE: i32 = 9;
/** check(): a heap invariant does not hold (a bug, or a stray write). */
export const ERR_CORRUPT: i32 = 10;
/** pyheap_init: a heap region that overlaps pyheap's statics, is too small
 *  or lies below pages that already exist, or a call after allocation
 *  started (shared.ts). */
export const ERR_BAD_REGION: i32 = 11;

let lastError: i32 = OK;
let lastAddress: usize = 0;
let lastSize: usize = 0;

/** Records an error; returns the code so callers can `return fail(...)`. */
export function fail(code: i32, address: usize, size: usize = 0): i32 {
  lastError = code;
  lastAddress = address;
  lastSize = size;
  return code;
}

export function getLastError(): i32 {
  return lastError;
}
export function getLastAddress(): usize {
  return lastAddress;
}
export function getLastSize(): usize {
  return lastSize;
}
export function clearError(): void {
  lastError = OK;
  lastAddress = 0;
  lastSize = 0;
}

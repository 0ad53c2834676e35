// AssemblyScript's own TLSF allocator (~lib/rt/tlsf) exposed with the C ABI.
//
// Built with `--runtime minimal` (see ../build.sh): heap.alloc/realloc/free
// are then TLSF's __alloc/__realloc/__free, un-managed (no GC header, no
// collector involvement). TLSF returns 16-byte aligned blocks.
//
// C semantics that TLSF does not provide itself are added here:
//  - realloc(NULL, n) is malloc(n) (TLSF asserts on a NULL block);
//  - free(NULL) is a no-op (TLSF already ignores ptr < __heap_base);
//  - calloc zeroes (TLSF reuses blocks without clearing them).
// Out of memory or a size above TLSF's 1 GiB block limit traps (unreachable)
// instead of returning NULL: that is TLSF's own behaviour, kept on purpose.

export function malloc(size: usize): usize {
  return heap.alloc(size);
}

export function free(ptr: usize): void {
  if (ptr) heap.free(ptr);
}

export function realloc(ptr: usize, size: usize): usize {
  if (!ptr) return heap.alloc(size);
  return heap.realloc(ptr, size);
}

export function calloc(n: usize, size: usize): usize {
  const total = n * size;
  if (size && total / size != n) return 0; // overflow
  const ptr = heap.alloc(total);
  memory.fill(ptr, 0, total);
  return ptr;
}

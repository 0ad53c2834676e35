/*
 * Bump allocator baseline: free() is a no-op, memory is never reused. It is
 * the speed limit of an allocator with no reuse, not a usable malloc.
 *
 * Every block has a 16-byte header (holding the requested size) so that
 * realloc can copy min(old, new) bytes; user pointers are 16-byte aligned.
 * Memory grows with memory.grow in 64 KiB pages, by exactly what is needed.
 * calloc needs no memset: memory.grow hands out zeroed pages and a bump
 * allocator never gives the same byte out twice.
 *
 * Built by bench/baselines/build.sh (clang --target=wasm32 -nostdlib
 * -mbulk-memory, so __builtin_memcpy lowers to memory.copy).
 */
typedef __SIZE_TYPE__ size_t;
typedef unsigned int u32;

#define HEADER 16u
#define PAGE 65536u

extern unsigned char __heap_base; /* provided by wasm-ld */
static u32 top;                   /* next free header address; 0 = not initialised */

__attribute__((export_name("malloc"))) void *malloc(size_t size) {
  if (!top) top = ((u32)&__heap_base + 15u) & ~15u;
  if (size > 0xFFFFFFFFu - HEADER - 15u - top) return 0;
  u32 hdr = top;
  u32 end = hdr + HEADER + (((u32)size + 15u) & ~15u);
  u32 have = (u32)__builtin_wasm_memory_size(0) * PAGE;
  if (end > have) {
    u32 pages = (end - have + PAGE - 1) / PAGE;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) return 0;
  }
  top = end;
  *(u32 *)hdr = (u32)size;
  return (void *)(hdr + HEADER);
}

__attribute__((export_name("free"))) void free(void *p) { (void)p; }

__attribute__((export_name("calloc"))) void *calloc(size_t n, size_t size) {
  if (size && n > 0xFFFFFFFFu / size) return 0;
  return malloc(n * size); /* fresh memory is already zero, see above */
}

__attribute__((export_name("realloc"))) void *realloc(void *p, size_t size) {
  if (!p) return malloc(size);
  u32 old = *(u32 *)((u32)p - HEADER);
  void *q = malloc(size);
  if (q) __builtin_memcpy(q, p, old < size ? old : size);
  return q;
}

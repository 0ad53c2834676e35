/*
 * The null allocator: the cost of a benchmark loop without an allocator.
 *
 * malloc, realloc and aligned_alloc return one fixed, 64-byte aligned scratch
 * block (grown to the largest size ever asked for), free does nothing. The
 * roofline and replay drivers call it exactly as they call a real allocator,
 * so its time per operation is the loop's own cost (the wasm->wasm calls, the
 * tags written and read, the table bookkeeping), which the harness subtracts.
 * Never a usable malloc: every block is the same block.
 *
 * The harness's own tables must not overlap the scratch block, so they come
 * from harness_malloc, a bump pointer below it; harness_malloc refuses (0)
 * once the scratch block exists.
 *
 * Built by bench/driver/build.sh (clang --target=wasm32 -nostdlib).
 */
typedef __SIZE_TYPE__ size_t;
typedef unsigned int u32;

#define PAGE 65536u
#define EXPORT(name) __attribute__((export_name(name)))

extern unsigned char __heap_base; /* provided by wasm-ld */
static u32 top;                   /* harness bump pointer; 0 = not initialised */
static u32 scratch;               /* the one block; 0 until the first malloc */

/* Grows memory so that [0, end) is addressable; 0 when it cannot. */
static u32 reach(u32 end) {
  u32 have = (u32)__builtin_wasm_memory_size(0) * PAGE;
  if (end <= have) return 1;
  return __builtin_wasm_memory_grow(0, (end - have + PAGE - 1) / PAGE) != (size_t)-1;
}

static __attribute__((noinline)) void *scratch_generic(size_t size) {
  if (!top) top = ((u32)&__heap_base + 63u) & ~63u;
  if (!scratch) scratch = (top + 63u) & ~63u;
  if (size > 0xFFFFFFFFu - 64u - scratch || !reach(scratch + (u32)size)) return 0;
  return (void *)scratch;
}

static inline void *block(size_t size) {
  if (scratch && scratch + (u32)size <= (u32)__builtin_wasm_memory_size(0) * PAGE) return (void *)scratch;
  return scratch_generic(size);
}

EXPORT("malloc") void *malloc(size_t size) { return block(size); }
EXPORT("calloc") void *calloc(size_t n, size_t size) { return block(n * size); }
EXPORT("realloc") void *realloc(void *p, size_t size) { (void)p; return block(size); }
EXPORT("aligned_alloc") void *aligned_alloc(size_t align, size_t size) { (void)align; return block(size); }
EXPORT("free") void free(void *p) { (void)p; }

EXPORT("harness_malloc") void *harness_malloc(size_t size) {
  if (scratch) return 0;
  if (!top) top = ((u32)&__heap_base + 63u) & ~63u;
  u32 p = top, end = p + (((u32)size + 63u) & ~63u);
  if (end < p || !reach(end)) return 0;
  top = end;
  return (void *)p;
}

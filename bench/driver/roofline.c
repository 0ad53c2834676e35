/*
 * pyheap roofline workloads (wasm32, freestanding): allocation loops that run
 * entirely in Wasm, so one JS->Wasm call pays for a whole timed loop.
 *
 * Linked like driver.c: it imports env.memory and env.malloc/free/realloc/
 * aligned_alloc, filled with the allocator module's own exports, so every
 * allocator pays the same wasm->wasm call per operation, and the null
 * allocator (null.c) measures the loop's own cost, which the harness
 * subtracts. It owns no memory: every table it needs lives in a block the
 * harness allocated before the timed call (through the allocator under test,
 * or the null allocator's harness_malloc), and every other value is a local.
 *
 * The workload shapes follow the wasm allocation-cost roofline study
 * (bpowers/wasmalloc, bench/roofline) and talc's random-actions benchmark;
 * bench/suites/roofline/workloads.js lists them with their units.
 *
 * Every block is written (first and last byte) and read back before it is
 * freed; the bytes read are folded into the returned checksum, which depends
 * only on the workload for a correct allocator, so the harness compares it
 * across allocators. Addresses are never folded in.
 *
 * Table layouts (u32 words):
 *   batch:  ptr[1000]
 *   churn:  rng (2 words), then live x [ptr, size]
 *   random: len, unused, then RA_CAP x [ptr, size]
 */
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned char u8;

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
IMPORT("malloc") void *malloc(__SIZE_TYPE__ size);
IMPORT("free") void free(void *p);
IMPORT("realloc") void *realloc(void *p, __SIZE_TYPE__ size);
IMPORT("aligned_alloc") void *aligned_alloc(__SIZE_TYPE__ align, __SIZE_TYPE__ size);

#define EXPORT(name) __attribute__((export_name(name)))

/* Exported mutable i32 global: set to 1 when an allocation returned NULL or a
 * misaligned block; the harness reads it after every call. */
__asm__(".globaltype failed, i32\n.globl failed\nfailed:\n");
static inline void set_failed(u32 v) {
  __asm__ volatile("local.get %0\n global.set failed" ::"r"(v));
}

static inline u32 rotl(u32 x, u32 r) { return (x << r) | (x >> (32 - r)); }
static inline u32 mix(u32 h, u32 v) { return rotl((h ^ v) * 0x9E3779B1u, 15); }

/* xorshift64*: small, fast, and the same sequence for every allocator. */
static inline u64 rng_next(u64 *s) {
  u64 x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DULL;
}
/* Uniform in [0, n) by multiply-shift of the top 32 bits. */
static inline u32 below(u64 *s, u32 n) { return (u32)(((rng_next(s) >> 32) * (u64)n) >> 32); }

static inline void tag(u8 *p, u32 size, u32 t) {
  p[size - 1] = (u8)(t >> 8);
  p[0] = (u8)t;
}
static inline u32 read_tag(u32 h, const u8 *p, u32 size) { return mix(mix(h, p[0]), p[size - 1]); }

/* --- 32-byte alloc+free: the cache-hot fast path ------------------------- */

/* n pairs of malloc(size)/free; align_mask checks the blocks' alignment
 * (0 = no check). One op = one pair. */
EXPORT("alloc_free") u32 alloc_free(u32 n, u32 size, u32 align_mask) {
  u32 h = 0;
  set_failed(0);
  for (u32 i = 0; i < n; i++) {
    u8 *p = malloc(size);
    if (!p || ((u32)p & align_mask)) { set_failed(1); return h; }
    tag(p, size, i);
    h = read_tag(h, p, size);
    free(p);
  }
  return h;
}

/* The same through aligned_alloc(align, size). */
EXPORT("alloc_free_aligned") u32 alloc_free_aligned(u32 n, u32 size, u32 align) {
  u32 h = 0;
  set_failed(0);
  for (u32 i = 0; i < n; i++) {
    u8 *p = aligned_alloc(align, size);
    if (!p || ((u32)p & (align - 1))) { set_failed(1); return h; }
    tag(p, size, i);
    h = read_tag(h, p, size);
    free(p);
  }
  return h;
}

/* --- batches: 1000 allocations, then 1000 frees ------------------------- */

#define BATCH 1000u

/* rounds x (BATCH x malloc(size), then BATCH frees, last-in-first-out when
 * lifo, else first-in-first-out). One op = one alloc+free pair. */
EXPORT("batch") u32 batch(u32 rounds, u32 size, u32 lifo, u8 **slots) {
  u32 h = 0;
  set_failed(0);
  for (u32 r = 0; r < rounds; r++) {
    for (u32 i = 0; i < BATCH; i++) {
      u8 *p = malloc(size);
      if (!p) { set_failed(1); return h; }
      tag(p, size, i + r);
      slots[i] = p;
    }
    for (u32 k = 0; k < BATCH; k++) {
      u8 *p = slots[lifo ? BATCH - 1 - k : k];
      h = read_tag(h, p, size);
      free(p);
    }
  }
  return h;
}

/* --- churn: free one, allocate one, among a fixed live set -------------- */

/* Sizes uniform over the multiples of 8 in 16..1024. */
static inline u32 churn_size(u64 *rng) { return 16u + 8u * below(rng, 127u); }

/* Setup (untimed): live blocks of random sizes. */
EXPORT("churn_init") u32 churn_init(u32 *tab, u32 live) {
  u64 rng = 0x5EED1234ABCD0001ULL;
  u32 *e = tab + 2;
  set_failed(0);
  for (u32 i = 0; i < live; i++) {
    u32 size = churn_size(&rng);
    u8 *p = malloc(size);
    if (!p) { set_failed(1); return 0; }
    tag(p, size, i);
    e[2 * i] = (u32)p;
    e[2 * i + 1] = size;
  }
  *(u64 *)tab = rng;
  return live;
}

/* steps x (free a random live block, allocate a replacement of a fresh
 * random size). One op = one step. As in the study's definition, the loop
 * touches one byte of each block (its first): the live set is ~5 MB, so a
 * second byte (the last, on another cache line) would add a cache miss per
 * block that every allocator pays and the null allocator's scratch block
 * does not, and the figure would measure the memory system, not the
 * allocator. The first byte is where allocators keep their free-list links
 * anyway. */
EXPORT("churn") u32 churn(u32 steps, u32 *tab, u32 live) {
  u64 rng = *(u64 *)tab;
  u32 *e = tab + 2;
  u32 h = 0;
  set_failed(0);
  for (u32 s = 0; s < steps; s++) {
    u32 i = below(&rng, live);
    u8 *old = (u8 *)e[2 * i];
    h = mix(h, old[0]);
    free(old);
    u32 size = churn_size(&rng);
    u8 *p = malloc(size);
    if (!p) { set_failed(1); break; }
    p[0] = (u8)s;
    e[2 * i] = (u32)p;
    e[2 * i + 1] = size;
  }
  *(u64 *)tab = rng;
  return h;
}

/* Teardown (untimed): free the live set. */
EXPORT("churn_fini") u32 churn_fini(u32 *tab, u32 live) {
  u32 *e = tab + 2;
  u32 h = 0;
  for (u32 i = 0; i < live; i++) {
    u8 *p = (u8 *)e[2 * i];
    if (!p) continue;
    h = mix(h, p[0]); /* churn() writes only the first byte */
    free(p);
    e[2 * i] = 0;
  }
  return h;
}

/* --- talc's random actions ---------------------------------------------- */

#define RA_MAX_SIZE 10000u
#define RA_FLOOR 100u

/* talc's size shape: a bound in 1..10000, then a size in 1..bound, so small
 * requests dominate while the tail still reaches 10 KB. */
static inline u32 ra_size(u64 *rng) {
  u32 bound = 1u + below(rng, RA_MAX_SIZE);
  return 1u + below(rng, bound);
}

/* From an empty live set, each action allocates (3/7), frees a random live
 * block (3/7) or reallocs one to a fresh random size (1/7); without realloc,
 * alloc and free are 1/2 each. Below RA_FLOOR live blocks every action
 * allocates; at cap every action frees. Every call performs the same action
 * sequence. One op = one action. Blocks come from malloc (alignment is each
 * allocator's own: talc's 16/32/64-byte alignment requests need an aligned
 * allocation call that not every allocator here exports). */
EXPORT("random_actions") u32 random_actions(u32 actions, u32 *tab, u32 cap, u32 with_realloc) {
  u64 rng = 0x7A1C00005EED0002ULL;
  u32 *e = tab + 2;
  u32 len = 0, h = 0;
  u32 choices = with_realloc ? 7u : 6u;
  set_failed(0);
  for (u32 s = 0; s < actions; s++) {
    u32 action = len < RA_FLOOR ? 0u : len >= cap ? 3u : below(&rng, choices);
    if (action < 3u) {
      u32 size = ra_size(&rng);
      u8 *p = malloc(size);
      if (!p) { set_failed(1); break; }
      tag(p, size, s);
      e[2 * len] = (u32)p;
      e[2 * len + 1] = size;
      len++;
    } else if (action < 6u) {
      u32 i = below(&rng, len);
      u8 *p = (u8 *)e[2 * i];
      h = read_tag(h, p, e[2 * i + 1]);
      free(p);
      len--;
      e[2 * i] = e[2 * len];
      e[2 * i + 1] = e[2 * len + 1];
    } else {
      u32 i = below(&rng, len);
      u32 size = ra_size(&rng);
      u8 *p = realloc((u8 *)e[2 * i], size);
      if (!p) { set_failed(1); break; }
      h = mix(h, p[0]); /* the first byte survives any realloc */
      tag(p, size, s);
      e[2 * i] = (u32)p;
      e[2 * i + 1] = size;
    }
  }
  tab[0] = len;
  return h;
}

/* Teardown (untimed): free what random_actions left live. */
EXPORT("random_actions_fini") u32 random_actions_fini(u32 *tab) {
  u32 *e = tab + 2;
  u32 h = 0;
  for (u32 i = 0; i < tab[0]; i++) {
    u8 *p = (u8 *)e[2 * i];
    h = read_tag(h, p, e[2 * i + 1]);
    free(p);
  }
  tab[0] = 0;
  return h;
}

/* --- realloc doubling and large blocks ----------------------------------- */

/* rounds x (malloc(16), realloc doubling to 1 MiB: 16 reallocs, the last byte
 * written after each, then free). One op = one chain. */
EXPORT("realloc_doubling") u32 realloc_doubling(u32 rounds) {
  u32 h = 0;
  set_failed(0);
  for (u32 r = 0; r < rounds; r++) {
    u32 size = 16u;
    u8 *p = malloc(size);
    if (!p) { set_failed(1); return h; }
    p[0] = (u8)r;
    while (size < (1u << 20)) {
      size *= 2u;
      p = realloc(p, size);
      if (!p) { set_failed(1); return h; }
      p[size - 1] = (u8)size;
      h = mix(h, p[0]);
    }
    free(p);
  }
  return h;
}

/* iters x (malloc of 256 KiB, 512 KiB, 1, 2, 4 MiB in turn, one byte written
 * per 4 KiB, free). One op = one alloc+touch+free. */
EXPORT("large_alloc_free") u32 large_alloc_free(u32 iters) {
  u32 h = 0;
  set_failed(0);
  for (u32 i = 0; i < iters; i++) {
    u32 size = (256u << 10) << (i % 5u);
    u8 *p = malloc(size);
    if (!p) { set_failed(1); return h; }
    for (u32 off = 0; off < size; off += 4096u) p[off] = (u8)i;
    h = mix(h, p[size - 4096u]);
    free(p);
  }
  return h;
}

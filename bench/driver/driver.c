/*
 * pyheap benchmark trace-replay driver (wasm32, freestanding).
 *
 * The driver is linked against the allocator under test at instantiation time:
 * it imports env.memory and env.malloc/free/realloc/calloc, which the JS
 * harness fills with the allocator module's own exports, so every allocator
 * pays the same wasm->wasm cross-module call.
 *
 * It must not own any memory: no data segments, no static variables in linear
 * memory and no shadow-stack use (the allocator owns all of linear memory).
 * Everything lives in wasm locals; the only state is the wasm global
 * `failed_op`, declared in inline assembly because clang 14 cannot declare
 * wasm globals from C. build.sh checks the output for data/stack use.
 *
 * Trace format: nops ops of two little-endian u32 words:
 *   w0 = kind << 30 | slot,  w1 = size
 *   kind 0: slots[slot] = malloc(size)
 *        1: free(slots[slot])
 *        2: slots[slot] = realloc(slots[slot], size)
 *        3: slots[slot] = calloc(1, size)
 * Slot table: 8 bytes per slot, [ptr, requested size] at slots + 8*slot,
 * zero-initialised by the harness.
 *
 * Every block is touched: a tag is written to its first word (size >= 4) and
 * its last aligned word (size >= 8); the tags are read back and folded into
 * the checksum before free/realloc, plus calloc's first word (must be 0) and
 * realloc's first word after the move (must still be the old tag). The
 * checksum therefore depends only on the trace for a correct allocator, and
 * bench/lib/checksum.js computes the same value in JS. Keep the two in sync.
 */
typedef unsigned int u32;
typedef unsigned char u8;

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
IMPORT("malloc") void *malloc(__SIZE_TYPE__ size);
IMPORT("free") void free(void *p);
IMPORT("realloc") void *realloc(void *p, __SIZE_TYPE__ size);
IMPORT("calloc") void *calloc(__SIZE_TYPE__ n, __SIZE_TYPE__ size);

/* Exported mutable i32 global: 1-based index (within the last call) of the op
 * at which the allocator returned NULL for a non-zero size; 0 if none. */
__asm__(".globaltype failed_op, i32\n.globl failed_op\nfailed_op:\n");
static inline void set_failed_op(u32 v) {
  __asm__ volatile("local.get %0\n global.set failed_op" ::"r"(v));
}

#define KIND_MALLOC 0u
#define KIND_FREE 1u
#define KIND_REALLOC 2u
#define KIND_CALLOC 3u

static inline u32 rotl(u32 x, u32 r) { return (x << r) | (x >> (32 - r)); }
/* One mixing step per value read (multiply-rotate; mirrored in checksum.js). */
static inline u32 mix(u32 h, u32 v) { return rotl((h ^ v) * 0x9E3779B1u, 15); }
static inline u32 first_tag(u32 slot, u32 size) { return (slot * 2654435761u) ^ size; }
static inline u32 last_tag(u32 slot, u32 size) { return first_tag(slot, size) ^ 0xA5A5A5A5u; }
static inline u32 *last_word(u8 *p, u32 size) { return (u32 *)(p + ((size - 4) & ~3u)); }

static inline void write_tags(u8 *p, u32 slot, u32 size) {
  if (size >= 4) *(u32 *)p = first_tag(slot, size);
  if (size >= 8) *last_word(p, size) = last_tag(slot, size);
}

/* Returns 0 when the block's tags are intact (always 0 when !check). */
static inline u32 fold_tags(u32 *h, u8 *p, u32 slot, u32 size, int check) {
  u32 bad = 0;
  if (p && size >= 4) {
    u32 a = *(u32 *)p;
    *h = mix(*h, a);
    if (check) bad |= a ^ first_tag(slot, size);
    if (size >= 8) {
      u32 b = *last_word(p, size);
      *h = mix(*h, b);
      if (check) bad |= b ^ last_tag(slot, size);
    }
  }
  return bad;
}

static inline u32 nonzero_bytes(const u8 *p, u32 size) {
  u32 acc = 0, i = 0;
  for (; i + 4 <= size; i += 4) acc |= *(const u32 *)(p + i);
  for (; i < size; i++) acc |= p[i];
  return acc;
}

/*
 * Shared body of replay() and verify(); always inlined so each export is
 * specialised and replay() carries no checking code.
 * check == 0: returns the checksum; sets failed_op on allocation failure.
 * check == 1: returns 0 if all ops passed, else the 1-based failing op index.
 */
static inline __attribute__((always_inline)) u32
run(const u32 *ops, u32 nops, u32 *slots, int check, u32 align_mask) {
  u32 h = 0x811C9DC5u;
  set_failed_op(0);
  for (u32 i = 0; i < nops; i++) {
    u32 w0 = ops[2 * i], size = ops[2 * i + 1];
    u32 kind = w0 >> 30, slot = w0 & 0x3FFFFFFFu;
    u32 *entry = slots + 2 * slot;
    u8 *oldp = (u8 *)entry[0];
    u32 oldsize = entry[1];
    u8 *p;
    u32 bad = 0;
    if (kind == KIND_FREE) {
      bad = fold_tags(&h, oldp, slot, oldsize, check);
      free(oldp);
      entry[0] = 0;
      entry[1] = 0;
      if (check && bad) return i + 1;
      continue;
    }
    if (kind == KIND_MALLOC) {
      p = malloc(size);
    } else if (kind == KIND_CALLOC) {
      p = calloc(1, size);
      if (p && size >= 4) {
        u32 w = *(u32 *)p;
        h = mix(h, w);
        if (check) bad |= w | nonzero_bytes(p, size);
      }
    } else { /* KIND_REALLOC */
      bad = fold_tags(&h, oldp, slot, oldsize, check);
      p = realloc(oldp, size);
      if (p && oldp && oldsize >= 4 && size >= 4) {
        u32 w = *(u32 *)p;
        h = mix(h, w);
        if (check) bad |= w ^ first_tag(slot, oldsize);
      }
    }
    if (!p && size) {
      if (check) return i + 1;
      set_failed_op(i + 1);
      return h;
    }
    if (check && (((u32)p & align_mask) | bad)) return i + 1;
    write_tags(p, slot, size);
    entry[0] = (u32)p;
    entry[1] = size;
  }
  return check ? 0 : h;
}

__attribute__((export_name("replay"))) u32 replay(const u32 *ops, u32 nops, u32 *slots) {
  return run(ops, nops, slots, 0, 0);
}

/* align: required alignment in bytes (power of two); 0 means 16. */
__attribute__((export_name("verify"))) u32 verify(const u32 *ops, u32 nops, u32 *slots, u32 align) {
  return run(ops, nops, slots, 1, (align ? align : 16) - 1);
}

// Published figures, NOT measured here: the wasm allocation-cost roofline
// study (bpowers/wasmalloc, docs/research/roofline.md, section 4, "V8 12.4
// (node 22), optimizing tier (--no-liftoff)"), measured 2026-09-01 at
// wasmalloc commit e69117b. Median ns per op of 7 timed calls after warm-up,
// with only the cost of one empty JS->Wasm call subtracted (their loop's own
// cost is included, unlike our net figures). Their allocators are Rust
// global allocators reached through std::alloc; wasmalloc cannot be built
// here (it needs Rust 1.85; Debian has 1.63), so it appears only as these
// published numbers.
export const PUBLISHED = {
  source: "bpowers/wasmalloc docs/research/roofline.md (measured 2026-09-01, commit e69117b)",
  engine: "node 22.22.2 (V8 12.4), --no-liftoff (optimizing tier), AMD Ryzen 9 9950X pinned to 4 cores",
  note: "median ns/op with one empty JS->Wasm call subtracted; the loop's own cost is included",
  columns: ["wasmalloc", "dlmalloc-rs", "talc"],
  /** @type {Record<string, Record<string, number>>} */
  figures: {
    alloc_free_32: { wasmalloc: 3.61, "dlmalloc-rs": 7.99, talc: 12.35 },
    alloc_free_32_align16: { wasmalloc: 4.98, "dlmalloc-rs": 13.56, talc: 12.35 },
    batch_lifo_32: { wasmalloc: 3.55, "dlmalloc-rs": 9.03, talc: 10.09 },
    batch_fifo_32: { wasmalloc: 3.48, "dlmalloc-rs": 12.59, talc: 10.0 },
    churn: { wasmalloc: 7.13, "dlmalloc-rs": 61.11, talc: 32.38 },
    random_actions: { wasmalloc: 16.81, "dlmalloc-rs": 43.42, talc: 22.32 },
    random_actions_norealloc: { wasmalloc: 12.86, "dlmalloc-rs": 38.02, talc: 19.73 },
    realloc_doubling: { wasmalloc: 12275, "dlmalloc-rs": 65.0, talc: 86.1 },
    large_alloc_free: { wasmalloc: 2259, "dlmalloc-rs": 1848, talc: 2456 },
  },
};

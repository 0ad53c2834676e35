// The roofline suite's workloads: loops in bench/driver/roofline.c, one
// export call per timed run. The shapes follow the wasm allocation-cost
// roofline study (bpowers/wasmalloc, bench/roofline; its docs/research/
// roofline.md defines them) and talc's random-actions benchmark.
//
// A workload is
//   { name, title, unit, n: { full, quick }, bumpMax, ops(n),
//     prepare?(d, halloc) -> tables, before?(d, t), run(d, n, t, how),
//     after?(d, t), choose(a) -> how name | { na: reason }, hows }
// prepare allocates the driver's tables once per instance (halloc: the
// allocator under test, or the null allocator's harness_malloc); before and
// after run untimed around each timed call; run is the timed call. hows maps
// a name to { label, calls: exports of the allocator the loop calls, loop:
// the driver export run() calls }, and
// choose picks the one an allocator runs (only the 16-byte aligned workload
// has two). n is per call; bump (which never reuses memory) runs at most
// bumpMax so a fresh instance per call stays under ~100 MiB.
const BATCH = 1000;
const CHURN_LIVE = 10_000;
const RA_CAP = 16_384;

/** The usual single way: loop is the driver export run() calls. */
const MALLOC = (loop) => ({ malloc: { label: "malloc", calls: ["malloc", "free"], loop } });
const REALLOC = (loop) => ({ malloc: { label: "malloc, realloc", calls: ["malloc", "free", "realloc"], loop } });
const always = () => "malloc";

/** @param {number} bytes */
function table(halloc, bytes) {
  const p = halloc(bytes) >>> 0;
  if (!p) throw new Error(`roofline: could not allocate a ${bytes}-byte harness table`);
  return p;
}

/** talc's random actions, with or without the realloc choice. */
function randomActions(withRealloc) {
  return {
    name: withRealloc ? "random_actions" : "random_actions_norealloc",
    title: `talc's random actions, 1-10,000 B, ${withRealloc ? "with" : "no"} realloc`, unit: "action",
    n: { full: 100_000, quick: 10_000 }, bumpMax: 30_000, ops: (n) => n,
    hows: (withRealloc ? REALLOC : MALLOC)("random_actions"), choose: always,
    prepare: (d, halloc) => ({ tab: table(halloc, 8 + 8 * RA_CAP) }),
    run: (d, n, t) => d.random_actions(n, t.tab, RA_CAP, withRealloc ? 1 : 0),
    after: (d, t) => d.random_actions_fini(t.tab),
  };
}

export const ROOFLINE_WORKLOADS = [
  {
    name: "alloc_free_32", title: "32 B alloc+free", unit: "alloc+free pair",
    n: { full: 500_000, quick: 40_000 }, bumpMax: 500_000, ops: (n) => n,
    hows: MALLOC("alloc_free"), choose: always,
    run: (d, n) => d.alloc_free(n, 32, 0),
  },
  {
    name: "alloc_free_32_align16", title: "32 B alloc+free, 16-byte aligned", unit: "alloc+free pair",
    n: { full: 500_000, quick: 40_000 }, bumpMax: 500_000, ops: (n) => n,
    hows: {
      aligned_alloc: { label: "aligned_alloc(16, 32)", calls: ["aligned_alloc", "free"], loop: "alloc_free_aligned" },
      malloc16: { label: "malloc (16-byte aligned by design)", calls: ["malloc", "free"], loop: "alloc_free" },
    },
    // aligned_alloc is what a program asking for 16 bytes' alignment calls;
    // an allocator without it serves the workload only if malloc already
    // aligns to 16 (every block is checked).
    choose: (a) => (a.exportNames.includes("aligned_alloc") ? "aligned_alloc"
      : a.align >= 16 ? "malloc16" : { na: `no aligned_alloc export and malloc is ${a.align}-byte aligned` }),
    run: (d, n, _t, how) => (how === "aligned_alloc" ? d.alloc_free_aligned(n, 32, 16) : d.alloc_free(n, 32, 15)),
  },
  {
    name: "batch_lifo_32", title: "LIFO batch of 1000 x 32 B", unit: "alloc+free pair",
    n: { full: 300, quick: 30 }, bumpMax: 300, ops: (n) => n * BATCH,
    hows: MALLOC("batch"), choose: always,
    prepare: (d, halloc) => ({ slots: table(halloc, 4 * BATCH) }),
    run: (d, n, t) => d.batch(n, 32, 1, t.slots),
  },
  {
    name: "batch_fifo_32", title: "FIFO batch of 1000 x 32 B", unit: "alloc+free pair",
    n: { full: 300, quick: 30 }, bumpMax: 300, ops: (n) => n * BATCH,
    hows: MALLOC("batch"), choose: always,
    prepare: (d, halloc) => ({ slots: table(halloc, 4 * BATCH) }),
    run: (d, n, t) => d.batch(n, 32, 0, t.slots),
  },
  {
    name: "churn", title: "churn among 10,000 live blocks of 16-1024 B", unit: "free+alloc step",
    n: { full: 100_000, quick: 10_000 }, bumpMax: 100_000, ops: (n) => n,
    hows: MALLOC("churn"), choose: always,
    prepare: (d, halloc) => ({ tab: table(halloc, 8 + 8 * CHURN_LIVE) }),
    before: (d, t) => d.churn_init(t.tab, CHURN_LIVE),
    run: (d, n, t) => d.churn(n, t.tab, CHURN_LIVE),
    after: (d, t) => d.churn_fini(t.tab, CHURN_LIVE),
  },
  randomActions(true),
  randomActions(false),
  {
    name: "realloc_doubling", title: "realloc doubling 16 B to 1 MiB", unit: "chain of 16 reallocs",
    n: { full: 300, quick: 30 }, bumpMax: 50, ops: (n) => n,
    hows: REALLOC("realloc_doubling"), choose: always,
    run: (d, n) => d.realloc_doubling(n),
  },
  {
    name: "large_alloc_free", title: "large alloc+touch+free, 256 KiB-4 MiB", unit: "alloc+touch+free",
    n: { full: 500, quick: 50 }, bumpMax: 60, ops: (n) => n,
    hows: MALLOC("large_alloc_free"), choose: always,
    run: (d, n) => d.large_alloc_free(n),
  },
];

// Repetition counts and limits of the allocator suite, and why.
//
// Full run (~10 min budget on a 2-core machine; it takes ~6):
// - In Wasm: 1 warm-up + 7 timed repetitions. A replay of a full workload
//   takes 0.02-0.5 s, so 8 x 7 allocators x 9 workloads is ~1.5 min. 7
//   rather than 5 because on a shared machine a burst of other load can
//   cover 2-3 consecutive repetitions; the median of 7 rides it out.
// - From JS: 1 warm-up + 5 timed repetitions (the JS loop is slower than the
//   driver, so fewer).
// - @thi.ng/malloc walks its used list on every free/realloc (O(live
//   blocks)), so on workloads with 10^5 live blocks it would take hours; each
//   of its runs (verify or timed) stops after jsLibraryLimitMs and is
//   reported as not finished (DNF), with the ns/op of the part it did. When
//   the warm-up does not finish, its timed repetitions are skipped.
// - bump never reuses memory, and memory.grow past ~64 MiB costs ~1 ms per
//   call on some hosts (see the report's environment), so:
//   - where a trace needs more than bumpMaxBytes (512 MiB) of fresh memory it
//     is skipped (large-mix needs ~34 GB, more than wasm32's 4 GiB; mixed
//     ~4 GB);
//   - where it needs more than bumpReducedAbove (128 MiB: size-classes and
//     the CPython traces, 2-3 s per run) it runs only bumpReduced
//     repetitions, no warm-up (its code is warm from earlier workloads).
// Quick (--quick, ~20k-op workloads, seconds): 1 + 3 in Wasm, 1 + 2 from JS,
// bump only where it needs <= 64 MiB (quick large-mix alone would take ~20 s
// of memory.grow).
const MiB = 2 ** 20;
export const FULL = {
  wasm: { warmup: 1, reps: 7 }, js: { warmup: 1, reps: 5 }, jsLibraryLimitMs: 5_000,
  bumpMaxBytes: 512 * MiB, bumpReducedAbove: 128 * MiB, bumpReduced: { wasm: { warmup: 0, reps: 2 }, js: { warmup: 0, reps: 1 } },
};
export const QUICK = {
  wasm: { warmup: 1, reps: 3 }, js: { warmup: 1, reps: 2 }, jsLibraryLimitMs: 3_000,
  bumpMaxBytes: 64 * MiB, bumpReducedAbove: 64 * MiB, bumpReduced: { wasm: { warmup: 0, reps: 1 }, js: { warmup: 0, reps: 1 } },
};

// Workloads in the speed target's "small-object" group (every request
// <= 512 B); "mixed" and "large-mix" have large blocks and are not in it.
export const SMALL_OBJECT_WORKLOADS = ["small-random", "small-lifo", "small-fifo", "size-classes"];

/**
 * @param {{ quick: boolean, reps?: number, jsReps?: number }} opts
 */
export function repetitionPlan({ quick, reps, jsReps }) {
  const base = quick ? QUICK : FULL;
  const wasmReps = reps ?? base.wasm.reps;
  const js = { warmup: base.js.warmup, reps: jsReps ?? (reps !== undefined ? Math.min(reps, base.js.reps) : base.js.reps) };
  return {
    wasm: { warmup: base.wasm.warmup, reps: wasmReps },
    js,
    jsLibraryLimitMs: base.jsLibraryLimitMs,
    bumpMaxBytes: base.bumpMaxBytes,
    bumpReducedAbove: base.bumpReducedAbove,
    bumpReduced: {
      wasm: { warmup: base.bumpReduced.wasm.warmup, reps: Math.min(wasmReps, base.bumpReduced.wasm.reps) },
      js: { warmup: base.bumpReduced.js.warmup, reps: Math.min(js.reps, base.bumpReduced.js.reps) },
    },
  };
}

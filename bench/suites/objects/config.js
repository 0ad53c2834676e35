// Sizes and repetitions of the objects and gc suites, and why.
//
// Sizes are issue 5's shapes; --quick divides them by 100 (the young
// generation stays at 2,000 new containers: it is already small).
// Repetitions: 1 warm-up (JIT, first arenas; it also gives the memory
// figures: first build on a fresh heap / in a fresh process) + 5 timed,
// reported as median [min–max]. A full objects suite takes ~2 min on the
// 2-core machine it was written on, the gc suite ~1.5 min; --quick a few
// seconds each plus Pyodide's ~5 s load.
export const FULL = { warmup: 1, reps: 5, scale: 1 };
export const QUICK = { warmup: 1, reps: 3, scale: 0.01 };

// incref+decref pairs timed in the tuples shape, per tuple of the churn
// (10M tuples -> 200M pairs: ~0.2 s at a nanosecond a pair).
export const PAIRS_PER_TUPLE = 20;
// New containers in generation 0 when the young collection is timed:
// pyheap's default threshold0 (CPython 3.13's; 3.11 uses 700).
export const YOUNG = 2000;

/** A child (python3 run or Pyodide process) that takes longer is killed. */
export const PYTHON_TIMEOUT_MS = 180_000;
export const PYODIDE_TIMEOUT_MS = 600_000;

/**
 * @param {{ quick: boolean, reps?: number }} opts
 */
export function plan({ quick, reps }) {
  const base = quick ? QUICK : FULL;
  return { warmup: base.warmup, reps: reps ?? base.reps, scale: base.scale };
}

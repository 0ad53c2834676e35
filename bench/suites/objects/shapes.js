// The shapes of the objects and gc suites, pyheap's side: each builds (and
// tears down, or collects) through the createHeap() facade exactly what the
// function of the same name in shapes.py does in Python. Like there, a
// shape is a generator: it yields a phase name right before the work to be
// timed, and that phase ends at the next yield or at the end; "untimed"
// marks work that is not measured (cleanup).
//
// `st` carries per-run options in (young, capture) and facts out (peak
// memory, objects found by a collection).

/** @typedef {{ heap: any, A: number, B: number, C: number }} Ctx */

/** The memory facts of a build, read right after it (first rep only: it
 *  runs outside the timed reps when there is a warm-up). */
const capture = (ctx, st) => { if (st.capture) st.peak = ctx.heap.memoryInfo(); };

/** holder = [[A, B] for _ in range(n)] */
function listOfPairs({ heap, A, B }, n) {
  const holder = heap.list();
  for (let i = 0; i < n; i++) {
    const l = heap.list([A, B]);
    heap.append(holder, l);
    heap.decref(l);
  }
  return holder;
}

/** The phases of a tracing shape: `churn` untraced, under sampled tracing
 *  at the default rate, and traced exactly. */
function* tracedPhases(heap, churn) {
  yield "untraced";
  churn();
  heap.tracemalloc.start({ sampleBytes: true });
  yield "sampled";
  churn();
  heap.tracemalloc.stop();
  heap.tracemalloc.start();
  yield "exact";
  churn();
  yield "untimed";
  heap.tracemalloc.stop();
}

export const SHAPES = {
  *lists(ctx, n, st) {
    const { heap } = ctx;
    yield "build";
    const holder = listOfPairs(ctx, n);
    capture(ctx, st);
    yield "teardown";
    heap.decref(holder);
  },

  *instances(ctx, n, st) {
    const { heap, A, B, C } = ctx;
    yield "build";
    const holder = heap.list();
    for (let i = 0; i < n; i++) {
      const o = heap.instance(C);
      heap.setattr(o, "x", A);
      heap.setattr(o, "y", B);
      heap.append(holder, o);
      heap.decref(o);
    }
    capture(ctx, st);
    yield "teardown";
    heap.decref(holder);
  },

  *dict(ctx, n, st) {
    const { heap, A } = ctx;
    yield "build";
    const d = heap.dict();
    for (let i = 0; i < n; i++) {
      const k = heap.int(i);
      heap.setitem(d, k, A);
      heap.decref(k);
    }
    capture(ctx, st);
    yield "teardown";
    heap.decref(d);
  },

  *chain(ctx, n, st) {
    const { heap } = ctx;
    yield "build";
    let head = heap.None;
    for (let i = 0; i < n; i++) {
      const next = heap.list([head]);
      heap.decref(head);
      head = next;
    }
    capture(ctx, st);
    yield "teardown";
    heap.decref(head);
  },

  *tuples(ctx, n, st) {
    const { heap, A, B } = ctx;
    yield "churn";
    for (let i = 0; i < n; i++) heap.decref(heap.tuple([A, B]));
    // pyheap only (no Python counterpart): the same churn inside Wasm, and
    // Py_INCREF + Py_DECREF pairs (issue 3's "about a nanosecond").
    yield "wasm-churn";
    heap.exports.pyobj_bench_tuples(n, A, B);
    yield "incref-decref";
    heap.exports.pyobj_bench_incref_decref(B, st.pairs);
  },

  /** The tuple churn untraced, under tracemalloc's sampling mode at its
   *  default rate, and traced exactly (shapes.py: tracemalloc.start()). */
  *tracemalloc(ctx, n) {
    const { heap, A, B } = ctx;
    const churn = () => { for (let i = 0; i < n; i++) heap.decref(heap.tuple([A, B])); };
    yield* tracedPhases(heap, churn);
  },

  /** The same with a new int in each tuple, so that every iteration
   *  allocates and frees a block: what tracing costs where it records. */
  *"tracemalloc-ints"(ctx, n) {
    const { heap } = ctx;
    const churn = () => {
      for (let i = 0; i < n; i++) {
        const x = heap.int(1000 + i);
        heap.decref(heap.tuple([x, x]));
        heap.decref(x);
      }
    };
    yield* tracedPhases(heap, churn);
  },

  // ----------------------------------------------------------- gc suite
  // The runner disables automatic collection for these, as shapes.py does.

  *"gc-full"(ctx, n) {
    const { heap } = ctx;
    const holder = listOfPairs(ctx, n);
    heap.gc.collect();
    yield "collect";
    heap.gc.collect();
    yield "untimed";
    heap.decref(holder);
  },

  *"gc-young"(ctx, n, st) {
    const { heap } = ctx;
    const holder = listOfPairs(ctx, n);
    heap.gc.collect();
    const fresh = listOfPairs(ctx, st.young);
    yield "collect0";
    heap.gc.collect(0);
    yield "untimed";
    heap.decref(holder);
    heap.decref(fresh);
  },

  *"gc-cycles"(ctx, n, st) {
    const { heap, A } = ctx;
    for (let i = 0; i < n; i++) {
      const x = heap.list([A]);
      const y = heap.list([x]);
      heap.append(x, y);
      heap.decref(x);
      heap.decref(y);
    }
    for (let i = 0; i < Math.floor(n / 10); i++) {
      const first = heap.list([A]);
      let prev = first;
      heap.incref(first); // one reference as `first`, one as `prev`
      for (let j = 0; j < 9; j++) {
        const next = heap.list([prev]);
        heap.decref(prev);
        prev = next;
      }
      heap.append(first, prev);
      heap.decref(prev);
      heap.decref(first);
    }
    yield "collect";
    st.found = heap.gc.collect();
  },
};

/**
 * One run of a shape: { phase: ns }.
 * @param {Generator<string>} gen
 */
export function runOnce(gen) {
  /** @type {Record<string, number>} */
  const phases = {};
  let current = null;
  let t0 = 0n;
  for (const phase of gen) {
    const t = process.hrtime.bigint();
    if (current !== null && current !== "untimed") phases[current] = Number(t - t0);
    current = phase;
    t0 = process.hrtime.bigint();
  }
  if (current !== null && current !== "untimed") phases[current] = Number(process.hrtime.bigint() - t0);
  return phases;
}

// The objects suite (issue 5): pyheap's createHeap() facade against python3
// run natively and against Pyodide (CPython compiled to Wasm), on the same
// shapes, in the same run; issue 3's targets. Shapes: shapes.js (pyheap)
// and shapes.py (Python, both runtimes); runners: bench/suites/objects/.
import { plan as repetitionPlan, PAIRS_PER_TUPLE } from "./objects/config.js";
import { measureShapes } from "./objects/measure.js";
import { pyheapBuildInfo } from "./objects/pyheap.js";
import { objectsTargets } from "../report/objects-targets.js";
import { objectsSectionMarkdown } from "../report/objects-markdown.js";

/** The shapes at full size (1M objects, 10M tuples); scaled for --quick. */
export function objectShapes(scale) {
  const M = Math.round(1_000_000 * scale);
  const tuples = Math.round(10_000_000 * scale);
  // Exact tracing takes the JavaScript stack at every allocation (some
  // microseconds), so the churn that allocates at every step is 1M long.
  const traced = Math.round(1_000_000 * scale);
  const k = (n) => n.toLocaleString("en-US");
  return [
    { name: "lists", n: M, label: `${k(M)} lists`, phases: ["build", "teardown"],
      description: `${k(M)} two-element lists \`[a, b]\` appended to one list, then the list released` },
    { name: "instances", n: M, label: `${k(M)} instances`, phases: ["build", "teardown"],
      description: `${k(M)} instances of a class, each given two attributes (\`o.x = a; o.y = b\`), appended to one list, then released` },
    { name: "dict", n: M, label: `${k(M)} entries`, phases: ["build", "teardown"],
      description: `one dict given ${k(M)} entries \`d[i] = a\` (int keys), then released` },
    { name: "chain", n: M, label: `${k(M)} deep`, phases: ["build", "teardown"],
      description: `a ${k(M)}-deep chain of one-element lists \`head = [head]\`, then released from the top (deep teardown)` },
    { name: "tuples", n: tuples, pairs: tuples * PAIRS_PER_TUPLE, label: `${k(tuples)} tuples`,
      phases: ["churn", "wasm-churn", "incref-decref"], pyheapOnly: ["wasm-churn", "incref-decref"],
      description: `${k(tuples)} 2-tuples created and destroyed one at a time (\`t = (a, b)\` in a loop). ` +
        `pyheap only: wasm-churn, the same loop inside Wasm (\`pyobj_bench_tuples\`); incref-decref, ${k(tuples * PAIRS_PER_TUPLE)} ` +
        "Py_INCREF+Py_DECREF pairs on one object inside Wasm (`pyobj_bench_incref_decref`)" },
    { name: "tracemalloc", n: tuples, label: `${k(tuples)} tuples`, phases: ["untraced", "sampled", "exact"], pyheapOnly: ["sampled"],
      description: `the same ${k(tuples)}-tuple churn untraced, under \`heap.tracemalloc.start({ sampleBytes: true })\` ` +
        "(sampling at the default rate; pyheap only) and traced exactly (`heap.tracemalloc.start()`; Python: `tracemalloc.start()`). " +
        "The tuples come from the tuple free list, so pyheap allocates almost no block here and tracing has little to record; " +
        "Python's loop also makes an int for its counter at each iteration (`range` beyond the small ints), which its tracemalloc traces" },
    { name: "tracemalloc-ints", n: traced, label: `${k(traced)} tuples`, phases: ["untraced", "sampled", "exact"], pyheapOnly: ["sampled"],
      description: `${k(traced)} tuples \`t = (x, x)\` with a new int \`x = 1000 + i\` each, untraced, sampled and exact as above: ` +
        "every iteration allocates and frees blocks, so every one is traced in exact mode" },
  ];
}

/**
 * @param {{ quick: boolean, reps?: number, only?: string[], log: (msg: string) => void }} opts
 */
async function run(opts) {
  const plan = repetitionPlan(opts);
  const shapes = objectShapes(plan.scale).filter((s) => !opts.only || opts.only.includes(s.name));
  opts.log(`objects suite: ${shapes.length} shapes x pyheap, python3, pyodide; ${plan.warmup}+${plan.reps} reps${opts.quick ? " (quick)" : ""}`);
  const { rows, runtimes } = await measureShapes(shapes, plan, opts.log);
  const result = { suite: "objects", quick: opts.quick, plan, pyheap: pyheapBuildInfo(), runtimes, shapes, rows };
  return { ...result, targets: objectsTargets(result), packages: { python3: runtimes.python3, pyodide: runtimes.pyodide } };
}

export const objectsSuite = {
  name: "objects",
  title: "Objects",
  run,
  /** Shape names, for --only (--suite objects --only tracemalloc). */
  names: () => objectShapes(1).map((s) => s.name),
  markdown: objectsSectionMarkdown("Objects: pyheap against python3 and Pyodide",
    "Each shape is built and torn down through the `createHeap()` facade (one JS call per Python operation), and by " +
    "the same Python code (`bench/suites/objects/shapes.py`) in python3 and in Pyodide. The automatic cycle collector " +
    "runs as each runtime ships it (pyheap's thresholds are CPython 3.13's (2000, 10, 10); python3 3.11 uses (700, 10, 10))."),
};

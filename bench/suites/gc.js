// The gc suite (issues 4 and 5): heap.gc.collect() against gc.collect() in
// python3 and Pyodide, on the same heaps; issue 4's targets. Automatic
// collection is off on every side while the shapes build, so only the
// timed collect() calls collect.
import { plan as repetitionPlan, YOUNG } from "./objects/config.js";
import { measureShapes } from "./objects/measure.js";
import { pyheapBuildInfo } from "./objects/pyheap.js";
import { gcTargets } from "../report/objects-targets.js";
import { objectsSectionMarkdown } from "../report/objects-markdown.js";

export function gcShapes(scale) {
  const M = Math.round(1_000_000 * scale);
  const k = (n) => n.toLocaleString("en-US");
  return [
    { name: "gc-full", n: M, label: `${k(M)} live`, phases: ["collect"],
      description: `\`gc.collect()\` (full) with ${k(M)} live two-element lists (plus the list holding them) and nothing to free` },
    { name: "gc-young", n: M, young: YOUNG, label: `${k(YOUNG)} young`, phases: ["collect0"],
      description: `\`gc.collect(0)\` over ${k(YOUNG)} new lists in generation 0, with ${k(M)} older live lists in the older generations` },
    { name: "gc-cycles", n: M, expectFound: 3 * M, label: `${k(M)} 2-cycles + ${k(Math.floor(M / 10))} 10-rings`, phases: ["collect"],
      description: `\`gc.collect()\` freeing ${k(M)} unreachable 2-cycles of lists and ${k(Math.floor(M / 10))} unreachable rings of 10 lists (${k(3 * M)} objects)` },
  ];
}

/** Whether heap.gc works in this tree (it is being written alongside). */
export async function gcUsable() {
  const { loadFacade } = await import("./objects/pyheap.js");
  try {
    const { createHeap } = await loadFacade();
    const heap = await createHeap();
    try {
      if (typeof heap.gc?.collect !== "function") return "heap.gc.collect is not a function";
      const a = heap.list(), b = heap.list([a]);
      heap.append(a, b);
      heap.decref(a);
      heap.decref(b);
      const found = heap.gc.collect();
      return found === 2 && heap.memoryInfo().liveObjects === 0 ? null : `smoke test: a 2-cycle collected as ${found} objects`;
    } finally {
      heap.close();
    }
  } catch (e) {
    return `smoke test threw: ${e?.message ?? e}`;
  }
}

/**
 * @param {{ quick: boolean, reps?: number, log: (msg: string) => void }} opts
 */
async function run(opts) {
  const plan = repetitionPlan(opts);
  const shapes = gcShapes(plan.scale);
  const unusable = await gcUsable();
  if (unusable) {
    opts.log(`gc suite: skipped (${unusable})`);
    return { suite: "gc", quick: opts.quick, skipped: unusable, plan, shapes, rows: {}, targets: { primary: [], comparison: [] } };
  }
  opts.log(`gc suite: ${shapes.length} shapes x pyheap, python3, pyodide; ${plan.warmup}+${plan.reps} reps${opts.quick ? " (quick)" : ""}`);
  const { rows, runtimes } = await measureShapes(shapes, plan, opts.log);
  const result = { suite: "gc", quick: opts.quick, plan, pyheap: pyheapBuildInfo(), runtimes, shapes, rows };
  return { ...result, targets: gcTargets(result), packages: { python3: runtimes.python3, pyodide: runtimes.pyodide } };
}

const section = objectsSectionMarkdown("Cycle collector: heap.gc against python3 and Pyodide",
  "The same heaps built through the facade and in Python (`bench/suites/objects/shapes.py`), automatic collection " +
  "disabled while building; only `collect()` is timed.");

export const gcSuite = {
  name: "gc",
  title: "Cycle collector",
  run,
  markdown: (result) => (result.skipped
    ? `## Cycle collector\n\nSkipped: heap.gc is not usable in this tree (${result.skipped}).`
    : section(result)),
};

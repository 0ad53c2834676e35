// Issues 3 and 4's targets, judged from the objects and gc suites' numbers.
//
// Issue 3 (objects suite):
//   tuples:  10M tuples created and destroyed through the facade in no more
//            time than python3 running the same loop (pyheap / python3 <= 1).
//   incref:  an incref+decref pair inside Wasm in "about a nanosecond",
//            read here as <= INCREF_NS ns a pair (median).
//   tracing: tracemalloc's sampling mode at its default rate adds at most
//            SAMPLED_OVERHEAD to the tuple churn's untraced time.
// Issue 4 (gc suite):
//   gc-full:   a full collection over 1M live containers <= 0.3x python3's.
//   gc-cycles: collecting 1M 2-cycles + 100k 10-rings <= 0.3x python3's.
//   gc-young:  a young-generation collection < 0.1 ms (median).
// A quick run judges the same statements on its smaller shapes: its
// verdicts are not the real ones (the report says so).
import { phaseMedian } from "../suites/objects/measure.js";

export const INCREF_NS = 1.5;
export const SAMPLED_OVERHEAD = 0.1;

/** Traced / untraced time of a tracemalloc shape's churn on a runtime. */
export function tracingRatio(result, runtime, phase, shape = "tracemalloc") {
  const traced = phaseMedian(result.rows, shape, runtime, phase);
  const untraced = phaseMedian(result.rows, shape, runtime, "untraced");
  return traced !== undefined && untraced !== undefined ? traced / untraced : NaN;
}
export const GC_RATIO = 0.3;
export const YOUNG_MS = 0.1;

/** pyheap / python3 on one phase, against a ratio threshold. */
function ratioTarget(result, { id, statement, shape, phase, threshold }) {
  const p = phaseMedian(result.rows, shape, "pyheap", phase);
  const c = phaseMedian(result.rows, shape, "python3", phase);
  const evaluable = p !== undefined && c !== undefined;
  const ratio = evaluable ? p / c : NaN;
  return {
    id, kind: "objects", statement, threshold, evaluable, pyheapMs: p ?? null, python3Ms: c ?? null, ratio,
    met: evaluable ? ratio <= threshold : null,
    detail: evaluable ? `pyheap ${p.toFixed(2)} ms vs python3 ${c.toFixed(2)} ms = ${ratio.toFixed(3)}x (target <= ${threshold}x)`
      : "not measured on both sides",
  };
}

export function objectsTargets(result) {
  const tuples = result.shapes.find((s) => s.name === "tuples");
  const primary = [];
  if (tuples) {
    primary.push(ratioTarget(result, {
      id: "issue3-tuples", shape: "tuples", phase: "churn", threshold: 1,
      statement: `creating and destroying ${tuples.n.toLocaleString("en-US")} 2-tuples through the facade takes no longer than python3 running the same loop`,
    }));
    const pairMs = phaseMedian(result.rows, "tuples", "pyheap", "incref-decref");
    const ns = pairMs === undefined ? NaN : (pairMs * 1e6) / tuples.pairs;
    primary.push({
      id: "issue3-incref", kind: "objects", statement: `an incref+decref pair inside Wasm in about a nanosecond (read as <= ${INCREF_NS} ns)`,
      threshold: INCREF_NS, evaluable: Number.isFinite(ns), nsPerPair: ns, met: Number.isFinite(ns) ? ns <= INCREF_NS : null,
      detail: Number.isFinite(ns) ? `${ns.toFixed(2)} ns a pair (${tuples.pairs.toLocaleString("en-US")} pairs on one object; target <= ${INCREF_NS} ns)` : "not measured",
    });
  }
  const traced = result.shapes.find((s) => s.name === "tracemalloc");
  if (traced) {
    const r = tracingRatio(result, "pyheap", "sampled");
    primary.push({
      id: "tracing-sampled", kind: "objects", threshold: 1 + SAMPLED_OVERHEAD, ratio: r,
      statement: `tracemalloc in sampling mode at its default rate adds at most ${SAMPLED_OVERHEAD * 100}% to the ${traced.n.toLocaleString("en-US")}-tuple churn`,
      evaluable: Number.isFinite(r), met: Number.isFinite(r) ? r <= 1 + SAMPLED_OVERHEAD : null,
      detail: Number.isFinite(r) ? `sampled / untraced = ${r.toFixed(3)}x (target <= ${(1 + SAMPLED_OVERHEAD).toFixed(2)}x)` : "not measured",
    });
  }
  return { primary, comparison: [] };
}

export function gcTargets(result) {
  const primary = [];
  const has = (name) => result.shapes.some((s) => s.name === name);
  if (has("gc-full")) {
    primary.push(ratioTarget(result, {
      id: "issue4-full", shape: "gc-full", phase: "collect", threshold: GC_RATIO,
      statement: `a full collection over ${result.shapes.find((s) => s.name === "gc-full").n.toLocaleString("en-US")} live containers in <= ${GC_RATIO}x python3's time`,
    }));
  }
  if (has("gc-cycles")) {
    const n = result.shapes.find((s) => s.name === "gc-cycles").n;
    primary.push(ratioTarget(result, {
      id: "issue4-cycles", shape: "gc-cycles", phase: "collect", threshold: GC_RATIO,
      statement: `collecting ${n.toLocaleString("en-US")} 2-cycles plus ${Math.floor(n / 10).toLocaleString("en-US")} 10-object rings in <= ${GC_RATIO}x python3's time`,
    }));
  }
  if (has("gc-young")) {
    const y = phaseMedian(result.rows, "gc-young", "pyheap", "collect0");
    primary.push({
      id: "issue4-young", kind: "objects", statement: `a young-generation collection in under ${YOUNG_MS} ms`,
      threshold: YOUNG_MS, evaluable: y !== undefined, pyheapMs: y ?? null, met: y === undefined ? null : y < YOUNG_MS,
      detail: y === undefined ? "not measured" : `${(y * 1000).toFixed(1)} µs median (target < ${YOUNG_MS * 1000} µs)`,
    });
  }
  return { primary, comparison: [] };
}

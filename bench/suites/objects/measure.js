// Runs a list of shapes on the three runtimes, one after the other (never
// two at once: they would compete for the CPU): pyheap in this process,
// python3 one process per shape, Pyodide in one child process for all.
import { summarize } from "../../lib/stats.js";
import { runPyheap } from "./pyheap.js";
import { runPython, pythonVersion, PYTHON } from "./python.js";
import { runPyodide, pyodideVersion } from "./pyodide.js";
import { PYTHON_TIMEOUT_MS, PYODIDE_TIMEOUT_MS } from "./config.js";

/** ns samples -> ms summary. */
const ms = (ns) => summarize(ns.map((x) => x / 1e6));

/** A runtime's raw result -> { status, phases: { phase: { median, min, max, n, samples } }, ... }. */
function normalize(raw) {
  if (raw.crashed) return { status: "crashed", reason: raw.crashed };
  if (raw.skipped) return { status: "skipped", reason: raw.skipped };
  if (raw.error) return { status: "failed", reason: raw.error };
  const phases = {};
  for (const [k, v] of Object.entries(raw.phases)) phases[k] = { ...ms(v), samples: v.map((x) => x / 1e6) };
  const { phases: _p, ...rest } = raw;
  return { status: "ok", phases, ...rest };
}

/**
 * @param {{ name: string, n: number, description: string, young?: number, pairs?: number }[]} shapes
 * @param {{ warmup: number, reps: number }} plan
 * @param {(msg: string) => void} log
 */
export async function measureShapes(shapes, plan, log) {
  const specs = shapes.map((s) => ({ shape: s.name, n: s.n, warmup: plan.warmup, reps: plan.reps, young: s.young, pairs: s.pairs }));
  const rows = Object.fromEntries(shapes.map((s) => [s.name, {}]));
  for (const spec of specs) {
    log(`  pyheap: ${spec.shape} (n = ${spec.n.toLocaleString("en-US")})`);
    try {
      rows[spec.shape].pyheap = normalize(await runPyheap(spec));
    } catch (e) {
      rows[spec.shape].pyheap = { status: "failed", reason: String(e?.message ?? e).slice(0, 400) };
    }
  }
  const python = pythonVersion();
  if (!python) log(`  python3: no ${PYTHON} on this machine; its column is skipped (set PYTHON to use another interpreter)`);
  for (const spec of specs) {
    if (python) log(`  python3: ${spec.shape}`);
    rows[spec.shape].python3 = python
      ? normalize(await runPython(spec, PYTHON_TIMEOUT_MS))
      : { status: "skipped", reason: `no ${PYTHON} on this machine` };
  }
  log(pyodideVersion() ? "  pyodide: loading and running (child process)"
    : "  pyodide: the npm package is not installed; its column is skipped (npm install --save-dev pyodide)");
  const pyo = await runPyodide(specs, { timeoutMs: PYODIDE_TIMEOUT_MS, log });
  specs.forEach((spec, i) => { rows[spec.shape].pyodide = normalize(pyo[i]); });
  return { rows, runtimes: { python3: python, python3Command: PYTHON, pyodide: pyodideVersion() } };
}

/** The median (ms) of one phase on one runtime, or undefined. */
export function phaseMedian(rows, shape, runtime, phase) {
  const r = rows[shape]?.[runtime];
  return r?.status === "ok" ? r.phases[phase]?.median : undefined;
}

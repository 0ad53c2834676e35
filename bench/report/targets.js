// The suite's verdict on pyheap's two targets, computed from the run.
//
// Speed: pyheap's geometric mean ns/op over the small-object and CPython-
//   trace workloads is at most SPEED_TARGET x that of the best dlmalloc
//   build. "Best" is taken per workload (the faster of dlmalloc-wasi and
//   dlmalloc-emscripten on that workload), the strictest reading. Judged on
//   the in-Wasm path (every allocator pays the same call); the JS path is
//   evaluated the same way and shown next to it.
// Memory: on every workload, pyheap's final Wasm memory (minus the harness
//   buffers) is no more than dlmalloc's; again the smaller of the two
//   dlmalloc builds.
// pyheap-legacy is evaluated the same way, for comparison only.
import { geomean } from "../lib/stats.js";

export const SPEED_TARGET = 0.5;
const DLMALLOCS = ["dlmalloc-wasi", "dlmalloc-emscripten"];

const okValue = (r, path, key) => (r?.[path]?.status === "ok" ? r[path][key] : undefined);

/** The better of the dlmalloc builds on one workload. */
function bestDlmalloc(row, path, pick) {
  let best;
  for (const name of DLMALLOCS) {
    const v = pick(row?.[name], path);
    if (v !== undefined && (best === undefined || v < best.value)) best = { name, value: v };
  }
  return best;
}

function speedTarget(result, subject, path) {
  const names = result.workloads
    .filter((w) => w.kind === "cpython-trace" || result.smallObjectWorkloads.includes(w.name))
    .map((w) => w.name);
  const rows = [];
  const missing = [];
  for (const name of names) {
    const row = result.results[name];
    const s = okValue(row?.[subject], path, "nsPerOp")?.median;
    const dl = bestDlmalloc(row, path, (r, p) => okValue(r, p, "nsPerOp")?.median);
    if (s === undefined || !dl) { missing.push(name); continue; }
    rows.push({ workload: name, subject: s, dlmalloc: dl.value, dlmallocBuild: dl.name, ratio: s / dl.value });
  }
  const evaluable = rows.length > 0 && missing.length === 0;
  const geoSubject = geomean(rows.map((r) => r.subject));
  const geoDl = geomean(rows.map((r) => r.dlmalloc));
  const ratio = geoSubject / geoDl;
  return {
    id: `speed-${path}`, kind: "speed", subject, path, threshold: SPEED_TARGET,
    statement: `${subject} geometric mean ns/op <= ${SPEED_TARGET}x the best dlmalloc build (small-object + CPython-trace workloads, ${path === "wasm" ? "in Wasm" : "from JS"})`,
    workloads: rows, missing, evaluable,
    geomean: { subject: geoSubject, dlmalloc: geoDl, ratio },
    met: evaluable ? ratio <= SPEED_TARGET : null,
  };
}

function memoryTarget(result, subject) {
  const rows = [];
  const missing = [];
  for (const w of result.workloads) {
    const row = result.results[w.name];
    const s = okValue(row?.[subject], "wasm", "memoryBytes");
    const dl = bestDlmalloc(row, "wasm", (r, p) => okValue(r, p, "memoryBytes"));
    if (s === undefined || !dl) { missing.push(w.name); continue; }
    rows.push({ workload: w.name, subject: s, dlmalloc: dl.value, dlmallocBuild: dl.name, ratio: s / dl.value, met: s <= dl.value });
  }
  const evaluable = rows.length > 0 && missing.length === 0;
  return {
    id: "memory", kind: "memory", subject, path: "wasm",
    statement: `${subject} final Wasm memory (minus harness buffers) <= dlmalloc's on every workload`,
    workloads: rows, missing, evaluable,
    failing: rows.filter((r) => !r.met).map((r) => r.workload),
    met: evaluable ? rows.every((r) => r.met) : null,
  };
}

/** @param {any} result the alloc suite's result (without targets) */
export function evaluateTargets(result) {
  const has = (name) => result.allocators.some((a) => a.name === name);
  const out = { primary: [], comparison: [] };
  for (const subject of ["pyheap", "pyheap-legacy"]) {
    if (!has(subject)) continue;
    const list = [speedTarget(result, subject, "wasm"), speedTarget(result, subject, "js"), memoryTarget(result, subject)];
    // The verdict: pyheap's speed in Wasm and its memory. The rest is context.
    for (const t of list) (subject === "pyheap" && t.id !== "speed-js" ? out.primary : out.comparison).push(t);
  }
  return out;
}

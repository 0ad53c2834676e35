// The suite's verdict on pyheap's targets, computed from the run.
//
// Speed in Wasm: pyheap's geometric mean ns/op over the CPython traces and
//   the small-object synthetic mixes is at most REPLAY_TARGET x that of the
//   best dlmalloc build, the replay driver's own cost included (the figures
//   are gross: the driver's floor is in both). "Best" is taken per workload
//   (the faster of dlmalloc-wasi and dlmalloc-emscripten on that workload),
//   the strictest reading.
// Speed from JS: over the same workloads, a JS loop calling pyheap's
//   exports (what createAllocator()'s malloc/free call, after checking
//   their arguments) is no slower than one calling dlmalloc's: at most
//   JS_TARGET x.
// Memory: on every workload, pyheap's final Wasm memory (minus the harness
//   buffers) is no more than dlmalloc's; again the smaller of the two
//   dlmalloc builds.
// pyheap-legacy and pyheap-unchecked are evaluated the same way, for
// comparison only.
import { geomean } from "../lib/stats.js";

export const REPLAY_TARGET = 0.7;
export const JS_TARGET = 1.0;
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
  const threshold = path === "wasm" ? REPLAY_TARGET : JS_TARGET;
  return {
    id: `speed-${path}`, kind: "speed", subject, path, threshold,
    statement: path === "wasm"
      ? `${subject} geometric mean ns/op <= ${threshold}x the best dlmalloc build (CPython traces + small-object mixes, in Wasm, the driver's floor included)`
      : `${subject} geometric mean ns/op <= ${threshold}x the best dlmalloc build (CPython traces + small-object mixes, from JS through the exports)`,
    workloads: rows, missing, evaluable,
    geomean: { subject: geoSubject, dlmalloc: geoDl, ratio },
    met: evaluable ? ratio <= threshold : null,
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
  for (const subject of ["pyheap", "pyheap-legacy", "pyheap-unchecked"]) {
    if (!has(subject)) continue;
    const list = [speedTarget(result, subject, "wasm"), speedTarget(result, subject, "js"), memoryTarget(result, subject)];
    // The verdict: pyheap's. The other builds' are context.
    for (const t of list) (subject === "pyheap" ? out.primary : out.comparison).push(t);
  }
  return out;
}

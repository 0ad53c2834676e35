// The allocator suite: every allocator on every workload, on two paths
// (in Wasm through the driver, and from JS), plus a separate correctness
// pass. A suite is { name, title, run(options) -> result, markdown(result),
// charts(result) }; bench/run.js runs suites and writes their reports.
import { listWorkloads } from "../workloads/index.js";
import { loadCatalogue } from "../lib/catalogue.js";
import { ALLOCATORS } from "../lib/wasm-allocators.js";
import { PYHEAP_MODULES } from "../lib/pyheap-build.js";
import { THING_NAME } from "../lib/thing-malloc.js";
import { probeThingDefects } from "../lib/thing-probe.js";
import { fullGc } from "../lib/gc.js";
import { repetitionPlan, SMALL_OBJECT_WORKLOADS } from "./alloc/config.js";
import { prepareWorkload } from "./alloc/workload.js";
import { checkCorrectness } from "./alloc/correctness.js";
import { runWasmPath, FLOOR } from "./alloc/wasm-path.js";
import { memoryProfile } from "./alloc/memory-profile.js";
import { runJsPath } from "./alloc/js-path.js";
import { evaluateTargets } from "../report/targets.js";
import { allocMarkdown } from "../report/alloc-markdown.js";
import { allocChart } from "../report/alloc-chart.js";
import { memoryChart } from "../report/memory-chart.js";

/**
 * Splits --only names into this suite's workloads and allocators.
 * @param {string[] | undefined} only
 * @param {string[]} workloadNames
 * @param {string[]} allocatorNames
 */
function selection(only, workloadNames, allocatorNames) {
  if (!only?.length) return { workloads: workloadNames, allocators: allocatorNames };
  // Names of other suites' workloads were checked by bench/run.js; ignored here.
  const ws = only.filter((n) => workloadNames.includes(n));
  const as = only.filter((n) => allocatorNames.includes(n));
  return { workloads: ws.length ? ws : workloadNames, allocators: as.length ? as : allocatorNames };
}

/**
 * @param {{ quick: boolean, reps?: number, jsReps?: number, only?: string[], rebuild?: boolean, traceWorkload?: any, log: (msg: string) => void }} opts
 */
async function run(opts) {
  const { quick, log } = opts;
  const plan = repetitionPlan(opts);
  const catalogue = await loadCatalogue({ rebuild: opts.rebuild, log });
  // --trace: the user's trace instead of the built-in workloads.
  const allWorkloads = opts.traceWorkload ? [opts.traceWorkload] : listWorkloads({ quick });
  const sel = selection(opts.only, allWorkloads.map((w) => w.name), catalogue.allocators.map((a) => a.name));
  const allocators = catalogue.allocators.filter((a) => sel.allocators.includes(a.name));
  const workloads = allWorkloads.filter((w) => sel.workloads.includes(w.name));
  log(`alloc suite: ${workloads.length} workloads x ${allocators.length} allocators, ` +
    `in Wasm ${plan.wasm.warmup}+${plan.wasm.reps} reps, from JS ${plan.js.warmup}+${plan.js.reps} reps${quick ? " (quick)" : ""}`);

  const jsLib = allocators.find((a) => a.kind === "js");
  const thingProbes = jsLib ? probeThingDefects(jsLib.lib) : null;

  /** @type {Record<string, Record<string, any>>} */
  const results = {};
  const workloadFacts = [];
  /** @type {Record<string, any>} the null allocator's replay of each workload */
  const driverFloor = {};
  /** @type {Record<string, any>} Wasm memory against ops, per allocator */
  const memoryProfiles = {};
  for (const [i, wl] of workloads.entries()) {
    log(`[${i + 1}/${workloads.length}] ${wl.name}: loading`);
    const w = await prepareWorkload(wl);
    workloadFacts.push({ name: w.name, kind: w.kind, description: w.description, ...w.facts, expectedChecksum: w.expected });
    const skipOf = (a) => (a.bump && w.facts.bumpNeedBytes > plan.bumpMaxBytes
      ? `skipped: bump would need ${(w.facts.bumpNeedBytes / 2 ** 30).toFixed(2)} GiB of fresh memory (limit ${plan.bumpMaxBytes / 2 ** 20} MiB; wasm32 max 4 GiB)`
      : undefined);
    const row = (results[w.name] = {});
    for (const a of allocators) {
      const c = await checkCorrectness(a, w, { skip: skipOf(a), jsLibraryLimitMs: plan.jsLibraryLimitMs });
      row[a.name] = { correctness: c };
      log(`  correctness ${a.name}: ${c.status}${c.problems.length ? ` (${c.problems.join("; ")})` : ""}`);
    }
    const running = allocators.filter((a) => !skipOf(a));
    const reduced = (a) => a.bump && w.facts.bumpNeedBytes > plan.bumpReducedAbove;
    const wasm = await runWasmPath(running.filter((a) => a.kind === "wasm"), w, plan.wasm, log,
      (a) => (reduced(a) ? plan.bumpReduced.wasm : plan.wasm));
    const floor = wasm.get(FLOOR);
    memoryProfiles[w.name] = await memoryProfile(running.filter((a) => a.kind === "wasm"), w);
    const js = await runJsPath(running, w, plan.js, {
      jsLibraryLimitMs: plan.jsLibraryLimitMs, log, planOf: (a) => (reduced(a) ? plan.bumpReduced.js : plan.js),
    });
    for (const a of allocators) {
      const skip = skipOf(a);
      const r = row[a.name];
      r.wasm = a.kind !== "wasm" ? { status: "n/a", reason: "JS library: no Wasm module" }
        : skip ? { status: "skipped", reason: skip } : wasm.get(a.name);
      r.js = skip ? { status: "skipped", reason: skip } : js.get(a.name);
      // Timed runs that failed or had a wrong checksum fail correctness too.
      for (const path of ["wasm", "js"]) {
        const problem = r[path].status === "failed" ? `${path} path: ${r[path].reason}`
          : r[path].checksumOk === false ? `${path} path: ${r[path].checksumFailures} timed run(s) with a wrong checksum` : null;
        if (problem) {
          r.correctness.problems.push(problem);
          r.correctness.status = "fail";
        }
      }
      if (a.kind === "js" && r.correctness.jsHighWaterBytes) {
        r.js.memoryBytes = r.correctness.jsHighWaterBytes;
        r.js.memoryRatio = r.js.memoryBytes / w.peakLiveBytes;
      }
    }
    driverFloor[w.name] = floor;
    fullGc();
  }

  const result = {
    suite: "alloc",
    quick,
    plan,
    smallObjectWorkloads: SMALL_OBJECT_WORKLOADS,
    allocators: allocators.map(({ lib, file, ...rest }) => rest),
    skippedAllocators: catalogue.skipped,
    workloads: workloadFacts,
    results,
    driverFloor,
    memoryProfiles,
    thingProbes,
  };
  return { ...result, targets: evaluateTargets(result), correctnessSummary: summarizeCorrectness(result) };
}

/** Per allocator: pass / fail / incomplete over all workloads. */
function summarizeCorrectness(result) {
  /** @type {Record<string, { status: string, required: boolean, workloads: Record<string, string> }>} */
  const out = {};
  for (const a of result.allocators) {
    const per = {};
    for (const w of result.workloads) per[w.name] = result.results[w.name][a.name].correctness.status;
    const v = Object.values(per);
    const status = v.includes("fail") ? "fail" : v.includes("incomplete") ? "incomplete" : "pass";
    // The JS library is reported, not required: its defects are a finding
    // about it, not a failure of the harness or of pyheap.
    out[a.name] = { status, required: a.role !== "js-library", workloads: per };
  }
  return out;
}

/** Names --only understands for this suite: workloads and allocators. */
function names() {
  return [...listWorkloads().map((w) => w.name), ...ALLOCATORS.map((a) => a.name), ...PYHEAP_MODULES.map((m) => m.name), THING_NAME];
}

export const allocSuite = {
  name: "alloc",
  title: "Allocators",
  names,
  run,
  markdown: allocMarkdown,
  charts: (result) => [
    { file: "chart.svg", svg: allocChart(result) },
    ...(result.memoryProfiles ? [{ file: "memory.svg", svg: memoryChart(result) }] : []),
  ],
};

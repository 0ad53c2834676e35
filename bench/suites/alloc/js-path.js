// The from-JS path for one workload: a JS loop calls each allocator's
// malloc/free/realloc/calloc per op (js-replay.js), timed by tinybench.
// Repetitions are interleaved like the in-Wasm path: repetition k is one
// tinybench Bench holding one task per allocator, in the list rotated by k,
// each run exactly once (iterations: 1, time: 0) on a fresh instance made in
// beforeEach (untimed). tinybench's own warm-up is off: repetition 0 is the
// warm-up (of the allocator's Wasm code; the JS loop is compiled afresh for
// every run, see js-replay.js).
import { Bench } from "tinybench";
import { instantiateAllocator } from "../../lib/wasm-allocators.js";
import { compileReplayLoop, replayJs, wasmTarget } from "../../lib/js-replay.js";
import { thingTarget, poolBytesFor } from "../../lib/thing-malloc.js";
import { fullGc } from "../../lib/gc.js";
import { rotate, summarize } from "../../lib/stats.js";

/**
 * @typedef {{
 *   status: "ok" | "failed" | "timeout" | "skipped", reason?: string,
 *   nsPerOp?: { median: number, min: number, max: number, n: number }, samples?: number[],
 *   partial?: { ops: number, nsPerOp: number, limitMs: number },
 *   finalMemoryBytes?: number, growCount?: number, checksumOk?: boolean, checksumFailures?: number,
 * }} JsPathResult
 */

/** A fresh JS target for an allocator (plus what to read afterwards). */
async function makeTarget(a, w) {
  if (a.kind === "wasm") {
    const alloc = await instantiateAllocator(/** @type {string} */ (a.file));
    return { target: wasmTarget(alloc), after: () => ({ finalMemoryBytes: alloc.memory.buffer.byteLength, growCount: alloc.growCount() }) };
  }
  const t = thingTarget(a.lib, poolBytesFor(w.peakLiveBytes));
  return { target: t, after: () => ({ finalMemoryBytes: t.pool.buf.byteLength }) };
}

/**
 * @param {import("../../lib/catalogue.js").AllocatorEntry[]} allocators
 * @param {Awaited<ReturnType<typeof import("./workload.js").prepareWorkload>>} w
 * @param {{ warmup: number, reps: number }} plan
 * @param {{ jsLibraryLimitMs: number, log: (msg: string) => void, planOf?: (a: any) => { warmup: number, reps: number } }} opts
 *   planOf: fewer repetitions for some allocators (they join the last rounds)
 * @returns {Promise<Map<string, JsPathResult>>}
 */
export async function runJsPath(allocators, w, plan, { jsLibraryLimitMs, log, planOf = () => plan }) {
  const acc = new Map(allocators.map((a) => [a.name, {
    samples: /** @type {number[]} */ ([]), checksumFailures: 0, after: /** @type {any} */ (null),
    failed: /** @type {string | undefined} */ (undefined), timedOut: /** @type {any} */ (null),
  }]));
  const total = plan.warmup + plan.reps;
  for (let rep = 0; rep < total; rep++) {
    const warm = rep < plan.warmup;
    const bench = new Bench({ iterations: 1, time: 0, warmup: false, throws: true, timestampProvider: "hrtimeNow" });
    /** @type {Map<string, { outcome: any, after: () => any }>} */
    const runs = new Map();
    /** @type {Set<string>} allocators whose run this round is their warm-up */
    const warmNow = new Set();
    for (const a of rotate(allocators, rep)) {
      const s = acc.get(a.name);
      const own = planOf(a), first = total - (own.warmup + own.reps);
      if (s.failed || s.timedOut || rep < first) continue; // a failed or DNF run is not repeated
      if (rep < first + own.warmup) warmNow.add(a.name);
      const limit = a.kind === "js" ? jsLibraryLimitMs : Infinity;
      /** @type {any} */ let made, loop;
      const run = { outcome: null, after: () => ({}) };
      runs.set(a.name, run);
      bench.add(a.name, () => { run.outcome = replayJs(made.target, w.ops, w.nslots, limit, loop); }, {
        async: false, // or tinybench calls the function once to find out
        beforeEach: async () => {
          made = await makeTarget(a, w);
          loop = compileReplayLoop(); // a fresh loop per run: see js-replay.js
          run.after = made.after;
          fullGc();
        },
      });
    }
    await bench.run();
    const line = [];
    for (const task of bench.tasks) {
      const s = acc.get(task.name), run = runs.get(task.name);
      const o = run.outcome;
      const ms = task.result.latency.mean;
      if (o.failedOp) { s.failed = `allocation failed (NULL) at op ${o.failedOp}`; line.push(`${task.name} FAILED`); continue; }
      if (o.timedOut) {
        s.timedOut = { ops: o.ops, nsPerOp: (ms * 1e6) / o.ops };
        line.push(`${task.name} DNF (${o.ops}/${w.nops} ops in ${jsLibraryLimitMs / 1000} s)`);
        continue;
      }
      if (o.checksum !== w.expected.js) s.checksumFailures++;
      s.after = run.after();
      const nsPerOp = (ms * 1e6) / o.ops;
      if (!warmNow.has(task.name)) s.samples.push(nsPerOp);
      line.push(`${task.name} ${nsPerOp.toFixed(1)}`);
    }
    log(`  js   ${warm ? "warm-up" : `rep ${rep - plan.warmup + 1}/${plan.reps}`} (ns/op): ${line.join(", ") || "nothing left to run"}`);
  }
  /** @type {Map<string, JsPathResult>} */
  const out = new Map();
  for (const a of allocators) {
    const s = acc.get(a.name);
    if (s.failed) out.set(a.name, { status: "failed", reason: s.failed });
    else if (s.timedOut && !s.samples.length) {
      out.set(a.name, {
        status: "timeout",
        reason: `did not finish in ${jsLibraryLimitMs / 1000} s (${s.timedOut.ops} of ${w.nops} ops)`,
        partial: { ...s.timedOut, limitMs: jsLibraryLimitMs },
      });
    } else {
      out.set(a.name, {
        status: "ok",
        nsPerOp: summarize(s.samples),
        samples: s.samples,
        ...s.after,
        checksumOk: s.checksumFailures === 0,
        checksumFailures: s.checksumFailures,
      });
    }
  }
  return out;
}

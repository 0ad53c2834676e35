// The in-Wasm path for one workload: the driver module replays the trace
// against a fresh instance of each allocator (replayInWasm), repetitions
// interleaved: repetition k runs every allocator once, in the list rotated
// by k, so drift over time (thermal, other load, V8 state) spreads over all
// allocators instead of landing on one. Repetition 0 is the warm-up. The
// null allocator (every block one scratch block) runs in the same rotation:
// its time is the driver's own floor, reported under FLOOR.

import { replayInWasm, NULL_ALLOCATOR } from "../../lib/wasm-allocators.js";

/** Key of the driver's floor (the null allocator) in runWasmPath's result. */
export const FLOOR = NULL_ALLOCATOR.name;
import { fullGc } from "../../lib/gc.js";
import { rotate, summarize } from "../../lib/stats.js";

/**
 * @typedef {{
 *   status: "ok" | "failed" | "skipped", reason?: string,
 *   nsPerOp?: { median: number, min: number, max: number, n: number }, samples?: number[],
 *   finalMemoryBytes?: number, harnessBytes?: number, memoryBytes?: number, memoryRatio?: number,
 *   growCount?: number, checksumOk?: boolean, checksumFailures?: number,
 * }} WasmPathResult
 */

/**
 * @param {import("../../lib/catalogue.js").AllocatorEntry[]} allocators wasm allocators to run
 * @param {Awaited<ReturnType<typeof import("./workload.js").prepareWorkload>>} w
 * @param {{ warmup: number, reps: number }} plan
 * @param {(msg: string) => void} log
 * @param {(a: any) => { warmup: number, reps: number }} [planOf] fewer
 *   repetitions for some allocators: they join the last warmup + reps rounds
 * @returns {Promise<Map<string, WasmPathResult>>}
 */
export async function runWasmPath(measured, w, plan, log, planOf = () => plan) {
  const allocators = [...measured, { name: FLOOR, file: NULL_ALLOCATOR.file, floor: true }];
  /** @type {Map<string, { samples: number[], last: any, checksumFailures: number, memories: Set<number>, failed?: string }>} */
  const acc = new Map(allocators.map((a) => [a.name, { samples: [], last: null, checksumFailures: 0, memories: new Set() }]));
  const total = plan.warmup + plan.reps;
  for (let rep = 0; rep < total; rep++) {
    const warm = rep < plan.warmup;
    const line = [];
    for (const a of rotate(allocators, rep)) {
      const s = /** @type {NonNullable<ReturnType<typeof acc.get>>} */ (acc.get(a.name));
      const own = planOf(a), first = total - (own.warmup + own.reps);
      if (s.failed || rep < first) continue;
      const ownWarm = rep < first + own.warmup;
      fullGc(); // collect the previous instance outside the timed region
      const r = await replayInWasm(/** @type {string} */ (a.file), w.ops);
      if (r.failedOp) {
        s.failed = `allocation failed (NULL) at op ${r.failedOp}`;
        line.push(`${a.name} FAILED`);
        continue;
      }
      // Every null block is the same block: its checksum is meaningless.
      if (!a.floor && r.checksum !== w.expected.wasm) s.checksumFailures++;
      s.last = r;
      s.memories.add(r.finalMemoryBytes);
      const nsPerOp = r.ns / r.ops;
      if (!ownWarm) s.samples.push(nsPerOp);
      line.push(`${a.name} ${nsPerOp.toFixed(1)}`);
    }
    log(`  wasm ${warm ? "warm-up" : `rep ${rep - plan.warmup + 1}/${plan.reps}`} (ns/op): ${line.join(", ") || "nothing left to run"}`);
  }
  /** @type {Map<string, WasmPathResult>} */
  const out = new Map();
  for (const a of allocators) {
    const s = /** @type {NonNullable<ReturnType<typeof acc.get>>} */ (acc.get(a.name));
    if (s.failed || !s.last) {
      out.set(a.name, { status: "failed", reason: s.failed ?? "no run completed" });
      continue;
    }
    const r = s.last;
    // Memory is deterministic for a given build and trace; more than one
    // value would mean the allocator depends on something outside the trace.
    const memoryBytes = r.finalMemoryBytes - r.harnessBytes;
    out.set(a.name, {
      status: "ok",
      nsPerOp: summarize(s.samples),
      samples: s.samples,
      finalMemoryBytes: r.finalMemoryBytes,
      harnessBytes: r.harnessBytes,
      memoryBytes,
      memoryRatio: memoryBytes / w.peakLiveBytes,
      growCount: r.growCount,
      checksumOk: s.checksumFailures === 0,
      checksumFailures: s.checksumFailures,
      ...(s.memories.size > 1 ? { reason: `final memory differed between repetitions: ${[...s.memories].join(", ")}` } : {}),
    });
  }
  return out;
}

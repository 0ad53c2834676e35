// Times one roofline workload on every allocator and the null allocator.
//
// A job is one allocator running one workload one way ("how"); the null
// allocator gets one job per way any allocator runs it, so each allocator's
// floor is the same driver code. Per job, one instance (bump: a fresh one
// before every full-size call, since it never reuses memory) and:
// 1. warm-up, short calls (n/50) until V8 reports TurboFan code for the
//    driver's loop and for every allocator export the loop calls
//    (v8-tier.js), at most plan.shortMax calls. V8 tiers a Wasm function up
//    only between calls, once it has used its budget, so many short calls
//    get the optimized code in place before the long ones;
// 2. settle, full-size calls until the last three agree within
//    plan.settleRatio (at least 3, at most plan.settleMax);
// then the timed repetitions, interleaved: repetition k runs every job of
// the workload once, in the job list rotated by k. The tiers are asked again
// after the last repetition.
import { instantiateAllocator, instantiateRoofline, harnessAllocator } from "../../lib/wasm-allocators.js";
import { optimized } from "../../lib/v8-tier.js";
import { rotate, summarize } from "../../lib/stats.js";
import { fullGc } from "../../lib/gc.js";

/**
 * @typedef {{ name: string, file: string, align: number, exportNames: string[], bump?: boolean, isNull?: boolean }} RooflineAllocator
 */

class Job {
  /**
   * @param {RooflineAllocator} a
   * @param {any} w workload
   * @param {string} how
   * @param {number} n
   */
  constructor(a, w, how, n) {
    Object.assign(this, { a, w, how, n });
    /** @type {any} */ this.inst = null;
    /** @type {number[]} */ this.samples = [];
    /** @type {Set<number>} */ this.checksums = new Set();
    this.memoryBytes = 0;
    /** @type {string | null} */ this.failed = null;
  }

  async open() {
    const alloc = await instantiateAllocator(this.a.file);
    const d = await instantiateRoofline(alloc);
    const t = this.w.prepare?.(d, harnessAllocator(alloc).malloc) ?? {};
    this.inst = { alloc, d, t };
  }

  /** The functions whose tier decides the loop's speed. */
  functions() {
    const { alloc, d } = this.inst;
    const way = this.w.hows[this.how];
    return { loop: d[way.loop], ...Object.fromEntries(way.calls.map((c) => [c, alloc.exports[c]])) };
  }

  /** @returns {Record<string, boolean | null>} */
  tiers() {
    return Object.fromEntries(Object.entries(this.functions()).map(([k, f]) => [k, optimized(f)]));
  }

  /** One call of n iterations; returns ns. Throws on allocation failure. */
  async call(n, { fresh = false } = {}) {
    if (fresh || !this.inst) {
      this.inst = null;
      fullGc();
      await this.open();
    }
    const { d, t, alloc } = this.inst;
    const check = (what) => {
      if (d.failed.value) throw new Error(`${this.a.name}: ${this.w.name} ${what}: an allocation returned NULL or a misaligned block`);
    };
    if (this.w.before) { this.w.before(d, t); check("setup"); }
    const t0 = process.hrtime.bigint();
    const sum = this.w.run(d, n, t, this.how);
    const ns = Number(process.hrtime.bigint() - t0);
    check("timed loop");
    this.w.after?.(d, t);
    if (n === this.n) this.checksums.add(sum >>> 0);
    this.memoryBytes = Math.max(this.memoryBytes, alloc.memory.buffer.byteLength);
    return ns;
  }
}

/**
 * @param {Job} job
 * @param {{ shortMax: number, settleMin: number, settleMax: number, settleRatio: number }} plan
 */
async function warmUp(job, plan) {
  const short = Math.max(1, Math.round(job.n / 50));
  let shortCalls = 0;
  let tiers = job.tiers();
  const allOptimized = (t) => Object.values(t).every((x) => x === true);
  const probe = Object.values(tiers).every((x) => x !== null);
  while (shortCalls < plan.shortMax) {
    await job.call(short, { fresh: job.a.bump && job.inst.alloc.memory.buffer.byteLength > 128 * 2 ** 20 });
    shortCalls++;
    tiers = job.tiers();
    if (probe ? allOptimized(tiers) : shortCalls >= plan.shortMax / 2) break;
  }
  const times = [];
  let spread = Infinity;
  while (times.length < plan.settleMax) {
    times.push(await job.call(job.n, { fresh: job.a.bump }));
    if (times.length >= plan.settleMin) {
      const last = times.slice(-3);
      spread = Math.max(...last) / Math.min(...last);
      if (spread < plan.settleRatio) break;
    }
  }
  return {
    shortN: short, shortCalls, fullCalls: times.length,
    settled: spread < plan.settleRatio, spread,
    tiersAfterWarmup: job.tiers(), firstNsPerOp: times[0] / job.w.ops(job.n),
  };
}

/**
 * Runs one workload on every allocator; returns per allocator (and the null
 * allocator's floors per way) samples in ns/op.
 * @param {RooflineAllocator[]} allocators real allocators
 * @param {RooflineAllocator} nullAlloc
 * @param {any} w
 * @param {{ quick: boolean, reps: number, shortMax: number, settleMin: number, settleMax: number, settleRatio: number }} plan
 * @param {(msg: string) => void} log
 */
export async function measureWorkload(allocators, nullAlloc, w, plan, log) {
  const n = plan.quick ? w.n.quick : w.n.full;
  const jobs = [];
  /** @type {Record<string, { status: string, reason?: string, how?: string }>} */
  const na = {};
  for (const a of allocators) {
    const how = w.choose(a);
    if (typeof how !== "string") { na[a.name] = { status: "n/a", reason: how.na }; continue; }
    jobs.push(new Job(a, w, how, a.bump ? Math.min(n, w.bumpMax) : n));
  }
  const hows = [...new Set(jobs.map((j) => j.how))];
  const floors = hows.map((how) => new Job(nullAlloc, w, how, n));
  const all = [...floors, ...jobs];

  for (const job of all) {
    try {
      await job.open();
      job.warmup = await warmUp(job, plan);
    } catch (e) {
      job.failed = /** @type {Error} */ (e).message;
      log(`  ${job.a.name}: FAILED in warm-up: ${job.failed}`);
    }
  }
  for (let rep = 0; rep < plan.reps; rep++) {
    const line = [];
    for (const job of rotate(all, rep)) {
      if (job.failed) continue;
      try {
        const ns = await job.call(job.n, { fresh: job.a.bump });
        job.samples.push(ns / w.ops(job.n));
        line.push(`${job.a.name}${floors.length > 1 && job.a.isNull ? `(${job.how})` : ""} ${(ns / w.ops(job.n)).toFixed(1)}`);
      } catch (e) {
        job.failed = /** @type {Error} */ (e).message;
        line.push(`${job.a.name} FAILED`);
      }
    }
    log(`  rep ${rep + 1}/${plan.reps} (ns/op): ${line.join(", ")}`);
  }

  const summaryOf = (job) => job.failed ? { status: "failed", reason: job.failed } : {
    status: "ok", how: job.how, howLabel: w.hows[job.how].label, n: job.n, ops: w.ops(job.n),
    nsPerOp: summarize(job.samples), samples: job.samples, warmup: job.warmup,
    tiersAfterReps: job.tiers(), checksums: [...job.checksums], memoryBytes: job.memoryBytes,
  };
  const floorByHow = Object.fromEntries(floors.map((f) => [f.how, summaryOf(f)]));
  /** @type {Record<string, any>} */
  const results = { ...na };
  for (const job of jobs) {
    const r = summaryOf(job);
    const floor = floorByHow[job.how];
    if (r.status === "ok" && floor?.status === "ok") {
      const f = floor.nsPerOp.median;
      r.floorNsPerOp = f;
      r.netNsPerOp = summarize(job.samples.map((x) => x - f));
    }
    results[job.a.name] = r;
  }
  for (const job of all) job.inst = null;
  return { n, floors: floorByHow, results };
}

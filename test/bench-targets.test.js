// The targets the bench states for the allocator: the roofline's
// per-workload ratios and the replays' geometric means, judged from the
// figures given (never from a run here).
import { describe, it, expect } from "vitest";
import { evaluateRooflineTargets, wasmallocRatio, ROOFLINE_TARGET } from "../bench/report/roofline-targets.js";
import { evaluateTargets, REPLAY_TARGET, JS_TARGET } from "../bench/report/targets.js";

const net = (median) => ({ status: "ok", netNsPerOp: { median, min: median, max: median } });
const roofline = (pyheap) => ({
  results: Object.fromEntries(["alloc_free_32", "batch_lifo_32", "batch_fifo_32", "churn", "random_actions"]
    .map((w) => [w, { results: { pyheap: net(pyheap[w]), "dlmalloc-wasi": net(10) } }])),
});

describe("roofline targets", () => {
  it("are wasmalloc's published ratios to dlmalloc and half of dlmalloc-wasi", () => {
    expect(ROOFLINE_TARGET).toBe(0.5);
    expect(["alloc_free_32", "batch_lifo_32", "batch_fifo_32", "churn", "random_actions"].map(wasmallocRatio))
      .toEqual([0.46, 0.40, 0.29, 0.12, 0.38]);
  });
  it("judge each workload on its own", () => {
    const rows = evaluateRooflineTargets(roofline({ alloc_free_32: 4, batch_lifo_32: 5, batch_fifo_32: 6, churn: 1, random_actions: 3.8 }));
    expect(rows.map((r) => [r.workload, r.metHalf, r.metWasmalloc])).toEqual([
      ["alloc_free_32", true, true], ["batch_lifo_32", true, false], ["batch_fifo_32", false, false],
      ["churn", true, true], ["random_actions", true, true]]);
  });
  it("are not evaluated without dlmalloc-wasi", () => {
    const r = roofline({ alloc_free_32: 1, batch_lifo_32: 1, batch_fifo_32: 1, churn: 1, random_actions: 1 });
    delete r.results.churn.results["dlmalloc-wasi"];
    expect(evaluateRooflineTargets(r)).toBeNull();
  });
});

describe("replay targets", () => {
  const ok = (ns, mem) => ({ status: "ok", nsPerOp: { median: ns }, memoryBytes: mem });
  const result = (pyWasm, pyJs, pyMem) => ({
    allocators: [{ name: "pyheap" }, { name: "dlmalloc-wasi" }],
    smallObjectWorkloads: ["small-lifo"],
    workloads: [{ name: "small-lifo", kind: "synthetic" }, { name: "objects", kind: "cpython-trace" }, { name: "large-mix", kind: "synthetic" }],
    results: Object.fromEntries(["small-lifo", "objects", "large-mix"].map((w) => [w, {
      pyheap: { wasm: ok(pyWasm, pyMem), js: ok(pyJs, 0) }, "dlmalloc-wasi": { wasm: ok(10, 1000), js: ok(20, 0) },
    }])),
  });
  it("ask 0.7x in Wasm (the driver's floor included), 1x from JS, memory no more than dlmalloc's", () => {
    expect([REPLAY_TARGET, JS_TARGET]).toEqual([0.7, 1.0]);
    const t = evaluateTargets(result(7, 20, 1000));
    expect(t.primary.map((x) => [x.id, x.met])).toEqual([["speed-wasm", true], ["speed-js", true], ["memory", true]]);
    // The geometric mean covers the traces and the small-object mixes only.
    expect(t.primary[0].workloads.map((r) => r.workload)).toEqual(["small-lifo", "objects"]);
    const miss = evaluateTargets(result(7.1, 20.1, 1001));
    expect(miss.primary.map((x) => x.met)).toEqual([false, false, false]);
  });
});

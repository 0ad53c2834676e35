// The workloads' quick versions: the recorded CPython traces are cut to
// windows from the middle of each program (so the three differ), made valid
// by validWindow.
import { describe, it, expect } from "vitest";

describe("quick CPython traces", () => {
  it("are 20k-op windows from the middle of each program, valid and different from each other", async () => {
    const { listTraceNames, loadTrace, validateOps, QUICK_OPS } = await import("../bench/workloads/index.js");
    const names = listTraceNames();
    expect(names.length).toBeGreaterThanOrEqual(3);
    const seen = new Set();
    for (const name of names) {
      const { ops, meta } = await loadTrace(name, { quick: true });
      expect(validateOps(ops, { histogram: false }).ops).toBeLessThanOrEqual(QUICK_OPS);
      expect(meta.quick.windowStart).toBeGreaterThan(meta.quick.fullOps / 4); // past start-up
      seen.add(Buffer.from(ops.buffer, ops.byteOffset, ops.byteLength).toString("base64"));
    }
    expect(seen.size).toBe(names.length);
  });

  it("validWindow drops frees of blocks from before the window and turns their reallocs into mallocs", async () => {
    const { validWindow, validateOps, OpWriter } = await import("../bench/workloads/ops.js");
    const w = new OpWriter();
    const a = w.malloc(10), b = w.malloc(20); // before the window
    w.free(a);                                // window starts here (op 2)
    w.realloc(b, 30);
    const c = w.malloc(40);
    w.free(b);
    w.free(c);
    const ops = w.finish();
    const { ops: out, windowOps, appendedFrees } = validWindow(ops, 2, 100);
    expect(windowOps).toBe(5); // source ops taken, the dropped free included
    expect(appendedFrees).toBe(0);
    const kinds = [];
    for (let i = 0; i < out.length; i += 2) kinds.push([out[i] >>> 30, out[i] & (2 ** 30 - 1), out[i + 1]]);
    expect(kinds).toEqual([[0, b, 30], [0, c, 40], [1, b, 0], [1, c, 0]]);
    expect(validateOps(out).ops).toBe(4);
    // a cut: what is live at the end is freed
    const cut = validWindow(ops, 2, 3);
    expect(validateOps(cut.ops).ops).toBeLessThanOrEqual(3);
    expect(cut.appendedFrees).toBeGreaterThan(0);
  });
});

// heap.tracemalloc and tracemallocFor(): Python's tracemalloc over the Wasm
// heap. Sort orders and texts are checked against python3's own
// tracemalloc classes fed the same traces.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createHeap, createAllocator, tracemallocFor, Snapshot, Traceback, Frame, Filter, DomainFilter,
  RuntimeError, ValueError, type Trace,
} from "../src/index.js";
import { withHeap } from "./heap.helpers.js";

const THIS_FILE = /tracemalloc\.test\.ts$/;

function makeInts(heap: Awaited<ReturnType<typeof createHeap>>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(heap.int(100_000 + i));
  return out;
}

describe("heap.tracemalloc", () => {
  it("raises Python's RuntimeError before start() and reports zeros", () => withHeap((heap) => {
    const tm = heap.tracemalloc;
    expect(tm.isTracing()).toBe(false);
    expect(() => tm.takeSnapshot()).toThrow(RuntimeError);
    expect(() => tm.takeSnapshot()).toThrow("the tracemalloc module must be tracing memory allocations to take a snapshot");
    expect(tm.getTracedMemory()).toEqual([0, 0]);
    expect(tm.getTracebackLimit()).toBe(1);
    expect(() => tm.start(0)).toThrow(ValueError);
    expect(() => tm.start(65536)).toThrow("the number of frames must be in range [1; 65535]");
    expect(() => tm.start({ sampleBytes: -1 })).toThrow(RangeError);
    expect(tm.isTracing()).toBe(false);
  }));

  it("traces objects with the JavaScript caller's file, line and function", () => withHeap((heap) => {
    const tm = heap.tracemalloc;
    tm.start(2);
    expect(tm.isTracing()).toBe(true);
    expect(tm.getTracebackLimit()).toBe(2);
    const ints = makeInts(heap, 50);
    const snap = tm.takeSnapshot();
    const stats = snap.statistics("lineno");
    const top = stats[0];
    expect(top.count).toBe(50);
    expect(top.traceback.frames[0].filename).toMatch(THIS_FILE);
    expect(top.traceback.frames[0].name).toBe("makeInts");
    // the line of heap.int() in makeInts
    const src = readFileSync(new URL(import.meta.url), "utf8").split("\n");
    expect(src[top.traceback.frames[0].lineno - 1]).toContain("heap.int(100_000 + i)");
    // two frames: makeInts and this test
    const tb = snap.statistics("traceback")[0].traceback;
    expect(tb.length).toBe(2);
    expect(tb.frames[1].name).toBe("makeInts");
    expect(String(tm.getObjectTraceback(ints[7]))).toBe(String(tb));
    expect(tm.getObjectTraceback(heap.None)).toBe(null); // static, never allocated
    const [cur, peak] = tm.getTracedMemory();
    expect(cur).toBe(snap.traces.reduce((s, t) => s + t.size, 0));
    expect(peak).toBeGreaterThanOrEqual(cur);
    expect(tm.getTracemallocMemory()).toBeGreaterThan(0);
    ints.forEach((o) => heap.decref(o));
    expect(tm.getTracedMemory()[0]).toBe(cur - snap.statistics("lineno")[0].size);
    tm.stop();
    expect(tm.isTracing()).toBe(false);
    expect(tm.getTracedMemory()).toEqual([0, 0]);
  }));

  it("drops the traces of objects that die in Wasm: decref cascades and collections", () => withHeap((heap) => {
    const tm = heap.tracemalloc;
    heap.decref(heap.list([heap.None, heap.None])); // the façade's argument buffer exists
    heap.clearFreeLists();
    tm.start();
    const before = tm.getTracedMemory()[0];
    // a deep structure freed by one decref
    let l = heap.list();
    for (let i = 0; i < 500; i++) {
      const x = heap.int(1_000_000 + i);
      const outer = heap.list([l, x]);
      heap.decref(l);
      heap.decref(x);
      l = outer;
    }
    expect(tm.takeSnapshot().traces.length).toBeGreaterThan(1000);
    heap.decref(l);
    heap.clearFreeLists();
    expect(tm.takeSnapshot().traces.length).toBe(0);
    expect(tm.getTracedMemory()[0]).toBe(before);
    // cycles freed by the collector
    for (let i = 0; i < 100; i++) {
      const a = heap.list(), b = heap.list([a]);
      heap.append(a, b);
      heap.decref(a);
      heap.decref(b);
    }
    expect(tm.takeSnapshot().traces.length).toBeGreaterThan(0);
    heap.gc.collect();
    heap.clearFreeLists();
    expect(tm.takeSnapshot().traces.length).toBe(0);
    const peak = tm.getTracedMemory()[1];
    expect(peak).toBeGreaterThan(0);
    tm.resetPeak();
    expect(tm.getTracedMemory()).toEqual([0, 0]);
    tm.stop();
  }));

  it("clearTraces() forgets what was traced; getObjectTraceback checks its argument", () => withHeap((heap) => {
    const tm = heap.tracemalloc;
    tm.start();
    const f = heap.float(1.5);
    expect(tm.getObjectTraceback(f)).not.toBe(null);
    tm.clearTraces();
    expect(tm.getObjectTraceback(f)).toBe(null);
    expect(tm.takeSnapshot().traces.length).toBe(0);
    heap.decref(f);
    expect(() => tm.getObjectTraceback(12345)).toThrow(ReferenceError);
    expect(() => tm.getObjectTraceback("x" as never)).toThrow(TypeError);
    tm.stop();
  }));

  it("rejects a bad keyType with ValueError naming it", () => withHeap((heap) => {
    heap.tracemalloc.start();
    const snap = heap.tracemalloc.takeSnapshot();
    expect(() => snap.statistics("foo" as never)).toThrow(ValueError);
    expect(() => snap.statistics("foo" as never)).toThrow("unknown key_type: 'foo'");
    expect(() => snap.statistics("traceback", true)).toThrow("cumulative mode cannot by used with key type 'traceback'");
    expect(() => snap.compareTo(snap, "size" as never)).toThrow("unknown key_type: 'size'");
    expect(() => snap.filterTraces(3 as never)).toThrow("filters must be a list of filters, not number");
    heap.tracemalloc.stop();
  }));

  it("samples: scaled estimates, marked as such, near the truth", () => withHeap((heap) => {
    const tm = heap.tracemalloc;
    heap.exports.pyheap_trace_seed(12345);
    tm.start({ sampleBytes: 2048 });
    expect(tm.sampleBytes).toBe(2048);
    const kept: number[] = [];
    for (let i = 0; i < 40_000; i++) kept.push(heap.float(i + 0.5)); // 16 bytes each
    const snap = tm.takeSnapshot();
    expect(snap.sampleBytes).toBe(2048);
    expect(snap.traces.length).toBeLessThan(2000); // sampled, not every float
    const st = snap.statistics("lineno")[0];
    expect(st.estimated).toBe(true);
    expect(String(st)).toContain("size=~");
    const truth = 40_000 * 16;
    expect(st.size).toBeGreaterThan(truth * 0.8);
    expect(st.size).toBeLessThan(truth * 1.2);
    const [cur] = tm.getTracedMemory();
    expect(cur).toBeGreaterThan(truth * 0.8);
    expect(cur).toBeLessThan(truth * 1.25);
    kept.forEach((o) => heap.decref(o));
    heap.clearFreeLists();
    expect(tm.takeSnapshot().traces.length).toBe(0);
    tm.stop();
    expect(tm.defaultSampleBytes).toBe(512 * 1024);
  }));

  it("dump() and Snapshot.load() round-trip; a corrupt file raises a clear error", () => withHeap((heap) => {
    const dir = mkdtempSync(join(tmpdir(), "pyheap-tm-"));
    heap.tracemalloc.start(3);
    const ints = makeInts(heap, 10);
    const snap = heap.tracemalloc.takeSnapshot();
    const path = join(dir, "snap.json");
    snap.dump(path);
    const back = Snapshot.load(path);
    expect(back.statistics("traceback").map(String)).toEqual(snap.statistics("traceback").map(String));
    expect(back.tracebackLimit).toBe(3);
    ints.forEach((o) => heap.decref(o));
    expect(heap.tracemalloc.takeSnapshot().compareTo(back, "lineno")[0].countDiff).toBe(-10);
    heap.tracemalloc.stop();
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "\u0080garbage");
    expect(() => Snapshot.load(bad)).toThrow(ValueError);
    expect(() => Snapshot.load(bad)).toThrow(/is not a tracemalloc snapshot \(not JSON/);
    writeFileSync(bad, JSON.stringify({ format: "pyheap-tracemalloc-snapshot", version: 1, tracebackLimit: 1, sampleBytes: 0, frames: [], tracebacks: [[3]], traces: [] }));
    expect(() => Snapshot.load(bad)).toThrow("traceback 0 is malformed");
    writeFileSync(bad, JSON.stringify({ hello: 1 }));
    expect(() => Snapshot.load(bad)).toThrow(/not a valid tracemalloc snapshot/);
  }));
});

describe("Snapshot against python3's tracemalloc", () => {
  // The same traces in both: frames most recent first, as _tracemalloc gives them.
  const raw: [number, number, [string, number][]][] = [
    [0, 100, [["b.js", 3], ["main.js", 10]]],
    [0, 100, [["a.js", 7], ["main.js", 10]]],
    [1, 100, [["a.js", 7], ["main.js", 11]]],
    [0, 50, [["a.js", 2], ["a.js", 9]]],
    [0, 50, [["c.js", 1], ["main.js", 12]]],
    [0, 50, [["c.js", 1], ["main.js", 12]]],
    [2, 4096, [["z.js", 5], ["main.js", 13]]],
    [0, 16, [["a.js", 7], ["a.js", 7]]],
    [0, 100, [["b.js", 4], ["main.js", 10]]],
    [0, 1536, [["b.js", 3], ["main.js", 10]]],
    [0, 100000, [["big.js", 1], ["main.js", 14]]],
  ];
  const old: typeof raw = [
    [0, 100, [["b.js", 3], ["main.js", 10]]],
    [0, 999, [["gone.js", 1], ["main.js", 10]]],
    [0, 100, [["c.js", 1], ["main.js", 12]]],
  ];
  const toSnapshot = (rs: typeof raw) => new Snapshot(rs.map(([domain, size, frames]): Trace => ({
    domain, size, traceback: new Traceback(frames.map(([f, l]) => new Frame(f, l)).reverse()),
  })), 2);

  const pyLines = (): string[] => {
    const py = `
import tracemalloc, json
raw = json.loads(${JSON.stringify(JSON.stringify(raw))})
old = json.loads(${JSON.stringify(JSON.stringify(old))})
mk = lambda rs: tracemalloc.Snapshot([(d, s, tuple(tuple(f) for f in fr), len(fr)) for d, s, fr in rs], 2)
s, o = mk(raw), mk(old)
for k in ("lineno", "filename", "traceback"):
    for st in s.statistics(k): print(k, st)
for k in ("lineno", "filename"):
    for st in s.statistics(k, cumulative=True): print("cum", k, st)
for st in s.compare_to(o, "lineno"): print("diff", st)
for st in s.compare_to(o, "filename"): print("difff", st)
f = s.filter_traces([tracemalloc.Filter(True, "a.*"), tracemalloc.Filter(False, "*", lineno=2), tracemalloc.DomainFilter(False, 1)])
for st in f.statistics("lineno"): print("filt", st)
f = s.filter_traces([tracemalloc.Filter(True, "main.js", all_frames=True, domain=0)])
for st in f.statistics("lineno"): print("filt2", st)
`;
    return execFileSync("python3", ["-c", py], { encoding: "utf8" }).trim().split("\n");
  };

  it("statistics, compareTo and filterTraces give python3's order and text", () => {
    const s = toSnapshot(raw), o = toSnapshot(old);
    const ours: string[] = [];
    for (const k of ["lineno", "filename", "traceback"] as const) for (const st of s.statistics(k)) ours.push(`${k} ${st}`);
    for (const k of ["lineno", "filename"] as const) for (const st of s.statistics(k, true)) ours.push(`cum ${k} ${st}`);
    for (const st of s.compareTo(o, "lineno")) ours.push(`diff ${st}`);
    for (const st of s.compareTo(o, "filename")) ours.push(`difff ${st}`);
    const f = s.filterTraces([new Filter(true, "a.*"), new Filter(false, "*", 2), new DomainFilter(false, 1)]);
    for (const st of f.statistics("lineno")) ours.push(`filt ${st}`);
    const f2 = s.filterTraces([new Filter(true, "main.js", null, true, 0)]);
    for (const st of f2.statistics("lineno")) ours.push(`filt2 ${st}`);
    expect(ours).toEqual(pyLines());
  });
});

describe("tracemallocFor(allocator)", () => {
  it("traces malloc/realloc/free with tags, in the release and debug builds", async () => {
    for (const build of ["release", "debug"] as const) {
      const a = await createAllocator({ build });
      const tm = tracemallocFor(a);
      tm.start();
      expect(tm.setTag(7)).toBe(0);
      const p = a.malloc(1000);
      expect(tm.setTag(0)).toBe(7);
      let q = a.malloc(24);
      q = a.realloc(q, 4000);
      const snap = tm.takeSnapshot();
      expect(snap.traces.map((t) => [t.domain, t.size]).sort((x, y) => x[1] - y[1])).toEqual([[7, 1000], [0, 4000]]);
      expect(snap.filterTraces([new DomainFilter(true, 7)]).traces.length).toBe(1);
      expect(tm.getObjectTraceback(q)!.frames[0].filename).toMatch(THIS_FILE);
      a.free(p);
      a.free(q);
      expect(tm.takeSnapshot().traces.length).toBe(0);
      expect(() => a.free(q)).toThrow(ReferenceError); // refused: nothing traced changes
      expect(tm.getTracedMemory()[0]).toBe(0);
      tm.stop();
      a.check();
    }
  });
});

// Leak reports: heap.leaks(), close({ reportLeaks }), allocatorLeaksOf().
import { describe, it, expect, vi } from "vitest";
import { createHeap, createAllocator, tracemallocFor, allocatorLeaksOf, type Heap, type Ref } from "../src/index.js";
import { collectUntil } from "./helpers/js-gc.js";

describe("heap.leaks()", () => {
  it("finds the unreachable cycles a collection would find, and frees nothing", async () => {
    const heap = await createHeap();
    heap.gc.disable();
    // seed 002: two lists referring to each other, dropped
    const l1 = heap.list(), l2 = heap.list([l1]);
    heap.append(l1, l2);
    heap.decref(l1);
    heap.decref(l2);
    // three instances in a ring, dropped
    const A = heap.newClass("A");
    const a = heap.instance(A), b = heap.instance(A), c = heap.instance(A);
    heap.setattr(a, "next", b);
    heap.setattr(b, "next", c);
    heap.setattr(c, "next", a);
    [a, b, c].forEach((o) => heap.decref(o));
    // a cycle still held from JavaScript: reachable
    const kept = heap.list();
    heap.append(kept, kept);
    const before = heap.memoryInfo().liveObjects;
    const report = heap.leaks();
    expect(heap.memoryInfo().liveObjects).toBe(before);
    expect(report.unreachable.map((u) => u.type).sort()).toEqual(["A", "A", "A", "list", "list"]);
    expect(report.byType.list).toBe(3);
    expect(report.byType["A instance"]).toBe(3);
    expect(report.bySite).toBe(null);
    expect(String(report)).toContain("unreachable, a gc.collect() would find: 5");
    expect(heap.gc.collect()).toBe(5); // the collector agrees
    expect(heap.leaks().unreachable).toEqual([]);
    heap.decref(kept);
    heap.decref(A);
    heap.close();
  });

  it("groups by allocation site while tracing; close({ reportLeaks: true }) prints the report", async () => {
    const heap = await createHeap();
    heap.tracemalloc.start();
    const leaked = [heap.float(1.5), heap.str("a leaked string")];
    const report = heap.leaks();
    expect(report.bySite!.length).toBeGreaterThan(0);
    expect(report.bySite![0].traceback.frames[0].filename).toMatch(/leaks\.test\.ts$/);
    expect(report.byType.float).toBe(1);
    expect(report.byType.str).toBeGreaterThanOrEqual(1);
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    heap.close({ reportLeaks: true });
    expect(spy).toHaveBeenCalledTimes(1);
    const text = String(spy.mock.calls[0][0]);
    spy.mockRestore();
    expect(text).toMatch(/^pyheap leak report: \d+ live objects/);
    expect(text).toContain("float: 1");
    expect(text).toMatch(/by allocation site \(tracemalloc\):\n {2}\S*leaks\.test\.ts:\d+: size=/);
    expect(leaked.length).toBe(2);
  });
});

describe("heap.leaks(): references JavaScript dropped", () => {
  /** Handles of `n` new lists (each with one int), dropped at once. */
  const drop = (heap: Heap, n: number) => {
    for (let i = 0; i < n; i++) {
      const l = heap.list(), n = heap.int(1000 + i);
      heap.append(l, n);
      heap.decref(n);
      heap.own(l);
    }
  };

  it("lists the objects of handles garbage-collected while owning, while they live", async () => {
    const reports: Ref[] = [];
    const heap = await createHeap({ droppedHandles: (r) => reports.push(r) });
    expect(heap.leaks().droppedHandles).toEqual([]);
    drop(heap, 5);
    (() => {
      for (let i = 0; i < 5; i++) heap.own(heap.dict()).dispose(); // disposed: not leaks
    })();
    const kept = heap.own(heap.list()); // still held: not a leak
    await collectUntil(() => reports.length === 5);
    expect(reports.length).toBe(5);
    let report = heap.leaks();
    expect(report.droppedHandles.map((d) => d.ref).sort()).toEqual([...reports].sort());
    expect(report.droppedHandles.every((d) => d.type === "list")).toBe(true);
    expect(String(report)).toContain("dropped by JavaScript without decref (heap.own() handles garbage-collected while owning): 5\n  <list 0x");
    // they are reachable (JavaScript's reference is counted), so not unreachable
    expect(report.unreachable).toEqual([]);
    // two are released late by hand: no longer leaks
    heap.decref(reports[0]);
    heap.decref(reports[3]);
    report = heap.leaks();
    expect(report.droppedHandles.map((d) => d.ref).sort()).toEqual([reports[1], reports[2], reports[4]].sort());
    kept.dispose();
    heap.close();
  });

  it("the default mode warns and reports; \"release\" leaves nothing to report", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const heap = await createHeap();
      drop(heap, 3);
      await collectUntil(() => warn.mock.calls.length >= 3);
      expect(warn.mock.calls.length).toBe(3);
      expect(heap.leaks().droppedHandles.length).toBe(3);
      heap.close();
    } finally {
      warn.mockRestore();
    }
    const releasing = await createHeap({ droppedHandles: "release" });
    const base = releasing.memoryInfo().liveObjects;
    drop(releasing, 3);
    await collectUntil(() => releasing.memoryInfo().liveObjects === base);
    expect(releasing.memoryInfo().liveObjects).toBe(base);
    expect(releasing.leaks().droppedHandles).toEqual([]);
    releasing.close();
  });
});

describe("allocatorLeaksOf()", () => {
  it("lists live blocks by size class, large blocks, and by tag while tracing", async () => {
    const a = await createAllocator();
    const tm = tracemallocFor(a);
    tm.start();
    tm.setTag(1);
    const small = Array.from({ length: 10 }, () => a.malloc(24));
    tm.setTag(2);
    const big = a.malloc(100_000);
    tm.setTag(0);
    const r = allocatorLeaksOf(a, tm);
    expect(r.bySizeClass.find((c) => c.size === 32)!.blocks).toBeGreaterThanOrEqual(10);
    expect(r.large.blocks).toBeGreaterThanOrEqual(1);
    expect(r.large.bytes).toBeGreaterThanOrEqual(100_000);
    expect(r.byTag).toEqual([
      { tag: 2, blocks: 1, bytes: 100_000, estimated: false },
      { tag: 1, blocks: 10, bytes: 240, estimated: false },
    ]);
    expect(String(r)).toContain("tag 1: 10 blocks, 240 bytes");
    small.forEach((p) => a.free(p));
    a.free(big);
    expect(allocatorLeaksOf(a, tm).byTag).toEqual([]);
    tm.stop();
    expect(allocatorLeaksOf(a).byTag).toBe(null);
  });
});

// Handles: heap.own(r) owns one reference; `using` and dispose() release
// it once; a handle dropped without dispose() is reported or released by
// the FinalizationRegistry (src/heap/handles.ts).
import { describe, it, expect } from "vitest";
import { createHeap, type Heap, type Ref } from "../src/index.js";
import { collectUntil } from "./helpers/js-gc.js";

describe.each(["release", "debug"] as const)("handles (%s build)", (build) => {
  it("using releases the reference at the end of the block, once", async () => {
    const heap = await createHeap({ build });
    const base = heap.memoryInfo().liveObjects;
    let kept: Ref = 0;
    {
      using h = heap.own(heap.list());
      heap.append(h.ref, heap.None);
      expect(heap.len(h.ref)).toBe(1);
      kept = h.ref;
      expect(heap.memoryInfo().liveObjects).toBe(base + 1);
    }
    expect(heap.memoryInfo().liveObjects).toBe(base);
    expect(() => heap.len(kept)).toThrow(ReferenceError); // the list is gone
    const h = heap.own(heap.int(12345));
    h.dispose();
    h.dispose(); // once only
    expect(h.owned).toBe(false);
    expect(() => h.ref).toThrow(/already released/);
    const g = heap.own(heap.float(1.5));
    const r = g.release();
    g.dispose(); // nothing: it no longer owns r
    expect(heap.toJS(r)).toBe(1.5);
    heap.decref(r);
    expect(heap.memoryInfo().liveObjects).toBe(base);
    const stale = heap.int(99999);
    heap.decref(stale);
    expect(() => heap.own(stale)).toThrow(ReferenceError);
    heap.close();
  });

  it("a dropped handle is reported, or released when asked", async () => {
    const reports: Array<[Ref, string]> = [];
    const reporting = await createHeap({ build, droppedHandles: (r, what) => reports.push([r, what]) });
    const releasing = await createHeap({ build, droppedHandles: "release" });
    const base = releasing.memoryInfo().liveObjects;
    const drop = (heap: Heap) => {
      for (let i = 0; i < 10; i++) heap.own(heap.list());
    };
    drop(reporting);
    drop(releasing);
    await collectUntil(() => reports.length === 10 && releasing.memoryInfo().liveObjects === base);
    expect(reports.length).toBe(10);
    expect(reports[0][1]).toMatch(/^<list object at 0x/);
    expect(reporting.len(reports[0][0])).toBe(0); // reported, not released: still alive
    expect(releasing.memoryInfo().liveObjects).toBe(base);
    // a disposed handle is never reported
    const before = reports.length;
    (() => {
      for (let i = 0; i < 10; i++) reporting.own(reporting.list()).dispose();
    })();
    await collectUntil(() => false);
    expect(reports.length).toBe(before);
    for (const [r] of reports) reporting.decref(r);
    reporting.close();
    releasing.close();
  });
});

// heap.gc's queries, freeze, stats, callbacks and debug flags.
import { describe, it, expect } from "vitest";
import { withGCHeap as withHeap } from "./gc.helpers.js";
import type { Heap } from "../src/index.js";

const refsOf = (heap: Heap, list: number): number[] => {
  const out: number[] = [];
  for (let i = 0; i < heap.len(list); i++) {
    const o = heap.getitem(list, i);
    out.push(o);
    heap.decref(o);
  }
  return out;
};
const listCycle = (heap: Heap) => {
  const l = heap.list();
  heap.append(l, l);
  heap.decref(l);
};

describe("queries", () => {
  it("getObjects by generation, without the result list itself", () =>
    withHeap((heap) => {
      heap.gc.disable();
      heap.gc.collect();
      const a = heap.list(), b = heap.dict();
      // As in CPython 3.13, an empty dict is untracked; it joins generation
      // 0 when a container goes into it.
      const first = heap.gc.getObjects(0);
      expect(refsOf(heap, first)).toEqual([a]);
      heap.decref(first);
      const inner = heap.list();
      heap.setitem(b, heap.str("k"), inner);
      heap.decref(inner);
      const young = heap.gc.getObjects(0);
      expect(refsOf(heap, young)).toEqual([a, inner, b]);
      heap.gc.collect(0);
      const g1 = heap.gc.getObjects(1);
      expect(refsOf(heap, g1)).toEqual(expect.arrayContaining([a, b, young]));
      const all = heap.gc.getObjects();
      expect(refsOf(heap, all)).toEqual(expect.arrayContaining([a, b, young, g1, heap.gc.garbage]));
      expect(refsOf(heap, all)).not.toContain(all);
      expect(() => heap.gc.getObjects(3)).toThrow(RangeError);
      for (const o of [a, b, young, g1, all]) heap.decref(o);
    }));

  it("getReferrers and getReferents", () =>
    withHeap((heap) => {
      const x = heap.list();
      const holder = heap.list([x]);
      const d = heap.dict([[heap.str("k"), x]]);
      const refs = heap.gc.getReferrers(x);
      expect(refsOf(heap, refs).sort()).toEqual([holder, d].sort());
      const kids = heap.gc.getReferents(holder, d);
      const k = refsOf(heap, kids);
      expect(k).toContain(x);
      expect(k).toEqual([x, x]); // a dict with str keys shows its values only (CPython 3.13)
      const g = heap.dict([[heap.int(1), holder]]); // a key that is not a str: value, then key
      const gk = heap.gc.getReferents(g);
      expect(refsOf(heap, gk)).toEqual([holder, heap.int(1)]);
      heap.decref(gk);
      heap.decref(g);
      // tupletraverse and list_traverse visit from the last item:
      // gc.get_referents((a, b)) == [b, a] in CPython 3.13.
      const a = heap.list(), b = heap.list();
      const tup = heap.tuple([a, b]), lst = heap.list([a, b]);
      const tk = heap.gc.getReferents(tup), lk = heap.gc.getReferents(lst);
      expect(refsOf(heap, tk)).toEqual([b, a]);
      expect(refsOf(heap, lk)).toEqual([b, a]);
      for (const o of [tk, lk, tup, lst, a, b]) heap.decref(o);
      const none = heap.gc.getReferents(heap.int(7));
      expect(heap.len(none)).toBe(0);
      expect(() => heap.gc.getReferrers(12345)).toThrow();
      for (const o of [x, holder, d, refs, kids, none]) heap.decref(o);
    }));

  it("isTracked and isFinalized", () =>
    withHeap((heap) => {
      expect(heap.gc.isTracked(heap.int(3))).toBe(false);
      const s = heap.str("abc");
      expect(heap.gc.isTracked(s)).toBe(false);
      heap.decref(s);
      const l = heap.list();
      expect(heap.gc.isTracked(l)).toBe(true);
      expect(heap.gc.isFinalized(l)).toBe(false);
      expect(() => heap.gc.isTracked(8)).toThrow();
      heap.decref(l);
    }));
});

describe("freeze", () => {
  it("frozen objects are ignored by collections until unfreeze", () =>
    withHeap((heap) => {
      heap.gc.disable();
      heap.gc.collect();
      listCycle(heap);
      const before = heap.gc.getFreezeCount();
      heap.gc.freeze();
      expect(heap.gc.getFreezeCount()).toBe(before + 2); // the cycle and gc.garbage
      expect(heap.gc.collect()).toBe(0);
      heap.gc.unfreeze();
      expect(heap.gc.getFreezeCount()).toBe(0);
      expect(heap.gc.collect()).toBe(1);
    }));
});

describe("stats, callbacks, debug", () => {
  it("getStats counts collections, collected and uncollectable per generation", () =>
    withHeap((heap) => {
      heap.gc.disable();
      listCycle(heap);
      heap.gc.collect(0);
      listCycle(heap);
      listCycle(heap);
      heap.gc.collect(2);
      const s = heap.gc.getStats();
      expect(s[0]).toEqual({ collections: 1, collected: 1, uncollectable: 0 });
      expect(s[2]).toEqual({ collections: 1, collected: 2, uncollectable: 0 });
    }));

  it("callbacks get start and stop with CPython's info; a throwing one is reported", () => {
    const errors: unknown[] = [];
    return withHeap((heap) => {
      const seen: unknown[] = [];
      heap.gc.callbacks.push((phase, info) => seen.push([phase, info]));
      heap.gc.callbacks.push(() => { throw new Error("cb"); });
      listCycle(heap);
      heap.gc.collect(1);
      expect(seen).toEqual([
        ["start", { generation: 1, collected: 0, uncollectable: 0 }],
        ["stop", { generation: 1, collected: 1, uncollectable: 0 }],
      ]);
      expect(errors.length).toBe(2);
      heap.gc.callbacks.length = 0;
    }, { unraisableHook: (e) => errors.push(e) });
  });

  it("DEBUG_STATS, DEBUG_COLLECTABLE and DEBUG_UNCOLLECTABLE lines in CPython's format", () =>
    withHeap((heap) => {
      const lines: string[] = [];
      heap.gc.debugSink = (l) => lines.push(l);
      heap.gc.setDebug(heap.gc.DEBUG_STATS | heap.gc.DEBUG_COLLECTABLE | heap.gc.DEBUG_UNCOLLECTABLE);
      expect(heap.gc.getDebug()).toBe(7);
      const L = heap.newClass("L", { legacyDel: () => undefined });
      const o = heap.instance(L);
      heap.setattr(o, "me", o);
      heap.decref(o);
      listCycle(heap);
      heap.gc.collect();
      expect(lines[0]).toBe("gc: collecting generation 2...");
      expect(lines[1]).toMatch(/^gc: objects in each generation: \d+ \d+ \d+$/);
      expect(lines[2]).toBe("gc: objects in permanent generation: 0");
      expect(lines).toContainEqual(expect.stringMatching(/^gc: collectable <list 0x[0-9a-f]+>$/));
      expect(lines).toContainEqual(expect.stringMatching(/^gc: uncollectable <L 0x[0-9a-f]+>$/));
      expect(lines.some((l) => l.includes("<dict"))).toBe(false); // attributes inline
      expect(lines.at(-1)).toMatch(/^gc: done, 2 unreachable, 1 uncollectable, \d+\.\d{4}s elapsed$/);
      heap.gc.setDebug(0);
      const g = heap.getitem(heap.gc.garbage, 0);
      heap.delattr(g, "me");
      heap.decref(g);
      heap.delitem(heap.gc.garbage, 0);
      heap.decref(L);
    }));

  it("DEBUG_SAVEALL keeps every unreachable object in gc.garbage", () =>
    withHeap((heap) => {
      heap.gc.setDebug(heap.gc.DEBUG_SAVEALL);
      listCycle(heap);
      listCycle(heap);
      expect(heap.gc.collect()).toBe(2);
      expect(heap.len(heap.gc.garbage)).toBe(2);
      heap.gc.setDebug(0);
      const items = refsOf(heap, heap.gc.garbage);
      for (const l of items) heap.delitem(l, 0);
      while (heap.len(heap.gc.garbage)) heap.delitem(heap.gc.garbage, 0);
      expect(heap.gc.collect()).toBe(0);
      expect(heap.gc.DEBUG_LEAK).toBe(38);
    }));
});

describe("reentrancy", () => {
  it("collect() from a callback returns 0, as CPython's collecting flag makes it", () =>
    withHeap((heap) => {
      const inner: number[] = [];
      heap.gc.callbacks.push((phase) => {
        if (phase === "start") inner.push(heap.gc.collect());
      });
      listCycle(heap);
      expect(heap.gc.collect()).toBe(1);
      expect(inner).toEqual([0]);
      heap.gc.callbacks.length = 0;
    }));
});

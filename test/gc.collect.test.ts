// The cycle collector: seed 003's examples with the counts CPython gives,
// PEP 442 finalizers, legacy finalizers and gc.garbage, resurrection.
import { describe, it, expect } from "vitest";
import { withGCHeap as withHeap } from "./gc.helpers.js";
import type { Heap } from "../src/index.js";

/** Seed 003's make_cycle: l = {}; l[0] = l. */
const dictCycle = (heap: Heap) => {
  const d = heap.dict();
  heap.setitem(d, heap.int(0), d);
  heap.decref(d);
};
const listCycle = (heap: Heap) => {
  const l = heap.list();
  heap.append(l, l);
  heap.decref(l);
};

/** a.cc = c; c.bb = b; b.aa = a, then the names dropped. */
const abc = (heap: Heap, A: number, B: number, C: number) => {
  const a = heap.instance(A), b = heap.instance(B), c = heap.instance(C);
  heap.setattr(a, "cc", c);
  heap.setattr(c, "bb", b);
  heap.setattr(b, "aa", a);
  heap.decref(a);
  heap.decref(b);
  heap.decref(c);
};

describe("seed 003: make_cycle", () => {
  it("collects 10 dict cycles and 10 list cycles (CPython 2.7 and 3.13: 10)", () =>
    withHeap((heap) => {
      expect(heap.gc.collect()).toBe(0);
      for (let i = 0; i < 10; i++) dictCycle(heap);
      expect(heap.gc.collect()).toBe(10);
      for (let i = 0; i < 10; i++) listCycle(heap);
      expect(heap.gc.collect()).toBe(10);
      expect(heap.gc.collect()).toBe(0);
    }, { gcThresholds: [700, 10, 10] }));

  it("get_threshold: (2000, 10, 10) by default, the seed's (700, 10, 10) on request", async () => {
    await withHeap((heap) => expect(heap.gc.getThreshold()).toEqual([2000, 10, 10]));
    await withHeap((heap) => expect(heap.gc.getThreshold()).toEqual([700, 10, 10]), { gcThresholds: [700, 10, 10] });
  });

  it("every young generation collects; survivors move up a generation", () =>
    withHeap((heap) => {
      heap.gc.disable();
      heap.gc.collect();
      const keep = heap.list();
      listCycle(heap);
      expect(heap.gc.collect(0)).toBe(1);
      expect(heap.exports.pyobj_gc_generation_size(1)).toBeGreaterThanOrEqual(1);
      listCycle(heap);
      expect(heap.gc.collect(1)).toBe(1);
      heap.decref(keep);
    }));
});

/** Whether o is on generation gen's list (gc.get_objects(gen)). */
const inGeneration = (heap: Heap, o: number, gen: number): boolean => {
  const objs = heap.gc.getObjects(gen);
  let found = false;
  for (let i = 0; i < heap.len(objs); i++) {
    const x = heap.getitem(objs, i);
    if (x === o) found = true;
    heap.decref(x);
  }
  heap.decref(objs);
  return found;
};

// The collector tells the generations being collected from the others by
// a tag in each container's type word (objects/layout.ts): these check it
// follows every move between generations.
describe("generations", () => {
  it("a young cycle holding older and frozen containers leaves them alone", () =>
    withHeap((heap) => {
      heap.gc.disable();
      heap.gc.collect();
      const frozen = heap.list();
      heap.gc.freeze();
      const old = heap.list();
      heap.append(old, old);
      expect(heap.gc.collect(0)).toBe(0);
      expect(inGeneration(heap, old, 1)).toBe(true);
      const x = heap.list([old, frozen]), y = heap.list([x]);
      heap.append(x, y);
      heap.decref(x);
      heap.decref(y);
      expect(heap.sys.getrefcount(old)).toBe(3);
      expect(heap.gc.collect(0)).toBe(2);
      expect(heap.sys.getrefcount(old)).toBe(2);
      expect(heap.sys.getrefcount(frozen)).toBe(1);
      heap.decref(old); // now garbage in generation 1
      expect(heap.gc.collect(0)).toBe(0);
      expect(heap.gc.collect(1)).toBe(1);
      const cycle = heap.list([frozen]);
      heap.append(cycle, cycle);
      heap.decref(cycle);
      expect(heap.gc.collect()).toBe(1);
      expect(heap.gc.getFreezeCount()).toBeGreaterThan(0);
      heap.gc.unfreeze();
      heap.append(frozen, frozen); // unfrozen: generation 2, collectable
      heap.decref(frozen);
      expect(heap.gc.collect(1)).toBe(0);
      expect(heap.gc.collect()).toBe(1);
    }));

  it("survivors of a collection join the next generation and only it", () =>
    withHeap((heap) => {
      heap.gc.disable();
      heap.gc.collect();
      const a = heap.list();
      heap.append(a, a);
      expect(heap.gc.collect(0)).toBe(0);
      expect(inGeneration(heap, a, 1)).toBe(true);
      const b = heap.list([a]); // young, holds the only other reference
      heap.decref(a);
      expect(heap.gc.collect(0)).toBe(0);
      expect(inGeneration(heap, b, 1)).toBe(true);
      expect(heap.gc.collect(1)).toBe(0);
      expect(inGeneration(heap, a, 2) && inGeneration(heap, b, 2)).toBe(true);
      heap.decref(b);
      expect(heap.gc.collect(1)).toBe(0);
      expect(heap.gc.collect()).toBe(1);
    }));

  it("an object a finalizer resurrects joins the older generation", () =>
    withHeap((heap) => {
      heap.gc.disable();
      heap.gc.collect();
      const saved = heap.list();
      expect(heap.gc.collect(0)).toBe(0); // saved: generation 1
      const R = heap.newClass("R", { del: (self) => heap.append(saved, self) });
      const r = heap.instance(R);
      heap.setattr(r, "me", r);
      heap.decref(r);
      expect(heap.gc.collect(0)).toBe(0);
      const back = heap.getitem(saved, 0);
      expect(inGeneration(heap, back, 1)).toBe(true);
      const young = heap.list([back]);
      expect(heap.gc.collect(0)).toBe(0);
      expect(heap.sys.getrefcount(back)).toBe(4); // saved, young, me, back
      heap.decref(young);
      heap.decref(back);
      heap.delitem(saved, 0); // r: garbage in generation 1
      expect(heap.gc.collect(0)).toBe(0);
      expect(heap.gc.collect(1)).toBe(1);
      heap.decref(saved);
      heap.decref(R);
    }));
});

describe("PEP 442 finalizers on the GC path", () => {
  it("the A/B/C cycle with del is collected; each del runs once, in list order", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const A = heap.newClass("A", { del: () => log.push("__del__ in A") });
      const B = heap.newClass("B", { del: () => log.push("__del__ in B") });
      const C = heap.newClass("C");
      abc(heap, A, B, C);
      // 3 instances with inline attributes (CPython 3.13: 3).
      expect(heap.gc.collect()).toBe(3);
      expect(log).toEqual(["__del__ in A", "__del__ in B"]);
      expect(heap.len(heap.gc.garbage)).toBe(0);
      for (const c of [A, B, C]) heap.decref(c);
    }));

  it("a resurrected object survives, is not finalized again, and dies by refcount later", () =>
    withHeap((heap) => {
      let calls = 0;
      const saved = heap.list();
      const R = heap.newClass("R", {
        del: (self) => {
          calls++;
          heap.append(saved, self);
        },
      });
      const r = heap.instance(R);
      heap.setattr(r, "me", r);
      heap.decref(r);
      expect(heap.gc.collect()).toBe(0);
      expect(calls).toBe(1);
      expect(heap.len(saved)).toBe(1);
      const back = heap.getitem(saved, 0);
      expect(heap.gc.isFinalized(back)).toBe(true);
      heap.delattr(back, "me");
      heap.decref(back);
      heap.delitem(saved, 0); // last reference: no second del
      expect(calls).toBe(1);
      heap.decref(saved);
      heap.decref(R);
    }));

  it("a resurrected cycle is collected by a later collection without its del", () =>
    withHeap((heap) => {
      let calls = 0;
      let keep = 0;
      const R = heap.newClass("R", {
        del: (self) => {
          calls++;
          heap.incref(self);
          keep = self;
        },
      });
      const r = heap.instance(R);
      heap.setattr(r, "me", r);
      heap.decref(r);
      expect(heap.gc.collect()).toBe(0);
      heap.decref(keep);
      expect(heap.gc.collect()).toBe(1);
      expect(calls).toBe(1);
      heap.decref(R);
    }));

  it("finalizers may allocate, mutate the graph, collect and throw", () => {
    const errors: unknown[] = [];
    return withHeap((heap) => {
      const sink = heap.list();
      const F = heap.newClass("F", {
        del: (self) => {
          const f = heap.float(2.5);
          const t = heap.tuple([heap.int(1), f]);
          heap.append(sink, t);
          heap.decref(t);
          heap.decref(f);
          heap.delattr(self, "other"); // break the cycle from inside
          expect(heap.gc.collect()).toBe(0); // already collecting
          throw new Error("boom");
        },
      });
      const a = heap.instance(F), b = heap.instance(F);
      heap.setattr(a, "other", b);
      heap.setattr(b, "other", a);
      heap.decref(a);
      heap.decref(b);
      // Both die by refcount inside the finalizers, so none is left for
      // tp_clear: CPython 3.13 returns 0 for the same script.
      expect(heap.gc.collect()).toBe(0);
      expect(errors.length).toBe(2);
      expect(heap.len(sink)).toBe(2);
      expect(heap.exports.pyheap_check()).toBe(0);
      heap.decref(sink);
      heap.decref(F);
    }, { unraisableHook: (err) => errors.push(err) });
  });

  it("clearing garbage drops the last reference to an outside object with a del", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const D = heap.newClass("D", { del: () => log.push("D") });
      const d = heap.instance(D);
      heap.gc.collect(); // d is old now
      const l = heap.list([d]);
      heap.append(l, l);
      heap.decref(d);
      heap.decref(l);
      expect(heap.gc.collect(0)).toBe(1);
      expect(log).toEqual(["D"]);
      heap.decref(D);
    }));
});

describe("legacy finalizers: seed 003's gc.garbage", () => {
  it("the A/B/C cycle is uncollectable until the user breaks it (CPython 2.7)", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const A = heap.newClass("A", { legacyDel: () => log.push("__del__ in A") });
      const B = heap.newClass("B", { legacyDel: () => log.push("__del__ in B") });
      const C = heap.newClass("C");
      expect(heap.gc.collect()).toBe(0);
      abc(heap, A, B, C);
      expect(heap.gc.collect()).toBe(6); // Python 2.7: 6 (3 instances, 3 __dict__s)
      const garbage = heap.gc.garbage;
      expect(heap.len(garbage)).toBe(2);
      const g0 = heap.getitem(garbage, 0), g1 = heap.getitem(garbage, 1);
      expect(heap.typeName(g0)).toBe("A");
      expect(heap.typeName(g1)).toBe("B");
      expect(log).toEqual([]);
      expect(heap.gc.collect()).toBe(0); // gc.garbage holds them now
      expect(heap.len(garbage)).toBe(2);
      heap.delattr(g0, "cc"); // del gc.garbage[0].cc
      heap.decref(g0);
      heap.decref(g1);
      while (heap.len(garbage)) heap.delitem(garbage, 0); // del gc.garbage[:]
      expect(log).toEqual(["__del__ in B", "__del__ in A"]); // as 2.7 prints
      expect(heap.gc.collect()).toBe(0);
      for (const c of [A, B, C]) heap.decref(c);
    }, { inlineValues: false }));
});

describe("thresholds and automatic collection", () => {
  it("allocating containers past threshold 0 collects generation 0", () =>
    withHeap((heap) => {
      heap.gc.collect();
      heap.gc.setThreshold(10);
      const stats0 = heap.gc.getStats()[0].collections;
      for (let i = 0; i < 9; i++) listCycle(heap);
      expect(heap.gc.getStats()[0].collections).toBe(stats0);
      expect(heap.gc.getCount()[0]).toBe(9);
      for (let i = 0; i < 5; i++) listCycle(heap);
      expect(heap.gc.getStats()[0].collections).toBe(stats0 + 1);
      expect(heap.gc.getStats()[0].collected).toBeGreaterThanOrEqual(10);
      heap.gc.collect();
    }));

  it("deallocations count back; disable() and threshold 0 stop automatic collection", () =>
    withHeap((heap) => {
      heap.gc.collect();
      for (let i = 0; i < 100; i++) heap.decref(heap.list());
      expect(heap.gc.getCount()[0]).toBe(0);
      heap.gc.setThreshold(5);
      heap.gc.disable();
      expect(heap.gc.isEnabled()).toBe(false);
      for (let i = 0; i < 20; i++) listCycle(heap);
      expect(heap.gc.getStats()[0].collections).toBe(0);
      heap.gc.enable();
      heap.gc.setThreshold(0);
      for (let i = 0; i < 20; i++) listCycle(heap);
      expect(heap.gc.getStats()[0].collections).toBe(0);
      expect(heap.gc.collect()).toBe(40);
    }));

  it("older generations follow thresholds 1 and 2, the full one the 25% rule", () =>
    withHeap((heap) => {
      heap.gc.collect();
      heap.gc.setThreshold(3, 2, 1);
      for (let i = 0; i < 40; i++) heap.decref(heap.list()), listCycle(heap);
      const s = heap.gc.getStats();
      expect(s[0].collections).toBeGreaterThan(0);
      expect(s[1].collections).toBeGreaterThan(0);
      expect(heap.gc.getCount()[1]).toBeLessThanOrEqual(2);
      heap.gc.collect();
    }));

  it("tuples and dicts of atoms are untracked; a dict gets tracked again", () =>
    withHeap((heap) => {
      const t = heap.tuple([heap.int(1), heap.None]);
      const inner = heap.list();
      const tl = heap.tuple([t, inner]);
      heap.decref(inner);
      const d = heap.dict([[heap.int(1), heap.int(2)]]);
      expect(heap.gc.isTracked(t)).toBe(true);
      heap.gc.collect();
      expect(heap.gc.isTracked(t)).toBe(false);
      expect(heap.gc.isTracked(tl)).toBe(true);
      expect(heap.gc.isTracked(d)).toBe(false);
      expect(heap.gc.isTracked(heap.int(5))).toBe(false);
      const l = heap.list();
      heap.setitem(d, heap.int(3), l);
      expect(heap.gc.isTracked(d)).toBe(true);
      heap.append(l, d); // d <-> l: a cycle the collector must see
      heap.decref(l);
      heap.decref(d);
      heap.decref(tl);
      heap.decref(t);
      expect(heap.gc.collect()).toBe(2);
    }));
});

describe("CPython 3.13 order of untracking", () => {
  it("a full collection untracks tuples before dicts: a dict whose only container is such a tuple goes too", () =>
    withHeap((heap) => {
      // t = tuple([1, 2]); d = {"t": t}; del t; gc.collect(); gc.is_tracked(d)  -> False
      // t is reached only through d, so move_unreachable puts it after d.
      const t = heap.tuple([heap.int(1), heap.int(2)]);
      const d = heap.dict([[heap.str("t"), t]]);
      heap.decref(t);
      expect(heap.gc.isTracked(d)).toBe(true);
      heap.gc.collect();
      const tt = heap.getitem(d, heap.str("t"));
      expect(heap.gc.isTracked(tt)).toBe(false);
      expect(heap.gc.isTracked(d)).toBe(false);
      heap.decref(tt);
      // A young collection untracks the tuple but never a dict (bpo-14775).
      const t2 = heap.tuple([heap.int(3)]);
      const d2 = heap.dict([[heap.str("t"), t2]]);
      heap.decref(t2);
      heap.gc.collect(0);
      expect(heap.gc.isTracked(d2)).toBe(true);
      heap.decref(d2);
      heap.decref(d);
    }));
});

describe("other builds", () => {
  for (const build of ["debug", "legacy"] as const) {
    it(`${build}: cycles, finalizers, legacy garbage and weakrefs`, () =>
      withHeap((heap) => {
        const log: string[] = [];
        const K = heap.newClass("K", { del: () => log.push("del") });
        const L = heap.newClass("L", { legacyDel: () => log.push("legacy") });
        for (let i = 0; i < 100; i++) dictCycle(heap), listCycle(heap);
        const a = heap.instance(K), b = heap.instance(L);
        heap.setattr(a, "x", a);
        heap.setattr(b, "x", b);
        const w = heap.weakref.ref(a, () => log.push("callback"));
        heap.decref(a);
        heap.decref(b);
        expect(heap.gc.collect()).toBe(202);
        expect(log).toEqual(["callback", "del"]);
        const g = heap.getitem(heap.gc.garbage, 0);
        heap.delattr(g, "x");
        heap.decref(g);
        heap.delitem(heap.gc.garbage, 0);
        expect(log).toEqual(["callback", "del", "legacy"]);
        heap.decref(w);
        heap.decref(K);
        heap.decref(L);
        expect(heap.exports.pyheap_flush_quarantine()).toBe(0);
      }, { build }));
  }
});

describe("lists of atoms (the collector skips their items until a container goes in)", () => {
  it("a list that held only atoms joins a cycle through setitem or append, young or old", () =>
    withHeap((heap) => {
      heap.gc.disable();
      const viaSet = heap.list([heap.int(1), heap.str("s")]);
      const f = heap.float(1.5);
      const viaAppend = heap.list([f]);
      heap.decref(f);
      heap.gc.collect(); // both in the oldest generation now
      heap.setitem(viaSet, 0, viaSet);
      const young = heap.list([viaAppend]);
      heap.append(viaAppend, young);
      heap.decref(young);
      heap.decref(viaSet);
      heap.decref(viaAppend);
      expect(heap.gc.collect(0)).toBe(0); // the cycles reach into generation 2
      expect(heap.gc.collect()).toBe(3);
      const keep = heap.list([heap.int(7)]);
      expect(heap.gc.isTracked(keep)).toBe(true); // still tracked, as in CPython
      const inner = heap.list();
      heap.append(keep, inner);
      heap.decref(inner);
      expect(heap.gc.collect()).toBe(0); // inner is reached through keep
      expect(heap.len(keep)).toBe(2);
      heap.decref(keep);
    }));
});

describe("dict tracking follows CPython 3.13 (MAINTAIN_TRACKING)", () => {
  it("an empty dict is untracked but counted; a container inserted tracks it; a cycle through it is collected", () =>
    withHeap((heap) => {
    heap.gc.disable();
    heap.gc.collect();
    const before = heap.gc.getCount()[0];
    const d = heap.dict();
    expect(heap.gc.getCount()[0]).toBe(before + 1);
    expect(heap.gc.isTracked(d)).toBe(false);
    heap.setitem(d, heap.str("n"), heap.int(1));
    expect(heap.gc.isTracked(d)).toBe(false); // atoms only
    const l = heap.list();
    heap.setitem(d, heap.str("l"), l);
    expect(heap.gc.isTracked(d)).toBe(true);
    heap.append(l, d); // d -> l -> d
    heap.decref(l);
    heap.decref(d);
    expect(heap.gc.collect()).toBe(2);
  }));
});

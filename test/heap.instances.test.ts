// Instance attributes: inline values with the class's shared keys, as
// CPython 3.11+ (the counts below are what CPython 3.13.0 prints for the
// same Python code, run with a fresh class each time).
import { describe, it, expect } from "vitest";
import type { Heap, Ref } from "../src/index.js";
import { withGCHeap as withHeap } from "./gc.helpers.js";

/** n attributes a0.. then `self` pointing at the object: a 1-cycle. */
function selfCycle(heap: Heap, cls: Ref, nAttrs: number): void {
  const o = heap.instance(cls);
  for (let i = 0; i < nAttrs - 1; i++) heap.setattr(o, `a${i}`, heap.int(i));
  heap.setattr(o, "self", o);
  heap.decref(o);
}

/** d[name] = v for a str name. */
function setKey(heap: Heap, d: Ref, name: string, v: Ref): void {
  const k = heap.str(name);
  heap.setitem(d, k, v);
  heap.decref(k);
}

function keysOf(heap: Heap, d: Ref): unknown[] {
  return [...(heap.toJS(d) as Map<unknown, unknown>).keys()];
}

describe("gc.collect() counts instances once while attributes are inline (CPython 3.13)", () => {
  it("a cycle of three instances with attributes is 3 objects; 6 with inlineValues: false (Python 2)", async () => {
    for (const [inlineValues, expected] of [[true, 3], [false, 6]] as const) {
      await withHeap((heap) => {
        const C = heap.newClass("C");
        const a = heap.instance(C), b = heap.instance(C), c = heap.instance(C);
        heap.setattr(a, "x", b);
        heap.setattr(b, "x", c);
        heap.setattr(c, "x", a);
        heap.setattr(a, "y", heap.int(1));
        for (const o of [a, b, c]) heap.decref(o);
        expect(heap.gc.collect()).toBe(expected);
        heap.decref(C);
      }, { inlineValues });
    }
  });

  it("a class-level inlineValues overrides the heap's", () =>
    withHeap((heap) => {
      const Old = heap.newClass("Old", { inlineValues: false });
      selfCycle(heap, Old, 2);
      expect(heap.gc.collect()).toBe(2);
      heap.decref(Old);
      expect(() => heap.newClass("X", { inlineValues: 1 as unknown as boolean })).toThrow(TypeError);
    }));

  it("29 names fit a fresh class's first instance, 30 need a dict; earlier instances leave less room", () =>
    withHeap((heap) => {
      for (const [before, attrs, expected] of [
        [0, 28, 1], [0, 29, 1], [0, 30, 2], [5, 24, 1], [5, 28, 2], [20, 28, 2],
      ] as const) {
        const C = heap.newClass("C");
        const early = Array.from({ length: before }, () => heap.instance(C));
        selfCycle(heap, C, attrs);
        expect(heap.gc.collect(), `${attrs} attributes, ${before} instances before`).toBe(expected);
        for (const o of early) heap.decref(o);
        heap.decref(C);
      }
    }));

  it("names are shared by the class: a later instance that adds too many new ones gets a dict", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const a = heap.instance(C);
      for (let i = 0; i < 20; i++) heap.setattr(a, `a${i}`, heap.int(i));
      const b = heap.instance(C); // room for 28: 20 known names + 8 new
      for (let i = 0; i < 8; i++) heap.setattr(b, `b${i}`, heap.int(i));
      heap.setattr(b, "s", b); // the 9th new name: no room
      heap.decref(b);
      expect(heap.gc.collect()).toBe(2);
      const c = heap.instance(C); // made when names were few still has room
      heap.decref(a);
      for (let i = 0; i < 20; i++) heap.setattr(c, `a${i}`, heap.int(i));
      heap.setattr(c, "s", c);
      heap.decref(c);
      expect(heap.gc.collect()).toBe(2); // the shared keys are full: c overflowed too
      heap.decref(C);
    }));

  it("an instance made before the names were known still holds them inline", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const b = heap.instance(C), a = heap.instance(C);
      for (let i = 0; i < 10; i++) heap.setattr(a, `a${i}`, heap.int(i));
      for (let i = 0; i < 12; i++) heap.setattr(b, `a${i}`, heap.int(i));
      heap.setattr(b, "s", b);
      heap.decref(b);
      expect(heap.gc.collect()).toBe(1);
      heap.decref(a);
      heap.decref(C);
    }));
});

describe("__dict__", () => {
  it("is made on request with the attributes in insertion order, and stays in step", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const o = heap.instance(C);
      heap.setattr(o, "b", heap.int(1));
      heap.setattr(o, "a", heap.int(2));
      heap.setattr(o, "c", heap.int(3));
      heap.delattr(o, "b");
      heap.setattr(o, "b", heap.int(4));
      const d = heap.getattr(o, "__dict__");
      expect(keysOf(heap, d)).toEqual(["a", "c", "b"]);
      expect(heap.getattr(o, "__dict__")).toBe(d); // the same object
      heap.decref(d);
      heap.setattr(o, "z", heap.int(5));
      setKey(heap, d, "w", heap.int(6));
      expect(heap.toJS(heap.getattr(o, "w"))).toBe(6);
      expect(heap.toJS(d)).toEqual(new Map<unknown, unknown>([["a", 2], ["c", 3], ["b", 4], ["z", 5], ["w", 6]]));
      expect(heap.children(d).length).toBe(10); // every entry, key and value
      heap.decref(d);
      heap.decref(o);
      heap.decref(C);
    }));

  it("asked for, it is still not counted: CPython 3.13 sees the values through the instance", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const a = heap.instance(C), b = heap.instance(C);
      heap.setattr(a, "x", b);
      heap.setattr(b, "x", a);
      heap.decref(heap.getattr(a, "__dict__"));
      const d = heap.getattr(b, "__dict__");
      setKey(heap, d, "k", heap.int(1)); // a new str key joins the shared keys
      expect(refs(heap, heap.gc.getReferents(d))).toEqual([]);
      expect(refs(heap, heap.gc.getReferents(b))).toEqual([a, heap.int(1), C]);
      heap.decref(d);
      heap.decref(a);
      heap.decref(b);
      expect(heap.gc.collect()).toBe(2);
      heap.decref(C);
    }));

  it("a key that is not a str, or assigning __dict__, makes it an ordinary, counted dict", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const o = heap.instance(C);
      heap.setattr(o, "x", o);
      const d = heap.getattr(o, "__dict__");
      heap.setitem(d, heap.int(1), heap.int(2));
      expect(refs(heap, heap.gc.getReferents(o))).toEqual([d, C]);
      heap.decref(d);
      heap.decref(o);
      expect(heap.gc.collect()).toBe(2);

      const p = heap.instance(C);
      const gone = heap.str("gone");
      heap.setattr(p, "old", gone);
      const fresh = heap.dict();
      setKey(heap, fresh, "me", p);
      heap.setattr(p, "__dict__", fresh);
      heap.decref(fresh);
      expect(heap.sys.getrefcount(gone)).toBe(1); // the old attributes went
      heap.decref(gone);
      expect(() => heap.getattr(p, "old")).toThrow(/has no attribute 'old'/);
      expect(heap.getattr(p, "me")).toBe(p);
      heap.decref(p);
      heap.decref(p);
      expect(() => heap.setattr(C, "__dict__", heap.int(1))).toThrow();
      const q = heap.instance(C);
      const l = heap.list();
      expect(() => heap.setattr(q, "__dict__", l)).toThrow(/must be set to a dictionary, not a 'list'/);
      heap.decref(l);
      heap.decref(q);
      expect(heap.gc.collect()).toBe(2);
      heap.decref(C);
    }));

  it("outlives its instance as an ordinary dict", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const o = heap.instance(C);
      const v = heap.list();
      heap.setattr(o, "v", v);
      const d = heap.getattr(o, "__dict__");
      heap.decref(o);
      expect(heap.gc.isTracked(d)).toBe(true);
      expect(refs(heap, heap.gc.getReferents(d))).toEqual([v]); // str keys: values only
      expect(heap.children(d).length).toBe(2);
      heap.decref(v);
      heap.decref(d);
      heap.decref(C);
    }));
});

describe("attributes", () => {
  it("getattr, setattr, delattr on inline values; AttributeError for a missing one", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const o = heap.instance(C);
      expect(() => heap.getattr(o, "x")).toThrow(/'C' object has no attribute 'x'/);
      expect(() => heap.delattr(o, "x")).toThrow(/has no attribute 'x'/);
      const v = heap.float(1.5);
      heap.setattr(o, "x", v);
      expect(heap.sys.getrefcount(v)).toBe(2);
      heap.setattr(o, "x", v); // same value again: no change in count
      expect(heap.sys.getrefcount(v)).toBe(2);
      const got = heap.getattr(o, "x");
      expect(got).toBe(v);
      heap.decref(got);
      heap.delattr(o, "x");
      expect(heap.sys.getrefcount(v)).toBe(1);
      expect(() => heap.getattr(o, "x")).toThrow(/has no attribute 'x'/);
      heap.decref(v);
      heap.decref(o);
      heap.decref(C);
    }));

  it("a dying instance drops its attributes in the class's name order, then its class", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const D = heap.newClass("D", { del: (self) => { log.push(heap.toJS(heap.getattr(self, "n")) as string); } });
      const C = heap.newClass("C");
      const named = (n: string) => {
        const d = heap.instance(D);
        heap.setattr(d, "n", heap.str(n));
        return d;
      };
      const x = heap.instance(C); // the class learns a, then b
      heap.setattr(x, "a", heap.None);
      heap.setattr(x, "b", heap.None);
      const o = heap.instance(C);
      for (const n of ["b", "a", "c"]) {
        const d = named(n);
        heap.setattr(o, n, d);
        heap.decref(d);
      }
      heap.decref(o);
      expect(log).toEqual(["a", "b", "c"]); // CPython 3.13 prints a, b, c
      heap.decref(x);
      heap.decref(C);
      heap.decref(D);
    }));

  it("randomised operations agree with a Map per instance (release and debug builds)", async () => {
    for (const build of ["release", "debug"] as const) {
      await withHeap((heap) => {
        let seed = 12345;
        const rand = (n: number) => {
          seed = (seed * 1103515245 + 12345) >>> 0;
          return (seed >>> 8) % n;
        };
        const classes = [heap.newClass("P"), heap.newClass("Q"), heap.newClass("R", { inlineValues: false })];
        const objs: Array<{ o: Ref; model: Map<string, number>; dict: Ref | 0 }> = [];
        const names = Array.from({ length: 40 }, (_, i) => `n${i}`);
        for (let step = 0; step < 20000; step++) {
          const r = rand(100);
          if (objs.length < 5 || r < 3) {
            objs.push({ o: heap.instance(classes[rand(3)]), model: new Map(), dict: 0 });
            continue;
          }
          const e = objs[rand(objs.length)];
          const name = names[rand(r < 50 ? 8 : names.length)];
          if (r < 5) { // drop it
            if (e.dict) heap.decref(e.dict);
            heap.decref(e.o);
            objs.splice(objs.indexOf(e), 1);
          } else if (r < 60) {
            const v = step;
            const ref = heap.int(v);
            if (e.dict && r < 20) setKey(heap, e.dict, name, ref);
            else heap.setattr(e.o, name, ref);
            heap.decref(ref);
            e.model.set(name, v);
          } else if (r < 80) {
            if (e.model.has(name)) {
              heap.delattr(e.o, name);
              e.model.delete(name);
            } else {
              expect(() => heap.delattr(e.o, name)).toThrow(/has no attribute/);
            }
          } else if (r < 97) {
            if (e.model.has(name)) {
              const got = heap.getattr(e.o, name);
              expect(heap.toJS(got)).toBe(e.model.get(name));
              heap.decref(got);
            } else {
              expect(() => heap.getattr(e.o, name)).toThrow(/has no attribute/);
            }
          } else if (!e.dict) {
            e.dict = heap.getattr(e.o, "__dict__");
          }
          if (step % 997 === 0) {
            for (const x of objs) {
              const d = heap.getattr(x.o, "__dict__");
              expect(keysOf(heap, d)).toEqual([...x.model.keys()]);
              heap.decref(d);
            }
            expect(heap.exports.pyheap_check()).toBe(0);
          }
        }
        for (const x of objs) {
          if (x.dict) heap.decref(x.dict);
          heap.decref(x.o);
        }
        for (const c of classes) heap.decref(c);
      }, { build });
    }
  });
});

function refs(heap: Heap, list: Ref): Ref[] {
  const out: Ref[] = [];
  for (let i = 0; i < heap.len(list); i++) {
    const x = heap.getitem(list, i);
    out.push(x);
    heap.decref(x);
  }
  heap.decref(list);
  return out;
}

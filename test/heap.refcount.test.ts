// Refcount deltas of every operation, cached/immortal objects, no leaks.
import { describe, it, expect } from "vitest";
import { withHeap, delta } from "./heap.helpers.js";

const IMMORTAL = 0x3fffffff;

describe("refcounts of every operation", () => {
  it("constructors return one new reference; containers take their own", () =>
    withHeap((heap) => {
      const x = heap.int(1000);
      expect(heap.sys.getrefcount(x)).toBe(1);
      for (const make of [
        () => heap.tuple([x]), () => heap.tuple([x, x, x, x, x, x]), () => heap.list([x]),
        () => heap.set([x]), () => heap.dict([[x, heap.None]]), () => heap.cell(x),
      ]) {
        let c = 0;
        expect(delta(heap, x, () => (c = make()))).toBeGreaterThan(0);
        expect(heap.sys.getrefcount(c)).toBe(1);
        expect(delta(heap, x, () => heap.decref(c))).toBeLessThan(0);
        expect(heap.sys.getrefcount(x)).toBe(1);
      }
      expect(delta(heap, x, () => heap.decref(heap.tuple([x, x, x, x, x, x])))).toBe(0);
      const t = heap.tuple([x, x]);
      expect(heap.sys.getrefcount(x)).toBe(3);
      heap.decref(t);
      heap.decref(x);
    }));

  it("append, setitem, delitem, setattr, delattr, setAdd", () =>
    withHeap((heap) => {
      const x = heap.float(1.5), y = heap.float(2.5);
      const l = heap.list();
      expect(delta(heap, x, () => heap.append(l, x))).toBe(1);
      expect(delta(heap, x, () => heap.setitem(l, 0, y))).toBe(-1);
      expect(heap.sys.getrefcount(y)).toBe(2);
      expect(delta(heap, y, () => heap.delitem(l, -1))).toBe(-1);
      const d = heap.dict();
      const k = heap.str("key");
      expect(delta(heap, k, () => heap.setitem(d, k, x))).toBe(1);
      expect(delta(heap, x, () => heap.setitem(d, k, y))).toBe(-1);
      expect(delta(heap, k, () => heap.delitem(d, k))).toBe(-1);
      const C = heap.newClass("C");
      const o = heap.instance(C);
      expect(heap.sys.getrefcount(C)).toBe(2); // the instance holds its class
      expect(delta(heap, x, () => heap.setattr(o, "a", x))).toBe(1);
      expect(delta(heap, x, () => heap.delattr(o, "a"))).toBe(-1);
      const s = heap.set();
      expect(delta(heap, x, () => heap.setAdd(s, x))).toBe(1);
      expect(delta(heap, x, () => heap.setAdd(s, x))).toBe(0); // already there
      for (const r of [x, y, l, d, k, o, C, s]) heap.decref(r);
    }));

  it("getters return new references; len, id, is, typeName, toJS borrow", () =>
    withHeap((heap) => {
      const x = heap.int(12345);
      const l = heap.list([x]);
      expect(delta(heap, x, () => { const r = heap.getitem(l, 0); expect(r).toBe(x); })).toBe(1);
      heap.decref(x);
      expect(delta(heap, x, () => {
        heap.len(l); heap.id(x); heap.is(x, x); heap.typeName(x); heap.toJS(l);
      })).toBe(0);
      const f = heap.func("f", [heap.cell(x)].map((c) => { const cc = c; return cc; }));
      const closure = heap.getattr(f, "__closure__");
      expect(heap.typeName(closure)).toBe("tuple");
      const cell = heap.getitem(closure, 0);
      expect(heap.getattr(cell, "cell_contents")).toBe(x);
      heap.decref(x);
      // the cell made inline above is owned by the test: its ref went to func
      heap.decref(cell); heap.decref(closure);
      heap.decref(cell); // the reference heap.cell() returned
      heap.decref(f);
      heap.decref(l);
      expect(heap.sys.getrefcount(x)).toBe(1);
      heap.decref(x);
    }));

  it("incref/decref are exact; sys.intern returns a new reference", () =>
    withHeap((heap) => {
      const s = heap.str("some text");
      heap.incref(s);
      expect(heap.sys.getrefcount(s)).toBe(2);
      heap.decref(s);
      const i = heap.sys.intern(s);
      expect(i).toBe(s);
      expect(heap.sys.getrefcount(s)).toBe(2);
      heap.decref(i);
      heap.decref(s);
    }));
});

describe("cached and immortal objects", () => {
  it("small ints -5..256 are shared and immortal; 257 and -6 are not", () =>
    withHeap((heap) => {
      for (const v of [-5, 0, 1, 200, 256]) {
        expect(heap.is(heap.int(v), heap.int(v))).toBe(true);
        expect(heap.sys.getrefcount(heap.int(v))).toBe(IMMORTAL);
        expect(heap.is(heap.int(v), heap.int(BigInt(v)))).toBe(true);
      }
      for (const v of [-6, 257, 300]) {
        const a = heap.int(v), b = heap.int(v);
        expect(heap.is(a, b)).toBe(false);
        heap.decref(a); heap.decref(b);
      }
    }));

  it("None, True, False, (), '', b'' and one-char latin-1 strs never change count", () =>
    withHeap((heap) => {
      const statics = [heap.None, heap.True, heap.False, heap.tuple([]), heap.str(""), heap.bytes(new Uint8Array()),
        heap.str("a"), heap.str("\u00e9"), heap.str("\u00ff")];
      for (const o of statics) {
        expect(heap.sys.getrefcount(o)).toBe(IMMORTAL);
        for (let i = 0; i < 5; i++) heap.decref(o);
        heap.incref(o);
        expect(heap.sys.getrefcount(o)).toBe(IMMORTAL);
      }
      expect(heap.str("a")).toBe(heap.str("a"));
      const w1 = heap.str("\u0100"), w2 = heap.str("\u0100"); // not latin-1: new objects
      expect(heap.is(w1, w2)).toBe(false);
      heap.decref(w1); heap.decref(w2);
      const l = heap.list(statics);
      heap.decref(l);
      expect(heap.memoryInfo().objects.str).toBe(0);
    }));

  it("ints round-trip the whole int64 and uint64 range", () =>
    withHeap((heap) => {
      const values = [0n, 1n, -1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n];
      for (const v of values) {
        const r = heap.int(v);
        const back = heap.toJS(r);
        expect(BigInt(back as number | bigint)).toBe(v);
        expect(typeof back).toBe(v >= -(2n ** 53n) && v <= 2n ** 53n ? "number" : "bigint");
        heap.decref(r);
      }
      expect(() => heap.int(2n ** 70n)).toThrow(RangeError);
      expect(() => heap.int(2n ** 64n)).toThrow(RangeError);
      expect(() => heap.int(-(2n ** 63n) - 1n)).toThrow(RangeError);
      expect(() => heap.int(1e20)).toThrow(RangeError);
      expect(() => heap.int(Infinity)).toThrow(RangeError);
      expect(() => heap.int(1.5)).toThrow(TypeError);
    }));
});

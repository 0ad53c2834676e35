// Bad input: wrong numbers, freed objects, wrong types, decref below zero,
// out of memory. Each raises a clear error and leaves the heap unchanged.
import { describe, it, expect } from "vitest";
import { withHeap } from "./heap.helpers.js";
import { createHeap, MemoryError } from "../src/index.js";

describe("refs that are not live objects", () => {
  it("numbers that are no object, non-numbers, and freed objects", () =>
    withHeap((heap) => {
      const l = heap.list();
      const before = heap.memoryInfo();
      for (const bad of [0, 1, 8, 12345, 2 ** 31, 2 ** 32 - 8, heap.None + 4, heap.None + 8, l + 4, l - 8, l + 16]) {
        expect(() => heap.decref(bad), String(bad)).toThrow(ReferenceError);
        expect(() => heap.incref(bad)).toThrow(ReferenceError);
        expect(() => heap.len(bad)).toThrow(/is not a live object/);
        expect(() => heap.append(l, bad)).toThrow(ReferenceError);
      }
      for (const bad of [-1, 1.5, NaN, "5", null, undefined, 2 ** 48 + l, Infinity]) {
        expect(() => heap.decref(bad as number)).toThrow(TypeError);
        expect(() => heap.tuple([bad as number])).toThrow(TypeError);
      }
      // a live object's address with another stamp, or with none (id())
      for (const bad of [2 ** 32 + l, heap.id(l)]) {
        expect(() => heap.decref(bad)).toThrow(ReferenceError);
        expect(() => heap.tuple([bad])).toThrow(ReferenceError);
      }
      expect(() => heap.decref(heap.id(l))).toThrow(/is an address, not a Ref/);
      // an internal block (a list's item array) is not an object
      const big = heap.list([heap.None, heap.None, heap.None]);
      const itemsArray = heap.exports.memory.buffer.byteLength && new Uint32Array(heap.exports.memory.buffer)[(big + 16) >>> 2];
      expect(() => heap.typeName(itemsArray)).toThrow(ReferenceError);
      heap.decref(big);
      const t = heap.tuple([l]);
      heap.decref(t);
      expect(() => heap.decref(t)).toThrow(/was freed/);
      expect(() => heap.getitem(t, 0)).toThrow(ReferenceError);
      const x = heap.int(99999);
      heap.decref(x);
      expect(() => heap.sys.getrefcount(x)).toThrow(ReferenceError);
      expect(heap.memoryInfo().objects).toEqual(before.objects);
      expect(heap.len(l)).toBe(0);
      heap.decref(l);
    }));

  it("a decref below zero is always caught in the debug build (freed memory is quarantined)", async () => {
    const heap = await createHeap({ build: "debug" });
    const live: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = heap.tuple([heap.None, heap.True]);
      heap.decref(t);
      live.push(heap.tuple([heap.None])); // would reuse t's memory in release
      expect(() => heap.decref(t)).toThrow(ReferenceError);
    }
    for (const r of live) expect(heap.sys.getrefcount(r)).toBe(1);
    live.forEach((r) => heap.decref(r));
    heap.close();
    expect(() => heap.list()).toThrow(/closed/);
  });
});

describe("wrong types", () => {
  it("raise TypeError naming the types, CPython's messages", () =>
    withHeap((heap) => {
      const i = heap.int(1000), l = heap.list(), d = heap.dict(), s = heap.str("abc");
      expect(() => heap.len(i)).toThrow("object of type 'int' has no len()");
      expect(() => heap.append(d, i)).toThrow(/expected a list, got 'dict'/);
      expect(() => heap.getitem(i, 0)).toThrow("'int' object is not subscriptable");
      expect(() => heap.setitem(s, 0, i)).toThrow(/'str' object does not support item assignment/);
      expect(() => heap.setitem(d, l, i)).toThrow("unhashable type: 'list'");
      expect(() => heap.setAdd(heap.None, i)).toThrow(TypeError);
      expect(() => heap.setattr(i, "x", i)).toThrow("'int' object has no attribute 'x' and no __dict__");
      expect(() => heap.instance(i)).toThrow(/expected a class/);
      expect(() => heap.sys.intern(i)).toThrow(/expected a str/);
      const lt = heap.tuple([l]);
      expect(() => heap.set([lt])).toThrow("unhashable type: 'list'");
      expect(() => heap.dict([[i, i], [lt, i]])).toThrow(TypeError);
      expect(heap.sys.getrefcount(i)).toBe(1); // the refused dict took no reference
      for (const r of [i, l, d, s, lt]) heap.decref(r);
    }));
});

describe("out of memory", () => {
  it("raises MemoryError and every live object stays intact", async () => {
    const heap = await createHeap({ maxMemory: 4 * 1024 * 1024 });
    const l = heap.list();
    const kept: number[] = [];
    let err: unknown = null;
    try {
      for (let i = 0; ; i++) {
        const v = heap.int(1_000_000 + i);
        kept.push(v);
        heap.append(l, v);
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MemoryError);
    const n = heap.len(l);
    expect(n).toBeGreaterThan(50_000);
    for (let i = 0; i < n; i += 997) {
      const v = heap.getitem(l, i);
      expect(heap.toJS(v)).toBe(1_000_000 + i);
      heap.decref(v);
    }
    expect(() => heap.str("x".repeat(2 * 1024 * 1024))).toThrow(MemoryError); // fits the cap, not what is left
    expect(() => heap.str("x".repeat(8 * 1024 * 1024))).toThrow(RangeError); // can never fit: refused at once
    expect(() => heap.tuple(Array(300_000).fill(heap.None))).toThrow(MemoryError);
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.decref(l);
    kept.forEach((v) => heap.decref(v));
    expect(heap.memoryInfo().liveObjects).toBe(0);
    const after = heap.list([heap.None]); // usable again
    heap.decref(after);
  });
});

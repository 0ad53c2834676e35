// The one-call paths (incref, decref, tuple, list, append: the Ref checked
// inside the Wasm call, assembly/objects/api/refs.ts) refuse every number
// that is not the Ref of a live object -- including numbers one arithmetic
// step away from a live Ref, which share its address bits -- and change
// nothing when they do.
import { describe, it, expect } from "vitest";
import { withHeap } from "./heap.helpers.js";
import type { Heap, Ref } from "../src/index.js";

const BUILDS = ["release", "debug", "legacy"] as const;

/** Numbers near the live Ref r that are not a Ref: its negation, the
 *  same address bits with the sign or bits above 2**48 set, fractions,
 *  and values no 64-bit integer holds. */
const near = (r: number): number[] => [
  -r, r - 2 ** 48, r - 2 ** 32, r + 2 ** 48, r + 2 ** 52, -(2 ** 63) + r, 2 ** 63 + r, 2 ** 64 + r,
  r + 0.5, r - 0.25, -Infinity, -(2 ** 32 - (r >>> 0)),
];

/** Everything a refused call could have changed. */
const state = (heap: Heap, ...objs: Ref[]) => ({
  live: heap.memoryInfo().liveObjects,
  counts: objs.map((o) => heap.sys.getrefcount(o)),
});

describe.each(BUILDS)("one-call paths refuse numbers near a Ref (%s build)", (build) => {
  it("incref, decref, tuple of 1 to 4, list, append", () =>
    withHeap((heap) => {
      const a = heap.str("a value"), b = heap.float(2.5), l = heap.list();
      const before = state(heap, a, b, l);
      for (const r of [a, b, l]) {
        for (const bad of near(r)) {
          const what = `${bad} near ${r}`;
          expect(() => heap.incref(bad as Ref), what).toThrow(/expected a Ref|not a live object|was freed|address/);
          expect(() => heap.decref(bad as Ref), what).toThrow(/expected a Ref|not a live object|was freed|address/);
          // the two-item tuple's own path, the bad item first and second
          expect(() => heap.tuple([bad as Ref, a]), what).toThrow(/tuple: item 0/);
          expect(() => heap.tuple([a, bad as Ref]), what).toThrow(/tuple: item 1/);
          expect(() => heap.tuple([a, b, bad as Ref]), what).toThrow(/tuple: item 2/);
          expect(() => heap.tuple([a, b, a, bad as Ref]), what).toThrow(/tuple: item 3/);
          expect(() => heap.list([b, bad as Ref]), what).toThrow(/list/);
          expect(() => heap.append(l, bad as Ref), what).toThrow(/append/);
          expect(() => heap.append(bad as Ref, a), what).toThrow(/append/);
        }
      }
      expect(state(heap, a, b, l)).toEqual(before);
      expect(heap.len(l)).toBe(0);
      // and the Refs themselves still work on every path
      const t = heap.tuple([a, b]);
      expect(heap.toJS(t)).toEqual(["a value", 2.5]);
      heap.append(l, t);
      heap.decref(t);
      for (const o of [a, b, l]) heap.decref(o);
    }, { build }));

  it("a two-item tuple made and dropped in a loop leaves nothing behind", () =>
    withHeap((heap) => {
      const a = heap.str("a value"), b = heap.float(2.5);
      const before = state(heap, a, b);
      let last = 0;
      for (let i = 0; i < 10_000; i++) {
        const t = heap.tuple([a, b]);
        expect(t).not.toBe(last); // each tuple has its own Ref, even at the same address
        heap.decref(t);
        if (i % 1000 === 0) expect(() => heap.decref(t)).toThrow(/was freed|stale Ref/);
        last = t;
      }
      expect(state(heap, a, b)).toEqual(before);
      heap.decref(a);
      heap.decref(b);
    }, { build }));
});

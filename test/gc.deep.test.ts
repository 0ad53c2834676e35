// Deep and huge cycles: nothing in collection or teardown recurses, so a
// 1,000,000-object ring and a 1,000,000-deep chain are collected (CPython
// compiled to Wasm, as in Pyodide, runs out of stack on both).
import { describe, it, expect } from "vitest";
import { withGCHeap as withHeap } from "./gc.helpers.js";

const N = 1_000_000;

describe("huge and deep cycles", () => {
  it("a 1,000,000-list ring", () =>
    withHeap((heap) => {
      heap.gc.disable();
      const first = heap.list();
      let prev = first;
      for (let i = 1; i < N; i++) {
        const cur = heap.list();
        heap.append(prev, cur);
        heap.decref(cur); // prev holds it
        prev = cur;
      }
      heap.append(prev, first);
      heap.decref(first);
      expect(heap.gc.collect()).toBe(N);
    }), 120_000);

  it("a 1,000,000-deep chain of dicts, each also pointing at the root", () =>
    withHeap((heap) => {
      heap.gc.disable();
      const root = heap.dict();
      const kChild = heap.str("child"), kRoot = heap.str("root");
      let prev = root;
      for (let i = 1; i < N; i++) {
        const cur = heap.dict();
        heap.setitem(prev, kChild, cur);
        heap.setitem(cur, kRoot, root);
        heap.decref(cur);
        prev = cur;
      }
      heap.decref(kChild);
      heap.decref(kRoot);
      heap.decref(root);
      expect(heap.gc.collect(0)).toBe(N);
    }), 120_000);

  it("a 1,000,000-ring with automatic collection on survives every young collection", () =>
    withHeap((heap) => {
      const first = heap.list();
      let prev = first;
      for (let i = 1; i < N; i++) {
        const cur = heap.list();
        heap.append(prev, cur);
        heap.decref(cur);
        prev = cur;
      }
      expect(heap.gc.getStats()[0].collections).toBeGreaterThan(100);
      expect(heap.len(first)).toBe(1);
      heap.append(prev, first);
      heap.decref(first);
      expect(heap.gc.collect()).toBe(N);
    }), 120_000);
});

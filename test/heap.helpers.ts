// Shared helpers for the createHeap() tests: a heap per test, and the
// leak check (live objects back to the baseline when the test is done).
import { expect } from "vitest";
import { createHeap, type Heap, type HeapOptions } from "../src/index.js";

export async function withHeap(fn: (heap: Heap) => void | Promise<void>, options: HeapOptions = {}): Promise<void> {
  const heap = await createHeap(options);
  const baseline = heap.memoryInfo().liveObjects;
  await fn(heap);
  expect(heap.memoryInfo().liveObjects, "objects leaked").toBe(baseline);
  heap.exports.pyheap_check();
  expect(heap.exports.pyheap_check()).toBe(0);
  heap.close();
}

/** Runs fn and returns the change of o's refcount it caused. */
export function delta(heap: Heap, o: number, fn: () => void): number {
  const before = heap.sys.getrefcount(o);
  fn();
  return heap.sys.getrefcount(o) - before;
}

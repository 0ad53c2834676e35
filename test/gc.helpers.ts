// withHeap for the collector's tests: gc.garbage (a list the collector
// makes on first use and keeps for the heap's life) is made before the
// leak check takes its baseline.
import { expect } from "vitest";
import { createHeap, type Heap, type HeapOptions } from "../src/index.js";

export async function withGCHeap(fn: (heap: Heap) => void | Promise<void>, options: HeapOptions = {}): Promise<void> {
  const heap = await createHeap(options);
  void heap.gc.garbage;
  const baseline = heap.memoryInfo().liveObjects;
  await fn(heap);
  expect(heap.memoryInfo().liveObjects, "objects leaked").toBe(baseline);
  expect(heap.exports.pyheap_check()).toBe(0);
  heap.close();
}

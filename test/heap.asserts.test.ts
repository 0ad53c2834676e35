// The debug build asserts the object layer's state where it changes (gc
// list links, the deallocation stack, refcounts, dict resizes): a broken
// link traps at the move that meets it, not later at check(). The release
// build compiles the asserts away.
import { it, expect } from "vitest";
import { createHeap, type Heap } from "../src/index.js";

// Two new lists, a then b, adjacent on generation 0's list; b's gc_prev
// (the word 4 bytes before its Ref) is made to point at b itself.
async function brokenLink(build: "release" | "debug"): Promise<{ heap: Heap; unlinkA: () => void }> {
  const heap = await createHeap({ build });
  heap.gc.disable();
  const a = heap.list(), b = heap.list();
  const u32 = new Uint32Array(heap.exports.memory.buffer);
  const addrB = heap.id(b);
  expect(u32[(addrB - 4) >>> 2]).toBe(heap.id(a) - 8); // b.gc_prev is a's GC head
  u32[(addrB - 4) >>> 2] = addrB - 8;
  return { heap, unlinkA: () => heap.decref(a) };
}

it("debug build: a gc list whose links disagree traps at the next unlink", async () => {
  const { unlinkA } = await brokenLink("debug");
  expect(unlinkA).toThrow(WebAssembly.RuntimeError);
});

it("release build: the same asserts are compiled away", async () => {
  const { unlinkA } = await brokenLink("release");
  expect(unlinkA).not.toThrow();
});

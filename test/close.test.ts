// close(): afterwards every use of a heap or an allocator raises the same
// clear error, in every build (src/closing.ts).
import { it, expect } from "vitest";
import { createHeap, createAllocator } from "../src/index.js";

const BUILDS = ["release", "debug"] as const;

it.each(BUILDS)("createHeap (%s): every method and constant raises after close()", async (build) => {
  const heap = await createHeap({ build });
  const l = heap.list();
  const gc = heap.gc, weakref = heap.weakref;
  const keys = Object.keys(heap).filter((k) => k !== "close");
  expect(keys).toEqual(expect.arrayContaining(["int", "None", "True", "decref", "gc", "sys", "exports", "own"]));
  heap.close();
  for (const k of keys) {
    expect(() => {
      const v = (heap as unknown as Record<string, unknown>)[k];
      if (typeof v === "function") v(1);
    }, k).toThrow("pyheap: this heap was closed");
  }
  expect(() => heap.int(5)).toThrow("pyheap: this heap was closed");
  expect(() => heap.None).toThrow("pyheap: this heap was closed");
  expect(() => heap.decref(l)).toThrow("pyheap: this heap was closed");
  // parts taken before close() go through the same closed module
  expect(() => gc.collect()).toThrow("pyheap: this heap was closed");
  expect(() => weakref.ref(l)).toThrow("pyheap: this heap was closed");
  heap.close(); // a second close() does nothing
});

it.each(BUILDS)("createAllocator (%s): every method and view raises after close()", async (build) => {
  const a = await createAllocator({ build });
  const p = a.malloc(100);
  const keys = Object.keys(a).filter((k) => k !== "close");
  expect(keys).toEqual(expect.arrayContaining(["malloc", "free", "u8", "memory", "stats", "check", "exports"]));
  a.close();
  for (const k of keys) {
    expect(() => {
      const v = (a as unknown as Record<string, unknown>)[k];
      if (typeof v === "function") v(p);
    }, k).toThrow("pyheap: this allocator was closed");
  }
  expect(() => a.free(p)).toThrow(ReferenceError);
  a.close();
});

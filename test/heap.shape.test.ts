// The heap object's shape: every heap, not only the first, keeps V8's fast
// properties (in dictionary mode each heap.int, heap.decref... is a hash
// lookup), exports stays the heap's own until close(), and its views of
// the memory follow every grow.
import { it, expect } from "vitest";
import { createHeap } from "../src/index.js";
import { hasFastProperties } from "./helpers/v8.js";

it("every heap keeps V8's fast properties, not only the first one", async () => {
  const heaps = [];
  for (let i = 0; i < 3; i++) heaps.push(await createHeap());
  for (const h of heaps) expect(hasFastProperties(h)).toBe(true);
  const h = heaps[2];
  h.decref(h.int(7));
  expect(hasFastProperties(h)).toBe(true);
  for (const x of heaps) x.close();
});

it("exports is each heap's own module, and raises once the heap is closed", async () => {
  const a = await createHeap();
  const b = await createHeap();
  expect(a.exports).not.toBe(b.exports);
  expect(typeof a.exports.pyobj_type).toBe("function");
  const x = a.int(42);
  expect(a.exports.pyobj_refcnt(x)).toBeGreaterThan(0);
  a.decref(x);
  a.close();
  expect(() => a.exports).toThrow("pyheap: this heap was closed");
  expect(typeof b.exports.pyobj_type).toBe("function");
  b.close();
});

it("strings, bytes, attributes and children cross the memory after it grew, whoever grew it", async () => {
  const heap = await createHeap();
  const keep = heap.list();
  const C = heap.newClass("C");
  const grows: [string, () => void][] = [
    ["objects", () => { for (let i = 0; i < 20000; i++) { const b = heap.bytes(new Uint8Array(200)); heap.append(keep, b); heap.decref(b); } }],
    ["memory.grow(1)", () => heap.exports.memory.grow(1)],
    ["memory.grow(0)", () => heap.exports.memory.grow(0)],
  ];
  for (const [how, grow] of grows) {
    const before = heap.exports.memory.buffer;
    grow();
    expect(heap.exports.memory.buffer, how).not.toBe(before);
    const s = heap.str(`héllo ${how}`);
    expect(heap.toJS(s), how).toBe(`héllo ${how}`);
    const b = heap.bytes([1, 2, 3, 250]);
    expect([...(heap.toJS(b) as Uint8Array)], how).toEqual([1, 2, 3, 250]);
    const o = heap.instance(C);
    heap.setattr(o, "name_" + how.length, s);
    const got = heap.getattr(o, "name_" + how.length);
    expect(heap.toJS(got), how).toBe(`héllo ${how}`);
    heap.decref(got);
    const t = heap.tuple([s, b]);
    expect(heap.children(t), how).toEqual([s, b]);
    for (const r of [t, o, b, s]) heap.decref(r);
  }
  heap.decref(keep);
  heap.decref(C);
  expect(heap.exports.pyheap_check()).toBe(0);
  heap.close();
});

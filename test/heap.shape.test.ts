// The heap object's shape: every heap, not only the first, keeps V8's fast
// properties (in dictionary mode each heap.int, heap.decref... is a hash
// lookup), and exports stays the heap's own until close().
import { it, expect } from "vitest";
import { setFlagsFromString } from "node:v8";
import { createHeap } from "../src/index.js";

it("every heap keeps V8's fast properties, not only the first one", async () => {
  // Natives syntax can be switched on at run time (as bench/lib/v8-tier.js does).
  setFlagsFromString("--allow-natives-syntax");
  const fast = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;
  const heaps = [];
  for (let i = 0; i < 3; i++) heaps.push(await createHeap());
  for (const h of heaps) expect(fast(h)).toBe(true);
  const h = heaps[2];
  h.decref(h.int(7));
  expect(fast(h)).toBe(true);
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

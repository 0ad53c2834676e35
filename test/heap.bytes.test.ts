// heap.bytes() copies the data once, straight into the new object, and
// hashes it only when a dict or set needs the hash (CPython's lazy
// ob_shash); a size the heap can never hold is refused at once.
import { describe, it, expect } from "vitest";
import { createHeap, KeyError, ErrorCode, type Ref } from "../src/index.js";

describe.each(["release", "debug"] as const)("bytes (%s build)", (build) => {
  it("a large bytes object holds its data; equal bytes are one dict key", async () => {
    const heap = await createHeap({ build });
    const data = new Uint8Array(16 * 2 ** 20);
    for (let i = 0; i < data.length; i += 4093) data[i] = i & 255;
    const a = heap.bytes(data), b = heap.bytes(data.slice());
    expect(heap.len(a)).toBe(data.length);
    expect(Buffer.from(heap.toJS(a) as Uint8Array).equals(data)).toBe(true);
    const d = heap.dict([[a, heap.None]]);
    expect(heap.getitem(d, b)).toBe(heap.None); // b's hash, computed now, is a's
    const other = heap.bytes(data.subarray(1));
    expect(() => heap.getitem(d, other)).toThrow(KeyError);
    const small: Ref[] = [heap.bytes([1, 2, 3]), heap.bytes(new Uint8Array([1, 2, 3]).buffer), heap.bytes([])];
    expect(heap.toJS(small[0])).toEqual(new Uint8Array([1, 2, 3]));
    expect(heap.toJS(small[1])).toEqual(new Uint8Array([1, 2, 3]));
    expect(heap.len(small[2])).toBe(0);
    const s = heap.set(small);
    expect(heap.len(s)).toBe(2); // b'\x01\x02\x03' twice, b''
    for (const r of [a, b, d, other, s, ...small]) heap.decref(r);
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.close();
  });

  it("a size the heap can never hold is a RangeError at once, and the heap is unchanged", async () => {
    const heap = await createHeap({ build, maxMemory: 16 * 2 ** 20 });
    const before = heap.memoryInfo();
    for (const [call, n] of [
      [() => heap.bytes(new Uint8Array(16 * 2 ** 20)), 16 * 2 ** 20],
      [() => heap.str("x".repeat(20 * 2 ** 20)), 20 * 2 ** 20],
    ] as const) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RangeError);
      expect(String(err)).toMatch(/can never fit this heap/);
      expect(err).toMatchObject({ code: ErrorCode.SIZE_OVERFLOW, address: 0, size: n });
    }
    expect(heap.memoryInfo()).toEqual(before); // nothing grew
    const fits = heap.bytes(new Uint8Array(4 * 2 ** 20).fill(9));
    expect(heap.len(fits)).toBe(4 * 2 ** 20);
    heap.decref(fits);
    heap.close();
  });
});

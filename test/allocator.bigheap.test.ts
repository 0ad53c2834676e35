// Pointers above 2 GiB and sizes above 2**31 are unsigned everywhere: a
// heap grown past 2 GiB hands out, frees, resizes and reports such
// pointers as plain positive numbers (the module's i32 results are read
// with >>> 0). Each build grows one Wasm memory past 2 GiB.
import { describe, it, expect } from "vitest";
import { createAllocator, ErrorCode } from "../src/index.js";

describe.each(["release", "debug", "legacy"] as const)("a heap above 2 GiB (%s build)", (build) => {
  it("pointers and sizes above 2**31 come back unsigned and work everywhere", async () => {
    const a = await createAllocator({ build });
    const big = a.malloc(2 ** 31 + 4096);
    expect(big).toBeGreaterThan(0);
    expect(a.usableSize(big)).toBeGreaterThanOrEqual(2 ** 31 + 4096);
    const q = a.malloc(100);
    expect(q).toBeGreaterThan(2 ** 31); // the next block lies above the big one
    a.u8.set([1, 2, 3], q);
    expect([...a.u8.subarray(q, q + 3)]).toEqual([1, 2, 3]);
    expect(a.usableSize(q)).toBeGreaterThanOrEqual(100);
    const r = a.realloc(q, 5000); // moves to a large block, also above 2 GiB
    expect(r).toBeGreaterThan(2 ** 31);
    expect([...a.u8.subarray(r, r + 3)]).toEqual([1, 2, 3]);
    a.free(r);
    let err: unknown;
    try {
      a.free(r);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReferenceError);
    expect(err).toMatchObject({ code: ErrorCode.DOUBLE_FREE, address: r });
    expect(String(err)).toContain(r.toString(16));
    expect(() => a.malloc(2 ** 32 - 1)).toThrow(expect.objectContaining({ size: 2 ** 32 - 1 }));
    a.free(big);
    a.check();
    expect(a.stats().memory.bytes).toBeGreaterThan(2 ** 31);
  });
});

it("errors raised before the module is called carry code, address and size", async () => {
  const a = await createAllocator();
  const cases: Array<[() => unknown, ErrorConstructor, object]> = [
    [() => a.malloc(-1), RangeError, { code: ErrorCode.SIZE_OVERFLOW, address: 0, size: -1 }],
    [() => a.malloc(NaN), RangeError, { code: ErrorCode.SIZE_OVERFLOW, address: 0, size: NaN }],
    [() => a.malloc(2 ** 32), RangeError, { code: ErrorCode.SIZE_OVERFLOW, address: 0, size: 2 ** 32 }],
    [() => a.malloc("5" as unknown as number), TypeError, { code: ErrorCode.SIZE_OVERFLOW, address: 0, size: 0 }],
    [() => a.free({} as unknown as number), TypeError, { code: ErrorCode.NOT_OURS, address: 0, size: 0 }],
    [() => a.free(-1), ReferenceError, { code: ErrorCode.NOT_OURS, address: -1, size: 0 }],
    [() => a.free(1.5), ReferenceError, { code: ErrorCode.NOT_OURS, address: 1.5, size: 0 }],
    [() => a.realloc(-8, 10), ReferenceError, { code: ErrorCode.NOT_OURS, address: -8, size: 0 }],
    [() => a.free(12345), ReferenceError, { code: ErrorCode.NOT_OURS, address: 12345, size: 0 }],
  ];
  for (const [call, type, details] of cases) {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    expect(err, String(call)).toBeInstanceOf(type);
    expect(err, String(call)).toMatchObject(details);
  }
  a.check();
});

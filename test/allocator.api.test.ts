// The module's contract as a C client sees it, and the facade's behaviour.
import { describe, it, expect } from "vitest";
import { hasFastProperties } from "./helpers/v8.js";
import { createAllocator } from "../src/index.js";

describe("malloc contract", () => {
  it("malloc(0) returns a unique pointer each time", async () => {
    const a = await createAllocator();
    const ps = new Set<number>();
    for (let i = 0; i < 100; i++) ps.add(a.malloc(0));
    expect(ps.size).toBe(100);
    expect([...ps].every((p) => p > 0 && p % 16 === 0)).toBe(true);
  });

  it("every size class and large sizes are 16-aligned with usable size >= request", async () => {
    const a = await createAllocator();
    for (let n = 0; n <= 5000; n += n < 600 ? 1 : 97) {
      const p = a.malloc(n);
      expect(p % 16).toBe(0);
      expect(a.usableSize(p)).toBeGreaterThanOrEqual(n);
    }
    a.check();
  });

  it("pymalloc rounds small requests up to 16-byte classes", async () => {
    const a = await createAllocator();
    expect(a.usableSize(a.malloc(1))).toBe(16);
    expect(a.usableSize(a.malloc(20))).toBe(32);
    expect(a.usableSize(a.malloc(512))).toBe(512);
  });

  it("aligned_alloc honours power-of-two alignments up to 64 KiB", async () => {
    const a = await createAllocator();
    for (let align = 1; align <= 65536; align *= 2) {
      const p = a.alignedAlloc(align, 100);
      expect(p % align).toBe(0);
      a.u8.fill(1, p, p + 100);
    }
    a.check();
  });

  it("realloc keeps a small block in place while it fits, and moves it past its class", async () => {
    const a = await createAllocator();
    const p = a.malloc(40);
    a.u8.fill(9, p, p + 40);
    expect(a.realloc(p, 48)).toBe(p);
    expect(a.realloc(p, 37)).toBe(p); // shrinking by less than a quarter
    const q = a.realloc(p, 100);
    expect(q).not.toBe(p);
    expect([...a.u8.subarray(q, q + 40)].every((b) => b === 9)).toBe(true);
    a.check();
  });

  it("realloc grows a large block in place into free space after it", async () => {
    const a = await createAllocator();
    const p = a.malloc(4000);
    const next = a.malloc(4000);
    a.malloc(4000); // keeps `next` from merging with the heap top
    a.free(next);
    expect(a.realloc(p, 7000)).toBe(p);
    a.check();
  });

  it("realloc of the last large block grows in place at the heap top", async () => {
    const a = await createAllocator();
    const p = a.malloc(100_000);
    expect(a.realloc(p, 3_000_000)).toBe(p);
    a.check();
  });

  it("calloc memory is zero even when it reuses dirty blocks", async () => {
    const a = await createAllocator();
    const ps = [];
    for (let i = 0; i < 100; i++) { const p = a.malloc(300); a.u8.fill(0xab, p, p + 300); ps.push(p); }
    for (const p of ps) a.free(p);
    for (let i = 0; i < 100; i++) {
      const p = a.calloc(30, 10);
      expect(a.u8.subarray(p, p + 300).every((b) => b === 0)).toBe(true);
    }
  });

  for (const build of ["release", "legacy", "debug", "unchecked"] as const) {
    it(`${build}: calloc is zero on fresh pages, on memory given back to the heap's top, and across the boundary`, async () => {
      const a = await createAllocator({ build });
      const zero = (p: number, n: number) => a.u8.subarray(p, p + n).every((b) => b === 0);
      // Fresh pages at the top (never handed out): no memset needed, still zero.
      const fresh = a.calloc(1, 3 << 20);
      expect(zero(fresh, 3 << 20)).toBe(true);
      a.u8.fill(0xcd, fresh, fresh + (3 << 20));
      a.free(fresh); // back to the wilderness, dirty
      // Straddles the dirty region and fresh pages above it.
      const big = a.calloc(5, 1 << 20);
      expect(zero(big, 5 << 20)).toBe(true);
      a.u8.fill(0xcd, big, big + (5 << 20));
      a.free(big);
      // Through realloc growth at the top, then freed: dirty again.
      let r = a.malloc(1 << 20);
      r = a.realloc(r, 7 << 20);
      a.u8.fill(0xee, r, r + (7 << 20));
      a.free(r);
      for (const n of [600, 70_000, 6 << 20]) {
        const p = a.calloc(n, 1);
        expect(zero(p, n)).toBe(true);
        a.free(p);
      }
      a.check();
    });
  }

  it("typed views follow the memory when it grows", async () => {
    const a = await createAllocator();
    const p = a.malloc(16);
    a.u32[p >> 2] = 1234;
    const before = a.memory.buffer;
    a.malloc(8 << 20);
    expect(a.memory.buffer).not.toBe(before);
    expect(a.u32[p >> 2]).toBe(1234);
    expect(a.u8.length).toBe(a.memory.buffer.byteLength);
  });

  for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
    it(`${build}: the views stay the same objects until the memory grows, then follow it, whoever grew it`, async () => {
      const a = await createAllocator({ build });
      const p = a.malloc(64);
      a.u32[p >> 2] = 0xdeadbeef;
      const u8 = a.u8;
      a.malloc(16);
      expect(a.u8).toBe(u8);
      const grows: [string, () => void][] = [
        ["malloc", () => a.malloc(4 << 20)],
        ["memory.grow(1)", () => a.memory.grow(1)],
        ["memory.grow(0)", () => a.memory.grow(0)],
      ];
      for (const [how, grow] of grows) {
        const before = a.memory.buffer;
        grow();
        expect(a.memory.buffer, how).not.toBe(before);
        for (const view of [a.u8, a.i32, a.u32, a.f64, a.view]) {
          expect(view.buffer, how).toBe(a.memory.buffer);
          expect(view.byteLength, how).toBe(a.memory.buffer.byteLength);
        }
        expect(a.u32[p >> 2], how).toBe(0xdeadbeef);
        expect(a.view.getUint32(p, true), how).toBe(0xdeadbeef);
      }
      a.check();
    });
  }

  it("each allocator's views and exports are its own, also after the other grows", async () => {
    const a = await createAllocator();
    const b = await createAllocator();
    expect(a.exports).not.toBe(b.exports);
    expect(a.memory).toBe(a.exports.memory);
    expect(b.memory).toBe(b.exports.memory);
    const p = a.malloc(16), q = b.malloc(16);
    a.u32[p >> 2] = 111;
    b.u32[q >> 2] = 222;
    b.malloc(8 << 20);
    for (const [x, ptr, v] of [[a, p, 111], [b, q, 222]] as const) {
      for (const view of [x.u8, x.i32, x.u32, x.f64, x.view]) expect(view.buffer).toBe(x.memory.buffer);
      expect(x.u32[ptr >> 2]).toBe(v);
      expect(x.view.getUint32(ptr, true)).toBe(v);
    }
    expect(b.u8.length).toBeGreaterThan(a.u8.length);
  });

  it("every allocator keeps V8's fast properties, not only the first one", async () => {
    const all = [];
    for (let i = 0; i < 4; i++) all.push(await createAllocator());
    for (const a of all) expect(hasFastProperties(a)).toBe(true);
    const p = all[3].malloc(24);
    all[3].u8[p] = 1;
    all[3].free(p);
    expect(hasFastProperties(all[3])).toBe(true);
  });

  it("the CPython-named layers each allocate and free their own blocks", async () => {
    const a = await createAllocator();
    const ex = a.exports;
    for (const [m, c, r, f] of [
      [ex.PyMem_RawMalloc, ex.PyMem_RawCalloc, ex.PyMem_RawRealloc, ex.PyMem_RawFree],
      [ex.PyMem_Malloc, ex.PyMem_Calloc, ex.PyMem_Realloc, ex.PyMem_Free],
      [ex.PyObject_Malloc, ex.PyObject_Calloc, ex.PyObject_Realloc, ex.PyObject_Free],
    ] as const) {
      const p = m(100), q = c(10, 10);
      expect(p % 16).toBe(0);
      const p2 = r(p, 2000);
      f(p2);
      f(q);
    }
    ex.pyheap_clear_error();
    a.check();
    expect(ex.pyheap_last_error()).toBe(0);
  });
});

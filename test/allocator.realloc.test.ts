// realloc on the path that copies small blocks word by word
// (assembly/words.ts), calloc of small sizes, and malloc(0): contents
// survive, the old block is refused afterwards, cleared memory is zero
// whatever it held, and the heap stays consistent.
import { describe, it, expect } from "vitest";
import { createAllocator } from "../src/index.js";

/** A byte pattern that differs at every offset and per block. */
const pattern = (seed: number, i: number) => (seed * 31 + i * 7 + 1) & 0xff;

describe("realloc and calloc of small blocks", () => {
  for (const build of ["release", "debug", "legacy"] as const) {
    it(`${build}: growing 1 byte at a time through every size class into the raw layer keeps every byte`, async () => {
      const a = await createAllocator({ build });
      let p = a.malloc(1);
      a.u8[p] = pattern(5, 0);
      const moved: number[] = [];
      for (let n = 2; n <= 1100; n++) {
        const q = a.realloc(p, n);
        if (q !== p) moved.push(p);
        for (let i = 0; i < n - 1; i++) if (a.u8[q + i] !== pattern(5, i)) throw new Error(`byte ${i} lost growing to ${n}`);
        a.u8[q + n - 1] = pattern(5, n - 1);
        p = q;
      }
      expect(moved.length).toBeGreaterThan(10);
      // Every block realloc moved away from was freed: a second free is refused.
      for (const old of moved.slice(0, 5)) expect(() => a.free(old)).toThrow(/already freed|double free/);
      a.check();
      a.free(p);
      a.check();
    });

    it(`${build}: a shrinking move keeps exactly the first n bytes, for n not a multiple of 8`, async () => {
      const a = await createAllocator({ build });
      const top = build === "legacy" ? 256 : 512; // the largest small class
      for (const n of [1, 3, 9, 13, 27, 61, 77, 100]) {
        const p = a.malloc(top);
        for (let i = 0; i < top; i++) a.u8[p + i] = pattern(n, i);
        const q = a.realloc(p, n);
        expect(q).not.toBe(p); // top -> n loses more than a quarter: it moves
        for (let i = 0; i < n; i++) expect(a.u8[q + i]).toBe(pattern(n, i));
        a.free(q);
      }
      a.check();
    });
  }

  it("a moving realloc does not write past the new block", async () => {
    const a = await createAllocator();
    // Live 16-byte blocks on both sides of wherever the move lands: the
    // copy of 9 bytes is rounded to whole words, never past 16 bytes.
    const ps = Array.from({ length: 300 }, () => a.malloc(16));
    for (const p of ps) a.u8.fill(0x5a, p, p + 16);
    for (const p of ps.filter((_, i) => i % 7 === 3)) a.free(p);
    const live = ps.filter((_, i) => i % 7 !== 3);
    for (let k = 0; k < 40; k++) {
      const big = a.malloc(64);
      a.u8.fill(0x11, big, big + 64);
      const q = a.realloc(big, 9);
      expect(a.usableSize(q)).toBe(16);
      expect([...a.u8.subarray(q, q + 9)].every((b) => b === 0x11)).toBe(true);
      a.u8.fill(0x5a, q, q + 16);
      live.push(q);
    }
    for (const p of live) if (!a.u8.subarray(p, p + 16).every((b) => b === 0x5a)) throw new Error(`block ${p} overwritten`);
    a.check();
  });

  it("calloc clears reused memory of every small size", async () => {
    const a = await createAllocator();
    for (let n = 1; n <= 600; n += n < 140 ? 1 : 37) {
      const ps = Array.from({ length: 4 }, () => a.malloc(n));
      for (const p of ps) a.u8.fill(0xff, p, p + a.usableSize(p));
      for (const p of ps) a.free(p);
      for (let k = 0; k < 4; k++) {
        const p = a.calloc(1, n);
        if (!a.u8.subarray(p, p + n).every((b) => b === 0)) throw new Error(`calloc(1, ${n}) not zero`);
      }
    }
    a.check();
  });

  for (const build of ["release", "legacy"] as const) {
    it(`${build}: malloc(0) among free blocks of the smallest class gives distinct live blocks`, async () => {
      const a = await createAllocator({ build });
      // A pool of the smallest class with many blocks on its free list.
      const ps = Array.from({ length: 50 }, () => a.malloc(8));
      for (const p of ps.slice(10)) a.free(p);
      const zeros = Array.from({ length: 100 }, () => a.malloc(0));
      expect(new Set([...zeros, ...ps.slice(0, 10)]).size).toBe(110);
      a.check();
      for (const z of zeros) a.free(z);
      expect(() => a.free(zeros[0])).toThrow(/already freed|double free/);
      a.check();
      expect(a.stats().classes[0].blocksInUse).toBe(10);
    });
  }
});

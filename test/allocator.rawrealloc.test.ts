// realloc of the raw layer's blocks (assembly/raw/raw.ts rawRealloc): the
// last block resized in place as the wilderness moves (within committed
// memory, and past it with a memory.grow), growth into a free right
// neighbour, a shrink that splits, growth that has to move, where a block
// growing out of pymalloc's size classes goes; contents kept,
// statistics and check() exact afterwards, and a pointer that is not a
// live raw block refused with nothing changed.
import { describe, it, expect } from "vitest";
import { createAllocator, type Allocator } from "../src/index.js";

const fill = (a: Allocator, p: number, n: number, seed: number) => {
  for (let i = 0; i < n; i++) a.u8[p + i] = (seed * 31 + i * 7 + 1) & 0xff;
};
const kept = (a: Allocator, p: number, n: number, seed: number) => {
  for (let i = 0; i < n; i++) if (a.u8[p + i] !== ((seed * 31 + i * 7 + 1) & 0xff)) return false;
  return true;
};
/** The memory accounted for: every byte is in use, free or overhead. */
const accounted = (a: Allocator) => {
  const t = a.stats().totals;
  return t.inUseBytes + t.freeBytes + t.overheadBytes;
};

describe("realloc of large (raw) blocks", () => {
  for (const build of ["release", "legacy", "unchecked"] as const) {
    it(`${build}: the last block grows and shrinks in place at the heap top, statistics exact`, async () => {
      const a = await createAllocator({ build });
      a.malloc(100); // pymalloc's arena first
      const p = a.malloc(2000); // too large for the gap below the arena: the last block
      fill(a, p, 2000, 1);
      const before = a.stats().large;
      const usable0 = a.usableSize(p);
      for (const n of [4000, 8000, 30_000, 30_001, 30_016, 60_000, 59_990]) {
        expect(a.realloc(p, n)).toBe(p);
        expect(kept(a, p, 2000, 1)).toBe(true);
        // Truthful: the block holds n, rounded up to 16 less its header.
        expect(a.usableSize(p)).toBe(((n + 8 + 15) & ~15) - 8);
        const now = a.stats();
        expect(now.large.usedBlocks).toBe(before.usedBlocks);
        expect(now.large.usedBytes - before.usedBytes).toBe(a.usableSize(p) - usable0);
        expect(now.large.freeBlocks).toBe(before.freeBlocks);
        expect(accounted(a)).toBe(now.memory.bytes);
        a.check();
      }
      // Shrinking the last block gives its tail back to the wilderness: the
      // next block is carved right after it.
      expect(a.realloc(p, 1000)).toBe(p);
      expect(kept(a, p, 1000, 1)).toBe(true);
      const q = a.malloc(5000);
      expect(q).toBe(p + a.usableSize(p) + 8);
      expect(accounted(a)).toBe(a.stats().memory.bytes);
      a.check();
      a.free(q);
      a.free(p);
      a.check();
      expect(a.stats().large.usedBlocks).toBe(0);
    });

    it(`${build}: the last block grows in place past committed memory (memory.grow)`, async () => {
      const a = await createAllocator({ build });
      a.malloc(100);
      const p = a.malloc(20_000); // too large for a gap below the arena: the last block
      fill(a, p, 1000, 2);
      const bytes = a.memory.buffer.byteLength;
      const grows = a.stats().memory.growCalls;
      expect(a.realloc(p, bytes)).toBe(p); // needs more memory than there is
      expect(a.memory.buffer.byteLength).toBeGreaterThan(bytes);
      expect(a.stats().memory.growCalls).toBe(grows + 1);
      expect(kept(a, p, 1000, 2)).toBe(true);
      a.u8[p + bytes - 1] = 7;
      expect(accounted(a)).toBe(a.stats().memory.bytes);
      a.check();
    });

    it(`${build}: a block with a live right neighbour grows into a free one, shrinks by splitting, and otherwise moves`, async () => {
      const a = await createAllocator({ build });
      a.malloc(100);
      const p = a.malloc(3000);
      const mid = a.malloc(3000);
      const guard = a.malloc(3000); // keeps mid from merging with the top
      fill(a, p, 3000, 3);
      fill(a, guard, 3000, 4);
      // Into the free right neighbour, in place.
      a.free(mid);
      expect(a.realloc(p, 5000)).toBe(p);
      expect(kept(a, p, 3000, 3)).toBe(true);
      a.check();
      // A shrink in place splits off a free block that a malloc can reuse.
      expect(a.realloc(p, 2000)).toBe(p);
      const freeAfterShrink = a.stats().large.freeBytes;
      expect(freeAfterShrink).toBeGreaterThan(3000);
      expect(kept(a, p, 2000, 3)).toBe(true);
      a.check();
      // Past what the right neighbour holds: it moves, the old block is freed.
      const q = a.realloc(p, 20_000);
      expect(q).not.toBe(p);
      expect(kept(a, q, 2000, 3)).toBe(true);
      expect(() => a.free(p)).toThrow(/already freed|double free/);
      expect(kept(a, guard, 3000, 4)).toBe(true);
      expect(accounted(a)).toBe(a.stats().memory.bytes);
      a.check();
      a.free(q);
      a.free(guard);
      a.check();
    });

    it(`${build}: a block realloc grows out of the size classes goes where it can go on growing in place`, async () => {
      const a = await createAllocator({ build });
      const p = a.malloc(200); // first: its pool is not cut from what follows
      fill(a, p, 200, 7);
      // Holes that fit 1024 bytes but not 2048, and a committed wilderness.
      const holes = [a.malloc(1100), a.malloc(3000), a.malloc(1200)];
      a.malloc(3000);
      holes.splice(1, 1); // the live block between the two holes
      const big = a.malloc(200_000);
      a.free(big);
      for (const h of holes) a.free(h);
      const q = a.realloc(p, 1024);
      expect(holes).not.toContain(q);
      for (const n of [2048, 4096, 8192]) expect(a.realloc(q, n)).toBe(q);
      expect(kept(a, q, 200, 7)).toBe(true);
      expect(accounted(a)).toBe(a.stats().memory.bytes);
      a.check();
      // An ordinary malloc still takes a hole.
      expect(holes).toContain(a.malloc(1024));
      a.check();
    });

    it(`${build}: a growing block takes a free block twice its size and grows into the rest`, async () => {
      const a = await createAllocator({ build });
      const p = a.malloc(200); // first: its pool is not cut from what follows
      fill(a, p, 200, 8);
      const hole = a.malloc(10_000);
      a.malloc(3000);
      a.free(hole);
      const before = a.stats().large;
      const q = a.realloc(p, 3000);
      expect(q).toBe(hole); // split: its rest stays free to the right
      expect(a.stats().large.freeBlocks).toBe(before.freeBlocks);
      expect(a.stats().large.freeBytes).toBe(before.freeBytes - a.usableSize(q) - 8);
      expect(a.realloc(q, 6000)).toBe(q);
      expect(a.realloc(q, 9000)).toBe(q);
      expect(kept(a, q, 200, 8)).toBe(true);
      expect(accounted(a)).toBe(a.stats().memory.bytes);
      a.check();
    });

    it(`${build}: realloc refuses what is not a live raw block, with nothing changed`, async () => {
      const a = await createAllocator({ build });
      const ex = a.exports;
      a.malloc(100);
      const live = a.malloc(4000);
      const last = a.malloc(4000);
      const freed = a.malloc(4000);
      a.malloc(4000); // freed's right neighbour: freed becomes a free block
      a.free(freed);
      const top = a.malloc(2000);
      a.free(top); // the last block: back to the wilderness, header and all
      fill(a, live, 4000, 5);
      const snapshot = JSON.stringify(a.stats());
      const refused: [number, RegExp][] = [
        [freed, /already freed|double free/],
        [top, /already freed|double free/],
        [live + 16, /not a block allocated/],
        [live + 8, /not a block allocated/],
        [live + 1, /not a block allocated/],
        [a.memory.buffer.byteLength - 64, /not a block allocated/],
      ];
      for (const [p, message] of refused) {
        expect(() => a.realloc(p, 9000)).toThrow(ReferenceError);
        expect(() => a.realloc(p, 9000)).toThrow(message);
        expect(ex.realloc(p, 10)).toBe(0);
        expect(ex.PyMem_RawRealloc(p, 9000)).toBe(0);
        expect(JSON.stringify(a.stats())).toBe(snapshot);
      }
      expect(kept(a, live, 4000, 5)).toBe(true);
      a.check();
      expect(a.realloc(live, 9000)).toBeGreaterThan(0); // still live
      a.check();
    });
  }

  it("debug build: realloc of a large block keeps its contents and refuses it once freed", async () => {
    const a = await createAllocator({ build: "debug" });
    let p = a.malloc(1000);
    fill(a, p, 1000, 6);
    for (const n of [2000, 4000, 100_000, 3000]) {
      const q = a.realloc(p, n);
      expect(kept(a, q, 1000, 6)).toBe(true);
      if (q !== p) expect(() => a.realloc(p, 10)).toThrow(ReferenceError);
      p = q;
      a.check();
    }
    a.free(p);
    expect(() => a.realloc(p, 5000)).toThrow(/already freed|double free/);
    a.check();
  });
});

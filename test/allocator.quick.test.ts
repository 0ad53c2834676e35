// The raw layer's quick lists (assembly/raw/quick.ts): a freed medium block
// (just above pymalloc's classes, up to a 1 KiB request) waits unmerged for
// the next request of its size. What a user relies on: the block comes
// back, a second free of it is still a double free, statistics and check()
// count it as free, the lists are bounded, and they are merged back before
// the heap would take fresh memory.
import { describe, it, expect } from "vitest";
import { createAllocator, ErrorCode, type Allocator } from "../src/index.js";

const fill = (a: Allocator, p: number, n: number, v: number) => a.u8.fill(v, p, p + n);
const holds = (a: Allocator, p: number, n: number, v: number) => a.u8.subarray(p, p + n).every((b) => b === v);

describe("quick lists of freed medium blocks", () => {
  for (const build of ["release", "legacy", "unchecked"] as const) {
    describe(build, () => {
      it("the next request of a freed block's size gets that block back, last freed first", async () => {
        const a = await createAllocator({ build });
        const [p, q, r, guard] = [a.malloc(600), a.malloc(600), a.malloc(600), a.malloc(600)];
        fill(a, guard, 600, 7);
        a.free(p);
        a.free(q);
        expect(a.malloc(600)).toBe(q);
        // Sizes that round to the same block share a list.
        expect(a.malloc(596)).toBe(p);
        for (const x of [p, q, r]) a.free(x);
        a.check();
        expect(holds(a, guard, 600, 7)).toBe(true);
      });

      it("a waiting block is free in the statistics and to check()", async () => {
        const a = await createAllocator({ build });
        const p = a.malloc(700), guard = a.malloc(700);
        const before = a.stats().large;
        a.free(p);
        const after = a.stats();
        expect(after.large.usedBlocks).toBe(before.usedBlocks - 1);
        expect(after.large.freeBlocks).toBe(before.freeBlocks + 1);
        const t = after.totals;
        expect(t.inUseBytes + t.freeBytes + t.overheadBytes).toBe(after.memory.bytes);
        a.check();
        a.free(guard);
        a.check();
      });

      it("refuses a second free of a waiting block as a double free, and loses nothing", async () => {
        const a = await createAllocator({ build });
        const p = a.malloc(800), keep = a.malloc(800);
        fill(a, keep, 800, 9);
        a.free(p);
        let refused: unknown;
        try { a.free(p); } catch (e) { refused = e; }
        expect(refused).toMatchObject({ code: ErrorCode.DOUBLE_FREE, address: p });
        expect(() => a.realloc(p, 900)).toThrow(/double free|already freed/);
        expect(() => a.usableSize(p)).toThrow(ReferenceError);
        a.check();
        // The block is handed out once, not twice.
        const again = a.malloc(800);
        expect(again).toBe(p);
        expect(a.malloc(800)).not.toBe(p);
        expect(holds(a, keep, 800, 9)).toBe(true);
        a.check();
      });

      it("keeps a bounded number per size: freeing many blocks of one size leaves most merged", async () => {
        const a = await createAllocator({ build });
        const blocks = Array.from({ length: 256 }, () => a.malloc(1000));
        const guard = a.malloc(1000);
        for (const p of blocks) a.free(p);
        a.check();
        // 256 adjacent blocks freed: the few that wait on the list (config.ts
        // QUICK_CAP) stay separate, the others merge into one free range.
        const free = a.stats().large.freeBlocks;
        expect(free).toBeGreaterThan(1);
        expect(free).toBeLessThan(64);
        a.free(guard);
      });

      it("merges the waiting blocks before the heap would grow: a large request reuses their space", async () => {
        const a = await createAllocator({ build });
        const blocks = Array.from({ length: 64 }, () => a.malloc(1000));
        const guard = a.malloc(1000);
        const bytes = a.stats().memory.bytes;
        for (const p of blocks) a.free(p);
        // Only the whole range of 64 freed blocks (1008 bytes each with its
        // header) holds this request.
        const big = a.malloc(60 * 1008);
        expect(big).toBe(blocks[0]);
        expect(a.stats().memory.bytes).toBe(bytes);
        a.check();
        a.free(big);
        a.free(guard);
        a.check();
        expect(a.stats().large.usedBlocks).toBe(0);
      });

      it("a raw block grows in place into a waiting right neighbour", async () => {
        const a = await createAllocator({ build });
        const [p, q, guard] = [a.malloc(600), a.malloc(600), a.malloc(600)];
        fill(a, p, 600, 3);
        fill(a, guard, 600, 4);
        a.free(q);
        expect(a.realloc(p, 1100)).toBe(p);
        expect(a.usableSize(p)).toBeGreaterThanOrEqual(1100);
        expect(holds(a, p, 600, 3)).toBe(true);
        a.check();
        // q is part of p now, off its list: the next request of its size
        // gets other memory.
        const r = a.malloc(600);
        expect(r === q || (r > p && r < p + 1100)).toBe(false);
        expect(holds(a, guard, 600, 4)).toBe(true);
        a.check();
      });

      it("a small block growing out of the size classes gets room to go on growing, not a waiting block", async () => {
        const a = await createAllocator({ build });
        const s = a.malloc(100); // pymalloc's arena first
        fill(a, s, 100, 5);
        const [w, guard] = [a.malloc(600), a.malloc(600)];
        a.free(w); // waits, between live blocks
        const q = a.realloc(s, 600);
        expect(q).not.toBe(w);
        expect(holds(a, q, 100, 5)).toBe(true);
        expect(a.realloc(q, 1200)).toBe(q);
        expect(holds(a, q, 100, 5)).toBe(true);
        a.free(guard);
        a.check();
      });

      it("a block freed at the heap's top goes back to it at once", async () => {
        const a = await createAllocator({ build });
        a.malloc(100); // pymalloc's arena first
        a.malloc(1000); // below it or at the top
        const p = a.malloc(1000); // the last block: the gap below the arena holds less than two
        const free = a.stats().large.freeBlocks;
        a.free(p);
        expect(a.stats().large.freeBlocks).toBe(free);
        // The wilderness took it back: a larger request starts where p was.
        expect(a.malloc(2000)).toBe(p);
        a.check();
      });
    });
  }
});

// How much Wasm memory the allocator takes: committed memory is used
// before the memory grows, large requests find the closest free block, and
// growth is geometric without slack on top of a large request. These are
// accounting tests (memory sizes and addresses), not timings.
import { describe, it, expect } from "vitest";
import { createAllocator } from "../src/index.js";

const PAGE = 65536;
const POOL = 4096;

describe("memory growth", () => {
  for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
    it(`${build}: pools come from a hole in the raw layer before the memory grows`, async () => {
      const a = await createAllocator({ build });
      const big = a.malloc(600_000);           // a raw block at the bottom
      const small = [a.malloc(64)];           // the first arena, above it, committed pool by pool
      a.free(big);                            // leaves a hole below the arena
      a.flushQuarantine();                    // (the debug build's freed blocks wait there)
      const before = a.stats();
      expect(before.pools.untouched).toBeGreaterThan(32);
      // Far more pools than the memory committed above the arena holds.
      for (let i = 0; i < 3000; i++) small.push(a.malloc(64));
      const after = a.stats();
      expect(after.memory.bytes).toBe(before.memory.bytes);
      expect(after.memory.growCalls).toBe(before.memory.growCalls);
      // The hole became an arena; the first one kept only the pools it cut.
      expect(after.arenas.current).toBeGreaterThanOrEqual(2);
      expect(small.some((p) => p < big + 600_000)).toBe(true);
      a.check();
      for (const p of small) a.free(p);
      a.flushQuarantine();
      a.check();
      expect(a.stats().totals.inUseBytes).toBe(0);
    });
  }

  for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
    it(`${build}: a large request takes the never-cut pools of an arena in a hole before the memory grows`, async () => {
      const a = await createAllocator({ build });
      const big = a.malloc(600_000);           // a raw block at the bottom
      const small = [a.malloc(64)];           // the first arena, above it
      a.free(big);                            // leaves a hole below the arena
      a.flushQuarantine();
      // Small blocks until pymalloc cuts a pool from the hole: its arena
      // there is committed memory, and most of its pools are never cut.
      while (small.every((p) => p > big + 600_000)) small.push(a.malloc(64));
      const before = a.stats();
      expect(before.small.untouchedCommittedBytes).toBeGreaterThan(150_000);
      // Fits only in the hole with that arena's never-cut pools given back.
      const p = a.malloc(500_000);
      const after = a.stats();
      expect(after.memory.bytes).toBe(before.memory.bytes);
      expect(after.memory.growCalls).toBe(before.memory.growCalls);
      expect(p).toBeLessThan(big + 600_000);
      expect(after.small.untouchedCommittedBytes).toBeLessThan(before.small.untouchedCommittedBytes);
      a.check();
      // The blocks cut from the arena before it was trimmed are intact.
      for (const q of small) a.free(q);
      a.free(p);
      a.flushQuarantine();
      a.check();
      expect(a.stats().totals.inUseBytes).toBe(0);
    });
  }

  it("a usable arena's empty pools are taken before the head arena grows the memory", async () => {
    const a = await createAllocator();
    const per = Math.floor((POOL - 64) / 496); // blocks of 496 bytes per pool
    // Fill the first arena and cut into a second until the second's next
    // pool lies past committed memory.
    const blocks: number[] = [];
    let s = a.stats();
    while (s.arenas.current < 2 || s.small.untouchedCommittedBytes > 0 || s.pools.untouched > 40) {
      blocks.push(a.malloc(496));
      s = a.stats();
    }
    const k = s.pools.untouched;
    expect(k).toBeGreaterThan(0);
    // Free k + 1 pools of the first arena: it now has more free pools than
    // the second, which stays first in the order (fullest first).
    for (let i = 0; i < per * (k + 1); i++) a.free(blocks[i]);
    a.check();
    const before = a.stats();
    expect(before.pools.empty).toBe(k + 1);
    const more: number[] = [];
    for (let i = 0; i < per * (k + 1); i++) more.push(a.malloc(496));
    const after = a.stats();
    expect(after.memory.bytes).toBe(before.memory.bytes);
    expect(after.pools.empty).toBe(0);
    a.check();
    for (const p of [...blocks.slice(per * (k + 1)), ...more]) a.free(p);
    a.check();
    expect(a.stats().totals.inUseBytes).toBe(0);
  });

  it("a large request takes a block of its own size list that fits, not a larger one", async () => {
    const a = await createAllocator();
    const fit = a.malloc(40_100);
    const sep1 = a.malloc(1000);
    const larger = a.malloc(60_000);
    const sep2 = a.malloc(1000);
    a.free(fit);
    a.free(larger);
    // 40,000 rounds up to a list above the one 40,100 is in; the block that
    // fits exactly is still found.
    expect(a.malloc(40_000)).toBe(fit);
    expect(a.malloc(50_000)).toBe(larger);
    a.check();
    a.free(sep1);
    a.free(sep2);
    a.check();
  });

  it("grows by a large request without slack on top of it", async () => {
    const a = await createAllocator();
    a.free(a.malloc(100)); // the heap exists
    const p = a.malloc(8 << 20);
    const s = a.stats();
    // Memory ends within the page that holds the block's end.
    expect(s.memory.bytes - (p + (8 << 20))).toBeLessThan(PAGE);
    // Small growth still adds slack: a page at a time would be ~130 grows.
    const grows = s.memory.growCalls;
    const small: number[] = [];
    for (let i = 0; i < 130_000; i++) small.push(a.malloc(64)); // ~8 MiB more
    expect(a.stats().memory.growCalls - grows).toBeLessThan(40);
    a.check();
    for (const q of small) a.free(q);
    a.free(p);
    a.check();
  });
});

describe("growth slack", () => {
  // Grows memory with small blocks until it grows once more; the step.
  function nextStep(a: Awaited<ReturnType<typeof createAllocator>>, held: number[]): number {
    const before = a.stats().memory;
    while (a.stats().memory.growCalls === before.growCalls) held.push(a.malloc(256));
    return (a.stats().memory.bytes - before.bytes) / PAGE;
  }

  it("is 1/32 of a small heap, 4 pages (256 KiB) from 8 to 16 MiB, 1/64 of a larger one", async () => {
    const a = await createAllocator();
    const held: number[] = [];
    held.push(a.malloc(6 << 20));               // a 6 MiB heap: 96+ pages
    let pages = a.stats().memory.bytes / PAGE;
    expect(nextStep(a, held)).toBe(Math.floor(pages / 32));
    held.push(a.malloc(6 << 20));               // 12 MiB: 1/32 would be 384 KiB
    for (let i = 0; i < 3; i++) expect(nextStep(a, held)).toBe(4);
    held.push(a.malloc(28 << 20));              // 40 MiB: 1/32 would be 1.25 MiB
    pages = a.stats().memory.bytes / PAGE;
    expect(nextStep(a, held)).toBe(Math.floor(pages / 64));
    a.check();
    for (const p of held) a.free(p);
    a.check();
  });
});

describe("a small heap", () => {
  for (const build of ["release", "legacy", "unchecked"] as const) {
    it(`${build}: three blocks in each of the 32 size classes cost a 4 KiB pool each, and memory grows by pages as they are cut`, async () => {
      const a = await createAllocator({ build });
      const g = a.stats().geometry;
      const blocks: number[] = [];
      for (let c = 0; c < g.sizeClasses; c++) {
        for (let i = 0; i < 3; i++) blocks.push(a.malloc((c + 1) * g.alignment));
      }
      const s = a.stats();
      expect(s.pools.used).toBe(g.sizeClasses);
      expect(s.classes.every((k) => k.pools === 1 && k.blocksInUse === 3)).toBe(true);
      // The statics, one pool per class and at most one page of growth
      // slack: not an arena per heap, nor a larger pool per class.
      expect(s.memory.bytes).toBeLessThanOrEqual(s.memory.staticBytes + g.sizeClasses * POOL + PAGE);
      a.check();
      for (const p of blocks) a.free(p);
      a.check();
    });
  }
});

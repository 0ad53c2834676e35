// Statistics add up exactly, arenas are reused, and the text report has
// CPython's shape.
import { describe, it, expect } from "vitest";
import { createAllocator, type MallocStats } from "../src/index.js";

function expectAddsUp(s: MallocStats) {
  const t = s.totals;
  expect(t.inUseBytes + t.freeBytes + t.overheadBytes).toBe(s.memory.bytes);
  const pooled = (s.pools.used + s.pools.empty) * s.geometry.poolSize;
  expect(s.small.allocatedBytes + s.small.availableBytes + s.small.poolHeaderBytes
    + s.small.quantizationBytes + s.small.emptyPoolBytes).toBe(pooled);
  const perClass = s.classes.reduce((n, c) => n + c.blocksInUse * c.size, 0);
  expect(perClass).toBe(s.small.allocatedBytes);
  expect(s.classes.reduce((n, c) => n + c.pools, 0)).toBe(s.pools.used);
}

describe("statistics", () => {
  for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
    it(`${build}: figures add up exactly through growth, churn and release`, async () => {
      const a = await createAllocator({ build });
      expectAddsUp(a.stats());
      const ps: number[] = [];
      for (let i = 0; i < 50_000; i++) ps.push(a.malloc(i % 7 === 0 ? 600 + (i % 3000) : 1 + (i % 500)));
      const s1 = a.stats();
      expectAddsUp(s1);
      expect(s1.arenas.current).toBeGreaterThan(1);
      expect(s1.large.usedBlocks).toBeGreaterThan(0);
      for (let i = 0; i < ps.length; i += 2) a.free(ps[i]);
      expectAddsUp(a.stats());
      for (let i = 1; i < ps.length; i += 2) a.free(ps[i]);
      a.flushQuarantine();
      const s2 = a.stats();
      expectAddsUp(s2);
      expect(s2.totals.inUseBytes).toBe(0);
      expect(s2.large.usedBlocks).toBe(0);
      expect(s2.classes.every((c) => c.blocksInUse === 0)).toBe(true);
    });
  }

  it("counts blocks per size class as CPython does", async () => {
    const a = await createAllocator();
    for (let i = 0; i < 10; i++) a.malloc(24); // class 1 (32 bytes)
    const c = a.stats().classes[1];
    expect(c).toMatchObject({ index: 1, size: 32, pools: 1, blocksInUse: 10 });
    expect(c.blocksInUse + c.availableBlocks).toBe(Math.floor((4096 - 64) / 32));
  });

  it("wholly free arenas go back to the raw layer and are reused; memory does not grow again", async () => {
    const a = await createAllocator();
    const round = () => {
      const ps = [];
      for (let i = 0; i < 200_000; i++) ps.push(a.malloc(48));
      for (const p of ps) a.free(p);
    };
    round();
    const s1 = a.stats();
    expect(s1.arenas.highWater).toBeGreaterThan(5);
    expect(s1.arenas.reclaimed).toBeGreaterThan(0);
    // bpo-37257: one empty arena is kept, and the class's last pool stays
    // retained (empty, on usedpools) in the arena it was cut from.
    expect(s1.arenas.current).toBeLessThanOrEqual(2);
    expect(s1.pools.used).toBe(0);
    // An arena commits its pools as they are first used, and the first
    // round left the top arena's last pools unused: the reuse may commit
    // them (at most an arena and a page, depending on where the heap
    // starts), never the ~9.6 MB again. From then on memory does not grow.
    round();
    const s2 = a.stats();
    expect(s2.memory.bytes - s1.memory.bytes).toBeLessThanOrEqual(2 ** 18 + 65536);
    expect(s2.arenas.allocatedTotal).toBeGreaterThan(s1.arenas.allocatedTotal);
    const bytes = s2.memory.bytes;
    round();
    expect(a.stats().memory.bytes).toBe(bytes);
    // Freed arena memory serves large blocks too.
    const big = a.malloc(4 << 20);
    expect(a.stats().memory.bytes).toBe(bytes);
    a.free(big);
    a.check();
  });

  it("debugMallocStats() prints CPython's table and totals", async () => {
    const a = await createAllocator();
    for (let i = 0; i < 100; i++) a.malloc(100);
    const text = a.debugMallocStats();
    expect(text).toMatch(/^Small block threshold = 512, in 32 size classes\./);
    expect(text).toMatch(/class {3}size {3}num pools {3}blocks in use {2}avail blocks/);
    expect(text).toMatch(/\n\s+6\s+112\s+3\s+100\s+8\n/); // (4096 - 64) // 112 = 36 blocks a pool
    expect(text).toMatch(/# arenas allocated total +=\s+1\n/);
    expect(text).toMatch(/Wasm memory \(\d+ grows\)\s+=\s+[\d,]+\n$/);
  });

  it("legacy geometry reports the seeds' numbers", async () => {
    const a = await createAllocator({ build: "legacy" });
    const g = a.stats().geometry;
    expect(g).toMatchObject({ alignment: 8, smallRequestThreshold: 256, sizeClasses: 32, poolSize: 4096, arenaSize: 262144, legacy: true });
    expect(a.usableSize(a.malloc(20))).toBe(24); // the seed's example
  });
});

describe("pymalloc gives memory back before the heap grows for a large block", () => {
  it("the spare empty arena and the last arena's never-cut pools serve a large block", async () => {
    const a = await createAllocator();
    const small = [];
    for (let i = 0; i < 1000; i++) small.push(a.malloc(64)); // part of the first arena
    const before = a.stats();
    expect(before.pools.untouched).toBeGreaterThan(40);
    const arenaEnd = Math.ceil(small[0] / 262144) * 262144 + 262144;
    const big = a.malloc(600_000); // lands in the arena's never-cut tail
    const after = a.stats();
    expect(after.pools.untouched).toBe(0); // the tail was given to the raw layer
    expect(big).toBeLessThan(arenaEnd);
    // Memory grows by the block (and the growth slack), not by the rest of
    // the 256 KiB arena reservation as well.
    expect(after.memory.bytes - before.memory.bytes).toBeLessThan(600_000 + 256 * 1024);
    a.check();
    // Small blocks go on in a new arena; everything stays consistent.
    for (let i = 0; i < 3000; i++) small.push(a.malloc(64));
    a.check();
    for (const p of small) a.free(p);
    a.free(big);
    a.check();
    expect(a.stats().totals.inUseBytes).toBe(0);
  });

  it("a trimmed one-pool arena that empties is released (regression: stale list link)", async () => {
    const a = await createAllocator();
    const p = a.malloc(100);                 // cuts the first pool of the first arena
    const big = a.malloc(2 << 20);           // trims that arena to its one pool
    expect(a.stats().arenas.current).toBe(1);
    const q = a.malloc(100);
    a.free(p);
    a.check();
    a.free(q);                               // the one-pool arena empties: it is released or kept as the spare
    a.check();
    const r = a.malloc(100);
    a.free(r);
    a.free(big);
    a.check();
  });

  it("a hole left by a freed large block becomes a smaller arena instead of growing memory", async () => {
    const a = await createAllocator();
    const first = [];
    for (let i = 0; i < 16_000; i++) first.push(a.malloc(64)); // the first arena: ~63 pools, all cut
    const big = a.malloc(400_000);
    const fence = a.malloc(100_000); // keeps the hole from merging with the heap top
    a.free(big);
    const before = a.stats();
    const more = [];
    for (let i = 0; i < 4_000; i++) more.push(a.malloc(64)); // needs a new arena
    const after = a.stats();
    expect(after.arenas.current).toBe(before.arenas.current + 1);
    expect(after.memory.bytes).toBe(before.memory.bytes); // served from the hole
    expect(more.every((p) => p > fence - 500_000 && p < fence)).toBe(true);
    a.check();
    for (const p of [...first, ...more]) a.free(p);
    a.free(fence);
    a.check();
  });
});


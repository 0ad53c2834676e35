// Pool life cycle paths of pymalloc: formatting threads a whole pool, a
// class's only pool stays retained when it empties, a full pool getting a
// block back takes the retained pool's place or joins the end of the list, and 4 KiB pools keep a heap
// that touches every size class small.
import { describe, it, expect } from "vitest";
import { createAllocator, ErrorCode } from "../src/index.js";
import { readHeapMap, type MapExports } from "../src/map/read.js";

const POOL = 4096;
const CAPACITY_32 = Math.floor((POOL - 64) / 32); // blocks of 32 bytes in a pool

describe("pool paths", () => {
  for (const build of ["release", "legacy", "unchecked"] as const) {
    it(`${build}: a fresh pool hands out its blocks in address order, then the next pool`, async () => {
      const a = await createAllocator({ build });
      const cap = build === "legacy" ? Math.floor((POOL - 32 - 64) / 32) : CAPACITY_32;
      const ps: number[] = [];
      for (let i = 0; i < cap; i++) ps.push(a.malloc(32));
      for (let i = 1; i < cap; i++) expect(ps[i] - ps[i - 1]).toBe(32);
      const first = Math.floor(ps[0] / POOL);
      expect(ps.every((p) => Math.floor(p / POOL) === first)).toBe(true);
      const next = a.malloc(32);
      expect(Math.floor(next / POOL)).not.toBe(first);
      a.check();
      expect(a.stats().classes[build === "legacy" ? 3 : 1]).toMatchObject({ pools: 2, blocksInUse: cap + 1 });
    });
  }

  it("the only pool of a class stays retained when it empties, and is reused", async () => {
    const a = await createAllocator();
    const p = a.malloc(32);
    const pool = p - (p % POOL);
    a.free(p);
    const s = a.stats();
    expect(s.pools.used).toBe(0);
    expect(s.classes[1].blocksInUse).toBe(0);
    a.check();
    // The pool is the head, so each block freed goes back on the list malloc
    // takes from: a loop allocating and freeing one block gets the same
    // block every time, from the same pool.
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const q = a.malloc(32);
      expect(q - (q % POOL)).toBe(pool);
      seen.add(q);
      a.free(q);
    }
    expect([...seen]).toEqual([p]);
    expect(a.stats().arenas.allocatedTotal).toBe(1);
    expect(() => a.free(p)).toThrow(/already freed|double free/);
    a.check();
  });

  for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
    it(`${build}: frees wait on their own list until malloc runs out of the others, then come back in LIFO order`, async () => {
      const a = await createAllocator({ build });
      const n = build === "debug" ? 16 : 32; // the debug build's guards add 16 bytes
      const first = a.malloc(n);
      const pool = first - (first % POOL);
      const ps = [first];
      while (true) {
        const p = a.malloc(n);
        if (p - (p % POOL) !== pool) { a.free(p); break; }
        ps.push(p);
      }
      const cap = ps.length;
      // Free every third block; the pool is full, so it is listed again.
      const freed = ps.filter((_, i) => i % 3 === 1);
      for (const p of freed) a.free(p);
      a.check();
      expect(a.stats().totals.inUseBytes).toBeGreaterThan(0);
      // The pool is the only used one of its class (the second pool emptied
      // and went back or stays retained): malloc gets the freed blocks, the
      // most recently freed first, and the pool is full again.
      a.flushQuarantine();
      const again: number[] = [];
      for (let i = 0; i < freed.length; i++) again.push(a.malloc(n));
      if (build !== "debug") expect(again).toEqual([...freed].reverse());
      expect(again.every((p) => p - (p % POOL) === pool)).toBe(true);
      a.check();
      // Half freed, half allocated in turns: frees go on one list, malloc
      // takes the other, and the lists swap whenever malloc's runs dry.
      for (let round = 0; round < 3 * cap; round++) {
        const p = again[round % again.length];
        a.free(p);
        again[round % again.length] = a.malloc(n);
        if (round % 50 === 0) a.check();
      }
      a.check();
      for (const p of [...ps.filter((_, i) => i % 3 !== 1), ...again]) a.free(p);
      a.flushQuarantine();
      a.check();
      expect(a.stats().totals.inUseBytes).toBe(0);
    });
  }

  for (const build of ["release", "legacy", "unchecked"] as const) {
    it(`${build}: a block freed into the head pool is the next one of its size malloc hands out, last freed first`, async () => {
      const a = await createAllocator({ build });
      const [p, q, r] = [a.malloc(32), a.malloc(32), a.malloc(32)];
      a.u8.fill(5, r, r + 32);
      a.free(q);
      expect(a.malloc(32)).toBe(q);
      a.free(p);
      a.free(q);
      a.check();
      expect(a.stats().classes[build === "legacy" ? 3 : 1].blocksInUse).toBe(1);
      expect([a.malloc(32), a.malloc(32)]).toEqual([q, p]);
      expect(a.u8.subarray(r, r + 32).every((b) => b === 5)).toBe(true);
      a.check();
    });

    it(`${build}: a block freed into a pool that is not the head waits there; malloc keeps taking the head's blocks`, async () => {
      const a = await createAllocator({ build });
      const first = a.malloc(32);
      const pool = first - (first % POOL);
      const full = [first];
      let head = a.malloc(32);
      for (; head - (head % POOL) === pool; head = a.malloc(32)) full.push(head);
      // `pool` is full; the head is the next pool. Two of pool's blocks
      // come back: neither is handed out while the head has blocks.
      a.free(full[7]);
      a.free(full[8]);
      a.check();
      const next = [a.malloc(32), a.malloc(32), a.malloc(32)];
      expect(next.every((p) => p - (p % POOL) === head - (head % POOL))).toBe(true);
      a.check();
    });
  }

  for (const build of ["release", "legacy"] as const) {
    it(`${build}: a second free of a block waiting on the head's list is a double free, and nothing is lost`, async () => {
      const a = await createAllocator({ build });
      const [p, keep] = [a.malloc(48), a.malloc(48)];
      a.u8.fill(9, keep, keep + 48);
      a.free(p);
      let refused: unknown;
      try { a.free(p); } catch (e) { refused = e; }
      expect(refused).toMatchObject({ code: ErrorCode.DOUBLE_FREE, address: p });
      a.check();
      // The block is handed out once, not twice.
      expect(a.malloc(48)).toBe(p);
      expect(a.malloc(48)).not.toBe(p);
      expect(a.u8.subarray(keep, keep + 48).every((b) => b === 9)).toBe(true);
      a.check();
    });
  }

  it("a full pool getting a block back is listed after the head, which keeps allocating; emptied, it goes back to its arena", async () => {
    const a = await createAllocator();
    const full: number[] = [];
    for (let i = 0; i < CAPACITY_32; i++) full.push(a.malloc(32));
    const second = [a.malloc(32), a.malloc(32)]; // the head now
    const head = second[0] - (second[0] % POOL);
    a.free(full[3]);
    a.check();
    expect(a.stats().pools.used).toBe(2);
    const next = a.malloc(32);
    expect(next - (next % POOL)).toBe(head); // not full[3]'s pool
    for (const p of full) if (p !== full[3]) a.free(p);
    a.check();
    const s = a.stats();
    expect(s.pools.used).toBe(1);
    expect(s.classes[1].blocksInUse).toBe(3);
    for (const p of [...second, next]) a.free(p);
    a.check();
    expect(a.stats().totals.inUseBytes).toBe(0);
  });

  for (const build of ["release", "legacy", "unchecked"] as const) {
    it(`${build}: pools that were full rejoin the list at its end, and the head moves on to them in that order`, async () => {
      const a = await createAllocator({ build });
      const cap = build === "legacy" ? Math.floor((POOL - 32 - 64) / 32) : CAPACITY_32;
      const size = 32;
      // Three full pools, then a head with one free block left.
      const pools: number[][] = [[], [], []];
      for (const list of pools) for (let i = 0; i < cap; i++) list.push(a.malloc(size));
      const poolOf = (p: number) => p - (p % POOL);
      expect(new Set(pools.map((l) => poolOf(l[0]))).size).toBe(3);
      const head: number[] = [];
      for (let i = 0; i < cap - 1; i++) head.push(a.malloc(size));
      // The first pool gets blocks back before the second does: it is
      // listed first, then the second, behind it.
      a.free(pools[0][5]);
      a.free(pools[1][9]);
      a.free(pools[0][6]);
      a.check();
      const order: number[] = [];
      for (let i = 0; i < 4; i++) order.push(poolOf(a.malloc(size)));
      // The head's last block, then the first pool's two, then the second's.
      expect(order).toEqual([poolOf(head[0]), poolOf(pools[0][0]), poolOf(pools[0][0]), poolOf(pools[1][0])]);
      a.check();
      expect(a.stats().classes.reduce((n: number, c: { blocksInUse: number }) => n + c.blocksInUse, 0)).toBe(4 * cap);
    });
  }

  it("a full pool getting a block back gives the retained empty pool back to its arena", async () => {
    const a = await createAllocator();
    const full: number[] = [];
    for (let i = 0; i < CAPACITY_32; i++) full.push(a.malloc(32));
    const other = a.malloc(32); // second pool; the first is full
    a.free(other); // the second pool empties and is retained
    a.check();
    a.free(full[7]); // the first pool is used again and goes first
    a.check();
    expect(a.malloc(32)).toBe(full[7]);
    expect(a.stats().pools.used).toBe(1);
    for (const p of full) a.free(p);
    a.check();
    expect(a.stats().totals.inUseBytes).toBe(0);
  });

  it("a retained pool is given back before memory grows for a large block", async () => {
    const a = await createAllocator();
    a.free(a.malloc(100));
    a.check();
    const big = a.malloc(8 << 20);
    a.check();
    a.free(big);
    a.check();
  });

  it("a heap using every size class costs a few pages, not a 16 KiB pool per class", async () => {
    const a = await createAllocator();
    const before = a.stats().memory.bytes;
    for (let n = 16; n <= 512; n += 16) for (let i = 0; i < 3; i++) a.malloc(n);
    const s = a.stats();
    expect(s.pools.used).toBe(32);
    expect(s.pools.used * s.geometry.poolSize).toBe(32 * POOL);
    expect(s.memory.bytes - before).toBeLessThanOrEqual(256 * 1024);
    a.check();
  });

  it("free of an address inside pymalloc's statics or a pool header is refused", async () => {
    const a = await createAllocator();
    const p = a.malloc(32);
    const pool = p - (p % POOL);
    for (const bad of [pool, pool + 16, pool + 32, 8, 1024, 4096]) {
      expect(() => a.free(bad)).toThrow(ReferenceError);
    }
    a.check();
    a.free(p);
  });
});

describe("arenas tile the heap", () => {
  // An arena's raw block ends a block header short of its last pool, so
  // the next arena starts right after it, on a pool boundary; that last
  // pool's blocks end before the next block's header. A class whose blocks
  // fill a pool exactly (64 bytes: 63 in 4032) has one block fewer there.
  for (const build of ["release", "debug", "legacy"] as const) {
    it(`${build}: consecutive arenas are adjacent, and the short last pool holds what fits`, async () => {
      const a = await createAllocator({ build });
      const ex = a.exports as MapExports;
      // request n -> a block of `size` bytes (the debug build's guards add
      // 16 bytes on either side: the program's bytes start `lead` in)
      const { n, size, header, lead } = build === "legacy" ? { n: 32, size: 32, header: 96, lead: 0 }
        : build === "debug" ? { n: 32, size: 64, header: 64, lead: 16 } : { n: 64, size: 64, header: 64, lead: 0 };
      const full = (POOL - header) / size;
      expect(Number.isInteger(full)).toBe(true);
      const ps: number[] = [];
      while (readHeapMap(ex).arenas.length < 2) ps.push(a.malloc(n));
      const [first, second] = readHeapMap(ex).arenas;
      expect(second.base - first.base).toBe(first.totalPools * POOL);
      expect(first.totalPools).toBe(64);
      const caps = first.pools.map((p) => p.capacity);
      expect(caps.slice(0, -1).every((c) => c === full)).toBe(true);
      expect(caps[caps.length - 1]).toBe(full - 1);
      // every byte of every block in the short pool is the program's
      const last = first.base + (first.totalPools - 1) * POOL;
      const inLast = ps.filter((p) => p >= last && p < last + POOL);
      expect(inLast.length).toBe(full - 1);
      for (const p of inLast) {
        expect(p - lead + size).toBeLessThanOrEqual(second.base - 8);
        a.u8.fill(0xa5, p, p + n);
      }
      a.check();
      const s = a.stats();
      expect(s.small.allocatedBytes + s.small.availableBytes + s.small.poolHeaderBytes
        + s.small.quantizationBytes + s.small.emptyPoolBytes).toBe((s.pools.used + s.pools.empty) * POOL);
      expect(s.totals.inUseBytes + s.totals.freeBytes + s.totals.overheadBytes).toBe(s.memory.bytes);
      for (const p of ps) a.free(p);
      a.flushQuarantine();
      a.check();
      expect(a.stats().totals.inUseBytes).toBe(0);
      // the emptied short pool serves another class from scratch
      const again: number[] = [];
      for (let i = 0; i < 64 * full; i++) again.push(a.malloc(16));
      a.check();
      for (const p of again) a.free(p);
      a.check();
    });
  }
});

describe("debug-build asserts at pool transitions", () => {
  // A pool of the 64-byte class (the debug build's guards take a 32-byte
  // request there) whose ref count is corrupted just before its last free
  // block is taken: the full-pool transition asserts ref == capacity.
  const fillButOne = async (build: "debug" | "release") => {
    const a = await createAllocator({ build });
    const n = build === "debug" ? 32 : 64;
    const first = a.malloc(n);
    const pool = first - (first % POOL);
    for (let i = 1; i < Math.floor((POOL - 64) / 64) - 1; i++) expect(a.malloc(n) - pool).toBeLessThan(POOL);
    a.u32[pool / 4] = 0; // the pool header's ref
    return { a, n };
  };

  it("debug: a corrupted pool header traps at the transition, not later at check()", async () => {
    const { a, n } = await fillButOne("debug");
    expect(() => a.malloc(n)).toThrow(WebAssembly.RuntimeError);
  });

  it("release: the asserts are compiled away (check() finds the corruption instead)", async () => {
    const { a, n } = await fillButOne("release");
    expect(a.malloc(n)).toBeGreaterThan(0);
    expect(() => a.check()).toThrow(/heap invariant broken/);
  });
});

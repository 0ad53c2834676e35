// README sentences no other test checked: each test names the one it
// holds to.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { createAllocator } from "../src/index.js";
import { withHeap } from "./heap.helpers.js";
import { readHeapMap, type MapExports } from "../src/map/read.js";
// @ts-ignore: plain JS
import { loadThingMalloc } from "../bench/lib/thing-malloc.js";
// @ts-ignore: plain JS
import { probeThingDefects } from "../bench/lib/thing-probe.js";

describe("README promises", () => {
  it("\"A full collection empties the free lists\" (a young one leaves them)", () =>
    withHeap((heap) => {
      for (const f of Array.from({ length: 50 }, (_, i) => heap.float(i + 0.5))) heap.decref(f);
      const lists = Array.from({ length: 10 }, () => heap.list());
      for (const l of lists) heap.decref(l);
      expect(heap.memoryInfo().freeListObjects).toBe(60);
      heap.gc.collect(0);
      heap.gc.collect(1);
      expect(heap.memoryInfo().freeListObjects).toBe(60);
      heap.gc.collect();
      expect(heap.memoryInfo().freeListObjects).toBe(0);
    }));

  for (const build of ["release", "debug", "legacy"] as const) {
    it(`C ABI (${build}): realloc(0, n) is malloc(n), calloc zeroes and gives 0 on overflow, free(0) does nothing, aligned_alloc takes powers of two`, async () => {
      const a = await createAllocator({ build });
      const ex = a.exports;
      const align = build === "legacy" ? 8 : 16;
      const p = ex.realloc(0, 100) >>> 0;
      expect(p).not.toBe(0);
      expect(p % align).toBe(0);
      expect(ex.malloc_usable_size(p) >>> 0).toBeGreaterThanOrEqual(100);
      a.u8.fill(0xee, p, p + 100);
      ex.free(p);
      const q = ex.calloc(10, 10) >>> 0;
      expect([...a.u8.subarray(q, q + 100)].every((b) => b === 0)).toBe(true);
      expect(ex.calloc(0x10000, 0x10000)).toBe(0);
      const before = a.stats().totals.inUseBytes;
      ex.free(0);
      expect(ex.pyheap_free(0)).toBe(0); // the code free(0) would have recorded
      expect(a.stats().totals.inUseBytes).toBe(before);
      for (const al of [32, 64, 4096]) {
        const r = ex.aligned_alloc(al, 40) >>> 0;
        expect(r % al).toBe(0);
        ex.free(r);
      }
      expect(ex.aligned_alloc(48, 40)).toBe(0);
      ex.free(q);
      a.check();
      a.close();
    });
  }

  it("\"@thi.ng/malloc: its realloc leaks moved blocks and corrupts the pool when shrinking the top block (reproduced in bench/lib/thing-probe.js)\"", async () => {
    const thing = await loadThingMalloc(); // a devDependency
    expect(thing).not.toBeNull();
    const probes: { id: string; reproduced: boolean; detail: string }[] = probeThingDefects(thing.MemPool);
    expect(probes.map((p) => [p.id, p.reproduced])).toEqual([
      ["realloc-move-leaks", true], ["realloc-shrink-overlaps", true],
    ]);
  });

  it("\"arenas sorted fullest first (nfp2lasta)\": a new pool is cut from the usable arena with the fewest free pools", async () => {
    const a = await createAllocator();
    const ex = a.exports as MapExports;
    const size = 512;
    // Fill arenas until a fourth one is cut: the first three are then full.
    const ps: number[] = [];
    while (a.stats().arenas.current < 4) ps.push(a.malloc(size));
    const map = readHeapMap(ex);
    const { poolSize } = map.stats.geometry;
    const arenaOf = (p: number) => map.arenas.findIndex((ar) => p >= ar.base && p < ar.base + ar.totalPools * poolSize);
    const poolOf = (p: number) => p - ((p - map.arenas[arenaOf(p)].base) % poolSize);
    const byArena = [0, 1, 2].map((i) => ps.filter((p) => arenaOf(p) === i));
    // The fourth arena's only block goes: that arena is wholly free again.
    a.free(ps.pop()!);
    // Empty 10 whole pools of the first arena, 5 of the second, 20 of the third.
    const emptied = [10, 5, 20].map((n, i) => {
      const pools = [...new Set(byArena[i].map(poolOf))].slice(0, n);
      for (const p of byArena[i]) if (pools.includes(poolOf(p))) a.free(p);
      return pools;
    });
    // The pool emptied last stays on usedpools (the class's only pool
    // there): its 7 blocks are handed out first.
    const last = emptied[2].at(-1)!;
    const refill = Array.from({ length: map.arenas[0].pools[0].capacity }, () => a.malloc(size));
    expect(new Set(refill.map(poolOf))).toEqual(new Set([last]));
    // Every used pool of the class is full now: a new pool is cut from the
    // usable arena with the fewest free pools, the second (5), not the
    // first (10), the third (19) or the wholly free fourth.
    expect(arenaOf(a.malloc(size))).toBe(1);
    a.check();
    a.close();
  });

  it("\"a stamp comes round again only after 65,535 objects\"", () =>
    withHeap((heap) => {
      const stamp = (r: number) => Math.floor(r / 2 ** 32);
      const x = heap.float(1.5);
      const sx = stamp(x);
      heap.decref(x);
      const seen = new Set<number>();
      for (let i = 0; i < 65_534; i++) {
        const f = heap.float(i + 0.25); // the float free list: x's memory each time
        seen.add(stamp(f));
        heap.decref(f);
      }
      expect(seen.size).toBe(65_534);
      expect(seen.has(sx)).toBe(false);
      expect(seen.has(0)).toBe(false); // the static objects' stamp
      expect(() => heap.decref(x)).toThrow(ReferenceError); // still stale
      const y = heap.float(2.5); // the 65,535th object after x
      expect(stamp(y)).toBe(sx);
      heap.decref(y);
    }));

  it("\"Instances, classes, functions and sets can be weakly referenced ...; list, dict, int, str and tuple cannot (TypeError)\"", () =>
    withHeap((heap) => {
      const A = heap.newClass("A");
      const can = [heap.instance(A), A, heap.func("f"), heap.set()];
      for (const o of can) {
        const w = heap.weakref.ref(o);
        const r = heap.weakref.deref(w);
        expect(heap.is(r, o), heap.typeName(o)).toBe(true);
        heap.decref(r);
        heap.decref(w);
      }
      const cannot = [heap.list(), heap.dict(), heap.int(1000), heap.str("not weak"), heap.tuple([heap.None])];
      for (const o of cannot) {
        const t = heap.typeName(o);
        expect(() => heap.weakref.ref(o), t).toThrow(new TypeError(`weakref.ref: cannot create weak reference to '${t}' object`));
      }
      for (const o of [...can, ...cannot]) heap.decref(o);
    }));

  it("\"Benchmark: `npx tsx bench/objects/tuples.ts`\" and \"`npx tsx bench/objects/gc.ts`\" run (with a small N) and print their comparisons", () => {
    const tsx = new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url).pathname;
    const run = (script: string, n: number) =>
      execFileSync(process.execPath, [tsx, script, String(n)], { cwd: new URL("..", import.meta.url).pathname, encoding: "utf8", stdio: "pipe" });
    const tuples = run("bench/objects/tuples.ts", 20_000);
    expect(tuples).toMatch(/facade \/ CPython, t = \(a, b\): [\d.]+x/);
    expect(tuples).toMatch(/incref\+decref pair: [\d.]+ ns/);
    const gc = run("bench/objects/gc.ts", 5_000);
    expect(gc).toMatch(/full collection, 5,000 live containers +[\d.]+ ms +CPython +[\d.]+ ms +ratio [\d.]+x/);
    expect(gc).toMatch(/young collection/);
  });
});

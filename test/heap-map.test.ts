// The heap map (assembly/map.ts, src/map/): what it reads agrees with the
// statistics walk and the collector, for an allocator, a heap and a C
// program on the shared build; a closed, corrupt or map-less heap is drawn
// as a message, never thrown. (The page itself: test/explorer.test.ts.)
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { createAllocator, createHeap, instantiateShared, renderHeapMap, type HeapMapData } from "../src/index.js";
import { readHeapMap, readPoolBlocks, type MapExports } from "../src/map/read.js";
import type { MallocStats } from "../src/stats.js";
import { rng } from "./helpers/random.js";

const root = new URL("..", import.meta.url).pathname;

/** Enough of a DOM element for renderHeapMap in Node. */
function fakeElement() {
  const listeners: EventListener[] = [];
  return {
    innerHTML: "",
    setAttribute() {},
    addEventListener: (_: string, f: EventListener) => listeners.push(f),
    removeEventListener: (_: string, f: EventListener) => listeners.splice(listeners.indexOf(f), 1),
    listeners,
  };
}
const field = (html: string, name: string) => {
  const m = html.match(new RegExp(`data-field="${name.replace(".", "\\.")}">([^<]*)<`));
  return m ? Number(m[1].replace(/,/g, "")) : NaN;
};

/** The map against the statistics: blocks tile the heap, and the pools and
 *  their blocks add up to the per-class figures. */
function agrees(d: HeapMapData, s: MallocStats, ex: MapExports) {
  let at = d.heapStart;
  for (const b of d.blocks) {
    expect(b.start).toBe(at);
    expect(b.size % 16).toBe(0);
    at += b.size;
  }
  expect(d.heapTop).toBe(at);
  // the last arena may reach past the memory: its pools are committed as cut
  expect(d.heapTop).toBeLessThanOrEqual(s.memory.bytes + s.geometry.arenaSize);
  expect(d.blocks.filter((b) => b.kind === "used").length).toBe(s.large.usedBlocks);
  expect(d.blocks.filter((b) => b.kind === "free").length).toBe(s.large.freeBlocks);
  expect(d.arenas.length).toBe(s.arenas.current);
  const pools = d.arenas.flatMap((a) => a.pools);
  expect(pools.filter((p) => p.sizeClass >= 0).length).toBe(s.pools.used);
  expect(pools.filter((p) => p.sizeClass < 0).length).toBe(s.pools.empty);
  expect(d.arenas.reduce((n, a) => n + a.totalPools - a.pools.length, 0)).toBe(s.pools.untouched);
  for (const c of s.classes) {
    const mine = pools.filter((p) => p.sizeClass === c.index);
    expect(mine.length).toBe(c.pools);
    expect(mine.reduce((n, p) => n + p.used, 0)).toBe(c.blocksInUse);
    expect(mine.reduce((n, p) => n + p.capacity - p.used, 0)).toBe(c.availableBlocks);
  }
  for (const p of pools.filter((q) => q.sizeClass >= 0)) {
    const blocks = readPoolBlocks(ex, p.address, p.blockSize)!;
    expect(blocks.states.length).toBe(p.capacity);
    expect(blocks.states.filter((x) => x === "live").length).toBe(p.used);
  }
  // every arena block of the raw layer holds one arena
  const arenaBlocks = d.blocks.filter((b) => b.kind === "arena");
  expect(arenaBlocks.length).toBe(d.arenas.length);
  for (const a of d.arenas) expect(arenaBlocks.some((b) => a.base >= b.start && a.base < b.start + b.size)).toBe(true);
}

describe("heap map", () => {
  it("an allocator's map agrees with stats() through random allocations and frees", async () => {
    for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
      const a = await createAllocator({ build });
      const rand = rng(15 + build.length);
      const live: number[] = [];
      for (let step = 0; step < 6; step++) {
        for (let i = 0; i < 1500; i++) {
          if (live.length && rand.chance(0.45)) a.free(live.splice(rand.below(live.length), 1)[0]);
          else live.push(a.malloc(rand.chance(0.85) ? 1 + rand.below(512) : 513 + rand.below(20000)));
        }
        agrees(readHeapMap(a.exports as MapExports), a.stats(), a.exports as MapExports);
      }
      a.check();
    }
  });

  for (const build of ["release", "unchecked"] as const) it(`${build}: a pool's blocks: live where the program holds a block, and nothing for a non-pool`, async () => {
    const a = await createAllocator({ build });
    const ex = a.exports as MapExports;
    const ps = Array.from({ length: 10 }, () => a.malloc(40));
    a.free(ps[3]);
    const d = readHeapMap(ex);
    const pool = d.arenas[0].pools.find((p) => p.blockSize === 48)!;
    const blocks = readPoolBlocks(ex, pool.address, 48)!;
    const index = (p: number) => (p - blocks.firstBlock) / 48;
    expect(blocks.states[index(ps[2])]).toBe("live");
    expect(blocks.states[index(ps[3])]).toBe("free");
    expect(blocks.states.filter((x) => x === "live").length).toBe(9);
    const big = a.malloc(5000);
    for (const bad of [0, 12345, pool.address + 16, big, big & ~4095, 0xfffff000, d.heapTop + 4096]) {
      expect(readPoolBlocks(ex, bad, 48), `0x${bad.toString(16)}`).toBeNull();
    }
    a.check();
  });

  it("renderHeapMap draws a heap's generations as gc.getCount() and getFreezeCount() say", async () => {
    const heap = await createHeap({ gcThresholds: [700, 10, 10] });
    const el = fakeElement();
    const view = renderHeapMap(heap, el as unknown as Element);
    const keep = heap.list();
    for (let i = 0; i < 1000; i++) {
      const l = heap.list();
      heap.append(l, l);
      if (i % 3 === 0) heap.append(keep, l);
      heap.decref(l);
    }
    heap.gc.freeze();
    for (let i = 0; i < 20; i++) heap.decref(heap.dict([[heap.int(i), heap.None]]));
    const d = view.update()!;
    expect(view.error).toBeNull();
    const count = heap.gc.getCount();
    for (let g = 0; g < 3; g++) expect(field(el.innerHTML, `gen${g}.count`)).toBe(count[g]);
    expect(field(el.innerHTML, "gen3.objects")).toBe(heap.gc.getFreezeCount());
    expect(view.generations!.objects[3]).toBeGreaterThan(300);
    const info = heap.memoryInfo();
    expect(field(el.innerHTML, "memoryBytes")).toBe(info.wasmMemoryBytes);
    expect(field(el.innerHTML, "inUse")).toBe(info.bytesInUse);
    expect(field(el.innerHTML, "arenas")).toBe(info.arenas);
    expect(field(el.innerHTML, "poolsUsed")).toBe(info.pools);
    agrees(d, d.stats, heap.exports as unknown as MapExports);
    // the timeline has a point per update, and sees the collections
    expect(view.timeline.length).toBe(2);
    expect(view.timeline[1].collections).toBeGreaterThan(view.timeline[0].collections);
    heap.decref(keep);
    heap.close();
  });

  it("a C program on the shared build (binary-trees) is mapped as it runs", async () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const heap = await instantiateShared({ memory, heap: "shared" });
    const el = fakeElement();
    // Drawn from the first free on, after the client's pyheap_init.
    let view: ReturnType<typeof renderHeapMap> | undefined;
    let maps = 0;
    const ex = heap.exports;
    const client = await WebAssembly.instantiate(readFileSync(`${root}examples/c-client/binary_trees.wasm`), {
      env: { memory, write: () => {} },
      pyheap: {
        ...ex,
        // map the heap every 5000th free, mid-run
        free: (p: number) => {
          ex.free(p);
          if (++maps % 5000 === 1) {
            view ??= renderHeapMap(heap, el as unknown as Element);
            const d = view.update()!;
            expect(view.error).toBeNull();
            agrees(d, heap.stats(), ex as MapExports);
          }
        },
      },
    });
    expect((client.instance.exports.run as (n: number) => number)(8)).toBe(0);
    expect(maps).toBeGreaterThan(10_000);
    expect(view!.timeline.length).toBeGreaterThan(2);
    expect(field(el.innerHTML, "arenas")).toBe(heap.stats().arenas.current);
    expect(el.innerHTML).toContain("no cycle collector");
  });

  it("on the shared build a map or stats() before pyheap_init does not spoil init, nor hide an overlap", async () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    const heap = await instantiateShared({ memory, heap: "shared" });
    const view = renderHeapMap(heap, fakeElement() as unknown as Element);
    view.update();
    expect(view.error).toBeNull();
    expect(heap.stats().arenas.current).toBe(0);
    heap.init(0x20000);
    const p = heap.exports.malloc(100);
    expect(p).toBeGreaterThanOrEqual(0x20000);
    agrees(view.update()!, heap.stats(), heap.exports as MapExports);
    heap.exports.free(p);
    heap.check();
    // a client's write into pyheap's data is still caught after a map
    const other = await instantiateShared({ memory: new WebAssembly.Memory({ initial: 4 }), heap: "shared" });
    renderHeapMap(other, fakeElement() as unknown as Element).update();
    const records = (other.exports as MapExports).pyheap_map_block_record();
    expect(records).toBeGreaterThan(other.dataStart + 103); // the write below is not the map's own
    new Uint8Array(other.memory.buffer).set([1, 2, 3], other.dataStart + 100);
    expect(() => other.init(0x20000)).toThrow(/was overwritten since instantiation/);
  });

  it("draws a message, never throws, for a closed heap, a corrupt one, and build/malloc.wasm", async () => {
    const a = await createAllocator();
    const el = fakeElement();
    const view = renderHeapMap(a, el as unknown as Element);
    expect(view.error).toBeNull();
    const p = a.malloc(24);
    const pool = p - (p % 4096);
    a.u8.fill(0xab, pool, pool + 32);
    expect(view.update()).toBeNull();
    expect(view.error).toMatch(/the heap is corrupt, so it is not drawn\. HeapCorruptionError: check\(\): heap invariant broken at 0x/);
    expect(el.innerHTML).toMatch(/role="alert"[^>]*>pyheap heap map: the heap is corrupt/);
    expect(view.data).toBeNull();

    const heap = await createHeap();
    const hv = renderHeapMap(heap, fakeElement() as unknown as Element);
    heap.close();
    expect(hv.update()).toBeNull();
    expect(hv.error).toBe("pyheap heap map: pyheap: this heap was closed; nothing to draw");
    hv.selectPool(1234); // still no throw
    expect(hv.error).toMatch(/closed/);

    const m = await instantiateShared({ memory: new WebAssembly.Memory({ initial: 2 }), base: 0x10000 });
    const mv = renderHeapMap(m, fakeElement() as unknown as Element);
    expect(mv.error).toMatch(/no map exports \(build\/malloc\.wasm\)/);

    expect(() => renderHeapMap(a, null as unknown as Element)).toThrow(TypeError);
  });
});

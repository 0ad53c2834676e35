// build/malloc.wasm (assembly/malloc.ts): the allocator alone, importing
// its memory. Its size, that it exports exactly the allocator's part of
// shared.wasm, and that it works on a memory that was not zero.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { instantiateShared, ErrorCode } from "../src/index.js";

const root = new URL("..", import.meta.url).pathname;
const bytes = readFileSync(join(root, "build/malloc.wasm"));
const mod = new WebAssembly.Module(bytes);

/** Ids of the module's sections, in order. */
function sectionIds(b: Uint8Array): number[] {
  const ids: number[] = [];
  let i = 8;
  while (i < b.length) {
    ids.push(b[i++]);
    let n = 0, shift = 0, x: number;
    do { x = b[i++]; n |= (x & 0x7f) << shift; shift += 7; } while (x & 0x80);
    i += n >>> 0;
  }
  return ids;
}

describe("build/malloc.wasm", () => {
  it("is at most 13.5 kB, about dlmalloc's size (wasi-libc's: 12.4 kB)", () => {
    expect(bytes.length).toBeLessThanOrEqual(13.5 * 1024);
    expect(gzipSync(bytes, { level: 9 }).length).toBeLessThan(6 * 1024);
  });

  it("keeps its statics small: the debug build's quarantine ring is not reserved", async () => {
    const memory = new WebAssembly.Memory({ initial: 2 });
    const ex = (await WebAssembly.instantiate(mod, { env: { memory } })).exports as Record<string, () => number>;
    expect(ex.pyheap_data_end() - ex.pyheap_data_start()).toBeLessThanOrEqual(6 * 1024);
  });

  it("has no data segment (its start code zeroes its statics instead)", () => {
    expect(sectionIds(bytes)).not.toContain(11);
  });

  it("imports only env.memory and exports shared.wasm's allocator functions", () => {
    expect(WebAssembly.Module.imports(mod)).toEqual([{ module: "env", name: "memory", kind: "memory" }]);
    const shared = new WebAssembly.Module(readFileSync(join(root, "build/shared.wasm")));
    const allocatorPart = WebAssembly.Module.exports(shared)
      .filter((e) => e.kind === "function" && !/^(pyobj_|Py_|pygc_|pyheap_gc|pyheap_obj)/.test(e.name))
      .map((e) => e.name);
    const names = WebAssembly.Module.exports(mod).filter((e) => e.kind === "function").map((e) => e.name);
    for (const n of ["malloc", "calloc", "realloc", "free", "aligned_alloc", "malloc_usable_size",
      "pyheap_init", "pyheap_check", "pyheap_stats", "cabi_realloc"]) {
      expect(names).toContain(n);
    }
    for (const n of names) expect(allocatorPart).toContain(n);
  });

  it("works on a memory full of garbage, against a model of live blocks", async () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    new Uint8Array(memory.buffer).fill(0xa5);
    const heap = await instantiateShared({ memory, heap: "malloc", base: 0x20000 });
    const ex = heap.exports;
    const live = new Map<number, [number, number]>(); // ptr -> [size, byte]
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    for (let i = 0; i < 20000; i++) {
      const u8 = () => new Uint8Array(memory.buffer);
      if (live.size && rnd(3) === 0) {
        const ptrs = [...live.keys()];
        const p = ptrs[rnd(ptrs.length)];
        const [n, b] = live.get(p)!;
        expect(u8().subarray(p, p + n).every((x) => x === b)).toBe(true);
        if (rnd(2)) { ex.free(p); live.delete(p); continue; }
        const m = rnd(4) ? rnd(600) : rnd(70000);
        const q = ex.realloc(p, m);
        expect(q).not.toBe(0);
        expect(u8().subarray(q, q + Math.min(n, m)).every((x) => x === b)).toBe(true);
        live.delete(p);
        u8().fill(i & 0xff, q, q + m);
        live.set(q, [m, i & 0xff]);
      } else {
        const n = rnd(5) ? rnd(520) : rnd(100000);
        const p = rnd(4) ? ex.malloc(n) : ex.calloc(1, n);
        expect(p).toBeGreaterThanOrEqual(0x20000);
        expect(p % 16).toBe(0);
        u8().fill(i & 0xff, p, p + n);
        live.set(p, [n, i & 0xff]);
      }
    }
    heap.check();
    expect(heap.stats().totals.inUseBytes).toBeGreaterThan(0);
    for (const p of live.keys()) ex.free(p);
    heap.check();
    expect(heap.stats().totals.inUseBytes).toBe(0);
  });

  it("a second pyheap_init is refused with a message that says so", async () => {
    const heap = await instantiateShared({ memory: new WebAssembly.Memory({ initial: 4 }), base: 0x20000 });
    expect(() => heap.init(0x30000)).toThrow(/pyheap_init was already called/);
    expect(heap.exports.pyheap_init(0x30000, 0)).toBe(ErrorCode.BAD_REGION);
    expect(heap.exports.pyheap_last_error_size()).toBe(0);
    expect(heap.exports.malloc(10)).toBeGreaterThanOrEqual(0x20000); // the first region stands
  });
});

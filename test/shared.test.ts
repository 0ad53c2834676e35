// The shared-memory build (build/shared.wasm, assembly/shared.ts) and its
// facade instantiateShared(): bad regions refused at start, every block
// inside [base, limit), and a second module writing into pyheap's blocks.
import { describe, it, expect } from "vitest";
import { instantiateShared, ErrorCode, HeapCorruptionError } from "../src/index.js";

const PAGE = 65536;
const memoryOf = (pages: number, maximum?: number) =>
  new WebAssembly.Memory(maximum === undefined ? { initial: pages } : { initial: pages, maximum });

// A client assembled by hand (no toolchain needed): it imports env.memory
// and pyheap.malloc and exports fill(n, byte), which allocates n bytes and
// fills them with `byte` using memory.fill; 0 if malloc failed.
function clientModule(): Uint8Array {
  const str = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  const section = (id: number, body: number[]) => [id, body.length, ...body];
  const I32 = 0x7f;
  const body = [
    1, 1, I32, // one local: p
    0x20, 0, 0x10, 0, 0x21, 2, // p = malloc(n)
    0x20, 2, 0x45, 0x04, 0x40, 0x41, 0, 0x0f, 0x0b, // if (!p) return 0
    0x20, 2, 0x20, 1, 0x20, 0, 0xfc, 0x0b, 0, // memory.fill(p, byte, n)
    0x20, 2, 0x0b, // return p
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [2, 0x60, 1, I32, 1, I32, 0x60, 2, I32, I32, 1, I32]),
    ...section(2, [2, ...str("env"), ...str("memory"), 2, 0, 1,
      ...str("pyheap"), ...str("malloc"), 0, 0]),
    ...section(3, [1, 1]),
    ...section(7, [1, ...str("fill"), 0, 1]),
    ...section(10, [1, body.length, ...body]),
  ]);
}

describe("instantiateShared: bad input at start", () => {
  it("refuses what is not a memory, and a memory too small for pyheap's data", async () => {
    await expect(instantiateShared({ memory: {} as WebAssembly.Memory })).rejects.toThrow(TypeError);
    await expect(instantiateShared({ memory: memoryOf(0) })).rejects.toThrow(/memory too small/);
  });

  it("refuses a base inside pyheap's own data", async () => {
    await expect(instantiateShared({ memory: memoryOf(4), base: 2048 }))
      .rejects.toThrow(/base is inside pyheap's own data \[0x00000400, 0x0000/);
  });

  it("refuses a limit below or too close to the base, below the memory, or past its maximum", async () => {
    await expect(instantiateShared({ memory: memoryOf(4), base: 0x40000, limit: 0x30000 }))
      .rejects.toThrow(/limit must be at least base \+ 64 KiB/);
    await expect(instantiateShared({ memory: memoryOf(4), base: 0x40000, limit: 0x40000 + 1000 }))
      .rejects.toThrow(/limit must be at least base \+ 64 KiB/);
    await expect(instantiateShared({ memory: memoryOf(8), base: 0x20000, limit: 0x60000 }))
      .rejects.toThrow(/already has 524288 bytes, past the limit/);
    await expect(instantiateShared({ memory: memoryOf(4, 16), maximumPages: 16, base: 0x20000, limit: 0x200000 }))
      .rejects.toThrow(/beyond the memory's maximum \(16 pages\)/);
    await expect(instantiateShared({ memory: memoryOf(4), base: 0x20000, limit: 2 ** 32 + PAGE }))
      .rejects.toThrow(RangeError);
    await expect(instantiateShared({ memory: memoryOf(4), limit: 0x200000 })).rejects.toThrow(TypeError);
  });

  it("the module itself refuses the same regions with ERR_BAD_REGION, naming value and bound", async () => {
    const heap = await instantiateShared({ memory: memoryOf(4) });
    const ex = heap.exports;
    const refused = (base: number, limit: number) => {
      const code = ex.pyheap_init(base, limit);
      return [code, ex.pyheap_last_error_address(), ex.pyheap_last_error_size()];
    };
    expect(heap.dataStart).toBe(1024);
    expect(heap.dataEnd).toBeLessThanOrEqual(PAGE);
    expect(refused(heap.dataEnd - 16, 0)).toEqual([ErrorCode.BAD_REGION, heap.dataEnd - 16, heap.dataEnd]);
    expect(refused(0x40000, 0x30000)).toEqual([ErrorCode.BAD_REGION, 0x30000, 0x50000]);
    expect(refused(0x10000, 0x30000)).toEqual([ErrorCode.BAD_REGION, 0x30000, 4 * PAGE]);
    expect(ex.pyheap_init(0x40000, 0x80000)).toBe(ErrorCode.OK);
  });

  it("allocation before init fails cleanly and writes nothing", async () => {
    const memory = memoryOf(4);
    const heap = await instantiateShared({ memory });
    const before = new Uint8Array(memory.buffer).slice();
    expect(heap.exports.malloc(100)).toBe(0);
    expect(heap.exports.malloc(100_000)).toBe(0);
    expect(heap.exports.pyheap_last_error()).toBe(ErrorCode.OUT_OF_MEMORY);
    expect(Buffer.compare(new Uint8Array(memory.buffer), before)).toBe(0);
    heap.init(0x20000);
    expect(heap.exports.malloc(100)).toBeGreaterThanOrEqual(0x20000);
    heap.check();
  });

  it("init after allocation started is refused; the heap keeps working", async () => {
    const heap = await instantiateShared({ memory: memoryOf(4), base: 0x20000 });
    const p = heap.exports.malloc(40);
    expect(() => heap.init(0x30000)).toThrow(/pyheap_init was already called/);
    heap.exports.free(p);
    heap.check();
  });

  it("data overwritten after instantiation (an overlapping module) is caught at init", async () => {
    const memory = memoryOf(4);
    const heap = await instantiateShared({ memory });
    new Uint8Array(memory.buffer).set([1, 2, 3], heap.dataStart + 100);
    expect(() => heap.init(0x20000)).toThrow(HeapCorruptionError);
    expect(() => heap.init(0x20000)).toThrow(/was overwritten since instantiation/);
  });

  it("one pyheap per memory", async () => {
    const memory = memoryOf(4);
    await instantiateShared({ memory });
    await expect(instantiateShared({ memory })).rejects.toThrow(/already holds a pyheap/);
  });
});

describe("the heap's region", () => {
  it("every block lies inside [base, limit), and the memory never grows past the limit", async () => {
    const memory = memoryOf(3);
    const base = 0x24010, limit = 0x400000; // 4 MiB
    const heap = await instantiateShared({ memory, base, limit });
    const ex = heap.exports;
    const blocks: number[] = [];
    let seed = 1;
    for (;;) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = seed % 7 === 0 ? 4000 + (seed % 60000) : seed % 600;
      const p = ex.malloc(n);
      if (p === 0) break;
      expect(p).toBeGreaterThanOrEqual(base);
      expect(p + ex.malloc_usable_size(p)).toBeLessThanOrEqual(limit);
      blocks.push(p);
    }
    expect(ex.pyheap_last_error()).toBe(ErrorCode.OUT_OF_MEMORY);
    expect(memory.buffer.byteLength).toBeLessThanOrEqual(limit);
    expect(blocks.length).toBeGreaterThan(100);
    heap.check();
    for (const p of blocks) ex.free(p);
    heap.check();
    expect(heap.stats().totals.inUseBytes).toBe(0);
  });

  it("pages another module grows past the limit are never used", async () => {
    const memory = memoryOf(3);
    const base = 0x24010, limit = 0x200000; // 2 MiB
    const heap = await instantiateShared({ memory, base, limit });
    const ex = heap.exports;
    memory.grow(96); // the host grows the memory to 8 MiB behind pyheap's back
    const blocks: number[] = [];
    for (let p = ex.malloc(20_000); p !== 0; p = ex.malloc(20_000)) {
      expect(p + ex.malloc_usable_size(p)).toBeLessThanOrEqual(limit);
      blocks.push(p);
    }
    expect(ex.pyheap_last_error()).toBe(ErrorCode.OUT_OF_MEMORY);
    expect(blocks.length).toBeGreaterThan(50);
    heap.check();
  });

  it("cabi_realloc honours alignments above 16 and keeps contents", async () => {
    const memory = memoryOf(3);
    const heap = await instantiateShared({ memory, base: 0x20000 });
    const ex = heap.exports;
    const p = ex.cabi_realloc(0, 0, 256, 100);
    expect(p % 256).toBe(0);
    new Uint8Array(memory.buffer).fill(7, p, p + 100);
    const q = ex.cabi_realloc(p, 100, 256, 5000);
    expect(q % 256).toBe(0);
    expect([...new Uint8Array(memory.buffer, q, 100)].every((b) => b === 7)).toBe(true);
    const r = ex.cabi_realloc(q, 5000, 8, 50000);
    expect(r % 16).toBe(0);
    expect(new Uint8Array(memory.buffer)[r + 99]).toBe(7);
    expect(() => ex.cabi_realloc(12345, 10, 256, 10)).toThrow(WebAssembly.RuntimeError); // not a block: traps
    ex.free(r);
    heap.check();
  });
});

describe("two modules, one memory", () => {
  it("a client module fills blocks pyheap hands it; the heap stays intact", async () => {
    const memory = memoryOf(2);
    const heap = await instantiateShared({ memory, base: 0x10000 });
    const client = await WebAssembly.instantiate(clientModule(), { env: { memory }, pyheap: heap.exports });
    const fill = client.instance.exports.fill as (n: number, byte: number) => number;
    const blocks: [number, number, number][] = [];
    for (let i = 0; i < 2000; i++) {
      const n = (i * 37) % 3000, byte = i & 0xff;
      blocks.push([fill(n, byte), n, byte]);
    }
    const u8 = new Uint8Array(memory.buffer); // after the last grow
    for (const [p, n, byte] of blocks) {
      expect(p).toBeGreaterThanOrEqual(0x10000);
      expect(u8.subarray(p, p + n).every((b) => b === byte)).toBe(true);
    }
    heap.check();
    for (const [p] of blocks.filter((_, i) => i % 2)) heap.exports.free(p);
    heap.check();
    expect(heap.stats().totals.inUseBytes).toBeGreaterThan(0);
  });
});

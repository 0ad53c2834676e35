// Bad input gets a clear error and loses nothing: foreign pointers, double
// frees, absurd sizes, memory exhaustion. After each, every live block is
// intact and the heap still works.
import { describe, it, expect, beforeEach } from "vitest";
import { createAllocator, createHeap, tracemallocFor, MemoryError, HeapCorruptionError, ErrorCode, type Allocator } from "../src/index.js";

// Live blocks with known contents, to prove nothing was lost.
function population(a: Allocator) {
  const blocks: { p: number; n: number; v: number }[] = [];
  for (let i = 0; i < 200; i++) {
    const n = i % 10 === 0 ? 1000 + i * 37 : 8 + (i * 13) % 500;
    const p = a.malloc(n);
    a.u8.fill(i & 0xff, p, p + n);
    blocks.push({ p, n, v: i & 0xff });
  }
  return {
    blocks,
    intact() {
      for (const b of blocks) {
        const bytes = a.u8.subarray(b.p, b.p + b.n);
        expect(bytes.every((x) => x === b.v)).toBe(true);
      }
      a.check();
    },
  };
}

for (const build of ["release", "debug"] as const) {
  describe(`bad input (${build} build)`, () => {
    let a: Allocator;
    let pop: ReturnType<typeof population>;
    beforeEach(async () => {
      a = await createAllocator({ build });
      pop = population(a);
    });

    it("free(0) does nothing", () => {
      a.free(0);
      pop.intact();
    });

    it("refuses a pointer inside a small block, naming the address", () => {
      const small = pop.blocks.find((b) => b.n < 512)!;
      expect(() => a.free(small.p + 16)).toThrow(ReferenceError);
      expect(() => a.free(small.p + 16)).toThrow(`0x${(small.p + 16).toString(16).padStart(8, "0")}`);
      expect(() => a.free(small.p + 3)).toThrow(/not a block allocated by this heap/);
      pop.intact();
    });

    it("realloc refuses a freed block and a pointer inside one, of either layer, and changes nothing", () => {
      const ex = a.exports;
      for (const n of [48, 3000]) {
        const p = a.malloc(n);
        a.free(p);
        expect(() => a.realloc(p, n * 2)).toThrow(ReferenceError);
        ex.pyheap_clear_error();
        expect(ex.realloc(p, n * 2)).toBe(0);
        expect(ex.pyheap_last_error()).toBe(ErrorCode.DOUBLE_FREE);
        const q = a.malloc(n);
        expect(ex.realloc(q + 16, 10)).toBe(0);
        expect(ex.pyheap_last_error()).toBe(ErrorCode.NOT_OURS);
        a.free(q);
      }
      pop.intact();
    });

    it("refuses a pointer inside a large block", () => {
      const large = pop.blocks.find((b) => b.n > 512)!;
      expect(() => a.free(large.p + 64)).toThrow(ReferenceError);
      expect(() => a.realloc(large.p + 64, 10)).toThrow(ReferenceError);
      pop.intact();
    });

    it("refuses pointers outside the heap: static data, past the end, huge, negative, not integers", () => {
      const end = a.memory.buffer.byteLength;
      for (const p of [16, 1024, end - 16, end, end + 65536, 0xfffffff0]) {
        expect(() => a.free(p), `free(${p})`).toThrow(ReferenceError);
      }
      expect(() => a.free(-16)).toThrow(ReferenceError);
      expect(() => a.free(1.5)).toThrow(ReferenceError);
      expect(() => a.free("12" as unknown as number)).toThrow(TypeError);
      expect(() => a.usableSize(end + 16)).toThrow(ReferenceError);
      pop.intact();
    });

    it("detects a double free of a small and of a large block", () => {
      const p = a.malloc(40), q = a.malloc(5000);
      a.free(p);
      a.free(q);
      expect(() => a.free(p)).toThrow(/already freed \(double free\)/);
      expect(() => a.free(q)).toThrow(/already freed \(double free\)/);
      pop.intact();
      // The heap still hands out and takes back memory.
      const r = a.malloc(40);
      a.free(r);
      pop.intact();
    });

    it("returns errors with code, address and size", () => {
      const p = a.malloc(40);
      a.free(p);
      try {
        a.free(p);
        expect.unreachable();
      } catch (e) {
        expect((e as { code: number }).code).toBe(ErrorCode.DOUBLE_FREE);
        expect((e as { address: number }).address).toBe(p);
      }
    });

    it("rejects absurd sizes with RangeError and overflowing calloc", () => {
      expect(() => a.malloc(-1)).toThrow(RangeError);
      expect(() => a.malloc(2 ** 32)).toThrow(RangeError);
      expect(() => a.malloc(0xffff_fff0)).toThrow(RangeError);
      expect(() => a.calloc(0x10000, 0x10001)).toThrow(RangeError);
      expect(() => a.alignedAlloc(24, 10)).toThrow(/not a power of two/);
      pop.intact();
    });

    it("every method refuses a size or pointer that is not an integer from 0 to 2**32-1, with the facade's error, before the module sees it", () => {
      let coerced = false;
      const sneaky = { valueOf: () => { coerced = true; return 16; } };
      const notNumbers: unknown[] = ["12", 12n, Symbol("s"), null, undefined, sneaky, [16]];
      const badNumbers = [-1, 1.5, -0.5, NaN, Infinity, -Infinity, 2 ** 32, 2 ** 53];
      const p = a.malloc(24);
      const before = JSON.stringify(a.stats());
      // [call with the bad value in one argument, what the message names, error for a bad number, code]
      const cases: [(v: unknown) => unknown, RegExp, ErrorConstructor, number][] = [
        [(v) => a.malloc(v as number), /^malloc: size /, RangeError, ErrorCode.SIZE_OVERFLOW],
        [(v) => a.calloc(v as number, 8), /^calloc: nelem /, RangeError, ErrorCode.SIZE_OVERFLOW],
        [(v) => a.calloc(8, v as number), /^calloc: elsize /, RangeError, ErrorCode.SIZE_OVERFLOW],
        [(v) => a.realloc(v as number, 8), /^realloc: /, ReferenceError, ErrorCode.NOT_OURS],
        [(v) => a.realloc(p, v as number), /^realloc: size /, RangeError, ErrorCode.SIZE_OVERFLOW],
        [(v) => a.free(v as number), /^free: /, ReferenceError, ErrorCode.NOT_OURS],
        [(v) => a.usableSize(v as number), /^usableSize: /, ReferenceError, ErrorCode.NOT_OURS],
        [(v) => a.alignedAlloc(v as number, 8), /^alignedAlloc: alignment /, RangeError, ErrorCode.SIZE_OVERFLOW],
        [(v) => a.alignedAlloc(16, v as number), /^alignedAlloc: size /, RangeError, ErrorCode.SIZE_OVERFLOW],
      ];
      for (const [call, names, NumberError, code] of cases) {
        for (const v of notNumbers) {
          const e = (() => { try { call(v); } catch (err) { return err as Error & { code: number }; } })();
          expect(e, `${names} ${String(typeof v)}`).toBeInstanceOf(TypeError);
          expect(e!.message).toMatch(names);
          expect(e!.message).toMatch(/must be a number, got /);
          expect(e!.code).toBe(code);
        }
        for (const v of badNumbers) {
          const e = (() => { try { call(v); } catch (err) { return err as Error & { code: number }; } })();
          expect(e, `${names} ${v}`).toBeInstanceOf(NumberError);
          expect(e!.message).toMatch(names);
          expect(e!.message).toContain(String(v));
          expect(e!.code).toBe(code);
        }
      }
      expect(coerced).toBe(false);
      expect(JSON.stringify(a.stats())).toBe(before);
      // -0 is the integer 0 (as before): a size, and a pointer free() ignores.
      const z = a.malloc(-0);
      expect(z).toBeGreaterThan(0);
      a.free(-0);
      a.free(z);
      a.free(p);
      pop.intact();
    });

    it("the C ABI returns 0 and records the reason instead of throwing", () => {
      const ex = a.exports;
      ex.pyheap_clear_error();
      expect(ex.calloc(0x10000, 0x10001)).toBe(0);
      expect(ex.pyheap_last_error()).toBe(ErrorCode.SIZE_OVERFLOW);
      const p = pop.blocks[3].p;
      expect(ex.pyheap_free(p + 32)).toBe(ErrorCode.NOT_OURS);
      ex.free(p + 32); // void C free: refused silently, recorded
      expect(ex.pyheap_last_error()).toBe(ErrorCode.NOT_OURS);
      expect(ex.pyheap_last_error_address()).toBe(p + 32);
      expect(ex.realloc(p + 32, 100)).toBe(0);
      pop.intact();
    });

    it("PyMem_RawFree refuses a block of the object allocator", () => {
      const ex = a.exports;
      const p = ex.PyObject_Malloc(64);
      ex.pyheap_clear_error();
      ex.PyMem_RawFree(p);
      expect(ex.pyheap_last_error()).not.toBe(ErrorCode.OK);
      ex.PyObject_Free(p);
      pop.intact();
    });
  });
}

// The unchecked build keeps no live bit per small block: it refuses what
// it can tell from the address alone, and every check of a raw block.
describe("bad input (unchecked build)", () => {
  let a: Allocator;
  let pop: ReturnType<typeof population>;
  beforeEach(async () => {
    a = await createAllocator({ build: "unchecked" });
    pop = population(a);
  });

  it("refuses pointers outside the heap, misaligned ones, and those into a pool's header", () => {
    const end = a.memory.buffer.byteLength;
    for (const p of [16, 1024, end - 16, end, end + 65536, 0xfffffff0]) {
      expect(() => a.free(p), `free(${p})`).toThrow(ReferenceError);
    }
    const small = pop.blocks.find((b) => b.n < 512)!;
    expect(() => a.free(small.p + 3)).toThrow(/not a block allocated by this heap/);
    const pool = small.p & ~4095;
    for (const p of [pool, pool + 16, pool + 48]) expect(() => a.free(p), `free(${p})`).toThrow(/not a block allocated/);
    expect(() => a.free(-16)).toThrow(ReferenceError);
    expect(() => a.free(1.5)).toThrow(ReferenceError);
    const ex = a.exports;
    ex.pyheap_clear_error();
    expect(ex.pyheap_free(small.p + 8)).toBe(ErrorCode.NOT_OURS);
    expect(ex.realloc(small.p + 8, 100)).toBe(0);
    expect(ex.malloc_usable_size(small.p + 8)).toBe(0);
    pop.intact();
  });

  it("checks raw blocks as the release build does: interior pointers and double frees refused", () => {
    const large = pop.blocks.find((b) => b.n > 512)!;
    expect(() => a.free(large.p + 64)).toThrow(ReferenceError);
    expect(() => a.realloc(large.p + 64, 10)).toThrow(ReferenceError);
    const q = a.malloc(5000);
    a.free(q);
    expect(() => a.free(q)).toThrow(/already freed \(double free\)/);
    expect(() => a.realloc(q, 6000)).toThrow(ReferenceError);
    pop.intact();
  });

  it("rejects absurd sizes", () => {
    expect(() => a.malloc(-1)).toThrow(RangeError);
    expect(() => a.malloc(0xffff_fff0)).toThrow(RangeError);
    expect(() => a.calloc(0x10000, 0x10001)).toThrow(RangeError);
    pop.intact();
  });

  it("takes a double free of a small block, as dlmalloc does, and check() reports the corruption", () => {
    const p = a.malloc(40);
    a.free(p);
    a.free(p);
    expect(() => a.check()).toThrow(HeapCorruptionError);
  });

  it("takes an aligned pointer into a small block, and check() reports the corruption", () => {
    const p = a.malloc(40); // a 48-byte block: p + 16 is aligned but no block's start
    a.free(p + 16);
    expect(() => a.check()).toThrow(HeapCorruptionError);
  });
});

describe("memory exhaustion (maxMemory)", () => {
  for (const build of ["release", "debug", "unchecked"] as const) {
    it(`${build}: malloc fails with MemoryError, every live block stays intact, and freeing makes room again`, async () => {
      const a = await createAllocator({ build, maxMemory: 4 << 20 });
      const pop = population(a);
      const extra: number[] = [];
      let error: unknown;
      try {
        for (;;) extra.push(a.malloc(extra.length % 3 ? 100 : 20_000));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MemoryError);
      expect(String((error as Error).message)).toMatch(/out of memory \(maxMemory is 4194304 bytes\)/);
      expect(a.memory.buffer.byteLength).toBeLessThanOrEqual(4 << 20);
      pop.intact();
      // The C ABI says 0, as malloc must.
      expect(a.exports.malloc(1 << 20)).toBe(0);
      // A huge realloc fails and leaves the old block as it was.
      const b = pop.blocks[10];
      expect(() => a.realloc(b.p, 8 << 20)).toThrow(MemoryError);
      pop.intact();
      for (const p of extra) a.free(p);
      a.flushQuarantine();
      a.check();
      const p = a.malloc(500_000);
      a.free(p);
      pop.intact();
    });
  }

  for (const build of ["release", "debug", "legacy", "unchecked"] as const) {
    it(`${build}: a small malloc that needed a new arena at the cap fails, and once memory is freed small mallocs succeed again`, async () => {
      const a = await createAllocator({ build, maxMemory: 1 << 20 });
      a.malloc(16);
      const big: number[] = [];
      try {
        for (;;) big.push(a.malloc(60_000));
      } catch (e) {
        expect(e).toBeInstanceOf(MemoryError);
      }
      // Fill the committed top as well, so the next pool would need memory.
      big.push(a.malloc(a.stats().large.wildernessBytes - 1000));
      const small: number[] = [];
      expect(() => { for (;;) small.push(a.malloc(32)); }).toThrow(MemoryError);
      a.check();
      for (const p of big) a.free(p);
      a.flushQuarantine();
      for (let i = 0; i < 2000; i++) small.push(a.malloc(32 + (i % 7) * 48));
      a.check();
      for (const p of small) a.free(p);
      a.check();
    });
  }

  for (const build of ["release", "legacy", "unchecked"] as const) {
    it(`${build}: at wasm32's 4 GiB limit (no maxMemory) malloc fails with MemoryError and every block can still be freed`, async () => {
      const a = await createAllocator({ build });
      const pop = population(a);
      // Large blocks nothing writes to: the host commits no real memory.
      const big: number[] = [];
      let error: unknown;
      try {
        for (;;) big.push(a.malloc(0x1000_0000 - 64));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MemoryError);
      const small: number[] = [];
      try {
        for (;;) small.push(a.malloc(small.length % 2 ? 48 : 1 << 20));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MemoryError);
      // The heap stops one page short of 4 GiB, where the end of its
      // memory is still a 32-bit address.
      expect(a.memory.buffer.byteLength).toBe(2 ** 32 - 65536);
      expect(a.stats().memory.maxBytes).toBe(2 ** 32 - 65536);
      pop.intact();
      a.check();
      for (const p of [...big, ...small]) a.free(p);
      for (const b of pop.blocks) a.free(b.p);
      a.check();
      // A double free is still refused (the unchecked build: of a raw block).
      for (const n of build === "unchecked" ? [1000] : [100, 1000]) {
        const p = a.malloc(n);
        a.free(p);
        expect(() => a.free(p)).toThrow(/double free|not a block/);
      }
    });
  }

  it("a request beyond the cap fails at once, without growing", async () => {
    const a = await createAllocator({ maxMemory: 2 << 20 });
    const before = a.memory.buffer.byteLength;
    expect(() => a.malloc(3 << 20)).toThrow(MemoryError);
    expect(a.memory.buffer.byteLength).toBe(before);
  });
});

describe("build names", () => {
  it("createAllocator refuses an unknown build; createHeap refuses the unchecked one, which has no object layer, and tracemallocFor its allocator, which has no tracing", async () => {
    await expect(createAllocator({ build: "fast" as never })).rejects.toThrow(TypeError);
    await expect(createHeap({ build: "unchecked" as never })).rejects.toThrow(/unknown build "unchecked"/);
    const a = await createAllocator({ build: "unchecked" });
    a.free(a.malloc(10));
    a.check();
    expect(() => tracemallocFor(a)).toThrow(/no tracing \(build\/malloc\.wasm, build\/unchecked\.wasm\)/);
  });
});

describe("a heap base below the statics", () => {
  for (const build of ["release", "unchecked"] as const) {
    it(`${build}: pyheap_set_heap_base never moves the heap over pyheap's own static data`, async () => {
      const fresh = await createAllocator({ build });
      const start = fresh.malloc(600); // a raw block: the heap's first
      const a = await createAllocator({ build });
      a.exports.pyheap_set_heap_base(0);
      const p = a.malloc(600);
      expect(p).toBe(start);
      const q = a.malloc(32);
      a.free(q);
      expect(a.malloc(32)).toBe(q);
      a.free(p);
      a.check();
    });
  }
});

// The debug build (like PYTHONMALLOC=debug): fill patterns, guard bytes,
// and reports of buffer overrun, underrun, double free, writes after free
// and API-family mixing, each with address and size, the heap unchanged.
import { describe, it, expect } from "vitest";
import { createAllocator, HeapCorruptionError, ErrorCode } from "../src/index.js";

const CLEAN = 0xcd, DEAD = 0xdd, FORBIDDEN = 0xfd;

describe("debug build", () => {
  it("fills fresh memory with 0xCD and pads with 0xFD guards; calloc is zero", async () => {
    const a = await createAllocator({ build: "debug" });
    const p = a.malloc(20);
    expect([...a.u8.subarray(p, p + 20)].every((b) => b === CLEAN)).toBe(true);
    expect([...a.u8.subarray(p + 20, p + 28)].every((b) => b === FORBIDDEN)).toBe(true);
    expect([...a.u8.subarray(p - 7, p)].every((b) => b === FORBIDDEN)).toBe(true);
    const q = a.calloc(5, 4);
    expect([...a.u8.subarray(q, q + 20)].every((b) => b === 0)).toBe(true);
    expect(a.usableSize(p)).toBe(20);
  });

  it("reports a buffer overrun with the address of the damaged byte and the block size, and keeps the block", async () => {
    const a = await createAllocator({ build: "debug" });
    const p = a.malloc(24);
    a.u8[p + 24 + 2] = 0;
    let err: any;
    try { a.free(p); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(HeapCorruptionError);
    expect(err.code).toBe(ErrorCode.OVERRUN);
    expect(err.address).toBe(p + 26);
    expect(err.size).toBe(24);
    expect(err.message).toMatch(/buffer overrun/);
    // Reported once: the block is kept out of circulation, check() goes on
    // to the rest, and a later free() of it does nothing.
    expect(() => a.check()).not.toThrow();
    a.u8[p + 26] = FORBIDDEN;
    a.free(p);
    a.check();
    expect(a.malloc(24)).not.toBe(p);
  });

  it("reports a buffer underrun", async () => {
    const a = await createAllocator({ build: "debug" });
    const p = a.malloc(3000);
    a.u8[p - 2] = 1;
    expect(() => a.free(p)).toThrow(/buffer underrun/);
    expect(() => a.realloc(p, 10)).toThrow(HeapCorruptionError);
  });

  it("reports a double free while the block waits in the quarantine and after it left", async () => {
    const a = await createAllocator({ build: "debug" });
    const p = a.malloc(48);
    a.free(p);
    expect(() => a.free(p)).toThrow(/double free/);
    a.flushQuarantine();
    expect(() => a.free(p)).toThrow(/double free/);
    a.check();
  });

  it("fills freed memory with 0xDD and reports a write after free with its address", async () => {
    const a = await createAllocator({ build: "debug" });
    const p = a.malloc(64);
    a.free(p);
    expect([...a.u8.subarray(p, p + 64)].every((b) => b === DEAD)).toBe(true);
    a.u8[p + 10] = 7; // a dangling pointer writes
    let err: any;
    try { a.check(); } catch (e) { err = e; }
    expect(err.code).toBe(ErrorCode.USE_AFTER_FREE);
    expect(err.address).toBe(p + 10);
    expect(err.size).toBe(64);
    expect(() => a.flushQuarantine()).not.toThrow(); // reported by check() already
    // The damaged block stays out of circulation; the heap goes on.
    a.check();
    const q = a.malloc(64);
    expect(q).not.toBe(p);
  });

  it("catches a write after free when the block leaves the quarantine during free()", async () => {
    const a = await createAllocator({ build: "debug" });
    const victim = a.malloc(32);
    a.free(victim);
    a.u8[victim + 5] = 1;
    let caught: any;
    for (let i = 0; i < 5000 && !caught; i++) {
      try { a.free(a.malloc(32)); } catch (e) { caught = e; }
    }
    expect(caught?.code).toBe(ErrorCode.USE_AFTER_FREE);
    expect(caught.address).toBe(victim + 5);
  });

  it("reports mixing API families (PyObject_Malloc then PyMem_Free)", async () => {
    const a = await createAllocator({ build: "debug" });
    const ex = a.exports;
    const p = ex.PyObject_Malloc(40);
    ex.pyheap_clear_error();
    ex.PyMem_Free(p);
    expect(ex.pyheap_last_error()).toBe(ErrorCode.WRONG_API);
    const r = ex.PyMem_RawMalloc(40);
    ex.PyObject_Free(r);
    expect(ex.pyheap_last_error()).toBe(ErrorCode.WRONG_API);
    ex.PyObject_Free(p);
    ex.PyMem_RawFree(r);
    a.check();
  });

  it("aligned blocks carry guards too", async () => {
    const a = await createAllocator({ build: "debug" });
    const p = a.alignedAlloc(256, 100);
    expect(p % 256).toBe(0);
    a.u8[p + 100] = 0;
    expect(() => a.free(p)).toThrow(/overrun/);
    a.u8[p + 100] = FORBIDDEN;
    a.free(p);
    a.check();
  });
});

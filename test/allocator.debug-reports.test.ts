// The debug build reports each corruption once: a block found overrun or
// written after free is kept out of circulation, and later checks go on
// to report what else is wrong (assembly/debug/guards.ts).
import { it, expect } from "vitest";
import { createAllocator, ErrorCode, HeapCorruptionError } from "../src/index.js";

const code = (f: () => unknown): number | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(HeapCorruptionError);
    return (e as { code: number }).code;
  }
  return undefined;
};

it("an overrun refused by free() is reported once; a later write after free is still found", async () => {
  const a = await createAllocator({ build: "debug" });
  const p = a.malloc(24);
  a.u8[p + 24] = 0; // one byte past the end
  expect(code(() => a.free(p))).toBe(ErrorCode.OVERRUN);
  expect(code(() => a.check())).toBeUndefined(); // reported already, not again
  a.free(p); // kept out of circulation: nothing happens, nothing is reported
  const q = a.malloc(40);
  a.free(q);
  a.u8[q + 3] = 1; // written after free
  expect(code(() => a.check())).toBe(ErrorCode.USE_AFTER_FREE);
  expect(code(() => a.check())).toBeUndefined();
  const r = a.malloc(100);
  a.u8[r - 1] = 0; // underrun, found by check() first
  expect(code(() => a.check())).toBe(ErrorCode.UNDERRUN);
  expect(code(() => a.check())).toBeUndefined();
  expect(code(() => a.free(r))).toBeUndefined();
  // the heap goes on working, and none of the damaged blocks is handed out again
  const fresh = new Set<number>();
  for (let i = 0; i < 2000; i++) fresh.add(a.malloc(24 + (i % 4) * 8));
  for (const b of [p, q, r]) expect(fresh.has(b)).toBe(false);
  for (const b of fresh) a.free(b);
  a.flushQuarantine();
  a.check();
  const s = a.stats();
  expect(s.totals.inUseBytes + s.totals.freeBytes + s.totals.overheadBytes).toBe(s.memory.bytes);
});

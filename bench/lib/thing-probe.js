// Small reproductions of the @thi.ng/malloc defects the correctness pass
// runs into on the recorded traces and large-mix, run against the installed
// version so the report states whether each still reproduces (not a
// remembered result).

/**
 * Defect 1. MemPool.reallocBlock, when the block must move, calls
 * this.free(block) with the block's header address; free() expects a data
 * address, subtracts the header again, does not find it in the used list and
 * returns false. The old block is never freed: every moving realloc leaks it.
 * @param {any} MemPool
 */
function reallocMoveLeaks(MemPool) {
  const pool = new MemPool({ size: 4096 });
  const a = pool.malloc(16);
  const b = pool.malloc(16); // so that a is not the topmost block
  const a2 = pool.realloc(a, 64); // must move
  const used = pool.stats().used.count;
  return {
    id: "realloc-move-leaks",
    reproduced: a2 !== a && used === 3,
    detail: `malloc(16) -> a=${a}; malloc(16) -> b=${b}; realloc(a, 64) -> ${a2}: the used list then holds ${used} blocks (expected 2: the old block of a is leaked)`,
  };
}

/**
 * Defect 2. MemPool.reallocBlock, shrinking the topmost block by less than
 * minSplit (16) bytes, lowers `top` to the new size but leaves the block's
 * recorded size unchanged. The next allocation is carved inside the old
 * block's recorded extent; once the shrunk block is freed and handed out
 * again, legal writes to it overwrite the other block's header.
 * @param {any} MemPool
 */
function reallocShrinkOverlaps(MemPool) {
  const pool = new MemPool({ size: 4096 });
  const a = pool.malloc(24); // a 32-byte block (8-byte header), the topmost one
  pool.realloc(a, 16); // shrink by 8 bytes, less than minSplit
  const aEnd = a - 8 + pool.blockSize(a - 8);
  const b = pool.malloc(8);
  const overlap = b - 8 < aEnd;
  pool.free(a);
  const c = pool.malloc(24);
  pool.u8.fill(0xff, c, c + 24); // legal: c is a 24-byte block
  const header = pool.blockSize(b - 8);
  return {
    id: "realloc-shrink-overlaps",
    reproduced: overlap && header !== 16,
    detail: `malloc(24) -> a=${a}; realloc(a, 16); malloc(8) -> b=${b} (b's header at ${b - 8}, a's block still ends at ${aEnd}); ` +
      `free(a); malloc(24) -> c=${c}; filling c's 24 bytes sets b's header size to ${header} (was 16)`,
  };
}

/**
 * @param {any} MemPool
 * @returns {{ id: string, reproduced: boolean, detail: string }[]}
 */
export function probeThingDefects(MemPool) {
  return [reallocMoveLeaks(MemPool), reallocShrinkOverlaps(MemPool)];
}

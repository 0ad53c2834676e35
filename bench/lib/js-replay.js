// The "from JS" path: a plain JS loop calling an allocator's malloc / free /
// realloc / calloc once per trace op, as an npm user would. It does exactly
// what bench/driver/driver.c's replay() does to each block (a tag stored in
// its first word and its last aligned word, read back before free/realloc,
// calloc's first word read, realloc's first word read after the move), so
// its checksum equals expectedChecksum(ops, { chunkOps: nops }) for a
// correct allocator and the work per op matches the in-Wasm path.
//
// A target is { malloc, free, realloc, calloc, buffer() }: the four C-ABI
// functions (wasm exports or JS functions) and the current ArrayBuffer
// holding the blocks (a wasm memory.grow detaches the old one; a detached
// view has length 0, which is how the loop notices).
//
// Every run gets a freshly compiled copy of the loop (new Function over the
// same source). V8 specialises a call site on its target function, and every
// fresh instance has new export functions: one shared loop would deoptimise
// ("wrong call target") at each new instance and settle on slow generic
// calls, with run-to-run noise of several x. A fresh copy sees one instance,
// like a program using one allocator, and is optimised (OSR) within the
// first few thousand ops; that JIT warm-up, the same for every allocator, is
// inside the timing (a few ms: small on full workloads, dominant on --quick).

/**
 * @typedef {{ malloc: Function, free: Function, realloc: Function, calloc: Function, buffer(): ArrayBuffer }} JsTarget
 * @typedef {{ ops: number, checksum: number, failedOp: number, timedOut: boolean }} JsReplayResult
 */

// Self-contained (no free variables): it is recompiled from its source text.
// deadline: a performance.now() value; checked every 4096 ops so that a
// pathologically slow allocator (O(live blocks) free) cannot stall the run.
function replayLoop(ops, nslots, t, deadline, now) {
  const malloc = t.malloc, free = t.free, realloc = t.realloc, calloc = t.calloc;
  let u32 = new Uint32Array(t.buffer());
  const ptrs = new Uint32Array(nslots), sizes = new Uint32Array(nslots);
  const n = ops.length >>> 1;
  let h = 0x811c9dc5 | 0, x = 0, i = 0, failedOp = 0, timedOut = false;
  for (; i < n; i++) {
    if ((i & 4095) === 0 && now() > deadline) { timedOut = true; break; }
    const w0 = ops[2 * i], size = ops[2 * i + 1];
    const kind = w0 >>> 30, slot = w0 & 0x3fffffff;
    const oldp = ptrs[slot], oldsize = sizes[slot];
    if (kind === 1 || kind === 2) { // free, realloc: fold the block's tags
      if (oldp !== 0 && oldsize >= 4) {
        x = Math.imul(h ^ u32[oldp >>> 2], 0x9e3779b1); h = (x << 15) | (x >>> 17);
        if (oldsize >= 8) {
          x = Math.imul(h ^ u32[(oldp + ((oldsize - 4) & ~3)) >>> 2], 0x9e3779b1); h = (x << 15) | (x >>> 17);
        }
      }
      if (kind === 1) { free(oldp); ptrs[slot] = 0; sizes[slot] = 0; continue; }
    }
    let p = 0;
    if (kind === 0) {
      p = malloc(size) >>> 0;
      if (u32.length === 0) u32 = new Uint32Array(t.buffer());
    } else if (kind === 3) {
      p = calloc(1, size) >>> 0;
      if (u32.length === 0) u32 = new Uint32Array(t.buffer());
      if (p !== 0 && size >= 4) { x = Math.imul(h ^ u32[p >>> 2], 0x9e3779b1); h = (x << 15) | (x >>> 17); }
    } else {
      p = realloc(oldp, size) >>> 0;
      if (u32.length === 0) u32 = new Uint32Array(t.buffer());
      if (p !== 0 && oldp !== 0 && oldsize >= 4 && size >= 4) {
        x = Math.imul(h ^ u32[p >>> 2], 0x9e3779b1); h = (x << 15) | (x >>> 17);
      }
    }
    if (p === 0 && size !== 0) { failedOp = i + 1; break; }
    const tag = Math.imul(slot, 2654435761 | 0) ^ size;
    if (size >= 4) u32[p >>> 2] = tag;
    if (size >= 8) u32[(p + ((size - 4) & ~3)) >>> 2] = tag ^ 0xa5a5a5a5;
    ptrs[slot] = p; sizes[slot] = size;
  }
  // Same final fold as combineChecksums(0, h) in checksum.js (one chunk).
  x = Math.imul(0 ^ h, 0x9e3779b1); h = (x << 15) | (x >>> 17);
  return { ops: i, checksum: h >>> 0, failedOp, timedOut };
}

const SOURCE = `return (${replayLoop.toString()});`;

/** A new, never-run copy of the replay loop (see the header). */
export function compileReplayLoop() {
  return /** @type {typeof replayLoop} */ (new Function(SOURCE)());
}

/**
 * Replays ops once through target from JS (the suite times this call, via
 * tinybench).
 * @param {JsTarget} target
 * @param {Uint32Array} ops
 * @param {number} nslots slot table size of the trace
 * @param {number} [timeLimitMs] give up after this long (result.timedOut)
 * @param {typeof replayLoop} [loop] a copy from compileReplayLoop()
 * @returns {JsReplayResult}
 */
export function replayJs(target, ops, nslots, timeLimitMs = Infinity, loop = compileReplayLoop()) {
  return loop(ops, nslots, target, performance.now() + timeLimitMs, () => performance.now());
}

/** JS target over a wasm allocator instance (from instantiateAllocator). */
export function wasmTarget(alloc) {
  const { malloc, free, realloc, calloc } = alloc.exports;
  return { malloc, free, realloc, calloc, buffer: () => alloc.memory.buffer };
}

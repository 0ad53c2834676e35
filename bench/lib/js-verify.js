// Correctness check from JS, stricter than the driver's verify(): besides
// alignment, calloc zeroing, realloc contents and intact blocks it checks
// that no two live blocks overlap and that every block lies inside the
// allocator's buffer. It is how @thi.ng/malloc (no Wasm driver) is checked,
// and it also runs on every Wasm allocator. Untimed.
//
// - Non-overlap: an occupancy bitmap with one bit per 8-byte granule of the
//   buffer. A block [p, p+size) (size 0 counts as 1 byte) must find all its
//   granules clear; they are set while it is live. Exact for blocks whose
//   start is 8-byte aligned: the next block starts at or after this one's
//   end, rounded up to 8, so in a later granule (every allocator here must
//   give at least 8-byte alignment, checked first).
// - Contents: each block is filled with a per-block word pattern
//   (tag + word index) and the pattern is checked before free/realloc, and
//   after realloc over min(old, new) bytes. Blocks up to FULL_CHECK bytes
//   (every small-object request) are filled and checked in full; larger ones
//   in their first and last EDGE bytes plus one word every STRIDE bytes in
//   between, so the large-block workloads (34 GB requested in all by
//   large-mix) stay at seconds.
// - calloc: every byte of the block must be zero before it is filled.

const FULL_CHECK = 1024;
const EDGE = 64;
const STRIDE = 4096;

/**
 * @typedef {{ malloc: Function, free: Function, realloc: Function, calloc: Function, buffer(): ArrayBuffer }} JsTarget
 * @typedef {{ passed: boolean, failedOp: number, reason: string, ops: number, timedOut: boolean, peakBufferBytes: number }} JsVerifyResult
 */

const tagOf = (slot, size) => (Math.imul(slot, 2654435761 | 0) ^ size ^ 0x5bd1e995) | 0;

/**
 * The block's patterned words as [from, to, step] word-index ranges.
 * @param {number} size
 * @returns {number[][]}
 */
function patternRanges(size) {
  const words = size >>> 2;
  if (size <= FULL_CHECK) return [[0, words, 1]];
  const edge = EDGE >>> 2;
  return [[0, edge, 1], [edge, words - edge, STRIDE >>> 2], [words - edge, words, 1]];
}

class Occupancy {
  constructor() { this.bits = new Uint32Array(1024); }
  /** Grows the bitmap to cover bytes [0, limit). */
  cover(limit) {
    const words = Math.ceil(limit / 256);
    if (words > this.bits.length) {
      const b = new Uint32Array(Math.max(words, this.bits.length * 2));
      b.set(this.bits);
      this.bits = b;
    }
  }
  /**
   * op 0: are the granules of [p, p + size) all clear? 1: set them. 2: clear
   * them. Masks for the two partial end words, fill() or a plain loop for the
   * whole words between (large-mix sets and clears ~4 * 10^9 granules).
   */
  apply(op, p, size) {
    const g0 = p >>> 3, g1 = Math.floor((p + Math.max(size, 1) + 7) / 8); // granules [g0, g1)
    const w0 = g0 >>> 5, w1 = (g1 - 1) >>> 5;
    const bits = this.bits;
    const maskOf = (lo, hi) => (hi - lo === 32 ? 0xffffffff : (((1 << (hi - lo)) - 1) << lo) >>> 0);
    const edge = (w, mask) => {
      if (op === 0) return (bits[w] & mask) === 0;
      if (op === 1) bits[w] |= mask;
      else bits[w] &= ~mask;
      return true;
    };
    if (w0 === w1) return edge(w0, maskOf(g0 & 31, ((g1 - 1) & 31) + 1));
    if (!edge(w0, maskOf(g0 & 31, 32)) || !edge(w1, maskOf(0, ((g1 - 1) & 31) + 1))) return false;
    if (op === 1) bits.fill(0xffffffff, w0 + 1, w1);
    else if (op === 2) bits.fill(0, w0 + 1, w1);
    else for (let w = w0 + 1; w < w1; w++) if (bits[w] !== 0) return false;
    return true;
  }
  isFree(p, size) { return this.apply(0, p, size); }
  set(p, size) { this.apply(1, p, size); }
  clear(p, size) { this.apply(2, p, size); }
}

/**
 * @param {JsTarget} t
 * @param {Uint32Array} ops
 * @param {number} nslots
 * @param {{ align?: number, timeLimitMs?: number, onOp?: () => void }} [opts]
 *   align: required alignment; onOp: called after every op (e.g. to sample
 *   a JS pool's high-water mark)
 * @returns {JsVerifyResult}
 */
export function verifyJs(t, ops, nslots, { align = 16, timeLimitMs = Infinity, onOp } = {}) {
  const deadline = performance.now() + timeLimitMs;
  const ptrs = new Uint32Array(nslots), sizes = new Uint32Array(nslots);
  const occ = new Occupancy();
  let buf = t.buffer(), u8 = new Uint8Array(buf), u32 = new Uint32Array(buf);
  let peak = buf.byteLength;
  const refresh = () => {
    const b = t.buffer();
    if (b !== buf || u8.length === 0) {
      buf = b; u8 = new Uint8Array(b); u32 = new Uint32Array(b);
      peak = Math.max(peak, b.byteLength);
    }
  };
  const fill = (p, slot, size) => {
    const tag = tagOf(slot, size), base = p >>> 2;
    for (const [from, to, step] of patternRanges(size)) {
      for (let k = from; k < to; k += step) u32[base + k] = (tag + k) >>> 0;
    }
  };
  // First word (relative) whose pattern is wrong, or -1; limit: bytes to check.
  const check = (p, slot, size, limit) => {
    const tag = tagOf(slot, size), base = p >>> 2, words = limit >>> 2;
    for (const [from, to, step] of patternRanges(size)) {
      for (let k = from; k < Math.min(to, words); k += step) {
        if (u32[base + k] !== ((tag + k) >>> 0)) return k;
      }
    }
    return -1;
  };
  const n = ops.length >>> 1;
  let liveBlocks = 0, liveBytes = 0;
  // The allocator may describe its own state (e.g. a JS pool's lists).
  const fail = (i, reason) => ({
    passed: false, failedOp: i + 1, ops: i, timedOut: false, peakBufferBytes: peak,
    reason: `${reason} (${liveBlocks} blocks, ${liveBytes} B live before it${t.describe ? `; ${t.describe()}` : ""})`,
  });
  for (let i = 0; i < n; i++) {
    if ((i & 1023) === 0 && performance.now() > deadline) {
      return { passed: true, failedOp: 0, reason: `stopped at the time limit after ${i} ops`, ops: i, timedOut: true, peakBufferBytes: peak };
    }
    const w0 = ops[2 * i], size = ops[2 * i + 1];
    const kind = w0 >>> 30, slot = w0 & 0x3fffffff;
    const oldp = ptrs[slot], oldsize = sizes[slot];
    const what = `${["malloc", "free", "realloc", "calloc"][kind]}(slot ${slot}, ${size} B)`;
    if (kind === 1 || kind === 2) {
      if (oldp) {
        const bad = check(oldp, slot, oldsize, oldsize);
        if (bad >= 0) return fail(i, `${what}: live block at ${oldp} (${oldsize} B) was overwritten at byte ${4 * bad} before this op`);
        occ.clear(oldp, oldsize);
      }
      if (kind === 1) {
        t.free(oldp);
        ptrs[slot] = 0; sizes[slot] = 0; liveBlocks--; liveBytes -= oldsize;
        onOp?.();
        continue;
      }
    }
    const p = (kind === 0 ? t.malloc(size) : kind === 3 ? t.calloc(1, size) : t.realloc(oldp, size)) >>> 0;
    refresh();
    onOp?.();
    if (!p && size) return fail(i, `${what} returned NULL`);
    if (kind === 2) { liveBlocks--; liveBytes -= oldsize; } // counted again below
    if (!p) { ptrs[slot] = 0; sizes[slot] = 0; liveBlocks++; continue; }
    if (p % align) return fail(i, `${what} returned ${p}, not ${align}-byte aligned`);
    if (p + size > buf.byteLength) return fail(i, `${what} returned ${p}, block ends past the ${buf.byteLength}-byte buffer`);
    occ.cover(p + size + 8);
    if (!occ.isFree(p, size)) return fail(i, `${what} returned ${p}, overlapping a live block`);
    if (kind === 3) {
      // Word-wise (p is at least 4-byte aligned here), then the tail bytes.
      const words = size >>> 2, base = p >>> 2;
      let bad = -1;
      for (let k = 0; k < words; k++) if (u32[base + k] !== 0) { bad = 4 * k; break; }
      for (let b = 4 * words; bad < 0 && b < size; b++) if (u8[p + b] !== 0) bad = b;
      if (bad >= 0) return fail(i, `${what} returned ${p}: not zeroed (nonzero byte near offset ${bad})`);
    }
    if (kind === 2 && oldp) {
      const keep = Math.min(oldsize, size);
      const bad = check(p, slot, oldsize, keep);
      if (bad >= 0) return fail(i, `${what} ${p === oldp ? "in place at" : `moved ${oldp} ->`} ${p}: contents not preserved at byte ${4 * bad} of ${keep}`);
    }
    occ.set(p, size);
    fill(p, slot, size);
    ptrs[slot] = p; sizes[slot] = size; liveBlocks++; liveBytes += size;
  }
  return { passed: true, failedOp: 0, reason: "", ops: n, timedOut: false, peakBufferBytes: peak };
}

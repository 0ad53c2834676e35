// The workload op format shared by the generators, the trace converter and
// the replay driver. Each op is two little-endian u32 words:
//   w0 = kind << 30 | slot   (slot < 2^30)
//   w1 = size in bytes       (0 for FREE; calloc carries the total n*size)
// Kinds: MALLOC  slots[slot] = malloc(size)
//        FREE    free(slots[slot])
//        REALLOC slots[slot] = realloc(slots[slot], size)
//        CALLOC  slots[slot] = calloc(1, size)
// A well-formed workload only frees/reallocs live slots, never allocates into
// a live slot, and ends with every slot freed.

export const MALLOC = 0;
export const FREE = 1;
export const REALLOC = 2;
export const CALLOC = 3;
export const KIND_NAMES = ["malloc", "free", "realloc", "calloc"];
export const MAX_SLOT = 2 ** 30 - 1;

/** Growable op buffer that also hands out dense slot numbers. */
export class OpWriter {
  constructor(initialOps = 1 << 16) {
    this.buf = new Uint32Array(initialOps * 2);
    this.n = 0; // words used
    this.freeSlots = []; // stack of released slots: reuse keeps the table small
    this.nextSlot = 0;
  }
  get length() { return this.n >> 1; }
  push(kind, slot, size) {
    if (this.n + 2 > this.buf.length) {
      const b = new Uint32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = ((kind << 30) | slot) >>> 0;
    this.buf[this.n++] = size >>> 0;
  }
  takeSlot() {
    if (this.freeSlots.length) return this.freeSlots.pop();
    if (this.nextSlot > MAX_SLOT) throw new Error("slot space exhausted");
    return this.nextSlot++;
  }
  malloc(size) { const s = this.takeSlot(); this.push(MALLOC, s, size); return s; }
  calloc(size) { const s = this.takeSlot(); this.push(CALLOC, s, size); return s; }
  realloc(slot, size) { this.push(REALLOC, slot, size); }
  free(slot) { this.push(FREE, slot, 0); this.freeSlots.push(slot); }
  finish() { return this.buf.slice(0, this.n); }
}

/** Size histogram bucket label: 16-byte classes up to 512, then coarse. */
const LARGE_BUCKETS = [1024, 4096, 16384, 65536, 262144, 1048576];
export function sizeBucket(size) {
  if (size <= 512) {
    const c = size === 0 ? 0 : (size - 1) >> 4; // class c covers 16c+1 .. 16c+16
    return `${c * 16 + 1}-${c * 16 + 16}`;
  }
  let lo = 513;
  for (const hi of LARGE_BUCKETS) {
    if (size <= hi) return `${lo}-${hi}`;
    lo = hi + 1;
  }
  return `>${LARGE_BUCKETS[LARGE_BUCKETS.length - 1]}`;
}
export function emptyHistogram() {
  const h = {};
  for (let c = 0; c < 32; c++) h[`${c * 16 + 1}-${c * 16 + 16}`] = 0;
  let lo = 513;
  for (const hi of LARGE_BUCKETS) { h[`${lo}-${hi}`] = 0; lo = hi + 1; }
  h[`>${LARGE_BUCKETS[LARGE_BUCKETS.length - 1]}`] = 0;
  return h;
}

/**
 * Checks that `ops` is well-formed and returns exact statistics. Throws on the
 * first violation (with the op index). peakLiveBytes is the max over time of
 * the sum of requested sizes of live blocks. The size histogram counts every
 * request (malloc, calloc and each realloc's new size); size-0 requests are
 * counted in the first bucket.
 */
export function validateOps(ops, { histogram = true } = {}) {
  if (!(ops instanceof Uint32Array)) throw new TypeError("ops must be a Uint32Array");
  if (ops.length % 2) throw new Error("odd number of words");
  let sizes = new Float64Array(1024).fill(-1); // requested size per slot; -1: not live
  const counts = [0, 0, 0, 0];
  let live = 0, liveBytes = 0, maxLive = 0, peakLiveBytes = 0, maxSlot = -1;
  let totalBytesRequested = 0, zeroSizeRequests = 0;
  const hist = histogram ? emptyHistogram() : null;
  const request = (size) => {
    totalBytesRequested += size;
    if (size === 0) zeroSizeRequests++;
    if (hist) hist[sizeBucket(size)]++;
  };
  for (let i = 0; i < ops.length; i += 2) {
    const w0 = ops[i], size = ops[i + 1];
    const kind = w0 >>> 30, slot = w0 & MAX_SLOT;
    const at = () => `op ${i >> 1} (${KIND_NAMES[kind]} slot ${slot} size ${size})`;
    if (slot >= sizes.length) {
      const grown = new Float64Array(Math.max(sizes.length * 2, slot + 1)).fill(-1);
      grown.set(sizes);
      sizes = grown;
    }
    if (slot > maxSlot) maxSlot = slot;
    counts[kind]++;
    const cur = sizes[slot];
    switch (kind) {
      case MALLOC:
      case CALLOC:
        if (cur >= 0) throw new Error(`${at()}: slot already live`);
        sizes[slot] = size;
        live++;
        liveBytes += size;
        request(size);
        break;
      case FREE:
        if (cur < 0) throw new Error(`${at()}: slot not live`);
        if (size !== 0) throw new Error(`${at()}: free with nonzero size word`);
        sizes[slot] = -1;
        live--;
        liveBytes -= cur;
        break;
      case REALLOC:
        if (cur < 0) throw new Error(`${at()}: slot not live`);
        sizes[slot] = size;
        liveBytes += size - cur;
        request(size);
        break;
    }
    if (live > maxLive) maxLive = live;
    if (liveBytes > peakLiveBytes) peakLiveBytes = liveBytes;
  }
  if (live !== 0) throw new Error(`workload ends with ${live} live slots`);
  return {
    ops: ops.length / 2,
    mallocs: counts[MALLOC],
    frees: counts[FREE],
    reallocs: counts[REALLOC],
    callocs: counts[CALLOC],
    maxLiveSlots: maxLive, // max simultaneously live blocks
    slotTableSize: maxSlot + 1, // what the replayer must allocate
    peakLiveBytes,
    totalBytesRequested,
    zeroSizeRequests,
    ...(hist ? { sizeHistogram: hist } : {}),
  };
}

/**
 * A valid workload made of the ops from index `start` on, as many as fit in
 * maxOps together with the frees appended (ascending slot order) for what is
 * still live at the cut. Blocks allocated before `start` do not exist in the
 * window: their frees are dropped and a realloc of one becomes a malloc of
 * its new size. start 0 is a plain prefix. Returns the ops, how many source
 * ops were taken (windowOps), and the frees appended.
 */
export function validWindow(ops, start, maxOps) {
  const total = ops.length / 2;
  const live = new Set();
  const out = new Uint32Array(maxOps * 2);
  let j = 0, n = start;
  for (; n < total; n++) {
    const w0 = ops[2 * n], kind = w0 >>> 30, slot = w0 & MAX_SLOT;
    const known = live.has(slot);
    if (kind === FREE && !known) continue; // allocated before the window
    const outKind = kind === REALLOC && !known ? MALLOC : kind;
    const grows = outKind === MALLOC || outKind === CALLOC;
    // taking op n makes the result j/2 + 1 ops + the live count after it
    if (j / 2 + 1 + live.size + (grows ? 1 : outKind === FREE ? -1 : 0) > maxOps) break;
    if (outKind === FREE) live.delete(slot);
    else if (grows) live.add(slot);
    out[j++] = ((outKind << 30) | slot) >>> 0;
    out[j++] = ops[2 * n + 1];
  }
  const slots = [...live].sort((a, b) => a - b);
  for (const s of slots) { out[j++] = ((FREE << 30) | s) >>> 0; out[j++] = 0; }
  return { ops: out.slice(0, j), windowOps: n - start, appendedFrees: slots.length };
}

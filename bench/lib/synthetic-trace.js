// Deterministic synthetic allocation trace in the driver's op format, for
// self-checks (not a realistic workload). Mixes short- and long-lived
// blocks, sizes 1..512 with a tail up to 64 KiB, realloc and calloc.
import { KIND_CALLOC, KIND_FREE, KIND_MALLOC, KIND_REALLOC } from "./checksum.js";

/** Small fast PRNG (mulberry32) so traces are identical on every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {number} nops number of ops (the trace ends by freeing everything,
 *   included in the count)
 * @param {{ seed?: number, maxLive?: number }} [opts]
 * @returns {Uint32Array} 2 words per op
 */
export function syntheticTrace(nops, { seed = 12345, maxLive = 4096 } = {}) {
  const r = rng(seed);
  const ops = new Uint32Array(2 * nops);
  /** @type {number[]} */ const live = []; // live slots
  /** @type {number[]} */ const freeSlots = [];
  let nextSlot = 0;
  let n = 0;
  const push = (kind, slot, size) => {
    ops[2 * n] = ((kind << 30) | slot) >>> 0;
    ops[2 * n + 1] = size;
    n++;
  };
  const size = () => {
    const x = r();
    if (x < 0.02) return 513 + Math.floor(r() * (65536 - 512)); // rare big blocks
    if (x < 0.05) return 0;
    return 1 + Math.floor(r() * r() * 512); // skewed towards small sizes
  };
  // Leave room to free every live slot at the end.
  while (n + live.length < nops) {
    const x = r();
    const full = live.length >= maxLive;
    if (live.length && (full || x < 0.42)) {
      // free a random live block (random lifetimes)
      const i = Math.floor(r() * live.length);
      const slot = live[i];
      live[i] = live[live.length - 1];
      live.pop();
      freeSlots.push(slot);
      push(KIND_FREE, slot, 0);
    } else if (live.length && x < 0.52) {
      push(KIND_REALLOC, live[Math.floor(r() * live.length)], size());
    } else if (n + live.length + 1 < nops) {
      const slot = freeSlots.length ? freeSlots.pop() : nextSlot++;
      live.push(slot);
      push(x < 0.6 ? KIND_CALLOC : KIND_MALLOC, slot, size());
    } else break;
  }
  while (live.length) push(KIND_FREE, live.pop(), 0);
  return ops.subarray(0, 2 * n);
}

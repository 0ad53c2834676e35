// JS mirror of bench/driver/driver.c's checksum: the value replay() must
// return for a correct allocator. It depends only on the trace, because the
// driver folds in values it wrote itself (tags) or that must be zero (calloc).
// Keep in sync with driver.c (mix, tags, and which words are read when).

export const KIND_MALLOC = 0;
export const KIND_FREE = 1;
export const KIND_REALLOC = 2;
export const KIND_CALLOC = 3;

/** @param {number} h @param {number} v */
function mix(h, v) {
  const x = Math.imul((h ^ v) >>> 0, 0x9e3779b1) >>> 0;
  return ((x << 15) | (x >>> 17)) >>> 0;
}
/** @param {number} slot @param {number} size */
const firstTag = (slot, size) => (Math.imul(slot, 2654435761 | 0) ^ size) >>> 0;
/** @param {number} slot @param {number} size */
const lastTag = (slot, size) => (firstTag(slot, size) ^ 0xa5a5a5a5) >>> 0;

/** Default ops per replay() call; replayInWasm uses the same default. */
export const DEFAULT_CHUNK_OPS = 65536;

/**
 * Checksum that replayInWasm(file, ops, { chunkOps }) reports for a correct
 * allocator: the trace is replayed in calls of `chunkOps` ops, each call's
 * checksum (see callChecksum) folded in order with mix(), starting from 0.
 * @param {Uint32Array} ops 2 words per op: kind << 30 | slot, size
 * @param {{ chunkOps?: number }} [opts]
 * @returns {number} u32
 */
export function expectedChecksum(ops, { chunkOps = DEFAULT_CHUNK_OPS } = {}) {
  const sizes = new Map();
  let acc = 0;
  for (let i = 0; i < ops.length; i += 2 * chunkOps) {
    acc = combineChecksums(acc, callChecksum(ops.subarray(i, i + 2 * chunkOps), sizes));
  }
  return acc;
}

/**
 * The value one driver replay() call returns for a correct allocator.
 * @param {Uint32Array} ops this call's ops
 * @param {Map<number, number>} sizes slot -> live requested size, carried
 *   between calls (starts empty, like the zeroed slot table)
 * @returns {number} u32
 */
export function callChecksum(ops, sizes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < ops.length; i += 2) {
    const w0 = ops[i], size = ops[i + 1];
    const kind = w0 >>> 30, slot = w0 & 0x3fffffff;
    // 0 for an empty slot; a NULL block (malloc(0) may return it) has size
    // < 4 and is never read, so pointers need not be modelled.
    const old = sizes.get(slot) ?? 0;
    if (kind === KIND_FREE || kind === KIND_REALLOC) {
      if (old >= 4) h = mix(h, firstTag(slot, old));
      if (old >= 8) h = mix(h, lastTag(slot, old));
    }
    if (kind === KIND_FREE) {
      sizes.delete(slot);
      continue;
    }
    if (kind === KIND_CALLOC && size >= 4) h = mix(h, 0);
    if (kind === KIND_REALLOC && old >= 4 && size >= 4) h = mix(h, firstTag(slot, old));
    sizes.set(slot, size);
  }
  return h >>> 0;
}

/**
 * Folds one replay() call's checksum into the running trace checksum.
 * @param {number} acc @param {number} chunk
 */
export function combineChecksums(acc, chunk) {
  return mix(acc, chunk);
}

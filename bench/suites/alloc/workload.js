// One workload prepared for the allocator suite: the ops plus the facts the
// passes need (expected checksums for both paths, slot table size, and how
// much fresh memory the bump baseline would need).
import { expectedChecksum } from "../../lib/checksum.js";

// bench/baselines/bump/bump.c: a 16-byte header + the size rounded up to 16,
// for every malloc, calloc and realloc (realloc always moves).
function bumpNeedBytes(ops) {
  let total = 0;
  for (let i = 0; i < ops.length; i += 2) {
    if (ops[i] >>> 30 !== 1) total += 16 + Math.ceil(ops[i + 1] / 16) * 16;
  }
  return total;
}

/**
 * @param {{ name: string, kind: string, description: string, load(): Promise<{ ops: Uint32Array, meta: any }> }} w
 */
export async function prepareWorkload(w) {
  const { ops, meta } = await w.load();
  const nops = ops.length / 2;
  return {
    name: w.name,
    kind: w.kind,
    description: w.description,
    ops,
    nops,
    nslots: meta.slotTableSize,
    peakLiveBytes: meta.peakLiveBytes,
    facts: {
      ops: nops,
      mallocs: meta.mallocs, frees: meta.frees, reallocs: meta.reallocs, callocs: meta.callocs,
      maxLiveSlots: meta.maxLiveSlots,
      peakLiveBytes: meta.peakLiveBytes,
      totalBytesRequested: meta.totalBytesRequested,
      bumpNeedBytes: bumpNeedBytes(ops),
      ...(meta.quick ? { quick: meta.quick } : {}),
    },
    // The driver checksums per 64k-op call (replayInWasm's chunks); the JS
    // loop replays the trace in one go.
    expected: { wasm: expectedChecksum(ops), js: expectedChecksum(ops, { chunkOps: Math.max(1, nops) }) },
  };
}

// Wasm memory against operations: each allocator replays the workload once
// more (untimed) in PROFILE_POINTS chunks, and the Wasm memory size is read
// after each; the bytes the trace holds live at the same points are computed
// from the ops. bench/report/memory-chart.js draws them.
import { replayInWasm } from "../../lib/wasm-allocators.js";
import { MAX_SLOT, FREE } from "../../workloads/ops.js";

export const PROFILE_POINTS = 100;

/** Requested bytes live after every `step` ops (and at the end). */
export function liveBytesSeries(ops, step) {
  const sizes = new Map();
  let live = 0;
  const out = [];
  const nops = ops.length / 2;
  for (let i = 0; i < nops; i++) {
    const kind = ops[2 * i] >>> 30, slot = ops[2 * i] & MAX_SLOT, size = ops[2 * i + 1];
    live -= sizes.get(slot) ?? 0;
    if (kind === FREE) sizes.delete(slot);
    else { sizes.set(slot, size); live += size; }
    if ((i + 1) % step === 0 || i + 1 === nops) out.push([i + 1, live]);
  }
  return out;
}

/**
 * @param {{ name: string, file?: string }[]} allocators Wasm allocators to profile
 * @param {{ ops: Uint32Array, nops: number }} w
 */
export async function memoryProfile(allocators, w) {
  const step = Math.max(1, Math.ceil(w.nops / PROFILE_POINTS));
  /** @type {Record<string, [number, number][]>} */
  const memory = {};
  for (const a of allocators) {
    const points = [];
    const r = await replayInWasm(/** @type {string} */ (a.file), w.ops, { chunkOps: step, onChunk: (done, bytes) => points.push([done, bytes]) });
    if (!r.failedOp) memory[a.name] = points;
  }
  return { step, liveBytes: liveBytesSeries(w.ops, step), memory };
}

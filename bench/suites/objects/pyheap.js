// Runs a shape on pyheap: a fresh createHeap() per shape (as python3 gets a
// fresh process), warm-up + timed repetitions.
//
// The facade is imported from the TypeScript source (src/index.ts, through
// tsx, a devDependency) rather than dist/: dist/ is only as new as the last
// `npm run build:ts`, and the suite must measure the tree it runs in. The
// Wasm is build/release.wasm, which src/ loads itself.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";
import { sha256 } from "../../lib/baseline-toolchain.js";
import { fullGc } from "../../lib/gc.js";
import { SHAPES, runOnce } from "./shapes.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** @type {Promise<{ createHeap: (opts?: any) => Promise<any> }> | undefined} */
let facade;
export function loadFacade() {
  facade ??= tsImport("../../../src/index.ts", import.meta.url);
  return facade;
}

/** What was measured: source of the facade and the Wasm build's hash. */
export function pyheapBuildInfo() {
  const wasm = readFileSync(`${ROOT}build/release.wasm`);
  return { facade: "src/index.ts (via tsx)", wasm: "build/release.wasm", sha256: sha256(wasm), bytes: wasm.length };
}

/**
 * @param {{ shape: string, n: number, reps: number, warmup: number, young?: number, pairs?: number }} spec
 * @returns {Promise<{ phases: Record<string, number[]>, memory: any, found: number[], gcThresholds: number[] }>}
 */
export async function runPyheap(spec) {
  const { createHeap } = await loadFacade();
  const heap = await createHeap();
  const isGc = spec.shape.startsWith("gc-");
  const ctx = { heap, A: heap.str("a value"), B: heap.float(2.5), C: heap.newClass("C") };
  // A, B, C (and what they hold) stay live; everything a shape builds must
  // be gone after it (liveAfter === liveBefore), or pyheap leaked.
  const out = { phases: {}, memory: null, found: [], gcThresholds: heap.gc.getThreshold(), liveBefore: heap.memoryInfo().liveObjects };
  if (isGc) heap.gc.disable(); // as shapes.py: only the timed collect() collects
  try {
    for (let rep = 0; rep < spec.warmup + spec.reps; rep++) {
      heap.gc.collect(); // the same starting state every rep (untimed)
      fullGc(); // V8's garbage, so it is not collected inside a timed phase
      const before = heap.memoryInfo();
      const st = { young: spec.young ?? 0, pairs: spec.pairs ?? 0, capture: rep === 0 };
      const phases = runOnce(SHAPES[spec.shape](ctx, spec.n, st));
      if (rep === 0 && st.peak) {
        // First build on a fresh heap: how much the Wasm memory grew (the
        // analogue of python3's RSS growth), and the bytes in live blocks.
        out.memory = {
          wasmGrowthBytes: st.peak.wasmMemoryBytes - before.wasmMemoryBytes,
          bytesInUse: st.peak.bytesInUse - before.bytesInUse,
          wasmMemoryBytes: st.peak.wasmMemoryBytes,
        };
      }
      if (rep < spec.warmup) continue;
      for (const [k, v] of Object.entries(phases)) (out.phases[k] ??= []).push(v);
      if (st.found !== undefined) out.found.push(st.found);
    }
    heap.gc.collect();
    out.liveAfter = heap.memoryInfo().liveObjects;
  } finally {
    heap.close();
  }
  return out;
}

// The allocators the allocator suite compares, with what each is checked
// against. Wasm modules run on both paths (in Wasm through the driver, and
// from JS); @thi.ng/malloc is a JS library, so it only runs from JS.
import { ALLOCATORS } from "./wasm-allocators.js";
import { snapshotPyheap } from "./pyheap-build.js";
import { loadThingMalloc, THING_NAME } from "./thing-malloc.js";

// Baselines that hand out 8-byte aligned blocks (their verify fails at 16;
// that is how these builds are configured, not a bug): verified at 8 and
// flagged in the report.
const ALIGN_8 = {
  emmalloc: "8-byte aligned (Emscripten's emmalloc on wasm32)",
  "dlmalloc-emscripten": "8-byte aligned (Emscripten's dlmalloc build on wasm32)",
};

/**
 * @typedef {{
 *   name: string, kind: "wasm" | "js", role: "baseline" | "pyheap" | "js-library",
 *   description: string, file?: string, align: number, alignNote?: string,
 *   dlmalloc: boolean, bump: boolean, build?: object, lib?: any, version?: string,
 * }} AllocatorEntry
 */

/**
 * @param {{ rebuild?: boolean, log?: (msg: string) => void }} [opts]
 * @returns {Promise<{ allocators: AllocatorEntry[], skipped: { name: string, reason: string }[] }>}
 */
export async function loadCatalogue(opts = {}) {
  /** @type {AllocatorEntry[]} */
  const allocators = [];
  const skipped = [];
  for (const a of ALLOCATORS) {
    allocators.push({
      name: a.name, kind: "wasm", role: "baseline", description: a.description, file: a.file,
      align: ALIGN_8[a.name] ? 8 : 16, alignNote: ALIGN_8[a.name],
      dlmalloc: a.name.startsWith("dlmalloc"), bump: a.name === "bump",
    });
  }
  for (const p of await snapshotPyheap(opts)) {
    allocators.push({
      name: p.name, kind: "wasm", role: "pyheap", description: p.description, file: p.file,
      align: p.align, alignNote: p.alignNote, dlmalloc: false, bump: false,
      build: { source: p.source, sha256: p.sha256, bytes: p.bytes },
    });
  }
  const thing = await loadThingMalloc();
  if (thing) {
    allocators.push({
      name: THING_NAME, kind: "js", role: "js-library", version: thing.version, lib: thing.MemPool,
      description: `@thi.ng/malloc ${thing.version} MemPool (TypeScript, over one fixed ArrayBuffer; defaults: align 8, split + compact)`,
      align: 8, alignNote: "8-byte aligned (the library's default `align`)", dlmalloc: false, bump: false,
    });
  } else {
    skipped.push({ name: THING_NAME, reason: "not installed (npm install --save-dev @thi.ng/malloc)" });
  }
  return { allocators, skipped };
}

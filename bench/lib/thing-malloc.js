// @thi.ng/malloc (a malloc in TypeScript over one fixed ArrayBuffer) as a
// JS-path target. Optional: if the package is not installed the suite
// reports it as skipped (install: npm install --save-dev @thi.ng/malloc).
//
// Its pool cannot grow, so the buffer is sized from the trace up front:
// POOL_FACTOR x peak live requested bytes + POOL_SLACK (its 8-byte headers,
// 8-byte rounding and fragmentation must fit; an allocation that does not
// fit returns 0 and is reported as a failure). Its memory figure is the
// pool's high-water mark (`top`, the end of the highest block ever carved),
// the counterpart of a Wasm module's never-shrinking memory size.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const THING_NAME = "@thi.ng/malloc";
const POOL_FACTOR = 4;
const POOL_SLACK = 16 << 20;

/** @returns {Promise<{ MemPool: any, version: string } | null>} */
export async function loadThingMalloc() {
  const require = createRequire(import.meta.url);
  const local = fileURLToPath(new URL("../.cache/thing/node_modules/@thi.ng/malloc/index.js", import.meta.url));
  for (const resolve of [() => require.resolve("@thi.ng/malloc"), () => require.resolve(local)]) {
    try {
      const entry = resolve();
      const { MemPool } = await import(pathToFileURL(entry).href);
      // package.json is not in the package's "exports": read it next to the entry.
      const pkg = JSON.parse(await readFile(join(dirname(entry), "package.json"), "utf8"));
      return { MemPool, version: pkg.version };
    } catch {
      // try the next location
    }
  }
  return null;
}

/** Pool size for a trace: see POOL_FACTOR. */
export function poolBytesFor(peakLiveBytes) {
  const want = POOL_FACTOR * peakLiveBytes + POOL_SLACK;
  return Math.min(2 ** 31, Math.ceil(want / 65536) * 65536);
}

/**
 * A fresh pool as a JS target ({ malloc, free, realloc, calloc, buffer }),
 * with the library's defaults (align 8, split and compact on), as an npm
 * user would create it. highWater() is the largest `top` seen by sample().
 * @param {any} MemPool
 * @param {number} bytes
 */
export function thingTarget(MemPool, bytes) {
  const pool = new MemPool({ size: bytes });
  const buf = pool.buf;
  let high = pool.top;
  return {
    // C semantics on top of the pool's API: realloc(NULL, n) is malloc(n);
    // calloc(n, size) is a zeroed malloc(n * size).
    malloc: (n) => pool.malloc(n),
    free: (p) => { pool.free(p); },
    realloc: (p, n) => (p ? pool.realloc(p, n) : pool.malloc(n)),
    calloc: (k, n) => pool.calloc(k * n),
    buffer: () => buf,
    sample: () => { if (pool.top > high) high = pool.top; },
    highWater: () => Math.max(high, pool.top),
    // For failure reports: the pool's own view (its used list is O(n) to walk).
    describe: () => {
      const st = pool.stats();
      return `pool: top ${st.top} of ${st.total} bytes; its used list holds ${st.used.count} blocks (${st.used.size} B), its free list ${st.free.count} blocks (${st.free.size} B)`;
    },
    pool,
  };
}

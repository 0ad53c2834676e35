// Workload catalogue for the benchmark driver.
//
//   const list = await listWorkloads({ quick });
//   for (const w of list) { const { ops, meta } = await w.load(); ... }
//
// Synthetic workloads are generated on load(); recorded CPython traces are
// read from bench/traces/<name>.ops.gz on load(). With `quick`, synthetic
// generators run at ~20k ops and traces are cut to a 20k-op window from the
// middle of the run (QUICK_TRACE_AT), made valid by validWindow: CPython's
// start-up alone is ~160k ops, the same in every trace, so a prefix would
// make the three quick traces one workload.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { endianness } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { validateOps, validWindow } from "./ops.js";
import { SYNTHETIC_NAMES, describeSynthetic, generateSynthetic, QUICK_OPS } from "./synthetic.js";

export { validateOps, validWindow } from "./ops.js";
export { MALLOC, FREE, REALLOC, CALLOC, KIND_NAMES } from "./ops.js";
export { generateSynthetic, SYNTHETIC_NAMES, QUICK_OPS } from "./synthetic.js";

export const TRACES_DIR = fileURLToPath(new URL("../traces/", import.meta.url));
const gunzipAsync = promisify(gunzip);
// Where a quick trace's window starts, as a fraction of the trace: half way
// is well past start-up (under 10% of every committed trace) and inside what
// each program does.
export const QUICK_TRACE_AT = 0.5;

// The files are little-endian words; a Uint32Array view is host-endian.
if (endianness() !== "LE") throw new Error("bench workloads assume a little-endian host");

/** Names of recorded traces present on disk (both .json and .ops.gz). */
export function listTraceNames(dir = TRACES_DIR) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ops.gz"))
    .map((f) => f.slice(0, -".ops.gz".length))
    .filter((n) => existsSync(join(dir, `${n}.json`)))
    .sort();
}

/** Reads a trace; quick -> a valid ~20k-op window with recomputed stats. */
export async function loadTrace(name, { quick = false, dir = TRACES_DIR } = {}) {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
  const raw = await gunzipAsync(await readFile(join(dir, `${name}.ops.gz`)));
  if (raw.length % 8) throw new Error(`${name}.ops.gz: length ${raw.length} not a multiple of 8`);
  // copy: the gunzip Buffer may not be 4-byte aligned
  const full = new Uint32Array(raw.length / 4);
  new Uint8Array(full.buffer).set(raw);
  if (!quick) return { ops: full, meta: { ...meta, kind: "cpython-trace" } };
  const windowStart = Math.floor((full.length / 2) * QUICK_TRACE_AT);
  const { ops, windowOps, appendedFrees } = validWindow(full, windowStart, QUICK_OPS);
  const { sizeHistogram, ...stats } = validateOps(ops);
  return {
    ops,
    meta: {
      name, kind: "cpython-trace", description: meta.description, python: meta.python,
      quick: { windowStart, windowOps, appendedFrees, fullOps: meta.ops },
      ...stats, sizeHistogram,
    },
  };
}

/**
 * Every workload, synthetic first, then traces:
 * [{ name, kind: "synthetic"|"cpython-trace", description, load() }]
 */
export function listWorkloads({ quick = false, tracesDir = TRACES_DIR } = {}) {
  const synthetic = SYNTHETIC_NAMES.map((name) => ({
    name,
    kind: "synthetic",
    description: describeSynthetic(name).description,
    load: async () => {
      const { ops, meta } = generateSynthetic(name, { quick });
      return { ops, meta };
    },
  }));
  const traces = listTraceNames(tracesDir).map((name) => ({
    name,
    kind: "cpython-trace",
    description: JSON.parse(readFileSync(join(tracesDir, `${name}.json`), "utf8")).description,
    load: () => loadTrace(name, { quick, dir: tracesDir }),
  }));
  return [...synthetic, ...traces];
}

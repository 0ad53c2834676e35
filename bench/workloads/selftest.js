#!/usr/bin/env node
// Validates every workload (synthetic and recorded traces, full and quick),
// checks that generation is deterministic, and prints a summary table.
//   node bench/workloads/selftest.js [--quick-only]
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { listWorkloads, validateOps, generateSynthetic, TRACES_DIR } from "./index.js";

const quickOnly = process.argv.includes("--quick-only");
const sha = (ops) => createHash("sha256").update(ops).digest("hex").slice(0, 12);
const rows = [];
let failures = 0;

for (const quick of quickOnly ? [true] : [true, false]) {
  for (const w of listWorkloads({ quick })) {
    const t0 = performance.now();
    try {
      const { ops, meta } = await w.load();
      const ms = performance.now() - t0;
      const s = validateOps(ops, { histogram: false });
      // stored/computed metadata must agree with an independent validation
      for (const k of ["ops", "peakLiveBytes", "maxLiveSlots"]) {
        if (meta[k] !== s[k]) throw new Error(`meta.${k}=${meta[k]} but validateOps says ${s[k]}`);
      }
      if (w.kind === "synthetic") { // same seed -> same bytes
        const again = generateSynthetic(w.name, { quick }).ops;
        if (sha(again) !== sha(ops)) throw new Error("generator is not deterministic");
      }
      const file = w.kind === "cpython-trace" ? statSync(join(TRACES_DIR, `${w.name}.ops.gz`)).size : null;
      rows.push({ scale: quick ? "quick" : "full", name: w.name, kind: w.kind, ops: s.ops,
        mallocs: s.mallocs, frees: s.frees, reallocs: s.reallocs, callocs: s.callocs,
        peakLiveBytes: s.peakLiveBytes, maxLiveSlots: s.maxLiveSlots,
        gzBytes: file ?? "-", sha256: sha(ops), loadMs: Math.round(ms) });
    } catch (e) {
      failures++;
      console.error(`FAIL ${quick ? "quick" : "full"} ${w.name}: ${e.message}`);
    }
  }
}

// validateOps must reject malformed workloads.
const op = (kind, slot, size = 0) => [((kind << 30) | slot) >>> 0, size];
const bad = {
  "free of a never-allocated slot": [op(1, 0)],
  "double free": [op(0, 0, 8), op(1, 0), op(1, 0)],
  "malloc into a live slot": [op(0, 0, 8), op(0, 0, 8), op(1, 0)],
  "realloc of a dead slot": [op(0, 0, 8), op(1, 0), op(2, 0, 16)],
  "ends with live blocks": [op(3, 0, 8)],
};
for (const [what, list] of Object.entries(bad)) {
  let threw = false;
  try { validateOps(new Uint32Array(list.flat())); } catch { threw = true; }
  if (!threw) { failures++; console.error(`FAIL validateOps accepted: ${what}`); }
}
const good = validateOps(new Uint32Array([op(0, 0, 10), op(3, 1, 30), op(2, 0, 100), op(1, 1), op(1, 0)].flat()));
if (good.peakLiveBytes !== 130 || good.maxLiveSlots !== 2) { failures++; console.error("FAIL validateOps stats", good); }

const cols = Object.keys(rows[0] ?? {});
const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
const line = (vals) => vals.map((v, i) => (typeof v === "number" ? String(v).padStart(width[i]) : String(v).padEnd(width[i]))).join("  ");
console.log(line(cols));
for (const r of rows) console.log(line(cols.map((c) => r[c])));
console.log(failures ? `\n${failures} workload(s) FAILED` : `\nall ${rows.length} workloads valid`);
process.exit(failures ? 1 : 0);

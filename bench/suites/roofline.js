// The roofline suite: what one allocation costs each allocator, with the
// loop inside Wasm (bench/driver/roofline.c) so that the JS->Wasm boundary
// is paid once per timed call, and the loop's own cost, measured with the
// null allocator, subtracted. `npm run bench -- --only roofline` runs it
// alone; add --quick to iterate (about half a minute).
import { loadCatalogue } from "../lib/catalogue.js";
import { ALLOCATORS, NULL_ALLOCATOR } from "../lib/wasm-allocators.js";
import { PYHEAP_MODULES } from "../lib/pyheap-build.js";
import { tierProbeAvailable } from "../lib/v8-tier.js";
import { readFileSync } from "node:fs";
import { ROOFLINE_WORKLOADS } from "./roofline/workloads.js";
import { measureWorkload } from "./roofline/measure.js";
import { PUBLISHED } from "./roofline/published.js";
import { rooflineMarkdown } from "../report/roofline-markdown.js";
import { rooflineVerdicts } from "../report/roofline-targets.js";
import { rooflineChart } from "../report/roofline-chart.js";

// Full: 9 timed repetitions (a burst of load on a shared machine can cover
// 2-3 in a row; the median of 9 rides it out). Quick: 3.
// shortMax: V8 needs ~10^5 loop iterations per function before it tiers up;
// at n/50 per short call that is reached well within 200 calls.
export const PLAN = {
  full: { reps: 9, shortMax: 200, settleMin: 3, settleMax: 10, settleRatio: 1.1 },
  quick: { reps: 3, shortMax: 200, settleMin: 3, settleMax: 5, settleRatio: 1.1 },
};

// pyheap's builds the roofline measures: all but the legacy geometry.
const ROOFLINE_PYHEAPS = PYHEAP_MODULES.map((m) => m.name).filter((n) => n !== "pyheap-legacy");

const exportNames = (file) => WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(file))).map((e) => e.name);

/** Names --only understands for this suite: workloads and allocators. */
function names() {
  return [...ROOFLINE_WORKLOADS.map((w) => w.name), ...ALLOCATORS.map((a) => a.name), ...ROOFLINE_PYHEAPS];
}

/**
 * @param {{ quick: boolean, reps?: number, only?: string[], rebuild?: boolean, log: (msg: string) => void }} opts
 */
async function run(opts) {
  const { log } = opts;
  const plan = { ...(opts.quick ? PLAN.quick : PLAN.full), quick: opts.quick };
  if (opts.reps) plan.reps = opts.reps;
  const catalogue = await loadCatalogue({ rebuild: opts.rebuild, log });
  const every = catalogue.allocators.filter((a) => a.kind === "wasm" && (a.role !== "pyheap" || ROOFLINE_PYHEAPS.includes(a.name)));
  const only = opts.only ?? [];
  const pickA = only.filter((n) => every.some((a) => a.name === n));
  const pickW = only.filter((n) => ROOFLINE_WORKLOADS.some((w) => w.name === n));
  const allocators = every.filter((a) => !pickA.length || pickA.includes(a.name))
    .map((a) => ({ name: a.name, file: /** @type {string} */ (a.file), align: a.align, bump: a.bump, dlmalloc: a.dlmalloc, role: a.role, description: a.description, exportNames: exportNames(a.file) }));
  const workloads = ROOFLINE_WORKLOADS.filter((w) => !pickW.length || pickW.includes(w.name));
  const nullAlloc = { name: NULL_ALLOCATOR.name, file: NULL_ALLOCATOR.file, align: 64, isNull: true, exportNames: exportNames(NULL_ALLOCATOR.file) };
  log(`roofline suite: ${workloads.length} workloads x ${allocators.length} allocators + null, ` +
    `${plan.reps} interleaved reps${opts.quick ? " (quick)" : ""}; tier probe ${tierProbeAvailable() ? "on" : "unavailable"}`);

  /** @type {Record<string, any>} */
  const results = {};
  for (const [i, w] of workloads.entries()) {
    log(`[${i + 1}/${workloads.length}] roofline ${w.name}`);
    results[w.name] = await measureWorkload(allocators, nullAlloc, w, plan, log);
  }
  const problems = checksumProblems(results);
  for (const p of problems) log(`  checksum: ${p}`);
  const result = {
    suite: "roofline",
    quick: opts.quick,
    plan,
    tierProbe: tierProbeAvailable(),
    allocators: allocators.map(({ file, ...rest }) => rest),
    workloads: workloads.map((w) => ({ name: w.name, title: w.title, unit: w.unit, n: opts.quick ? w.n.quick : w.n.full, bumpMax: w.bumpMax })),
    results,
    published: PUBLISHED,
    problems,
    correctnessSummary: Object.fromEntries(allocators.map((a) => [a.name, {
      status: problems.some((p) => p.startsWith(`${a.name}:`)) ? "fail" : "pass", required: true,
    }])),
  };
  return { ...result, targets: { primary: rooflineVerdicts(result) } };
}

/**
 * The loops' checksums depend only on the bytes read back, so every correct
 * allocator that ran the same n must agree (the majority value wins).
 * @param {Record<string, any>} results
 */
function checksumProblems(results) {
  const out = [];
  for (const [w, { results: row }] of Object.entries(results)) {
    /** @type {Map<string, string[]>} */
    const byKey = new Map();
    for (const [name, r] of Object.entries(row)) {
      if (r.status !== "ok") continue;
      if (r.checksums.length !== 1) { out.push(`${name}: ${w}: checksum differed between calls (${r.checksums.join(", ")})`); continue; }
      const key = `${r.n}:${r.checksums[0]}`;
      byKey.set(key, [...(byKey.get(key) ?? []), name]);
    }
    /** @type {Map<number, [string, string[]][]>} */
    const byN = new Map();
    for (const [key, names] of byKey) {
      const n = Number(key.split(":")[0]);
      byN.set(n, [...(byN.get(n) ?? []), [key, names]]);
    }
    for (const groups of byN.values()) {
      if (groups.length < 2) continue;
      groups.sort((a, b) => b[1].length - a[1].length);
      for (const [, names] of groups.slice(1)) for (const name of names) out.push(`${name}: ${w}: checksum differs from ${groups[0][1].join(", ")}`);
    }
  }
  return out;
}

export const rooflineSuite = {
  name: "roofline",
  title: "Roofline: the allocator's own cost",
  names,
  run,
  markdown: rooflineMarkdown,
  charts: (result) => [{ file: "roofline.svg", svg: rooflineChart(result) }],
};

// Markdown section of the roofline suite: net ns per operation for every
// allocator (the null allocator's loop cost subtracted), the same as a ratio
// to the best dlmalloc, wasmalloc's published figures beside them, then the
// floors, the warm-up evidence, and the Wasm memory each workload left.
import { fmtBytes, fmtNs, fmtRatio, table } from "./format.js";
import { evaluateRooflineTargets, ROOFLINE_TARGET, ROOFLINE_REFERENCE, ROOFLINE_SUBJECT, ROOFLINE_COMPARED } from "./roofline-targets.js";

const DLMALLOCS = ["dlmalloc-wasi", "dlmalloc-emscripten"];

const ok = (r) => r?.status === "ok" && r.netNsPerOp;

/**
 * A net figure the floor's noise swamps: some repetition of the allocator
 * ran faster than the null allocator's median, so the allocator's own cost
 * is below what this run can resolve (large_alloc_free: touching the pages
 * costs far more than the allocation). Such a figure is no measurement and
 * has no ratio; the report says ≈0 and gives the range.
 */
export const withinNoise = (r) => ok(r) && r.netNsPerOp.min <= 0;
/** A run whose net figure measures the allocator. */
export const measured = (r) => ok(r) && !withinNoise(r);

const range = (r) => `${fmtNs(r.netNsPerOp.min)}–${fmtNs(r.netNsPerOp.max)}`;
const cellOf = (r) => (measured(r) ? `${fmtNs(r.netNsPerOp.median)} (${range(r)})` : withinNoise(r) ? `≈0 (${range(r)})`
  : r?.status === "n/a" ? "n/a" : r?.status === "failed" ? "FAILED" : "–");

/** Best dlmalloc net median on a workload row (NaN if none was measured). */
export function bestDlmallocNet(row) {
  const v = DLMALLOCS.map((n) => row[n]).filter(measured).map((r) => r.netNsPerOp.median);
  return v.length ? Math.min(...v) : NaN;
}

/** @param {any} result the roofline suite's result */
export function rooflineMarkdown(result) {
  const allocs = result.allocators.map((a) => a.name);
  const pub = result.published;
  const out = ["## Roofline: the allocator's own cost", ""];
  if (result.quick) out.push("_Quick run: short loops and few repetitions; not the real numbers._", "");
  out.push(
    "Each workload is one loop in Wasm (bench/driver/roofline.c) calling the allocator's own exports, so the JS->Wasm " +
    "boundary is paid once per timed call. The same loop run against the null allocator (every request gets one scratch " +
    "block, free does nothing) is the loop's own cost, and is subtracted: the figures are **net ns per operation**, " +
    `median of ${result.plan.reps} interleaved repetitions (min–max in parentheses). ` +
    "The three right-hand columns are wasmalloc's published figures, **published, not measured here**: " +
    `${pub.engine}; ${pub.note}. Source: ${pub.source}.`, "");
  out.push(targetsText(result), "");
  const rows = result.workloads.map((w) => {
    const row = result.results[w.name].results;
    const p = pub.figures[w.name] ?? {};
    return [`${w.name} (${w.unit})`, ...allocs.map((a) => cellOf(row[a])), ...pub.columns.map((c) => (p[c] !== undefined ? fmtNs(p[c]) : "–"))];
  });
  out.push(table(["workload (one op)", ...allocs, ...pub.columns.map((c) => `${c} (published)`)], rows));

  out.push("", "Net ns/op as a ratio to the best dlmalloc build (dlmalloc = 1.0; below 1 is faster):", "");
  out.push(table(["workload", ...allocs], result.workloads.map((w) => {
    const row = result.results[w.name].results;
    const dl = bestDlmallocNet(row);
    return [w.name, ...allocs.map((a) => (withinNoise(row[a]) ? "≈0" : !measured(row[a]) ? row[a]?.status ?? "–"
      : Number.isFinite(dl) ? fmtRatio(row[a].netNsPerOp.median / dl) : "no dlmalloc measured"))];
  })));

  out.push("", "The floor (null allocator, ns/op: the loop and the calls themselves) and each allocator's gross median:", "");
  out.push(table(["workload", "floor", ...allocs.map((a) => `${a} gross`)], result.workloads.map((w) => {
    const { floors, results: row } = result.results[w.name];
    const fl = Object.entries(floors).map(([how, f]) => (f.status === "ok" ? `${fmtNs(f.nsPerOp.median)}${Object.keys(floors).length > 1 ? ` (${f.howLabel})` : ""}` : "FAILED")).join("; ");
    return [w.name, fl, ...allocs.map((a) => (row[a]?.status === "ok" ? fmtNs(row[a].nsPerOp.median) : row[a]?.status ?? "–"))];
  })));

  const notes = [];
  for (const w of result.workloads) {
    for (const a of allocs) {
      const r = result.results[w.name].results[a];
      if (r?.status === "n/a") notes.push(`- ${a} on ${w.name}: n/a, ${r.reason}.`);
      if (r?.status === "failed") notes.push(`- ${a} on ${w.name}: FAILED, ${r.reason}.`);
      if (r?.status === "ok" && r.how !== "malloc") notes.push(`- ${a} on ${w.name}: ${r.howLabel}.`);
      if (r?.status === "ok" && r.n !== w.n) notes.push(`- ${a} on ${w.name}: ${r.n} per call instead of ${w.n} (bump never reuses memory; a fresh instance per call stays small).`);
    }
  }
  const noisy = result.workloads.flatMap((w) => allocs.filter((a) => withinNoise(result.results[w.name].results[a])).map((a) => `${a} on ${w.name}`));
  if (noisy.length) {
    notes.push(`- ≈0, within the floor's noise: ${noisy.join(", ")}. At least one repetition ran faster than the null ` +
      "allocator's median, so the allocator's own cost is below what this run resolves; the range is the net of each repetition.");
  }
  for (const p of result.problems) notes.push(`- **checksum problem:** ${p}`);
  if (notes.length) out.push("", "Notes:", "", ...notes);

  const cost = checkCostText(result);
  if (cost) out.push("", cost);

  out.push("", "### How we know the optimizing tier ran", "", warmupText(result));

  out.push("", "Wasm memory at the end of each workload (the largest any call reached):", "");
  out.push(table(["workload", ...allocs], result.workloads.map((w) => {
    const row = result.results[w.name].results;
    return [w.name, ...allocs.map((a) => (row[a]?.status === "ok" ? fmtBytes(row[a].memoryBytes) : "–"))];
  })));
  return out.join("\n");
}

// The default build against the same allocator without live bits: what
// keeping free's O(1) refusal of double frees and interior pointers costs.
function checkCostText(result) {
  const rows = result.workloads.flatMap((w) => {
    const row = result.results[w.name].results;
    const [c, u] = [row[ROOFLINE_SUBJECT], row[ROOFLINE_COMPARED]];
    if (!measured(c) || !measured(u)) return [];
    return [[w.name, fmtNs(c.netNsPerOp.median), fmtNs(u.netNsPerOp.median), fmtRatio(c.netNsPerOp.median / u.netNsPerOp.median)]];
  });
  if (!rows.length) return null;
  return ["### What the safety check costs", "",
    `${ROOFLINE_SUBJECT} keeps a live bit per block, so that \`free\` refuses a double free or a pointer into a block in O(1); ` +
    `${ROOFLINE_COMPARED} is the same allocator without it. Net ns/op from the table above, and the checked build's time ` +
    "as a multiple of the unchecked one's:", "",
    table(["workload", `${ROOFLINE_SUBJECT} net`, `${ROOFLINE_COMPARED} net`, "checked / unchecked"], rows)].join("\n");
}

function targetsText(result) {
  const out = ["### Targets", ""];
  if (result.quick) out.push("_Quick run: short loops and few repetitions; this is not the verdict._", "");
  const rows = evaluateRooflineTargets(result);
  if (!rows) {
    out.push(`NOT EVALUATED: ${ROOFLINE_SUBJECT} and ${ROOFLINE_REFERENCE} must both run every small-object workload.`);
    return out.join("\n");
  }
  out.push(...targetLines(ROOFLINE_SUBJECT, rows, "**"), "",
    "The replay targets (geometric mean, memory) are in the allocator suite's section.", "");
  out.push(targetTable(ROOFLINE_SUBJECT, rows));
  const compared = evaluateRooflineTargets(result, ROOFLINE_COMPARED);
  if (compared) {
    out.push("", `For comparison (not the verdict): ${ROOFLINE_COMPARED}, the same allocator without the live bitmap ` +
      "(a double free of a small block is not refused), on the same targets:", "",
    ...targetLines(ROOFLINE_COMPARED, compared, ""), "", targetTable(ROOFLINE_COMPARED, compared));
  }
  return out.join("\n");
}

// The two verdict lines for `name` (`em` emphasises the primary one's).
function targetLines(name, rows, em) {
  const half = rows.filter((r) => r.metHalf).length;
  const wm = rows.filter((r) => r.metWasmalloc).length;
  const word = (n) => (n === rows.length ? "MET" : "NOT MET");
  return [
    `- ${em}${name}'s net ns/op <= ${fmtRatio(ROOFLINE_TARGET)} ${ROOFLINE_REFERENCE}'s on each small-object workload: ` +
    `${word(half)}${em} (${half} of ${rows.length}).`,
    `- ${em}${name}'s ratio to ${ROOFLINE_REFERENCE} at or below wasmalloc's published ratio to dlmalloc on each: ` +
    `${word(wm)}${em} (${wm} of ${rows.length}).`,
  ];
}

function targetTable(name, rows) {
  return table(["workload", `${name} net`, `${ROOFLINE_REFERENCE} net`, "ratio",
    `<= ${fmtRatio(ROOFLINE_TARGET)}`, "wasmalloc's ratio (published)", "at or below it"],
  rows.map((r) => [r.workload, fmtNs(r.subject), fmtNs(r.reference), fmtRatio(r.ratio),
    r.metHalf ? "yes" : "**no**", fmtRatio(r.wasmalloc), r.metWasmalloc ? "yes" : "**no**"]));
}

function warmupText(result) {
  let runs = 0, settled = 0, allTf = 0, tfAfter = 0, worst = 1, maxShort = 0;
  const unsettled = [], notTf = [];
  for (const w of result.workloads) {
    const { floors, results } = result.results[w.name];
    for (const [name, r] of [...Object.entries(floors).map(([h, f]) => [`null (${h})`, f]), ...Object.entries(results)]) {
      if (r.status !== "ok") continue;
      runs++;
      const wu = r.warmup;
      maxShort = Math.max(maxShort, wu.shortCalls);
      if (wu.settled) settled++; else unsettled.push(`${name} on ${w.name} (last three within ${fmtRatio(wu.spread)})`);
      worst = Math.max(worst, wu.settled ? wu.spread : 1);
      if (Object.values(wu.tiersAfterWarmup).every((x) => x === true)) allTf++;
      if (Object.values(r.tiersAfterReps).every((x) => x === true)) tfAfter++;
      else notTf.push(`${name} on ${w.name}: ${Object.entries(r.tiersAfterReps).filter(([, x]) => x !== true).map(([k]) => k).join(", ")}`);
    }
  }
  const lines = [
    `V8 runs a Wasm function first in Liftoff and swaps in TurboFan code only between calls, once the function has used ` +
    `its tiering budget. Each allocator was first called with short loops (n/50) until V8 reported TurboFan code ` +
    `(%IsTurboFanFunction, enabled at run time) for the driver's loop and for every allocator export the loop calls ` +
    `(at most ${maxShort} short calls were needed), then with full-size loops until the last three agreed within ` +
    `${fmtRatio(result.plan.settleRatio)}.`,
    "",
    result.tierProbe
      ? `- TurboFan code for the loop and the allocator's exports: ${allTf} of ${runs} runs after warm-up, ${tfAfter} of ${runs} after the timed repetitions.`
      : "- The tier probe was unavailable on this engine; only the settle check below applies.",
    `- Settled (last three full-size warm-up calls within ${fmtRatio(result.plan.settleRatio)}): ${settled} of ${runs} runs; widest spread among them ${fmtRatio(worst)}.`,
  ];
  if (unsettled.length) lines.push(`- Not settled within the warm-up cap: ${unsettled.join("; ")}.`);
  if (notTf.length) lines.push(`- Not all in TurboFan after the repetitions: ${notTf.join("; ")}.`);
  lines.push("- Internal (unexported) functions of an allocator cannot be asked; the settle check covers them.");
  return lines.join("\n");
}

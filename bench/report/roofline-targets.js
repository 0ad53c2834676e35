// The roofline suite's verdict on pyheap's per-workload speed targets,
// computed from the run's net figures (the null allocator's loop cost
// subtracted) each time the report is written.
//
// On each small-object workload, pyheap's net ns/op must be
//   - at most ROOFLINE_TARGET x wasi-libc's dlmalloc (dlmalloc-wasi), and
//   - at or below wasmalloc's published ratio to dlmalloc on the same
//     workload (bpowers/wasmalloc bench/roofline/results/REPORT.md, node 22,
//     optimizing tier: 32-byte alloc+free 3.7 vs 8.0 ns, LIFO batch 3.8 vs
//     9.4, FIFO batch 3.7 vs 12.8, churn among 10,000 live blocks 7.2 vs
//     60.4, talc's random actions 16.4 vs 43.5).
// Both are ratios, so they compare across machines where ns would not.
// The verdict is pyheap's (the default build); the unchecked build is
// evaluated the same way for comparison (COMPARED).

export const ROOFLINE_TARGET = 0.5;
const REFERENCE = "dlmalloc-wasi";
const SUBJECT = "pyheap";
const COMPARED = "pyheap-unchecked";

/** Workload -> [wasmalloc ns, dlmalloc ns] as published. */
const WASMALLOC = {
  alloc_free_32: [3.7, 8.0],
  batch_lifo_32: [3.8, 9.4],
  batch_fifo_32: [3.7, 12.8],
  churn: [7.2, 60.4],
  random_actions: [16.4, 43.5],
};

/** wasmalloc's published ratio on a workload, to two places as stated. */
export function wasmallocRatio(workload) {
  const [w, d] = WASMALLOC[workload];
  return Math.round((w / d) * 100) / 100;
}

const ok = (r) => r?.status === "ok" && r.netNsPerOp;

/**
 * @param {any} result the roofline suite's result
 * @returns {{ workload: string, subject: number, reference: number, ratio: number, wasmalloc: number,
 *   metHalf: boolean, metWasmalloc: boolean }[] | null} null when pyheap or dlmalloc-wasi did not run
 */
export function evaluateRooflineTargets(result, name = SUBJECT) {
  const rows = [];
  for (const workload of Object.keys(WASMALLOC)) {
    const row = result.results[workload]?.results;
    if (!ok(row?.[name]) || !ok(row?.[REFERENCE])) return null;
    const subject = row[name].netNsPerOp.median;
    const reference = row[REFERENCE].netNsPerOp.median;
    const ratio = subject / reference;
    const wasmalloc = wasmallocRatio(workload);
    rows.push({ workload, subject, reference, ratio, wasmalloc, metHalf: ratio <= ROOFLINE_TARGET, metWasmalloc: ratio <= wasmalloc });
  }
  return rows;
}

export { REFERENCE as ROOFLINE_REFERENCE, SUBJECT as ROOFLINE_SUBJECT, COMPARED as ROOFLINE_COMPARED };

/**
 * The two verdicts as bench/run.js prints them at the end of a run, in
 * plain words: { statement, met (null: not evaluated), detail }.
 * @param {any} result the roofline suite's result
 */
export function rooflineVerdicts(result) {
  const statements = [
    `${SUBJECT}'s own cost per allocation in Wasm (roofline, net of the loop) <= ${ROOFLINE_TARGET}x ${REFERENCE}'s on each small-object workload`,
    `${SUBJECT}'s roofline ratio to ${REFERENCE} at or below wasmalloc's published ratio to dlmalloc on each small-object workload`,
  ];
  const rows = evaluateRooflineTargets(result);
  if (!rows) return statements.map((statement) => ({ statement, met: null, detail: `${SUBJECT} and ${REFERENCE} did not both run every small-object workload` }));
  const title = (name) => result.workloads.find((w) => w.name === name)?.title ?? name;
  const verdict = (statement, key, bound) => {
    const met = rows.filter((r) => r[key]).length;
    return { statement, met: met === rows.length,
      detail: `${met} of ${rows.length}: ${rows.map((r) => `${title(r.workload)} ${r.ratio.toFixed(2)}x${bound(r)}`).join("; ")}` };
  };
  return [verdict(statements[0], "metHalf", () => ""), verdict(statements[1], "metWasmalloc", (r) => ` (wasmalloc ${r.wasmalloc.toFixed(2)}x)`)];
}

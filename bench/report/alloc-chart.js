// bench/results/chart.svg: the allocator suite at a glance. Three panels, one
// group of bars per workload, one bar per allocator, every bar a ratio to the
// best dlmalloc build on that workload (= 1.0, the normalisation the tables
// use): speed in Wasm, speed from JS, and final Wasm memory. Log scale,
// lower is better; bars.js draws them. Each bar has a <title> with the numbers.
import { barPanel, chartWidth, COLORS, esc, legend, LEFT, PANEL_TOTAL, svg } from "./bars.js";

const DLMALLOCS = ["dlmalloc-wasi", "dlmalloc-emscripten"];

const missingLabel = (r) => (r?.status === "timeout" ? "DNF" : r?.status === "skipped" ? "skip" : r?.status === "failed" ? "FAIL" : undefined);

/** Best (lowest) dlmalloc value of pick(result) on a workload row. */
function bestDl(row, pick) {
  const v = DLMALLOCS.map((n) => pick(row[n])).filter(Number.isFinite);
  return v.length ? Math.min(...v) : NaN;
}

/** Groups for one panel: pick(r) is the value of an allocator's row entry. */
function groups(result, pick, what) {
  return result.workloads.map((w) => {
    const row = result.results[w.name];
    const ref = bestDl(row, pick);
    return {
      label: w.name,
      bars: result.allocators.map((a) => {
        const v = pick(row[a.name]);
        if (!Number.isFinite(v) || !Number.isFinite(ref)) {
          const r = what.entry(row[a.name]);
          return { name: a.name, missing: missingLabel(r), tip: `${a.name} on ${w.name}: ${r?.reason ?? r?.status ?? "no result"}` };
        }
        return { name: a.name, ratio: v / ref, tip: `${a.name} on ${w.name}: ${what.text(v)}, ${(v / ref).toFixed(2)}x the best dlmalloc (${what.text(ref)})` };
      }),
    };
  });
}

const nsOf = (path) => (x) => (x?.[path]?.status === "ok" ? x[path].nsPerOp.median : NaN);

/** @param {any} result the alloc suite's result */
export function allocChart(result) {
  const names = result.allocators.map((a) => a.name);
  const colorOf = (n) => COLORS[names.indexOf(n) % COLORS.length];
  const width = Math.max(760, chartWidth(result.workloads.length, names.length));
  const legendH = 22 + 16 * Math.ceil(names.length / 5);
  const ns = (path) => ({ entry: (x) => x?.[path], text: (v) => `${v.toFixed(1)} ns/op` });
  const mem = { entry: (x) => x?.wasm, text: (v) => `${(v / 2 ** 20).toFixed(2)} MiB` };
  const panels = [
    ["Speed in Wasm (driver replay): ns/op ÷ best dlmalloc", groups(result, nsOf("wasm"), ns("wasm"))],
    ["Speed from JS (JS loop per op): ns/op ÷ best dlmalloc", groups(result, nsOf("js"), ns("js"))],
    ["Memory: final Wasm memory (minus harness buffers) ÷ smallest dlmalloc", groups(result, (x) => (x?.wasm?.status === "ok" ? x.wasm.memoryBytes : NaN), mem)],
  ];
  const head = `pyheap bench, allocators: best dlmalloc build = 1.0 on each workload (log scale; lower is better)${result.quick ? " — QUICK RUN" : ""}`;
  const body = [
    `<text x="${LEFT}" y="18" class="t">${esc(head)}</text>`,
    legend(names, colorOf),
    ...panels.map(([title, g], i) => barPanel({ title, groups: g, y0: legendH + i * PANEL_TOTAL, width, colorOf })),
  ];
  return svg(width, legendH + panels.length * PANEL_TOTAL + 12, body.join("\n"));
}

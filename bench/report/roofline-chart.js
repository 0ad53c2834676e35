// bench/results/roofline.svg: the roofline suite's net ns/op (the null
// allocator's loop cost subtracted) ÷ the best dlmalloc build on each
// workload, one bar per allocator (bars.js: log scale, lower is better).
import { barPanel, chartWidth, COLORS, esc, legend, LEFT, PANEL_TOTAL, svg } from "./bars.js";
import { bestDlmallocNet, measured, withinNoise } from "./roofline-markdown.js";

/** @param {any} result the roofline suite's result */
export function rooflineChart(result) {
  const names = result.allocators.map((a) => a.name);
  const colorOf = (n) => COLORS[names.indexOf(n) % COLORS.length];
  const width = Math.max(760, chartWidth(result.workloads.length, names.length));
  const legendH = 22 + 16 * Math.ceil(names.length / 5);
  const groups = result.workloads.map((w) => {
    const row = result.results[w.name].results;
    const ref = bestDlmallocNet(row);
    return {
      label: w.name,
      bars: names.map((n) => {
        const r = row[n];
        // A net figure within the floor's noise (the loop's cost dominates) has no ratio.
        if (!measured(r) || !(ref > 0)) {
          const missing = r?.status === "n/a" ? "n/a" : r?.status === "failed" ? "FAIL" : withinNoise(r) ? "≈0" : undefined;
          return { name: n, missing, tip: `${n} on ${w.name}: ${r?.reason ?? (withinNoise(r) ? `net ${r.netNsPerOp.median.toFixed(1)} ns/op, within the floor's noise`
            : r?.status === "ok" ? "no dlmalloc build measured on this workload" : "no result")}` };
        }
        const v = r.netNsPerOp.median;
        return { name: n, ratio: v / ref, tip: `${n} on ${w.name}: net ${v.toFixed(1)} ns per ${w.unit}, ${(v / ref).toFixed(2)}x the best dlmalloc (${ref.toFixed(1)})` };
      }),
    };
  });
  const head = `pyheap bench, roofline: net ns/op ÷ best dlmalloc build (log scale; lower is better)${result.quick ? " — QUICK RUN" : ""}`;
  const body = [
    `<text x="${LEFT}" y="18" class="t">${esc(head)}</text>`,
    legend(names, colorOf),
    barPanel({ title: "Net of the loop's own cost (null allocator)", groups, y0: legendH, width, colorOf }),
  ];
  return svg(width, legendH + PANEL_TOTAL + 12, body.join("\n"));
}

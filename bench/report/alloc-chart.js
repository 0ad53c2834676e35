// bench/results/chart.svg, written by hand (no dependencies): one panel per
// path (in Wasm, from JS); in each, a group of bars per workload, one bar per
// allocator, height = median ns/op / the best baseline's on that workload and
// path (best of dlmalloc-wasi, emmalloc, dlmalloc-emscripten, tlsf-as: bump
// is excluded because it never reuses memory). Log scale, bars grow up
// (slower) or down (faster) from 1x. Each bar has a <title> with the numbers.

const COLORS = ["#8c8c8c", "#b279a2", "#6b8fb3", "#9d755d", "#c9c9c9", "#e45756", "#f2a541", "#54a24b", "#4c78a8"];
const MIN_R = 1 / 4, MAX_R = 32;
const BAR = 11, GROUP_GAP = 22, PANEL_H = 280, LEFT = 56, TOP_PAD = 26;

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (x) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));

function bestBaseline(result, row, path) {
  const v = result.allocators
    .filter((a) => a.role === "baseline" && !a.bump)
    .map((a) => row[a.name]?.[path])
    .filter((r) => r?.status === "ok")
    .map((r) => r.nsPerOp.median);
  return v.length ? Math.min(...v) : NaN;
}

function panel(result, path, title, y0, width, colorOf) {
  // Every allocator keeps its slot in both panels, so bars line up.
  const allocs = result.allocators;
  const h = PANEL_H;
  const octaves = Math.log2(MAX_R / MIN_R);
  const y = (r) => y0 + TOP_PAD + h * (Math.log2(MAX_R) - Math.log2(Math.min(MAX_R, Math.max(MIN_R, r)))) / octaves;
  const out = [`<text x="${LEFT}" y="${y0 + 16}" class="h">${esc(title)}</text>`];
  for (let r = MIN_R; r <= MAX_R; r *= 2) {
    const yy = y(r).toFixed(1);
    out.push(`<line x1="${LEFT}" x2="${width - 10}" y1="${yy}" y2="${yy}" class="${r === 1 ? "one" : "grid"}"/>`,
      `<text x="${LEFT - 6}" y="${(+yy + 4).toFixed(1)}" class="ax" text-anchor="end">${fmt(r)}x</text>`);
  }
  const groupW = allocs.length * BAR + GROUP_GAP;
  result.workloads.forEach((w, gi) => {
    const row = result.results[w.name];
    const best = bestBaseline(result, row, path);
    const gx = LEFT + 12 + gi * groupW;
    allocs.forEach((a, ai) => {
      const r = row[a.name]?.[path];
      const x = gx + ai * BAR;
      if (r?.status === "n/a") return; // a JS library in the Wasm panel
      if (r?.status !== "ok" || !Number.isFinite(best)) {
        const label = r?.status === "timeout" ? "DNF" : r?.status === "skipped" ? "skip" : r?.status === "failed" ? "FAIL" : "n/a";
        out.push(`<text x="${x + BAR / 2}" y="${(y(1) - 4).toFixed(1)}" class="miss" transform="rotate(-90 ${x + BAR / 2} ${(y(1) - 4).toFixed(1)})">${label}<title>${esc(`${a.name} on ${w.name}: ${r?.reason ?? label}`)}</title></text>`);
        return;
      }
      const ratio = r.nsPerOp.median / best;
      const top = Math.min(y(1), y(ratio)), bottom = Math.max(y(1), y(ratio));
      const tip = `${a.name} on ${w.name} (${path}): ${r.nsPerOp.median.toFixed(1)} ns/op [${r.nsPerOp.min.toFixed(1)}–${r.nsPerOp.max.toFixed(1)}], ${ratio.toFixed(2)}x the best baseline (${best.toFixed(1)} ns/op)`;
      out.push(`<rect x="${x + 1}" y="${top.toFixed(1)}" width="${BAR - 2}" height="${Math.max(1, bottom - top).toFixed(1)}" fill="${colorOf(a.name)}"><title>${esc(tip)}</title></rect>`);
      if (ratio > MAX_R || ratio < MIN_R) {
        const ty = ratio > MAX_R ? y(MAX_R) - 3 : y(MIN_R) + 10;
        out.push(`<text x="${x + BAR / 2}" y="${ty.toFixed(1)}" class="clip" text-anchor="middle">${fmt(ratio)}</text>`);
      }
    });
    const lx = gx + (allocs.length * BAR) / 2;
    out.push(`<text x="${lx}" y="${(y0 + TOP_PAD + h + 16).toFixed(1)}" class="wl" text-anchor="middle">${esc(w.name)}</text>`);
  });
  return out.join("\n");
}

/** @param {any} result the alloc suite's result */
export function allocChart(result) {
  const names = result.allocators.map((a) => a.name);
  const colorOf = (n) => COLORS[names.indexOf(n) % COLORS.length];
  const maxAllocs = names.length;
  const width = LEFT + 24 + result.workloads.length * (maxAllocs * BAR + GROUP_GAP);
  const legendH = 54;
  const panelTotal = TOP_PAD + PANEL_H + 30;
  const height = legendH + 2 * panelTotal + 24;
  const legend = names.map((n, i) => {
    const x = LEFT + (i % 5) * 190, yy = 36 + Math.floor(i / 5) * 16;
    return `<rect x="${x}" y="${yy - 9}" width="10" height="10" fill="${colorOf(n)}"/><text x="${x + 14}" y="${yy}" class="lg">${esc(n)}</text>`;
  }).join("\n");
  const head = `ns/op relative to the best baseline excluding bump, per workload (log scale; lower is better)${result.quick ? " — QUICK RUN" : ""}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<style>
.h{font-size:13px;font-weight:bold}.t{font-size:14px;font-weight:bold}.ax{font-size:10px;fill:#555}.wl{font-size:11px}
.lg{font-size:11px}.grid{stroke:#e3e3e3}.one{stroke:#333;stroke-width:1.2}.miss{font-size:9px;fill:#999}.clip{font-size:9px;fill:#333}
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="${LEFT}" y="18" class="t">${esc(head)}</text>
${legend}
${panel(result, "wasm", "In Wasm (driver replay)", legendH, width, colorOf)}
${panel(result, "js", "From JS (tinybench, JS loop per op)", legendH + panelTotal, width, colorOf)}
</svg>
`;
}

// bench/results/memory.svg: Wasm memory against operations, one small panel
// per workload, one line per allocator, and the bytes the trace holds live
// (dashed black): where an allocator's line rises above the dashed one is
// its overhead, and Wasm memory never shrinks. Linear scales in MiB.
import { COLORS, esc, legend, LEFT, svg } from "./bars.js";

const W = 300, H = 150, COLS = 3, GAP_X = 40, GAP_Y = 56, TOP = 60;

function niceMax(x) {
  const p = 2 ** Math.ceil(Math.log2(Math.max(x, 1)));
  return p * 0.75 >= x ? p * 0.75 : p;
}

/** @param {any} result the alloc suite's result */
export function memoryChart(result) {
  const names = result.allocators.filter((a) => a.kind === "wasm").map((a) => a.name);
  const colorOf = (n) => COLORS[result.allocators.findIndex((a) => a.name === n) % COLORS.length];
  const rows = Math.ceil(result.workloads.length / COLS);
  const width = LEFT + COLS * (W + GAP_X);
  const height = TOP + rows * (H + GAP_Y) + 10;
  const out = [`<text x="${LEFT}" y="18" class="t">${esc(`Wasm memory (lines) and bytes live (dashed) against operations${result.quick ? " — QUICK RUN" : ""}`)}</text>`,
    legend(names, colorOf, 38)];
  result.workloads.forEach((w, i) => {
    const prof = result.memoryProfiles[w.name];
    if (!prof) return;
    const x0 = LEFT + (i % COLS) * (W + GAP_X), y0 = TOP + Math.floor(i / COLS) * (H + GAP_Y) + 14;
    const nops = prof.liveBytes.at(-1)?.[0] ?? 1;
    const all = [...prof.liveBytes.map((p) => p[1]), ...Object.values(prof.memory).flatMap((pts) => pts.map((p) => p[1]))];
    const ymax = niceMax(Math.max(...all, 1) / 2 ** 20);
    const X = (ops) => x0 + (W * ops) / nops, Y = (bytes) => y0 + H - (H * bytes) / 2 ** 20 / ymax;
    out.push(`<text x="${x0}" y="${y0 - 6}" class="h">${esc(w.name)}</text>`,
      `<rect x="${x0}" y="${y0}" width="${W}" height="${H}" fill="none" stroke="#ccc"/>`,
      `<text x="${x0 - 4}" y="${y0 + 8}" class="ax" text-anchor="end">${ymax}</text>`,
      `<text x="${x0 - 4}" y="${y0 + H}" class="ax" text-anchor="end">0</text>`,
      `<text x="${x0 + W}" y="${y0 + H + 12}" class="ax" text-anchor="end">${nops.toLocaleString("en-US")} ops</text>`,
      `<text x="${x0}" y="${y0 + H + 12}" class="ax">MiB</text>`);
    const path = (pts) => pts.map(([o, b], k) => `${k ? "L" : "M"}${X(o).toFixed(1)} ${Y(b).toFixed(1)}`).join("");
    for (const [name, pts] of Object.entries(prof.memory)) {
      const last = pts.at(-1)?.[1] ?? 0;
      out.push(`<path d="${path([[0, pts[0]?.[1] ?? 0], ...pts])}" class="line" stroke="${colorOf(name)}"><title>${esc(`${name}: ${(last / 2 ** 20).toFixed(2)} MiB at the end`)}</title></path>`);
    }
    const peak = Math.max(...prof.liveBytes.map((p) => p[1]));
    out.push(`<path d="${path([[0, 0], ...prof.liveBytes])}" class="live"><title>${esc(`bytes live (requested), peak ${(peak / 2 ** 20).toFixed(2)} MiB at these points`)}</title></path>`);
  });
  return svg(width, height, out.join("\n"));
}

// Grouped bar panels for the SVG charts, written by hand (no dependencies).
// Every value is a ratio to the reference (the best dlmalloc build = 1.0),
// drawn on a log scale from the panel's floor up, so the reference's own bar
// is visible (it reaches the 1.0 line) and 0.8x and 1.3x differ at a glance.
// The scale is fixed (1/4 to 4): a bar beyond it is clipped and labelled with
// its value, so one allocator far off (bump) cannot flatten the rest.

export const COLORS = ["#8c8c8c", "#b279a2", "#6b8fb3", "#9d755d", "#c9c9c9", "#e45756", "#f2a541", "#54a24b", "#4c78a8"];
export const MIN_R = 1 / 4, MAX_R = 4;
export const BAR = 11, GROUP_GAP = 22, PANEL_H = 220, LEFT = 56, TOP_PAD = 26, PANEL_TOTAL = TOP_PAD + PANEL_H + 40;

export const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const fmtR = (x) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2));

export const STYLE = `<style>
.h{font-size:13px;font-weight:bold}.t{font-size:14px;font-weight:bold}.ax{font-size:10px;fill:#555}.wl{font-size:11px}
.lg{font-size:11px}.grid{stroke:#e3e3e3}.one{stroke:#333;stroke-width:1.2}.miss{font-size:9px;fill:#999}.clip{font-size:9px;fill:#333}.clipin{font-size:8px;fill:#fff}
.sub{font-size:11px;fill:#555}.line{fill:none;stroke-width:1.5}.live{fill:none;stroke:#000;stroke-width:1.5;stroke-dasharray:4 3}
</style>`;

/**
 * @typedef {{ name: string, ratio?: number, missing?: string, tip: string }} Bar
 * @typedef {{ label: string, bars: Bar[] }} Group
 */

/**
 * One panel: title, gridlines per octave, a group of bars per workload.
 * @param {{ title: string, groups: Group[], y0: number, width: number, colorOf: (name: string) => string }} p
 */
export function barPanel({ title, groups, y0, width, colorOf }) {
  const octaves = Math.log2(MAX_R / MIN_R);
  const y = (r) => y0 + TOP_PAD + PANEL_H * (Math.log2(MAX_R) - Math.log2(Math.min(MAX_R, Math.max(MIN_R, r)))) / octaves;
  const floor = y(MIN_R);
  const out = [`<text x="${LEFT}" y="${y0 + 16}" class="h">${esc(title)}</text>`];
  for (let r = MIN_R; r <= MAX_R; r *= 2) {
    const yy = y(r).toFixed(1);
    out.push(`<line x1="${LEFT}" x2="${width - 10}" y1="${yy}" y2="${yy}" class="${r === 1 ? "one" : "grid"}"/>`,
      `<text x="${LEFT - 6}" y="${(+yy + 4).toFixed(1)}" class="ax" text-anchor="end">${fmtR(r)}x</text>`);
  }
  const groupW = Math.max(...groups.map((g) => g.bars.length), 1) * BAR + GROUP_GAP;
  groups.forEach((g, gi) => {
    const gx = LEFT + 12 + gi * groupW;
    g.bars.forEach((b, ai) => {
      const x = gx + ai * BAR;
      if (b.missing !== undefined || !Number.isFinite(b.ratio)) {
        if (!b.missing) return;
        const yy = (floor - 4).toFixed(1);
        out.push(`<text x="${x + BAR / 2}" y="${yy}" class="miss" transform="rotate(-90 ${x + BAR / 2} ${yy})">${esc(b.missing)}<title>${esc(b.tip)}</title></text>`);
        return;
      }
      const r = /** @type {number} */ (b.ratio);
      const top = y(r);
      out.push(`<rect x="${x + 1}" y="${top.toFixed(1)}" width="${BAR - 2}" height="${Math.max(1, floor - top).toFixed(1)}" fill="${colorOf(b.name)}"><title>${esc(b.tip)}</title></rect>`);
      if (r > MAX_R) {
        // The value, written down the clipped bar so neighbours cannot collide.
        const tx = x + BAR / 2 + 3, ty = y(MAX_R) + 3;
        out.push(`<text x="${tx}" y="${ty.toFixed(1)}" class="clipin" text-anchor="end" transform="rotate(-90 ${tx} ${ty.toFixed(1)})">${fmtR(r)}x</text>`);
      } else if (r < MIN_R) {
        out.push(`<text x="${x + BAR / 2}" y="${(y(MIN_R) - 3).toFixed(1)}" class="clip" text-anchor="middle">${fmtR(r)}</text>`);
      }
    });
    // Every other label one line lower, so long names do not run together.
    out.push(`<text x="${gx + (g.bars.length * BAR) / 2}" y="${(y0 + TOP_PAD + PANEL_H + 14 + (gi % 2) * 12).toFixed(1)}" class="wl" text-anchor="middle">${esc(g.label)}</text>`);
  });
  return out.join("\n");
}

/** Legend row(s) of colour swatches. */
export function legend(names, colorOf, y = 36) {
  return names.map((n, i) => {
    const x = LEFT + (i % 5) * 190, yy = y + Math.floor(i / 5) * 16;
    return `<rect x="${x}" y="${yy - 9}" width="10" height="10" fill="${colorOf(n)}"/><text x="${x + 14}" y="${yy}" class="lg">${esc(n)}</text>`;
  }).join("\n");
}

/** Width of a chart whose panels have `groups` groups of `bars` bars. */
export const chartWidth = (groups, bars) => LEFT + 24 + groups * (bars * BAR + GROUP_GAP);

/** The whole SVG document. */
export function svg(width, height, body) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
${STYLE}
<rect width="100%" height="100%" fill="#fff"/>
${body}
</svg>
`;
}

// Number formatting shared by the report writers.

/** ns/op: 3 significant digits, at least 1 decimal under 100. */
export function fmtNs(x) {
  if (!Number.isFinite(x)) return "–";
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString("en-US");
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return x.toFixed(1);
}

/** A ratio as "0.42x". */
export function fmtRatio(x) {
  if (!Number.isFinite(x)) return "–";
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}x`;
}

/** Bytes as MiB (or KiB under 1 MiB). */
export function fmtBytes(b) {
  if (!Number.isFinite(b)) return "–";
  if (Math.abs(b) < 2 ** 20) return `${(b / 1024).toFixed(0)} KiB`;
  if (Math.abs(b) < 2 ** 30) return `${b % 2 ** 20 === 0 ? b / 2 ** 20 : (b / 2 ** 20).toFixed(2)} MiB`;
  return `${(b / 2 ** 30).toFixed(2)} GiB`;
}

export const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");

/** Escapes a table cell (pipes would split it). */
export const cell = (s) => String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");

/** A Markdown table from a header row and data rows. */
export function table(header, rows, align) {
  const a = align ?? header.map((_, i) => (i === 0 ? "l" : "r"));
  const sep = a.map((x) => (x === "r" ? "---:" : x === "c" ? ":---:" : "---"));
  return [header, sep, ...rows].map((r, i) => `| ${(i === 1 ? r : r.map(cell)).join(" | ")} |`).join("\n");
}

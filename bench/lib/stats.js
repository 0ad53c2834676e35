// Small statistics helpers for the benchmark report. Medians (not means):
// one slow repetition (a GC pause, a noisy neighbour) must not move the result.

/** @param {number[]} xs @returns {number} NaN for an empty list */
export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** @param {number[]} xs @returns {{ median: number, min: number, max: number, n: number }} */
export function summarize(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Geometric mean (the right mean for ratios and ns/op across workloads). */
export function geomean(xs) {
  if (!xs.length || xs.some((x) => !(x > 0))) return NaN;
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

/** The list rotated left by k: allocator order for repetition k. */
export function rotate(list, k) {
  if (!list.length) return [];
  const r = ((k % list.length) + list.length) % list.length;
  return [...list.slice(r), ...list.slice(0, r)];
}

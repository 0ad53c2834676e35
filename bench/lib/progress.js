// Progress lines on stderr (stdout stays free for a summary), one per step,
// prefixed by the elapsed time so a slow step is easy to spot.
const t0 = Date.now();
let quiet = false;

export function setQuiet(q) { quiet = q; }

export function progress(msg) {
  if (quiet) return;
  const s = Math.floor((Date.now() - t0) / 1000);
  const stamp = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  process.stderr.write(`[${stamp}] ${msg}\n`);
}

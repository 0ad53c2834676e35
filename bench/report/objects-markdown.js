// The report sections of the objects and gc suites: per shape and phase,
// pyheap (through the createHeap() facade) against python3 and Pyodide on
// the same shape, then memory, then the targets.
import { cell, fmtBytes, fmtRatio, table } from "./format.js";
import { tracingRatio } from "./objects-targets.js";

const RUNTIMES = ["pyheap", "python3", "pyodide"];

/** ms with 3 significant digits ("0.0412", "3.41", "512"). */
export function fmtMs(x) {
  if (!Number.isFinite(x)) return "–";
  if (x >= 100) return x.toFixed(0);
  if (x >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

const timeCell = (r, phase) => {
  if (!r) return "–";
  if (r.status === "crashed") return `crashed: ${r.reason}`;
  if (r.status !== "ok") return `${r.status}: ${r.reason}`;
  const p = r.phases[phase];
  if (!p) return "–";
  return `${fmtMs(p.median)} [${fmtMs(p.min)}–${fmtMs(p.max)}]`;
};

const median = (r, phase) => (r?.status === "ok" ? r.phases[phase]?.median : undefined);

function timesTable(result) {
  const rows = [];
  for (const s of result.shapes) {
    const row = result.rows[s.name];
    const phases = [...new Set(RUNTIMES.flatMap((rt) => (row[rt]?.status === "ok" ? Object.keys(row[rt].phases) : [])))];
    if (!phases.length) phases.push(...s.phases);
    for (const phase of phases) {
      const p = median(row.pyheap, phase);
      const onlyPyheap = s.pyheapOnly?.includes(phase);
      rows.push([
        `${s.name} (${s.label})`, phase,
        timeCell(row.pyheap, phase),
        onlyPyheap ? "n/a" : timeCell(row.python3, phase),
        onlyPyheap ? "n/a" : timeCell(row.pyodide, phase),
        onlyPyheap ? "" : fmtRatio(p / median(row.python3, phase)),
        onlyPyheap ? "" : fmtRatio(p / median(row.pyodide, phase)),
      ]);
    }
  }
  return table(["shape", "phase", "pyheap ms", "python3 ms", "pyodide ms", "pyheap / python3", "pyheap / pyodide"], rows,
    ["l", "l", "r", "r", "r", "r", "r"]);
}

function memoryTable(result) {
  const rows = [];
  for (const s of result.shapes) {
    const p = result.rows[s.name].pyheap?.memory;
    const c = result.rows[s.name].python3?.memory;
    if (!p && !Number.isFinite(c)) continue;
    rows.push([`${s.name} (${s.label})`, fmtBytes(p?.wasmGrowthBytes), fmtBytes(p?.bytesInUse), fmtBytes(c),
      fmtRatio(p?.wasmGrowthBytes / c)]);
  }
  if (!rows.length) return "";
  return [
    "Memory of the first build (fresh heap / fresh process; before teardown): pyheap's Wasm memory growth and " +
      "bytes in live blocks (`heap.memoryInfo()`), against python3's RSS growth (`/proc/self/statm`; tracemalloc " +
      "would slow Python down several times and count differently). Pyodide: not measured.",
    "",
    table(["shape", "pyheap Wasm growth", "pyheap bytes in use", "python3 RSS growth", "pyheap growth / python3"], rows),
  ].join("\n");
}

/** What tracing costs each runtime on the same churn, as ratios to its
 *  own untraced time. */
function tracingLine(result) {
  const f = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "not measured");
  return result.shapes.filter((s) => s.name.startsWith("tracemalloc")).map((s) =>
    `Tracing overhead, ${s.name} (traced / untraced, each runtime against itself): ` +
    `pyheap sampled ${f(tracingRatio(result, "pyheap", "sampled", s.name))}, pyheap exact ${f(tracingRatio(result, "pyheap", "exact", s.name))}, ` +
    `python3 tracemalloc ${f(tracingRatio(result, "python3", "exact", s.name))}, Pyodide tracemalloc ${f(tracingRatio(result, "pyodide", "exact", s.name))}.`,
  ).join("\n\n");
}

function checks(result) {
  const lines = [];
  for (const s of result.shapes) {
    const row = result.rows[s.name];
    if (s.expectFound !== undefined) {
      for (const rt of RUNTIMES) {
        const f = row[rt]?.status === "ok" ? row[rt].found : null;
        if (f?.length) {
          const ok = f.every((x) => x === s.expectFound);
          lines.push(`- ${s.name}, ${rt}: collect() found ${[...new Set(f)].join(", ")} objects per rep (expected ${s.expectFound.toLocaleString("en-US")})${ok ? "" : " — **WRONG**"}`);
        }
      }
    }
    const p = row.pyheap;
    if (p?.status === "ok" && p.liveAfter !== p.liveBefore) {
      lines.push(`- ${s.name}, pyheap: **${p.liveAfter - p.liveBefore} objects still live** after the last rep (leak)`);
    }
  }
  return lines.join("\n");
}

function targets(result) {
  return result.targets.primary.map((t) => {
    const v = t.met === null ? "NOT EVALUATED" : t.met ? "**MET**" : "**NOT MET**";
    return `- ${v} — ${t.statement}: ${t.detail}`;
  }).join("\n");
}

/** @param {string} heading @param {string} intro */
export function objectsSectionMarkdown(heading, intro) {
  return (result) => {
    const rt = result.runtimes;
    const crashes = result.shapes.flatMap((s) => RUNTIMES.filter((r) => result.rows[s.name][r]?.status === "crashed")
      .map((r) => `- ${s.name} on ${r}: ${cell(result.rows[s.name][r].reason)}`));
    return [
      `## ${heading}${result.quick ? " (quick: shapes 1/100 of the real size)" : ""}`,
      "",
      intro,
      "",
      `pyheap: ${result.pyheap.facade} over ${result.pyheap.wasm} (sha256 ${result.pyheap.sha256.slice(0, 12)}); ` +
        `python3: ${rt.python3 ?? "not found"} (\`${rt.python3Command}\`); Pyodide: ${rt.pyodide ?? "not installed"} (npm \`pyodide\`, in Node). ` +
        `Times are measured inside each runtime around the same phases (Python: \`time.perf_counter_ns()\`), so start-up and loading are excluded; ` +
        `${result.plan.warmup} warm-up + ${result.plan.reps} timed reps, median [min–max] in ms. Ratios < 1: pyheap is faster.`,
      "",
      result.shapes.map((s) => `- **${s.name}** — ${s.description}`).join("\n"),
      "",
      timesTable(result),
      "",
      tracingLine(result),
      "",
      memoryTable(result),
      crashes.length ? `\nCrashes:\n\n${crashes.join("\n")}` : "",
      "",
      checks(result),
      "",
      "### Targets",
      "",
      result.quick ? "_Quick run: shapes 1/100 of the real size; this is not the verdict. See the full report._\n" : "",
      targets(result),
    ].filter((x) => x !== undefined).join("\n").replace(/\n{3,}/g, "\n\n");
  };
}

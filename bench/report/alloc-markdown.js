// Markdown section of the allocator suite: targets verdict first (stated
// plainly, met or not, with the numbers), then summary tables, the
// correctness pass, per-workload details, findings and method notes.
import { fmtBytes, fmtInt, fmtNs, fmtRatio, table } from "./format.js";
import { evaluateTargets } from "./targets.js";

const DLMALLOCS = ["dlmalloc-wasi", "dlmalloc-emscripten"];

/** Best (lowest) dlmalloc median ns/op on a workload and path. */
function bestDl(row, path) {
  const v = DLMALLOCS.map((n) => row[n]?.[path]).filter((r) => r?.status === "ok").map((r) => r.nsPerOp.median);
  return v.length ? Math.min(...v) : NaN;
}

/** Short text for a path result that has no numbers. */
function statusText(r) {
  if (!r) return "–";
  if (r.status === "n/a") return "n/a";
  if (r.status === "skipped") return "skipped";
  if (r.status === "timeout") return `DNF (${fmtNs(r.partial.nsPerOp)} ns/op over ${fmtInt(r.partial.ops)} ops)`;
  if (r.status === "failed") return "FAILED";
  return "?";
}

function verdictWord(t) {
  return t.met === null ? "NOT EVALUATED" : t.met ? "MET" : "NOT MET";
}

function speedParagraph(t) {
  if (!t.evaluable) return `- **${t.statement}: ${verdictWord(t)}** (no result on: ${t.missing.join(", ") || "any workload"}).`;
  const g = t.geomean;
  const short = t.met ? "" : ` pyheap needs to be ${fmtRatio(t.geomean.ratio / t.threshold)} faster to meet it.`;
  return `- **${t.statement}: ${verdictWord(t)}.** Geometric mean ${fmtNs(g.subject)} ns/op vs ${fmtNs(g.dlmalloc)} ns/op ` +
    `for the best dlmalloc build: **${fmtRatio(g.ratio)}** (target <= ${fmtRatio(t.threshold)}).${short.replace("pyheap", t.subject)}`;
}

function memoryParagraph(t) {
  if (!t.evaluable) return `- **${t.statement}: ${verdictWord(t)}** (no result on: ${t.missing.join(", ") || "any workload"}).`;
  if (t.met) return `- **${t.statement}: MET** on all ${t.workloads.length} workloads (largest ratio ${fmtRatio(Math.max(...t.workloads.map((r) => r.ratio)))}).`;
  const bad = t.workloads.filter((r) => !r.met)
    .map((r) => `${r.workload} (${fmtBytes(r.subject)} vs ${fmtBytes(r.dlmalloc)}, ${fmtRatio(r.ratio)})`);
  return `- **${t.statement}: NOT MET** on ${bad.length} of ${t.workloads.length} workloads: ${bad.join("; ")}.`;
}

function targetsSection(stored) {
  // Evaluated again from the figures, so a regenerated report states the
  // targets the report code defines now.
  const result = { ...stored, targets: evaluateTargets(stored) };
  const out = ["### Targets", ""];
  if (result.quick) out.push("_Quick run: tiny workloads (20k-op windows from the middle of the traces); this is not the verdict. See the full report._", "");
  for (const t of result.targets.primary) out.push(t.kind === "speed" ? speedParagraph(t) : memoryParagraph(t));
  out.push("", "For comparison (not the verdict):", "");
  for (const t of result.targets.comparison) out.push(t.kind === "speed" ? speedParagraph(t) : memoryParagraph(t));
  const speed = result.targets.primary.find((t) => t.kind === "speed" && t.evaluable);
  if (speed) {
    out.push("", `Per workload, ${speed.subject} in Wasm vs the best dlmalloc build:`, "");
    out.push(table(["workload", `${speed.subject} ns/op`, "best dlmalloc ns/op", "build", "ratio"],
      speed.workloads.map((r) => [r.workload, fmtNs(r.subject), fmtNs(r.dlmalloc), r.dlmallocBuild, fmtRatio(r.ratio)])));
  }
  const mem = result.targets.primary.find((t) => t.kind === "memory" && t.evaluable);
  if (mem) {
    out.push("", `Per workload, ${mem.subject} final memory (minus harness buffers) vs the smaller dlmalloc build:`, "");
    out.push(table(["workload", mem.subject, "smallest dlmalloc", "build", "ratio", "met"],
      mem.workloads.map((r) => [r.workload, fmtBytes(r.subject), fmtBytes(r.dlmalloc), r.dlmallocBuild, fmtRatio(r.ratio), r.met ? "yes" : "**no**"])));
  }
  return out.join("\n");
}

function speedTable(result, path) {
  const allocs = result.allocators.filter((a) => path === "js" || a.kind === "wasm");
  const rows = result.workloads.map((w) => {
    const row = result.results[w.name];
    const dl = bestDl(row, path);
    return [w.name, ...allocs.map((a) => {
      const r = row[a.name][path];
      return r?.status === "ok" ? `${fmtNs(r.nsPerOp.median)} (${fmtRatio(r.nsPerOp.median / dl)})` : statusText(r);
    })];
  });
  return table(["workload", ...allocs.map((a) => a.name)], rows);
}

/** The driver's own cost per op (null allocator), and pyheap's ratio to the best dlmalloc with and without it. */
function floorTable(result) {
  if (!result.driverFloor) return null;
  const subject = result.allocators.find((a) => a.role === "pyheap")?.name;
  const rows = result.workloads.map((w) => {
    const f = result.driverFloor[w.name];
    const row = result.results[w.name];
    const floor = f?.status === "ok" ? f.nsPerOp.median : NaN;
    const p = row[subject]?.wasm?.status === "ok" ? row[subject].wasm.nsPerOp.median : NaN;
    const dl = bestDl(row, "wasm");
    return [w.name, fmtNs(floor), fmtNs(p), fmtNs(dl), fmtRatio(p / dl), fmtNs(p - floor), fmtNs(dl - floor), fmtRatio((p - floor) / (dl - floor))];
  });
  return [
    "### The driver's floor",
    `The replay driver's own cost per op, measured by replaying each workload against the null allocator (every request gets one scratch block, free does nothing; \`bench/driver/null.c\`) in the same interleaved repetitions. Net = median minus the floor. ${subject} against the best dlmalloc build, with and without the floor:`,
    "",
    table(["workload", "floor ns/op", `${subject} ns/op`, "best dlmalloc ns/op", "ratio", `${subject} net`, "dlmalloc net", "ratio net"], rows),
  ].join("\n");
}

function memoryTable(result) {
  const allocs = result.allocators;
  const rows = result.workloads.map((w) => {
    const row = result.results[w.name];
    return [w.name, fmtBytes(w.peakLiveBytes), ...allocs.map((a) => {
      const r = a.kind === "wasm" ? row[a.name].wasm : row[a.name].js;
      if (r?.memoryRatio === undefined) {
        if (a.kind === "js") return row[a.name].correctness.status === "fail" ? "FAILED" : "– (trace not finished)";
        return r?.status === "ok" ? "–" : statusText(r);
      }
      return a.kind === "wasm" ? `${r.memoryRatio.toFixed(2)} / ${fmtInt(r.growCount)}` : `${r.memoryRatio.toFixed(2)}`;
    })];
  });
  return table(["workload", "peak live", ...allocs.map((a) => a.name)], rows);
}

function correctnessSection(result) {
  const allocs = result.allocators;
  const mark = { pass: "pass", fail: "**FAIL**", incomplete: "partial", skipped: "skipped" };
  const rows = result.workloads.map((w) => [w.name, ...allocs.map((a) => {
    const c = result.results[w.name][a.name].correctness;
    return `${mark[c.status]}${c.status === "pass" && a.align < 16 ? " (8)" : ""}`;
  })]);
  rows.push(["**overall**", ...allocs.map((a) => {
    const s = result.correctnessSummary[a.name];
    return `**${s.status}**${s.required ? "" : " (reported, not required)"}`;
  })]);
  const out = [
    "### Correctness pass",
    "",
    "Separate from the timed runs. Wasm allocators: the driver's `verify()` (alignment, calloc zeroed, realloc keeps the contents, " +
    "tags of live blocks intact), one `replay()` whose checksum must equal `expectedChecksum()`, and a stricter check from JS " +
    "(`bench/lib/js-verify.js`: also no two live blocks overlap, blocks inside memory, and a word pattern over each block, in full up " +
    "to 1 KiB, sampled above). Every timed run's checksum is checked too. `(8)`: verified at 8-byte alignment, by design (see flags); all others at 16.",
    "",
    table(["workload", ...allocs.map((a) => a.name)], rows),
  ];
  const notes = [];
  for (const a of allocs) {
    /** @type {Map<string, string[]>} flag -> workloads it was raised on */
    const flags = new Map();
    const problems = [];
    for (const w of result.workloads) {
      const c = result.results[w.name][a.name].correctness;
      for (const f of c.flags) {
        const key = f.startsWith("JS verify stopped") ? "JS verify stopped at the time limit (no failure up to there)" : f;
        flags.set(key, [...(flags.get(key) ?? []), w.name]);
      }
      for (const p of c.problems) problems.push(`${w.name}: ${p}`);
    }
    for (const [f, ws] of flags) {
      notes.push(`- ${a.name}: ${f}${ws.length === result.workloads.length ? "" : ` (${ws.join(", ")})`}`);
    }
    for (const p of problems) notes.push(`- ${a.name}: **${p}**`);
  }
  if (notes.length) out.push("", ...notes);
  return out.join("\n");
}

function workloadDetails(result) {
  const out = ["### Per workload", ""];
  for (const w of result.workloads) {
    const row = result.results[w.name];
    out.push(`#### ${w.name} (${w.kind})`, "", w.description, "",
      `${fmtInt(w.ops)} ops (malloc ${fmtInt(w.mallocs)}, free ${fmtInt(w.frees)}, realloc ${fmtInt(w.reallocs)}, calloc ${fmtInt(w.callocs)}); ` +
      `peak live ${fmtBytes(w.peakLiveBytes)} in up to ${fmtInt(w.maxLiveSlots)} blocks; ${fmtBytes(w.totalBytesRequested)} requested in all.`, "");
    const dl = { wasm: bestDl(row, "wasm"), js: bestDl(row, "js") };
    const planned = { wasm: result.plan.wasm.reps, js: result.plan.js.reps };
    const speed = (r, path) => (r?.status === "ok"
      ? [`${fmtNs(r.nsPerOp.median)} [${fmtNs(r.nsPerOp.min)}–${fmtNs(r.nsPerOp.max)}]${r.nsPerOp.n < planned[path] ? ` (n=${r.nsPerOp.n})` : ""}`,
        fmtRatio(r.nsPerOp.median / dl[path])]
      : [statusText(r), "–"]);
    const rows = result.allocators.map((a) => {
      const r = row[a.name];
      const m = a.kind === "wasm" ? r.wasm : r.js;
      return [a.name, ...speed(r.wasm, "wasm"), ...speed(r.js, "js"),
        m?.memoryBytes !== undefined ? fmtBytes(m.memoryBytes) : "–",
        m?.memoryRatio !== undefined ? m.memoryRatio.toFixed(2) : "–",
        a.kind === "wasm" && r.wasm?.status === "ok" ? fmtInt(r.wasm.growCount) : "–",
        r.correctness.status];
    });
    out.push(table(["allocator", "Wasm ns/op median [min–max]", "x best dlmalloc", "JS ns/op median [min–max]", "x best dlmalloc",
      "memory", "÷ peak live", "grows", "correct"], rows), "");
  }
  return out.join("\n");
}

function thingSection(result) {
  const a = result.allocators.find((x) => x.kind === "js");
  const skipped = result.skippedAllocators.find((s) => s.name.startsWith("@thi.ng"));
  if (!a) return skipped ? `### @thi.ng/malloc\n\nNot run: ${skipped.reason}.` : "";
  const out = [`### ${a.name} ${a.version}: correctness finding`, ""];
  const fails = [], partial = [], passes = [];
  for (const w of result.workloads) {
    const c = result.results[w.name][a.name].correctness;
    if (c.status === "fail") fails.push(`${w.name} (op ${c.js.failedOp}: ${c.js.reason})`);
    else if (c.status === "incomplete") partial.push(`${w.name} (${fmtInt(c.js.ops)} of ${fmtInt(w.ops)} ops checked)`);
    else if (c.status === "pass") passes.push(w.name);
  }
  out.push(`Checked from JS with the same checks as every allocator (alignment 8, the library's default; non-overlap; calloc zeroed; realloc contents).`);
  out.push("", `- passed: ${passes.join(", ") || "none"}`);
  if (partial.length) out.push(`- no failure within the ${result.plan.jsLibraryLimitMs / 1000} s limit, trace not finished: ${partial.join("; ")}`);
  if (fails.length) out.push(`- **failed**: ${fails.join("; ")}`);
  if (result.thingProbes?.length) {
    out.push("", `${fails.length ? "Defects behind these failures" : "Defects (not hit on these workloads in this run)"}, ` +
      "each checked at run time by a few calls (`bench/lib/thing-probe.js`):");
  }
  for (const probe of result.thingProbes ?? []) {
    const what = {
      "realloc-move-leaks": "**`realloc` leaks the old block whenever it moves it**: `MemPool.reallocBlock` calls `this.free(block)` with " +
        "the block's header address, `free()` expects a data address, does not find it in its used list and silently returns false. " +
        "A pool that reallocs a lot fills with leaked blocks until `malloc` returns NULL.",
      "realloc-shrink-overlaps": "**`realloc` shrinking the topmost block by less than `minSplit` (16) bytes corrupts the pool**: it lowers " +
        "`top` but keeps the block's old size, so the next allocation is carved inside it; once the shrunk block is freed and reused, " +
        "legal writes to it overwrite the other block's header and the used/free lists break (later frees and reallocs misbehave, e.g. " +
        "realloc of a live block returns NULL).",
    }[probe.id] ?? probe.id;
    out.push(`- ${what} ${probe.reproduced ? "**Reproduced**" : "Not reproduced"} with this version: ${probe.detail}.`);
  }
  out.push("", "It is also O(live blocks) per free and realloc (it walks its used list), so on workloads with many live blocks it cannot finish in the time limit (DNF in the tables, with the ns/op of the part it ran).");
  return out.join("\n");
}

function methodSection(result) {
  const p = result.plan;
  const allocRows = result.allocators.map((a) => [a.name, a.kind === "wasm" ? "Wasm + JS" : "JS only", a.align < 16 ? `${a.align} (flagged)` : "16",
    a.build ? `${a.description}; this run: ${a.build.bytes} bytes, sha256 ${a.build.sha256.slice(0, 16)}…` : a.description]);
  return [
    "### Method",
    "",
    `- **In Wasm**: \`bench/driver/driver.wasm\` replays the trace with calls into the allocator's exports (\`replayInWasm\`), so every allocator pays the same wasm-to-wasm call; only the driver calls are timed. ${p.wasm.warmup} warm-up + ${p.wasm.reps} timed repetitions.`,
    `- **From JS**: a JS loop calls the exports once per op, as an npm user would, doing the same block touches as the driver (a tag in the first and last word, read back before free/realloc). Every run gets a freshly compiled copy of the loop, so V8 sees one instance's exports, as in a program using one allocator (a shared loop deoptimises at every new instance); the loop's JIT warm-up, a few ms, is inside the timing for every allocator alike. Timed by tinybench, one task per allocator per repetition. ${p.js.warmup} warm-up + ${p.js.reps} timed repetitions.`,
    "- **Interleaved**: repetition k runs every allocator once, the list rotated by k; every run uses a fresh instance (instantiation untimed) after a full GC. The tables show the median, [min–max] over the timed repetitions, and the ratio to the best dlmalloc build on the same workload and path.",
    "- **Memory**: final Wasm memory size (it never shrinks, so this is the peak) minus the harness buffers (`harnessBytes`: the driver's op chunk and slot table, allocated with the allocator under test), divided by the workload's peak live requested bytes. 1.00 would be no overhead at all; Wasm memory grows in 64 KiB pages. `/ n` after the ratio: `memory.grow` calls (including the harness buffers' grows). For @thi.ng/malloc: the pool's high-water mark (`top`) from the correctness pass, only when it ran the whole trace.",
    `- **bump** is skipped where it would need more than ${fmtBytes(p.bumpMaxBytes)} of fresh memory (it never reuses memory; large-mix would need tens of GB, more than wasm32's 4 GiB). Where it needs more than ${fmtBytes(p.bumpReducedAbove)} it runs ${p.bumpReduced.wasm.reps} timed repetition(s) in Wasm and ${p.bumpReduced.js.reps} from JS, without a warm-up (each run takes seconds). Its times include many \`memory.grow\` calls (see the environment's per-grow cost).`,
    `- **@thi.ng/malloc** runs from JS only, over a pool of 4x the peak live bytes + 16 MiB (it cannot grow). Each of its runs stops after ${p.jsLibraryLimitMs / 1000} s (DNF); when the warm-up does not finish, its timed repetitions are skipped.`,
    "- Geometric means are over workloads; the speed target uses the small-object workloads " +
      `(${result.smallObjectWorkloads.join(", ")}) and the CPython traces.`,
    "",
    table(["allocator", "paths", "alignment", "what"], allocRows, ["l", "l", "r", "l"]),
  ].join("\n");
}

/** @param {any} result the alloc suite's result */
export function allocMarkdown(result) {
  const parts = [
    `## Allocators${result.quick ? " (quick run)" : ""}`,
    targetsSection(result),
    `### Speed in Wasm: median ns/op (x best dlmalloc build on that workload)`,
    speedTable(result, "wasm"),
    floorTable(result),
    `### Speed from JS: median ns/op (x best dlmalloc build on that workload)`,
    speedTable(result, "js"),
    "### Memory: final memory ÷ peak live requested bytes / memory.grow calls",
    "Final Wasm memory minus the harness buffers (`harnessBytes`), in Wasm path runs; @thi.ng/malloc: pool high-water mark.",
    memoryTable(result),
    correctnessSection(result),
    thingSection(result),
    workloadDetails(result),
    methodSection(result),
  ];
  return parts.filter(Boolean).join("\n\n");
}


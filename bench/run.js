#!/usr/bin/env node
// pyheap's benchmark: `npm run bench` (= node bench/run.js).
//
//   node bench/run.js                 full run (~10 min) -> bench/results/
//   node bench/run.js --quick         small version (seconds) -> bench/results/quick/
//   node bench/run.js --only pyheap,dlmalloc-wasi,small-random
//                                     some allocators and/or workloads -> bench/results/custom/
//                                     (so does any run with --reps, --js-reps or --suite)
//   --reps N        timed repetitions in Wasm (JS path: min(N, default))
//   --js-reps N     timed repetitions from JS
//   --suite NAME    run one suite (default: all): alloc, objects (pyheap's
//                   facade vs python3 and Pyodide) or gc (heap.gc vs theirs)
//   --out DIR       write the reports to DIR
//   --build         rebuild build/release.wasm and build/legacy.wasm first
//                   (otherwise they are only built when missing)
//
// Progress goes to stderr, one line per step; the targets verdict is printed
// at the end. Exit status 1 if an allocator that must be correct (all but
// the JS library) failed the correctness pass; the reports are written first.
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { SUITES } from "./suites/index.js";
import { describeEnvironment, watchLoad } from "./lib/environment.js";
import { progress } from "./lib/progress.js";
import { writeReports } from "./report/write.js";

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      reps: { type: "string" },
      "js-reps": { type: "string" },
      only: { type: "string" },
      suite: { type: "string" },
      out: { type: "string" },
      build: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const count = (name) => {
    if (values[name] === undefined) return undefined;
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const custom = only !== undefined || values.reps !== undefined || values["js-reps"] !== undefined || values.suite !== undefined;
  // A quick or partial run never overwrites the real report.
  const out = values.out ?? (custom ? `${RESULTS}custom/` : values.quick ? `${RESULTS}quick/` : RESULTS);
  return { help: values.help, quick: values.quick, reps: count("reps"), jsReps: count("js-reps"), only, suite: values.suite, out, rebuild: values.build };
}

async function main() {
  const argv = process.argv.slice(2);
  const opts = options(argv);
  if (opts.help) {
    const src = await import("node:fs").then((fs) => fs.readFileSync(fileURLToPath(import.meta.url), "utf8"));
    process.stdout.write(`${src.split("\n").slice(1).filter((l) => l.startsWith("//")).map((l) => l.slice(3)).join("\n")}\n`);
    return 0;
  }
  const suites = opts.suite ? SUITES.filter((s) => s.name === opts.suite) : SUITES;
  if (!suites.length) throw new Error(`unknown suite ${opts.suite}; known: ${SUITES.map((s) => s.name).join(", ")}`);

  const started = performance.now();
  const load = watchLoad();
  progress(`pyheap bench${opts.quick ? " --quick" : ""}: writing to ${relative(process.cwd(), opts.out) || "."}`);
  const runs = [];
  for (const suite of suites) {
    const result = await suite.run({ ...opts, log: progress });
    runs.push({ suite, result });
  }
  // Package versions the suites discovered (e.g. the optional JS library).
  const extraPackages = {};
  for (const { result } of runs) for (const a of result.allocators ?? []) if (a.version) extraPackages[a.name] = a.version;
  for (const { result } of runs) for (const s of result.skippedAllocators ?? []) extraPackages[s.name] = null;
  // Runtimes the objects and gc suites compared against (python3, pyodide).
  for (const { result } of runs) Object.assign(extraPackages, result.packages ?? {});
  const env = describeEnvironment({ extraPackages, load: load.stop() });
  const durationSeconds = (performance.now() - started) / 1000;
  const files = writeReports(opts.out, { env, argv, durationSeconds, suites: runs });
  progress(`done in ${Math.round(durationSeconds)} s: ${files.map((f) => relative(process.cwd(), f)).join(", ")}`);

  let failed = 0;
  for (const { result } of runs) {
    for (const t of result.targets?.primary ?? []) {
      const verdict = t.met === null ? "NOT EVALUATED" : t.met ? "MET" : "NOT MET";
      const detail = t.detail ?? (t.kind === "speed" && t.evaluable
        ? `geomean ${t.geomean.subject.toFixed(1)} vs ${t.geomean.dlmalloc.toFixed(1)} ns/op = ${t.geomean.ratio.toFixed(2)}x (target <= ${t.threshold}x)`
        : t.kind === "memory" && t.evaluable ? (t.met ? "on every workload" : `exceeded on: ${t.failing.join(", ")}`) : "");
      console.log(`target ${t.id}: ${verdict}${detail ? ` — ${detail}` : ""}`);
    }
    for (const [name, s] of Object.entries(result.correctnessSummary ?? {})) {
      if (s.status !== "pass") console.log(`correctness ${name}: ${s.status}${s.required ? "" : " (reported, not required)"}`);
      if (s.required && s.status === "fail") failed++;
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(e?.stack ?? e);
  process.exitCode = 2;
});

#!/usr/bin/env node
// pyheap's benchmark: `npm run bench` (= node bench/run.js; options after `--`).
//
//   npm run bench                       full run (~8.5 min of CPU time) -> bench/results/
//   npm run bench -- --quick            small version (~1.5 min) -> bench/results/quick/
//   npm run bench -- --only roofline    one suite; --only takes suite names
//                                       (roofline, alloc, programs, objects, gc), workload
//                                       names and allocator names, comma-separated:
//                                       --only roofline,pyheap,dlmalloc-wasi,churn
//   npm run bench -- --trace FILE       replay your own trace (.ops, .ops.gz or the
//                                       text format of bench/traces/README.md)
//                                       against every allocator
//   Partial runs (--only, --trace, --suite, --reps, --js-reps) write to
//   bench/results/custom/, never over the full report.
//
// Options:
//   --quick         short loops, cut traces, few repetitions
//   --only NAMES    suites, workloads, allocators and/or the objects
//                   suite's shapes to run (see above)
//   --trace FILE    replay FILE instead of the built-in workloads (alloc suite)
//   --suite NAME    run one suite; --only then names only workloads and
//                   allocators (--suite alloc --only objects: the CPython
//                   trace called objects, not the objects suite)
//   --reps N        timed repetitions in Wasm (JS path: min(N, default))
//   --js-reps N     timed repetitions from JS
//   --out DIR       write the reports to DIR
//   --build         rebuild build/release.wasm, legacy.wasm and unchecked.wasm first
//                   (otherwise they are only built when missing)
//   --help, -h      this text
//
// The objects and gc suites compare against python3 and Pyodide (the npm
// package); without them those columns are skipped with a message and the
// allocator suites still run. Progress goes to stderr, one line per step;
// the verdicts are printed at the end. Exit status 1 if an allocator that must
// be correct (all but the JS library) failed a correctness check (the reports
// are written first); 2 on a usage error or a crash.
import { fileURLToPath } from "node:url";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { SUITES } from "./suites/index.js";
import { describeEnvironment, watchLoad } from "./lib/environment.js";
import { progress } from "./lib/progress.js";
import { writeReports } from "./report/write.js";
import { STEAL_NOISY } from "./report/environment.js";
import { TraceError, UsageError } from "./lib/usage-error.js";
import { userTraceWorkload } from "./workloads/user-trace.js";

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));


const OPTIONS = /** @type {const} */ ({
  quick: { type: "boolean", default: false },
  reps: { type: "string" },
  "js-reps": { type: "string" },
  only: { type: "string" },
  trace: { type: "string" },
  suite: { type: "string" },
  out: { type: "string" },
  build: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
});

function parse(argv) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    // node:util's messages carry a hint about "--" for positionals; keep the first sentence.
    const msg = /** @type {Error} */ (e).message.split(/\. (?=To specify)/)[0];
    throw new UsageError(msg.replace(/^Unknown option '(.*)'$/, "unknown option $1"));
  }
}

/**
 * Which suites run, and the names each is given: suite names in --only (or
 * --suite) pick suites; the other names go to every picked suite, and a
 * suite none of whose names was asked for is left out. Every name must be
 * known to some suite.
 * @param {string[] | undefined} only
 * @param {string | undefined} suite
 */
export function pickSuites(only, suite) {
  const suiteNames = SUITES.map((s) => s.name);
  if (suite !== undefined && !suiteNames.includes(suite)) throw new UsageError(`unknown suite ${suite}; known: ${suiteNames.join(", ")}`);
  // With --suite, --only names are never suites (the CPython trace called
  // "objects" shares its name with the objects suite).
  const asked = only ?? [];
  const picked = suite ? [suite] : asked.filter((n) => suiteNames.includes(n));
  const names = suite ? asked : asked.filter((n) => !suiteNames.includes(n));
  let suites = picked.length ? SUITES.filter((s) => picked.includes(s.name)) : SUITES;
  if (names.length) {
    const unknown = names.filter((n) => !suites.some((s) => s.names?.().includes(n)));
    if (unknown.length) {
      const known = suites.flatMap((s) => s.names?.() ?? []);
      throw new UsageError(`--only: unknown name(s) ${unknown.join(", ")}; known: ${[...suiteNames, ...new Set(known)].join(", ")}`);
    }
    if (!picked.length) suites = suites.filter((s) => names.some((n) => s.names?.().includes(n)));
  }
  return { suites, names: names.length ? names : undefined, explicit: picked.length > 0 };
}

function options(argv) {
  const values = parse(argv);
  const count = (name) => {
    if (values[name] === undefined) return undefined;
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, not ${values[name]}`);
    return n;
  };
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const custom = only !== undefined || values.reps !== undefined || values["js-reps"] !== undefined || values.suite !== undefined || values.trace !== undefined;
  // A quick or partial run never overwrites the real report.
  const out = values.out ?? (custom ? `${RESULTS}custom/` : values.quick ? `${RESULTS}quick/` : RESULTS);
  return {
    help: values.help, quick: values.quick, reps: count("reps"), jsReps: count("js-reps"), only, suite: values.suite,
    trace: values.trace, out, rebuild: values.build,
  };
}

async function main() {
  const argv = process.argv.slice(2);
  const opts = options(argv);
  if (opts.help) {
    const src = await import("node:fs").then((fs) => fs.readFileSync(fileURLToPath(import.meta.url), "utf8"));
    const lines = [];
    for (const l of src.split("\n").slice(1)) { if (!l.startsWith("//")) break; lines.push(l.slice(3)); }
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  }
  let { suites, names, explicit } = pickSuites(opts.only, opts.suite);
  opts.only = names;
  if (opts.trace !== undefined) {
    // Read and checked before anything runs or is written.
    opts.traceWorkload = userTraceWorkload(opts.trace);
    if (explicit && suites.some((s) => s.name !== "alloc")) {
      throw new UsageError("--trace replays in the alloc suite only (drop the other suites from --only/--suite)");
    }
    suites = SUITES.filter((s) => s.name === "alloc");
  }

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
  if (env.git.dirty) progress("WARNING: uncommitted changes in the tree; the report says so at the top");
  const steal = env.loadAverage?.stealShare;
  if (typeof steal === "number" && steal > STEAL_NOISY) {
    progress(`WARNING: the host took ${(100 * steal).toFixed(1)}% of the CPU time during the run; expect noisier numbers (the report says so)`);
  }

  let failed = 0;
  for (const { result } of runs) {
    for (const t of result.targets?.primary ?? []) {
      const verdict = t.met === null ? "NOT EVALUATED" : t.met ? "MET" : "NOT MET";
      const detail = t.detail ?? (t.kind === "speed" && t.evaluable
        ? `geomean ${t.geomean.subject.toFixed(1)} vs ${t.geomean.dlmalloc.toFixed(1)} ns/op = ${t.geomean.ratio.toFixed(2)}x (target <= ${t.threshold}x)`
        : t.kind === "memory" && t.evaluable && !t.met ? `exceeded on: ${t.failing.join(", ")}` : "");
      console.log(`${verdict}${result.quick ? " (quick run, not the real numbers)" : ""}: ${t.statement}${detail ? ` — ${detail}` : ""}`);
    }
    for (const [name, s] of Object.entries(result.correctnessSummary ?? {})) {
      if (s.status !== "pass") console.log(`correctness ${name}: ${s.status}${s.required ? "" : " (reported, not required)"}`);
      if (s.required && s.status === "fail") failed++;
    }
  }
  return failed ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  if (e instanceof TraceError) console.error(`bench: ${e.message}`);
  else if (e instanceof UsageError) console.error(`bench: ${e.message} (npm run bench -- --help lists the options)`);
  else console.error(e?.stack ?? e);
  process.exitCode = 2;
});

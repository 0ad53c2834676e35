// Runs the quick roofline suite (node bench/run.js --quick --only roofline)
// as a child process and checks its report: every allocator on every
// workload measured (or n/a with a reason), the null allocator's floor
// subtracted, the tier evidence recorded, the published column present, and
// the loops' checksums equal across allocators. It never asserts speed.
// Also checks the command line's errors: one line, exit status 2, no stack.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBench } from "./helpers/bench-run.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TIMEOUT_MS = 120_000;
const ALLOCATORS = ["dlmalloc-wasi", "emmalloc", "dlmalloc-emscripten", "tlsf-as", "bump", "pyheap", "pyheap-unchecked"];
const WORKLOADS = ["alloc_free_32", "alloc_free_32_align16", "batch_lifo_32", "batch_fifo_32", "churn",
  "random_actions", "random_actions_norealloc", "realloc_doubling", "large_alloc_free"];

/** @type {string} */ let out;
/** @type {{ code: number | null, stdout: string, stderr: string }} */ let run;
/** @type {any} */ let roofline;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "pyheap-bench-roofline-"));
  run = await runBench(["--quick", "--only", "roofline", "--out", out], TIMEOUT_MS - 5_000);
  const file = join(out, "report.json");
  roofline = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).suites.roofline : null;
}, TIMEOUT_MS);
afterAll(() => { if (out) rmSync(out, { recursive: true, force: true }); });

const finite = (x) => typeof x === "number" && Number.isFinite(x);

describe("npm run bench -- --quick --only roofline", () => {
  it("runs only the roofline suite and writes its report", () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(roofline).not.toBeNull();
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/## Roofline: the allocator's own cost/);
    expect(run.stderr).not.toMatch(/alloc suite:|objects suite:/);
  });

  it("measures every allocator on every workload, net of the null allocator's floor", () => {
    expect(roofline.allocators.map((a) => a.name)).toEqual(ALLOCATORS);
    expect(roofline.workloads.map((w) => w.name)).toEqual(WORKLOADS);
    for (const w of WORKLOADS) {
      const { floors, results } = roofline.results[w];
      for (const f of Object.values(floors)) expect(f.status).toBe("ok");
      for (const a of ALLOCATORS) {
        const r = results[a];
        const where = `${a} on ${w}: ${JSON.stringify(r).slice(0, 300)}`;
        if (w === "alloc_free_32_align16" && (a === "emmalloc" || a === "dlmalloc-emscripten")) {
          expect(r.status, where).toBe("n/a"); // 8-byte aligned malloc, no aligned_alloc export
          expect(r.reason).toMatch(/8-byte aligned/);
          continue;
        }
        expect(r.status, where).toBe("ok");
        expect(r.nsPerOp.median, where).toBeGreaterThan(0);
        expect(r.floorNsPerOp, where).toBe(floors[r.how].nsPerOp.median);
        expect(r.netNsPerOp.median, where).toBeCloseTo(r.nsPerOp.median - r.floorNsPerOp, 6);
        expect(r.samples.length).toBe(roofline.plan.reps);
        expect(Object.keys(r.tiersAfterReps)).toEqual(expect.arrayContaining(["loop", "free"]));
        expect(r.warmup.fullCalls).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("prints its two verdicts in plain words, naming the workloads by their titles", () => {
    const lines = run.stdout.split("\n").filter((l) => /roofline/.test(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).toMatch(/^(MET|NOT MET) \(quick run, not the real numbers\): pyheap's /);
      expect(l).toMatch(/ — \d of 5: 32 B alloc\+free \d+\.\d\dx/);
      expect(l).not.toMatch(/alloc_free_32|batch_lifo_32|random_actions/);
    }
    expect(lines[1]).toMatch(/\(wasmalloc 0\.46x\)/);
  });

  it("pyheap is timed through its aligned_alloc on the aligned workload", () => {
    expect(roofline.results.alloc_free_32_align16.results.pyheap.how).toBe("aligned_alloc");
    expect(roofline.results.alloc_free_32_align16.results["dlmalloc-wasi"].how).toBe("malloc16");
  });

  it("every allocator's loop read back the same bytes (equal checksums)", () => {
    expect(roofline.problems).toEqual([]);
    for (const w of WORKLOADS) {
      const sums = new Set(Object.values(roofline.results[w].results).filter((r) => r.status === "ok" && r.n === roofline.workloads.find((x) => x.name === w).n).map((r) => r.checksums.join()));
      expect(sums.size, w).toBe(1);
    }
  });

  it("carries wasmalloc's published figures, marked as not measured here", () => {
    expect(roofline.published.engine).toMatch(/node 22/);
    for (const w of WORKLOADS) expect(finite(roofline.published.figures[w].wasmalloc), w).toBe(true);
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/published, not measured here/);
  });
});

describe("bench command line errors", () => {
  const bench = (...args) => spawnSync(process.execPath, ["bench/run.js", ...args], { cwd: ROOT, encoding: "utf8" });
  it("an unknown option is a one-line usage error, exit status 2", () => {
    const r = bench("--bogus");
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^bench: unknown option --bogus \(npm run bench -- --help/)]);
  });
  it("an unknown --only name or suite says what is known", () => {
    const r = bench("--only", "nope");
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown name\(s\) nope; known: roofline, alloc, programs, objects, gc, /);
    expect(bench("--suite", "nope").stderr).toMatch(/^bench: unknown suite nope/);
    expect(bench("--reps", "0").stderr).toMatch(/^bench: --reps must be a positive integer/);
  });
  it("--help lists the options", () => {
    const r = bench("--help");
    expect(r.status).toBe(0);
    for (const o of ["--quick", "--only", "--trace", "--suite", "--help"]) expect(r.stdout).toContain(o);
  });
});

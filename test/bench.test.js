// Runs the quick allocator suite (node bench/run.js --quick --suite alloc) as a child process,
// into a temporary directory, and checks its reports: files written, every
// allocator that must be correct passed the correctness pass, and every
// number is finite and positive. It never asserts speed. Also checks, in
// process, that the JS-side checker catches deliberately broken allocators.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBench } from "./helpers/bench-run.js";

import { ALLOCATORS, instantiateAllocator } from "../bench/lib/wasm-allocators.js";
import { wasmTarget, replayJs } from "../bench/lib/js-replay.js";
import { verifyJs } from "../bench/lib/js-verify.js";
import { expectedChecksum } from "../bench/lib/checksum.js";
import { generateSynthetic } from "../bench/workloads/index.js";

const TIMEOUT_MS = 120_000;

/** @type {string} */ let out;
/** @type {{ code: number | null, stderr: string }} */ let run;
/** @type {any} */ let report;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "pyheap-bench-test-"));
  run = await runBench(["--quick", "--suite", "alloc", "--out", out], TIMEOUT_MS - 5_000);
  const file = join(out, "report.json");
  report = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}, TIMEOUT_MS);

afterAll(() => { if (out) rmSync(out, { recursive: true, force: true }); });

const positive = (x) => typeof x === "number" && Number.isFinite(x) && x > 0;

describe("npm run bench -- --quick", () => {
  it("finishes and writes report.md, report.json and chart.svg", () => {
    // Exit 1 means an allocator failed correctness (checked below, with
    // details); anything else non-zero is a crash.
    expect(run.code === 0 || run.code === 1, `exit ${run.code}\n${run.stderr.slice(-3000)}`).toBe(true);
    for (const f of ["report.md", "report.json", "chart.svg"]) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, "chart.svg"), "utf8")).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/### Targets/);
  });

  it("covers every workload and the required allocators", () => {
    const alloc = report.suites.alloc;
    const names = alloc.allocators.map((a) => a.name);
    for (const n of ["dlmalloc-wasi", "emmalloc", "dlmalloc-emscripten", "tlsf-as", "bump", "pyheap", "pyheap-legacy"]) {
      expect(names).toContain(n);
    }
    expect(alloc.workloads.map((w) => w.name)).toEqual(expect.arrayContaining([
      "small-random", "small-lifo", "small-fifo", "size-classes", "large-mix", "mixed",
      "compile_stdlib", "json_roundtrip", "objects",
    ]));
    expect(report.env.node).toBe(process.version);
  });

  it("every allocator that must be correct passed the correctness pass", () => {
    const alloc = report.suites.alloc;
    const failures = [];
    for (const a of alloc.allocators) {
      const s = alloc.correctnessSummary[a.name];
      expect(["pass", "fail", "incomplete"]).toContain(s.status);
      if (!s.required) continue; // the JS library: reported, not required
      for (const w of alloc.workloads) {
        const c = alloc.results[w.name][a.name].correctness;
        if (c.status !== "pass" && c.status !== "skipped") failures.push(`${a.name} on ${w.name}: ${c.status} ${c.problems.join("; ")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("reports finite, positive numbers", () => {
    const alloc = report.suites.alloc;
    for (const w of alloc.workloads) {
      expect(positive(w.peakLiveBytes)).toBe(true);
      for (const a of alloc.allocators) {
        const r = alloc.results[w.name][a.name];
        for (const path of ["wasm", "js"]) {
          const p = r[path];
          const where = `${a.name} / ${w.name} / ${path}: ${JSON.stringify(p).slice(0, 300)}`;
          if (a.role !== "js-library" && !(a.bump && p.status === "skipped") && !(path === "wasm" && a.kind !== "wasm")) {
            expect(p.status, where).toBe("ok");
          }
          if (p.status !== "ok") continue;
          for (const k of ["median", "min", "max"]) expect(positive(p.nsPerOp[k]), where).toBe(true);
          expect(p.samples.every(positive), where).toBe(true);
          if (path === "wasm") {
            expect(positive(p.memoryBytes) && positive(p.memoryRatio) && positive(p.harnessBytes), where).toBe(true);
            expect(Number.isInteger(p.growCount) && p.growCount >= 0, where).toBe(true);
          }
        }
      }
    }
  });

  it("states a verdict for both targets", () => {
    const { primary } = report.suites.alloc.targets;
    const speed = primary.find((t) => t.id === "speed-wasm");
    const memory = primary.find((t) => t.id === "memory");
    expect(typeof speed.met).toBe("boolean");
    expect(typeof memory.met).toBe("boolean");
    expect(positive(speed.geomean.ratio)).toBe(true);
  });
});

describe("bench/lib/js-verify.js catches broken allocators", () => {
  const { ops, meta } = generateSynthetic("mixed", { quick: true }); // has calloc and realloc
  const fileOf = (name) => ALLOCATORS.find((a) => a.name === name).file;
  const check = async (name, wrap) => {
    const alloc = await instantiateAllocator(fileOf(name));
    const t = wasmTarget(alloc);
    return verifyJs({ ...t, ...wrap(t) }, ops, meta.slotTableSize, { align: 16 });
  };

  it("passes a correct allocator, whose JS replay checksum matches", async () => {
    expect((await check("dlmalloc-wasi", () => ({}))).passed).toBe(true);
    const alloc = await instantiateAllocator(fileOf("dlmalloc-wasi"));
    const r = replayJs(wasmTarget(alloc), ops, meta.slotTableSize);
    expect(r.checksum).toBe(expectedChecksum(ops, { chunkOps: ops.length / 2 }));
  });
  it("overlapping blocks (bump: free is a no-op, so the wrapper cannot corrupt it)", async () => {
    const v = await check("bump", ({ malloc }) => {
      let n = 0, last = 0;
      return { malloc: (size) => (++n % 100 === 0 && last ? last : (last = malloc(size))) };
    });
    expect(v.passed).toBe(false);
    expect(v.reason).toMatch(/overlapping|overwritten/);
  });
  it("calloc that does not zero", async () => {
    const v = await check("dlmalloc-wasi", ({ malloc }) => ({ calloc: (k, size) => malloc(k * size) }));
    expect(v.passed).toBe(false);
    expect(v.reason).toMatch(/not zeroed/);
  });
  it("realloc that does not copy", async () => {
    const v = await check("dlmalloc-wasi", ({ malloc, free }) => ({ realloc: (p, size) => { const q = malloc(size); free(p); return q; } }));
    expect(v.passed).toBe(false);
    expect(v.reason).toMatch(/contents not preserved|overwritten/);
  });
  it("misaligned blocks", async () => {
    const v = await check("bump", ({ malloc }) => ({ malloc: (size) => malloc(size + 8) + 8 }));
    expect(v.passed).toBe(false);
    expect(v.reason).toMatch(/not 16-byte aligned/);
  });
});

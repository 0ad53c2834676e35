// Runs the quick objects and gc suites (node bench/run.js --quick --suite
// objects|gc) as child processes into temporary directories and checks
// their reports: every shape measured, finite positive times, the targets
// stated. It never asserts speed. Pyodide may crash on a shape (the deep
// chain does): that must be reported as "crashed" with a message.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TIMEOUT_MS = 120_000;
const dirs = [];

function runSuite(name, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), `pyheap-bench-${name}-`));
  dirs.push(dir);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bench/run.js", "--quick", "--suite", name, ...extra, "--out", dir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => { stderr += d; });
    child.stdout.resume();
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS - 5_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      const file = join(dir, "report.json");
      resolve({ code, stderr, dir, report: existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null });
    });
  });
}

const runs = {};
beforeAll(async () => {
  // One after the other: they time things.
  runs.objects = await runSuite("objects");
  runs.gc = await runSuite("gc");
  runs.traced = await runSuite("objects", ["--only", "tracemalloc"]);
}, 2 * TIMEOUT_MS);
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const positive = (x) => typeof x === "number" && Number.isFinite(x) && x > 0;

function checkSuite(name, { required }) {
  const { code, stderr, dir, report } = runs[name];
  expect(code, `exit ${code}\n${stderr.slice(-3000)}`).toBe(0);
  expect(readFileSync(join(dir, "report.md"), "utf8")).toMatch(/### Targets/);
  const s = report.suites[name];
  if (s.skipped) return s; // gc suite while heap.gc is not usable
  for (const shape of s.shapes) {
    const row = s.rows[shape.name];
    for (const rt of ["pyheap", "python3", "pyodide"]) {
      const r = row[rt];
      const where = `${shape.name} on ${rt}: ${JSON.stringify(r).slice(0, 300)}`;
      if (required.includes(rt)) expect(r.status, where).toBe("ok");
      if (r.status === "crashed") expect(r.reason.length, where).toBeGreaterThan(0);
      if (r.status !== "ok") continue;
      expect(Object.keys(r.phases).length, where).toBeGreaterThan(0);
      for (const p of Object.values(r.phases)) {
        for (const k of ["median", "min", "max"]) expect(positive(p[k]), where).toBe(true);
        expect(p.n).toBe(s.plan.reps);
      }
    }
    if (row.pyheap.status === "ok") expect(row.pyheap.liveAfter, `${shape.name}: pyheap leaked`).toBe(row.pyheap.liveBefore);
  }
  for (const t of s.targets.primary) {
    expect(typeof t.met, t.id).toBe("boolean");
    expect(t.detail.length).toBeGreaterThan(0);
  }
  return s;
}

describe("npm run bench -- --quick --suite objects", () => {
  it("measures every shape on pyheap and python3 with finite numbers, and states issue 3's targets", () => {
    const s = checkSuite("objects", { required: ["pyheap", "python3"] });
    expect(s.shapes.map((x) => x.name)).toEqual(["lists", "instances", "dict", "chain", "tuples", "tracemalloc", "tracemalloc-ints"]);
    expect(s.targets.primary.map((t) => t.id)).toEqual(["issue3-tuples", "issue3-incref", "tracing-sampled"]);
    expect(Object.keys(s.rows.tracemalloc.pyheap.phases)).toEqual(["untraced", "sampled", "exact"]);
    expect(Object.keys(s.rows.tracemalloc.python3.phases)).toEqual(["untraced", "exact"]);
    expect(readFileSync(join(runs.objects.dir, "report.md"), "utf8"))
      .toMatch(/Tracing overhead, tracemalloc \(traced \/ untraced, each runtime against itself\): pyheap sampled \d+\.\d+x, pyheap exact \d+\.\d+x, python3 tracemalloc \d+\.\d+x/);
    expect(Object.keys(s.rows["tracemalloc-ints"].pyheap.phases)).toEqual(["untraced", "sampled", "exact"]);
    expect(readFileSync(join(runs.objects.dir, "report.md"), "utf8")).toMatch(/Tracing overhead, tracemalloc-ints \(traced/);
    for (const shape of ["lists", "instances", "dict", "chain"]) expect(positive(s.rows[shape].pyheap.memory.wasmGrowthBytes)).toBe(true);
  });
});

describe("npm run bench -- --quick --suite objects --only tracemalloc", () => {
  it("runs that shape alone and judges only its target", () => {
    const { code, stderr, report } = runs.traced;
    expect(code, stderr.slice(-2000)).toBe(0);
    const s = report.suites.objects;
    expect(s.shapes.map((x) => x.name)).toEqual(["tracemalloc"]);
    expect(s.targets.primary.map((t) => t.id)).toEqual(["tracing-sampled"]);
    expect(Object.keys(s.rows)).toEqual(["tracemalloc"]);
  });
});

describe("npm run bench -- --quick --suite gc", () => {
  it("measures every collection on pyheap and python3 (or says why the suite was skipped), and states issue 4's targets", () => {
    const s = checkSuite("gc", { required: ["pyheap", "python3"] });
    if (s.skipped) return;
    expect(s.targets.primary.map((t) => t.id)).toEqual(["issue4-full", "issue4-cycles", "issue4-young"]);
    const cycles = s.shapes.find((x) => x.name === "gc-cycles");
    for (const rt of ["pyheap", "python3"]) expect(s.rows["gc-cycles"][rt].found.every((f) => f === cycles.expectFound)).toBe(true);
  });
});

// The report and the charts, regenerated from a small report.json (a quick
// run of pyheap, both dlmalloc builds and bump on three workloads, made from
// a tree with uncommitted changes): what they must show whatever the numbers.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { regenerate } from "../bench/report/regenerate.js";
import { rooflineMarkdown } from "../bench/report/roofline-markdown.js";
import { rooflineChart } from "../bench/report/roofline-chart.js";
import { environmentMarkdown } from "../bench/report/environment.js";
import { watchLoad } from "../bench/lib/environment.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/bench-report.json", import.meta.url));
/** @type {string} */ let dir;
/** @type {Record<string, string>} */ const text = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pyheap-bench-report-"));
  for (const f of regenerate(FIXTURE, dir)) text[f.slice(dir.length + 1)] = readFileSync(f, "utf8");
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const fixture = JSON.parse(readFileSync(FIXTURE, "utf8"));

describe("report.md", () => {
  it("is regenerated with every suite's section, the charts beside it", () => {
    expect(Object.keys(text).sort()).toEqual(["chart.svg", "memory.svg", "report.json", "report.md", "roofline.svg"]);
    expect(text["report.md"]).toMatch(/## Roofline: the allocator's own cost/);
    expect(text["report.md"]).toMatch(/## Allocators/);
  });
  it("names its commit and warns loudly about uncommitted changes", () => {
    expect(fixture.env.git.dirty).toBe(true);
    expect(text["report.md"]).toContain(`on commit \`${fixture.env.git.commit.slice(0, 12)}\``);
    expect(text["report.md"]).toMatch(/^> \*\*WARNING: made from a tree with uncommitted changes\.\*\*/m);
  });
  it("gives the roofline net of the floor, ratios to the best dlmalloc and the published column", () => {
    const md = text["report.md"];
    expect(md).toMatch(/net ns per operation/);
    expect(md).toMatch(/published, not measured here/);
    expect(md).toMatch(/\| alloc_free_32 \(alloc\+free pair\) \|/);
    expect(md).toMatch(/dlmalloc = 1\.0/);
    expect(md).toMatch(/### How we know the optimizing tier ran/);
  });
  it("gives the replay driver's floor and pyheap's ratio with and without it", () => {
    expect(text["report.md"]).toMatch(/### The driver's floor[\s\S]*\| small-lifo \| [\d.]+ \|/);
  });
});

describe("chart.svg", () => {
  const svg = () => text["chart.svg"];
  it("has speed (Wasm, JS) and memory panels, normalised to the best dlmalloc", () => {
    expect(svg()).toMatch(/Speed in Wasm[^<]*÷ best dlmalloc/);
    expect(svg()).toMatch(/Speed from JS[^<]*÷ best dlmalloc/);
    expect(svg()).toMatch(/Memory: final Wasm memory[^<]*÷ smallest dlmalloc/);
    expect(svg()).not.toMatch(/excluding bump/);
  });
  it("shows the reference allocator: a bar of height > 0 at exactly 1.00x in every panel", () => {
    const refs = [...svg().matchAll(/<rect [^>]*height="([\d.]+)"[^>]*><title>(dlmalloc-[a-z]+) on small-lifo: [^<]*, 1\.00x the best dlmalloc/g)];
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const m of refs) expect(Number(m[1])).toBeGreaterThan(10);
  });
  it("keeps a log scale from 0.25x to 4x, so bump's bars are clipped and labelled instead of setting it", () => {
    expect(svg()).toMatch(/>0\.25x</);
    expect(svg()).toMatch(/>4\.0x</);
    expect(svg()).not.toMatch(/>8\.0x</);
  });
});

describe("memory.svg", () => {
  it("plots Wasm memory per allocator and the bytes live against operations", () => {
    const svg = text["memory.svg"];
    for (const a of ["pyheap", "dlmalloc-wasi", "dlmalloc-emscripten", "bump"]) expect(svg).toMatch(new RegExp(`<path d="M[^"]+" class="line"[^>]*><title>${a}: `));
    expect(svg).toMatch(/class="live"><title>bytes live/);
    expect(svg).toMatch(/>small-lifo</);
  });
});

describe("a roofline figure within the floor's noise", () => {
  // dlmalloc-wasi's churn: one repetition faster than the null allocator's
  // median (as on large_alloc_free, where touching the pages dominates).
  const result = structuredClone(fixture.suites.roofline);
  const noisy = result.results.churn.results["dlmalloc-wasi"];
  noisy.netNsPerOp = { ...noisy.netNsPerOp, min: -1247.9, median: -3.5 };
  const md = rooflineMarkdown(result);
  const rows = (name) => md.split("\n").filter((l) => l.startsWith(`| ${name} `));

  it("is reported as ≈0 with its range, never as a negative cost or ratio", () => {
    const [figures, ratios] = rows("churn");
    expect(figures).toContain("| ≈0 (-1,248–");
    expect(ratios).toMatch(/^\| churn \| ≈0 \|/);
    expect(md).toMatch(/≈0, within the floor's noise: dlmalloc-wasi on churn/);
    for (const l of [...rows("churn"), ...rows("alloc_free_32")]) expect(l).not.toMatch(/\| -\d|[(|] ?-\d[\d.,]*x/);
  });
  it("is not the reference: the ratios are to the dlmalloc build that was measured", () => {
    const [, ratios] = rows("churn");
    const allocs = result.allocators.map((a) => a.name);
    const cells = ratios.split("|").slice(2, -1).map((c) => c.trim());
    expect(cells[allocs.indexOf("dlmalloc-emscripten")]).toBe("1.00x");
    const svg = rooflineChart(result);
    expect(svg).toMatch(/<title>dlmalloc-wasi on churn: net -3\.5 ns\/op, within the floor's noise/);
    expect(svg).toMatch(/<title>dlmalloc-emscripten on churn: [^<]*, 1\.00x the best dlmalloc/);
  });
});

describe("roofline.svg", () => {
  it("draws net ns/op ÷ best dlmalloc for each roofline workload", () => {
    expect(text["roofline.svg"]).toMatch(/roofline: net ns\/op ÷ best dlmalloc/);
    expect(text["roofline.svg"]).toMatch(/>alloc_free_32</);
    expect(text["roofline.svg"]).toMatch(/>churn</);
  });
});

describe("the environment section", () => {
  const stealRow = (stealShare) => environmentMarkdown({ ...fixture.env, loadAverage: { ...fixture.env.loadAverage, stealShare } })
    .split("\n").find((l) => l.startsWith("| CPU time the host took (steal)"));

  it("says how much CPU time the host took during the run, and flags a run where it took much", () => {
    expect(stealRow(0.002)).toMatch(/\| 0\.2% \|/);
    expect(stealRow(0.002)).not.toMatch(/noisier/);
    expect(stealRow(0.12)).toMatch(/12\.0% — \*\*the host gave this machine's CPUs to others: expect noisier numbers/);
    expect(stealRow(null)).toMatch(/not measured/);
    expect(stealRow(undefined)).toMatch(/not measured/); // reports from before it was measured
  });

  it.runIf(process.platform === "linux")("measures it from /proc/stat over the run, as a share of all CPU time", () => {
    const w = watchLoad();
    // Long enough for the clock ticks /proc/stat counts in to advance.
    for (const end = performance.now() + 100; performance.now() < end;);
    const { stealShare } = w.stop();
    expect(typeof stealShare).toBe("number");
    expect(stealShare).toBeGreaterThanOrEqual(0);
    expect(stealShare).toBeLessThanOrEqual(1);
  });
});

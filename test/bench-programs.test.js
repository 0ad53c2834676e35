// The programs suite, quick: Lua and SQLite's speedtest1, each built with
// wasi-libc's dlmalloc and with pyheap as the malloc, and with emscripten's
// dlmalloc, its emmalloc and pyheap, print the same output, exit 0, and
// leave a heap whose walk passes. It never asserts speed.
// Also: wasm-record.js logs a pyheap-linked program's allocations in the
// text format, and that trace replays.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBench } from "./helpers/bench-run.js";
import { userTraceWorkload } from "../bench/workloads/user-trace.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** @type {string} */ let out;
/** @type {{ code: number | null, stderr: string }} */ let run;
/** @type {any} */ let programs;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "pyheap-bench-programs-"));
  run = await runBench(["--quick", "--only", "programs", "--out", out], 110_000);
  const file = join(out, "report.json");
  programs = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).suites.programs : null;
}, 120_000);
afterAll(() => { if (out) rmSync(out, { recursive: true, force: true }); });

describe("npm run bench -- --quick --only programs", () => {
  it("runs both programs under every malloc, wasi-libc's and emscripten's, with the same output", () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(Object.keys(programs.results)).toEqual(["lua-binary-trees", "sqlite-speedtest1"]);
    expect(programs.builds).toEqual({ wasi: ["dlmalloc", "pyheap"], emscripten: ["em-dlmalloc", "em-emmalloc", "em-pyheap"] });
    for (const [name, r] of Object.entries(programs.results)) {
      expect(r.identicalOutput, name).toBe(true);
      expect(r.outputLines, name).toBeGreaterThan(5);
      for (const b of ["dlmalloc", "pyheap", "em-dlmalloc", "em-emmalloc", "em-pyheap"]) {
        expect(r.builds[b].exitCodes, `${name} ${b}`).toEqual([0]);
        expect(r.builds[b].heapChecks, `${name} ${b}`).toEqual([]);
        expect(r.builds[b].ms.median).toBeGreaterThan(0);
      }
      for (const b of ["dlmalloc", "pyheap"]) expect(r.builds[b].memoryBytes).toBeGreaterThan(65536);
    }
    expect(programs.results["sqlite-speedtest1"].outputTail).toMatch(/Verification Hash: \d+ [0-9a-f]+/);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toMatch(/## Real programs/);
    expect(md).toMatch(/\| program \| dlmalloc ms \| emmalloc ms \| pyheap ms \|/);
  });

  it("the emscripten pyheap build takes every allocation from pyheap", () => {
    // -sMALLOC=none and the shim: the module imports the allocation functions.
    for (const w of ["lua", "speedtest1"]) {
      const bytes = readFileSync(join(ROOT, `bench/programs/wasm/${w}-em-pyheap.wasm`));
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).filter((i) => i.module === "pyheap").map((i) => i.name);
      expect(imports, w).toEqual(expect.arrayContaining(["malloc", "free", "realloc", "pyheap_init"]));
    }
  });
});

describe("bench/traces/wasm-record.js", () => {
  it("logs every allocation of a pyheap-linked program; the trace replays", () => {
    const trace = join(out, "lua.txt");
    const r = spawnSync(process.execPath, ["bench/traces/wasm-record.js", trace, "bench/programs/wasm/lua-pyheap.wasm", "-e", "local t = {} for i = 1, 2000 do t[i] = {i, tostring(i)} end print(#t)"],
      { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(trace, "utf8");
    expect(text).toMatch(/^malloc b\d+ \d+$/m);
    expect(text).toMatch(/^free b\d+$/m);
    expect(text).toMatch(/^realloc b\d+ \d+$/m);
    const w = userTraceWorkload(trace); // parses and validates: every free names a live block
    expect(w.description).toMatch(/ops/);
  });
});

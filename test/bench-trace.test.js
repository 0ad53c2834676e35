// npm run bench -- --trace FILE: the user's own trace, text or binary,
// replayed against the allocators; a malformed one is refused with the line
// (or op) and what is wrong, and nothing is written.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { OpWriter } from "../bench/workloads/ops.js";
import { userTraceWorkload } from "../bench/workloads/user-trace.js";
import { runBench } from "./helpers/bench-run.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** @type {string} */ let dir;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "pyheap-bench-trace-")); });
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const bench = (...args) => spawnSync(process.execPath, ["bench/run.js", ...args], { cwd: ROOT, encoding: "utf8" });
const file = (name, content) => { const f = join(dir, name); writeFileSync(f, content); return f; };

describe("--trace with a malformed file", () => {
  const cases = [
    ["double.txt", "malloc a 100\nfree a\nfree a\n", /double\.txt:3: free of a, which is not live/],
    ["dup.txt", "# c\nmalloc a 1\nmalloc a 2\n", /dup\.txt:3: malloc of a, which is already live/],
    ["neg.txt", "malloc a -5\n", /neg\.txt:1: SIZE "-5" is not a whole number/],
    ["unknown.txt", "\nfoo a 5\n", /unknown\.txt:2: unknown operation "foo"/],
    ["fields.txt", "calloc a 5\n", /fields\.txt:1: calloc takes ID N SIZE, got 2 fields/],
    ["huge.txt", "calloc a 65536 65536\n", /huge\.txt:1: calloc of 65536 x 65536 bytes is 4 GiB or more/],
    ["realloc.txt", "realloc x 5\n", /realloc\.txt:1: realloc of x, which is not live/],
    ["empty.txt", "# only a comment\n\n", /empty\.txt: no operations/],
    ["odd.ops", Buffer.alloc(12), /odd\.ops: 12 bytes is not a whole number of ops/],
    ["notgz.ops.gz", "plain text", /notgz\.ops\.gz: not gzip data/],
  ];
  for (const [name, content, message] of cases) {
    it(`${name}: refused, naming the place and what is wrong`, () => {
      expect(() => userTraceWorkload(file(name, content))).toThrow(message);
    });
  }
  it("a binary trace that frees a block twice names the op", () => {
    const w = new OpWriter();
    const s = w.malloc(16);
    w.free(s);
    w.push(1, s, 0);
    expect(() => userTraceWorkload(file("twice.ops", Buffer.from(w.finish().buffer)))).toThrow(/twice\.ops: op 3 \(free slot 0 size 0\): slot not live/);
  });
  it("npm run bench says it in one line, exits with 2 and writes nothing", () => {
    const out = join(dir, "out-bad");
    const r = bench("--trace", file("bad.txt", "malloc a 1\nfree b\n"), "--out", out);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual(["bench: " + join(dir, "bad.txt") + ":2: free of b, which is not live"]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("--trace with a good file", () => {
  it("replays a text trace and a gzipped binary trace against the allocators", async () => {
    const text = file("mine.txt", "# a tiny program\nmalloc buf 100\ncalloc tbl 4 8\nrealloc buf 4000\nmalloc s 24\nfree tbl\n# s and buf stay live\n");
    const w = new OpWriter();
    const slots = [];
    for (let i = 0; i < 300; i++) slots.push(w.malloc(8 + (i % 40) * 8));
    for (const s of slots) w.free(s);
    const gz = file("mine2.ops.gz", gzipSync(Buffer.from(w.finish().buffer)));
    for (const [trace, name, ops] of [[text, "mine", 7], [gz, "mine2", 600]]) {
      const out = join(dir, `ok-${name}`);
      const r = await runBench(["--quick", "--trace", trace, "--only", "pyheap,dlmalloc-wasi", "--out", out], 100_000);
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      const alloc = JSON.parse(readFileSync(join(out, "report.json"), "utf8")).suites.alloc;
      expect(Object.keys(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).suites)).toEqual(["alloc"]);
      expect(alloc.workloads.map((x) => [x.name, x.kind, x.ops])).toEqual([[name, "user-trace", ops]]);
      for (const a of ["pyheap", "dlmalloc-wasi"]) {
        expect(alloc.results[name][a].correctness.status).toBe("pass");
        expect(alloc.results[name][a].wasm.status).toBe("ok");
      }
      expect(alloc.driverFloor[name].status).toBe("ok");
    }
  }, 120_000);
});

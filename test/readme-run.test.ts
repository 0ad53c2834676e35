// The README's TypeScript blocks run as written, against the packed
// package, and show what their comments say. A statement whose comment
// starts with a value (`heap.is(a, b); // false: two objects`,
// `heap.toJS(l); // [300, 300]`) must return that value; one whose comment
// names a built-in error (`alloc.free(q); // ReferenceError: …`) must throw
// it; a comment of quoted strings (`// "__del__ in A", then "gone"`) lists
// lines the statement prints, in order. Browser blocks (naming `document`)
// are not run here (test/explorer.test.ts drives renderHeapMap in
// Chromium); AssemblyScript ones run in test/linking-docs.test.ts.
// test/readme-types.test.ts type-checks them all.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { blocks } from "./helpers/markdown.js";
import { packedProject, root } from "./helpers/pack.js";

const tsc = join(root, "node_modules/typescript/bin/tsc");
const BUILTIN_ERRORS = ["Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError"];

interface Runnable { name: string; line: number; code: string; prints: string[]; checks: number }

/** The block with its promises turned into checks. */
function instrument(code: string, name: string, line: number): Runnable {
  const prints: string[] = [];
  let checks = 0;
  // line: the opening fence; the block's i-th line is line + 1 + i
  const out = code.split("\n").map((l, i) => {
    const m = /^(.*?;)\s*\/\/ (.*)$/.exec(l);
    if (!m) return l;
    const [, stmt, comment] = m;
    const thrown = /^(\w+Error)\b/.exec(comment);
    if (thrown && BUILTIN_ERRORS.includes(thrown[1])) {
      checks++;
      return `__assert.throws(() => { ${stmt} }, ${thrown[1]});`;
    }
    const value = /^(true|false|-?\d+(?:\.\d+)?|\[[^\]]*\])(?=$|[\s:(,])/.exec(comment);
    const call = /^([\w$.]+\(.*\));$/.exec(stmt.trim());
    if (value && call) {
      try {
        JSON.parse(value[1]);
      } catch {
        return l; // [current, peak]: words, not a value
      }
      checks++;
      return `__assert.deepStrictEqual(${call[1]}, ${value[1]}, ${JSON.stringify(`README.md:${line + 1 + i}: ${stmt.trim()}`)});`;
    }
    const quoted = [...comment.matchAll(/"([^"]*)"/g)].map((q) => q[1]);
    if (/^"/.test(comment) && quoted.length) prints.push(...quoted);
    return l;
  });
  return { name, line, code: `import * as __assert from "node:assert";\n${out.join("\n")}\nexport {};\n`, prints, checks };
}

describe("the README's TypeScript runs and shows what it says", () => {
  let project: string;
  let runnables: Runnable[];

  beforeAll(() => {
    project = packedProject("pyheap-readme-run-");
    symlinkSync(join(root, "node_modules/@types"), join(project, "node_modules/@types"), "dir");
    runnables = blocks(readFileSync(join(root, "README.md"), "utf8"))
      .filter((b) => (b.lang === "ts" || b.lang === "typescript") && !b.code.includes('"pyheap/assembly"') && !/\bdocument\./.test(b.code))
      .map((b) => instrument(b.code, `README_md_${b.line}`, b.line));
    for (const r of runnables) writeFileSync(join(project, `${r.name}.ts`), r.code);
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022", "DOM"], types: ["node"], outDir: "out", skipLibCheck: true },
      files: runnables.map((r) => `${r.name}.ts`),
    }));
    // Emits even if something does not type-check (readme-types says so).
    spawnSync(process.execPath, [tsc, "-p", "."], { cwd: project, encoding: "utf8" });
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("finds the blocks and the promises in their comments", () => {
    expect(runnables.length).toBeGreaterThanOrEqual(4);
    // false, true, [300, 300], 1 (getrefcount), 1 (gc.collect), the double free
    expect(runnables.reduce((n, r) => n + r.checks, 0)).toBeGreaterThanOrEqual(6);
    expect(runnables.flatMap((r) => r.prints).length).toBeGreaterThanOrEqual(2); // "__del__ in A", then "gone"
  });

  it("each block runs to the end, its values and errors as its comments say", () => {
    for (const r of runnables) {
      let stdout: string;
      try {
        stdout = execFileSync(process.execPath, [join("out", `${r.name}.js`)], { cwd: project, encoding: "utf8", stdio: "pipe" });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new Error(`README.md:${r.line}: ${err.message}\n${err.stderr ?? ""}`);
      }
      const lines = stdout.split("\n");
      let at = 0;
      for (const p of r.prints) {
        const i = lines.indexOf(p, at);
        expect(i, `README.md:${r.line}: prints ${JSON.stringify(p)} after ${JSON.stringify(r.prints.slice(0, r.prints.indexOf(p)))}\n${stdout}`).toBeGreaterThanOrEqual(0);
        at = i + 1;
      }
    }
  });

  it("a wrong promise is caught: the checks can fail", () => {
    const r = instrument("const x = [1];\nx.indexOf(1); // 1\n", "wrong", 1);
    writeFileSync(join(project, "wrong.mjs"), r.code);
    const run = spawnSync(process.execPath, ["wrong.mjs"], { cwd: project, encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/README\.md:3: x\.indexOf\(1\);/);
  });
});
